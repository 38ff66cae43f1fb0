"""IAM checks on hand-built snapshots: PASS, FAIL with a reason naming the cause, ERROR."""

from __future__ import annotations

import copy

from governance.checks import evaluate, run_check, verdict
from governance.model import Status
from tests.support.snapshots import changed
from tests.support.verdicts import verdict_tests
from tests.unit.cases_iam import (
    ADMIN_ACCESS,
    DETAILS,
    FAIL_CASES,
    PASS_CASES,
    _add_user,
    _admin_role,
)
from tests.unit.snapshots import compliant, report_row, user

test_check_fails_with_reason, test_check_passes = verdict_tests(FAIL_CASES, PASS_CASES)



def test_full_admin_gives_one_finding_per_holder_with_its_arn():
    snapshot = changed(changed(compliant(), DETAILS, _admin_role), DETAILS, lambda d: _add_user(
        d, "bob.ray", AttachedManagedPolicies=[ADMIN_ACCESS]))
    findings = run_check("iam-no-full-admin-policy-attached", snapshot)
    assert sorted(f.resource for f in findings) == [
        "arn:aws:iam::111122223333:role/ops-admin", "arn:aws:iam::111122223333:user/bob.ray"]
    assert {f.status for f in findings} == {Status.FAIL}


def test_a_policy_without_a_readable_default_document_is_error_not_pass():
    def drop_document(details):
        details["Policies"][1]["PolicyVersionList"][0]["Document"] = None
        return details
    snapshot = changed(compliant(), DETAILS, drop_document)
    for control_id in ("iam-policies-no-wildcards", "iam-no-full-admin-policy-attached",
                       "iam-customer-policies-no-full-admin", "iam-human-groups-enforce-mfa"):
        findings = run_check(control_id, snapshot)
        assert [f.status for f in findings] == [Status.ERROR], control_id
        assert "no default version document" in findings[0].reason


def test_no_groups_is_not_applicable():
    snapshot = changed(compliant(), DETAILS, lambda d: {**d, "GroupDetailList": []})
    assert verdict(run_check("iam-human-groups-enforce-mfa", snapshot),
                   "iam-human-groups-enforce-mfa") is Status.NOT_APPLICABLE


def test_ten_thousand_users_are_checked_in_bulk():
    snapshot = compliant()
    details = copy.deepcopy(snapshot.get(DETAILS))
    details["UserDetailList"] = [user(f"person{i:05d}.x", "Developers") for i in range(10_000)]
    snapshot.record(DETAILS, details)
    snapshot.record("iam:GetCredentialReport",
                    [report_row(f"person{i:05d}.x", console=True, mfa=i != 4242)
                     for i in range(10_000)])
    findings = {f.control_id: f for f in evaluate(snapshot)}
    assert findings["iam-console-users-have-mfa"].status is Status.FAIL
    assert "person04242.x" in findings["iam-console-users-have-mfa"].reason
    assert findings["iam-console-users-have-mfa"].evidence["console_users_without_mfa"][
        "count"] == 1
    assert findings["iam-user-permissions-through-groups-only"].status is Status.PASS
