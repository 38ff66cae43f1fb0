"""Moved to harness/seeds/logging_stack.py; this name stays for the modules that still import
it (tests/seeded/test_faults.py, tests/seeded/test_collector_selection.py)."""

from __future__ import annotations

from harness.seeds.logging_stack import (  # noqa: F401  (re-exported)
    GROUP,
    TRAIL,
    Break,
    bucket_names,
    seed_alerts,
    seed_config,
    seed_stack,
    seed_storage,
    seed_trail,
    without_event,
)
