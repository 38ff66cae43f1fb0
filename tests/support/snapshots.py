"""The one way a test changes a read of a hand-built snapshot: :func:`changed`.

Every snapshot builder of tests/unit (snapshots*.py) and every case uses it; a builder never
edits a snapshot it was given, it returns a changed copy.
"""

from __future__ import annotations

import copy
from typing import Any

from governance.model import AccountSnapshot


def changed(snapshot: AccountSnapshot, api: str, change: Any, region: str | None = None, *,
            every_region: bool = False) -> AccountSnapshot:
    """A copy of ``snapshot`` whose ``api`` read is replaced by ``change(data)`` (a function,
    given a copy of the read's data) or by the value ``change``.

    ``region``: the read of that region; None: the global read. ``every_region``: the read
    of each of ``snapshot.regions`` instead (``region`` must then be None).
    """
    if every_region and region is not None:
        raise ValueError("changed(): give a region or every_region, not both")
    result = copy.deepcopy(snapshot)
    for where in (result.regions if every_region else [region]):
        data = copy.deepcopy(result.get(api, where))
        result.record(api, change(data) if callable(change) else change, region=where)
    return result
