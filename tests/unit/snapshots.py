"""Hand-built AccountSnapshots for check tests: a compliant account, then one change at a time."""

from __future__ import annotations

import json
from typing import Any

from governance.model import AccountSnapshot
from tests.support.snapshots import changed as changed  # re-exported: tests/unit/test_cli.py

ACCOUNT_ID = "111122223333"

MFA_POLICY_DOCUMENT = {"Version": "2012-10-17", "Statement": [
    {"Sid": "DenyAllExceptMFASetupUnlessSignedInWithMFA", "Effect": "Deny",
     "NotAction": ["iam:ChangePassword", "iam:EnableMFADevice"], "Resource": "*",
     "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}]}
JOB_POLICY_DOCUMENT = {"Version": "2012-10-17", "Statement": [
    {"Sid": "ReadOwnUser", "Effect": "Allow", "Action": ["iam:GetUser"],
     "Resource": "arn:aws:iam::*:user/${aws:username}"}]}


def policy(name: str, document: dict[str, Any]) -> dict[str, Any]:
    return {"PolicyName": name, "Arn": f"arn:aws:iam::{ACCOUNT_ID}:policy/{name}",
            "DefaultVersionId": "v1",
            "PolicyVersionList": [{"Document": document, "VersionId": "v1",
                                   "IsDefaultVersion": True}]}


def group(name: str, *policy_names: str) -> dict[str, Any]:
    return {"GroupName": name, "Arn": f"arn:aws:iam::{ACCOUNT_ID}:group/{name}",
            "GroupPolicyList": [],
            "AttachedManagedPolicies": [
                {"PolicyName": p, "PolicyArn": f"arn:aws:iam::{ACCOUNT_ID}:policy/{p}"}
                for p in policy_names]}


def user(name: str, *groups: str) -> dict[str, Any]:
    return {"UserName": name, "Arn": f"arn:aws:iam::{ACCOUNT_ID}:user/{name}",
            "GroupList": list(groups), "AttachedManagedPolicies": [], "UserPolicyList": []}


def report_row(name: str, *, console: bool = False, mfa: bool = False) -> dict[str, str]:
    return {"user": name, "arn": f"arn:aws:iam::{ACCOUNT_ID}:user/{name}",
            "password_enabled": "true" if console else "false",
            "mfa_active": "true" if mfa else "false"}


def compliant() -> AccountSnapshot:
    """An account on which every IAM control passes."""
    snapshot = AccountSnapshot(account_id=ACCOUNT_ID,
                               caller_arn=f"arn:aws:sts::{ACCOUNT_ID}:assumed-role/audit/me",
                               collected_at="2026-11-28T00:00:00+00:00", regions=["us-east-1"])
    snapshot.record("iam:GetAccountPasswordPolicy", {
        "MinimumPasswordLength": 14, "PasswordReusePrevention": 24, "MaxPasswordAge": 90,
        "RequireSymbols": True, "RequireNumbers": True, "RequireUppercaseCharacters": True,
        "RequireLowercaseCharacters": True, "AllowUsersToChangePassword": True})
    snapshot.record("iam:GetAccountAuthorizationDetails", {
        "Policies": [policy("enforce-mfa", MFA_POLICY_DOCUMENT),
                     policy("developers", JOB_POLICY_DOCUMENT)],
        "GroupDetailList": [group("Administrators", "enforce-mfa"),
                            group("Developers", "enforce-mfa", "developers")],
        "UserDetailList": [user("jane.doe", "Administrators"), user("john.smith", "Developers")],
        "RoleDetailList": [],
    })
    snapshot.record("iam:GetCredentialReport", [
        report_row("jane.doe", console=True, mfa=True), report_row("john.smith")])
    # generated for this audit (governance/collectors/iam.py asks AWS for a fresh one)
    snapshot.record("iam:GetCredentialReport:GeneratedTime",
                    {"GeneratedTime": "2026-11-28T00:00:05+00:00", "regenerated": False})
    snapshot.record("iam:ListAccountAliases", ["example-prod"])
    snapshot.record("iam:GetAccountSummary", {"AccountMFAEnabled": 1,
                                              "AccountAccessKeysPresent": 0})
    return snapshot


def as_json_roundtrip(snapshot: AccountSnapshot) -> AccountSnapshot:
    return AccountSnapshot.from_dict(json.loads(json.dumps(snapshot.to_dict())))
