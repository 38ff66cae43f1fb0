"""The organization items of CIS AWS Foundations v5.0.0-v7.0.0 as their own audit procedures
read them (Prowler's quotation of the benchmark, prowler/compliance/aws/cis_{5,6,7}.0_aws.json).

* v5.0.0 1.19: ``list-analyzers type --<Account|Organization>``: an ACTIVE external access
  analyzer in each region (an unused-access analyzer is not one).
* v6.0.0 2.19 / v7.0.0 2.18: ``list-analyzers --type ORGANIZATION``: an ACTIVE organization
  analyzer in each region (where Access Analyzer is delegated, in the delegated
  administrator); outside an organization an account analyzer is the zone of trust.
* v7.0.0 2.1.1: step 3 IAM trusted access, step 4 root credentials management for member
  accounts (privileged root actions "if desired").
* v7.0.0 2.1.2: the baseline guardrails the procedure lists as examples (CloudTrail, Config,
  GuardDuty / Security Hub, approved regions) attached so every active member account is
  covered (steps 4-6); none existing (step 3) is a gap.
* v7.0.0 2.1.5: a delegation policy registering a member account for Organizations policy
  management; none (step 3) fails.
* v7.0.0 2.1.6: CloudTrail's example (an organization trail needs a member account as
  CloudTrail delegated administrator; single-account trails only: out of scope) and the
  other integrated services in use.
"""

from __future__ import annotations

from governance.model import AccountSnapshot
from tests.support.snapshots import changed
from tests.support.snapshots_organization import (
    MANAGE_ACTIONS,
    MANAGEMENT,
    READ_ACTIONS,
    REGION,
    SECURITY,
    organization,
    policy_statement,
)
from tests.unit import cases_organization as org_cases
from tests.unit.item_cases import ItemCase
from tests.unit.snapshots_identity import REGIONS, identity_compliant

EU = REGIONS[1]
# The scp-* controls mapped to v7.0.0 2.1.2 (the procedure's example guardrails).
EXAMPLE_GUARDRAILS = ("protect-cloudtrail", "protect-config", "protect-security-services",
                      "deny-regions-outside-allowlist")


def _analyzers_in_eu(*analyzers: dict) -> AccountSnapshot:
    return changed(identity_compliant(), "access-analyzer:ListAnalyzers", list(analyzers), EU)


def _guardrails_on(targets: list[str]) -> AccountSnapshot:
    return changed(organization(), "organizations:ListTargetsForPolicy", lambda t: {
        **t, **{f"p-{gid}": [{"TargetId": target} for target in targets]
                for gid in EXAMPLE_GUARDRAILS}})


def _org_trail_off() -> AccountSnapshot:
    return changed(org_cases._audit_services(
                       lambda s: [p for p in s if p != "cloudtrail.amazonaws.com"]),
                   "cloudtrail:DescribeTrails", lambda t: [{**t[0], "IsOrganizationTrail": False}],
                   REGION)


ANALYZER_ORGANIZATION = ItemCase(
    compliant=[
        ("step 2: an ACTIVE ORGANIZATION analyzer in the Access Analyzer delegated "
         "administrator", organization),
        ("an ACTIVE ORGANIZATION analyzer in the management account (not delegated)",
         lambda: org_cases._not_delegated([org_cases._analyzer("ORGANIZATION")])),
        ("outside an organization: an ACTIVE account analyzer",
         lambda: org_cases._standalone([org_cases._analyzer("ACCOUNT")]))],
    non_compliant=[
        ("--type ORGANIZATION lists nothing: only an account analyzer in the management "
         "account", lambda: org_cases._not_delegated([org_cases._analyzer("ACCOUNT")])),
        ("the delegated administrator's analyzer is an account one",
         lambda: org_cases._delegated_analyzers(org_cases._analyzer("ACCOUNT"))),
        ("the organization analyzer is not ACTIVE",
         lambda: org_cases._delegated_analyzers(org_cases._analyzer("ORGANIZATION", "FAILED")))])

ITEM_CASES: dict[tuple[str, str], ItemCase] = {
    ("cis_aws_v5", "1.19"): ItemCase(
        compliant=[("an ACTIVE ACCOUNT analyzer in each region", identity_compliant),
                   ("an ACTIVE ORGANIZATION analyzer in eu", lambda: _analyzers_in_eu(
                       {"name": "org", "type": "ORGANIZATION", "status": "ACTIVE"}))],
        non_compliant=[("External Access lists nothing in eu: an unused-access analyzer only",
                        lambda: _analyzers_in_eu({"name": "u", "type": "ACCOUNT_UNUSED_ACCESS",
                                                  "status": "ACTIVE"})),
                       ("no analyzer in eu", lambda: _analyzers_in_eu())]),
    ("cis_aws_v6", "2.19"): ANALYZER_ORGANIZATION,
    ("cis_aws_v7", "2.18"): ANALYZER_ORGANIZATION,
    ("cis_aws_v7", "2.1.1"): ItemCase(
        compliant=[("steps 3-4: IAM trusted access, root credentials management and root "
                    "sessions on", organization),
                   ("root credentials management on, privileged root actions off (optional)",
                    lambda: org_cases._features("RootCredentialsManagement"))],
        non_compliant=[("step 3: IAM not among the services with trusted access",
                        lambda: changed(organization(), org_cases.TRUSTED_ACCESS,
                                        org_cases._trusted_without("iam.amazonaws.com"))),
                       ("step 4: root access management disabled",
                        lambda: org_cases._features())]),
    ("cis_aws_v7", "2.1.2"): ItemCase(
        compliant=[("the baseline guardrails attached to the root (and an OU plus the audit "
                    "account for CloudTrail)", organization),
                   ("step 6: attached to every OU that holds member accounts",
                    lambda: _guardrails_on(["ou-root-security", "ou-root-workloads"]))],
        non_compliant=[("step 6: attached to the Security OU only: the workload account is "
                        "not covered", lambda: _guardrails_on([SECURITY])),
                       ("step 3: no SCP implementing the guardrails is attached anywhere",
                        lambda: _guardrails_on([]))]),
    ("cis_aws_v7", "2.1.5"): ItemCase(
        compliant=[("step 3: the delegation policy registers the audit account for policy "
                    "management", organization),
                   ("least privilege: create backup policies only", lambda: org_cases._policy(
                       policy_statement(f"arn:aws:iam::{org_cases.AUDIT}:root", READ_ACTIONS),
                       policy_statement(f"arn:aws:iam::{org_cases.AUDIT}:root",
                                        ["organizations:CreatePolicy"], Condition={
                                            "StringEquals": {
                                                "organizations:PolicyType": "BACKUP_POLICY"}})))],
        non_compliant=[("step 3: no delegation policy", lambda: changed(
            organization(), org_cases.POLICY, lambda _: None)),
            ("step 3: no member account registered (the management account only)",
             lambda: org_cases._policy(policy_statement(f"arn:aws:iam::{MANAGEMENT}:root",
                                                        MANAGE_ACTIONS)))]),
    ("cis_aws_v7", "2.1.6"): ItemCase(
        compliant=[("step 4: the organization trail's CloudTrail delegated administrator is "
                    "a member account, as for every other service in use", organization),
                   ("step 2: single-account trails only: CloudTrail not in scope",
                    _org_trail_off)],
        non_compliant=[("step 4: an organization trail and no CloudTrail delegated "
                        "administrator", lambda: org_cases._audit_services(
                            lambda s: [p for p in s if p != "cloudtrail.amazonaws.com"])),
                       ("another integrated service in use (Macie) without a delegated "
                        "administrator", lambda: changed(
                            organization(), org_cases.TRUSTED_ACCESS,
                            org_cases._trusted_with("macie.amazonaws.com")))]),
}
