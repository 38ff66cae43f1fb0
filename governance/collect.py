"""Collector: read one AWS account into an AccountSnapshot, read-only, each API read once."""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from botocore.client import BaseClient
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from governance.model import AccountSnapshot
from governance.readonly import refuse_writes

# Error codes that mean "nothing is configured", not "could not read".
ABSENT = {
    "iam:GetAccountPasswordPolicy": {"NoSuchEntity"},
}

CREDENTIAL_REPORT_WAIT_SECONDS = 30.0


def plain(value: Any) -> Any:
    """botocore output as JSON-serialisable data (datetimes as ISO 8601)."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items() if key != "ResponseMetadata"}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return value


def describe_error(error: Exception) -> str:
    if isinstance(error, ClientError):
        details = error.response.get("Error", {})
        return f"{details.get('Code', 'Error')}: {details.get('Message', str(error))}"
    return f"{type(error).__name__}: {error}"


class Collector:
    """Reads an account through a boto3 session whose clients can only read.

    ``endpoint_url`` points every client at an emulator (moto); ``proxies`` is
    passed to botocore (moto needs it for S3 Control host prefixes).
    """

    def __init__(
        self,
        session: Any,
        *,
        regions: list[str] | None = None,
        endpoint_url: str | None = None,
        proxies: dict[str, str] | None = None,
        max_attempts: int = 5,
    ) -> None:
        self.session = session
        self.home_region = session.region_name or "us-east-1"
        self.regions = regions or [self.home_region]
        self.endpoint_url = endpoint_url
        self.config = Config(
            retries={"mode": "standard", "max_attempts": max_attempts},
            proxies=proxies,
            user_agent_extra="aws-governance-baseline-collector",
        )
        self._clients: dict[tuple[str, str], BaseClient] = {}

    def client(self, service: str, region: str | None = None) -> BaseClient:
        region = region or self.home_region
        key = (service, region)
        if key not in self._clients:
            client = self.session.client(
                service, region_name=region, endpoint_url=self.endpoint_url, config=self.config
            )
            client.meta.events.register("before-call.*.*", refuse_writes)
            self._clients[key] = client
        return self._clients[key]

    def _read(
        self, snapshot: AccountSnapshot, api: str, reader: Callable[[], Any],
        region: str | None = None,
    ) -> None:
        """Run one read and record its data, its absence, or why it failed."""
        try:
            snapshot.record(api, plain(reader()), region=region)
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code", "")
            if code in ABSENT.get(api, set()):
                snapshot.record(api, None, region=region)
            else:
                snapshot.record(api, error=describe_error(error), region=region)
        except (BotoCoreError, OSError) as error:
            snapshot.record(api, error=describe_error(error), region=region)

    def collect(self) -> AccountSnapshot:
        identity = self.client("sts").get_caller_identity()
        snapshot = AccountSnapshot(
            account_id=identity["Account"],
            caller_arn=identity["Arn"],
            collected_at=datetime.now(UTC).isoformat(timespec="seconds"),
            regions=list(self.regions),
        )
        self.collect_iam(snapshot)
        return snapshot

    # --- IAM (global) -------------------------------------------------------

    def collect_iam(self, snapshot: AccountSnapshot) -> None:
        iam = self.client("iam")
        self._read(snapshot, "iam:GetAccountPasswordPolicy",
                   lambda: iam.get_account_password_policy()["PasswordPolicy"])
        self._read(snapshot, "iam:GetAccountAuthorizationDetails",
                   lambda: self._authorization_details(iam))
        self._read(snapshot, "iam:GetCredentialReport", lambda: self._credential_report(iam))
        self._read(snapshot, "iam:ListAccountAliases",
                   lambda: iam.list_account_aliases()["AccountAliases"])
        self._read(snapshot, "iam:GetAccountSummary",
                   lambda: iam.get_account_summary()["SummaryMap"])

    @staticmethod
    def _authorization_details(iam: BaseClient) -> dict[str, list[Any]]:
        """Users, groups, roles and customer managed policies, with every document, in bulk."""
        merged: dict[str, list[Any]] = {
            "UserDetailList": [], "GroupDetailList": [], "RoleDetailList": [], "Policies": [],
        }
        paginator = iam.get_paginator("get_account_authorization_details")
        pages = paginator.paginate(Filter=["User", "Group", "Role", "LocalManagedPolicy"])
        for page in pages:
            for key, items in merged.items():
                items.extend(page.get(key, []))
        return merged

    @staticmethod
    def _credential_report(iam: BaseClient) -> list[dict[str, str]]:
        deadline = time.monotonic() + CREDENTIAL_REPORT_WAIT_SECONDS
        while iam.generate_credential_report()["State"] != "COMPLETE":
            if time.monotonic() > deadline:
                raise TimeoutError("the credential report was not ready within 30 s")
            time.sleep(1)
        content = iam.get_credential_report()["Content"]
        text = content.decode("utf-8") if isinstance(content, bytes) else content
        return list(csv.DictReader(io.StringIO(text)))
