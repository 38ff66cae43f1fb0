"""Live values of IAM and federation (ACCT-002.1 to ACCT-002.8): groups and their policies,
users, access keys, the roles people can assume with their session length and trust
conditions, identity providers, IAM Identity Center permission sets and their assignments,
console users and the account password policy.
"""

from __future__ import annotations

import json
from typing import Any

from governance.checks.access import AWS_MANAGED_ROLE_PATHS, is_human_assumable
from governance.model import AccountSnapshot
from governance.policy_lint import statements
from governance.report.evidence import Requirement
from governance.report.live_values.reads import (
    ROOT_USER,
    LiveTable,
    Missing,
    Reads,
    cell,
    credential_rows,
    flag,
    lines,
    regional_rows,
    report_generated,
    report_value,
)


def _details(reads: Reads) -> Any:
    return reads("iam:GetAccountAuthorizationDetails")


def groups_tables(snapshot: AccountSnapshot, requirement: Requirement) -> list[LiveTable]:
    reads = Reads(snapshot)
    details = _details(reads)
    columns = ["Group", "Attached policies", "Inline policies", "Members"]
    if isinstance(details, Missing):
        return [reads.unread("groups", "IAM groups", columns)]
    users = details.get("UserDetailList", [])
    rows: list[list[Any]] = []
    for group in sorted(details.get("GroupDetailList", []), key=lambda g: str(g.get("GroupName"))):
        name = group.get("GroupName")
        members = sum(1 for user in users if name in (user.get("GroupList") or []))
        rows.append([name, lines([p.get("PolicyName")
                                  for p in group.get("AttachedManagedPolicies", [])]),
                     lines([p.get("PolicyName") for p in group.get("GroupPolicyList", [])]),
                     str(members)])
    direct = sorted(str(u.get("UserName")) for u in users
                    if u.get("AttachedManagedPolicies") or u.get("UserPolicyList"))
    note = (f"users with policies of their own (not through a group): {cell(direct)}"
            if direct else "no user has a policy of their own: permissions come through groups")
    return [reads.table("groups", "IAM groups", columns, rows, note=note, empty="no IAM group")]


def _report_by_user(rows: Any) -> dict[str, dict[str, Any]]:
    return {} if isinstance(rows, Missing) else {
        str(row.get("user")): row for row in rows or [] if row.get("user") != ROOT_USER}


def users_tables(snapshot: AccountSnapshot, requirement: Requirement) -> list[LiveTable]:
    reads = Reads(snapshot)
    details = _details(reads)
    report = credential_rows(reads)
    by_user = _report_by_user(report)
    columns = ["User", "Groups", "Console password", "MFA", "Active access keys"]
    if isinstance(details, Missing):
        return [reads.unread("users", "IAM users", columns)]
    rows: list[list[Any]] = []
    for user in sorted(details.get("UserDetailList", []), key=lambda u: str(u.get("UserName"))):
        name = str(user.get("UserName"))
        row = by_user.get(name)
        console: Any
        mfa: Any
        keys: Any
        if isinstance(report, Missing):
            console = mfa = keys = report
        elif row is None:
            console = mfa = keys = reads.note(Missing(
                "iam:GetCredentialReport", None, f"no row for user {name}"))
        else:
            console, mfa = flag(row.get("password_enabled")), flag(row.get("mfa_active"))
            keys = str(sum(1 for n in ("1", "2") if flag(row.get(f"access_key_{n}_active")) is True))
        rows.append([name, user.get("GroupList") or [], console, mfa, keys])
    return [reads.table("users", "IAM users", columns, rows, empty="no IAM user")]


def keys_tables(snapshot: AccountSnapshot, requirement: Requirement) -> list[LiveTable]:
    reads = Reads(snapshot)
    report = credential_rows(reads)
    columns = ["User", "Key", "Active", "Last rotated", "Last used"]
    if isinstance(report, Missing):
        return [reads.unread("access-keys", "Access keys (credential report)", columns)]
    rows: list[list[Any]] = []
    for name, row in sorted(_report_by_user(report).items()):
        for n in ("1", "2"):
            active = flag(row.get(f"access_key_{n}_active"))
            rotated = row.get(f"access_key_{n}_last_rotated")
            if active is True or rotated not in (None, "N/A"):
                rows.append([name, f"access key {n}", active, report_value(rotated),
                             report_value(row.get(f"access_key_{n}_last_used_date"))])
    return [reads.table("access-keys", "Access keys (credential report)", columns, rows,
                        note=f"credential report generated at {cell(report_generated(reads))}",
                        empty="no IAM user has an access key")]


def _duration(seconds: Any) -> str:
    try:
        value = int(seconds)
    except (TypeError, ValueError):
        return cell(seconds)
    return f"{value}\u00a0s ({value / 3600:g}\u00a0h)"


def _trust(role: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(principals, condition lines) of the role's trust policy's Allow statements."""
    principals: list[str] = []
    conditions: list[str] = []
    try:
        found = statements(role.get("AssumeRolePolicyDocument") or {})
    except (ValueError, TypeError, AttributeError):
        return ["trust policy not readable"], []
    for statement in found:
        if not isinstance(statement, dict) or statement.get("Effect") != "Allow":
            continue
        principal = statement.get("Principal")
        if principal == "*":
            principals.append("AWS: *")
        elif isinstance(principal, dict):
            for kind, values in principal.items():
                for value in [values] if isinstance(values, str) else list(values or []):
                    principals.append(f"{kind}: {value}")
        for operator, block in (statement.get("Condition") or {}).items():
            for key, value in (block or {}).items():
                shown = value if isinstance(value, str) else ", ".join(map(str, value)) \
                    if isinstance(value, list) else json.dumps(value)
                conditions.append(f"{operator} {key} = {shown}")
    return principals, conditions


def roles_tables(snapshot: AccountSnapshot, requirement: Requirement) -> list[LiveTable]:
    reads = Reads(snapshot)
    roles = reads("iam:ListRoles")
    columns = ["Role", "Max session", "Trusted principals", "Trust conditions"]
    if isinstance(roles, Missing):
        return [reads.unread("roles", "IAM roles people can assume", columns)]
    shown = [r for r in roles or [] if not str(r.get("Path", "/")).startswith(AWS_MANAGED_ROLE_PATHS)
             and is_human_assumable(r)]
    rows: list[list[Any]] = []
    for role in sorted(shown, key=lambda r: str(r.get("RoleName"))):
        principals, conditions = _trust(role)
        rows.append([role.get("RoleName"), _duration(role.get("MaxSessionDuration", 3600)),
                     lines(principals), lines(conditions) or "none"])
    others = len(roles or []) - len(shown)
    note = (f"{others} other role(s) not listed: service-linked, provisioned by IAM Identity "
            "Center or trusted by AWS services only" if others else "")
    return [reads.table("roles", "IAM roles people can assume", columns, rows, note=note,
                        empty="no role is trusted by an IAM principal or a federated identity")]


def federation_tables(snapshot: AccountSnapshot, requirement: Requirement) -> list[LiveTable]:
    reads = Reads(snapshot)
    rows: list[list[Any]] = []
    for api, kind in (("iam:ListSAMLProviders", "SAML 2.0 provider"),
                      ("iam:ListOpenIDConnectProviders", "OIDC provider")):
        providers = reads(api)
        if isinstance(providers, Missing):
            rows.append([kind, providers, providers])
            continue
        rows += [[kind, p.get("Arn"), f"valid until {p['ValidUntil']}" if p.get("ValidUntil")
                  else ""] for p in providers or []]

    def center(region: str) -> str:
        return f"IAM Identity Center ({region})"

    def instance_rows(region: str, instances: list[Any]) -> list[list[Any]]:
        return [[center(region), i.get("InstanceArn"),
                 f"identity store {i.get('IdentityStoreId')}, {i.get('Status') or 'status not given'}"]
                for i in instances]

    rows += regional_rows(reads, "sso-admin:ListInstances", 3, instance_rows, label=center)
    return [reads.table("federation", "Identity providers", ["Kind", "ARN", "Details"], rows,
                        empty="no SAML or OIDC provider and no IAM Identity Center instance")]


def _assignment(assignment: dict[str, Any]) -> str:
    return f"{assignment.get('PrincipalType')} {assignment.get('PrincipalId')}"


def permission_set_tables(snapshot: AccountSnapshot, requirement: Requirement) -> list[LiveTable]:
    reads = Reads(snapshot)

    def set_rows(region: str, sets: list[Any]) -> list[list[Any]]:
        rows: list[list[Any]] = []
        for permission_set in sets:
            arn = str(permission_set.get("PermissionSetArn"))
            assigned = reads.entry("sso-admin:ListAccountAssignments", region, arn,
                                   f"permission set {permission_set.get('Name')}")
            rows.append([region, permission_set.get("Name"),
                         permission_set.get("SessionDuration") or "PT1H (the default)",
                         permission_set.get("InstanceArn"),
                         assigned if isinstance(assigned, Missing)
                         else lines([_assignment(a) for a in assigned or []])
                         or "none in this account"])
        return rows

    rows = regional_rows(reads, "sso-admin:DescribePermissionSet", 5, set_rows)
    return [reads.table("permission-sets", "IAM Identity Center permission sets",
                        ["Region", "Permission set", "Session duration", "Instance",
                         f"Assignments in account {snapshot.account_id}"], rows,
                        empty="no permission set")]


def console_tables(snapshot: AccountSnapshot, requirement: Requirement) -> list[LiveTable]:
    reads = Reads(snapshot)
    report = credential_rows(reads)
    columns = ["User", "Console password", "Password last used", "MFA active"]
    if isinstance(report, Missing):
        return [reads.unread("console-users", "Console access (credential report)", columns)]
    rows = [[name, flag(row.get("password_enabled")),
             report_value(row.get("password_last_used")), flag(row.get("mfa_active"))]
            for name, row in sorted(_report_by_user(report).items())
            if flag(row.get("password_enabled")) is True]
    return [reads.table("console-users", "Console access (credential report)", columns, rows,
                        note=f"credential report generated at {cell(report_generated(reads))}",
                        empty="no IAM user has a console password")]


PASSWORD_FIELDS = (("MinimumPasswordLength", "Minimum length"),
                   ("RequireUppercaseCharacters", "Requires upper case"),
                   ("RequireLowercaseCharacters", "Requires lower case"),
                   ("RequireNumbers", "Requires numbers"),
                   ("RequireSymbols", "Requires symbols"),
                   ("PasswordReusePrevention", "Prevents reuse of the last"),
                   ("MaxPasswordAge", "Expires after (days)"),
                   ("AllowUsersToChangePassword", "Users may change their password"),
                   ("HardExpiry", "Hard expiry"))


def password_tables(snapshot: AccountSnapshot, requirement: Requirement) -> list[LiveTable]:
    reads = Reads(snapshot)
    policy = reads("iam:GetAccountPasswordPolicy")
    columns = ["Field", "Value"]
    if isinstance(policy, Missing):
        return [reads.unread("password-policy", "Account password policy", columns, fields=True)]
    if policy is None:
        return [reads.table("password-policy", "Account password policy", columns, [],
                            fields=True, empty="no password policy is set (IAM's default "
                                               "applies: 8 characters, no reuse prevention)")]
    rows = [[label, policy.get(name, False if name.startswith(("Require", "Allow", "Hard"))
                               else None)]
            for name, label in PASSWORD_FIELDS]
    return [reads.table("password-policy", "Account password policy", columns, rows, fields=True)]
