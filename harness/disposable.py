"""The apply tier on a real disposable account (``pytest --target aws --account-allowlist``).

Before any Terraform runs, STS GetCallerIdentity names the account the credentials reach;
an account not on the allowlist is refused in one line. Every resource a run creates
carries the run's tags (provider ``default_tags``): ``governance:test-run`` (the run id)
and ``governance:test-created`` (ISO 8601, UTC); global names (S3 buckets, IAM) carry the
run id too (``run_variables``). ``make sweep`` (harness/sweep.py) finds what those tags
mark and deletes what is older than a given age. ``endpoint_url`` points the same path at
an emulator posing as a real account (a moto server), so CI exercises it.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from harness.moto_sandbox import endpoint_environment
from harness.terraform import TERRAFORM_ROOT

RUN_TAG = "governance:test-run"
CREATED_TAG = "governance:test-created"
ACCOUNT_ID = re.compile(r"\d{12}")


class AccountRefused(Exception):
    """The credentials reach an account that is not on the allowlist (or none at all)."""


def new_run_id() -> str:
    """8 lowercase hex digits: short enough for name suffixes (S3: 63 characters)."""
    return secrets.token_hex(4)


def parse_allowlist(text: str | None) -> list[str]:
    """``ID[,ID]`` -> ids; a malformed id is refused (AccountRefused) in one line."""
    ids = [item.strip() for item in (text or "").split(",") if item.strip()]
    bad = [item for item in ids if not ACCOUNT_ID.fullmatch(item)]
    if bad:
        raise AccountRefused(f"--account-allowlist: not a 12-digit account id: {', '.join(bad)}")
    if not ids:
        raise AccountRefused("--target aws applies Terraform only with --account-allowlist "
                             "ID[,ID] (the disposable accounts it may change)")
    return ids


def open_disposable_account(*, profile: str | None, allowlist: list[str],
                            endpoint_url: str | None = None, region: str | None = None,
                            run_id: str | None = None) -> RealAccount:
    """The account the profile reaches, checked against the allowlist with STS
    GetCallerIdentity (AccountRefused: one line, nothing applied)."""
    import boto3
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        session = boto3.Session(profile_name=profile, region_name=region)
        identity = session.client("sts", endpoint_url=endpoint_url,
                                  region_name=session.region_name or "us-east-1"
                                  ).get_caller_identity()
    except (BotoCoreError, ClientError) as error:
        raise AccountRefused(f"cannot identify the target account (sts:GetCallerIdentity): "
                             f"{error}") from error
    account_id = identity["Account"]
    if account_id not in allowlist:
        raise AccountRefused(f"refusing account {account_id} ({identity['Arn']}): not on "
                             f"--account-allowlist {','.join(allowlist)}; nothing was applied")
    return RealAccount(account_id=account_id, region=session.region_name or "us-east-1",
                       session=session, profile=profile, endpoint=endpoint_url,
                       run_id=run_id or new_run_id(),
                       created=datetime.now(UTC).isoformat(timespec="seconds"))


@dataclass
class RealAccount:
    """An allowlisted account reached with the user's credentials; the same interface as
    harness.moto_sandbox.SandboxAccount (client, collector, provider_override)."""

    account_id: str
    region: str
    session: Any = field(repr=False)
    profile: str | None
    endpoint: str | None
    run_id: str
    created: str
    role_arn: str | None = None

    @property
    def tags(self) -> dict[str, str]:
        return {RUN_TAG: self.run_id, CREATED_TAG: self.created}

    @property
    def proxies(self) -> dict[str, str] | None:
        return {"http": self.endpoint} if self.endpoint else None

    def client(self, service: str, region: str | None = None) -> Any:
        from botocore.config import Config

        return self.session.client(service, region_name=region or self.region,
                                   endpoint_url=self.endpoint,
                                   config=Config(proxies=self.proxies,
                                                 retries={"mode": "standard"}))

    def collector(self, regions: list[str] | None = None) -> Any:
        from governance.collect import Collector

        return Collector(self.session, endpoint_url=self.endpoint, proxies=self.proxies,
                         regions=regions or [self.region])

    @property
    def provider_environment(self) -> dict[str, str]:
        """Environment of the Terraform processes: with ``endpoint``, every service there."""
        return endpoint_environment(self.endpoint) if self.endpoint else {}

    def provider_override(self, alias: str | None = None, region: str | None = None, *,
                          assume_role: bool = True) -> str:
        """The aws provider for this account: the user's profile, the run's default_tags;
        with ``endpoint`` (see :attr:`provider_environment`) https anywhere else fails.
        It never sets an assume_role, so an alias keeps the example's own whatever
        ``assume_role`` says (the signature of SandboxAccount.provider_override)."""
        lines = ["# Written by the test harness: the allowlisted account, tagged with the run.",
                 'provider "aws" {']
        if alias:
            lines.append(f'  alias   = "{alias}"')
        lines.append(f'  region  = "{region or self.region}"')
        if self.profile:
            lines.append(f'  profile = "{self.profile}"')
        if self.endpoint:
            lines += ["  s3_use_path_style = true",
                      f'  http_proxy        = "{self.endpoint}"',
                      '  https_proxy       = "http://127.0.0.1:9"']
        lines += ["  default_tags {", "    tags = {",
                  *(f'      "{key}" = "{value}"' for key, value in self.tags.items()),
                  "    }", "  }", "}", ""]
        return "\n".join(lines)


class OneAccount:
    """The real target's account source: every stack goes to the one allowlisted account
    (the moto target's MotoSandbox makes a new account per stack instead)."""

    def __init__(self, account: RealAccount) -> None:
        self.account = account

    def new_account(self) -> RealAccount:
        return self.account


def run_variables(example: str, run_id: str) -> dict[str, Any]:
    """Variables that put the run id into an example's names: ``name_suffix`` where the
    root module declares it, else ``name_prefix`` (gt-<run id>, which fits the baseline's
    2-20 character rule)."""
    declared = " ".join(path.read_text() for path in (TERRAFORM_ROOT / example).glob("*.tf"))
    if re.search(r'variable\s+"name_suffix"', declared):
        return {"name_suffix": run_id}
    if re.search(r'variable\s+"name_prefix"', declared):
        return {"name_prefix": f"gt-{run_id}"}
    return {}
