"""The organization's own services, judged from the management (or a delegated) account's
snapshot (the SCP guardrails and what every organization check shares are in
organization.py):

* ``organization-trail``: an organization trail, multi-region, logging.
* ``organization-delegated-admins``: GuardDuty, Security Hub (every audited region) and
  IAM Access Analyzer delegated to one active member account.
* ``organization-config-aggregator``: a Config aggregator over the organization.

From a member account every one of them is NOT_APPLICABLE ("not the management account"),
outside an organization "not in an organization" (organization.not_judged_here).
"""

from __future__ import annotations

from typing import Any

from governance.checks import check
from governance.checks.organization import VIEW, Organization, not_judged_here
from governance.model import AccountSnapshot, Finding, ReadFailed, Status

ACCESS_ANALYZER = "access-analyzer.amazonaws.com"
CONFIG_SERVICES = ("config.amazonaws.com", "config-multiaccountsetup.amazonaws.com")


@check("organization-trail")
def organization_trail(snapshot: AccountSnapshot) -> list[Finding]:
    control_id = "organization-trail"
    if (skip := not_judged_here(snapshot, control_id)) is not None:
        return [skip]
    problems = []
    for region in snapshot.regions:
        trails = snapshot.get("cloudtrail:DescribeTrails", region) or []
        for trail in trails:
            if not trail.get("IsOrganizationTrail") or trail.get("HomeRegion") != region:
                continue
            name = trail.get("Name") or trail["TrailARN"]
            status = (snapshot.get("cloudtrail:GetTrailStatus", region) or {}).get(
                trail["TrailARN"])
            if status is None:
                raise ReadFailed("cloudtrail:GetTrailStatus", f"no status of trail {name}")
            if not trail.get("IsMultiRegionTrail"):
                problems.append(f"organization trail {name} is not multi-region")
            elif not status.get("IsLogging"):
                problems.append(f"organization trail {name} is not logging")
            else:
                return [Finding(control_id, Status.PASS,
                                f"organization trail {name} is multi-region and logging",
                                resource=trail["TrailARN"],
                                evidence={"trail": name, "home_region": region})]
    shadows = sorted({t.get("Name", "") for region in snapshot.regions
                      for t in snapshot.get("cloudtrail:DescribeTrails", region) or []
                      if t.get("IsOrganizationTrail") and t.get("HomeRegion")
                      not in snapshot.regions})
    if shadows and not problems:
        raise ReadFailed("cloudtrail:GetTrailStatus",
                         f"organization trail {shadows[0]} is homed in a region that was not "
                         "audited: audit its home region")
    reason = "; ".join(problems) or (
        "no organization trail (IsOrganizationTrail) in the audited regions")
    return [Finding(control_id, Status.FAIL, reason, evidence={"problems": problems})]


def _admin_ids(entries: list[dict[str, Any]] | None) -> list[str]:
    """Enabled admin account ids (GuardDuty: AdminAccountId/AdminStatus; Security Hub:
    AccountId/Status)."""
    return sorted(e.get("AdminAccountId") or e["AccountId"] for e in entries or []
                  if (e.get("AdminStatus") or e.get("Status") or "ENABLED") == "ENABLED")


GUARDDUTY, SECURITY_HUB = "guardduty.amazonaws.com", "securityhub.amazonaws.com"
DELEGATED_AGGREGATORS = "governance:DelegatedConfigAggregators"


@check("organization-delegated-admins")
def organization_delegated_admins(snapshot: AccountSnapshot) -> list[Finding]:
    control_id = "organization-delegated-admins"
    if (skip := not_judged_here(snapshot, control_id)) is not None:
        return [skip]
    org = Organization.read(snapshot)
    active = {a["Id"] for a in org.active_members()}
    services = snapshot.get("organizations:ListDelegatedServicesForAccount") or {}
    snapshot.get("organizations:ListDelegatedAdministrators")

    def delegated(principal: str) -> list[str]:
        return sorted(a for a, s in services.items() if principal in s)

    admins: dict[str, list[str]] = {"IAM Access Analyzer": delegated(ACCESS_ANALYZER)}
    view = snapshot.reads.get(VIEW)
    if view is not None and view.data == "delegated-admin":
        # ListOrganizationAdminAccounts is the management account's only: a delegated
        # administrator judges from the Organizations registrations GuardDuty and Security
        # Hub make at EnableOrganizationAdminAccount.
        admins["GuardDuty"] = delegated(GUARDDUTY)
        admins["Security Hub"] = delegated(SECURITY_HUB)
    else:
        for region in snapshot.regions:
            admins[f"GuardDuty in {region}"] = _admin_ids(
                snapshot.get("guardduty:ListOrganizationAdminAccounts", region))
            admins[f"Security Hub in {region}"] = _admin_ids(
                snapshot.get("securityhub:ListOrganizationAdminAccounts", region))
    problems = []
    for service, ids in admins.items():
        if not ids:
            problems.append(f"{service} has no delegated administrator")
        for admin in ids:
            if admin == org.management:
                problems.append(f"{service} is administered by the management account {admin}")
            elif admin not in active:
                problems.append(f"{service}'s delegated administrator {admin} is not an active "
                                "member account of the organization")
    chosen = sorted({i for ids in admins.values() for i in ids})
    if not problems and len(chosen) > 1:
        problems.append("the delegated administrators differ: " + ", ".join(
            f"{service} {'/'.join(ids)}" for service, ids in admins.items()))
    evidence = {"delegated_administrators": admins}
    if problems:
        return [Finding(control_id, Status.FAIL, "; ".join(problems), evidence=evidence)]
    return [Finding(control_id, Status.PASS,
                    f"GuardDuty, Security Hub ({', '.join(snapshot.regions)}) and IAM Access "
                    f"Analyzer are delegated to one audit account, {chosen[0]}",
                    resource=chosen[0], evidence=evidence)]


def _covers(aggregator: dict[str, Any], regions: list[str]) -> bool:
    source = aggregator.get("OrganizationAggregationSource") or {}
    if not source:
        return False
    return bool(source.get("AllAwsRegions")) or set(regions) <= set(source.get("AwsRegions", []))


@check("organization-config-aggregator")
def organization_config_aggregator(snapshot: AccountSnapshot) -> list[Finding]:
    control_id = "organization-config-aggregator"
    if (skip := not_judged_here(snapshot, control_id)) is not None:
        return [skip]
    seen = []
    for region in snapshot.regions:
        for aggregator in snapshot.get("config:DescribeConfigurationAggregators", region) or []:
            name = aggregator.get("ConfigurationAggregatorName", "?")
            seen.append(f"{name} ({region})")
            if _covers(aggregator, snapshot.regions):
                return [Finding(control_id, Status.PASS,
                                f"Config aggregator {name} in {region} aggregates the whole "
                                "organization over the audited regions",
                                resource=aggregator.get("ConfigurationAggregatorArn", name),
                                region=region)]
    services = snapshot.get("organizations:ListDelegatedServicesForAccount") or {}
    delegated = sorted(a for a, s in services.items() if set(s) & set(CONFIG_SERVICES))
    view = snapshot.reads.get(VIEW)
    management = view is None or view.data == "management"
    if delegated and management and any(snapshot.reads.get(
            snapshot.key(DELEGATED_AGGREGATORS, region)) is not None for region in snapshot.regions):
        # The organization audit read the Config delegated administrators' aggregators
        # through the member role: the organization layer is judged here, once.
        for region in snapshot.regions:
            for admin, aggregators in sorted(
                    (snapshot.get(DELEGATED_AGGREGATORS, region) or {}).items()):
                for aggregator in aggregators or []:
                    name = aggregator.get("ConfigurationAggregatorName", "?")
                    seen.append(f"{name} ({admin}, {region})")
                    if _covers(aggregator, snapshot.regions):
                        return [Finding(
                            control_id, Status.PASS,
                            f"Config aggregator {name} in the Config delegated administrator "
                            f"{admin} ({region}) aggregates the whole organization over the "
                            "audited regions",
                            resource=aggregator.get("ConfigurationAggregatorArn", name),
                            region=region, evidence={"config_delegated_admins": delegated})]
    elif delegated and management:
        return [Finding(control_id, Status.NOT_APPLICABLE,
                        f"AWS Config is delegated to {', '.join(delegated)}: the organization "
                        "aggregator is judged from that account",
                        evidence={"config_delegated_admins": delegated})]
    reason = ("no Config aggregator over the organization covering "
              f"{', '.join(snapshot.regions)}" + (f" (seen: {', '.join(seen)})" if seen else ""))
    return [Finding(control_id, Status.FAIL, reason, evidence={"aggregators": seen})]
