"""IAM controls through the CLI on seeded moto accounts: PASS, FAIL, and ERROR when denied.

The seeding is harness/seeds/iam.py; the applied iam-human-access stack proves PASS and FAIL of
most of these (tests/live_proofs.toml), so a case has a FAIL seed only where a seeded test
(here or the partner checklist) breaks the control.
"""

from __future__ import annotations

from harness.seeds.iam import (
    STRONG,  # noqa: F401  (re-exported: test_collector_selection and test_organization_audit)
    admin_role,
    console_user_with_mfa,
    group_with_mfa_policy,
    policy,
    star_policy,
    strong_password_policy,
    user,
)
from harness.seeds.iam import password_policy as weak_password_policy
from tests.seeded.cases import SeededCase, cli_verdict_tests

# The PASS seeds of the controls the partner checklist and FTR map compose in one account
# (tests/seeded/test_partner_checklist.py seeds them all together, then one FAIL): each makes
# users, roles and policies of its own names (the FAILs use jane.doe, job), and the one group
# has the MFA policy.
SEEDED: dict[str, SeededCase] = {
    "iam-password-policy-strong": SeededCase(
        seed_pass=strong_password_policy,
        seed_fail=lambda a: weak_password_policy(a, PasswordReusePrevention=3),
        fail_reason="PasswordReusePrevention is 3",
        denied_action="iam:GetAccountPasswordPolicy"),
    "iam-password-policy-min-length": SeededCase(
        seed_pass=strong_password_policy,
        denied_action="iam:GetAccountPasswordPolicy"),
    "iam-password-policy-reuse": SeededCase(
        seed_pass=strong_password_policy,
        denied_action="iam:GetAccountPasswordPolicy"),
    "iam-no-full-admin-policy-attached": SeededCase(
        seed_pass=lambda a: (admin_role(a, policy_arn="arn:aws:iam::aws:policy/ReadOnlyAccess"),
                             star_policy(a, attach=False)),
        denied_action="iam:GetAccountAuthorizationDetails"),
    "iam-customer-policies-no-full-admin": SeededCase(
        seed_pass=lambda a: (admin_role(a, policy_arn="arn:aws:iam::aws:policy/AdministratorAccess",
                                        name="break-glass"),
                             policy(a, "iam:ListUsers", name="user-directory")),
        denied_action="iam:GetAccountAuthorizationDetails"),
    "iam-human-groups-enforce-mfa": SeededCase(
        seed_pass=lambda a: group_with_mfa_policy(a, attach=True),
        denied_action="iam:GetAccountAuthorizationDetails"),
    "iam-console-users-have-mfa": SeededCase(
        seed_pass=lambda a: console_user_with_mfa(a, "mei.chen"),
        seed_fail=lambda a: user(a, "jane.doe", console=True),
        fail_reason="jane.doe",
        denied_action="iam:GetCredentialReport"),
    "iam-policies-no-wildcards": SeededCase(
        seed_pass=lambda a: policy(a, "iam:ListUsers"),
        seed_fail=lambda a: policy(a, "ec2:*"),
        fail_reason="wildcard action 'ec2:*'",
        denied_action="iam:GetAccountAuthorizationDetails"),
    "iam-user-permissions-through-groups-only": SeededCase(
        seed_pass=lambda a: user(a, "noah.klein"),
        denied_action="iam:GetAccountAuthorizationDetails"),
    "iam-no-shared-users": SeededCase(
        seed_pass=lambda a: user(a, "priya.nair"),
        seed_fail=lambda a: user(a, "team-shared"),
        fail_reason="team-shared",
        denied_action="iam:GetAccountAuthorizationDetails"),
}


(test_cli_passes_on_a_compliant_account, test_cli_fails_with_the_reason,
 test_cli_errors_when_the_read_is_denied) = cli_verdict_tests(SEEDED, "seeded-iam",
                                                              test_file=__file__)
