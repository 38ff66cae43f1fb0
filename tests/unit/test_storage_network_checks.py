"""CIS v3.0 sections 2 (storage) and 5 (networking) checks on hand-built snapshots."""

from __future__ import annotations

import pytest

from governance.checks import run_check
from governance.model import Status
from tests.support.snapshots import changed
from tests.support.verdicts import verdict_tests
from tests.unit.cases_storage_network import (
    ACLS,
    DBS,
    DEFAULTS,
    FAIL_CASES,
    FILE_SYSTEMS,
    GROUPS,
    INSECURE,
    INSTANCES,
    MOTO_500,
    PASS_CASES,
    POLICY,
    PROFILES,
    ROLES,
    TLS_VERSION,
    VERSIONING,
    _no_instances,
    _policy,
    _versioning,
    _web_group,
)
from tests.unit.snapshots_storage_network import (
    ACL,
    BUCKET,
    DB_ARN,
    EU_BUCKET,
    FS,
    HOME,
    INSTANCE,
    OTHER,
    PROFILE_ARN,
    SG,
    compliant,
    file_system,
    ingress,
    instance,
)

test_check_fails_with_reason, test_check_passes = verdict_tests(
    FAIL_CASES, PASS_CASES, not_applicable_beside_pass={"ec2-instances-use-instance-profiles"})


@pytest.mark.parametrize("control_id", sorted(FAIL_CASES))
def test_unreadable_api_makes_error_not_pass(control_id):
    snapshot = compliant()
    for key in list(snapshot.reads):
        snapshot.reads[key].error = "AccessDenied: not authorized"
        snapshot.reads[key].data = None
    findings = run_check(control_id, snapshot)
    assert [f.status for f in findings] == [Status.ERROR]
    assert "AccessDenied" in findings[0].reason


@pytest.mark.parametrize(("control_id", "api", "region"), [
    ("s3-bucket-policy-denies-http", POLICY, None),
    ("s3-bucket-policy-denies-http", "s3:ListBuckets", None),
    ("s3-bucket-mfa-delete", VERSIONING, None),
    ("s3-bucket-mfa-delete", "s3:GetBucketLocation", None),
    ("rds-storage-encrypted", DBS, OTHER),
    ("efs-encrypted", FILE_SYSTEMS, OTHER),
    ("nacl-no-admin-port-ingress", ACLS, OTHER),
    ("security-group-no-admin-port-ingress-ipv6", GROUPS, OTHER),
    ("security-group-cifs-restricted", GROUPS, OTHER),
    ("default-security-group-restricts-all", GROUPS, HOME),
    ("ec2-imdsv2-required", INSTANCES, HOME),
    ("ec2-imdsv2-required", DEFAULTS, OTHER),
    (INSECURE, POLICY, None),
    (INSECURE, "s3:ListBuckets", None),
    (PROFILES, INSTANCES, HOME),
    (PROFILES, INSTANCES, OTHER),
    (PROFILES, ROLES, None),
])
def test_one_failed_read_makes_error(control_id, api, region):
    snapshot = compliant()
    snapshot.record(api, error="AccessDenied: not authorized", region=region)
    findings = run_check(control_id, snapshot)
    assert [f.status for f in findings] == [Status.ERROR]
    assert api in findings[0].reason


def test_one_finding_per_resource_with_its_arn_and_region():
    buckets = run_check("s3-bucket-policy-denies-http", compliant())
    assert {(f.resource, f.region) for f in buckets} == {
        (f"arn:aws:s3:::{BUCKET}", HOME), (f"arn:aws:s3:::{EU_BUCKET}", OTHER)}
    dbs = run_check("rds-storage-encrypted", compliant())
    assert {(f.resource, f.region) for f in dbs} == {
        (DB_ARN, HOME), (DB_ARN.replace(HOME, OTHER), OTHER)}
    groups = run_check("security-group-no-admin-port-ingress-ipv4", compliant())
    assert len(groups) == 4 and all(f.resource.startswith("arn:aws:ec2:") for f in groups)
    defaults = run_check("default-security-group-restricts-all", compliant())
    assert sorted(f.resource.rsplit("/", 1)[1] for f in defaults) == ["sg-eudefault",
                                                                       "sg-usdefault"]
    acls = run_check("nacl-no-admin-port-ingress", compliant())
    assert sorted((f.resource, f.region) for f in acls) == [(ACL, OTHER), (ACL, HOME)]
    imds = {f.region: (f.status, f.resource) for f in run_check("ec2-imdsv2-required",
                                                                compliant())}
    assert imds == {HOME: (Status.PASS, INSTANCE), OTHER: (Status.PASS, "account")}


def test_cifs_one_finding_per_security_group_with_its_arn():
    findings = run_check("security-group-cifs-restricted", _web_group(
        ingress("tcp", 445, ipv4="0.0.0.0/0")))
    arn = "arn:aws:ec2:{}:111122223333:security-group/{}".format
    assert {f.resource: (f.status, f.region) for f in findings} == {
        arn(HOME, "sg-usdefault"): (Status.PASS, HOME), arn(HOME, SG): (Status.FAIL, HOME),
        arn(OTHER, "sg-eudefault"): (Status.PASS, OTHER), arn(OTHER, SG): (Status.PASS, OTHER)}
    empty = changed(compliant(), GROUPS, [], OTHER)
    assert [f.status for f in run_check("security-group-cifs-restricted", empty)
            if f.region == OTHER] == [Status.NOT_APPLICABLE]


def test_a_failing_resource_does_not_hide_the_passing_ones():
    findings = run_check("efs-encrypted", changed(compliant(), FILE_SYSTEMS, [
        file_system(), file_system("fs-0plain", Encrypted=False)], HOME))
    assert sorted((f.resource.rsplit("/", 1)[1], f.status) for f in findings
                  if f.region == HOME) == [(FS, Status.PASS), ("fs-0plain", Status.FAIL)]


@pytest.mark.parametrize("control_id", ["rds-storage-encrypted", "rds-auto-minor-version-upgrade",
                                        "rds-not-publicly-accessible"])
def test_no_db_instance_is_not_applicable(control_id):
    snapshot = changed(changed(compliant(), DBS, [], HOME), DBS, [], OTHER)
    findings = run_check(control_id, snapshot)
    assert [(f.status, f.reason) for f in findings] == [
        (Status.NOT_APPLICABLE, f"no RDS DB instance in {HOME}"),
        (Status.NOT_APPLICABLE, f"no RDS DB instance in {OTHER}")]


def test_no_bucket_is_not_applicable():
    snapshot = changed(compliant(), "s3:ListBuckets", [], None)
    for control_id in ("s3-bucket-policy-denies-http", "s3-bucket-mfa-delete"):
        assert [f.status for f in run_check(control_id, snapshot)] == [Status.NOT_APPLICABLE]


@pytest.mark.parametrize(("defaults", "status", "reason"), [
    ({"HttpTokens": "required"}, Status.PASS,
     "no instance in us-east-1; the account default makes new instances require IMDSv2"),
    ({"HttpTokens": "optional"}, Status.NOT_APPLICABLE, "no instance in us-east-1"),
    ({}, Status.NOT_APPLICABLE, "no instance in us-east-1"),
])
def test_region_without_instances_is_judged_by_the_account_default(defaults, status, reason):
    findings = run_check("ec2-imdsv2-required", _no_instances((defaults, None)))
    home = [f for f in findings if f.region == HOME]
    assert [(f.status, f.reason) for f in home] == [(status, reason)]


def test_emulator_without_metadata_defaults_is_not_provable_never_pass_or_fail():
    findings = run_check("ec2-imdsv2-required",
                         _no_instances((None, MOTO_500), emulator="http://127.0.0.1:5000"))
    home = [f for f in findings if f.region == HOME]
    assert [f.status for f in home] == [Status.NOT_PROVABLE]
    assert "does not implement ec2:GetInstanceMetadataDefaults" in home[0].reason


def test_the_same_failure_on_a_real_endpoint_is_error():
    findings = run_check("ec2-imdsv2-required", _no_instances((None, MOTO_500)))
    assert [f.status for f in findings] == [Status.ERROR]
    assert "ec2:GetInstanceMetadataDefaults" in findings[0].reason


def test_denied_metadata_defaults_on_an_emulator_is_error():
    findings = run_check("ec2-imdsv2-required", _no_instances(
        (None, "AccessDenied: not authorized"), emulator="http://127.0.0.1:5000"))
    assert [f.status for f in findings] == [Status.ERROR]


def test_mfa_delete_on_an_emulator_that_never_reports_it_is_not_provable():
    snapshot = _versioning({"Status": "Enabled"})
    snapshot.emulator_endpoint = "http://127.0.0.1:5000"
    findings = {f.resource: f for f in run_check("s3-bucket-mfa-delete", snapshot)}
    assert findings[f"arn:aws:s3:::{BUCKET}"].status is Status.NOT_PROVABLE
    assert "never reports MFADelete" in findings[f"arn:aws:s3:::{BUCKET}"].reason
    assert findings[f"arn:aws:s3:::{EU_BUCKET}"].status is Status.PASS


def test_instance_profiles_one_finding_per_instance_and_not_applicable_without_instances():
    findings = run_check(PROFILES, compliant())
    assert [(f.status, f.resource, f.region) for f in findings] == [
        (Status.PASS, f"arn:aws:ec2:{HOME}:111122223333:instance/{INSTANCE}", HOME),
        (Status.NOT_APPLICABLE, "account", OTHER)]
    assert findings[0].evidence == {"InstanceProfileArn": PROFILE_ARN,
                                    "roles": ["app-instance-role"]}
    mixed = run_check(PROFILES, changed(compliant(), INSTANCES, [
        instance(), instance("i-0bare", profile=None)], HOME))
    assert sorted((f.resource.rsplit("/", 1)[-1], f.status) for f in mixed
                  if f.region == HOME) == [("i-0123456789abcdef0", Status.PASS),
                                           ("i-0bare", Status.FAIL)]


def test_instance_profiles_without_any_profile_do_not_need_the_iam_read():
    """No instance names a profile: nothing to look up in IAM, each instance FAILs."""
    snapshot = changed(compliant(), INSTANCES, [instance(profile=None)], HOME)
    snapshot.record(ROLES, error="AccessDenied: not authorized")
    assert [f.status for f in run_check(PROFILES, snapshot)] == [Status.FAIL,
                                                                 Status.NOT_APPLICABLE]


def test_insecure_transport_findings_name_the_condition_per_bucket():
    findings = run_check(INSECURE, _policy(Condition=TLS_VERSION))
    assert {(f.resource, f.status) for f in findings} == {
        (f"arn:aws:s3:::{BUCKET}", Status.PASS), (f"arn:aws:s3:::{EU_BUCKET}", Status.PASS)}
    reasons = {f.resource: f.reason for f in findings}
    assert "on NumericLessThan s3:TlsVersion" in reasons[f"arn:aws:s3:::{BUCKET}"]
    assert "on Bool aws:SecureTransport" in reasons[f"arn:aws:s3:::{EU_BUCKET}"]
    assert [f.status for f in run_check(INSECURE, changed(compliant(), "s3:ListBuckets", [],
                                                          None))] == [Status.NOT_APPLICABLE]
