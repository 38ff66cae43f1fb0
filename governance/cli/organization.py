"""``python -m governance audit --organization`` (or ``--resume DIR``) and ``audit-account``.

The organization audit lists the ACTIVE accounts (governance/organization/accounts.py), runs
one unit of work per account (governance.organization.unit.audit_account, by local threads or
a Dask scheduler: governance/organization/run.py) and writes the roll-up from what the units
wrote (governance/organization/rollup.py). ``audit-account`` runs one unit alone, as one
container per account does; ``rollup DIR`` (governance/cli/rollup.py) then builds the roll-up.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from governance.cli.options import (
    ACCOUNT_ID,
    EXIT_ERROR,
    EXIT_FAIL,
    EXIT_INTERRUPTED,
    EXIT_PASS,
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


def _org_settings(args: argparse.Namespace, output: Path, caller_account_id: str,
                  home_region: str) -> dict[str, Any]:
    """The plain settings every unit of work gets (picklable: sent to Dask workers)."""
    return {
        "output": str(output.resolve()),
        "member_role": args.member_role,
        "external_id": args.member_external_id or getattr(args, "external_id", None),
        "profile": args.profile,
        "endpoint_url": args.endpoint_url,
        "regions": csv(args.regions),
        "home_region": home_region,
        "controls": select_controls(csv(args.controls), csv(getattr(args, "framework", None))),
        "exceptions": str(args.exceptions.resolve()) if args.exceptions else None,
        "caller_account_id": caller_account_id,
        "partition": "aws",
        "account_deadline": getattr(args, "account_deadline", None),
    }


def _check_org_flags(args: argparse.Namespace) -> Path:
    """The organization audit's output directory; bad flags are a UsageError."""
    if args.resume and args.output and args.output.resolve() != args.resume.resolve():
        raise UsageError("--resume DIR continues the audit in DIR: drop --output or give the same DIR")
    output = args.resume or args.output
    if output is None:
        raise UsageError("--organization needs --output DIR (or --resume DIR)")
    if args.resume and not (args.resume / "accounts").is_dir():
        raise UsageError(f"--resume {args.resume}: no organization audit there (no accounts/)")
    if args.from_snapshot or args.save_snapshot:
        raise UsageError("--from-snapshot and --save-snapshot are for one account, not --organization")
    if args.role_arn:
        raise UsageError("--organization runs as the management or delegated administrator "
                         "account itself: use --profile, not --role-arn")
    if args.concurrency is not None and not 1 <= args.concurrency <= 256:
        raise UsageError("--concurrency must be 1 to 256")
    if args.account_deadline is not None and not 1 <= args.account_deadline <= 86400:
        raise UsageError("--account-deadline must be 1 to 86400 seconds")
    if args.concurrency is not None and args.scheduler:
        raise UsageError("--concurrency is for local threads; a --scheduler's workers set theirs")
    if args.scheduler and not re.fullmatch(r"(tcp|tls|inproc)://[^\s/]+(:\d+)?", args.scheduler):
        raise UsageError(f"--scheduler {args.scheduler}: expected tcp://HOST:PORT")
    check_regions(args.regions)
    make_output(output, str(output))
    return output


def run_organization_audit(args: argparse.Namespace, *, scheduler: Any = None,
                           open_session: SessionOpener = caller_session) -> int:
    """Every ACTIVE account of the organization, one unit of work each, then the roll-up.
    ``scheduler``: an in-process ``distributed.Client`` (tests); else ``--scheduler``."""
    import uuid

    from governance.organization.accounts import OrganizationError, read_account_file
    from governance.organization.rollup import build_rollup, write_expected, write_rollup
    from governance.organization.rollup import exit_code as rollup_exit_code
    from governance.organization.run import run_accounts
    from governance.organization.unit import is_done, settings_fingerprint

    if not args.organization and args.resume is None:
        raise UsageError("--organization flags need --organization")
    output = _check_org_flags(args)
    load_waivers(args.exceptions)  # a bad exceptions file stops the run before any account
    # --format document: each account's evidence.pdf and rollup.pdf (Chromium found first)
    document_pdf = "document" in (csv(args.format) or [])
    if document_pdf:
        check_chromium("")
    try:
        from governance.organization.accounts import list_organization

        ids = read_account_file(args.accounts) if args.accounts else []
        session = open_session(args)
        organization = list_organization(session, endpoint_url=args.endpoint_url,
                                         ous=csv(args.ou) or [], account_ids=ids,
                                         exclude=csv(args.exclude) or [])
    except OrganizationError as error:
        raise UsageError(str(error)) from error
    if not organization.accounts:
        raise UsageError(f"no ACTIVE account of organization {organization.id} matches")
    settings = _org_settings(args, output, organization.caller_account_id,
                             session.region_name or "us-east-1")
    settings["document_pdf"] = document_pdf
    accounts = [account.to_dict() for account in organization.accounts]
    # --resume skips an account done under these settings; one audited under others (regions,
    # controls, exceptions, member role...) is audited again.
    fingerprint = settings_fingerprint(settings)
    pending = [a for a in accounts
               if not (args.resume and is_done(output, a["account_id"], fingerprint))]
    if args.resume:
        print(f"resume: {len(accounts) - len(pending)} of {len(accounts)} accounts already "
              "done, skipped", file=sys.stderr)
    about = {"id": organization.id, "management_account_id": organization.management_account_id}
    run_id = uuid.uuid4().hex
    try:
        write_expected(output, accounts, organization=about, regions=settings["regions"] or [],
                       run_id=run_id)
        interrupted = run_accounts(pending, settings, concurrency=args.concurrency,
                                   scheduler=scheduler or args.scheduler, run_id=run_id)
    except (RuntimeError, OSError) as error:
        raise UsageError(str(error)) from error
    rollup = build_rollup(output, organization=about, regions=settings["regions"] or [],
                          account_ids=[a["account_id"] for a in accounts], expected=accounts)
    write_rollup(output, rollup, pdf=document_pdf)
    if interrupted:
        print(f"interrupted: the accounts not audited are ERROR \"interrupted\" in the roll-up; "
              f"continue with --resume {output}", file=sys.stderr)
        return EXIT_INTERRUPTED
    return rollup_exit_code(rollup)


def run_audit_account(args: argparse.Namespace) -> int:
    """One unit of work, as a container per account runs it; prints the summary (JSON)."""
    from governance.organization.unit import audit_account

    if not ACCOUNT_ID.fullmatch(args.account_id):
        raise UsageError(f"--account-id {args.account_id!r} is not a 12-digit account id")
    load_waivers(args.exceptions)
    caller = args.account_id if args.management else ""
    settings = _org_settings(args, args.output, caller, "us-east-1")
    settings["home_region"] = None
    account = {"account_id": args.account_id, "name": args.name, "email": "",
               "ou_path": args.ou_path, "role": "management" if args.management else "member"}
    summary = audit_account(account, settings)
    print(json.dumps({key: summary[key] for key in
                      ("account_id", "outcome", "error", "worst", "counts")}))
    return {"ERROR": EXIT_ERROR, "FAIL": EXIT_FAIL}.get(summary["worst"], EXIT_PASS)

