"""Open a boto3 session on the audited account: a profile, then optionally a role in it."""

from __future__ import annotations

import threading
from typing import Any

# botocore parses its service models (JSON) once per loader; an organization audit opens a
# session per account, so every session of this process shares one loader.
_SHARED_LOADERS: dict[str | None, Any] = {}
_SHARED_LOCK = threading.Lock()


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
            sts = session.client("sts", endpoint_url=endpoint_url)
            extra = {"ExternalId": external_id} if external_id else {}
            credentials = sts.assume_role(RoleArn=role_arn, RoleSessionName="governance-audit",
                                          **extra)["Credentials"]
            session = boto3.Session(aws_access_key_id=credentials["AccessKeyId"],
                                    aws_secret_access_key=credentials["SecretAccessKey"],
                                    aws_session_token=credentials["SessionToken"],
                                    region_name=session.region_name or region,
                                    botocore_session=_botocore_session())
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
    return core
