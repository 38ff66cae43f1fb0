"""Checks of how people reach the account: roles (session length, trust), federation,
Identity Center permission sets and the AWS Support role."""

from __future__ import annotations

import re
from typing import Any

from governance.checks import check
from governance.iam_patterns import matches_any
from governance.model import AccountSnapshot, Finding, Status
from governance.policy_lint import grants_full_admin, parse_document, statements

EVIDENCE_LIMIT = 50
SUPPORT_POLICY_SUFFIX = ":iam::aws:policy/AWSSupportAccess"
ADMIN_POLICY_SUFFIX = ":iam::aws:policy/AdministratorAccess"

# Session limits for roles people assume (the kind table of terraform/modules/access-roles
# and saml-federation): admin-like roles (AdministratorAccess or a '*' on '*' grant) 1 h,
# every other human-assumable role 4 h. IAM allows up to 12 h; a stolen session should
# expire sooner.
ADMIN_ROLE_MAX_SESSION_SECONDS = 3600
ROLE_MAX_SESSION_SECONDS = 14400
# Identity Center permission sets: the same 4 h ceiling (ISO 8601 PT4H).
PERMISSION_SET_MAX_SESSION_SECONDS = 14400

# Roles whose trust and session AWS manages: service-linked roles and the roles IAM
# Identity Center provisions for permission sets (governed by the permission set).
AWS_MANAGED_ROLE_PATHS = ("/aws-service-role/", "/aws-reserved/sso.amazonaws.com/")
IDENTITY_CENTER_ROLE_PATH = "/aws-reserved/sso.amazonaws.com/"
# The actions a trust policy grants to assume a role; a statement's Action patterns are
# matched against them with IAM's wildcards (sts:Assume*, sts:AssumeRol?, *), and an Allow
# with NotAction grants each one it does not list.
ASSUME_ACTIONS = ("sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity")


def _limited(items: list[Any]) -> dict[str, Any]:
    return {"count": len(items), "items": items[:EVIDENCE_LIMIT]}


def _names(items: list[str]) -> str:
    return "; ".join(items[:5]) + (f" (+{len(items) - 5} more)" if len(items) > 5 else "")


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return [value] if isinstance(value, str | bool | int) else list(value)


def _customer_roles(snapshot: AccountSnapshot) -> list[dict[str, Any]]:
    return [role for role in snapshot.get("iam:ListRoles")
            if not str(role.get("Path", "/")).startswith(AWS_MANAGED_ROLE_PATHS)]


def grants_assume(statement: dict[str, Any]) -> bool:
    """An Allow statement of a trust policy that lets its principals assume the role."""
    if statement.get("Effect") != "Allow":
        return False
    if "NotAction" in statement:
        excluded = [str(a) for a in _as_list(statement["NotAction"])]
        return any(not matches_any(excluded, action, ignore_case=True)
                   for action in ASSUME_ACTIONS)
    patterns = [str(a) for a in _as_list(statement.get("Action"))]
    return any(matches_any(patterns, action, ignore_case=True) for action in ASSUME_ACTIONS)


def _assume_statements(role: dict[str, Any]) -> list[dict[str, Any]]:
    return [statement for statement in statements(role.get("AssumeRolePolicyDocument") or {})
            if grants_assume(statement)]


def _principals(statement: dict[str, Any]) -> dict[str, list[str]]:
    principal = statement.get("Principal")
    if principal == "*":
        return {"AWS": ["*"]}
    if not isinstance(principal, dict):
        return {}
    return {kind: [str(v) for v in _as_list(values)] for kind, values in principal.items()}


def is_human_assumable(role: dict[str, Any]) -> bool:
    """Trusted by an IAM principal or a federated identity (not only by AWS services)."""
    return any(set(_principals(s)) & {"AWS", "Federated"} for s in _assume_statements(role))


def _condition_values(statement: dict[str, Any], key: str,
                      operators: tuple[str, ...] | None = None) -> list[str]:
    values: list[str] = []
    for operator, conditions in (statement.get("Condition") or {}).items():
        if operators is not None and operator not in operators:
            continue
        for name, value in (conditions or {}).items():
            if name.lower() == key.lower():
                values += [str(v).lower() for v in _as_list(value)]
    return values


def _condition_keys(statement: dict[str, Any]) -> set[str]:
    return {name.lower() for conditions in (statement.get("Condition") or {}).values()
            for name in (conditions or {})}


def requires_mfa(statement: dict[str, Any]) -> bool:
    """aws:MultiFactorAuthPresent must be true (Bool, not BoolIfExists: IfExists lets
    long-term keys without MFA through)."""
    return "true" in _condition_values(statement, "aws:MultiFactorAuthPresent", ("Bool",))


def _account_of(principal: str) -> str | None:
    if re.fullmatch(r"\d{12}", principal):
        return principal
    match = re.match(r"arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):", principal)
    return match.group(1) if match else None


def trust_problems(role: dict[str, Any], account_id: str) -> list[str]:
    """Why the role's trust policy is not protected, one entry per unprotected principal."""
    problems = []
    name = role["RoleName"]
    for statement in _assume_statements(role):
        for kind, values in _principals(statement).items():
            for principal in values:
                if kind == "Federated":
                    keys = _condition_keys(statement)
                    if "saml-provider/" in principal or principal.endswith("saml"):
                        if "saml:aud" not in keys:
                            problems.append(f"{name}: SAML trust of {principal} without SAML:aud")
                    elif not any(k.endswith((":aud", ":sub")) for k in keys):
                        problems.append(f"{name}: web identity trust of {principal} without an "
                                        "audience or subject condition")
                elif kind == "AWS":
                    owner = _account_of(principal)
                    if principal == "*" or owner == account_id:
                        if not requires_mfa(statement):
                            who = "any principal" if principal == "*" else principal
                            problems.append(f"{name}: trusts {who} without "
                                            "aws:MultiFactorAuthPresent")
                    elif not (_condition_values(statement, "sts:ExternalId")
                              or requires_mfa(statement)):
                        problems.append(f"{name}: cross-account trust of {principal} without "
                                        "sts:ExternalId")
    return problems


@check("roles-trust-requires-mfa-or-federation")
def roles_trust_protected(snapshot: AccountSnapshot) -> list[Finding]:
    control = "roles-trust-requires-mfa-or-federation"
    roles = [role for role in _customer_roles(snapshot) if is_human_assumable(role)]
    if not roles:
        return [Finding(control, Status.NOT_APPLICABLE,
                        "no role is trusted by an IAM principal or a federated identity")]
    problems = [p for role in roles for p in trust_problems(role, snapshot.account_id)]
    if problems:
        return [Finding(control, Status.FAIL, f"{len(problems)} unprotected trust(s): "
                        f"{_names(problems)}", evidence={"problems": _limited(problems)})]
    return [Finding(control, Status.PASS, f"{len(roles)} assumable role(s), every trust requires "
                    "MFA, an external id or a federation audience",
                    evidence={"roles": _limited(sorted(r["RoleName"] for r in roles))})]


def _admin_role_names(snapshot: AccountSnapshot) -> set[str]:
    details = snapshot.get("iam:GetAccountAuthorizationDetails")
    admin_policies = {
        policy["Arn"] for policy in details["Policies"]
        if any(v.get("IsDefaultVersion") and v.get("Document") is not None
               and grants_full_admin(v["Document"]) for v in policy.get("PolicyVersionList", []))}
    names = set()
    for role in details["RoleDetailList"]:
        attached = {p["PolicyArn"] for p in role.get("AttachedManagedPolicies", [])}
        if (any(arn.endswith(ADMIN_POLICY_SUFFIX) for arn in attached)
                or attached & admin_policies
                or any(p.get("PolicyDocument") is not None
                       and grants_full_admin(p["PolicyDocument"])
                       for p in role.get("RolePolicyList", []))):
            names.add(role["RoleName"])
    return names


@check("roles-limited-session")
def roles_limited_session(snapshot: AccountSnapshot) -> list[Finding]:
    control = "roles-limited-session"
    roles = [role for role in _customer_roles(snapshot) if is_human_assumable(role)]
    admins = _admin_role_names(snapshot)
    if not roles:
        return [Finding(control, Status.NOT_APPLICABLE, "no role is assumable by people")]
    too_long = []
    for role in roles:
        limit = (ADMIN_ROLE_MAX_SESSION_SECONDS if role["RoleName"] in admins
                 else ROLE_MAX_SESSION_SECONDS)
        duration = int(role.get("MaxSessionDuration") or 3600)
        if duration > limit:
            kind = "admin role" if role["RoleName"] in admins else "role"
            too_long.append(f"{kind} {role['RoleName']} allows {duration} s sessions "
                            f"(limit {limit} s)")
    if too_long:
        return [Finding(control, Status.FAIL, _names(sorted(too_long)),
                        evidence={"too_long": _limited(sorted(too_long))})]
    return [Finding(control, Status.PASS, f"{len(roles)} assumable role(s) within their session "
                    f"limit (admin {ADMIN_ROLE_MAX_SESSION_SECONDS} s, other "
                    f"{ROLE_MAX_SESSION_SECONDS} s)",
                    evidence={"roles": _limited(sorted(
                        f"{r['RoleName']}={r.get('MaxSessionDuration')}" for r in roles))})]


@check("iam-support-role")
def support_role(snapshot: AccountSnapshot) -> list[Finding]:
    control = "iam-support-role"
    roles = snapshot.get("iam:GetAccountAuthorizationDetails")["RoleDetailList"]
    support = sorted(role["RoleName"] for role in roles if any(
        p["PolicyArn"].endswith(SUPPORT_POLICY_SUFFIX)
        for p in role.get("AttachedManagedPolicies", [])))
    if not support:
        return [Finding(control, Status.FAIL, "no IAM role has the AWSSupportAccess policy "
                        "attached", evidence={"roles": len(roles)})]
    return [Finding(control, Status.PASS, f"support role(s) with AWSSupportAccess: "
                    f"{', '.join(support)}", evidence={"support_roles": support})]


def _permission_sets(snapshot: AccountSnapshot) -> tuple[list[dict[str, Any]], list[Any]]:
    instances: list[Any] = []
    permission_sets: list[dict[str, Any]] = []
    for region in snapshot.regions:
        instances += snapshot.get("sso-admin:ListInstances", region) or []
        permission_sets += snapshot.get("sso-admin:DescribePermissionSet", region) or []
    return permission_sets, instances


@check("federation-configured")
def federation_configured(snapshot: AccountSnapshot) -> list[Finding]:
    control = "federation-configured"
    saml = [p["Arn"] for p in snapshot.get("iam:ListSAMLProviders") or []]
    oidc = [p["Arn"] for p in snapshot.get("iam:ListOpenIDConnectProviders") or []]
    sso_roles = [r["RoleName"] for r in snapshot.get("iam:ListRoles")
                 if str(r.get("Path", "")).startswith(IDENTITY_CENTER_ROLE_PATH)]
    permission_sets, instances = _permission_sets(snapshot)
    evidence = {"saml_providers": saml, "oidc_providers": oidc,
                "identity_center_instances": len(instances),
                "identity_center_permission_sets": len(permission_sets),
                "identity_center_roles": _limited(sorted(sso_roles))}
    ways = []
    if saml:
        ways.append(f"{len(saml)} SAML provider(s)")
    if oidc:
        ways.append(f"{len(oidc)} OIDC provider(s)")
    if permission_sets:
        ways.append(f"IAM Identity Center with {len(permission_sets)} permission set(s)")
    if sso_roles:
        ways.append(f"{len(sso_roles)} IAM Identity Center role(s) provisioned")
    if not ways:
        return [Finding(control, Status.FAIL, "no SAML or OIDC provider and no IAM Identity Center "
                        "permission set or provisioned role: identities are not managed centrally"
                        + (" (an Identity Center instance exists but grants nothing)"
                           if instances else ""), evidence=evidence)]
    return [Finding(control, Status.PASS, "identities federated through " + ", ".join(ways),
                    evidence=evidence)]


def iso_duration_seconds(value: object) -> int | None:
    """Seconds of an ISO 8601 time duration such as PT1H, PT90M or PT1H30M; None for anything
    else, a number included (AWS answers a string; moto answers 3600 for an unset duration):
    an unreadable duration is never taken as a short one."""
    if not isinstance(value, str):
        return None
    match = re.fullmatch(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?", value or "")
    if not match or not any(match.groups()):
        return None
    hours, minutes, seconds = (int(g or 0) for g in match.groups())
    return hours * 3600 + minutes * 60 + seconds


@check("identity-center-permission-set-session")
def permission_set_session(snapshot: AccountSnapshot) -> list[Finding]:
    control = "identity-center-permission-set-session"
    permission_sets, instances = _permission_sets(snapshot)
    if not instances:
        return [Finding(control, Status.NOT_APPLICABLE, "no IAM Identity Center instance in the "
                        f"audited region(s) {', '.join(snapshot.regions)}")]
    if not permission_sets:
        return [Finding(control, Status.NOT_APPLICABLE,
                        "the IAM Identity Center instance has no permission sets")]
    too_long = []
    for ps in permission_sets:
        # Identity Center's default session is PT1H when none is set.
        seconds = iso_duration_seconds(ps.get("SessionDuration") or "PT1H")
        if seconds is None or seconds > PERMISSION_SET_MAX_SESSION_SECONDS:
            too_long.append(f"{ps.get('Name')} ({ps.get('SessionDuration')})")
    if too_long:
        return [Finding(control, Status.FAIL, f"permission set(s) with sessions longer than "
                        f"PT{PERMISSION_SET_MAX_SESSION_SECONDS // 3600}H: {_names(sorted(too_long))}",
                        evidence={"too_long": _limited(sorted(too_long))})]
    return [Finding(control, Status.PASS, f"{len(permission_sets)} permission set(s), sessions at "
                    f"most PT{PERMISSION_SET_MAX_SESSION_SECONDS // 3600}H",
                    evidence={"permission_sets": _limited(sorted(
                        f"{p.get('Name')}={p.get('SessionDuration')}" for p in permission_sets))})]


__all__ = ["iso_duration_seconds", "parse_document", "requires_mfa", "trust_problems"]
