"""Faults a real audit meets, injected into the sandbox (harness/moto/faults.py):
throttling on 30% of one account's calls, a connection reset to one service mid-audit, and
10,000 users audited under throttling. Retries are botocore's (standard mode, bounded by
the collector's max_attempts) and counted in the outputs ("API retries: N")."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import botocore.retries.standard
import pytest

from governance.cli.main import main
from harness.moto import reset_connections, throttle
from tests.seeded.logging_stack import seed_stack

THROTTLE_RATE = 0.3
USER_CONTROLS = ("iam-unused-credentials-disabled", "iam-one-active-access-key",
                 "iam-user-permissions-through-groups-only", "iam-no-access-keys-at-setup")


@pytest.fixture
def fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """botocore's own backoff, scaled to a hundredth: the retry decisions (which error is
    retried, how often, the quota) stay botocore's; only the sleeps shrink."""
    original = botocore.retries.standard.ExponentialBackoff.delay_amount
    monkeypatch.setattr(botocore.retries.standard.ExponentialBackoff, "delay_amount",
                        lambda self, context: original(self, context) / 100)


@pytest.fixture(scope="module")
def stack_account(moto_sandbox: Any) -> Any:
    """The logging stack with one part broken: PASS, FAIL, N/A and NOT_PROVABLE verdicts."""
    account = moto_sandbox.new_account()
    seed_stack(account, {"trail-validation-off"})
    return account


def run_cli(account: Any, output: Path, monkeypatch: pytest.MonkeyPatch,
            *args: str) -> tuple[int, dict[str, Any], str]:
    """The CLI with the account's credentials: (exit code, findings.json, findings.txt)."""
    credentials = account.session.get_credentials().get_frozen_credentials()
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", credentials.access_key)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", credentials.secret_key)
    monkeypatch.setenv("AWS_SESSION_TOKEN", credentials.token)
    monkeypatch.setenv("AWS_DEFAULT_REGION", account.region)
    code = main(["audit", "--endpoint-url", account.endpoint, "--regions", account.region,
                 "--format", "json,table", "--output", str(output), *args])
    return (code, json.loads((output / "findings.json").read_text()),
            (output / "findings.txt").read_text())


def verdicts(report: dict[str, Any]) -> dict[tuple[str, str, str], str]:
    return {(f["control_id"], f["region"], f["resource"]): f["status"]
            for f in report["findings"]}


def test_throttled_audit_keeps_every_verdict_and_counts_retries(
        stack_account, tmp_path, monkeypatch, fast_backoff):
    code, calm, calm_table = run_cli(stack_account, tmp_path / "calm", monkeypatch)
    assert calm["api_retries"] == 0 and "API retries: 0" in calm_table
    with throttle(stack_account.account_id, THROTTLE_RATE, seed=7) as injected:
        throttled_code, stormy, stormy_table = run_cli(stack_account, tmp_path / "stormy",
                                                       monkeypatch)
    assert injected.requests > 50 and injected.injected > 0.15 * injected.requests
    assert verdicts(stormy) == verdicts(calm)
    assert throttled_code == code
    # every retry answered a throttle the harness injected: none beyond them, and each
    # call gave up after the collector's max_attempts (no call ERRORed above).
    assert 0 < stormy["api_retries"] <= injected.injected
    assert f"API retries: {stormy['api_retries']}" in stormy_table
    assert set(Counter(verdicts(calm).values())) >= {"PASS", "FAIL"}


def test_connection_reset_to_one_service_errors_its_controls_only(
        stack_account, tmp_path, monkeypatch, fast_backoff):
    _, calm, _ = run_cli(stack_account, tmp_path / "calm", monkeypatch)
    with reset_connections(stack_account.account_id, "cloudtrail"):
        code, reset, _ = run_cli(stack_account, tmp_path / "reset", monkeypatch)
    before, after = verdicts(calm), verdicts(reset)
    assert set(after) >= {key for key in before if not key[0].startswith("cloudtrail-")}
    changed = {key: (before.get(key), status) for key, status in after.items()
               if before.get(key) != status}
    # the controls that read CloudTrail cannot be judged: ERROR, never PASS
    trail_controls = {key for key in after if key[0].startswith("cloudtrail-")}
    assert trail_controls and all(after[key] == "ERROR" for key in trail_controls)
    assert changed and all(status == "ERROR" for _, status in changed.values()), changed
    # the others are judged as without the fault
    judged = {key: status for key, status in after.items() if key not in changed}
    assert {"PASS", "FAIL"} <= set(judged.values())
    assert any(key[0].startswith("iam-password-policy") for key in judged)
    assert code == 2
    reasons = " ".join(f["reason"] for f in reset["findings"] if f["status"] == "ERROR")
    assert "cloudtrail:" in reasons and "Connection" in reasons


def test_ten_thousand_users_under_throttling_are_judged(moto_sandbox, tmp_path, monkeypatch,
                                                        fast_backoff):
    from moto.iam.models import iam_backends

    account = moto_sandbox.new_account()
    iam = iam_backends[account.account_id]["global"]
    for number in range(10_000):  # straight into the in-process backend: under a second
        iam.create_user(account.region, f"user-{number:05d}")
    iam.create_access_key("user-00042")
    iam.create_access_key("user-00042")  # two active keys: one FAIL among 10,000 users
    with throttle(account.account_id, THROTTLE_RATE, seed=3) as injected:
        _, report, table = run_cli(account, tmp_path / "out", monkeypatch,
                                   "--controls", ",".join(USER_CONTROLS))
    statuses = {f["control_id"]: (f["status"], f["evidence"]) for f in report["findings"]}
    assert set(statuses) == set(USER_CONTROLS)
    assert "ERROR" not in {status for status, _ in statuses.values()}, statuses
    assert statuses["iam-one-active-access-key"][0] == "FAIL"
    assert "user-00042" in str(statuses["iam-one-active-access-key"][1])
    assert statuses["iam-unused-credentials-disabled"][1]["users"] == 10_000
    assert injected.injected > 0 and 0 < report["api_retries"] <= injected.injected
    assert f"API retries: {report['api_retries']}" in table
