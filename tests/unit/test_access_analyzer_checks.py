"""IAM Access Analyzer external access analyzers (CIS v5.0.0 1.19) on hand-built snapshots:
PASS with an ACTIVE account or organization analyzer in every region, FAIL where a region
has none or only an unused-access one. (access-analyzer-enabled, the v3.0.0 / v4.0.1 1.20
reading that any ACTIVE analyzer passes, is in test_identity_checks.py; the organization
analyzer, v6.0.0 2.19, in test_organization_checks.py.)"""

from __future__ import annotations

from governance.checks import run_check, verdict
from governance.model import Status
from tests.support.verdicts import verdict_tests
from tests.unit.cases_access_analyzer import (
    EU,
    FAIL_CASES,
    PASS_CASES,
    _analyzer,
    _in_eu,
)
from tests.unit.snapshots_identity import REGIONS

test_check_fails_with_reason, test_check_passes = verdict_tests(
    FAIL_CASES, PASS_CASES, regions=REGIONS, fail_region=EU)


def test_the_v4_reading_passes_what_the_v5_reading_fails():
    """CIS v4.0.1 1.20 (any ACTIVE analyzer) and v5.0.0 1.19 (External Access) differ on an
    unused-access analyzer: each control follows its own item."""
    snapshot = _in_eu(_analyzer("ACCOUNT_UNUSED_ACCESS"))()
    assert verdict(run_check("access-analyzer-enabled", snapshot),
                   "access-analyzer-enabled") is Status.PASS
    assert verdict(run_check("access-analyzer-external-access", snapshot),
                   "access-analyzer-external-access") is Status.FAIL
