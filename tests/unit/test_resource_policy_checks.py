"""resource-policies-no-public-principal (CIS v7.0.0 2.21) on hand-built snapshots: which
wildcard-principal statements a condition restricts, and which only look restricted."""

from __future__ import annotations

import copy

import pytest

from governance.checks import run_check
from governance.model import Status
from tests.support.verdicts import verdict_tests
from tests.unit.cases_resource_policy import (
    CONTROL,
    FAIL_CASES,
    PASS_CASES,
)
from tests.unit.snapshots import ACCOUNT_ID
from tests.unit.snapshots_resource_policies import (
    BUCKET,
    FUNCTION,
    FUNCTION_ARN,
    HOME,
    KEY,
    OTHER,
    QUEUE,
    QUEUE_ARN,
    SECRET,
    TOPIC,
    allow,
    compliant,
    document,
    empty,
    with_entry,
    with_policy,
    with_statements,
)

test_check_fails_with_reason, test_check_passes = verdict_tests(FAIL_CASES, PASS_CASES, others_pass=True)


def test_one_finding_per_resource_with_its_arn_and_region():
    findings = run_check(CONTROL, compliant())
    resources = [(f.resource, f.region) for f in findings]
    assert sorted(resources) == sorted([
        (f"arn:aws:s3:::{BUCKET}", HOME), ("arn:aws:s3:::example-empty", OTHER),
        (QUEUE_ARN, HOME), (f"arn:aws:sqs:{HOME}:{ACCOUNT_ID}:work", HOME), (TOPIC, HOME),
        (FUNCTION_ARN, HOME), (f"arn:aws:kms:{HOME}:{ACCOUNT_ID}:key/{KEY}", HOME),
        (f"arn:aws:kms:{OTHER}:{ACCOUNT_ID}:key/0987dcba-09fe-87dc-65ba-ab0987654321", OTHER),
        (SECRET, HOME),
        (f"arn:aws:secretsmanager:{OTHER}:{ACCOUNT_ID}:secret:eu-token-GhIjKl", OTHER)])
    restricted = {f.resource: f.evidence.get("restricted") for f in findings}
    assert restricted[TOPIC] == [{"statement": "__default_statement_ID", "qualifier": "",
                                  "restriction": "StringEquals AWS:SourceOwner"}]


def test_a_failing_statement_is_named_with_every_other_in_evidence():
    findings = run_check(CONTROL, with_statements("sqs", allow("*", sid="A"),
                                                  allow({"AWS": "*"}, sid="B")))
    failed = next(f for f in findings if f.status is Status.FAIL)
    assert failed.resource == QUEUE_ARN and failed.region == HOME
    assert failed.reason.endswith("(and 1 more)")
    assert [s["statement"] for s in failed.evidence["statements"]] == ["A", "B"]


SERVICE_READS = [
    ("s3:ListBuckets", None, "S3 buckets in global"),
    ("s3:GetBucketLocation", None, "S3 buckets in global"),
    ("s3:GetBucketPolicy", None, "S3 buckets in global"),
    ("sqs:ListQueues", HOME, f"SQS queues in {HOME}"),
    ("sqs:GetQueueAttributes", HOME, f"SQS queues in {HOME}"),
    ("sns:ListTopics", HOME, f"SNS topics in {HOME}"),
    ("sns:GetTopicAttributes", HOME, f"SNS topics in {HOME}"),
    ("lambda:ListFunctions", HOME, f"Lambda functions in {HOME}"),
    ("lambda:ListVersionsByFunction", HOME, f"Lambda functions in {HOME}"),
    ("lambda:ListAliases", HOME, f"Lambda functions in {HOME}"),
    ("lambda:GetPolicy", HOME, f"Lambda functions in {HOME}"),
    ("kms:ListKeys", OTHER, f"KMS keys in {OTHER}"),
    ("kms:GetKeyPolicy", HOME, f"KMS keys in {HOME}"),
    ("secretsmanager:ListSecrets", OTHER, f"secrets in {OTHER}"),
    ("secretsmanager:GetResourcePolicy", HOME, f"secrets in {HOME}"),
]


@pytest.mark.parametrize(("api", "region", "what"), SERVICE_READS, ids=lambda v: str(v))
def test_a_failed_read_is_error_for_its_service_and_region_only(api, region, what):
    snapshot = compliant()
    snapshot.record(api, error="AccessDenied: not authorized", region=region)
    findings = run_check(CONTROL, snapshot)
    errors = [f for f in findings if f.status is Status.ERROR]
    assert len(errors) == 1 and errors[0].reason.startswith(f"{what}: could not read {api}")
    assert "AccessDenied" in errors[0].reason
    assert {f.status for f in findings} == {Status.ERROR, Status.PASS}


def test_every_read_failed_is_error_never_pass_or_not_applicable():
    snapshot = compliant()
    for read in snapshot.reads.values():
        read.error, read.data = "AccessDenied: not authorized", None
    assert {f.status for f in run_check(CONTROL, snapshot)} == {Status.ERROR}


def test_one_unreadable_policy_is_error_for_that_resource_only():
    findings = run_check(CONTROL, with_entry("kms", {
        "error": "AccessDeniedException: the key policy does not allow the auditor",
        "emulator_gap": False}))
    errors = [f for f in findings if f.status is not Status.PASS]
    assert [(f.status, f.resource) for f in errors] == [
        (Status.ERROR, f"arn:aws:kms:{HOME}:{ACCOUNT_ID}:key/{KEY}")]
    assert "could not read its policy: AccessDeniedException" in errors[0].reason


@pytest.mark.parametrize(("endpoint", "status"), [
    ("http://127.0.0.1:5000", Status.NOT_PROVABLE), (None, Status.ERROR)])
def test_an_emulator_gap_on_one_resource_is_not_provable_on_an_emulator_only(endpoint, status):
    snapshot = with_entry("secret", {"error": "InternalFailure: not implemented",
                                     "emulator_gap": True})
    snapshot.emulator_endpoint = endpoint
    assert {f.status for f in run_check(CONTROL, snapshot)} == {status, Status.PASS}


def test_a_proved_fail_is_not_hidden_by_an_unreadable_qualifier():
    snapshot = with_statements("lambda-alias", allow("*", sid="live-public"))
    snapshot = with_entry("lambda-version", {"error": "AccessDeniedException: no",
                                             "emulator_gap": False}, snapshot)
    failed = [f for f in run_check(CONTROL, snapshot) if f.status is not Status.PASS]
    assert [f.status for f in failed] == [Status.FAIL]
    assert failed[0].evidence["unread"] == [{"qualifier": "version 1",
                                             "error": "AccessDeniedException: no"}]


def test_a_version_list_that_failed_for_one_function_is_error_for_it():
    snapshot = compliant()
    snapshot.record("lambda:ListVersionsByFunction", {FUNCTION: {
        "error": "AccessDeniedException: no", "emulator_gap": False}}, region=HOME)
    failed = [f for f in run_check(CONTROL, snapshot) if f.status is not Status.PASS]
    assert [(f.status, f.resource) for f in failed] == [(Status.ERROR, FUNCTION_ARN)]
    assert "(version list)" in failed[0].reason


def test_a_listed_resource_missing_from_its_read_is_error_not_pass():
    snapshot = compliant()
    snapshot.record("sqs:GetQueueAttributes", {}, region=HOME)
    failed = [f for f in run_check(CONTROL, snapshot) if f.status is not Status.PASS]
    assert {f.status for f in failed} == {Status.ERROR} and len(failed) == 2


@pytest.mark.parametrize("text", ["{not json", '["a", "list"]'])
def test_an_unparseable_policy_is_error(text):
    failed = [f for f in run_check(CONTROL, with_policy("sqs", text))
              if f.status is not Status.PASS]
    assert [f.status for f in failed] == [Status.ERROR]
    assert failed[0].resource == QUEUE_ARN


def test_nothing_to_judge_is_not_applicable_only_when_every_list_was_read():
    findings = run_check(CONTROL, empty())
    assert [f.status for f in findings] == [Status.NOT_APPLICABLE]
    unread = empty()
    unread.record("secretsmanager:ListSecrets", error="AccessDenied: no", region=OTHER)
    assert [f.status for f in run_check(CONTROL, unread)] == [Status.ERROR]


def test_a_bucket_deleted_between_list_and_location_is_skipped():
    snapshot = compliant()
    snapshot.record("s3:GetBucketLocation", {BUCKET: HOME, "example-empty": None})
    buckets = [f for f in run_check(CONTROL, snapshot) if ":s3:::" in f.resource]
    assert [f.resource for f in buckets] == [f"arn:aws:s3:::{BUCKET}"]


def test_a_queue_arn_is_derived_from_its_url_when_its_read_failed():
    findings = run_check(CONTROL, with_entry("sqs", {"error": "AccessDenied: no",
                                                     "emulator_gap": False}))
    assert QUEUE_ARN in {f.resource for f in findings if f.status is Status.ERROR}
    assert QUEUE in compliant().get("sqs:GetQueueAttributes", HOME)


def test_resource_policies_reader_runs_after_the_kms_reader_it_reuses():
    from governance.collectors import REGIONAL_READERS
    from governance.collectors.kms import read_kms
    from governance.collectors.resource_policies import read_resource_policies

    assert REGIONAL_READERS.index(read_kms) < REGIONAL_READERS.index(read_resource_policies)


def test_the_reader_reuses_kms_list_keys_and_records_why_it_did_not_read():
    from governance.collectors.resource_policies import _read_key_policies
    from governance.model import AccountSnapshot as Snapshot

    snapshot = Snapshot(account_id=ACCOUNT_ID, caller_arn="arn:aws:sts::1:x",
                        collected_at="now", regions=[HOME])
    snapshot.record("kms:ListKeys", error="AccessDeniedException: no", region=HOME)
    _read_key_policies(object(), snapshot, HOME)  # no client made: nothing read
    assert snapshot.reads[f"kms:GetKeyPolicy@{HOME}"].error == "not read: kms:ListKeys failed"


def test_snapshot_builders_do_not_share_state():
    first = compliant()
    changed = with_statements("sqs", allow("*"))
    assert first.get("sqs:GetQueueAttributes", HOME) == compliant().get(
        "sqs:GetQueueAttributes", HOME)
    assert changed.get("sqs:GetQueueAttributes", HOME) != first.get(
        "sqs:GetQueueAttributes", HOME)
    assert copy.deepcopy(first).reads.keys() == first.reads.keys()
    assert document() == '{"Version": "2012-10-17", "Statement": []}'
