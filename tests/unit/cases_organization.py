"""The unit cases of the organization checks: ``FAIL_CASES`` and ``PASS_CASES``,
keyed by control id, with the snapshot builders they use. tests/unit/test_organization_checks.py binds
their verdict tests (tests/support/verdicts.py); the item cases of tests/unit/items_*.py,
tests/unit/test_error_per_read.py and tests/support/control_reads.py read them too.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from governance.checks.organization import guardrails
from governance.model import AccountSnapshot
from tests.support.snapshots import changed
from tests.support.snapshots_organization import (
    AUDIT,
    MANAGE_ACTIONS,
    MANAGEMENT,
    READ_ACTIONS,
    REGION,
    ROOT,
    SUSPENDED,
    TRAIL_ARN,
    WORKLOAD,
    WORKLOADS,
    allow_list,
    delegation_policy,
    organization,
    policy_statement,
    scp_text,
    with_scp_text,
    without_scp,
)
from tests.unit.snapshots import as_json_roundtrip

SCP_CONTROLS = {f"scp-{gid}": gid for gid in guardrails()}
CIS_ORG_CONTROLS = ["organization-root-credentials-management",
                    "organization-policies-delegated-admin",
                    "organization-services-delegated-admins"]
ORG_CONTROLS = sorted([*SCP_CONTROLS, "organization-trail", "organization-delegated-admins",
                       "organization-config-aggregator", *CIS_ORG_CONTROLS])
ANALYZERS, DELEGATED_ANALYZERS = "access-analyzer:ListAnalyzers", "governance:DelegatedAccessAnalyzers"
SERVICES = "organizations:ListDelegatedServicesForAccount"


def _first_denied_action(guardrail_id: str) -> str:
    if guardrail_id == "deny-regions-outside-allowlist":
        return "s3:CreateBucket"  # RunInstances outside the allowlist is also require-imdsv2's
    return guardrails()[guardrail_id]["denied"][0]["action"]


def _without_exemption(guardrail_id: str) -> str:
    document = json.loads(scp_text(guardrail_id))
    for statement in document["Statement"]:
        statement.get("Condition", {}).pop("ArnNotLike", None)
        if not statement.get("Condition"):
            statement.pop("Condition", None)
    return json.dumps(document)


def _agg(**source: object) -> list[dict]:
    return [{"ConfigurationAggregatorName": "agg", "ConfigurationAggregatorArn": "arn:agg",
             **source}]


def _gd(*admins: str) -> Callable[[object], list[dict]]:
    return lambda _: [{"AdminAccountId": a, "AdminStatus": "ENABLED"} for a in admins]


FAIL_CASES: dict[str, list[tuple[str, Callable[[], AccountSnapshot], str]]] = {
    control_id: [
        ("the guardrail's SCP attached nowhere", lambda gid=gid: without_scp(gid),
         f"guardrail {gid}: {_first_denied_action(gid)}"),
        ("the exempt principal is not exempted",
         lambda gid=gid: with_scp_text(gid, _without_exemption(gid)),
         "the exempt principal is denied" if gid != "deny-root-user"
         else f"guardrail {gid}"),
    ] for control_id, gid in SCP_CONTROLS.items()
}
# deny-root-user needs no exemption (root only): instead, a statement that denies everyone
FAIL_CASES["scp-deny-root-user"][1] = (
    "the root condition dropped: everyone is denied",
    lambda: with_scp_text("deny-root-user", json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "DenyRootUser", "Effect": "Deny", "Action": "*", "Resource": "*"}]})),
    "the exempt principal is denied: ec2:DescribeInstances")
FAIL_CASES["scp-protect-cloudtrail"].append((
    "detached from the audit account (attached to its OU's sibling only)",
    lambda: changed(organization(), "organizations:ListTargetsForPolicy", lambda t: {
        **t, "p-protect-cloudtrail": [{"TargetId": "ou-root-workloads"}]}),
    f"account {AUDIT} (audit): guardrail protect-cloudtrail: cloudtrail:StopLogging on "
    f"arn:aws:cloudtrail:{REGION}:{AUDIT}:trail/governance-trail by "
    f"arn:aws:iam::{AUDIT}:role/governance-probe-workload"))
FAIL_CASES["scp-deny-regions-outside-allowlist"].append((
    "the allowlist leaves out the audited home region",
    lambda: with_scp_text("deny-regions-outside-allowlist", scp_text(
        "deny-regions-outside-allowlist").replace('"us-east-1"', '"eu-central-1"')),
    "an allowed request is denied: ec2:CreateVolume"))
FAIL_CASES["scp-protect-log-storage"].append((
    "the KMS statement dropped",
    lambda: with_scp_text("protect-log-storage", json.dumps({
        **json.loads(scp_text("protect-log-storage")),
        "Statement": json.loads(scp_text("protect-log-storage"))["Statement"][:1]})),
    "kms:ScheduleKeyDeletion on"))
FAIL_CASES["scp-require-imdsv2"].append((
    "RunInstances denied whatever the metadata tokens",
    lambda: with_scp_text("require-imdsv2", scp_text("require-imdsv2").replace(
        '"StringNotEquals":{"ec2:MetadataHttpTokens":"required"}', "").replace(
        ',\n        "StringNotEquals": {\n          "ec2:MetadataHttpTokens": "required"\n'
        '        }', "")),
    "an allowed request is denied: ec2:RunInstances"))

FAIL_CASES.update({
    "organization-trail": [
        ("no organization trail", lambda: changed(
            organization(), "cloudtrail:DescribeTrails",
            lambda trails: [{**trails[0], "IsOrganizationTrail": False}], REGION),
         "no organization trail"),
        ("single-region organization trail", lambda: changed(
            organization(), "cloudtrail:DescribeTrails",
            lambda trails: [{**trails[0], "IsMultiRegionTrail": False}], REGION),
         "organization trail governance-org-trail is not multi-region"),
        ("not logging", lambda: changed(
            organization(), "cloudtrail:GetTrailStatus", lambda _: {TRAIL_ARN: {"IsLogging": False}}, REGION),
         "organization trail governance-org-trail is not logging"),
    ],
    "organization-delegated-admins": [
        ("GuardDuty administered by the management account", lambda: changed(
            organization(), "guardduty:ListOrganizationAdminAccounts", _gd(MANAGEMENT), REGION),
         f"GuardDuty in {REGION} is administered by the management account {MANAGEMENT}"),
        ("GuardDuty admin outside the organization (moto accepts any id)", lambda: changed(
            organization(), "guardduty:ListOrganizationAdminAccounts", _gd("999999999999"), REGION),
         "delegated administrator 999999999999 is not an active member account"),
        ("Security Hub admin is the workload account", lambda: changed(
            organization(), "securityhub:ListOrganizationAdminAccounts", _gd(WORKLOAD), REGION),
         "the delegated administrators differ"),
        ("Security Hub without admin", lambda: changed(
            organization(), "securityhub:ListOrganizationAdminAccounts", lambda _: [], REGION),
         f"Security Hub in {REGION} has no delegated administrator"),
        ("Access Analyzer not delegated", lambda: changed(
            organization(), "organizations:ListDelegatedServicesForAccount",
            lambda _: {AUDIT: ["guardduty.amazonaws.com"]}),
         "IAM Access Analyzer has no delegated administrator"),
        ("admin suspended", lambda: changed(
            organization(), "guardduty:ListOrganizationAdminAccounts", _gd(SUSPENDED), REGION),
         f"delegated administrator {SUSPENDED} is not an active member"),
    ],
    "organization-config-aggregator": [
        ("no aggregator", lambda: changed(
            organization(), "config:DescribeConfigurationAggregators", lambda _: [], REGION),
         f"no Config aggregator over the organization covering {REGION}"),
        ("account aggregator, not organization", lambda: changed(
            organization(), "config:DescribeConfigurationAggregators", lambda _: _agg(
                AccountAggregationSources=[{"AccountIds": [AUDIT], "AllAwsRegions": True}]),
            REGION), "(seen: agg (us-east-1))"),
        ("organization aggregator over other regions", lambda: changed(
            organization(), "config:DescribeConfigurationAggregators", lambda _: _agg(
                OrganizationAggregationSource={"RoleArn": "r", "AwsRegions": ["eu-west-1"]}),
            REGION), "no Config aggregator over the organization"),
    ],
})

PASS_CASES: dict[str, list[tuple[str, Callable[[], AccountSnapshot]]]] = {
    control_id: [("compliant", organization),
                 ("json roundtrip", lambda: as_json_roundtrip(organization()))]
    for control_id in ORG_CONTROLS
}
PASS_CASES["organization-config-aggregator"].append((
    "organization aggregator over the audited region", lambda: changed(
        organization(), "config:DescribeConfigurationAggregators", lambda _: _agg(
            OrganizationAggregationSource={"RoleArn": "r", "AwsRegions": [REGION]}), REGION)))
PASS_CASES["scp-protect-cloudtrail"].append((
    "attached to the root only", lambda: changed(
        organization(), "organizations:ListTargetsForPolicy",
        lambda t: {**t, "p-protect-cloudtrail": [{"TargetId": "r-root"}]})))


# --- guardrails judged as AWS decides: every audited region, the keys AWS always sends, Allow
# at every level of the path (moto stores SCPs but never enforces them)

OTHER_REGION = "eu-west-1"  # in the fixtures' region allowlist
EXEMPT_ROLE = "arn:aws:iam::*:role/OrganizationAccountAccessRole"


def _in_regions(snapshot: AccountSnapshot, *regions: str) -> AccountSnapshot:
    snapshot.regions = list(regions)
    return snapshot


def _conditioned(guardrail_id: str, condition: dict[str, dict[str, object]],
                 replace: bool = False) -> AccountSnapshot:
    """The guardrail's SCP with ``condition`` merged into (or replacing) every Condition."""
    document = json.loads(scp_text(guardrail_id))
    for statement in document["Statement"]:
        blocks = {} if replace else statement.setdefault("Condition", {})
        for operator, block in condition.items():
            blocks.setdefault(operator, {}).update(block)
        statement["Condition"] = blocks
    return with_scp_text(guardrail_id, json.dumps(document))


def _stop_logging(account: str, region: str) -> str:
    return (f"cloudtrail:StopLogging on arn:aws:cloudtrail:{region}:{account}:trail/"
            f"governance-trail by arn:aws:iam::{account}:role/governance-probe-workload "
            f"in {region} is not denied")


ONLY_ALLOWS = {"Sid": "OnlyTheseServices", "Effect": "Allow", "Action": ["ec2:*", "s3:*"],
               "Resource": "*"}
ALLOW_EXEMPT = {"Sid": "ExemptRole", "Effect": "Allow", "Action": "*", "Resource": "*",
                "Condition": {"ArnLike": {"aws:PrincipalArn": EXEMPT_ROLE}}}
FAIL_CASES["scp-protect-cloudtrail"] += [
    ("the Deny applies in the home region only, another region is audited",
     lambda: _in_regions(_conditioned("protect-cloudtrail", {
         "StringEquals": {"aws:RequestedRegion": REGION}}), REGION, OTHER_REGION),
     _stop_logging(AUDIT, OTHER_REGION)),
]
FAIL_CASES["scp-protect-config"] += [
    ("an allow-list at the Workloads OU without config: the exempt role is denied too",
     lambda: allow_list(WORKLOADS, ONLY_ALLOWS),
     f"account {WORKLOAD} (workload): guardrail protect-config: the exempt principal is "
     f"denied: config:DeleteConfigurationRecorder by arn:aws:iam::{WORKLOAD}:role/"
     f"OrganizationAccountAccessRole in {REGION}: not allowed by any SCP at OU {WORKLOADS} "
     "(Workloads)"),
    ("the exemption's wildcard exempts every role",
     lambda: _conditioned("protect-config", {"ArnNotLike": {
         "aws:PrincipalARN": [EXEMPT_ROLE, "arn:aws:iam::*:role/*"]}}, replace=True),
     "config:DeleteConfigurationRecorder by arn:aws:iam::"),
    ("the exempt role written in another case (ARNs match case-sensitively)",
     lambda: _conditioned("protect-config", {"ArnNotLike": {
         "aws:PrincipalARN": EXEMPT_ROLE.lower()}}, replace=True),
     "the exempt principal is denied: config:DeleteConfigurationRecorder"),
    ("...IfExists on a key AWS always sends exempts everyone",
     lambda: _conditioned("protect-config", {"BoolIfExists": {
         "aws:PrincipalIsAWSService": "true"}}),
     "config:DeleteConfigurationRecorder by arn:aws:iam::"),
    ("...IfExists on the principal type exempts every role",
     lambda: _conditioned("protect-config", {"StringEqualsIfExists": {
         "aws:PrincipalType": "FederatedUser"}}),
     "is not denied"),
    ("conditioned on another organization's id",
     lambda: _conditioned("protect-config", {"StringEquals": {
         "aws:PrincipalOrgID": "o-other"}}),
     "config:DeleteConfigurationRecorder by arn:aws:iam::"),
]
FAIL_CASES["scp-protect-config"].append((
    "in another audited region the exempt role is denied too",
    lambda: _in_regions(with_scp_text("protect-config", json.dumps({
        **json.loads(scp_text("protect-config")),
        "Statement": [*json.loads(scp_text("protect-config"))["Statement"], {
            "Sid": "EveryoneThere", "Effect": "Deny", "Action": "config:*", "Resource": "*",
            "Condition": {"StringEquals": {"aws:RequestedRegion": OTHER_REGION}}}]})),
        REGION, OTHER_REGION),
    f"the exempt principal is denied: config:DeleteConfigurationRecorder by arn:aws:iam::"
    f"{AUDIT}:role/OrganizationAccountAccessRole in {OTHER_REGION} (policy "
    "governance-protect-config, statement EveryoneThere)"))
FAIL_CASES["scp-protect-alarm-chain"].append((
    "an allow-list at the workload account without logs: the allowed request is denied",
    lambda: allow_list(WORKLOAD, ONLY_ALLOWS, ALLOW_EXEMPT),
    f"an allowed request is denied: logs:DeleteLogGroup on arn:aws:logs:{REGION}:{WORKLOAD}:"
    f"log-group:app-logs by arn:aws:iam::{WORKLOAD}:role/governance-probe-workload in "
    f"{REGION}: not allowed by any SCP at account {WORKLOAD}"))
FAIL_CASES["scp-deny-root-user"].append((
    "the root Deny applies to another principal type",
    lambda: _conditioned("deny-root-user", {"StringEquals": {"aws:PrincipalType": "User"}},
                         replace=True),
    "ec2:DescribeInstances by arn:aws:iam::"))

for _control in SCP_CONTROLS:
    PASS_CASES[_control].append(("two audited regions", lambda: _in_regions(
        organization(), REGION, OTHER_REGION)))
    # the audit's default regions are every enabled one: what the region allowlist denies to
    # workloads there is not over-denial by another guardrail
    PASS_CASES[_control].append(("an audited region outside the region allowlist",
                                 lambda: _in_regions(organization(), REGION, "ap-south-1")))
# keys AWS sends on every request of a member's role: a Deny conditioned on them holds
for _operator, _key, _value in [
        ("Bool", "aws:PrincipalIsAWSService", "false"),
        ("Bool", "aws:ViaAWSService", "false"),
        ("Bool", "aws:SecureTransport", "true"),
        ("StringEquals", "aws:PrincipalType", "AssumedRole"),
        ("StringEquals", "aws:PrincipalOrgID", "o-example"),
        ("ForAnyValue:StringLike", "aws:PrincipalOrgPaths", "o-example/r-root/*"),
        ("StringLike", "aws:PrincipalAccount", "2222*"),
        ("Null", "aws:CurrentTime", "false"),
        ("StringLike", "aws:EpochTime", "1*"),
        ("StringEquals", "aws:RequestedRegion", [REGION, OTHER_REGION])]:
    PASS_CASES["scp-protect-config"].append((
        f"the Deny also requires {_operator} {_key}",
        lambda o=_operator, k=_key, v=_value: _in_regions(
            _conditioned("protect-config", {o: {k: v}}), REGION, OTHER_REGION)))
PASS_CASES["scp-deny-root-user"].append((
    "the root Deny written on aws:PrincipalType Account", lambda: _conditioned(
        "deny-root-user", {"StringEquals": {"aws:PrincipalType": "Account"}}, replace=True)))
PASS_CASES["scp-protect-config"].append((
    "an allow-list at the Workloads OU that allows config", lambda: allow_list(
        WORKLOADS, {**ONLY_ALLOWS, "Action": ["ec2:*", "s3:*", "config:*"]})))
# no Deny, yet a guardrail: the root allows everything but LeaveOrganization, except to the
# exempt role (SCP Allow statements take conditions since 2025)
IMPLICIT_LEAVE = [
    {"Sid": "AllButLeaving", "Effect": "Allow", "NotAction": "organizations:LeaveOrganization",
     "Resource": "*"}, ALLOW_EXEMPT]
PASS_CASES["scp-deny-leave-organization"].append((
    "denied for want of an Allow at the root, not by a Deny", lambda: allow_list(
        ROOT, *IMPLICIT_LEAVE, snapshot=without_scp("deny-leave-organization"))))


# --- CIS v6.0.0 / v7.0.0 organization items ----------------------------------------------------

FEATURES = "iam:ListOrganizationsFeatures"
TRUSTED_ACCESS = "organizations:ListAWSServiceAccessForOrganization"
POLICY = "organizations:DescribeResourcePolicy"


def _features(*enabled: str) -> AccountSnapshot:
    return changed(organization(), FEATURES, lambda f: {**f, "EnabledFeatures": list(enabled)})


def _trusted_without(principal: str) -> Callable[[object], list[dict]]:
    return lambda services: [s for s in services if s["ServicePrincipal"] != principal]


def _trusted_with(principal: str) -> Callable[[object], list[dict]]:
    return lambda services: [*services, {"ServicePrincipal": principal}]


def _policy(*statements: dict) -> AccountSnapshot:
    return changed(organization(), POLICY, lambda _: delegation_policy(*statements))


def _audit_services(change: Callable[[list[str]], list[str]]) -> AccountSnapshot:
    return changed(organization(), SERVICES, lambda services: {**services, AUDIT: change(services[AUDIT])})


def _delegated_analyzers(*analyzers: dict) -> AccountSnapshot:
    return changed(organization(), DELEGATED_ANALYZERS, lambda _: {AUDIT: list(analyzers)}, REGION)


def _analyzer(type_: str, status: str = "ACTIVE", name: str = "a") -> dict:
    return {"name": name, "type": type_, "status": status}


def _not_delegated(own: list[dict]) -> AccountSnapshot:
    """Access Analyzer not delegated: the organization analyzer lives in the management
    account itself."""
    snapshot = _audit_services(lambda s: [p for p in s if p != "access-analyzer.amazonaws.com"])
    snapshot.record(ANALYZERS, own, region=REGION)
    del snapshot.reads[snapshot.key(DELEGATED_ANALYZERS, REGION)]
    return snapshot


def _standalone(analyzers: list[dict]) -> AccountSnapshot:
    snapshot = AccountSnapshot(account_id=MANAGEMENT, caller_arn="arn:aws:iam::1:role/a",
                               collected_at="2026-12-01T00:00:00+00:00", regions=[REGION])
    snapshot.record("organizations:DescribeOrganization", None)
    snapshot.record("governance:OrganizationView", "none")
    snapshot.record(ANALYZERS, analyzers, region=REGION)
    return snapshot


def _audit_account_view(own: list[dict]) -> AccountSnapshot:
    """The Access Analyzer delegated administrator's own audit (told it is one)."""
    snapshot = organization()
    snapshot.account_id = AUDIT
    snapshot.record("governance:OrganizationView", "delegated-admin")
    snapshot.record(ANALYZERS, own, region=REGION)
    del snapshot.reads[snapshot.key(DELEGATED_ANALYZERS, REGION)]
    return snapshot


FAIL_CASES.update({
    "organization-root-credentials-management": [
        ("step 3: IAM has no trusted access", lambda: changed(
            organization(), TRUSTED_ACCESS, _trusted_without("iam.amazonaws.com")),
         "IAM (iam.amazonaws.com) has no trusted access in the organization"),
        ("step 4: root sessions on, root credentials management off",
         lambda: _features("RootSessions"),
         "root credentials management for member accounts is not enabled"),
        ("no feature at all", lambda: _features(),
         "root credentials management for member accounts is not enabled"),
        ("ServiceAccessNotEnabledException (recorded as None) without IAM trusted access",
         lambda: changed(changed(organization(), FEATURES, lambda _: None), TRUSTED_ACCESS,
                         _trusted_without("iam.amazonaws.com")),
         "IAM (iam.amazonaws.com) has no trusted access in the organization; root "
         "credentials management for member accounts is not enabled"),
    ],
    "organization-policies-delegated-admin": [
        ("step 3: no delegation policy (ResourcePolicyNotFoundException)",
         lambda: changed(organization(), POLICY, lambda _: None),
         f"no resource-based delegation policy: Organizations policies are managed from the "
         f"management account {MANAGEMENT}"),
        ("the policy delegates only read actions", lambda: _policy(
            policy_statement(f"arn:aws:iam::{AUDIT}:root", READ_ACTIONS)),
         f"member account {AUDIT} (audit) gets no policy-management action"),
        ("the policy names the management account", lambda: _policy(
            policy_statement(f"arn:aws:iam::{MANAGEMENT}:root", MANAGE_ACTIONS)),
         f"the management account {MANAGEMENT}"),
        ("the policy names an account outside the organization", lambda: _policy(
            policy_statement("999999999999", MANAGE_ACTIONS)),
         "account 999999999999 (not an active member account)"),
        ("the policy names a suspended account", lambda: _policy(
            policy_statement(f"arn:aws:iam::{SUSPENDED}:root", MANAGE_ACTIONS)),
         f"account {SUSPENDED} (not an active member account)"),
        ("Principal * names no member account", lambda: _policy(
            policy_statement("*", MANAGE_ACTIONS)), "principal *"),
        ("a Deny statement does not delegate", lambda: _policy(
            {**policy_statement(f"arn:aws:iam::{AUDIT}:root", MANAGE_ACTIONS),
             "Effect": "Deny"}), "lets no member account manage Organizations policies"),
    ],
    "organization-services-delegated-admins": [
        ("CloudTrail's example: an organization trail without a CloudTrail delegated "
         "administrator", lambda: _audit_services(
             lambda s: [p for p in s if p != "cloudtrail.amazonaws.com"]),
         "AWS CloudTrail (organization trail governance-org-trail) has no delegated "
         "administrator"),
        ("Macie in use (trusted access) without a delegated administrator", lambda: changed(
            organization(), TRUSTED_ACCESS, _trusted_with("macie.amazonaws.com")),
         "Amazon Macie (trusted access macie.amazonaws.com) has no delegated administrator"),
        ("GuardDuty registered to the management account", lambda: changed(
            organization(), SERVICES, lambda s: {
                **s, AUDIT: [p for p in s[AUDIT] if p != "guardduty.amazonaws.com"],
                MANAGEMENT: ["guardduty.amazonaws.com"]}),
         f"Amazon GuardDuty's delegated administrator {MANAGEMENT} is the management account"),
        ("Security Hub delegated to a suspended account", lambda: changed(
            organization(), SERVICES, lambda s: {
                **s, AUDIT: [p for p in s[AUDIT] if p != "securityhub.amazonaws.com"],
                SUSPENDED: ["securityhub.amazonaws.com"]}),
         f"AWS Security Hub's delegated administrator {SUSPENDED} is not an active member "
         "account"),
    ],
    "access-analyzer-organization": [
        ("the delegated administrator has only an account analyzer",
         lambda: _delegated_analyzers(_analyzer("ACCOUNT")),
         f"no ACTIVE organization analyzer in {REGION}: neither the management account nor "
         f"the IAM Access Analyzer delegated administrator {AUDIT} has one"),
        ("the delegated administrator's organization analyzer is still CREATING",
         lambda: _delegated_analyzers(_analyzer("ORGANIZATION", "CREATING")),
         f"no ACTIVE organization analyzer in {REGION}"),
        ("not delegated: the management account has only an unused-access organization analyzer",
         lambda: _not_delegated([_analyzer("ORGANIZATION_UNUSED_ACCESS", name="unused")]),
         f"no ACTIVE organization analyzer (type ORGANIZATION) in {REGION} (other analyzers: "
         "unused)"),
        ("the delegated administrator's own audit: an account analyzer only",
         lambda: _audit_account_view([_analyzer("ACCOUNT", name="account-analyzer")]),
         f"no ACTIVE organization analyzer (type ORGANIZATION) in {REGION}"),
        ("outside an organization, no analyzer", lambda: _standalone([]),
         f"not in an organization and no ACTIVE external access analyzer (ACCOUNT) in {REGION}"),
        ("outside an organization, an unused-access analyzer only",
         lambda: _standalone([_analyzer("ACCOUNT_UNUSED_ACCESS")]),
         "no ACTIVE external access analyzer"),
    ],
})
PASS_CASES["organization-root-credentials-management"].append((
    "privileged root sessions off: the remediation makes them optional",
    lambda: _features("RootCredentialsManagement")))
PASS_CASES["organization-policies-delegated-admin"] += [
    ("a plain account id and an action wildcard", lambda: _policy(
        policy_statement(AUDIT, ["organizations:*Policy"]))),
    ("a NotAction that leaves policy management in", lambda: _policy(
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{AUDIT}:root"},
         "NotAction": "organizations:LeaveOrganization", "Resource": "*"})),
    ("restricted to policy types by a condition (least privilege)", lambda: _policy(
        policy_statement(f"arn:aws:iam::{AUDIT}:root", ["organizations:CreatePolicy"],
                         Condition={"StringEquals": {
                             "organizations:PolicyType": "BACKUP_POLICY"}}))),
]
PASS_CASES["organization-services-delegated-admins"] += [
    ("single-account trails only: CloudTrail out of scope (step 2)", lambda: changed(
        _audit_services(
            lambda s: [p for p in s if p != "cloudtrail.amazonaws.com"]),
        "cloudtrail:DescribeTrails", lambda t: [{**t[0], "IsOrganizationTrail": False}], REGION)),
    ("a trusted service without delegated administration is listed, not judged",
     lambda: changed(organization(), TRUSTED_ACCESS, _trusted_with("ram.amazonaws.com"))),
    ("Config delegated for config-multiaccountsetup only", lambda: changed(
        _audit_services(
            lambda s: [*s, "config-multiaccountsetup.amazonaws.com"]),
        TRUSTED_ACCESS, _trusted_with("config.amazonaws.com"))),
]
PASS_CASES["access-analyzer-organization"] = [
    ("the organization analyzer in the delegated administrator, read through the member "
     "role", organization),
    ("json roundtrip", lambda: as_json_roundtrip(organization())),
    ("not delegated: the management account holds the organization analyzer",
     lambda: _not_delegated([_analyzer("ORGANIZATION", name="org-analyzer")])),
    ("the management account holds one although Access Analyzer is delegated", lambda: changed(
        organization(), ANALYZERS, lambda _: [_analyzer("ORGANIZATION")], REGION)),
    ("the delegated administrator's own audit", lambda: _audit_account_view(
        [_analyzer("ACCOUNT", name="account-analyzer"), _analyzer("ORGANIZATION")])),
    ("outside an organization an account analyzer is the zone of trust",
     lambda: _standalone([_analyzer("ACCOUNT")])),
]
