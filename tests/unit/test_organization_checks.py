"""Organization-layer checks on hand-built management-account snapshots: every guardrail
control, the organization trail, the delegated administrators, the Config aggregator and
the CIS v6.0.0 / v7.0.0 organization items (centralized root access, the delegation policy,
delegated administrators of the integrated services, the organization analyzer), PASS and
FAIL with the reason; NOT_APPLICABLE from a member or outside an organization."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from governance.checks import run_check
from governance.checks.organization import guardrails
from governance.model import AccountSnapshot, Status, worst
from tests.unit.snapshots import as_json_roundtrip
from tests.unit.snapshots_organization import (
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
    changed,
    delegation_policy,
    organization,
    policy_statement,
    scp_text,
    with_scp_text,
    without_scp,
)

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
    lambda: changed("organizations:ListTargetsForPolicy", lambda t: {
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
            "cloudtrail:DescribeTrails", lambda trails: [{**trails[0], "IsOrganizationTrail": False}],
            REGION), "no organization trail"),
        ("single-region organization trail", lambda: changed(
            "cloudtrail:DescribeTrails", lambda trails: [{**trails[0], "IsMultiRegionTrail": False}],
            REGION), "organization trail governance-org-trail is not multi-region"),
        ("not logging", lambda: changed(
            "cloudtrail:GetTrailStatus", lambda _: {TRAIL_ARN: {"IsLogging": False}}, REGION),
         "organization trail governance-org-trail is not logging"),
    ],
    "organization-delegated-admins": [
        ("GuardDuty administered by the management account", lambda: changed(
            "guardduty:ListOrganizationAdminAccounts", _gd(MANAGEMENT), REGION),
         f"GuardDuty in {REGION} is administered by the management account {MANAGEMENT}"),
        ("GuardDuty admin outside the organization (moto accepts any id)", lambda: changed(
            "guardduty:ListOrganizationAdminAccounts", _gd("999999999999"), REGION),
         "delegated administrator 999999999999 is not an active member account"),
        ("Security Hub admin is the workload account", lambda: changed(
            "securityhub:ListOrganizationAdminAccounts", _gd(WORKLOAD), REGION),
         "the delegated administrators differ"),
        ("Security Hub without admin", lambda: changed(
            "securityhub:ListOrganizationAdminAccounts", lambda _: [], REGION),
         f"Security Hub in {REGION} has no delegated administrator"),
        ("Access Analyzer not delegated", lambda: changed(
            "organizations:ListDelegatedServicesForAccount",
            lambda _: {AUDIT: ["guardduty.amazonaws.com"]}),
         "IAM Access Analyzer has no delegated administrator"),
        ("admin suspended", lambda: changed(
            "guardduty:ListOrganizationAdminAccounts", _gd(SUSPENDED), REGION),
         f"delegated administrator {SUSPENDED} is not an active member"),
    ],
    "organization-config-aggregator": [
        ("no aggregator", lambda: changed(
            "config:DescribeConfigurationAggregators", lambda _: [], REGION),
         f"no Config aggregator over the organization covering {REGION}"),
        ("account aggregator, not organization", lambda: changed(
            "config:DescribeConfigurationAggregators", lambda _: _agg(
                AccountAggregationSources=[{"AccountIds": [AUDIT], "AllAwsRegions": True}]),
            REGION), "(seen: agg (us-east-1))"),
        ("organization aggregator over other regions", lambda: changed(
            "config:DescribeConfigurationAggregators", lambda _: _agg(
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
        "config:DescribeConfigurationAggregators", lambda _: _agg(
            OrganizationAggregationSource={"RoleArn": "r", "AwsRegions": [REGION]}), REGION)))
PASS_CASES["scp-protect-cloudtrail"].append((
    "attached to the root only", lambda: changed(
        "organizations:ListTargetsForPolicy",
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
    return changed(FEATURES, lambda f: {**f, "EnabledFeatures": list(enabled)})


def _trusted_without(principal: str) -> Callable[[object], list[dict]]:
    return lambda services: [s for s in services if s["ServicePrincipal"] != principal]


def _trusted_with(principal: str) -> Callable[[object], list[dict]]:
    return lambda services: [*services, {"ServicePrincipal": principal}]


def _policy(*statements: dict) -> AccountSnapshot:
    return changed(POLICY, lambda _: delegation_policy(*statements))


def _audit_services(change: Callable[[list[str]], list[str]]) -> AccountSnapshot:
    return changed(SERVICES, lambda services: {**services, AUDIT: change(services[AUDIT])})


def _delegated_analyzers(*analyzers: dict) -> AccountSnapshot:
    return changed(DELEGATED_ANALYZERS, lambda _: {AUDIT: list(analyzers)}, REGION)


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
            TRUSTED_ACCESS, _trusted_without("iam.amazonaws.com")),
         "IAM (iam.amazonaws.com) has no trusted access in the organization"),
        ("step 4: root sessions on, root credentials management off",
         lambda: _features("RootSessions"),
         "root credentials management for member accounts is not enabled"),
        ("no feature at all", lambda: _features(),
         "root credentials management for member accounts is not enabled"),
        ("ServiceAccessNotEnabledException (recorded as None) without IAM trusted access",
         lambda: changed(TRUSTED_ACCESS, _trusted_without("iam.amazonaws.com"),
                         snapshot=changed(FEATURES, lambda _: None)),
         "IAM (iam.amazonaws.com) has no trusted access in the organization; root "
         "credentials management for member accounts is not enabled"),
    ],
    "organization-policies-delegated-admin": [
        ("step 3: no delegation policy (ResourcePolicyNotFoundException)",
         lambda: changed(POLICY, lambda _: None),
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
            TRUSTED_ACCESS, _trusted_with("macie.amazonaws.com")),
         "Amazon Macie (trusted access macie.amazonaws.com) has no delegated administrator"),
        ("GuardDuty registered to the management account", lambda: changed(
            SERVICES, lambda s: {**s, AUDIT: [p for p in s[AUDIT] if p != "guardduty.amazonaws.com"],
                                 MANAGEMENT: ["guardduty.amazonaws.com"]}),
         f"Amazon GuardDuty's delegated administrator {MANAGEMENT} is the management account"),
        ("Security Hub delegated to a suspended account", lambda: changed(
            SERVICES, lambda s: {**s, AUDIT: [p for p in s[AUDIT] if p != "securityhub.amazonaws.com"],
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
        "cloudtrail:DescribeTrails", lambda t: [{**t[0], "IsOrganizationTrail": False}],
        REGION, snapshot=_audit_services(
            lambda s: [p for p in s if p != "cloudtrail.amazonaws.com"]))),
    ("a trusted service without delegated administration is listed, not judged",
     lambda: changed(TRUSTED_ACCESS, _trusted_with("ram.amazonaws.com"))),
    ("Config delegated for config-multiaccountsetup only", lambda: changed(
        TRUSTED_ACCESS, _trusted_with("config.amazonaws.com"), snapshot=_audit_services(
            lambda s: [*s, "config-multiaccountsetup.amazonaws.com"]))),
]
PASS_CASES["access-analyzer-organization"] = [
    ("the organization analyzer in the delegated administrator, read through the member "
     "role", organization),
    ("json roundtrip", lambda: as_json_roundtrip(organization())),
    ("not delegated: the management account holds the organization analyzer",
     lambda: _not_delegated([_analyzer("ORGANIZATION", name="org-analyzer")])),
    ("the management account holds one although Access Analyzer is delegated", lambda: changed(
        ANALYZERS, lambda _: [_analyzer("ORGANIZATION")], REGION)),
    ("the delegated administrator's own audit", lambda: _audit_account_view(
        [_analyzer("ACCOUNT", name="account-analyzer"), _analyzer("ORGANIZATION")])),
    ("outside an organization an account analyzer is the zone of trust",
     lambda: _standalone([_analyzer("ACCOUNT")])),
]


@pytest.mark.parametrize(("control_id", "case", "make", "reason"), [
    (control_id, case, make, reason)
    for control_id, cases in FAIL_CASES.items() for case, make, reason in cases
], ids=lambda v: v if isinstance(v, str) else "")
def test_check_fails_with_reason(control_id, case, make, reason):
    findings = run_check(control_id, make())
    assert worst(f.status for f in findings) is Status.FAIL, findings
    reasons = " | ".join(f.reason for f in findings if f.status is Status.FAIL)
    assert reason in reasons


@pytest.mark.parametrize(("control_id", "case", "make"), [
    (control_id, case, make) for control_id, cases in PASS_CASES.items() for case, make in cases
], ids=lambda v: v if isinstance(v, str) else "")
def test_check_passes(control_id, case, make):
    findings = run_check(control_id, make())
    assert {f.status for f in findings} == {Status.PASS}, findings


@pytest.mark.parametrize("control_id", sorted(SCP_CONTROLS))
def test_one_finding_per_active_member_never_the_management_account(control_id):
    findings = run_check(control_id, organization())
    assert [f.evidence["account"] for f in findings] == [AUDIT, WORKLOAD]
    assert all(f.resource.endswith(f.evidence["account"]) for f in findings)


def test_a_fail_names_only_the_account_that_lacks_the_guardrail():
    snapshot = changed("organizations:ListTargetsForPolicy", lambda t: {
        **t, "p-protect-cloudtrail": [{"TargetId": "ou-root-workloads"}]})
    findings = {f.evidence["account"]: f.status for f in run_check("scp-protect-cloudtrail",
                                                                    snapshot)}
    assert findings == {AUDIT: Status.FAIL, WORKLOAD: Status.PASS}


def test_an_scp_attached_to_the_account_itself_counts():
    snapshot = changed("organizations:ListTargetsForPolicy", lambda t: {
        **t, "p-protect-config": [{"TargetId": WORKLOAD}, {"TargetId": AUDIT}]})
    assert {f.status for f in run_check("scp-protect-config", snapshot)} == {Status.PASS}


@pytest.mark.parametrize("control_id", ORG_CONTROLS)
def test_from_a_member_account_not_applicable(control_id):
    snapshot = organization()
    snapshot.reads = {k: v for k, v in snapshot.reads.items()
                      if k == "organizations:DescribeOrganization"}
    snapshot.account_id = WORKLOAD
    snapshot.record("governance:OrganizationView", "member")
    findings = run_check(control_id, snapshot)
    assert [(f.status, f.reason) for f in findings] == [
        (Status.NOT_APPLICABLE, "not the management account")]


@pytest.mark.parametrize("control_id", ORG_CONTROLS)
def test_outside_an_organization_not_applicable(control_id):
    snapshot = AccountSnapshot(account_id=MANAGEMENT, caller_arn="arn:aws:iam::1:role/a",
                               collected_at="2026-12-01T00:00:00+00:00", regions=[REGION])
    snapshot.record("organizations:DescribeOrganization", None)
    findings = run_check(control_id, snapshot)
    assert [(f.status, f.reason) for f in findings] == [
        (Status.NOT_APPLICABLE, "not in an organization")]


def test_no_active_member_is_not_applicable():
    snapshot = changed("organizations:ListAccounts",
                       lambda accounts: [a for a in accounts if a["Id"] == MANAGEMENT])
    findings = run_check("scp-deny-leave-organization", snapshot)
    assert [f.status for f in findings] == [Status.NOT_APPLICABLE]


def test_an_scp_the_evaluator_cannot_read_is_error_for_the_accounts_it_applies_to():
    document = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Deny", "Action": "*", "Resource": "*",
        "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}}]}
    snapshot = with_scp_text("protect-config", json.dumps(document))
    findings = run_check("scp-protect-config", snapshot)
    assert {f.status for f in findings} == {Status.ERROR}
    assert "policy governance-protect-config: unsupported condition operator" in findings[0].reason


def test_config_delegated_elsewhere_is_judged_there():
    snapshot = changed("config:DescribeConfigurationAggregators", lambda _: [], REGION)
    snapshot.record("organizations:ListDelegatedServicesForAccount", {
        AUDIT: ["access-analyzer.amazonaws.com", "config.amazonaws.com"]})
    findings = run_check("organization-config-aggregator", snapshot)
    assert [f.status for f in findings] == [Status.NOT_APPLICABLE]
    assert f"AWS Config is delegated to {AUDIT}" in findings[0].reason


def test_an_organization_trail_homed_in_an_unaudited_region_is_error():
    snapshot = changed("cloudtrail:DescribeTrails", lambda trails: [
        {**trails[0], "HomeRegion": "eu-west-1"}], REGION)
    findings = run_check("organization-trail", snapshot)
    assert [f.status for f in findings] == [Status.ERROR]
    assert "homed in a region that was not audited" in findings[0].reason


@pytest.mark.parametrize("control_id", ORG_CONTROLS)
def test_a_delegated_administrator_judges_like_the_management_account(control_id):
    snapshot = organization()
    snapshot.account_id = AUDIT
    snapshot.record("governance:OrganizationView", "delegated-admin")
    assert {f.status for f in run_check(control_id, snapshot)} == {Status.PASS}


def test_another_exempt_role_and_prefix_come_from_the_audit_settings():
    """A module applied with exempt_principal_arns = [.../BaselineDeployer] and
    protected_name_prefix = "acme": with the defaults the audit reports the exempt role it
    expects as denied; with the settings it passes."""
    text = scp_text("protect-log-storage").replace("OrganizationAccountAccessRole",
                                                   "BaselineDeployer").replace(
        "governance*", "acme*")
    snapshot = with_scp_text("protect-log-storage", text)
    findings = run_check("scp-protect-log-storage", snapshot)
    assert {f.status for f in findings} == {Status.FAIL}
    assert "s3:DeleteBucket on arn:aws:s3:::governance-logs-" in findings[0].reason
    snapshot.record("governance:Settings", {
        "scp_exempt_principal": "arn:aws:iam::{account}:role/BaselineDeployer",
        "scp_protected_name_prefix": "acme"})
    assert {f.status for f in run_check("scp-protect-log-storage", snapshot)} == {Status.PASS}


def test_a_probe_denied_for_want_of_an_allow_says_so_in_the_evidence():
    snapshot = allow_list(ROOT, *IMPLICIT_LEAVE, snapshot=without_scp("deny-leave-organization"))
    findings = run_check("scp-deny-leave-organization", snapshot)
    assert {f.status for f in findings} == {Status.PASS}
    for finding in findings:
        assert "1 probe(s) denied for want of an Allow, not by a Deny" in finding.reason
        assert finding.evidence["implicitly_denied"] == [
            f"organizations:LeaveOrganization by arn:aws:iam::{finding.evidence['account']}:role/"
            f"governance-probe-workload in {REGION}: not allowed by any SCP at root {ROOT}"]
    compliant = run_check("scp-deny-leave-organization", organization())
    assert all("implicitly_denied" not in f.evidence for f in compliant)


# --- where the CIS organization items are judged ---------------------------------------------

def _member_view() -> AccountSnapshot:
    snapshot = organization()
    snapshot.reads = {k: v for k, v in snapshot.reads.items()
                      if k == "organizations:DescribeOrganization"}
    snapshot.account_id = WORKLOAD
    snapshot.record("governance:OrganizationView", "member")
    snapshot.record(ANALYZERS, [_analyzer("ACCOUNT")], region=REGION)
    return snapshot


def test_a_member_account_never_passes_the_organization_analyzer():
    findings = run_check("access-analyzer-organization", _member_view())
    assert [(f.status, f.region) for f in findings] == [(Status.NOT_APPLICABLE, REGION)]
    assert findings[0].reason.startswith("member account of organization o-example: it cannot "
                                         "list the organization analyzer")


def test_the_management_accounts_own_audit_names_the_delegated_administrator():
    """Without the member role (a single-account audit) the delegated administrator's
    analyzers are not read: the finding says where the item is judged."""
    snapshot = organization()
    del snapshot.reads[snapshot.key(DELEGATED_ANALYZERS, REGION)]
    [finding] = run_check("access-analyzer-organization", snapshot)
    assert finding.status is Status.NOT_APPLICABLE
    assert finding.reason == (
        f"the organization analyzer in {REGION} is judged from the IAM Access Analyzer "
        f"delegated administrator {AUDIT} (the organization audit reads it through the member "
        "role)")


def test_a_delegated_administrator_of_another_service_does_not_judge_the_analyzer():
    snapshot = _audit_account_view([])
    snapshot.record(SERVICES, {AUDIT: ["guardduty.amazonaws.com"],
                               "222200000009": ["access-analyzer.amazonaws.com"]})
    [finding] = run_check("access-analyzer-organization", snapshot)
    assert finding.status is Status.NOT_APPLICABLE
    assert "delegated administrator 222200000009" in finding.reason


def test_the_organization_analyzer_gives_one_finding_per_audited_region():
    snapshot = _not_delegated([_analyzer("ORGANIZATION")])
    snapshot.regions = [REGION, OTHER_REGION]
    snapshot.record(ANALYZERS, [_analyzer("ACCOUNT")], region=OTHER_REGION)
    findings = run_check("access-analyzer-organization", snapshot)
    assert {(f.region, f.status) for f in findings} == {(REGION, Status.PASS),
                                                        (OTHER_REGION, Status.FAIL)}
    assert f"in {OTHER_REGION} (other analyzers: a)" in findings[1].reason


def test_a_delegated_administrator_of_another_service_leaves_root_access_to_iams():
    snapshot = organization()
    snapshot.account_id = WORKLOAD
    snapshot.record("governance:OrganizationView", "delegated-admin")
    del snapshot.reads[FEATURES]
    [finding] = run_check("organization-root-credentials-management", snapshot)
    assert finding.status is Status.NOT_APPLICABLE
    assert "not IAM's" in finding.reason


def test_root_sessions_are_shown_not_required():
    [finding] = run_check("organization-root-credentials-management", _features(
        "RootCredentialsManagement"))
    assert finding.evidence["root_sessions"] is False
    assert "privileged root sessions off" in finding.reason


def test_no_integrated_service_in_use_is_not_applicable():
    snapshot = changed(TRUSTED_ACCESS, lambda _: [], snapshot=changed(
        "cloudtrail:DescribeTrails", lambda t: [{**t[0], "IsOrganizationTrail": False}], REGION))
    [finding] = run_check("organization-services-delegated-admins", snapshot)
    assert finding.status is Status.NOT_APPLICABLE
    assert finding.evidence["cloudtrail_out_of_scope"] is True


def test_a_trusted_service_without_known_delegation_is_named_not_judged():
    [finding] = run_check("organization-services-delegated-admins", changed(
        TRUSTED_ACCESS, _trusted_with("ram.amazonaws.com")))
    assert finding.status is Status.PASS
    assert "1 trusted service(s) without known delegated administration not judged: " \
        "ram.amazonaws.com" in finding.reason
    assert finding.evidence["trusted_services_not_judged"] == ["ram.amazonaws.com"]


def test_the_delegation_policy_evidence_names_the_delegate_and_its_actions():
    [finding] = run_check("organization-policies-delegated-admin", organization())
    assert finding.evidence["policy_management"] == {AUDIT: [
        "AttachPolicy", "CreatePolicy", "DeletePolicy", "DetachPolicy", "UpdatePolicy"]}
    assert finding.resource.endswith("rp-example1")


def test_a_delegation_policy_that_is_not_json_is_error():
    snapshot = changed(POLICY, lambda p: {**p, "Content": "{not json"})
    [finding] = run_check("organization-policies-delegated-admin", snapshot)
    assert finding.status is Status.ERROR
    assert "not JSON" in finding.reason
