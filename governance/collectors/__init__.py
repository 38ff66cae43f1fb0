"""The collector's reads, one module per service area; every module here is loaded.

A global reader is ``f(collector, snapshot)``; a regional reader is
``f(collector, snapshot, region)``. Each records its API reads with ``collector.read``
under ``service:Operation`` keys (with ``region=`` for regional ones), which the checks
then ``snapshot.get``.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import Any

GlobalReader = Callable[[Any, Any], None]
RegionalReader = Callable[[Any, Any, str], None]

GLOBAL_READERS: list[GlobalReader] = []
REGIONAL_READERS: list[RegionalReader] = []


def global_reader(function: GlobalReader) -> GlobalReader:
    GLOBAL_READERS.append(function)
    return function


def regional_reader(function: RegionalReader) -> RegionalReader:
    REGIONAL_READERS.append(function)
    return function


for _module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
    importlib.import_module(f"{__name__}.{_module.name}")
