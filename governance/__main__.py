"""Command line: ``python -m governance audit ...``.

Exit codes: 0 no FAIL and no ERROR (PASS, not applicable, WAIVED by an exception, or
NOT_PROVABLE on an emulator: the last two are listed in every output, never counted as
PASS), 1 some FAIL, 2 errors or bad usage.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from governance.model import AccountSnapshot, Finding, Status

REGION = re.compile(r"[a-z]{2}(-[a-z]+)+-\d")
FORMATS = ("table", "json", "junit", "markdown", "html")
EXIT_PASS, EXIT_FAIL, EXIT_ERROR = 0, 1, 2


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
    out.add_argument("--save-snapshot", type=Path, help="also write the collected snapshot here")
    out.add_argument("--controls", help="comma-separated control ids (default: all)")
    out.add_argument("--exceptions", type=Path,
                     help="TOML or YAML file of exceptions (control or framework item, account, "
                          "resource pattern, reason, owner, expiry): covered FAILs show WAIVED")
    out.add_argument("--framework",
                     help="only controls answering these framework keys or items "
                          "(e.g. cis_aws_v3, ACCT-001, 1.8)")
    return main


def exit_code(findings: Sequence[Finding]) -> int:
    statuses = {finding.status for finding in findings}
    if Status.ERROR in statuses:
        return EXIT_ERROR
    return EXIT_FAIL if Status.FAIL in statuses else EXIT_PASS


def _csv(value: str | None) -> list[str] | None:
    return [item.strip() for item in value.split(",") if item.strip()] if value else None


def select_controls(control_ids: list[str] | None, framework_filters: list[str] | None) -> list[str]:
    """Catalog ids to evaluate: the named controls, and/or those answering a framework key
    (acct, cis_aws_v3, securityhub, config_rule, ftr) or item (ACCT-001, 1.8, IAM.7, ...)."""
    from governance.catalog import catalog

    selected = list(catalog())
    if control_ids:
        missing = sorted(set(control_ids) - set(catalog()))
        if missing:
            raise UsageError(f"unknown control id(s): {', '.join(missing)}")
        selected = [c for c in selected if c in control_ids]
    if framework_filters:
        answering = {control.id for control in catalog().values()
                     for key, item in control.frameworks.items()
                     if key in framework_filters or item in framework_filters}
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

    formats = _csv(args.format) or ["table"]
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise UsageError(f"unknown --format {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
    if args.output is None and len(formats) > 1:
        raise UsageError("several --format values need --output DIR")
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
        snapshot = _collect(args)
    if args.root_use_window_days is not None:
        from governance.checks.root import SETTINGS_API

        settings = dict(snapshot.get(SETTINGS_API) or {}) if SETTINGS_API in snapshot.reads else {}
        snapshot.record(SETTINGS_API, {**settings,
                                       "root_use_window_days": args.root_use_window_days})
    if args.save_snapshot:
        args.save_snapshot.write_text(json.dumps(snapshot.to_dict(), indent=2))
    from governance.exceptions import apply_control_waivers

    findings = apply_control_waivers(evaluate(snapshot, controls), waivers, snapshot.account_id)
    for waiver in expired:
        print(f"warning: exception for {waiver.target} ({waiver.resource}) expired on "
              f"{waiver.expires.isoformat()}: ignored", file=sys.stderr)
    _write(findings, snapshot, formats, args.output, waivers=waivers, expired=expired)
    return exit_code(findings)


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


def _collect(args: argparse.Namespace) -> AccountSnapshot:
    from botocore.exceptions import BotoCoreError, ClientError

    from governance.collect import Collector

    session = _session(args)
    proxies = {"http": args.endpoint_url} if args.endpoint_url else None
    collector = Collector(session, regions=_csv(args.regions), endpoint_url=args.endpoint_url,
                          proxies=proxies)
    try:
        return collector.collect()
    except (BotoCoreError, ClientError) as error:
        raise UsageError(f"cannot identify the audited account (sts:GetCallerIdentity): {error}") \
            from error


def _write(findings: list[Finding], snapshot: AccountSnapshot, formats: list[str],
           output: Path | None, *, waivers: Sequence[Any] = (), expired: Sequence[Any] = ()) -> None:
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
    }
    for name in formats:
        render, filename = renderers[name]
        text = render(findings, snapshot, waivers=waivers, expired=expired)
        if output:
            (output / filename).write_text(text)
            print(f"wrote {output / filename}", file=sys.stderr)
        if name == "table" or output is None:
            print(text)


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return run_audit(args)
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
