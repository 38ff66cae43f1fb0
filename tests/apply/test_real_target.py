"""The real-account path (``--target aws --account-allowlist``) in CI: a nested pytest runs
the apply tier against a moto server in its own process posing as the real account
(``--aws-endpoint-url``; the account is moto's default, 123456789012, reached with the
session's credentials). Proved: the allowlist refusal (before Terraform), the run tags and
run id in names, the destroy after a failing test, and ``make sweep``."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from harness.disposable import CREATED_TAG, RUN_TAG
from harness.moto_sandbox import MotoServerProcess
from harness.sweep import main as sweep_main

pytestmark = pytest.mark.xdist_group("real-target")

ROOT = Path(__file__).resolve().parents[2]
CASES = Path(__file__).with_name("real_target_cases.py")
POSING_ACCOUNT = "123456789012"  # moto's account for credentials it did not issue


@pytest.fixture(scope="module")
def posing_server():
    server = MotoServerProcess()
    yield server
    server.stop()


def clients(server, service):
    import boto3

    return boto3.client(service, region_name="us-east-1", endpoint_url=server.endpoint,
                        aws_access_key_id="testing", aws_secret_access_key="testing")


def holdings(server) -> dict[str, list[str]]:
    return {
        "iam users": [u["UserName"] for u in clients(server, "iam").list_users()["Users"]],
        "sns topics": [t["TopicArn"] for t in clients(server, "sns").list_topics()["Topics"]],
        "s3 buckets": [b["Name"] for b in clients(server, "s3").list_buckets()["Buckets"]],
    }


def nested(pytester, server, allowlist: str):
    return pytester.run(
        sys.executable, "-m", "pytest", str(CASES), "-p", "no:xdist", "-q", "-s",
        "--target", "aws", "--aws-endpoint-url", server.endpoint,
        "--account-allowlist", allowlist, f"--basetemp={pytester.path / 'nested'}",
        timeout=900)


def test_an_account_off_the_allowlist_is_refused_before_terraform(pytester, posing_server):
    result = nested(pytester, posing_server, "111111111111,222222222222")
    assert result.ret == 2
    refusals = [line for line in result.outlines + result.errlines
                if f"refusing account {POSING_ACCOUNT}" in line]
    assert len(refusals) == 1, result.outlines + result.errlines
    assert "not on --account-allowlist 111111111111,222222222222; nothing was applied" \
        in refusals[0]
    assert not list((pytester.path / "nested").rglob("*.tf"))  # no stack was even copied
    assert holdings(posing_server) == {"iam users": [], "sns topics": [], "s3 buckets": []}


def test_allowlisted_run_tags_everything_and_destroys_after_a_failure(
        pytester, posing_server, monkeypatch):
    monkeypatch.setenv("REAL_TARGET_FAIL_AFTER_APPLY", "1")
    monkeypatch.delenv("GOVERNANCE_TEST_RUN_ID", raising=False)
    result = nested(pytester, posing_server, f"111111111111,{POSING_ACCOUNT}")
    output = "\n".join(result.outlines + result.errlines)
    assert result.ret == 1, output
    result.assert_outcomes(failed=1)
    assert "deliberate failure after apply" in output  # the tag assertions before it held
    assert "tagged and applied: ['bucket', 'topic', 'user'] run " in output
    run_ids = {line.split(" run ")[-1] for line in result.outlines
               if line.startswith("tagged and applied")}
    assert len(run_ids) == 1 and len(run_ids.pop()) == 8
    states = list((pytester.path / "nested").rglob("terraform.tfstate"))
    assert len(states) == 1 and '"resources": []' in states[0].read_text()
    assert holdings(posing_server) == {"iam users": [], "sns topics": [], "s3 buckets": []}


def seed_leftovers(server) -> dict[str, str]:
    """Tagged resources as a crashed run would leave them, two days old, and a young and
    an untagged one that the sweep must keep."""
    old = (datetime.now(UTC) - timedelta(days=2)).isoformat(timespec="seconds")
    young = datetime.now(UTC).isoformat(timespec="seconds")
    iam, sns, s3 = (clients(server, name) for name in ("iam", "sns", "s3"))
    tags = [{"Key": RUN_TAG, "Value": "deadbeef"}, {"Key": CREATED_TAG, "Value": old}]
    iam.create_user(UserName="gov-test-user-0-deadbeef", Tags=tags)
    iam.create_access_key(UserName="gov-test-user-0-deadbeef")
    topic = sns.create_topic(Name="gov-test-alerts-deadbeef", Tags=tags)["TopicArn"]
    s3.create_bucket(Bucket="gov-test-logs-deadbeef")
    s3.put_bucket_tagging(Bucket="gov-test-logs-deadbeef", Tagging={"TagSet": tags})
    s3.put_object(Bucket="gov-test-logs-deadbeef", Key="AWSLogs/x.json", Body=b"{}")
    iam.create_user(UserName="gov-test-user-0-cafe0001", Tags=[
        {"Key": RUN_TAG, "Value": "cafe0001"}, {"Key": CREATED_TAG, "Value": young}])
    iam.create_user(UserName="someone-else")
    # the tag key with somebody else's value: not a test run's, never touched
    iam.create_user(UserName="prod-operator", Tags=[
        {"Key": RUN_TAG, "Value": "production"}, {"Key": CREATED_TAG, "Value": old}])
    # a test run's policy still attached to a user the sweep does not own: not detached
    policy = iam.create_policy(PolicyName="gov-test-read-deadbeef", Tags=tags, PolicyDocument=(
        '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket",'
        ' "Resource": "arn:aws:s3:::gov-test-logs-deadbeef"}]}'))["Policy"]["Arn"]
    iam.attach_user_policy(UserName="someone-else", PolicyArn=policy)
    return {"topic": topic, "policy": policy}


def run_sweep(server, *args: str) -> tuple[int, str]:
    out = io.StringIO()
    stdout, sys.stdout = sys.stdout, out
    try:
        code = sweep_main(["--endpoint-url", server.endpoint, "--regions", "us-east-1",
                           "--account-allowlist", POSING_ACCOUNT, *args])
    finally:
        sys.stdout = stdout
    return code, out.getvalue()


def test_sweep_lists_then_deletes_only_old_tagged_resources(posing_server):
    seeded = seed_leftovers(posing_server)
    code, listing = run_sweep(posing_server, "--older-than", "24h")
    assert code == 0, listing
    would = sorted(line.split()[2] for line in listing.splitlines()
                   if line.startswith("would delete"))
    assert would == sorted([f"arn:aws:iam::{POSING_ACCOUNT}:user/gov-test-user-0-deadbeef",
                            "arn:aws:s3:::gov-test-logs-deadbeef", seeded["topic"],
                            seeded["policy"]]), listing
    assert f"kept arn:aws:iam::{POSING_ACCOUNT}:user/prod-operator" in listing
    assert "dry run: nothing deleted" in listing
    assert len(holdings(posing_server)["iam users"]) == 4  # the dry run deleted nothing
    code, deleting = run_sweep(posing_server, "--older-than", "24h", "--confirm")
    assert code == 1, deleting  # the policy on someone else's user is refused
    assert sum(line.startswith("deleted ") for line in deleting.splitlines()) == 3
    assert f"FAILED {seeded['policy']}" in deleting and "user someone-else" in deleting
    left = holdings(posing_server)
    assert sorted(left["iam users"]) == ["gov-test-user-0-cafe0001", "prod-operator",
                                         "someone-else"]
    assert left["sns topics"] == [] and left["s3 buckets"] == []
    attached = clients(posing_server, "iam").list_attached_user_policies(
        UserName="someone-else")["AttachedPolicies"]
    assert [p["PolicyArn"] for p in attached] == [seeded["policy"]]
    code, refused = run_sweep(posing_server, "--older-than", "0s", "--confirm")
    assert code == 2 and "deleted" not in refused  # no minimum-age bypass: the young run is kept
    assert "gov-test-user-0-cafe0001" in holdings(posing_server)["iam users"]


def test_sweep_refuses_an_account_off_the_allowlist_before_listing(posing_server, monkeypatch,
                                                                    capsys):
    import harness.sweep

    clients(posing_server, "iam").create_user(UserName="gov-test-user-9-deadbeef", Tags=[
        {"Key": RUN_TAG, "Value": "deadbeef"}, {"Key": CREATED_TAG, "Value": "2020-01-01T00:00:00"}])
    before = holdings(posing_server)

    def listed(*args, **kwargs):
        raise AssertionError("the sweep listed resources in an account off its allowlist")
    monkeypatch.setattr(harness.sweep, "find_tagged", listed)
    code = sweep_main(["--endpoint-url", posing_server.endpoint, "--regions", "us-east-1",
                       "--account-allowlist", "999999999999", "--older-than", "24h",
                       "--confirm"])
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1
    assert f"refusing account {POSING_ACCOUNT}" in err and "nothing was listed" in err
    assert holdings(posing_server) == before
    assert sweep_main(["--endpoint-url", posing_server.endpoint, "--older-than", "24h"]) == 2
    assert "--account-allowlist" in capsys.readouterr().err


@pytest.mark.parametrize(("argv", "message"), [
    (["--older-than", "yesterday"], "--older-than 'yesterday': write a number and s, m, h"),
    (["--older-than", "0s"], "at least 1:00:00"),
    (["--older-than", "59m"], "at least 1:00:00"),
])
def test_sweep_bad_age_is_one_line_exit_2(argv, message, capsys):
    assert sweep_main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and message in err and len(err.splitlines()) == 1


def _make_sweep(*variables: str, **environment: str) -> str:
    # WORKERS given: make does not start a Python to count the CPUs (0.4 s a call, 9 calls)
    return subprocess.run(["make", "-n", "sweep", "PROFILE=disposable", "WORKERS=1",
                           "ACCOUNT_ALLOWLIST=111122223333", *variables], cwd=ROOT,
                          capture_output=True, text=True, check=True,
                          env={**os.environ, **environment}).stdout


def test_make_sweep_passes_profile_allowlist_age_and_only_yes_confirms():
    shown = _make_sweep("OLDER_THAN=2d", "CONFIRM=yes")
    assert ("-m harness.sweep --profile disposable --account-allowlist 111122223333 "
            "--older-than 2d --confirm") in shown
    default = _make_sweep()
    assert "--older-than 24h" in default and "--confirm" not in default
    for word in ("0", "false", "1", "no", "YES "):
        assert "--confirm" not in _make_sweep(f"CONFIRM={word}"), word
    # inherited from the environment: never a confirmation, whatever its value
    assert "--confirm" not in _make_sweep(CONFIRM="0")
    assert "--confirm" not in _make_sweep(CONFIRM="yes")
