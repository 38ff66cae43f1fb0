"""The embedded default AWS: an in-process moto server and disposable accounts in it.

moto keeps separate state per account id. STS AssumeRole into
``arn:aws:iam::<new id>:role/<any>`` returns credentials that belong to that account
(the role need not exist), so every applying test gets an account of its own, reached
exactly as a real disposable account would be: by assuming a role in it.
"""

from __future__ import annotations

import os
import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config

from harness import moto as harness_moto

SANDBOX_ROLE_NAME = "governance-sandbox"
DEFAULT_REGION = "us-east-1"
# Credentials of the caller that assumes roles into sandbox accounts; moto accepts any.
SANDBOX_CALLER_KEYS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}

# The environment variable that points every AWS SDK client of the aws provider at one
# endpoint. The provider's `endpoints {}` block would do the same per service, but the
# provider validates that block (hundreds of service attributes) in every one of its
# processes: 2 CPU-s each, 2-3 processes per terraform command and provider configuration
# (docs/ENGINEERING.md, "Terraform notes learned here").
ENDPOINT_ENVIRONMENT_VARIABLE = "AWS_ENDPOINT_URL"


def endpoint_environment(endpoint: str) -> dict[str, str]:
    """Environment that sends every AWS service of a terraform process to ``endpoint``: the
    global variable, every service-specific one already in this environment (it would win
    over the global one) and the SDK's switch that would ignore them all, turned off."""
    return {ENDPOINT_ENVIRONMENT_VARIABLE: endpoint, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "false",
            **{name: endpoint for name in os.environ
               if name.startswith(f"{ENDPOINT_ENVIRONMENT_VARIABLE}_")}}


class MotoEndpoint:
    """A moto server at ``endpoint`` and disposable accounts in it (reached by AssumeRole)."""

    def __init__(self, endpoint: str) -> None:
        self.endpoint = endpoint
        self._issued: set[str] = set()
        self.watched: dict[str, SandboxAccount] = {}

    def watch(self, account: SandboxAccount) -> None:
        """Check this account for leftovers at the end of the session (Terraform applies
        to it: after destroy it must hold nothing moto can delete)."""
        self.watched[account.account_id] = account

    def new_account_id(self) -> str:
        while True:
            account_id = f"{secrets.randbelow(10**11) + 10**11:012d}"
            if account_id not in self._issued and account_id != "123456789012":
                self._issued.add(account_id)
                return account_id

    def new_account(self, region: str = DEFAULT_REGION) -> SandboxAccount:
        """A fresh, empty moto account, reached by assuming a role in it."""
        return self.account(self.new_account_id(), region)

    def account(self, account_id: str, region: str = DEFAULT_REGION,
                role_name: str = SANDBOX_ROLE_NAME) -> SandboxAccount:
        """The account ``account_id`` (e.g. one made by Organizations CreateAccount), reached by
        assuming ``role_name`` in it (new credentials: e.g. after the server restarted and
        forgot the ones it issued)."""
        role_arn = f"arn:aws:iam::{account_id}:role/{role_name}"
        sts = boto3.client("sts", region_name=region, endpoint_url=self.endpoint,
                           **SANDBOX_CALLER_KEYS)
        credentials = sts.assume_role(RoleArn=role_arn, RoleSessionName="governance-sandbox")[
            "Credentials"
        ]
        session = boto3.Session(
            aws_access_key_id=credentials["AccessKeyId"],
            aws_secret_access_key=credentials["SecretAccessKey"],
            aws_session_token=credentials["SessionToken"],
            region_name=region,
            botocore_session=_model_sharing_session(),
        )
        return SandboxAccount(account_id=account_id, role_arn=role_arn, region=region,
                              endpoint=self.endpoint, session=session)


_CLIENTS_LOCK = threading.Lock()


def _model_sharing_session() -> Any:
    """A botocore session that parses each service model once per process, not once per
    account: every sandbox account shares the audit's model loader (a fresh loader re-read
    the JSON of every service an account's first client named). Measured with this and
    :meth:`SandboxAccount.client`'s cache on the partner checklist's accounts (seed every PASS
    case, then audit; six accounts, CPU of the process): 2.30 -> 1.71 CPU-s per account.
    Unlike the audit's sessions it is not read-only: the sandbox seeds accounts."""
    import botocore.session

    from governance.session import shared_loader

    core = botocore.session.Session()
    core.register_component("data_loader", shared_loader(core.get_config_variable("data_path")))
    return core


class MotoSandbox(MotoEndpoint):
    """A moto server on a free loopback port, in this process, with the harness extensions."""

    def __init__(self, port: int = 0, *, managed_policies: bool = True) -> None:
        from moto.server import ThreadedMotoServer

        # AWS managed policies (SecurityAudit, ...) exist only if loaded when a backend is
        # made (a second or more per account: off where no test reads them).
        os.environ["MOTO_IAM_LOAD_MANAGED_POLICIES"] = str(managed_policies).lower()
        os.environ.pop("MOTO_ACCOUNT_ID", None)  # it would pin every request to one account
        harness_moto.install()
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
        self._server.start()
        host, bound = self._server.get_host_and_port()
        super().__init__(f"http://{host}:{bound}")

    def stop(self) -> None:
        self._server.stop()


class MotoServerProcess(MotoEndpoint):
    """A moto server (with the harness extensions) in a child process on a fixed loopback
    port: it can be killed (SIGKILL, all state lost, as a crashed emulator) and started
    again on the same port, so a provider override written for it stays valid."""

    def __init__(self, *, managed_policies: bool = False) -> None:
        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        super().__init__(f"http://127.0.0.1:{self.port}")
        self.managed_policies = managed_policies
        self._process: Any = None
        self.start()

    def start(self, timeout: float = 30.0) -> None:
        import subprocess
        import sys
        import time
        import urllib.request

        root = Path(__file__).resolve().parent.parent
        self._process = subprocess.Popen(
            [sys.executable, "-m", "harness.moto_sandbox", "--port", str(self.port),
             *([] if self.managed_policies else ["--no-managed-policies"])],
            cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"the moto server process exited ({self._process.returncode})")
            try:
                urllib.request.urlopen(f"{self.endpoint}/moto-api/", timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        self.kill()
        raise RuntimeError(f"the moto server process did not answer on {self.endpoint}")

    def set_latency(self, low: float, high: float | None = None, seed: int = 0) -> None:
        """Make the server wait before each answer from now on: ``low`` seconds (``high``
        None), or a uniform draw in [``low``, ``high``] seconds per answer from a generator
        seeded with ``seed`` (repeatable); 0 (and 0): off."""
        import urllib.request

        query = f"seconds={low}" if high is None else f"low={low}&high={high}&seed={seed}"
        request = urllib.request.Request(f"{self.endpoint}{harness_moto.LATENCY_PATH}?{query}", method="POST")
        urllib.request.urlopen(request, timeout=10).close()

    def kill(self) -> None:
        """SIGKILL: the server dies at once, mid-request if any."""
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait()

    def stop(self) -> None:
        import subprocess

        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:  # a stuck server is killed
                self.kill()


def _serve(argv: list[str] | None = None) -> None:
    """``python -m harness.moto_sandbox --port N``: the sandbox server until terminated."""
    import argparse
    import signal
    import threading

    parser = argparse.ArgumentParser(description="the moto sandbox server, in the foreground")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--no-managed-policies", action="store_true",
                        help="do not load AWS managed policies into new accounts (faster)")
    args = parser.parse_args(argv)
    sandbox = MotoSandbox(port=args.port, managed_policies=not args.no_managed_policies)
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    print(f"moto sandbox on {sandbox.endpoint}", flush=True)
    stopped.wait()
    sandbox.stop()


if __name__ == "__main__":
    _serve()


@dataclass
class SandboxAccount:
    """One disposable moto account and a boto3 session inside it."""

    account_id: str
    role_arn: str
    region: str
    endpoint: str
    session: Any = field(repr=False)
    _clients: dict[tuple[str, str], Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def proxies(self) -> dict[str, str]:
        # S3 Control puts the account id in the host name, which does not resolve for
        # 127.0.0.1; through moto as an HTTP proxy it does.
        return {"http": self.endpoint}

    def client(self, service: str, region: str | None = None, *, new: bool = False) -> Any:
        """A client of this account at the sandbox, made once per (service, region): making
        one costs more CPU than most calls it sends (botocore copies the session's event
        handlers and resolves the endpoint rules). ``new=True``: a client of the caller's
        own, e.g. to register event handlers on it."""
        key = (service, region or self.region)
        with _CLIENTS_LOCK:  # a boto3 session makes clients one thread at a time
            return self._client(key, new)

    def _client(self, key: tuple[str, str], new: bool) -> Any:
        service = key[0]
        if new or key not in self._clients:
            made = self.session.client(
                service, region_name=key[1], endpoint_url=self.endpoint,
                config=Config(proxies=self.proxies, retries={"mode": "standard", "max_attempts": 2}),
            )
            if new:
                return made
            self._clients[key] = made
        return self._clients[key]

    def collector(self, regions: list[str] | None = None) -> Any:
        """The read-only collector on this account (home region only by default)."""
        from governance.collect import Collector

        return Collector(self.session, endpoint_url=self.endpoint, proxies=self.proxies,
                         regions=regions or [self.region])

    @property
    def provider_environment(self) -> dict[str, str]:
        """Environment of the Terraform processes: every AWS service at the sandbox."""
        return endpoint_environment(self.endpoint)

    def provider_override(self, alias: str | None = None, region: str | None = None, *,
                          assume_role: bool = True) -> str:
        """An aws provider override (Terraform ``*_override.tf``) that targets this account;
        ``alias`` for an aliased provider configuration (in ``region``). ``assume_role=False``
        keeps the example's own assume_role (e.g. into an account the stack creates in this
        account's organization: moto's STS lets any role be assumed). Every service's
        endpoint comes from :attr:`provider_environment`."""
        alias_line = f'  alias                       = "{alias}"\n' if alias else ""
        assume_role_block = (
            f'\n  assume_role {{\n    role_arn     = "{self.role_arn}"\n'
            '    session_name = "governance-sandbox"\n  }\n') if assume_role else ""
        return f"""# Written by the test harness: points the aws provider at the moto sandbox (every
# service's endpoint: {ENDPOINT_ENVIRONMENT_VARIABLE} in the environment of the terraform process).
provider "aws" {{
{alias_line}  region                      = "{region or self.region}"
  access_key                  = "testing"
  secret_key                  = "testing"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
  s3_use_path_style           = true
  max_retries                 = 3
  http_proxy                  = "{self.endpoint}"
  # Any request that is not to the sandbox (https: a real AWS endpoint) goes to a closed
  # port and fails: default runs never reach real AWS.
  https_proxy                 = "http://127.0.0.1:9"
{assume_role_block}}}
"""
