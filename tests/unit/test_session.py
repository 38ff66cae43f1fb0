"""governance/session.py: AssumeRole carries the read-only session policies (AWS intersects
the member role with them), assumed-role credentials refresh before they expire, and clients
have connect/read timeouts. STS is a botocore Stubber: no network."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from botocore.stub import ANY, Stubber

from governance import session as session_module
from governance.collect import Collector

ROLE = "arn:aws:iam::111122223333:role/OrganizationAccountAccessRole"


def _answer(key: str, expires_in: timedelta) -> dict[str, Any]:
    return {"Credentials": {"AccessKeyId": key, "SecretAccessKey": "s" * 20,
                            "SessionToken": "t" * 20,
                            "Expiration": datetime.now(UTC) + expires_in}}


def _params(role: str) -> dict[str, Any]:
    return {"RoleArn": role, "RoleSessionName": "governance-audit", "PolicyArns": ANY}


@pytest.fixture
def sts(monkeypatch):
    """The STS client open_session makes, stubbed; calls[] holds each AssumeRole's params."""
    client = boto3.client("sts", region_name="us-east-1", aws_access_key_id="AKIAEXAMPLE",
                          aws_secret_access_key="x")
    stubber = Stubber(client)
    calls: list[dict[str, Any]] = []
    client.meta.events.register("provide-client-params.sts.AssumeRole",
                                lambda params, **_: calls.append(dict(params)))
    made: list[dict[str, Any]] = []

    def make_client(self, service, **kwargs):
        assert service == "sts"
        made.append(kwargs)
        return client

    monkeypatch.setattr(boto3.session.Session, "client", make_client)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "x")
    with stubber:
        yield stubber, calls, made


def test_assume_role_passes_the_read_only_session_policies(sts):
    stubber, calls, _ = sts
    stubber.add_response("assume_role", _answer("ASIAFIRST0000000", timedelta(hours=1)), _params(ROLE))
    session_module.open_session(role_arn=ROLE, region="us-east-1")
    assert [call["PolicyArns"] for call in calls] == [[
        {"arn": "arn:aws:iam::aws:policy/SecurityAudit"},
        {"arn": "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"}]]


def test_session_policies_follow_the_roles_partition():
    assert session_module.read_only_policy_arns("arn:aws-us-gov:iam::111122223333:role/r") == [
        {"arn": "arn:aws-us-gov:iam::aws:policy/SecurityAudit"},
        {"arn": "arn:aws-us-gov:iam::aws:policy/job-function/ViewOnlyAccess"}]


def test_assumed_role_credentials_refresh_before_they_expire(sts):
    """The first credentials expire in 5 minutes (inside botocore's mandatory refresh
    window): reading them assumes the role again, with the session policies again."""
    stubber, calls, _ = sts
    stubber.add_response("assume_role", _answer("ASIAFIRST0000000", timedelta(minutes=5)), _params(ROLE))
    stubber.add_response("assume_role", _answer("ASIASECOND000000", timedelta(hours=1)), _params(ROLE))
    opened = session_module.open_session(role_arn=ROLE, region="us-east-1")
    assert opened.get_credentials().get_frozen_credentials().access_key == "ASIASECOND000000"
    assert len(calls) == 2 and all(call["PolicyArns"] for call in calls)
    stubber.assert_no_pending_responses()


def test_clients_have_connect_and_read_timeouts(sts):
    stubber, _, made = sts
    stubber.add_response("assume_role", _answer("ASIAFIRST0000000", timedelta(hours=1)), _params(ROLE))
    session_module.open_session(role_arn=ROLE, region="us-east-1")
    config = made[0]["config"]
    assert (config.connect_timeout, config.read_timeout) == (5, 60)


def test_collector_clients_have_connect_and_read_timeouts():
    session = boto3.Session(aws_access_key_id="AKIAEXAMPLE", aws_secret_access_key="x",
                            region_name="us-east-1")
    config = Collector(session).client("iam").meta.config
    assert (config.connect_timeout, config.read_timeout) == (
        session_module.CONNECT_TIMEOUT, session_module.READ_TIMEOUT)
    assert session_module.CONNECT_TIMEOUT < session_module.READ_TIMEOUT <= 120


def test_sessions_share_client_classes_and_service_models_not_credentials():
    """Two accounts' sessions make each service's client from one class and one ServiceModel
    (built once per process), each client still signing with its own session's keys."""
    def opened(key: str) -> Any:
        return boto3.Session(aws_access_key_id=key, aws_secret_access_key="x", region_name="us-east-1",
                             botocore_session=session_module._botocore_session())

    first, second = opened("AKIAFIRST").client("s3"), opened("AKIASECOND").client("s3")
    assert type(first) is type(second)
    assert first.meta.service_model is second.meta.service_model
    assert hasattr(second, "upload_file")  # boto3's creating-client-class handlers still ran
    assert second.exceptions.NoSuchBucket is not None
    keys = {c._request_signer._credentials.access_key for c in (first, second)}
    assert keys == {"AKIAFIRST", "AKIASECOND"}
