"""Helpers shared by the test tiers: code that tests use, never a test itself.

Nothing here is collected by pytest (no ``test_*`` module). ``snapshots``: the one way a test
changes a read of a hand-built snapshot; ``verdicts``: the PASS/FAIL tests every unit check
bundle binds; ``control_reads``: the generator of governance/catalog/data/control-reads.json
from the unit cases; ``html_tree``: an element tree of a report page for assertions;
``ledger``: see its own docstring.
"""
