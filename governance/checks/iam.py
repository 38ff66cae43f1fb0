"""Checks of IAM identities, groups, policies and the password policy."""

from __future__ import annotations

import re
from typing import Any

from governance.checks import check
from governance.model import AccountSnapshot, Finding, ReadFailed, Status
from governance.policy_lint import grants_full_admin, parse_document, statements, wildcard_violations

EVIDENCE_LIMIT = 50

# CIS v3.0.0 1.8 and 1.9, each judged on its own (get-account-password-policy).
CIS_MIN_PASSWORD_LENGTH = 14
CIS_PASSWORD_REUSE_PREVENTION = 24
# IAM's documented default when no account password policy is set: minimum length 8, no
# reuse prevention, no character classes, no expiry.
IAM_DEFAULT_PASSWORD_POLICY: dict[str, Any] = {
    "MinimumPasswordLength": 8, "PasswordReusePrevention": None, "RequireSymbols": False,
    "RequireNumbers": False, "RequireUppercaseCharacters": False,
    "RequireLowercaseCharacters": False, "MaxPasswordAge": None,
}
# The house rule (ACCT-002, Security Hub IAM.7, Config rule iam-password-policy), stricter
# than CIS: every character class and an expiry of at most 90 days, on top of 1.8 and 1.9.
PASSWORD_POLICY_REQUIRED_FLAGS = (
    "RequireSymbols", "RequireNumbers", "RequireUppercaseCharacters", "RequireLowercaseCharacters",
)
PASSWORD_MAX_AGE_DAYS = 90

# AWS managed policies whose document is Allow "*" on "*" (AdministratorAccess).
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
    """The document of the policy's default version; ReadFailed when it was not read (a
    policy is never judged compliant on a document nobody saw)."""
    for version in policy.get("PolicyVersionList", []):
        if version.get("IsDefaultVersion") and version.get("Document") is not None:
            return version["Document"]
    raise ReadFailed("iam:GetAccountAuthorizationDetails",
                     f"no default version document for policy {policy.get('Arn')}")


def password_policy(snapshot: AccountSnapshot) -> tuple[dict[str, Any], str]:
    """The account password policy, or IAM's documented default when none is set, with a
    word saying which."""
    policy = snapshot.get("iam:GetAccountPasswordPolicy")
    if policy is None:
        return IAM_DEFAULT_PASSWORD_POLICY, "no account password policy is set, so IAM's default applies"
    return policy, "the account password policy"


@check("iam-password-policy-min-length")
def password_policy_min_length(snapshot: AccountSnapshot) -> list[Finding]:
    control = "iam-password-policy-min-length"
    policy, source = password_policy(snapshot)
    length = int(policy.get("MinimumPasswordLength") or 0)
    evidence = {"MinimumPasswordLength": length, "policy_set": source.startswith("the account")}
    if length < CIS_MIN_PASSWORD_LENGTH:
        return [Finding(control, Status.FAIL, f"{source}: MinimumPasswordLength is {length}, "
                        f"needs >= {CIS_MIN_PASSWORD_LENGTH}", evidence=evidence)]
    return [Finding(control, Status.PASS, f"{source} requires at least {length} characters",
                    evidence=evidence)]


@check("iam-password-policy-reuse")
def password_policy_reuse(snapshot: AccountSnapshot) -> list[Finding]:
    control = "iam-password-policy-reuse"
    policy, source = password_policy(snapshot)
    reuse = policy.get("PasswordReusePrevention")
    evidence = {"PasswordReusePrevention": reuse, "policy_set": source.startswith("the account")}
    if int(reuse or 0) < CIS_PASSWORD_REUSE_PREVENTION:
        return [Finding(control, Status.FAIL, f"{source}: PasswordReusePrevention is {reuse}, "
                        f"needs {CIS_PASSWORD_REUSE_PREVENTION}", evidence=evidence)]
    return [Finding(control, Status.PASS, f"{source} remembers the last {reuse} passwords",
                    evidence=evidence)]


@check("iam-password-policy-strong")
def password_policy_strong(snapshot: AccountSnapshot) -> list[Finding]:
    control = "iam-password-policy-strong"
    policy, source = password_policy(snapshot)
    shortfalls = []
    for key, minimum in (("MinimumPasswordLength", CIS_MIN_PASSWORD_LENGTH),
                         ("PasswordReusePrevention", CIS_PASSWORD_REUSE_PREVENTION)):
        if int(policy.get(key) or 0) < minimum:
            shortfalls.append(f"{key} is {policy.get(key)}, needs >= {minimum}")
    shortfalls += [f"{flag} is off" for flag in PASSWORD_POLICY_REQUIRED_FLAGS if not policy.get(flag)]
    max_age = policy.get("MaxPasswordAge")
    if not max_age or int(max_age) > PASSWORD_MAX_AGE_DAYS:
        shortfalls.append(f"MaxPasswordAge is {max_age}, needs 1..{PASSWORD_MAX_AGE_DAYS}")
    if shortfalls:
        return [Finding(control, Status.FAIL, f"weak password policy ({source}): "
                        + "; ".join(shortfalls), evidence={"password_policy": policy})]
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
    findings = []
    for group in sorted(groups, key=lambda g: g["GroupName"]):
        attached = {p["PolicyArn"] for p in group.get("AttachedManagedPolicies", [])}
        inline = [p.get("PolicyDocument") for p in group.get("GroupPolicyList", [])]
        enforced = bool(attached & mfa_policy_arns or any(enforces_mfa(doc) for doc in inline))
        # One finding per group: an exception can name one legacy group, never all of them.
        findings.append(Finding(
            control, Status.PASS if enforced else Status.FAIL,
            f"group {group['GroupName']}: denies everything but MFA set-up without MFA"
            if enforced else f"group {group['GroupName']} has no deny-unless-MFA policy",
            resource=group.get("Arn", f"group/{group['GroupName']}"),
            evidence={"group": group["GroupName"], "mfa_policies": sorted(
                attached & mfa_policy_arns)}))
    return findings


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


def _inline_documents(details: dict[str, list[dict[str, Any]]],
                      ) -> list[tuple[str, str, Any]]:
    """(principal ARN, label, document) of every inline policy of a user, group or role."""
    found = []
    for kind, list_key, name_key, policies_key in (
        ("user", "UserDetailList", "UserName", "UserPolicyList"),
        ("group", "GroupDetailList", "GroupName", "GroupPolicyList"),
        ("role", "RoleDetailList", "RoleName", "RolePolicyList"),
    ):
        for principal in details[list_key]:
            for policy in principal.get(policies_key, []):
                label = f"{kind}/{principal[name_key]} inline {policy['PolicyName']}"
                found.append((principal.get("Arn", f"{kind}/{principal[name_key]}"), label,
                              policy.get("PolicyDocument")))
    return found


@check("iam-policies-no-wildcards")
def policies_no_wildcards(snapshot: AccountSnapshot) -> list[Finding]:
    """A FAIL per policy (or attachment) with a wildcard grant, the policy or the principal as
    its resource (an exception then names that one, never every policy); one PASS when none."""
    control = "iam-policies-no-wildcards"
    details = _details(snapshot)
    documents = [(policy["Arn"], policy["Arn"], _default_document(policy))
                 for policy in details["Policies"]]
    documents += _inline_documents(details)
    problems: dict[str, list[str]] = {}
    for resource, label, document in documents:
        if document is None:
            raise ReadFailed("iam:GetAccountAuthorizationDetails", f"no document for {label}")
        problems.setdefault(resource, []).extend(
            f"{label}: {violation}" for violation in wildcard_violations(document))
    for kind, list_key, name_key in (("user", "UserDetailList", "UserName"),
                                     ("group", "GroupDetailList", "GroupName")):
        for principal in details[list_key]:
            for attached in principal.get("AttachedManagedPolicies", []):
                if attached["PolicyArn"].endswith(FULL_ADMIN_AWS_MANAGED_SUFFIX):
                    problems.setdefault(principal.get("Arn", f"{kind}/{principal[name_key]}"),
                                        []).append(
                        f"{kind}/{principal[name_key]}: AWS managed AdministratorAccess "
                        "grants '*' on '*' as a standing permission")
    failing = {resource: found for resource, found in problems.items() if found}
    if failing:
        return [Finding(control, Status.FAIL,
                        f"{len(found)} wildcard grant(s): {found[0]}", resource=resource,
                        evidence={"violations": _limited(found)})
                for resource, found in sorted(failing.items())]
    return [Finding(control, Status.PASS,
                    f"{len(documents)} customer and inline policies, none with wildcard grants",
                    evidence={"policies_checked": len(documents)})]


def _attached_full_admin(snapshot: AccountSnapshot) -> list[tuple[str, str, str]]:
    """(principal ARN, principal label, policy name) for every attachment of a managed policy
    whose default version allows "*" on "*": customer managed ones by their document, AWS
    managed AdministratorAccess by its ARN (its document is Allow "*" on "*")."""
    details = _details(snapshot)
    admin_arns = {policy["Arn"] for policy in details["Policies"]
                  if grants_full_admin(_default_document(policy))}
    holders = []
    for kind, list_key, name_key in (("user", "UserDetailList", "UserName"),
                                     ("group", "GroupDetailList", "GroupName"),
                                     ("role", "RoleDetailList", "RoleName")):
        for principal in details[list_key]:
            for attached in principal.get("AttachedManagedPolicies", []):
                arn = attached["PolicyArn"]
                if arn in admin_arns or arn.endswith(FULL_ADMIN_AWS_MANAGED_SUFFIX):
                    holders.append((principal.get("Arn", f"{kind}/{principal[name_key]}"),
                                    f"{kind}/{principal[name_key]}", attached["PolicyName"]))
    return sorted(holders)


@check("iam-no-full-admin-policy-attached")
def no_full_admin_policy_attached(snapshot: AccountSnapshot) -> list[Finding]:
    """CIS 1.16: one FAIL per principal holding an attached "*:*" policy (so an exception
    can name the one break-glass role it accepts), else one PASS for the account."""
    control = "iam-no-full-admin-policy-attached"
    holders = _attached_full_admin(snapshot)
    if holders:
        return [Finding(control, Status.FAIL, f"{label} has {policy} attached, which allows '*' "
                        "on '*'", resource=arn, evidence={"principal": label, "policy": policy})
                for arn, label, policy in holders]
    return [Finding(control, Status.PASS, "no attached managed policy allows '*' on '*'",
                    evidence={"customer_policies_checked": len(_details(snapshot)["Policies"])})]


@check("iam-customer-policies-no-full-admin")
def customer_policies_no_full_admin(snapshot: AccountSnapshot) -> list[Finding]:
    control = "iam-customer-policies-no-full-admin"
    policies = _details(snapshot)["Policies"]
    admin = sorted(policy["Arn"] for policy in policies
                   if grants_full_admin(_default_document(policy)))
    if admin:
        return [Finding(control, Status.FAIL, f"customer managed polic(ies) allowing '*' on '*': "
                        f"{', '.join(admin[:10])}", evidence={"full_admin_policies": _limited(admin)})]
    return [Finding(control, Status.PASS, f"{len(policies)} customer managed policies, none "
                    "allows '*' on '*'", evidence={"policies_checked": len(policies)})]


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
