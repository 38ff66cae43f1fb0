"""Open a boto3 session on the audited account: a profile, then optionally a role in it.

A role is assumed with read-only session policies (SecurityAudit and ViewOnlyAccess): AWS
intersects the role's permissions with them, so even a full-admin member role can only
read. Its credentials refresh themselves (botocore RefreshableCredentials calling
AssumeRole again before they expire): an audit longer than the role's session keeps reading.
Every STS client has short connect and moderate read timeouts.

Every botocore session this module opens shares, per process, what is the same for every
account (an organization audit opens a session per account and ~50 clients in each): the
model loader (parsed service models) and, per service, the service model object and the
client class botocore builds from it (:func:`_client_creator_class`). Measured in
build/logs/J-where.md: building the class and its ~100-700 operation models was about half
of the CPU of each client (7.7 -> 4.2 ms per client), repeated for every client of every
account.
"""

from __future__ import annotations

import threading
from typing import Any

# botocore parses its service models (JSON) once per loader; an organization audit opens a
# session per account, so every session of this process shares one loader.
_SHARED_LOADERS: dict[str | None, Any] = {}
_SHARED_LOCK = threading.Lock()
# (loader, service, api version) -> (ServiceModel, client class): see _client_creator_class.
_SHARED_CLIENT_CLASSES: dict[tuple[int, str, str | None], tuple[Any, type]] = {}
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


def _client_creator_class() -> type:
    """botocore's ClientCreator, subclassed once so that clients made with a shared loader
    (:func:`shared_loader`) reuse one ServiceModel and one client class per service.

    botocore builds both again for every client: the class's methods (one per operation,
    each with its OperationModel) and the ``creating-client-class`` event, whose handlers are
    boto3's defaults in every session opened here (the S3 transfer methods and the like),
    so the class made for one session is the class another would make. A client made with
    any other loader goes through botocore unchanged. The class's methods carry lazy
    docstrings bound to the first session's event emitter (help text only). Call it under
    ``_SHARED_LOCK``."""
    import botocore.client

    base = botocore.client.ClientCreator
    if getattr(base, "shares_client_classes", False):
        return base

    class SharedClientCreator(base):  # type: ignore[misc, valid-type]
        shares_client_classes = True

        def _shared_key(self, service_name: str,
                        api_version: str | None) -> tuple[int, str, str | None] | None:
            loader = self._loader
            if not any(loader is shared for shared in _SHARED_LOADERS.values()):
                return None
            return (id(loader), service_name, api_version)

        def create_client(self, service_name: str, region_name: str, *args: Any,
                          **kwargs: Any) -> Any:
            self._api_version = kwargs.get("api_version")
            return super().create_client(service_name, region_name, *args, **kwargs)

        def _load_service_model(self, service_name: str, api_version: str | None = None) -> Any:
            key = self._shared_key(service_name, api_version)
            if key is None:
                return super()._load_service_model(service_name, api_version)
            with _SHARED_LOCK:
                shared = _SHARED_CLIENT_CLASSES.get(key)
            if shared is not None:
                return shared[0]
            return super()._load_service_model(service_name, api_version)

        def _create_client_class(self, service_name: str, service_model: Any) -> type:
            key = self._shared_key(service_name, getattr(self, "_api_version", None))
            if key is None:
                return super()._create_client_class(service_name, service_model)
            with _SHARED_LOCK:
                shared = _SHARED_CLIENT_CLASSES.get(key)
            if shared is not None and shared[0] is service_model:
                return shared[1]
            made = super()._create_client_class(service_name, service_model)
            with _SHARED_LOCK:
                _SHARED_CLIENT_CLASSES.setdefault(key, (service_model, made))
            return made

    botocore.client.ClientCreator = SharedClientCreator  # botocore.session looks it up per client
    return SharedClientCreator


def _botocore_session() -> Any:
    """A new botocore session that uses the process's shared model loader (and, through
    :func:`_client_creator_class`, its shared service models and client classes)."""
    import botocore.session

    with _SHARED_LOCK:
        _client_creator_class()

    core = botocore.session.Session()
    core.register_component("data_loader", shared_loader(core.get_config_variable("data_path")))
    from governance.readonly import guard

    guard(core)  # every client of a session the tool opens is read-only (allowlist)
    return core
