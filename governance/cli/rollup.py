"""``python -m governance rollup DIR``: the organization's roll-up rebuilt from what is on disk.

After a map of containers each ran ``audit-account`` into DIR: the accounts of the run
(DIR/expected.json) with their summaries; an account without one is ERROR.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from typing import Any

from governance.cli.options import UsageError


def run_rollup(args: argparse.Namespace) -> int:
    """Rebuild DIR/rollup.* from DIR/accounts/*/summary.json (after a map of containers)."""
    from governance.organization.rollup import EXPECTED, build_rollup, read_expected, write_rollup
    from governance.organization.rollup import exit_code as rollup_exit_code

    if not (args.directory / "accounts").is_dir():
        raise UsageError(f"{args.directory}: no organization audit there (no accounts/)")
    try:
        expected = read_expected(args.directory)
    except (OSError, ValueError) as error:
        raise UsageError(f"cannot read {args.directory / EXPECTED}: {error}") from error
    previous: dict[str, Any] = {}
    with contextlib.suppress(OSError, ValueError):
        previous = json.loads((args.directory / "rollup.json").read_text())
    if expected is not None:  # the run's accounts: one without a summary is ERROR
        rollup = build_rollup(args.directory, organization=expected.get("organization") or {},
                              regions=expected.get("regions") or [],
                              account_ids=[a["account_id"] for a in expected["accounts"]],
                              expected=expected["accounts"])
    else:  # units run one by one (audit-account): the accounts found on disk
        print(f"warning: no {EXPECTED} in {args.directory}: the roll-up covers the accounts "
              "found under accounts/", file=sys.stderr)
        rollup = build_rollup(args.directory, organization=previous.get("organization", {}),
                              regions=previous.get("regions", []))
    write_rollup(args.directory, rollup)
    return rollup_exit_code(rollup)

