"""Moved to harness/moto/speed.py (installed by ``harness.moto.install()``): a re-export shim.

The importers outside harness/ still use this name; import from ``harness.moto.speed``.
"""

from __future__ import annotations

from harness.moto.speed import account_id_from, install

__all__ = ["account_id_from", "install"]
