"""``python -m governance audit``: one account, live (read-only) or from a saved snapshot.

The flags are checked first (a bad one is one line, exit 2, before any read); then the
audit runs governance/audit.py's pipeline: collect (or ``--from-snapshot``), evaluate,
waive, write. Exit 0 no FAIL and no ERROR, 1 some FAIL, 2 some ERROR.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from governance import audit as pipeline
from governance.cli.options import (
    EXIT_ERROR,
    EXIT_FAIL,
    EXIT_PASS,
    ORG_ONLY_FLAGS,
    SessionOpener,
    UsageError,
    caller_session,
    check_chromium,
    check_regions,
    csv,
    load_waivers,
    make_output,
    select_controls,
)
from governance.model import AccountSnapshot, Finding, Status

# --format document: the partner's evidence document, as HTML and as PDF (headless Chromium)
DOCUMENT_FILES = (pipeline.FILES["document"], pipeline.PDF_FILE)


def exit_code(findings: Sequence[Finding]) -> int:
    """2 with an ERROR finding, else 1 with a FAIL, else 0."""
    statuses = {finding.status for finding in findings}
    if Status.ERROR in statuses:
        return EXIT_ERROR
    return EXIT_FAIL if Status.FAIL in statuses else EXIT_PASS


def _check_formats(args: argparse.Namespace) -> list[str]:
    """The ``--format`` values, checked with ``--output`` (and Chromium for the document)."""
    formats = csv(args.format) or ["table"]
    unknown = sorted(set(formats) - set(pipeline.FORMATS))
    if unknown:
        raise UsageError(f"unknown --format {', '.join(unknown)}; choose from "
                         f"{', '.join(pipeline.FORMATS)}")
    if args.output is None and len(formats) > 1:
        raise UsageError("several --format values need --output DIR")
    if "document" in formats:
        # two files (HTML and PDF), printed with Chromium: both checked before any read
        if args.output is None:
            raise UsageError(f"--format document needs --output DIR (it writes "
                             f"{' and '.join(DOCUMENT_FILES)})")
        check_chromium("--format document: ")
    return formats


def _read_snapshot(args: argparse.Namespace, controls: list[str],
                   open_session: SessionOpener) -> AccountSnapshot:
    """``--from-snapshot``'s snapshot, or the account read: with a selection (``controls``
    short of the catalog) only the collector modules those controls' checks need."""
    if args.from_snapshot:
        try:
            return AccountSnapshot.from_dict(json.loads(args.from_snapshot.read_text()))
        except json.JSONDecodeError as error:
            raise UsageError(f"cannot read snapshot {args.from_snapshot}: not JSON (truncated "
                             f"or corrupt?): {error}") from error
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise UsageError(f"cannot read snapshot {args.from_snapshot}: {error}") from error
    from botocore.exceptions import BotoCoreError, ClientError

    session = open_session(args)
    try:
        return pipeline.collect(session, regions=csv(args.regions),
                                endpoint_url=args.endpoint_url, controls=controls)
    except (BotoCoreError, ClientError) as error:
        raise UsageError(f"cannot identify the audited account (sts:GetCallerIdentity): {error}") \
            from error


def _record_root_use_window(snapshot: AccountSnapshot, days: int) -> None:
    """``--root-use-window-days`` into the snapshot's settings (kept in a saved snapshot)."""
    from governance.checks.root import SETTINGS_API

    settings: dict[str, Any] = dict(snapshot.get(SETTINGS_API) or {}) \
        if SETTINGS_API in snapshot.reads else {}
    snapshot.record(SETTINGS_API, {**settings, "root_use_window_days": days})


def run_audit(args: argparse.Namespace, *, open_session: SessionOpener = caller_session) -> int:
    """One account: check the flags, read, evaluate, waive, write; the exit code."""
    stray = [f"--{name}" for name in ORG_ONLY_FLAGS if getattr(args, name, None) is not None]
    if stray:
        raise UsageError(f"{', '.join(stray)} need --organization")
    formats = _check_formats(args)
    if args.output is not None:
        make_output(args.output, f"--output {args.output}")
    if args.root_use_window_days is not None and not 1 <= args.root_use_window_days <= 3650:
        raise UsageError("--root-use-window-days must be 1 to 3650")
    check_regions(args.regions)
    controls = select_controls(csv(args.controls), csv(args.framework))
    waivers = load_waivers(args.exceptions)
    snapshot = _read_snapshot(args, controls, open_session)
    if args.root_use_window_days is not None:
        _record_root_use_window(snapshot, args.root_use_window_days)
    if args.save_snapshot:
        args.save_snapshot.write_text(json.dumps(snapshot.to_dict(), indent=2))
    from governance.report.pdf import ChromiumMissing, PrintFailed
    from governance.selection import asked_for

    for waiver in waivers.expired:
        print(f"warning: exception for {waiver.target} ({waiver.resource}) expired on "
              f"{waiver.expires.isoformat()}: ignored", file=sys.stderr)

    def show(fmt: str, text: str) -> None:
        if fmt == "table" or args.output is None:
            print(text)

    try:
        result = pipeline.run(
            snapshot, controls=controls, waivers=waivers, formats=formats, output=args.output,
            single_account=True, asked=asked_for(csv(args.controls), csv(args.framework)),
            include_organization_controls=args.include_organization_controls, pdf=True,
            on_file=lambda path: print(f"wrote {path}", file=sys.stderr), on_text=show)
    except (ChromiumMissing, PrintFailed) as error:
        raise UsageError(f"--format document: {error}") from error
    return exit_code(result.findings)
