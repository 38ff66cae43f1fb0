"""IAM Access Analyzer external access analyzers (CIS v5.0.0 1.19) through the CLI on seeded
moto accounts: PASS, FAIL with the reason, ERROR when ListAnalyzers is denied.

moto has no accessanalyzer backend: the harness answers ListAnalyzers from what a test
seeded (harness/seeds/access_analyzer.py, through harness.harness_moto.set_access_analyzers)
and EmulatorGap (NOT_PROVABLE) where nothing was seeded (tests/seeded/test_identity_controls.py
proves that stand-in). The organization analyzer (v6.0.0 2.19) is seeded in
tests/seeded/test_organization_controls.py.
"""

from __future__ import annotations

from harness.seeds.access_analyzer import active_analyzers
from tests.seeded.cases import SeededCase, cli_verdict_tests

SEEDED: dict[str, SeededCase] = {
    "access-analyzer-external-access": SeededCase(
        seed_pass=active_analyzers(("account-analyzer", "ACCOUNT")),
        seed_fail=active_analyzers(("unused-access", "ACCOUNT_UNUSED_ACCESS")),
        fail_reason="no ACTIVE external access analyzer (ACCOUNT or ORGANIZATION) in "
                    "us-east-1; other analyzers: unused-access (ACCOUNT_UNUSED_ACCESS, ACTIVE)",
        denied_action="access-analyzer:ListAnalyzers"),
}

(test_cli_passes_on_a_compliant_account, test_cli_fails_with_the_reason,
 test_cli_errors_when_the_read_is_denied) = cli_verdict_tests(SEEDED, "seeded-access-analyzer",
                                                                         test_file=__file__)
