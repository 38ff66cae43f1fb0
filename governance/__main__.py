"""Command line: ``python -m governance audit ...``.

Exit codes: 0 every finding PASS (or not applicable), 1 some FAIL, 2 errors or bad usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from governance.model import AccountSnapshot, Finding, Status

FORMATS = ("table", "json")
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
    out = audit.add_argument_group("what to write")
    out.add_argument("--format", default="table",
                     help=f"comma-separated output formats: {', '.join(FORMATS)}")
    out.add_argument("--output", type=Path, help="directory for file formats (default: stdout)")
    out.add_argument("--save-snapshot", type=Path, help="also write the collected snapshot here")
    out.add_argument("--controls", help="comma-separated control ids (default: all)")
    return main


def exit_code(findings: Sequence[Finding]) -> int:
    statuses = {finding.status for finding in findings}
    if Status.ERROR in statuses:
        return EXIT_ERROR
    return EXIT_FAIL if Status.FAIL in statuses else EXIT_PASS


def _csv(value: str | None) -> list[str] | None:
    return [item.strip() for item in value.split(",") if item.strip()] if value else None


def _session(args: argparse.Namespace) -> Any:
    import boto3
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        session = boto3.Session(profile_name=args.profile)
        if args.role_arn:
            sts = session.client("sts", endpoint_url=args.endpoint_url)
            extra = {"ExternalId": args.external_id} if args.external_id else {}
            credentials = sts.assume_role(RoleArn=args.role_arn, RoleSessionName="governance-audit",
                                          **extra)["Credentials"]
            session = boto3.Session(aws_access_key_id=credentials["AccessKeyId"],
                                    aws_secret_access_key=credentials["SecretAccessKey"],
                                    aws_session_token=credentials["SessionToken"],
                                    region_name=session.region_name)
    except (BotoCoreError, ClientError) as error:
        raise UsageError(f"cannot open the audited account: {error}") from error
    return session


def run_audit(args: argparse.Namespace) -> int:
    from governance.catalog import catalog
    from governance.checks import evaluate

    formats = _csv(args.format) or ["table"]
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise UsageError(f"unknown --format {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
    controls = _csv(args.controls)
    if controls:
        missing = sorted(set(controls) - set(catalog()))
        if missing:
            raise UsageError(f"unknown control id(s): {', '.join(missing)}")
    if args.from_snapshot:
        try:
            snapshot = AccountSnapshot.from_dict(json.loads(args.from_snapshot.read_text()))
        except (OSError, ValueError, KeyError) as error:
            raise UsageError(f"cannot read snapshot {args.from_snapshot}: {error}") from error
    else:
        snapshot = _collect(args)
    if args.save_snapshot:
        args.save_snapshot.write_text(json.dumps(snapshot.to_dict(), indent=2))
    findings = evaluate(snapshot, controls)
    _write(findings, snapshot, formats, args.output)
    return exit_code(findings)


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
           output: Path | None) -> None:
    from governance.report.json_report import render_json
    from governance.report.table import render_table

    renderers = {"table": (render_table, "findings.txt"), "json": (render_json, "findings.json")}
    for name in formats:
        render, filename = renderers[name]
        text = render(findings) if name == "table" else render(findings, snapshot)
        if output:
            output.mkdir(parents=True, exist_ok=True)
            (output / filename).write_text(text)
            print(f"wrote {output / filename}", file=sys.stderr)
        else:
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
