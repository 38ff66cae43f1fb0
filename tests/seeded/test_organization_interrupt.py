"""Ctrl-C of `python -m governance audit --organization`, then `--resume`.

The CLI runs in a subprocess against this worker's moto server, one account at a time;
SIGINT lands once the first account's done marker is on disk. The run must write the
roll-up (the accounts not audited ERROR "interrupted") and exit 130; `--resume DIR` must
audit the rest only and end as the same organization does uninterrupted.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.seeded.test_organization_audit import CONTROLS, MEMBER_ROLE, Org, make_organization

pytestmark = pytest.mark.xdist_group("organization-audit")

ROOT = Path(__file__).resolve().parents[2]


def _environment(org: Org) -> dict[str, str]:
    credentials = org.management.session.get_credentials().get_frozen_credentials()
    return {**os.environ, "AWS_ACCESS_KEY_ID": credentials.access_key,
            "AWS_SECRET_ACCESS_KEY": credentials.secret_key,
            "AWS_SESSION_TOKEN": credentials.token, "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_MAX_ATTEMPTS": "2"}


def _cli(sandbox: Any, org: Org, *flags: str) -> subprocess.Popen[str]:
    argv = [sys.executable, "-m", "governance", "audit", "--organization", "--endpoint-url",
            sandbox.endpoint, "--regions", "us-east-1", "--controls", CONTROLS,
            "--member-role", MEMBER_ROLE, "--concurrency", "1", *flags]
    return subprocess.Popen(argv, cwd=ROOT, env=_environment(org), text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _rollup(output: Path) -> dict[str, Any]:
    return json.loads((output / "rollup.json").read_text())


def test_ctrl_c_writes_the_rollup_exits_130_and_resume_finishes(moto_sandbox, tmp_path):
    org = make_organization(moto_sandbox, {f"member-{n}": "governed" for n in range(5)})
    everyone = {org.management.account_id, *org.members.values()}
    output = tmp_path / "interrupted"
    run = _cli(moto_sandbox, org, "--output", str(output))
    deadline = time.monotonic() + 120
    while not any((output / "accounts").glob("*/done")):
        assert run.poll() is None, f"ended before any account was done: {run.communicate()}"
        assert time.monotonic() < deadline, "no account done in 120 s"
        time.sleep(0.02)
    run.send_signal(signal.SIGINT)
    _, stderr = run.communicate(timeout=120)
    assert run.returncode == 130, stderr
    assert f"continue with --resume {output}" in stderr
    rollup = _rollup(output)
    accounts = {a["account_id"]: a for a in rollup["accounts"]}
    assert set(accounts) == everyone
    done = {a for a in everyone if (output / "accounts" / a / "done").is_file()}
    audited = {a for a, account in accounts.items() if account["outcome"] == "AUDITED"}
    assert audited and audited == done
    assert audited != everyone, "every account was audited before SIGINT landed"
    for account_id in everyone - audited:
        assert accounts[account_id]["outcome"] == "ERROR", account_id
        assert "interrupted" in accounts[account_id]["error"], accounts[account_id]
    before = {a: (output / "accounts" / a / "summary.json").stat().st_mtime_ns for a in audited}

    resumed = _cli(moto_sandbox, org, "--resume", str(output))
    _, stderr = resumed.communicate(timeout=180)
    uninterrupted = _cli(moto_sandbox, org, "--output", str(tmp_path / "whole"))
    uninterrupted.communicate(timeout=180)
    assert resumed.returncode == uninterrupted.returncode == 0, stderr
    assert f"resume: {len(audited)} of {len(everyone)} accounts already done, skipped" in stderr
    assert {a["account_id"]: a["outcome"] for a in _rollup(output)["accounts"]} == dict.fromkeys(
        everyone, "AUDITED")
    assert all((output / "accounts" / a / "done").is_file() for a in everyone)
    after = {a: (output / "accounts" / a / "summary.json").stat().st_mtime_ns for a in audited}
    assert after == before  # the accounts done before SIGINT were not audited again
