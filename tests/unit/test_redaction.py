"""Redaction keeps secrets out and evidence in (issue 16): by known secret fields and AWS
key formats, never by a word in a field's name; webhook tokens and target inputs removed at
collection, so a saved snapshot never holds them."""

from __future__ import annotations

import json

import pytest

from governance.report.redact import (
    redact,
    redact_endpoint,
    redact_subscription,
    redact_target,
    redact_text,
)

pytestmark = pytest.mark.unit
KEY_ID = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


@pytest.mark.parametrize("evidence", [
    {"HttpTokens": "required"},
    {"password_last_used": "2026-12-01T10:00:00+00:00"},
    {"PasswordPolicy": {"MinimumPasswordLength": 14}},
    {"token_endpoint": "https://idp.example.com/token"},
    {"RoleName": "GovernanceAuditRoleForProductionAccounts"},  # 40 characters, a name
    {"secret_rotation_days": 90},
])
def test_evidence_keeps_its_values(evidence):
    assert redact(evidence) == evidence


@pytest.mark.parametrize(("evidence", "hidden"), [
    ({"SecretAccessKey": SECRET}, SECRET),
    ({"Credentials": {"SessionToken": "FwoGZXIvYXdzEJr//////////wEaDOZ"}}, "FwoGZXIvYXdz"),
    ({"Password": "hunter2-Hunter2"}, "hunter2"),
    ({"note": f"key {KEY_ID} {SECRET}"}, SECRET),
    ({"note": f"leaked {SECRET}"}, SECRET),
])
def test_secrets_are_still_redacted(evidence, hidden):
    assert hidden not in json.dumps(redact(evidence))
    assert KEY_ID not in redact_text(f"key {KEY_ID}")


@pytest.mark.parametrize(("endpoint", "shown"), [
    ("https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXX",
     "https://hooks.slack.com/[redacted]"),
    ("https://events.pagerduty.com/integration/0123456789abcdef/enqueue",
     "https://events.pagerduty.com/[redacted]"),
    ("https://user:pa55@alerts.example.com/", "https://alerts.example.com/[redacted]"),
    ("https://alerts.example.com/?token=abc", "https://alerts.example.com/[redacted]"),
    ("https://alerts.example.com", "https://alerts.example.com/"),
    ("security@example.com", "security@example.com"),
    ("arn:aws:sqs:us-east-1:111122223333:alerts", "arn:aws:sqs:us-east-1:111122223333:alerts"),
])
def test_endpoints_keep_scheme_and_host_only(endpoint, shown):
    assert redact_endpoint(endpoint) == shown
    assert redact_subscription({"Protocol": "https", "Endpoint": endpoint})["Endpoint"] == shown


def test_targets_lose_inputs_and_http_values():
    target = {"Id": "t", "Arn": "arn:aws:events:us-east-1:111122223333:api-destination/x",
              "Input": '{"token": "s3cr3t-webhook-token"}',
              "InputTransformer": {"InputPathsMap": {"d": "$.detail"},
                                   "InputTemplate": '{"key": "s3cr3t-webhook-token"}'},
              "HttpParameters": {"HeaderParameters": {"X-Api-Key": "s3cr3t-webhook-token"},
                                 "QueryStringParameters": {"sig": "s3cr3t-webhook-token"},
                                 "PathParameterValues": ["s3cr3t-webhook-token"]}}
    kept = redact_target(target)
    assert "s3cr3t" not in json.dumps(kept)
    assert kept["Arn"] == target["Arn"] and kept["InputTransformer"]["InputPathsMap"] == {
        "d": "$.detail"}
    assert kept["HttpParameters"]["HeaderParameters"] == {"X-Api-Key": "[redacted]"}


def test_a_saved_snapshot_holds_no_webhook_token_or_target_secret(sandbox_account):
    sns = sandbox_account.client("sns")
    topic = sns.create_topic(Name="alerts")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="https",
                  Endpoint="https://hooks.slack.com/services/T000/B000/S3CR3TWEBHOOK")
    events = sandbox_account.client("events")
    events.put_rule(Name="iam-changes", EventPattern='{"source": ["aws.iam"]}')
    events.put_targets(Rule="iam-changes", Targets=[{
        "Id": "t", "Arn": topic, "Input": '{"token": "S3CR3TINPUT"}'}])
    snapshot = sandbox_account.collector().collect()
    saved = json.dumps(snapshot.to_dict())
    assert "S3CR3TWEBHOOK" not in saved and "S3CR3TINPUT" not in saved
    assert "https://hooks.slack.com/[redacted]" in saved
