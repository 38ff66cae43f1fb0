"""The evidence report: per framework, each requirement with its controls, no credentials."""

from __future__ import annotations

import pytest

from governance.checks import evaluate
from governance.report.evidence import build_report, render_html, render_markdown
from governance.report.redact import redact, redact_text
from tests.unit.snapshots import changed, compliant

KEY_ID = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
IAM_CONTROLS = ["iam-password-policy-strong", "iam-password-policy-min-length",
                "iam-password-policy-reuse", "iam-no-shared-users",
                "iam-user-permissions-through-groups-only"]


@pytest.fixture
def weak_account():
    snapshot = changed(compliant(), "iam:GetAccountPasswordPolicy",
                       lambda p: {**p, "MinimumPasswordLength": 8,
                                  "Note": f"key {KEY_ID} secret {SECRET}"})
    return snapshot, evaluate(snapshot, IAM_CONTROLS)


def test_credentials_never_appear_in_full():
    assert redact_text(f"key {KEY_ID}") == "key AKIAIOSF…MPLE"
    assert SECRET not in redact_text(f"secret {SECRET}")
    assert redact({"SecretAccessKey": "abc", "nested": [KEY_ID]}) == {
        "SecretAccessKey": "[redacted]", "nested": ["AKIAIOSF…MPLE"]}


def test_report_groups_controls_under_framework_requirements(weak_account):
    snapshot, findings = weak_account
    report = build_report(findings, snapshot)
    sections = {section.key: section for section in report["sections"]}
    assert set(sections) == {"acct", "cis_aws_v3", "cis_aws_v4", "ftr"}
    cis = {r.id: r for r in sections["cis_aws_v3"].requirements}
    assert cis["1.8"].status == "FAIL"
    assert [r.control.id for r in cis["1.8"].results] == ["iam-password-policy-min-length"]
    assert cis["1.9"].status == "PASS"  # the house rule's FAIL does not paint 1.9
    assert "PasswordReusePrevention" in cis["1.9"].audit
    assert cis["1.15"].status == "PASS"
    assert report["account_alias"] == "example-prod"


@pytest.mark.parametrize("render", [render_markdown, render_html])
def test_rendered_report_carries_identity_status_evidence_and_no_secrets(weak_account, render):
    snapshot, findings = weak_account
    text = render(findings, snapshot)
    for expected in (snapshot.account_id, "example-prod", snapshot.caller_arn,
                     snapshot.collected_at, "iam-password-policy-strong",
                     "MinimumPasswordLength is 8", "Remediation", "CIS Amazon Web Services"):
        assert expected in text, expected
    assert KEY_ID not in text and SECRET not in text


def test_html_report_renders_in_headless_chromium(weak_account, tmp_path):
    from harness.browser import render_dom, screenshot

    snapshot, findings = weak_account
    page = tmp_path / "evidence.html"
    page.write_text(render_html(findings, snapshot))
    dom = render_dom(page)
    assert f'<span id="account-id">{snapshot.account_id}</span>' in dom
    assert 'data-requirement="1.8"' in dom and 'class="FAIL"' in dom
    assert 'data-status="FAIL"' in dom and "http" not in dom.split("<body>")[0].lower().replace(
        "http-equiv", "")
    png = screenshot(page, tmp_path / "evidence.png")
    assert png.stat().st_size > 10_000
