"""AWS Organizations: the organization layer, read only where AWS lets the caller read it.

Every audited account makes one call, DescribeOrganization (AWSOrganizationsNotInUseException
is recorded as None: "not in an organization", an absence, not an error). The management
account reads the rest: the root, the OU tree, the accounts and where each sits, the service
control policies with their content and targets, the delegated administrators, and per
region the GuardDuty and Security Hub organization admin accounts (ListOrganizationAdminAccounts:
management account only, on AWS) and the Config aggregators. Where AWS Config is delegated
and the collector can reach member accounts (``Collector(member_session=...)``: the
organization audit's member role), it also reads the Config delegated administrators'
aggregators (``governance:DelegatedConfigAggregators``), so the organization layer is judged
once, in the management account's audit.

An account the caller declares a delegated administrator
(``Collector(organization_delegated_admin=True)``) reads only what AWS lets a delegated
administrator read: the Organizations reads above and its own aggregators, never the
management-only admin lists. The organization audit does not declare one: it judges the
organization layer from the management account. A member account's audit keeps its calls
flat (one more per account, whatever the organization's size).

The management account also reads the organization's trusted-access services
(ListAWSServiceAccessForOrganization), its resource-based delegation policy
(DescribeResourcePolicy; ResourcePolicyNotFoundException is None: no delegation) and IAM's
centralized root access features (iam:ListOrganizationsFeatures, also read by the IAM
delegated administrator); where IAM Access Analyzer is delegated and the member role can be
assumed, the delegated administrator's analyzers (``governance:DelegatedAccessAnalyzers``,
per region), where the organization analyzer lives.

Per-resource reads are kept as one snapshot entry per API: ``{parent id | policy id |
account id: data}``. The organization trail is read by governance/collectors/cloudtrail.py
(DescribeTrails has IsOrganizationTrail).
"""

from __future__ import annotations

from typing import Any

from governance.collectors import global_reader, regional_reader

NOT_IN_USE = {"AWSOrganizationsNotInUseException"}
VIEW = "governance:OrganizationView"  # management | delegated-admin | member | none
DELEGATED_AGGREGATORS = "governance:DelegatedConfigAggregators"  # per region {admin: [...]}
CONFIG_SERVICES = ("config.amazonaws.com", "config-multiaccountsetup.amazonaws.com")
ACCESS_ANALYZER, IAM = "access-analyzer.amazonaws.com", "iam.amazonaws.com"
# per region {Access Analyzer delegated admin: [its analyzers]}
DELEGATED_ANALYZERS = "governance:DelegatedAccessAnalyzers"


def organization_view(collector: Any, snapshot: Any) -> str:
    read = snapshot.reads.get("organizations:DescribeOrganization")
    if read is None or read.error is not None:
        return "unknown"
    if read.data is None:
        return "none"
    if read.data.get("MasterAccountId") == snapshot.account_id:
        return "management"
    if collector.organization_delegated_admin:
        return "delegated-admin"
    return "member"


def reads_organization(snapshot: Any) -> bool:
    read = snapshot.reads.get(VIEW)
    return read is not None and read.data in ("management", "delegated-admin")


@global_reader
def read_organization(collector: Any, snapshot: Any) -> None:
    org = collector.client("organizations")
    collector.read(snapshot, "organizations:DescribeOrganization",
                   lambda: org.describe_organization()["Organization"], absent=NOT_IN_USE)
    snapshot.record(VIEW, organization_view(collector, snapshot))
    if not reads_organization(snapshot):
        return
    roots = collector.read(snapshot, "organizations:ListRoots",
                           lambda: collector.paginate("organizations", "list_roots", "Roots"))
    collector.read(snapshot, "organizations:ListOrganizationalUnitsForParent",
                   lambda: ou_tree(collector, [root["Id"] for root in roots or []]))
    parents = [root["Id"] for root in roots or []] + sorted(
        ou_id for ous in (snapshot.reads["organizations:ListOrganizationalUnitsForParent"].data
                          or {}).values() for ou_id in (ou["Id"] for ou in ous))
    collector.read(snapshot, "organizations:ListAccountsForParent",
                   lambda: {parent: [account["Id"] for account in collector.paginate(
                       "organizations", "list_accounts_for_parent", "Accounts",
                       ParentId=parent)] for parent in parents})
    collector.read(snapshot, "organizations:ListAccounts",
                   lambda: collector.paginate("organizations", "list_accounts", "Accounts"))
    policies = collector.read(
        snapshot, "organizations:ListPolicies",
        lambda: collector.paginate("organizations", "list_policies", "Policies",
                                   Filter="SERVICE_CONTROL_POLICY"))
    ids = [policy["Id"] for policy in policies or []]
    collector.read(snapshot, "organizations:DescribePolicy",
                   lambda: {pid: org.describe_policy(PolicyId=pid)["Policy"]["Content"]
                            for pid in ids})
    collector.read(snapshot, "organizations:ListTargetsForPolicy",
                   lambda: {pid: collector.paginate("organizations", "list_targets_for_policy",
                                                    "Targets", PolicyId=pid) for pid in ids})
    admins = collector.read(
        snapshot, "organizations:ListDelegatedAdministrators",
        lambda: collector.paginate("organizations", "list_delegated_administrators",
                                   "DelegatedAdministrators"))
    services = collector.read(
        snapshot, "organizations:ListDelegatedServicesForAccount",
        lambda: {admin["Id"]: [service["ServicePrincipal"] for service in
                               collector.paginate(
                                   "organizations", "list_delegated_services_for_account",
                                   "DelegatedServices", AccountId=admin["Id"])]
                 for admin in admins or []})
    collector.read(snapshot, "organizations:ListAWSServiceAccessForOrganization",
                   lambda: collector.paginate("organizations",
                                              "list_aws_service_access_for_organization",
                                              "EnabledServicePrincipals"))
    collector.read(snapshot, "organizations:DescribeResourcePolicy",
                   lambda: org.describe_resource_policy()["ResourcePolicy"],
                   absent={"ResourcePolicyNotFoundException"})
    read_root_access_features(collector, snapshot, services)


def read_root_access_features(collector: Any, snapshot: Any,
                              services: dict[str, list[str]] | None) -> None:
    """IAM centralized root access (CIS v7.0.0 2.1.1): ListOrganizationsFeatures answers the
    management account and the IAM delegated administrator only, so a delegated
    administrator of another service does not ask (the check then says where it is judged).
    Without IAM trusted access AWS answers ServiceAccessNotEnabledException: no feature can
    be on (recorded as None)."""
    management = snapshot.reads[VIEW].data == "management"
    if not management and snapshot.account_id not in {
            admin for admin, principals in (services or {}).items() if IAM in principals}:
        return
    iam = collector.client("iam")
    collector.read(snapshot, "iam:ListOrganizationsFeatures",
                   lambda: {key: value for key, value in iam.list_organizations_features().items()
                            if key != "ResponseMetadata"},
                   absent={"ServiceAccessNotEnabledException"})


def ou_tree(collector: Any, roots: list[str]) -> dict[str, list[dict[str, Any]]]:
    """``{parent id: [its OUs]}`` for the whole tree under the roots (breadth first)."""
    tree: dict[str, list[dict[str, Any]]] = {}
    pending = list(roots)
    while pending:
        parent = pending.pop(0)
        children = collector.paginate("organizations", "list_organizational_units_for_parent",
                                      "OrganizationalUnits", ParentId=parent)
        tree[parent] = children
        pending.extend(child["Id"] for child in children)
    return tree


@regional_reader
def read_organization_services(collector: Any, snapshot: Any, region: str) -> None:
    """Per region: the organization admin accounts of GuardDuty and Security Hub (management
    account only), the Config aggregators, and the Config delegated administrators'
    aggregators where the collector can reach them."""
    if not reads_organization(snapshot):
        return
    management = snapshot.reads[VIEW].data == "management"
    if management:
        collector.read(snapshot, "guardduty:ListOrganizationAdminAccounts",
                       lambda: collector.paginate("guardduty", "list_organization_admin_accounts",
                                                  "AdminAccounts", region), region=region)
        collector.read(snapshot, "securityhub:ListOrganizationAdminAccounts",
                       lambda: collector.paginate("securityhub",
                                                  "list_organization_admin_accounts",
                                                  "AdminAccounts", region), region=region)
    collector.read(snapshot, "config:DescribeConfigurationAggregators",
                   lambda: collector.paginate("config", "describe_configuration_aggregators",
                                              "ConfigurationAggregators", region),
                   region=region)
    reads_members = management and getattr(collector, "member_session", None) is not None
    for api, admins, read_member in (
            (DELEGATED_AGGREGATORS, config_delegated_admins(snapshot), delegated_aggregators),
            (DELEGATED_ANALYZERS, delegated_admins_of(snapshot, (ACCESS_ANALYZER,)),
             delegated_analyzers)):
        if not (reads_members and admins):
            continue
        from governance.session import SessionError

        try:
            collector.read(snapshot, api,
                           lambda admins=admins, read_member=read_member: {
                               admin: read_member(collector, admin, region) for admin in admins},
                           region=region)
        except SessionError as error:  # the member role could not be assumed
            snapshot.record(api, error=str(error), region=region)


def delegated_admins_of(snapshot: Any, principals: tuple[str, ...]) -> list[str]:
    """The accounts delegated for any of ``principals`` (from the Organizations read)."""
    read = snapshot.reads.get("organizations:ListDelegatedServicesForAccount")
    services = (read.data if read is not None and read.error is None else None) or {}
    return sorted(a for a, s in services.items() if set(s) & set(principals))


def config_delegated_admins(snapshot: Any) -> list[str]:
    return delegated_admins_of(snapshot, CONFIG_SERVICES)


def _member_collector(collector: Any, account_id: str, region: str) -> Any:
    """A read-only collector on the member role's session in ``account_id`` (one per
    account)."""
    from governance.collect import Collector

    with collector._lock:
        cache = collector.__dict__.setdefault("_member_collectors", {})
        if account_id not in cache:
            cache[account_id] = Collector(
                collector.member_session(account_id), regions=[region],
                endpoint_url=collector.endpoint_url, proxies=collector.config.proxies)
        return cache[account_id]


def delegated_aggregators(collector: Any, account_id: str, region: str) -> list[Any]:
    """The Config aggregators of a delegated administrator, read through the member role
    (a read-only collector on its session)."""
    return _member_collector(collector, account_id, region).paginate(
        "config", "describe_configuration_aggregators", "ConfigurationAggregators", region)


def delegated_analyzers(collector: Any, account_id: str, region: str) -> list[Any]:
    """The IAM Access Analyzer analyzers of its delegated administrator (where an
    organization analyzer lives when Access Analyzer is delegated), through the member
    role: CIS v6.0.0 2.19 / v7.0.0 2.18, judged once in the management account's audit."""
    return _member_collector(collector, account_id, region).paginate(
        "accessanalyzer", "list_analyzers", "analyzers", region)
