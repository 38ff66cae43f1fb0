"""Run nested only, by tests/apply/test_real_target.py: the apply tier on --target aws (a
moto server posing as the real account, --aws-endpoint-url). Not collected by default
(the file name has no test_ prefix)."""

from __future__ import annotations

import os

import pytest

from harness.disposable import CREATED_TAG, RUN_TAG

FIXTURE = "fixtures/disposable"


def _tags(items):
    return {item["Key"]: item["Value"] for item in items}


def test_applied_resources_carry_the_run_tags_then_the_test_fails(stack_factory):
    stack = stack_factory(FIXTURE, {"user_count": 1})
    stack.apply()
    account = stack.account
    outputs = stack.outputs()
    assert outputs["bucket"].endswith(f"-{account.run_id}")
    assert outputs["user_names"][0].endswith(f"-{account.run_id}")
    expected = {RUN_TAG: account.run_id, CREATED_TAG: account.created}
    iam, sns, s3 = account.client("iam"), account.client("sns"), account.client("s3")
    found = {
        "user": _tags(iam.list_user_tags(UserName=outputs["user_names"][0])["Tags"]),
        "topic": _tags(sns.list_tags_for_resource(ResourceArn=outputs["topic_arn"])["Tags"]),
        "bucket": _tags(s3.get_bucket_tagging(Bucket=outputs["bucket"])["TagSet"]),
    }
    for kind, tags in found.items():
        assert tags.items() >= expected.items(), (kind, tags)
    print(f"tagged and applied: {sorted(found)} run {account.run_id}")
    if os.environ.get("REAL_TARGET_FAIL_AFTER_APPLY"):
        pytest.fail("deliberate failure after apply: the harness must destroy the stack",
                    pytrace=False)
