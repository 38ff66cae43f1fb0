"""Command line: ``python -m governance audit ...``.

``audit --organization`` audits every ACTIVE account of an AWS Organization (the unit of
work per account is governance.organization.unit.audit_account; ``audit-account`` runs
one unit, e.g. as one container per account; ``rollup DIR`` rebuilds the roll-up from disk).

Exit codes: 0 no FAIL and no ERROR (PASS, not applicable, WAIVED by an exception, or
NOT_PROVABLE on an emulator: the last two are listed in every output, never counted as
PASS), 1 some FAIL, 2 errors or bad usage.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from governance.model import AccountSnapshot, Finding, Status

REGION = re.compile(r"[a-z]{2}(-[a-z]+)+-\d")
FORMATS = ("table", "json", "junit", "markdown", "html", "document")
# --format document: the partner's evidence document, as HTML and as PDF (headless Chromium)
DOCUMENT_FILES = ("evidence-document.html", "evidence.pdf")
EXIT_PASS, EXIT_FAIL, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT), as shells report it


class UsageError(Exception):
    """Bad flags or inputs: reported in one line, exit code 2."""


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m governance",
                                   description="Audit an AWS account's governance baseline.")
    commands = main.add_subparsers(dest="command", required=True)
    audit = commands.add_parser("audit", help="collect an account read-only and check every control")
    source = audit.add_argument_group("where to read")
    source.add_argument("--profile", help="AWS profile of the audited account")
    source.add_argument("--role-arn", help="assume this role in the audited account first")
    source.add_argument("--external-id", help="external id for --role-arn")
    source.add_argument("--regions", help="comma-separated regions (default: the profile's)")
    source.add_argument("--endpoint-url", help="an emulator endpoint such as moto")
    source.add_argument("--from-snapshot", type=Path, help="evaluate a saved snapshot offline")
    source.add_argument("--root-use-window-days", type=int, default=None,
                        help="root used only by exception: no root sign-in or key use within "
                             "this many days (default 90); kept in a saved snapshot")
    out = audit.add_argument_group("what to write")
    out.add_argument("--format", default="table",
                     help=f"comma-separated output formats: {', '.join(FORMATS)}")
    out.add_argument("--output", type=Path, help="directory for file formats (default: stdout)")
    out.add_argument("--save-snapshot", type=Path,
                     help="also write the collected snapshot here (with --controls or "
                          "--framework: only the reads those controls need; other controls "
                          "evaluated from it are ERROR)")
    out.add_argument("--controls", help="comma-separated control ids (default: all)")
    out.add_argument("--exceptions", type=Path,
                     help="TOML or YAML file of exceptions (control or framework item, account, "
                          "resource pattern, reason, owner, expiry): covered FAILs show WAIVED")
    out.add_argument("--framework",
                     help="only controls answering these frameworks or items: cis (the "
                          "newest CIS edition), an edition (cis_aws_v7 ... cis_aws_v3), acct, "
                          "ftr, securityhub, config_rule; an item as KEY:ITEM (cis_aws_v7:2.8, "
                          "cis:2.8) or an id only one framework has (ACCT-001)")
    out.add_argument("--include-organization-controls", action="store_true",
                     help="also run the organization controls (SCPs, organization trail, "
                          "delegated administrators) in an account that manages no "
                          "organization, where they are NOT_APPLICABLE; left out there unless "
                          "--controls or a --framework item names them")
    org = audit.add_argument_group("a whole organization (from the management or a delegated "
                                   "administrator account)")
    org.add_argument("--organization", action="store_true",
                     help="audit every ACTIVE account of the organization; writes "
                          "DIR/accounts/<id>/ and DIR/rollup.{json,md,junit.xml,html}")
    _member_flags(org)
    org.add_argument("--ou", help="comma-separated OU (or root) ids: only accounts in their subtrees")
    org.add_argument("--accounts", type=Path, help="file of account ids to audit, one a line")
    org.add_argument("--exclude", help="comma-separated account ids never to audit")
    org.add_argument("--concurrency", type=int, default=None,
                     help="accounts audited at once by local threads (default: "
                          "governance.organization.run.DEFAULT_CONCURRENCY)")
    org.add_argument("--scheduler", help="tcp://HOST:PORT of a Dask distributed scheduler: "
                                         "one task per account (needs the [dask] extra)")
    org.add_argument("--resume", type=Path, metavar="DIR",
                     help="continue an organization audit in DIR: accounts with a done "
                          "marker are skipped, the others (errored ones too) audited")
    org.add_argument("--account-deadline", type=float, default=None, metavar="SECONDS",
                     help="an account not audited within SECONDS is ERROR \"timed out\" "
                          "(default: governance.organization.unit.DEFAULT_ACCOUNT_DEADLINE)")
    one = commands.add_parser(
        "audit-account", help="one account of an organization audit (the unit of work: a "
                              "container per account runs this), then `rollup DIR`")
    one.add_argument("--account-id", required=True, help="the 12-digit account to audit")
    one.add_argument("--output", type=Path, required=True, help="the organization audit's DIR")
    one.add_argument("--management", action="store_true",
                     help="this is the management account: read with the caller's credentials")
    one.add_argument("--name", default="", help="account name for the roll-up")
    one.add_argument("--ou-path", default="", help="OU path for the roll-up (Root/Workloads)")
    one.add_argument("--profile", help="AWS profile of the caller")
    one.add_argument("--regions", help="comma-separated regions (default: the account's enabled)")
    one.add_argument("--endpoint-url", help="an emulator endpoint such as moto")
    one.add_argument("--controls", help="comma-separated control ids (default: all)")
    one.add_argument("--exceptions", type=Path, help="TOML or YAML file of exceptions")
    _member_flags(one)
    _adopt_parser(commands)
    rollup = commands.add_parser("rollup", help="(re)build DIR/rollup.* from DIR/accounts/*")
    rollup.add_argument("directory", type=Path, help="the organization audit's DIR")
    return main


def _adopt_parser(commands: Any) -> None:
    adopt = commands.add_parser(
        "adopt", help="read an existing account and write the import blocks, the kept names "
                      "and a change report that adopt its singletons into the baseline")
    adopt.add_argument("--root", type=Path, required=True,
                       help="the Terraform root module that calls the baseline (e.g. "
                            "terraform/examples/complete): adopt.tf and adopt.auto.tfvars go here")
    adopt.add_argument("--output", type=Path, default=Path("build/adopt"),
                       help="directory for adoption-report.{json,md,html} and offboard.tf "
                            "(default build/adopt)")
    adopt.add_argument("--format", default="json,markdown,html",
                       help="comma-separated report formats: json, markdown, html")
    adopt.add_argument("--accept-weakening", action="append", default=[], metavar="ITEM",
                       help="accept one weakening change of the report by its id (repeat, or "
                            "comma-separate); any other weakening still blocks the apply")
    adopt.add_argument("--adopt-trail", metavar="NAME",
                       help="adopt this existing trail of the account as the baseline's trail "
                            "(default: the customer's trails are kept untouched)")
    adopt.add_argument("--terraform", help="terraform executable (default: TERRAFORM_BINARY "
                                           "or terraform on PATH)")
    source = adopt.add_argument_group("where to read (as audit)")
    source.add_argument("--profile", help="AWS profile of the account")
    source.add_argument("--role-arn", help="assume this role in the account first (read-only "
                                           "session policies)")
    source.add_argument("--external-id", help="external id for --role-arn")
    source.add_argument("--regions", help="comma-separated regions the root module must govern "
                                          "(default: those it plans)")
    source.add_argument("--endpoint-url", help="an emulator endpoint such as moto")
    org = adopt.add_argument_group("a member account of an organization")
    org.add_argument("--organization", action="store_true",
                     help="read the member --account-id through --member-role (the root "
                          "module's own provider reaches the member, e.g. "
                          "terraform/examples/organization/member)")
    org.add_argument("--account-id", help="the 12-digit member account (with --organization)")
    _member_flags(org)


def _member_flags(group: Any) -> None:
    group.add_argument("--member-role", default="OrganizationAccountAccessRole",
                       help="role assumed in each member account "
                            "(default: OrganizationAccountAccessRole)")
    group.add_argument("--member-external-id", dest="member_external_id",
                       help="external id for --member-role (else --external-id)")


def exit_code(findings: Sequence[Finding]) -> int:
    statuses = {finding.status for finding in findings}
    if Status.ERROR in statuses:
        return EXIT_ERROR
    return EXIT_FAIL if Status.FAIL in statuses else EXIT_PASS


def _csv(value: str | None) -> list[str] | None:
    return [item.strip() for item in value.split(",") if item.strip()] if value else None


def select_controls(control_ids: list[str] | None, framework_filters: list[str] | None) -> list[str]:
    """Catalog ids to evaluate: the named controls, and/or those answering a framework
    (``cis``: the newest CIS edition; an edition key such as cis_aws_v3; acct, securityhub,
    config_rule, ftr), an item of one (``cis_aws_v7:2.8``, ``cis:2.8``) or an item id only one
    framework has (ACCT-001, IAM.7); governance.verdicts.parse_framework_filter reads each."""
    from governance.catalog import catalog
    from governance.verdicts import FrameworkKeyError, parse_framework_filter

    selected = list(catalog())
    if control_ids:
        missing = sorted(set(control_ids) - set(catalog()))
        if missing:
            raise UsageError(f"unknown control id(s): {', '.join(missing)}")
        selected = [c for c in selected if c in control_ids]
    if framework_filters:
        try:
            wanted = [parse_framework_filter(text) for text in framework_filters]
        except FrameworkKeyError as error:
            raise UsageError(f"--framework: {error}") from error
        answering = {control.id for control in catalog().values()
                     for key, item in control.frameworks.items()
                     if (key, "") in wanted or (key, item) in wanted}
        if not answering:
            raise UsageError(f"no control answers --framework {', '.join(framework_filters)}")
        selected = [c for c in selected if c in answering]
    return selected


def _session(args: argparse.Namespace) -> Any:
    from governance.session import SessionError, open_session

    try:
        return open_session(args.profile, args.role_arn, args.external_id, args.endpoint_url)
    except SessionError as error:
        raise UsageError(str(error)) from error


def run_audit(args: argparse.Namespace) -> int:
    from governance.checks import evaluate

    stray = [f"--{name}" for name in ORG_ONLY_FLAGS if getattr(args, name, None) is not None]
    if stray:
        raise UsageError(f"{', '.join(stray)} need --organization")

    formats = _csv(args.format) or ["table"]
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise UsageError(f"unknown --format {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
    if args.output is None and len(formats) > 1:
        raise UsageError("several --format values need --output DIR")
    if "document" in formats:
        _check_document(args.output)
    if args.output is not None:
        try:
            args.output.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise UsageError(f"cannot write to --output {args.output}: {error}") from error
    if args.root_use_window_days is not None and not 1 <= args.root_use_window_days <= 3650:
        raise UsageError("--root-use-window-days must be 1 to 3650")
    regions = _csv(args.regions) or []
    bad_regions = [r for r in regions if not REGION.fullmatch(r)]
    if bad_regions:
        raise UsageError(f"not a region name: {', '.join(bad_regions)} (e.g. us-east-1)")
    controls = select_controls(_csv(args.controls), _csv(args.framework))
    waivers, expired = _exceptions(args.exceptions)
    if args.from_snapshot:
        try:
            snapshot = AccountSnapshot.from_dict(json.loads(args.from_snapshot.read_text()))
        except json.JSONDecodeError as error:
            raise UsageError(f"cannot read snapshot {args.from_snapshot}: not JSON (truncated "
                             f"or corrupt?): {error}") from error
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise UsageError(f"cannot read snapshot {args.from_snapshot}: {error}") from error
    else:
        snapshot = _collect(args, controls)
    if args.root_use_window_days is not None:
        from governance.checks.root import SETTINGS_API

        settings = dict(snapshot.get(SETTINGS_API) or {}) if SETTINGS_API in snapshot.reads else {}
        snapshot.record(SETTINGS_API, {**settings,
                                       "root_use_window_days": args.root_use_window_days})
    if args.save_snapshot:
        args.save_snapshot.write_text(json.dumps(snapshot.to_dict(), indent=2))
    from governance.exceptions import apply_control_waivers
    from governance.selection import asked_for, single_account_controls

    controls = single_account_controls(
        controls, snapshot, asked=asked_for(_csv(args.controls), _csv(args.framework)),
        include=args.include_organization_controls)
    findings = apply_control_waivers(evaluate(snapshot, controls), waivers, snapshot.account_id)
    for waiver in expired:
        print(f"warning: exception for {waiver.target} ({waiver.resource}) expired on "
              f"{waiver.expires.isoformat()}: ignored", file=sys.stderr)
    _write(findings, snapshot, formats, args.output, waivers=waivers, expired=expired)
    return exit_code(findings)


ORG_ONLY_FLAGS = ("ou", "accounts", "exclude", "concurrency", "scheduler", "account_deadline")


def _org_settings(args: argparse.Namespace, output: Path, caller_account_id: str,
                  home_region: str) -> dict[str, Any]:
    """The plain settings every unit of work gets (picklable: sent to Dask workers)."""
    return {
        "output": str(output.resolve()),
        "member_role": args.member_role,
        "external_id": args.member_external_id or getattr(args, "external_id", None),
        "profile": args.profile,
        "endpoint_url": args.endpoint_url,
        "regions": _csv(args.regions),
        "home_region": home_region,
        "controls": select_controls(_csv(args.controls), _csv(getattr(args, "framework", None))),
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
    regions = _csv(args.regions) or []
    bad_regions = [r for r in regions if not REGION.fullmatch(r)]
    if bad_regions:
        raise UsageError(f"not a region name: {', '.join(bad_regions)} (e.g. us-east-1)")
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"cannot write to {output}: {error}") from error
    return output


def run_organization_audit(args: argparse.Namespace, *, scheduler: Any = None) -> int:
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
    _exceptions(args.exceptions)  # a bad exceptions file stops the run before any account
    # --format document: each account's evidence.pdf and rollup.pdf (Chromium found first)
    document_pdf = "document" in (_csv(args.format) or [])
    if document_pdf:
        from governance.report.pdf import ChromiumMissing, find_chromium

        try:
            find_chromium()
        except ChromiumMissing as error:
            raise UsageError(str(error)) from error
    try:
        from governance.organization.accounts import list_organization

        ids = read_account_file(args.accounts) if args.accounts else []
        session = _session(args)
        organization = list_organization(session, endpoint_url=args.endpoint_url,
                                         ous=_csv(args.ou) or [], account_ids=ids,
                                         exclude=_csv(args.exclude) or [])
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
    from governance.organization.accounts import ACCOUNT_ID
    from governance.organization.unit import audit_account

    if not ACCOUNT_ID.fullmatch(args.account_id):
        raise UsageError(f"--account-id {args.account_id!r} is not a 12-digit account id")
    _exceptions(args.exceptions)
    caller = args.account_id if args.management else ""
    settings = _org_settings(args, args.output, caller, "us-east-1")
    settings["home_region"] = None
    account = {"account_id": args.account_id, "name": args.name, "email": "",
               "ou_path": args.ou_path, "role": "management" if args.management else "member"}
    summary = audit_account(account, settings)
    print(json.dumps({key: summary[key] for key in
                      ("account_id", "outcome", "error", "worst", "counts")}))
    return {"ERROR": EXIT_ERROR, "FAIL": EXIT_FAIL}.get(summary["worst"], EXIT_PASS)


ADOPT_FORMATS = ("json", "markdown", "html")
ACCOUNT_ID = re.compile(r"\d{12}")


def run_adopt(args: argparse.Namespace) -> int:
    """python -m governance adopt: 0 adopted (no unaccepted weakening), 1 a weakening change
    awaits acceptance (the apply is blocked), 2 refused, bad input or a failed read/plan."""
    from governance.adopt.run import AdoptError, AdoptSettings, adopt
    from governance.adopt.terraform import TerraformFailed, find_terraform
    from governance.collect import Collector

    root = args.root
    if not root.is_dir() or not any(root.glob("*.tf")):
        raise UsageError(f"--root {root}: not a Terraform root module (no *.tf files)")
    formats = _csv(args.format) or list(ADOPT_FORMATS)
    unknown = sorted(set(formats) - set(ADOPT_FORMATS))
    if unknown:
        raise UsageError(f"unknown --format {', '.join(unknown)}; choose from "
                         f"{', '.join(ADOPT_FORMATS)}")
    regions = _csv(args.regions) or []
    bad_regions = [r for r in regions if not REGION.fullmatch(r)]
    if bad_regions:
        raise UsageError(f"not a region name: {', '.join(bad_regions)} (e.g. us-east-1)")
    accepted = frozenset(item for value in args.accept_weakening for item in _csv(value) or [])
    caller = None  # a member account: the caller's own session, which the plan runs with
    if args.organization:
        if not args.account_id or not ACCOUNT_ID.fullmatch(args.account_id):
            raise UsageError("--organization needs --account-id, the 12-digit member account")
        if args.role_arn:
            raise UsageError("--role-arn and --organization exclude each other: the member "
                             "is read through --member-role")
        caller = _session(argparse.Namespace(**{**vars(args), "role_arn": None}))
        args.role_arn = (f"arn:{_partition_of(caller, args.endpoint_url)}:iam::"
                         f"{args.account_id}:role/{args.member_role}")
        args.external_id = args.member_external_id or args.external_id
    elif args.account_id:
        raise UsageError("--account-id needs --organization")
    try:
        terraform = find_terraform(args.terraform)
    except TerraformFailed as error:
        raise UsageError(str(error)) from error
    try:
        args.output.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"cannot write to --output {args.output}: {error}") from error
    session = _session(args)
    proxies = {"http": args.endpoint_url} if args.endpoint_url else None
    collector = Collector(session, endpoint_url=args.endpoint_url, proxies=proxies)
    settings = AdoptSettings(root=root, output=args.output, terraform=terraform,
                             formats=tuple(formats), accept_weakening=accepted,
                             adopt_trail=args.adopt_trail, regions=tuple(regions),
                             endpoint_url=args.endpoint_url,
                             terraform_env=_credential_keys(caller or session))
    try:
        return adopt(collector, settings)
    except AdoptError as error:
        raise UsageError(str(error)) from error


def _partition_of(session: Any, endpoint_url: str | None) -> str:
    """aws, aws-us-gov or aws-cn: the caller's own, for the member role's ARN."""
    from botocore.exceptions import BotoCoreError, ClientError

    from governance.session import client_config

    try:
        arn = session.client("sts", endpoint_url=endpoint_url, config=client_config(
        )).get_caller_identity()["Arn"]
    except (BotoCoreError, ClientError) as error:
        raise UsageError(f"cannot identify the caller (sts:GetCallerIdentity): {error}") \
            from error
    return str(arn).split(":")[1]


def _credential_keys(session: Any) -> dict[str, str]:
    """The credentials the plan reads with, as keys (never a profile the environment could
    swap): the caller's own for a member account (the member root module's provider assumes
    the member role itself), else the reads' session, so a --role-arn plan carries the same
    read-only session policies as the reads."""
    credentials = session.get_credentials()
    if credentials is None:
        raise UsageError("no AWS credentials: give --profile or set them in the environment")
    frozen = credentials.get_frozen_credentials()
    return {"AWS_ACCESS_KEY_ID": frozen.access_key, "AWS_SECRET_ACCESS_KEY": frozen.secret_key,
            "AWS_SESSION_TOKEN": frozen.token or ""}


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


def _exceptions(path: Path | None) -> tuple[list[Any], list[Any]]:
    """(exceptions in force, expired ones) of --exceptions; a bad file is a UsageError."""
    if path is None:
        return [], []
    from datetime import UTC, datetime

    from governance.exceptions import ExceptionsError, load_exceptions, split_expired

    try:
        return split_expired(load_exceptions(path), datetime.now(UTC).date())
    except ExceptionsError as error:
        raise UsageError(str(error)) from error


def _collect(args: argparse.Namespace, controls: list[str]) -> AccountSnapshot:
    """Read the account: with a selection (``controls`` short of the catalog) only the
    collector modules those controls' checks need (governance/selection.py)."""
    from botocore.exceptions import BotoCoreError, ClientError

    from governance.collect import Collector

    session = _session(args)
    proxies = {"http": args.endpoint_url} if args.endpoint_url else None
    collector = Collector(session, regions=_csv(args.regions), endpoint_url=args.endpoint_url,
                          proxies=proxies, controls=controls)
    try:
        return collector.collect()
    except (BotoCoreError, ClientError) as error:
        raise UsageError(f"cannot identify the audited account (sts:GetCallerIdentity): {error}") \
            from error


def _check_document(output: Path | None) -> None:
    """--format document writes two files (HTML and PDF) and prints with Chromium: both are
    checked before anything is read or written."""
    from governance.report.pdf import ChromiumMissing, find_chromium

    if output is None:
        raise UsageError(f"--format document needs --output DIR (it writes "
                         f"{' and '.join(DOCUMENT_FILES)})")
    try:
        find_chromium()
    except ChromiumMissing as error:
        raise UsageError(f"--format document: {error}") from error


def _write(findings: list[Finding], snapshot: AccountSnapshot, formats: list[str],
           output: Path | None, *, waivers: Sequence[Any] = (), expired: Sequence[Any] = ()) -> None:
    from governance.report.document import render_document
    from governance.report.evidence import render_html, render_markdown
    from governance.report.json_report import render_json
    from governance.report.junit import render_junit
    from governance.report.table import render_table

    renderers = {
        "table": (lambda found, snap, *, waivers, expired: render_table(
            found, waivers=waivers, account_id=snap.account_id,
            api_retries=snap.api_retries), "findings.txt"),
        "json": (render_json, "findings.json"),
        "junit": (render_junit, "findings.junit.xml"),
        "markdown": (render_markdown, "evidence.md"),
        "html": (render_html, "evidence.html"),
        "document": (render_document, DOCUMENT_FILES[0]),
    }
    for name in formats:
        render, filename = renderers[name]
        text = render(findings, snapshot, waivers=waivers, expired=expired)
        if output:
            (output / filename).write_text(text)
            print(f"wrote {output / filename}", file=sys.stderr)
        if name == "document" and output:
            _print_document(output / filename, output / DOCUMENT_FILES[1])
        if name == "table" or output is None:
            print(text)


def _print_document(html: Path, pdf: Path) -> None:
    from governance.report.pdf import ChromiumMissing, PrintFailed, print_pdf

    try:
        print_pdf(html, pdf)
    except (ChromiumMissing, PrintFailed) as error:
        raise UsageError(f"--format document: {error}") from error
    print(f"wrote {pdf}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        if args.command == "audit-account":
            return run_audit_account(args)
        if args.command == "rollup":
            return run_rollup(args)
        if args.command == "adopt":
            return run_adopt(args)
        if args.organization or args.resume:
            return run_organization_audit(args)
        return run_audit(args)
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # exit 1 means "some FAIL": any crash is an error (2), one line
        if os.environ.get("GOVERNANCE_DEBUG") == "1":
            raise
        message = " ".join(str(error).split())
        print(f"error: {type(error).__name__}: {message}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
