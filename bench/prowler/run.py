"""The two tools, each as one CLI process against the sandbox account's moto endpoint: our
``python -m governance audit`` and ``prowler aws --compliance ...`` (Prowler in its own
virtual environment, .venv-prowler, installed from PyPI when missing; never a project
dependency). Both get only the sandbox account's credentials, and https (any real AWS
endpoint) goes to a closed port. Also: what moto could not answer during a run (MotoGaps),
the tools' versions, and waiting for a quiet machine before timing.
"""

from __future__ import annotations

import json
import logging
import os
import platform
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from bench.prowler.scope import (
    CLOSED_PORT,
    PROWLER,
    PROWLER_IDS,
    PROWLER_SPEC,
    PROWLER_VENV,
    REGIONS,
    ROOT,
)
from harness.moto_sandbox import SandboxAccount


class MotoGaps(logging.Handler):
    """Collects what the moto server could not answer (its tracebacks, not printed)."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: dict[str, None] = {}

    def emit(self, record: logging.LogRecord) -> None:
        # werkzeug logs "Error on request:" with the traceback as text; the last line names it
        lines = [line for line in record.getMessage().splitlines() if line.strip()]
        if lines and "Error" in lines[-1]:
            self.seen[lines[-1].strip()[:200]] = None

    def take(self) -> list[str]:
        seen, self.seen = list(self.seen), {}
        return seen


def ensure_prowler() -> None:
    """Prowler in .venv-prowler, installed from PyPI when missing (reused when present)."""
    if PROWLER.exists():
        return
    print(f"installing {PROWLER_SPEC} into {PROWLER_VENV} (a few minutes)", flush=True)
    subprocess.run([sys.executable, "-m", "venv", str(PROWLER_VENV)], check=True)
    subprocess.run([str(PROWLER_VENV / "bin" / "python"), "-m", "pip", "install", "--quiet",
                    "--disable-pip-version-check", PROWLER_SPEC], check=True)


def _sandbox_env(account: SandboxAccount, home: Path) -> dict[str, str]:
    """Only the sandbox account's credentials; no profile, no config file, no metadata
    service; https (any real AWS endpoint) to a closed port."""
    credentials = account.session.get_credentials().get_frozen_credentials()
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "LANG": "C.UTF-8",
        "AWS_ACCESS_KEY_ID": credentials.access_key,
        "AWS_SECRET_ACCESS_KEY": credentials.secret_key,
        "AWS_SESSION_TOKEN": credentials.token, "AWS_DEFAULT_REGION": REGIONS[0],
        "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_EC2_METADATA_DISABLED": "true",
        "HTTPS_PROXY": CLOSED_PORT, "https_proxy": CLOSED_PORT,
    }


@dataclass
class Run:
    """One tool's run: wall time, exit code, its findings and the errors of its log."""

    seconds: float
    exit_code: int
    findings: list[dict[str, Any]]
    errors: list[str] = field(default_factory=list)
    # ours only: findings.json "items", per framework key (cis_aws_v3, cis_aws_v7, ...) each
    # item's own verdict as the CLI computes it (worst finding, MANUAL, NOT_ASSESSED, waivers)
    items: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)  # lines that name a real AWS endpoint


def run_ours(account: SandboxAccount, workdir: Path) -> Run:
    """``python -m governance audit`` on the account, both regions, JSON into workdir/ours."""
    output = workdir / "ours"
    command = [sys.executable, "-m", "governance", "audit", "--endpoint-url", account.endpoint,
               "--regions", ",".join(REGIONS), "--format", "json", "--output", str(output)]
    started = time.perf_counter()
    done = subprocess.run(command, env=_sandbox_env(account, workdir), cwd=ROOT,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - started
    report = output / "findings.json"
    written = json.loads(report.read_text()) if report.exists() else {}
    errors = [line for line in done.stderr.splitlines() if line.startswith("error")]
    return Run(seconds, done.returncode, written.get("findings", []), errors,
               items=written.get("items", {}))


# Prowler's log lines: "... [Module: x_service]\t ERROR: us-east-1 -- ClientError[46]: ..."
PROWLER_ERROR = re.compile(r"\[Module: (\w+)\]\s+(?:ERROR|CRITICAL): (?:[\w-]+ -- )?(\w+)\[\d+\]: (.*)")


def _prowler_errors(text: str) -> list[str]:
    """Distinct error lines of Prowler's log, without region, line number and ids."""
    seen: dict[str, None] = {}
    for line in text.splitlines():
        match = PROWLER_ERROR.search(line)
        if not match:
            continue
        module, error, message = match.groups()
        message = re.sub(r"\b\d{12}\b", "<account>", message)
        message = re.sub(r"arn:aws:[^\s'\"]+", "<arn>", message)
        seen[f"{module}: {error}: {message.strip()}"[:220]] = None
    return list(seen)


def run_prowler(account: SandboxAccount, workdir: Path) -> Run:
    """One Prowler scan of both editions' checks on the account, OCSF JSON into
    workdir/prowler, its log in workdir/prowler.log."""
    output = workdir / "prowler"
    env = _sandbox_env(account, workdir)
    # Prowler has no endpoint flag: botocore sends every service to AWS_ENDPOINT_URL. S3
    # Control puts the account id in the host name: moto as HTTP proxy resolves it.
    env |= {"AWS_ENDPOINT_URL": account.endpoint, "HTTP_PROXY": account.endpoint,
            "http_proxy": account.endpoint}
    # Both editions in one run: Prowler executes the union of the mappings' checks.
    command = [str(PROWLER), "aws", "--compliance", *PROWLER_IDS.values(), "--region", *REGIONS,
               "--output-formats", "json-ocsf", "--output-directory", str(output),
               "--output-filename", "prowler", "--no-banner", "--no-color",
               # CIS judges every VPC, bucket, region: not only the ones Prowler thinks in use
               "--scan-unused-services",
               "--log-level", "ERROR"]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=workdir, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    (workdir / "prowler.log").write_text(done.stdout + "\n" + done.stderr)
    # A request for a real AWS endpoint (https) meets the closed-port proxy and fails loudly.
    refused = [line for line in (done.stdout + done.stderr).splitlines()
               if re.search(r"ProxyError|127\.0\.0\.1:9\b|Connection refused|amazonaws\.com", line)]
    report = output / "prowler.ocsf.json"
    findings = json.loads(report.read_text()) if report.exists() else []
    return Run(seconds, done.returncode, findings, _prowler_errors(done.stdout + done.stderr),
               refused[:5])


def versions() -> dict[str, str]:
    """The versions of both tools and what they run on, for the report."""
    prowler = subprocess.run([str(PROWLER_VENV / "bin" / "python"), "-c",
                              "from importlib.metadata import version as v;"
                              "print(v('prowler'), v('boto3'), v('botocore'))"],
                             capture_output=True, text=True, check=True).stdout.split()
    return {"governance": metadata.version("aws-governance-baseline"),
            "moto": metadata.version("moto"), "boto3 (ours)": metadata.version("boto3"),
            "prowler": prowler[0], "boto3 (Prowler)": prowler[1],
            "python": platform.python_version()}


def _load() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


def wait_for_load(threshold: float, minutes: float) -> dict[str, float]:
    """Poll the 1-minute load every 60 s until it is below ``threshold`` or ``minutes``
    have passed; the timed runs start either way."""
    started = time.monotonic()
    while (load := _load()) >= threshold and time.monotonic() - started < minutes * 60:
        print(f"1-minute load {load:.2f} >= {threshold}: waiting", flush=True)
        time.sleep(60)
    return {"threshold": threshold, "start": load,
            "waited_s": round(time.monotonic() - started)}

