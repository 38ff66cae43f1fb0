"""Checks of IAM identities, groups, policies and the password policy."""

from __future__ import annotations

import re
from typing import Any

from governance.checks import check
from governance.model import AccountSnapshot, Finding, Status
from governance.policy_lint import parse_document, statements, wildcard_violations

EVIDENCE_LIMIT = 50

PASSWORD_POLICY_MINIMUMS = {
    "MinimumPasswordLength": 14,  # CIS 1.8
    "PasswordReusePrevention": 24,  # CIS 1.9
}
PASSWORD_POLICY_REQUIRED_FLAGS = (
    "RequireSymbols", "RequireNumbers", "RequireUppercaseCharacters", "RequireLowercaseCharacters",
)
PASSWORD_MAX_AGE_DAYS = 90

# AWS managed policies that grant "*" on "*"; attached to a user or a group they are
# standing full admin. Roles may hold them: sessions are temporary and MFA-gated.
FULL_ADMIN_AWS_MANAGED_SUFFIX = ":iam::aws:policy/AdministratorAccess"

GENERIC_NAME_TOKENS = {
    "admin", "administrator", "admins", "root", "shared", "share", "team", "test", "tester",
    "testing", "ops", "dev", "devs", "developer", "developers", "devops", "support", "service",
    "user", "users", "guest", "generic", "common", "default", "temp", "tmp", "deploy",
    "deployer", "ci", "cd", "jenkins", "build", "automation", "bot", "account", "master", "prod",
    "staging", "qa", "readonly", "read", "only", "audit", "auditor", "security", "infra", "it",
}


def _limited(items: list[Any]) -> dict[str, Any]:
    return {"count": len(items), "items": items[:EVIDENCE_LIMIT]}


def _details(snapshot: AccountSnapshot) -> dict[str, list[dict[str, Any]]]:
    return snapshot.get("iam:GetAccountAuthorizationDetails")


def _default_document(policy: dict[str, Any]) -> Any:
    for version in policy.get("PolicyVersionList", []):
        if version.get("IsDefaultVersion"):
            return version.get("Document")
    return None


@check("iam-password-policy-strong")
def password_policy_strong(snapshot: AccountSnapshot) -> list[Finding]:
    policy = snapshot.get("iam:GetAccountPasswordPolicy")
    control = "iam-password-policy-strong"
    if policy is None:
        return [Finding(control, Status.FAIL, "no account password policy is set (IAM defaults)")]
    shortfalls = []
    for key, minimum in PASSWORD_POLICY_MINIMUMS.items():
        if int(policy.get(key) or 0) < minimum:
            shortfalls.append(f"{key} is {policy.get(key)}, needs >= {minimum}")
    shortfalls += [f"{flag} is off" for flag in PASSWORD_POLICY_REQUIRED_FLAGS if not policy.get(flag)]
    max_age = policy.get("MaxPasswordAge")
    if not max_age or int(max_age) > PASSWORD_MAX_AGE_DAYS:
        shortfalls.append(f"MaxPasswordAge is {max_age}, needs 1..{PASSWORD_MAX_AGE_DAYS}")
    if shortfalls:
        return [Finding(control, Status.FAIL, "weak password policy: " + "; ".join(shortfalls),
                        evidence={"password_policy": policy})]
    return [Finding(control, Status.PASS,
                    f"length {policy['MinimumPasswordLength']}, reuse prevention "
                    f"{policy['PasswordReusePrevention']}, all character classes, max age {max_age} d",
                    evidence={"password_policy": policy})]


def enforces_mfa(document: Any) -> bool:
    """True for a policy that denies broadly unless the session was authenticated with MFA."""
    for statement in statements(document):
        if statement.get("Effect") != "Deny":
            continue
        broad_actions = "NotAction" in statement or "*" in (
            [statement["Action"]] if isinstance(statement.get("Action"), str)
            else statement.get("Action", [])
        )
        resources = statement.get("Resource", [])
        broad_resources = "*" in ([resources] if isinstance(resources, str) else resources)
        for operator, conditions in statement.get("Condition", {}).items():
            if not operator.startswith("Bool"):
                continue
            for key, value in conditions.items():
                values = [value] if isinstance(value, str | bool) else value
                if key.lower() == "aws:multifactorauthpresent" and any(
                    str(v).lower() == "false" for v in values
                ) and broad_actions and broad_resources:
                    return True
    return False


@check("iam-human-groups-enforce-mfa")
def human_groups_enforce_mfa(snapshot: AccountSnapshot) -> list[Finding]:
    control = "iam-human-groups-enforce-mfa"
    details = _details(snapshot)
    groups = details["GroupDetailList"]
    if not groups:
        return [Finding(control, Status.NOT_APPLICABLE, "the account has no IAM groups")]
    mfa_policy_arns = {
        policy["Arn"] for policy in details["Policies"] if enforces_mfa(_default_document(policy))
    }
    without = []
    for group in groups:
        attached = {p["PolicyArn"] for p in group.get("AttachedManagedPolicies", [])}
        inline = [p.get("PolicyDocument") for p in group.get("GroupPolicyList", [])]
        if not (attached & mfa_policy_arns or any(enforces_mfa(doc) for doc in inline)):
            without.append(group["GroupName"])
    names = sorted(group["GroupName"] for group in groups)
    if without:
        return [Finding(control, Status.FAIL,
                        f"groups without a deny-unless-MFA policy: {', '.join(sorted(without))}",
                        evidence={"groups_without_mfa_policy": sorted(without), "groups": names})]
    return [Finding(control, Status.PASS,
                    f"all {len(groups)} groups deny everything but MFA set-up without MFA",
                    evidence={"groups": names, "mfa_policies": sorted(mfa_policy_arns)})]


@check("iam-console-users-have-mfa")
def console_users_have_mfa(snapshot: AccountSnapshot) -> list[Finding]:
    control = "iam-console-users-have-mfa"
    report = snapshot.get("iam:GetCredentialReport")
    users = [row for row in report if row.get("user") != "<root_account>"]
    console = [row for row in users if row.get("password_enabled") == "true"]
    without = sorted(row["user"] for row in console if row.get("mfa_active") != "true")
    if without:
        return [Finding(control, Status.FAIL,
                        f"{len(without)} console user(s) without MFA: {', '.join(without[:10])}",
                        evidence={"console_users_without_mfa": _limited(without)})]
    return [Finding(control, Status.PASS,
                    f"{len(console)} console user(s), all with MFA ({len(users)} users in all)",
                    evidence={"console_users": _limited(sorted(r["user"] for r in console))})]


def _inline_documents(details: dict[str, list[dict[str, Any]]]) -> list[tuple[str, Any]]:
    found = []
    for kind, list_key, name_key, policies_key in (
        ("user", "UserDetailList", "UserName", "UserPolicyList"),
        ("group", "GroupDetailList", "GroupName", "GroupPolicyList"),
        ("role", "RoleDetailList", "RoleName", "RolePolicyList"),
    ):
        for principal in details[list_key]:
            for policy in principal.get(policies_key, []):
                label = f"{kind}/{principal[name_key]} inline {policy['PolicyName']}"
                found.append((label, policy.get("PolicyDocument")))
    return found


@check("iam-policies-no-wildcards")
def policies_no_wildcards(snapshot: AccountSnapshot) -> list[Finding]:
    control = "iam-policies-no-wildcards"
    details = _details(snapshot)
    documents = [(policy["Arn"], _default_document(policy)) for policy in details["Policies"]]
    documents += _inline_documents(details)
    problems = []
    for label, document in documents:
        if document is None:
            continue
        problems += [f"{label}: {violation}" for violation in wildcard_violations(document)]
    for kind, list_key, name_key in (("user", "UserDetailList", "UserName"),
                                     ("group", "GroupDetailList", "GroupName")):
        for principal in details[list_key]:
            for attached in principal.get("AttachedManagedPolicies", []):
                if attached["PolicyArn"].endswith(FULL_ADMIN_AWS_MANAGED_SUFFIX):
                    problems.append(f"{kind}/{principal[name_key]}: AWS managed AdministratorAccess "
                                    "grants '*' on '*' as a standing permission")
    if problems:
        return [Finding(control, Status.FAIL, f"{len(problems)} wildcard grant(s): {problems[0]}",
                        evidence={"violations": _limited(problems)})]
    return [Finding(control, Status.PASS,
                    f"{len(documents)} customer and inline policies, none with wildcard grants",
                    evidence={"policies_checked": len(documents)})]


@check("iam-user-permissions-through-groups-only")
def user_permissions_through_groups_only(snapshot: AccountSnapshot) -> list[Finding]:
    control = "iam-user-permissions-through-groups-only"
    users = _details(snapshot)["UserDetailList"]
    direct = sorted(
        f"{user['UserName']} ({', '.join(_direct_policy_names(user))})"
        for user in users if _direct_policy_names(user)
    )
    if direct:
        return [Finding(control, Status.FAIL,
                        f"{len(direct)} user(s) with policies of their own: {', '.join(direct[:10])}",
                        evidence={"users_with_direct_policies": _limited(direct)})]
    return [Finding(control, Status.PASS,
                    f"{len(users)} user(s), permissions only through groups",
                    evidence={"users": len(users)})]


def _direct_policy_names(user: dict[str, Any]) -> list[str]:
    return [p["PolicyName"] for p in user.get("AttachedManagedPolicies", [])] + [
        p["PolicyName"] for p in user.get("UserPolicyList", [])
    ]


def is_generic_user_name(name: str) -> bool:
    """True when every part of the name is a generic word or a number (e.g. 'shared-admin')."""
    tokens = [token for token in re.split(r"[-_.@+=,]", name.lower()) if token]
    if any("shared" in token for token in tokens):
        return True
    return bool(tokens) and all(token in GENERIC_NAME_TOKENS or token.isdigit() or
                                (re.fullmatch(r"[a-z]+\d+", token) and
                                re.sub(r"\d+$", "", token) in GENERIC_NAME_TOKENS)
                                for token in tokens)


@check("iam-no-shared-users")
def no_shared_users(snapshot: AccountSnapshot) -> list[Finding]:
    control = "iam-no-shared-users"
    users = [user["UserName"] for user in _details(snapshot)["UserDetailList"]]
    generic = sorted(name for name in users if is_generic_user_name(name))
    if generic:
        return [Finding(control, Status.FAIL,
                        f"generic or shared user name(s): {', '.join(generic[:10])}",
                        evidence={"generic_user_names": _limited(generic)})]
    return [Finding(control, Status.PASS, f"{len(users)} user(s), each named for one person",
                    evidence={"users": _limited(sorted(users))})]


__all__ = ["enforces_mfa", "is_generic_user_name", "parse_document"]
