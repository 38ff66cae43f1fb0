"""``python -m governance adopt``: onboard an existing account into the baseline.

Checks the flags, opens the reads' session (for a member account of an organization: the
caller's own session, then the member role) and runs governance/adopt/run.py, which writes
the import blocks, the kept names and the change report.
"""

from __future__ import annotations

import argparse
from typing import Any

from governance.cli.options import (
    ACCOUNT_ID,
    SessionOpener,
    UsageError,
    caller_session,
    check_regions,
    csv,
    make_output,
)
from governance.cli.parser import ADOPT_FORMATS


def run_adopt(args: argparse.Namespace, *, open_session: SessionOpener = caller_session) -> int:
    """python -m governance adopt: 0 adopted (no unaccepted weakening), 1 a weakening change
    awaits acceptance (the apply is blocked), 2 refused, bad input or a failed read/plan."""
    from governance.adopt.run import AdoptError, AdoptSettings, adopt
    from governance.adopt.terraform import TerraformFailed, find_terraform
    from governance.collect import Collector

    root = args.root
    if not root.is_dir() or not any(root.glob("*.tf")):
        raise UsageError(f"--root {root}: not a Terraform root module (no *.tf files)")
    formats = csv(args.format) or list(ADOPT_FORMATS)
    unknown = sorted(set(formats) - set(ADOPT_FORMATS))
    if unknown:
        raise UsageError(f"unknown --format {', '.join(unknown)}; choose from "
                         f"{', '.join(ADOPT_FORMATS)}")
    regions = check_regions(args.regions)
    accepted = frozenset(item for value in args.accept_weakening for item in csv(value) or [])
    caller = None  # a member account: the caller's own session, which the plan runs with
    if args.organization:
        if not args.account_id or not ACCOUNT_ID.fullmatch(args.account_id):
            raise UsageError("--organization needs --account-id, the 12-digit member account")
        if args.role_arn:
            raise UsageError("--role-arn and --organization exclude each other: the member "
                             "is read through --member-role")
        caller = open_session(argparse.Namespace(**{**vars(args), "role_arn": None}))
        args.role_arn = (f"arn:{_partition_of(caller, args.endpoint_url)}:iam::"
                         f"{args.account_id}:role/{args.member_role}")
        args.external_id = args.member_external_id or args.external_id
    elif args.account_id:
        raise UsageError("--account-id needs --organization")
    try:
        terraform = find_terraform(args.terraform)
    except TerraformFailed as error:
        raise UsageError(str(error)) from error
    make_output(args.output, f"--output {args.output}")
    session = open_session(args)
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

