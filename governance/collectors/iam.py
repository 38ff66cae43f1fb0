"""IAM (global): password policy, identities and policies in bulk, credential report."""

from __future__ import annotations

import csv
import io
import time
from typing import Any

from governance.collectors import global_reader

CREDENTIAL_REPORT_WAIT_SECONDS = 30.0


@global_reader
def read_iam(collector: Any, snapshot: Any) -> None:
    iam = collector.client("iam")
    collector.read(snapshot, "iam:GetAccountPasswordPolicy",
                   lambda: iam.get_account_password_policy()["PasswordPolicy"],
                   absent={"NoSuchEntity"})
    collector.read(snapshot, "iam:GetAccountAuthorizationDetails",
                   lambda: authorization_details(collector))
    collector.read(snapshot, "iam:GetCredentialReport", lambda: credential_report(iam))
    collector.read(snapshot, "iam:ListAccountAliases",
                   lambda: iam.list_account_aliases()["AccountAliases"])
    collector.read(snapshot, "iam:GetAccountSummary",
                   lambda: iam.get_account_summary()["SummaryMap"])


def authorization_details(collector: Any) -> dict[str, list[Any]]:
    """Users, groups, roles and customer managed policies, with every document, in bulk."""
    merged: dict[str, list[Any]] = {
        "UserDetailList": [], "GroupDetailList": [], "RoleDetailList": [], "Policies": [],
    }
    paginator = collector.client("iam").get_paginator("get_account_authorization_details")
    for page in paginator.paginate(Filter=["User", "Group", "Role", "LocalManagedPolicy"]):
        for key, items in merged.items():
            items.extend(page.get(key, []))
    return merged


def credential_report(iam: Any) -> list[dict[str, str]]:
    deadline = time.monotonic() + CREDENTIAL_REPORT_WAIT_SECONDS
    pause = 0.1
    while iam.generate_credential_report()["State"] != "COMPLETE":
        if time.monotonic() > deadline:
            raise TimeoutError("the credential report was not ready within 30 s")
        time.sleep(pause)
        pause = min(pause * 2, 2.0)
    content = iam.get_credential_report()["Content"]
    text = content.decode("utf-8") if isinstance(content, bytes) else content
    return list(csv.DictReader(io.StringIO(text)))
