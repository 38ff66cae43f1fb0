"""Open a boto3 session on the audited account: a profile, then optionally a role in it.

A role is assumed with read-only session policies (SecurityAudit and ViewOnlyAccess): AWS
intersects the role's permissions with them, so even a full-admin member role can only
read. Its credentials refresh themselves (botocore RefreshableCredentials calling
AssumeRole again before they expire): an audit longer than the role's session keeps reading.
Every STS client has short connect and moderate read timeouts.
"""

from __future__ import annotations

import threading
from typing import Any

# botocore parses its service models (JSON) once per loader; an organization audit opens a
# session per account, so every session of this process shares one loader.
_SHARED_LOADERS: dict[str | None, Any] = {}
_SHARED_LOCK = threading.Lock()
# Seconds: a connection not made in CONNECT_TIMEOUT is a dead endpoint; an answer not read in
# READ_TIMEOUT a hung call (botocore retries both within the client's attempts).
CONNECT_TIMEOUT = 5
READ_TIMEOUT = 60
# AWS managed read-only policies passed as session policies on every AssumeRole.
READ_ONLY_POLICIES = ("SecurityAudit", "job-function/ViewOnlyAccess")
SESSION_NAME = "governance-audit"


def read_only_policy_arns(role_arn: str) -> list[dict[str, str]]:
    """AssumeRole's PolicyArns for ``role_arn``'s partition (aws, aws-us-gov, aws-cn)."""
    partition = role_arn.split(":")[1] if role_arn.count(":") >= 5 else "aws"
    return [{"arn": f"arn:{partition}:iam::aws:policy/{name}"} for name in READ_ONLY_POLICIES]


def client_config(**extra: Any) -> Any:
    """botocore Config with the timeouts every client of the audit uses."""
    from botocore.config import Config

    return Config(connect_timeout=CONNECT_TIMEOUT, read_timeout=READ_TIMEOUT, **extra)


def assume_role_credentials(sts: Any, role_arn: str, external_id: str | None = None) -> Any:
    """Refreshable credentials of ``role_arn`` (botocore calls AssumeRole again, with the
    read-only session policies, when they near their expiry)."""
    from botocore.credentials import RefreshableCredentials

    extra = {"ExternalId": external_id} if external_id else {}

    def fetch() -> dict[str, str]:
        credentials = sts.assume_role(RoleArn=role_arn, RoleSessionName=SESSION_NAME,
                                      PolicyArns=read_only_policy_arns(role_arn),
                                      **extra)["Credentials"]
        expiry = credentials["Expiration"]
        return {"access_key": credentials["AccessKeyId"],
                "secret_key": credentials["SecretAccessKey"],
                "token": credentials["SessionToken"],
                "expiry_time": expiry.isoformat() if hasattr(expiry, "isoformat") else str(expiry)}

    return RefreshableCredentials.create_from_metadata(fetch(), fetch, "assume-role")


class SessionError(Exception):
    """The account cannot be opened with what was given (profile, role, credentials)."""


def open_session(profile: str | None = None, role_arn: str | None = None,
                 external_id: str | None = None, endpoint_url: str | None = None,
                 region: str | None = None) -> Any:
    import boto3
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        session = boto3.Session(profile_name=profile, region_name=region,
                                botocore_session=_botocore_session())
        if profile:
            session._session.get_scoped_config()  # an unknown profile fails here, not later
        if role_arn:
            sts = session.client("sts", endpoint_url=endpoint_url, config=client_config())
            core = _botocore_session()
            core._credentials = assume_role_credentials(sts, role_arn, external_id)
            session = boto3.Session(region_name=session.region_name or region,
                                    botocore_session=core)
    except (BotoCoreError, ClientError) as error:
        raise SessionError(f"cannot open the audited account: {error}") from error
    return session


def shared_loader(search_path: str | None = None) -> Any:
    """The process's botocore model loader for ``search_path`` (botocore's data_path), made
    once: its cache of parsed models is keyed by service and version, never by session
    (read-only data, safe across threads)."""
    from botocore.loaders import create_loader

    with _SHARED_LOCK:
        if search_path not in _SHARED_LOADERS:
            _SHARED_LOADERS[search_path] = create_loader(search_path)
        return _SHARED_LOADERS[search_path]


def _botocore_session() -> Any:
    """A new botocore session that uses the process's shared model loader."""
    import botocore.session

    core = botocore.session.Session()
    core.register_component("data_loader", shared_loader(core.get_config_variable("data_path")))
    from governance.readonly import guard

    guard(core)  # every client of a session the tool opens is read-only (allowlist)
    return core
