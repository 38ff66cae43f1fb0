"""Root, account-contact, credential, access and guardrail controls through the CLI on
seeded moto accounts: PASS, FAIL with the reason, and ERROR when the read is denied.

The seeding is harness/seeds/identity.py. moto cannot hold some of this state by itself; the
harness supplies it (harness/moto/): root user state (set_root_state), old
credentials (age_credentials), IAM Access Analyzer analyzers (set_access_analyzers: moto has
no accessanalyzer backend) and Security Hub standards (set_enabled_standards: moto has no
standards endpoints). Where the applied examples/complete stack proves a verdict
(tests/live_proofs.toml), the case has no FAIL seed of its own unless the partner checklist
breaks the control with it, and no denied read where the stack's ERROR audit proves ERROR
(its own table: tests/apply/complete_denied_reads.py); a control the stack proves on every
verdict and the partner checklist does not compose has no case here.
"""

from __future__ import annotations

from harness.moto import MISSING_IN_STOCK_MOTO, set_access_analyzers, set_root_state
from harness.seeds.identity import (
    ADMIN,
    CIS,
    FSBP,
    SAML_METADATA,
    Contact,
    contacts,
    days_ago,
    group_with,
    own_root,
    permission_set,
    role,
    root_password_removed,
    security_hub,
    upload_certificate,
    user,
)
from tests.seeded.cases import SeededCase, cli_verdict_tests

# The PASS seeds of the controls the partner checklist and FTR map compose in one account
# (tests/seeded/test_partner_checklist.py seeds them all together, then one FAIL): each makes
# a user of its own name (the FAILs use jane.doe), a console user has MFA, and the root seeds
# leave one another's MFA on.
SEEDED: dict[str, SeededCase] = {
    "root-no-access-keys": SeededCase(
        seed_pass=lambda a: set_root_state(a.account_id, mfa="hardware"),
        seed_fail=lambda a: set_root_state(a.account_id, mfa="hardware", access_keys=True),
        fail_reason="the root user has access keys",
        denied_action="iam:GetAccountSummary"),
    "root-mfa-enabled": SeededCase(
        seed_pass=lambda a: set_root_state(a.account_id, mfa="virtual"),
        seed_fail=lambda a: set_root_state(a.account_id, mfa="none"),
        fail_reason="no MFA device",
        denied_action="iam:GetAccountSummary"),
    "root-hardware-mfa": SeededCase(
        seed_pass=lambda a: set_root_state(a.account_id, mfa="hardware"),
        seed_fail=lambda a: set_root_state(a.account_id, mfa="virtual"),
        fail_reason="is a virtual device",
        denied_action="iam:ListVirtualMFADevices"),
    # CIS v5.0.0 1.4/1.5: a root user whose password was removed (centralized root access)
    # passes without MFA; one with a password and no MFA fails.
    "root-mfa-enabled-or-password-removed": SeededCase(
        seed_pass=root_password_removed,
        seed_fail=lambda a: set_root_state(a.account_id, mfa="none"),
        fail_reason="the root user has a password and no MFA device (AccountMFAEnabled=0, "
                    "AccountPasswordPresent=1)",
        denied_action="iam:GetAccountSummary"),
    "root-hardware-mfa-or-password-removed": SeededCase(
        seed_pass=root_password_removed,
        seed_fail=lambda a: set_root_state(a.account_id, mfa="virtual"),
        fail_reason="is a virtual device",
        denied_action="iam:GetAccountSummary"),
    "root-used-only-by-exception": SeededCase(
        seed_pass=lambda a: set_root_state(a.account_id, mfa="hardware",
                                           password_last_used=days_ago(200)),
        seed_fail=lambda a: set_root_state(a.account_id, mfa="hardware",
                                           password_last_used=days_ago(2)),
        fail_reason="the root user's password was used on",
        denied_action="iam:GetCredentialReport"),
    "account-security-contact": SeededCase(
        seed_pass=lambda a: contacts(a, Contact.SECURITY),
        seed_fail=lambda a: contacts(a, Contact.BILLING),
        fail_reason="no SECURITY alternate contact"),
    "account-alternate-contacts": SeededCase(
        seed_pass=lambda a: contacts(a, Contact.OPERATIONS, Contact.BILLING)),
    "iam-no-access-keys-at-setup": SeededCase(
        seed_pass=lambda a: user(a, "ana.silva", console=True, mfa=True)),
    "iam-unused-credentials-disabled": SeededCase(
        seed_pass=lambda a: user(a, "li.wei", keys=1, age_days=60, key_used_days_ago=3)),
    "iam-one-active-access-key": SeededCase(
        seed_pass=lambda a: user(a, "omar.haddad", keys=1),
        seed_fail=lambda a: user(a, keys=2),
        fail_reason="two active access keys: jane.doe",
        denied_action="iam:GetCredentialReport"),
    "iam-access-keys-rotated": SeededCase(
        seed_pass=lambda a: user(a, "sara.berg", keys=1, age_days=30, key_used_days_ago=1),
        seed_fail=lambda a: user(a, keys=1, age_days=100, key_used_days_ago=1),
        fail_reason="jane.doe key 1 (created",
        denied_action="iam:GetCredentialReport"),
    "iam-expired-certificates-removed": SeededCase(
        seed_pass=lambda a: user(a, "ken.ito"),
        seed_fail=upload_certificate,
        fail_reason="old-www (expired 2012",
        denied_action="iam:ListServerCertificates"),
    "iam-cloudshell-full-access-restricted": SeededCase(
        seed_pass=lambda a: group_with(a, "arn:aws:iam::aws:policy/ReadOnlyAccess")),
    "roles-limited-session": SeededCase(
        seed_pass=lambda a: role(a, "ops-admin", own_root(a, mfa=True), policies=(ADMIN,))),
    "roles-trust-requires-mfa-or-federation": SeededCase(
        seed_pass=lambda a: role(a, "ops", own_root(a, mfa=True)),
        seed_fail=lambda a: role(a, "ops", own_root(a, mfa=False)),
        fail_reason="ops: trusts arn:aws:iam::"),
    "federation-configured": SeededCase(
        seed_pass=lambda a: a.client("iam").create_saml_provider(
            Name="corp-idp", SAMLMetadataDocument=SAML_METADATA.read_text()),
        seed_fail=lambda a: user(a),
        fail_reason="identities are not managed centrally"),
    "identity-center-permission-set-session": SeededCase(
        seed_pass=lambda a: permission_set(a, "PT1H"),
        seed_fail=lambda a: permission_set(a, "PT12H"),
        fail_reason="Developers (PT12H)"),
    "access-analyzer-enabled": SeededCase(
        seed_pass=lambda a: set_access_analyzers(a.account_id, a.region, [
            {"name": "account-analyzer", "type": "ACCOUNT", "status": "ACTIVE"}]),
        seed_fail=lambda a: set_access_analyzers(a.account_id, a.region, [
            {"name": "account-analyzer", "type": "ACCOUNT", "status": "DISABLED"}]),
        fail_reason="no ACTIVE IAM Access Analyzer in us-east-1",
        denied_action="access-analyzer:ListAnalyzers"),
    "securityhub-enabled-with-standards": SeededCase(
        seed_pass=lambda a: security_hub(a, CIS, FSBP),
        seed_fail=lambda a: security_hub(a, FSBP),
        fail_reason="not subscribed to CIS AWS Foundations v3.0.0",
        denied_action="securityhub:DescribeHub"),
}


(test_cli_passes_on_a_compliant_account, test_cli_fails_with_the_reason,
 test_cli_errors_when_the_read_is_denied) = cli_verdict_tests(
    SEEDED, "seeded-identity", test_file=__file__)


def test_unseeded_stand_ins_are_not_provable_and_stock_moto_still_lacks_them(sandbox_account,
                                                                             audit_cli):
    """Nothing seeded for the account: the stand-ins answer EmulatorGap and the audit shows
    NOT_PROVABLE (never a PASS or FAIL built from a stand-in); the routed reads exist only
    because stock moto still lacks them."""
    sandbox_account.client("securityhub").enable_security_hub(EnableDefaultStandards=False)
    result = audit_cli(sandbox_account, "--controls",
                       "access-analyzer-enabled,securityhub-enabled-with-standards")
    assert result.statuses("access-analyzer-enabled") == {"NOT_PROVABLE"}
    assert result.statuses("securityhub-enabled-with-standards") == {"NOT_PROVABLE"}
    assert "the emulator does not implement access-analyzer:ListAnalyzers" in result.reasons(
        "access-analyzer-enabled")
    assert result.exit_code == 0  # neither a FAIL nor an ERROR
    assert MISSING_IN_STOCK_MOTO["access-analyzer GET /analyzer"] is True, (
        "moto now has an accessanalyzer backend: drop the routed ListAnalyzers answer")
    assert MISSING_IN_STOCK_MOTO["securityhub POST /standards/get"] is True, (
        "moto now serves GetEnabledStandards: drop the routed answer")


def test_stock_moto_has_no_account_password_present(sandbox_account):
    """moto's account summary lacks AccountPasswordPresent (AWS reports it): set_root_state
    supplies it (harness/moto/credentials.py). This fails when moto starts reporting it."""
    iam = sandbox_account.client("iam")
    assert "AccountPasswordPresent" not in iam.get_account_summary()["SummaryMap"]
    set_root_state(sandbox_account.account_id, mfa="hardware", password=False)
    assert iam.get_account_summary()["SummaryMap"]["AccountPasswordPresent"] == 0
    set_root_state(sandbox_account.account_id, mfa="hardware")
    assert iam.get_account_summary()["SummaryMap"]["AccountPasswordPresent"] == 1


def test_root_v5_controls_pass_on_mfa_and_the_v3_ones_fail_on_a_removed_password(
        sandbox_account, audit_cli):
    """The same account through the CLI: no password and no MFA fails CIS v3.0.0 1.5/1.6
    and passes CIS v5.0.0 1.4/1.5 (their PASS cases above); a hardware MFA passes both."""
    root_password_removed(sandbox_account)
    controls = ("root-mfa-enabled,root-hardware-mfa,root-mfa-enabled-or-password-removed,"
                "root-hardware-mfa-or-password-removed")
    result = audit_cli(sandbox_account, "--controls", controls)
    assert result.statuses("root-mfa-enabled") == {"FAIL"}
    assert result.statuses("root-hardware-mfa") == {"FAIL"}
    assert result.statuses("root-mfa-enabled-or-password-removed") == {"PASS"}
    set_root_state(sandbox_account.account_id, mfa="hardware")
    result = audit_cli(sandbox_account, "--controls", controls)
    names = controls.split(",")
    assert {c: result.statuses(c) for c in names} == {c: {"PASS"} for c in names}
