"""examples/organization's state backend on moto: the S3 backend with ``use_lockfile``.

A held lock (``<key>.tflock``) makes a second run fail in one line and write nothing; once
released, the run writes its state to its own key. No provider runs (terraform_data), so
the three terraform commands take seconds.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

FIXTURE = Path(__file__).parent / "fixtures" / "s3-lockfile"
STATE_KEY = "management/terraform.tfstate"


@pytest.fixture
def backend(sandbox_account, toolchain, tmp_path):
    bucket = f"governance-state-{sandbox_account.account_id}"
    s3 = sandbox_account.client("s3")
    s3.create_bucket(Bucket=bucket)
    workdir = tmp_path / "root"
    shutil.copytree(FIXTURE, workdir)
    credentials = sandbox_account.session.get_credentials().get_frozen_credentials()
    env = {**os.environ, **toolchain.environment(tmp_path / "cli"),
           "AWS_ACCESS_KEY_ID": credentials.access_key,
           "AWS_SECRET_ACCESS_KEY": credentials.secret_key,
           "AWS_SESSION_TOKEN": credentials.token}

    def terraform(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([toolchain.terraform, *args, "-no-color", "-input=false"],
                              cwd=workdir, env=env, capture_output=True, text=True, check=False)

    config = {"bucket": bucket, "key": STATE_KEY, "region": sandbox_account.region,
              "endpoints": f'{{s3="{sandbox_account.endpoint}"}}', "use_path_style": "true",
              "skip_credentials_validation": "true", "skip_requesting_account_id": "true",
              "skip_metadata_api_check": "true", "skip_region_validation": "true"}
    init = terraform("init", *(f"-backend-config={k}={v}" for k, v in config.items()))
    assert init.returncode == 0, init.stderr
    return terraform, s3, bucket


def _keys(s3, bucket: str) -> list[str]:
    return sorted(o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", []))


def test_a_held_lock_refuses_the_run_and_a_free_one_writes_the_state(backend):
    terraform, s3, bucket = backend
    lock = {"ID": "held-by-test", "Operation": "OperationTypeApply", "Who": "another-pipeline",
            "Version": "1.11.4", "Created": "2026-01-01T00:00:00Z", "Info": "",
            "Path": f"{bucket}/{STATE_KEY}"}
    s3.put_object(Bucket=bucket, Key=f"{STATE_KEY}.tflock", Body=json.dumps(lock).encode())

    refused = terraform("apply", "-auto-approve", "-lock-timeout=0s")
    assert refused.returncode == 1
    assert "Error acquiring the state lock" in refused.stderr
    assert "another-pipeline" in refused.stderr
    assert _keys(s3, bucket) == [f"{STATE_KEY}.tflock"]  # nothing written

    s3.delete_object(Bucket=bucket, Key=f"{STATE_KEY}.tflock")
    applied = terraform("apply", "-auto-approve")
    assert applied.returncode == 0, applied.stderr
    assert _keys(s3, bucket) == [STATE_KEY]  # state written, lock released
    state = json.loads(s3.get_object(Bucket=bucket, Key=STATE_KEY)["Body"].read())
    assert [r["type"] for r in state["resources"]] == ["terraform_data"]
