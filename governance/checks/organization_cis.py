"""The organization items of CIS AWS Foundations v6.0.0 / v7.0.0, judged from the management
(or a delegated administrator's) snapshot as their audit procedures read them.

* ``organization-root-credentials-management`` (v7.0.0 2.1.1): IAM has trusted access in the
  organization (step 3: iam.amazonaws.com in ListAWSServiceAccessForOrganization) and root
  credentials management is enabled for member accounts (step 4: RootCredentialsManagement
  in iam:ListOrganizationsFeatures). Privileged root sessions (RootSessions) are "if
  desired" in the remediation: shown, not required. Step 5 (the IAM delegated administrator
  is a security account) is a reviewer's.
* ``organization-policies-delegated-admin`` (v7.0.0 2.1.5): the organization's
  resource-based delegation policy (DescribeResourcePolicy) lets at least one active member
  account (never the management account) manage Organizations policies (an Allow of
  CreatePolicy, UpdatePolicy, DeletePolicy, AttachPolicy or DetachPolicy); no policy
  (ResourcePolicyNotFoundException) fails, as step 3 says. Steps 4-5 (a purpose-built account,
  least privilege) are a reviewer's.
* ``organization-services-delegated-admins`` (v7.0.0 2.1.6): every Organizations-integrated
  service in use (trusted access on; CloudTrail: an organization trail exists, the
  procedure's own example) that supports delegated administration has an active member
  account, not the management account, registered as its delegated administrator. Trusted
  services this tool does not know to support delegation are listed, not judged.
* ``access-analyzer-organization`` (v6.0.0 2.19, v7.0.0 2.18): ``list-analyzers --type
  ORGANIZATION`` shows an ACTIVE analyzer in every audited region. The organization
  analyzer lives in the management account or, where IAM Access Analyzer is delegated, in
  its delegated administrator: the organization audit reads the delegated administrator's
  analyzers through the member role and judges it once, in the management account's unit
  (as the Config aggregator). A single-account audit of the management account without
  the member role says where it is judged; a member account cannot list the organization
  analyzer (NOT_APPLICABLE there, judged in the management account, never PASS). Outside an
  organization the item's organization analyzer cannot exist: an ACTIVE account (external
  access) analyzer is the zone of trust there and passes.
"""

from __future__ import annotations

import json
from typing import Any

from governance.checks import check
from governance.checks.organization import VIEW, not_judged_here
from governance.iam_patterns import matches_any
from governance.model import AccountSnapshot, Finding, ReadFailed, Status

IAM = "iam.amazonaws.com"
ACCESS_ANALYZER = "access-analyzer.amazonaws.com"
CLOUDTRAIL = "cloudtrail.amazonaws.com"
DELEGATED_ANALYZERS = "governance:DelegatedAccessAnalyzers"
ROOT_CREDENTIALS, ROOT_SESSIONS = "RootCredentialsManagement", "RootSessions"
# Organizations policy management (CIS v7.0.0 2.1.5 step 5: CreatePolicy, AttachPolicy,
# UpdatePolicy, etc.): an account granted any of them manages Organizations policies.
POLICY_MANAGEMENT_ACTIONS = ("organizations:CreatePolicy", "organizations:UpdatePolicy",
                             "organizations:DeletePolicy", "organizations:AttachPolicy",
                             "organizations:DetachPolicy")
# Organizations-integrated services that support a delegated administrator ("AWS services
# that you can use with AWS Organizations", Supports delegated administrator column): name
# -> (trusted-access principals, delegated-administrator principals). CloudTrail is in use
# where an organization trail exists (CIS v7.0.0 2.1.6 step 2), the others where trusted
# access is on.
DELEGABLE_SERVICES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "AWS Account Management": (("account.amazonaws.com",),) * 2,
    "IAM Access Analyzer": ((ACCESS_ANALYZER,),) * 2,
    "AWS Audit Manager": (("auditmanager.amazonaws.com",),) * 2,
    "AWS Backup": (("backup.amazonaws.com",),) * 2,
    "AWS CloudFormation StackSets": (("member.org.stacksets.cloudformation.amazonaws.com",),) * 2,
    "AWS CloudTrail": ((CLOUDTRAIL,),) * 2,
    "AWS Config": (("config.amazonaws.com", "config-multiaccountsetup.amazonaws.com"),) * 2,
    "Amazon Detective": (("detective.amazonaws.com",),) * 2,
    "AWS Firewall Manager": (("fms.amazonaws.com",),) * 2,
    "Amazon GuardDuty": (("guardduty.amazonaws.com",),) * 2,
    "AWS Health": (("health.amazonaws.com",),) * 2,
    "IAM (centralized root access)": ((IAM,),) * 2,
    "IAM Identity Center": (("sso.amazonaws.com",),) * 2,
    "Amazon Inspector": (("inspector2.amazonaws.com",),) * 2,
    "Amazon VPC IP Address Manager": (("ipam.amazonaws.com",),) * 2,
    "Amazon Macie": (("macie.amazonaws.com",),) * 2,
    "AWS Security Hub": (("securityhub.amazonaws.com",),) * 2,
    "Amazon Security Lake": (("securitylake.amazonaws.com",),) * 2,
    "AWS Service Catalog": (("servicecatalog.amazonaws.com",),) * 2,
    "AWS Systems Manager": (("ssm.amazonaws.com",),) * 2,
}


def _active_members(snapshot: AccountSnapshot, management: str) -> dict[str, dict[str, Any]]:
    return {a["Id"]: a for a in snapshot.get("organizations:ListAccounts") or []
            if a["Id"] != management and (a.get("State") or a.get("Status")) == "ACTIVE"}


def _label(account_id: str, accounts: dict[str, dict[str, Any]]) -> str:
    name = (accounts.get(account_id) or {}).get("Name")
    return f"{account_id} ({name})" if name else account_id


def _trusted(snapshot: AccountSnapshot) -> set[str]:
    return {s["ServicePrincipal"] for s in
            snapshot.get("organizations:ListAWSServiceAccessForOrganization") or []}


# --- CIS v7.0.0 2.1.1 ------------------------------------------------------------------------


@check("organization-root-credentials-management")
def root_credentials_management(snapshot: AccountSnapshot) -> list[Finding]:
    control_id = "organization-root-credentials-management"
    if (skip := not_judged_here(snapshot, control_id)) is not None:
        return [skip]
    org = snapshot.get("organizations:DescribeOrganization")
    if "iam:ListOrganizationsFeatures" not in snapshot.reads:
        return [Finding(control_id, Status.NOT_APPLICABLE,
                        "this delegated administrator is not IAM's: centralized root access is "
                        "judged from the management account or the IAM delegated administrator",
                        evidence={"management_account": org.get("MasterAccountId")})]
    trusted = IAM in _trusted(snapshot)
    features = snapshot.get("iam:ListOrganizationsFeatures")
    enabled = sorted(set((features or {}).get("EnabledFeatures") or []))
    evidence = {"organization": org.get("Id"), "management_account": org.get("MasterAccountId"),
                "iam_trusted_access": trusted, "enabled_features": enabled,
                "root_sessions": ROOT_SESSIONS in enabled}
    problems = []
    if org.get("FeatureSet") not in (None, "ALL"):
        problems.append(f"organization {org.get('Id')} does not have all features enabled")
    if not trusted:
        problems.append("IAM (iam.amazonaws.com) has no trusted access in the organization")
    if ROOT_CREDENTIALS not in enabled:
        problems.append("root credentials management for member accounts is not enabled "
                        "(IAM root access management)")
    resource = org.get("Arn") or org.get("Id") or "organization"
    if problems:
        return [Finding(control_id, Status.FAIL, "; ".join(problems), resource=resource,
                        evidence=evidence)]
    sessions = "on" if ROOT_SESSIONS in enabled else "off"
    return [Finding(control_id, Status.PASS,
                    f"centralized root access in organization {org.get('Id')}: IAM trusted "
                    "access on and root credentials management enabled for member accounts "
                    f"(privileged root sessions {sessions})", resource=resource,
                    evidence=evidence)]


# --- CIS v7.0.0 2.1.5 ------------------------------------------------------------------------


def _principal_accounts(principal: Any) -> tuple[list[str], list[str]]:
    """(account ids an AWS principal names, principals that name no account: "*" ...)."""
    if principal == "*":
        return [], ["*"]
    values = (principal or {}).get("AWS", []) if isinstance(principal, dict) else []
    accounts, other = [], []
    for value in values if isinstance(values, list) else [values]:
        text = str(value)
        if text.isdigit() and len(text) == 12:
            accounts.append(text)
        elif text.startswith("arn:") and len(text.split(":")) > 5 and text.split(":")[4]:
            accounts.append(text.split(":")[4])
        else:
            other.append(text)
    return accounts, other


def _grants(statement: dict[str, Any], action: str) -> bool:
    def patterns(key: str) -> list[str]:
        value = statement.get(key)
        return [str(v) for v in (value if isinstance(value, list) else [value])] if value else []

    if "NotAction" in statement:
        return not matches_any(patterns("NotAction"), action, ignore_case=True)
    return matches_any(patterns("Action"), action, ignore_case=True)


def policy_delegates(content: str, management: str, members: dict[str, dict[str, Any]]
                     ) -> tuple[dict[str, list[str]], list[str]]:
    """({active member account: the policy-management actions the delegation policy allows
    it}, what else the policy's Allow statements name: the management account, accounts
    outside the organization, principals that name no account)."""
    try:
        document = json.loads(content)
    except (TypeError, ValueError):
        raise ReadFailed("organizations:DescribeResourcePolicy",
                         "the delegation policy's content is not JSON") from None
    statements = document.get("Statement", []) if isinstance(document, dict) else []
    delegates: dict[str, list[str]] = {}
    others: list[str] = []
    for statement in statements if isinstance(statements, list) else [statements]:
        if not isinstance(statement, dict) or statement.get("Effect") != "Allow":
            continue
        granted = [a.split(":", 1)[1] for a in POLICY_MANAGEMENT_ACTIONS if _grants(statement, a)]
        accounts, unnamed = _principal_accounts(statement.get("Principal"))
        others += [f"principal {p}" for p in unnamed]
        for account in accounts:
            if account == management:
                others.append(f"the management account {account}")
            elif account not in members:
                others.append(f"account {account} (not an active member account)")
            elif granted:
                delegates[account] = sorted(set(delegates.get(account, [])) | set(granted))
            else:
                delegates.setdefault(account, [])
    return delegates, sorted(set(others))


@check("organization-policies-delegated-admin")
def policies_delegated_admin(snapshot: AccountSnapshot) -> list[Finding]:
    control_id = "organization-policies-delegated-admin"
    if (skip := not_judged_here(snapshot, control_id)) is not None:
        return [skip]
    org = snapshot.get("organizations:DescribeOrganization")
    management = org["MasterAccountId"]
    members = _active_members(snapshot, management)
    policy = snapshot.get("organizations:DescribeResourcePolicy")
    if policy is None:
        return [Finding(control_id, Status.FAIL,
                        "no resource-based delegation policy: Organizations policies are "
                        f"managed from the management account {management}",
                        evidence={"delegation_policy": None})]
    summary = policy.get("ResourcePolicySummary") or {}
    if "Content" not in policy:
        raise ReadFailed("organizations:DescribeResourcePolicy",
                         "the delegation policy was read without its content")
    delegates, others = policy_delegates(policy["Content"], management, members)
    managing = {account: actions for account, actions in delegates.items() if actions}
    evidence: dict[str, Any] = {"delegation_policy": summary.get("Id"),
                                "policy_management": managing,
                                "read_only_delegates": sorted(set(delegates) - set(managing)),
                                "not_counted": others[:20]}
    if not managing:
        named = "; ".join([*(f"member account {_label(a, members)} gets no policy-management "
                             "action" for a in sorted(delegates)), *others])
        return [Finding(control_id, Status.FAIL,
                        f"delegation policy {summary.get('Id', '?')} lets no member account "
                        "manage Organizations policies (CreatePolicy, UpdatePolicy, "
                        "DeletePolicy, AttachPolicy, DetachPolicy)" + (f": {named}" if named else ""),
                        resource=summary.get("Arn"), evidence=evidence)]
    listed = "; ".join(f"{_label(a, members)}: {', '.join(actions)}"
                       for a, actions in sorted(managing.items()))
    return [Finding(control_id, Status.PASS,
                    f"delegation policy {summary.get('Id', '?')} lets member account(s) manage "
                    f"Organizations policies ({listed})", resource=summary.get("Arn"),
                    evidence=evidence)]


# --- CIS v7.0.0 2.1.6 ------------------------------------------------------------------------


def _organization_trails(snapshot: AccountSnapshot) -> list[str]:
    return sorted({t.get("Name") or t.get("TrailARN", "?") for region in snapshot.regions
                   for t in snapshot.get("cloudtrail:DescribeTrails", region) or []
                   if t.get("IsOrganizationTrail")})


@check("organization-services-delegated-admins")
def services_delegated_admins(snapshot: AccountSnapshot) -> list[Finding]:
    control_id = "organization-services-delegated-admins"
    if (skip := not_judged_here(snapshot, control_id)) is not None:
        return [skip]
    org = snapshot.get("organizations:DescribeOrganization")
    management = org["MasterAccountId"]
    members = _active_members(snapshot, management)
    trusted = _trusted(snapshot)
    delegated = snapshot.get("organizations:ListDelegatedServicesForAccount") or {}
    snapshot.get("organizations:ListDelegatedAdministrators")
    org_trails = _organization_trails(snapshot)
    known = {p for trusted_by, _ in DELEGABLE_SERVICES.values() for p in trusted_by}
    in_use: dict[str, str] = {}
    for service, (trusted_by, _) in DELEGABLE_SERVICES.items():
        if CLOUDTRAIL in trusted_by:
            if org_trails:
                in_use[service] = f"organization trail {', '.join(org_trails)}"
        elif set(trusted_by) & trusted:
            in_use[service] = "trusted access " + ", ".join(sorted(set(trusted_by) & trusted))
    unjudged = sorted(trusted - known)
    judged: dict[str, list[str]] = {}
    problems = []
    for service, why in in_use.items():
        principals = set(DELEGABLE_SERVICES[service][1])
        admins = sorted(a for a, services in delegated.items() if set(services) & principals)
        good = [a for a in admins if a in members]
        judged[service] = admins
        if good:
            continue
        if not admins:
            problems.append(f"{service} ({why}) has no delegated administrator")
        for admin in admins:
            where = ("the management account" if admin == management
                     else "not an active member account")
            problems.append(f"{service}'s delegated administrator {admin} is {where}")
    evidence = {"in_use": in_use, "delegated_administrators": judged,
                "trusted_services_not_judged": unjudged[:20],
                "cloudtrail_out_of_scope": not org_trails}
    if not in_use:
        return [Finding(control_id, Status.NOT_APPLICABLE,
                        "no Organizations-integrated service that supports delegated "
                        "administration is in use (no trusted access, no organization trail)",
                        evidence=evidence)]
    not_judged = (f"; {len(unjudged)} trusted service(s) without known delegated "
                  f"administration not judged: {', '.join(unjudged[:5])}" if unjudged else "")
    if problems:
        return [Finding(control_id, Status.FAIL, "; ".join(problems), evidence=evidence)]
    return [Finding(control_id, Status.PASS,
                    "every integrated service in use is administered by a member account: "
                    + "; ".join(f"{service} {'/'.join(_label(a, members) for a in admins if a in members)}"
                                for service, admins in judged.items()) + not_judged,
                    evidence=evidence)]


# --- CIS v6.0.0 2.19 / v7.0.0 2.18 -----------------------------------------------------------


def _analyzers(items: list[dict[str, Any]] | None, kinds: tuple[str, ...]) -> list[str]:
    return sorted(a.get("name", "?") for a in items or []
                  if a.get("status") == "ACTIVE" and a.get("type") in kinds)


@check("access-analyzer-organization")
def access_analyzer_organization(snapshot: AccountSnapshot) -> list[Finding]:
    control_id = "access-analyzer-organization"
    org = snapshot.get("organizations:DescribeOrganization")
    if org is None:
        findings = []
        for region in snapshot.regions:
            active = _analyzers(snapshot.get("access-analyzer:ListAnalyzers", region),
                                ("ACCOUNT", "ORGANIZATION"))
            if active:
                findings.append(Finding(
                    control_id, Status.PASS, f"not in an organization: external access "
                    f"analyzer {', '.join(active)} is ACTIVE in {region} (the account is the "
                    "zone of trust)", region=region, evidence={"analyzers": active}))
            else:
                findings.append(Finding(
                    control_id, Status.FAIL, f"not in an organization and no ACTIVE external "
                    f"access analyzer (ACCOUNT) in {region}", region=region))
        return findings
    read = snapshot.reads.get(VIEW)
    view = read.data if read is not None else (
        "management" if org.get("MasterAccountId") == snapshot.account_id else "member")
    if view not in ("management", "delegated-admin"):
        return [Finding(control_id, Status.NOT_APPLICABLE,
                        f"member account of organization {org.get('Id')}: it cannot list the "
                        "organization analyzer, which lives in the management account or the "
                        "IAM Access Analyzer delegated administrator and is judged there",
                        region=region, evidence={"management_account": org.get("MasterAccountId")})
                for region in snapshot.regions]
    services = snapshot.get("organizations:ListDelegatedServicesForAccount") or {}
    admins = sorted(a for a, principals in services.items() if ACCESS_ANALYZER in principals)
    here = view == "management" or snapshot.account_id in admins
    findings = []
    for region in snapshot.regions:
        own = snapshot.get("access-analyzer:ListAnalyzers", region) or []
        active = _analyzers(own, ("ORGANIZATION",))
        if active:
            findings.append(Finding(control_id, Status.PASS, f"organization analyzer "
                                    f"{', '.join(active)} is ACTIVE in {region}", region=region,
                                    evidence={"analyzers": active, "account": snapshot.account_id}))
            continue
        elsewhere = [a for a in admins if a != snapshot.account_id]
        if not here or (view == "management" and elsewhere):
            if view == "management" and snapshot.reads.get(
                    snapshot.key(DELEGATED_ANALYZERS, region)) is not None:
                theirs = snapshot.get(DELEGATED_ANALYZERS, region) or {}
                found = [(admin, _analyzers(theirs.get(admin), ("ORGANIZATION",)))
                         for admin in elsewhere]
                passing = [(admin, names) for admin, names in found if names]
                if passing:
                    admin, names = passing[0]
                    findings.append(Finding(
                        control_id, Status.PASS, f"organization analyzer {', '.join(names)} is "
                        f"ACTIVE in {region} in the IAM Access Analyzer delegated administrator "
                        f"{admin}", region=region,
                        evidence={"analyzers": names, "account": admin}))
                else:
                    findings.append(Finding(
                        control_id, Status.FAIL, f"no ACTIVE organization analyzer in {region}: "
                        "neither the management account nor the IAM Access Analyzer delegated "
                        f"administrator {', '.join(elsewhere)} has one", region=region,
                        evidence={"delegated_admins": elsewhere}))
                continue
            where = (f"the IAM Access Analyzer delegated administrator {', '.join(elsewhere)}"
                     if elsewhere else "the management account")
            findings.append(Finding(
                control_id, Status.NOT_APPLICABLE, f"the organization analyzer in {region} is "
                f"judged from {where} (the organization audit reads it through the member "
                "role)", region=region, evidence={"delegated_admins": admins}))
            continue
        others = _analyzers(own, ("ACCOUNT", "ACCOUNT_UNUSED_ACCESS", "ORGANIZATION_UNUSED_ACCESS"))
        findings.append(Finding(
            control_id, Status.FAIL, f"no ACTIVE organization analyzer (type ORGANIZATION) in "
            f"{region}" + (f" (other analyzers: {', '.join(others)})" if others else ""),
            region=region, evidence={"analyzers": [
                {k: a.get(k) for k in ("name", "type", "status")} for a in own[:20]]}))
    return findings
