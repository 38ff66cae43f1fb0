"""harness.moto.speed: AWS managed policies built once, yet every account keeps its own."""

from __future__ import annotations

import json

import boto3
import pytest

from harness.moto import speed


@pytest.fixture
def iam_backends(monkeypatch):
    monkeypatch.setenv("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
    speed.install()
    from moto.iam.models import IAMBackend

    return lambda account_id: IAMBackend("aws", account_id)


def test_every_account_gets_every_aws_managed_policy_as_stock_moto_builds_it(iam_backends):
    from moto.iam.aws_managed_policies import aws_managed_policies_data

    stock = json.loads(aws_managed_policies_data)
    backend = iam_backends("111111111111")
    policies = {p.name: p for p in backend.aws_managed_policies}
    assert set(policies) == set(stock)
    admin = policies["AdministratorAccess"]
    assert admin.arn == "arn:aws:iam::aws:policy/AdministratorAccess"
    assert json.loads(admin.versions[0].document) == stock["AdministratorAccess"]["Document"]
    assert backend.managed_policies[admin.arn] is admin


def test_attaching_a_managed_policy_in_one_account_leaves_the_other_untouched(iam_backends):
    first, second = iam_backends("111111111111"), iam_backends("222222222222")
    arn = "arn:aws:iam::aws:policy/SecurityAudit"
    first.create_role("auditor", json.dumps({"Version": "2012-10-17", "Statement": []}),
                      "/", None, "", [], "3600")
    first.attach_role_policy(arn, "auditor")
    assert first.managed_policies[arn].attachment_count == 1
    assert second.managed_policies[arn].attachment_count == 0
    assert first.managed_policies[arn] is not second.managed_policies[arn]
    assert first.managed_policies[arn].versions[0] is not second.managed_policies[arn].versions[0]


def test_sessions_share_one_botocore_loader():
    speed.install()
    first = boto3.Session(region_name="us-east-1")._session.get_component("data_loader")
    second = boto3.Session(region_name="us-east-1")._session.get_component("data_loader")
    assert first is second


def test_the_account_of_an_access_key_is_found_as_moto_finds_it_without_making_backends():
    speed.install()
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.iam.models import get_account_id_from, iam_backends

    assert get_account_id_from is speed.account_id_from  # what moto's responses call
    account_id = "310000000001"
    iam = iam_backends[account_id]["global"]
    iam.create_user("us-east-1", "alice")
    key = iam.create_access_key("alice").access_key_id
    assert speed.account_id_from(key) == account_id
    assert speed.account_id_from(key) == account_id  # the remembered answer
    assert speed.account_id_from("AKIANOTANYONESKEY000") == DEFAULT_ACCOUNT_ID
    assert set(dict.keys(iam_backends[account_id])) == {"aws"}  # no other partition made
    iam.delete_access_key(key, "alice")
    assert speed.account_id_from(key) == DEFAULT_ACCOUNT_ID  # as moto says of it
