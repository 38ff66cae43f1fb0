"""The real-account harness without an account: allowlist parsing, the provider override's
run tags and names, the sweep's age and resource kinds."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest

from harness.disposable import (
    CREATED_TAG,
    RUN_TAG,
    AccountRefused,
    RealAccount,
    parse_allowlist,
    run_variables,
)
from harness.sweep import SweepUsageError, Tagged, parse_age


def account(endpoint=None, profile="disposable"):
    return RealAccount(account_id="111111111111", region="eu-west-1", session=None,
                       profile=profile, endpoint=endpoint, run_id="0a1b2c3d",
                       created="2026-12-02T18:00:00+00:00")


@pytest.mark.parametrize(("text", "message"), [
    (None, "--target aws applies Terraform only with --account-allowlist"),
    ("", "--target aws applies Terraform only with --account-allowlist"),
    ("12345,111111111111", "not a 12-digit account id: 12345"),
])
def test_bad_allowlist_is_refused_in_one_line(text, message):
    with pytest.raises(AccountRefused) as refused:
        parse_allowlist(text)
    assert message in str(refused.value) and "\n" not in str(refused.value)


def test_allowlist_ids():
    assert parse_allowlist(" 111111111111, 222222222222 ") == ["111111111111", "222222222222"]


def test_real_account_override_tags_every_resource_and_reaches_no_emulator():
    text = account().provider_override()
    assert f'"{RUN_TAG}" = "0a1b2c3d"' in text
    assert f'"{CREATED_TAG}" = "2026-12-02T18:00:00+00:00"' in text
    assert 'profile = "disposable"' in text and 'region  = "eu-west-1"' in text
    assert "endpoints" not in text and "access_key" not in text and "proxy" not in text
    assert account().provider_environment == {}


def test_override_for_an_emulator_posing_as_the_account_points_every_service_there():
    emulated = account(endpoint="http://127.0.0.1:5000", profile=None)
    text = emulated.provider_override(alias="secondary", region="us-west-2")
    assert 'alias   = "secondary"' in text and 'region  = "us-west-2"' in text
    assert emulated.provider_environment["AWS_ENDPOINT_URL"] == "http://127.0.0.1:5000"
    assert 'https_proxy       = "http://127.0.0.1:9"' in text and "profile" not in text
    assert f'"{RUN_TAG}" = "0a1b2c3d"' in text


def test_an_emulator_target_wins_over_the_users_endpoint_settings(monkeypatch):
    """The aws target on an emulator runs without the sandbox's environment guard: a
    service-specific endpoint or the SDK's ignore switch of the user must not send a
    service elsewhere."""
    monkeypatch.setenv("AWS_ENDPOINT_URL_IAM", "https://iam.example.com")
    monkeypatch.setenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")
    environment = account(endpoint="http://127.0.0.1:5000", profile=None).provider_environment
    assert environment == {"AWS_ENDPOINT_URL": "http://127.0.0.1:5000",
                           "AWS_ENDPOINT_URL_IAM": "http://127.0.0.1:5000",
                           "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "false"}


def test_an_example_with_provider_aliases_gets_the_real_accounts_override_for_each(tmp_path):
    from harness.examples import sandbox_stack
    from harness.toolchain import Toolchain

    stack = sandbox_stack("examples/complete", tmp_path, Toolchain("terraform", "1.11.4", None),
                          account(), sandbox_variables=False)
    overrides = {path.name: path.read_text() for path in stack.root.glob("*override.tf")}
    assert len(overrides) == 2  # the default provider and aws.secondary
    assert all(f'"{RUN_TAG}" = "0a1b2c3d"' in text and 'profile = "disposable"' in text
               for text in overrides.values())
    # a real account: the harness adds no endpoint (the user's own environment decides)
    assert stack.tf.env.get("AWS_ENDPOINT_URL") == os.environ.get("AWS_ENDPOINT_URL")


def test_run_id_goes_into_names():
    assert run_variables("fixtures/disposable", "0a1b2c3d") == {"name_suffix": "0a1b2c3d"}
    assert run_variables("examples/complete", "0a1b2c3d") == {"name_prefix": "gt-0a1b2c3d"}


@pytest.mark.parametrize(("text", "age"), [("1h", timedelta(hours=1)), ("90m", timedelta(minutes=90)),
                                           ("24h", timedelta(hours=24)),
                                           ("2d", timedelta(days=2))])
def test_sweep_age(text, age):
    assert parse_age(text) == age


@pytest.mark.parametrize("text", ["0s", "59m"])
def test_sweep_refuses_an_age_under_an_hour(text):
    with pytest.raises(SweepUsageError, match="at least 1:00:00"):
        parse_age(text)


@pytest.mark.parametrize("text", ["", "24", "h", "1w", "-1h"])
def test_sweep_bad_age(text):
    with pytest.raises(SweepUsageError, match="write a number and s, m, h or d"):
        parse_age(text)


@pytest.mark.parametrize(("arn", "kind", "name"), [
    ("arn:aws:s3:::gt-logs-0a1b2c3d", "s3:bucket", "gt-logs-0a1b2c3d"),
    ("arn:aws:sns:us-east-1:111111111111:alerts", "sns:topic", "alerts"),
    ("arn:aws:iam::111111111111:user/people/ana", "iam:user", "people/ana"),
    ("arn:aws:logs:us-east-1:111111111111:log-group:/aws/trail", "logs:log-group",
     "/aws/trail"),
    ("arn:aws:logs:us-east-1:111111111111:log-group:/aws/trail:*", "logs:log-group",
     "/aws/trail"),
    ("arn:aws:kms:us-east-1:111111111111:key/1234", "kms:key", "1234"),
    ("arn:aws:events:us-east-1:111111111111:rule/iam-changes", "events:rule", "iam-changes"),
])
def test_sweep_kinds_and_names(arn, kind, name):
    item = Tagged(arn, "us-east-1", {CREATED_TAG: "2026-12-01T00:00:00"})
    assert (item.kind, item.name) == (kind, name)
    assert item.created is not None and item.created.tzinfo is not None
