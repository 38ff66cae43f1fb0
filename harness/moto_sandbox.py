"""The embedded default AWS: an in-process moto server and disposable accounts in it.

moto keeps separate state per account id. STS AssumeRole into
``arn:aws:iam::<new id>:role/<any>`` returns credentials that belong to that account
(the role need not exist), so every applying test gets an account of its own, reached
exactly as a real disposable account would be: by assuming a role in it.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from typing import Any

import boto3
from botocore.config import Config

from harness import moto_extensions, moto_speed

SANDBOX_ROLE_NAME = "governance-sandbox"
DEFAULT_REGION = "us-east-1"
# Credentials of the caller that assumes roles into sandbox accounts; moto accepts any.
SANDBOX_CALLER_KEYS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}

# Services the Terraform provider is pointed at; every other service is left without an
# endpoint override and reaches nothing (see harness/terraform.py: https_proxy guard).
PROVIDER_ENDPOINT_SERVICES = (
    "accessanalyzer", "cloudtrail", "cloudwatch", "configservice", "ec2", "events", "guardduty",
    "iam", "identitystore", "kms", "logs", "organizations", "s3", "s3control", "securityhub",
    "sns", "ssoadmin", "sts", "account",
)


class MotoSandbox:
    """A moto server on a free loopback port, in this process, with the harness extensions."""

    def __init__(self) -> None:
        from moto.server import ThreadedMotoServer

        # AWS managed policies (SecurityAudit, ...) exist only if loaded when a backend is made.
        os.environ["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true"
        os.environ.pop("MOTO_ACCOUNT_ID", None)  # it would pin every request to one account
        moto_extensions.install()
        moto_speed.install()
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self._server.start()
        host, port = self._server.get_host_and_port()
        self.endpoint = f"http://{host}:{port}"
        self._issued: set[str] = set()

    def stop(self) -> None:
        self._server.stop()

    def new_account_id(self) -> str:
        while True:
            account_id = f"{secrets.randbelow(10**11) + 10**11:012d}"
            if account_id not in self._issued and account_id != "123456789012":
                self._issued.add(account_id)
                return account_id

    def new_account(self, region: str = DEFAULT_REGION) -> SandboxAccount:
        """A fresh, empty moto account, reached by assuming a role in it."""
        account_id = self.new_account_id()
        role_arn = f"arn:aws:iam::{account_id}:role/{SANDBOX_ROLE_NAME}"
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
        )
        return SandboxAccount(account_id=account_id, role_arn=role_arn, region=region,
                              endpoint=self.endpoint, session=session)


@dataclass
class SandboxAccount:
    """One disposable moto account and a boto3 session inside it."""

    account_id: str
    role_arn: str
    region: str
    endpoint: str
    session: Any = field(repr=False)

    @property
    def proxies(self) -> dict[str, str]:
        # S3 Control puts the account id in the host name, which does not resolve for
        # 127.0.0.1; through moto as an HTTP proxy it does.
        return {"http": self.endpoint}

    def client(self, service: str, region: str | None = None) -> Any:
        return self.session.client(
            service, region_name=region or self.region, endpoint_url=self.endpoint,
            config=Config(proxies=self.proxies, retries={"mode": "standard", "max_attempts": 2}),
        )

    def collector(self, regions: list[str] | None = None) -> Any:
        """The read-only collector on this account (home region only by default)."""
        from governance.collect import Collector

        return Collector(self.session, endpoint_url=self.endpoint, proxies=self.proxies,
                         regions=regions or [self.region])

    def provider_override(self, alias: str | None = None, region: str | None = None) -> str:
        """An aws provider override (Terraform ``*_override.tf``) that targets this account;
        ``alias`` for an aliased provider configuration (in ``region``)."""
        endpoints = "\n".join(
            f'    {service} = "{self.endpoint}"' for service in PROVIDER_ENDPOINT_SERVICES
        )
        alias_line = f'  alias                       = "{alias}"\n' if alias else ""
        return f"""# Written by the test harness: points the aws provider at the moto sandbox.
provider "aws" {{
{alias_line}  region                      = "{region or self.region}"
  access_key                  = "testing"
  secret_key                  = "testing"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
  s3_use_path_style           = true
  max_retries                 = 2
  http_proxy                  = "{self.endpoint}"
  # Any request that is not to the sandbox (https: a real AWS endpoint) goes to a closed
  # port and fails: default runs never reach real AWS.
  https_proxy                 = "http://127.0.0.1:9"

  endpoints {{
{endpoints}
  }}

  assume_role {{
    role_arn     = "{self.role_arn}"
    session_name = "governance-sandbox"
  }}
}}
"""
