"""``python -m governance``: parse, dispatch to the command's module, one line per error.

Exit codes: 0 no FAIL and no ERROR (PASS, not applicable, WAIVED by an exception, or
NOT_PROVABLE on an emulator: the last two are listed in every output, never counted as
PASS), 1 some FAIL, 2 errors or bad usage (one line ``error: ...`` on stderr), 130
interrupted. ``GOVERNANCE_DEBUG=1`` shows a crash's traceback instead of its one line.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from governance.cli.adopt import run_adopt
from governance.cli.audit import run_audit
from governance.cli.explain import run_explain
from governance.cli.options import EXIT_ERROR, EXIT_INTERRUPTED, UsageError, caller_session
from governance.cli.options import select_controls as select_controls  # tests pick it up here
from governance.cli.organization import run_audit_account, run_organization_audit
from governance.cli.parser import parser
from governance.cli.rollup import run_rollup

# The caller's session opener the commands get from here: one name a test replaces to stand
# an offline session in for every command (monkeypatch governance.cli.main._session).
_session = caller_session


def run(args: argparse.Namespace) -> int:
    """The command ``args`` names, run; its exit code (a UsageError propagates)."""
    if args.command == "explain":
        return run_explain(args)
    if args.command == "audit-account":
        return run_audit_account(args)
    if args.command == "rollup":
        return run_rollup(args)
    if args.command == "adopt":
        return run_adopt(args, open_session=_session)
    if args.organization or args.resume:
        return run_organization_audit(args, open_session=_session)
    return run_audit(args, open_session=_session)


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return run(args)
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as error:  # exit 1 means "some FAIL": any crash is an error (2), one line
        if os.environ.get("GOVERNANCE_DEBUG") == "1":
            raise
        message = " ".join(str(error).split())
        print(f"error: {type(error).__name__}: {message}", file=sys.stderr)
        return EXIT_ERROR
