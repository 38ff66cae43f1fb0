"""Collector: read one AWS account into an AccountSnapshot, read-only, each API read once.

The reads themselves live in ``governance/collectors/<service>.py``: functions registered
with :func:`governance.collectors.global_reader` (run once) or
:func:`governance.collectors.regional_reader` (run for every region, regions concurrently).
Each read goes through :meth:`Collector.read`, which records the data, or the absence of a
setting, or why it could not be read; a check that depends on a failed read is ERROR.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from typing import Any

from botocore.client import BaseClient
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from botocore.parsers import ResponseParserError

from governance.model import AccountSnapshot
from governance.readonly import guard
from governance.selection import modules_for, partial, runs_reader
from governance.session import CONNECT_TIMEOUT, READ_TIMEOUT

MAX_REGION_WORKERS = 8


def plain(value: Any) -> Any:
    """botocore output as JSON-serialisable data (datetimes as ISO 8601)."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items() if key != "ResponseMetadata"}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return value


def describe_error(error: Exception) -> str:
    if isinstance(error, ClientError):
        details = error.response.get("Error", {})
        return f"{details.get('Code', 'Error')}: {details.get('Message', str(error))}"
    return f"{type(error).__name__}: {error}"


def error_code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


def each(names: Iterable[str], read_one: Callable[[str], Any],
         absent: Iterable[str] = ()) -> dict[str, Any]:
    """``{name: read_one(name)}`` over the names, sorted (a per-resource read kept as one
    snapshot entry per API); an ``absent`` error code records None for that name.
    Any other error fails the whole read (the caller records it)."""
    result: dict[str, Any] = {}
    for name in sorted(set(names)):
        try:
            result[name] = read_one(name)
        except ClientError as error:
            if error_code(error) not in set(absent):
                raise
            result[name] = None
    return result


# An emulator answers an API it does not implement with HTTP 500/501 (moto: a bare 500;
# the test harness's stand-ins: 501 EmulatorGap). On a real endpoint those are errors.
EMULATOR_GAP_STATUSES = {500, 501}


def is_emulator_gap(error: ClientError, endpoint_url: str | None) -> bool:
    """True when ``error`` is an emulator's "not implemented" answer (only with an
    emulator endpoint: a real AWS 500 stays an ERROR)."""
    if endpoint_url is None:
        return False
    status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    return error_code(error) == "EmulatorGap" or status in EMULATOR_GAP_STATUSES


class Collector:
    """Reads an account through a boto3 session whose clients can only read.

    ``regions``: the regions to read (default: every region enabled for the account).
    ``endpoint_url`` points every client at an emulator (moto); ``proxies`` is passed to
    botocore (moto needs it for S3 Control host prefixes). Throttling and transient
    errors are retried by botocore's retry modes (``retry_mode``: ``standard`` or
    ``adaptive``, which also rate-limits the client after throttling), at most
    ``max_attempts`` attempts per call; ``retries`` counts the retries botocore made (each
    answer's ResponseMetadata.RetryAttempts) and the snapshot carries it as ``api_retries``.
    ``controls``: audit only these controls: run only the collector modules whose reads their
    checks need (governance/selection.py); None (the default) or every control reads all.
    The caller's identity and the regions are always read.
    """

    def __init__(
        self,
        session: Any,
        *,
        regions: list[str] | None = None,
        endpoint_url: str | None = None,
        proxies: dict[str, str] | None = None,
        max_attempts: int = 5,
        retry_mode: str = "standard",
        organization_delegated_admin: bool = False,
        member_session: Callable[[str], Any] | None = None,
        controls: Iterable[str] | None = None,
    ) -> None:
        if retry_mode not in {"standard", "adaptive"}:
            raise ValueError(f"retry_mode must be standard or adaptive, not {retry_mode!r}")
        self.session = session
        # The account administers an organization service for the management account (e.g.
        # the Config aggregator): it reads the organization layer too.
        self.organization_delegated_admin = organization_delegated_admin
        # account id -> a session in that member account (the organization audit's member
        # role): the management account's audit reads the Config delegated admin's aggregators.
        self.member_session = member_session
        self.home_region = session.region_name or "us-east-1"
        self.requested_regions = regions
        self.endpoint_url = endpoint_url
        self.config = Config(
            retries={"mode": retry_mode, "max_attempts": max_attempts},
            proxies=proxies,
            user_agent_extra="aws-governance-baseline-collector",
            max_pool_connections=20,
            # A dead endpoint or a hung call ends (then retried) instead of stalling the audit.
            connect_timeout=CONNECT_TIMEOUT,
            read_timeout=READ_TIMEOUT,
        )
        self.retry_mode = retry_mode
        selected = partial(controls)
        # the collector modules a selection runs (None: every module)
        self.modules: frozenset[str] | None = None if selected is None else modules_for(selected)
        self._clients: dict[tuple[str, str], BaseClient] = {}
        self._lock = threading.Lock()
        self.retries = 0

    def _count_retries(self, parsed: Any = None, **_: Any) -> None:
        """after-call handler: add the call's RetryAttempts (answers and errors alike)."""
        attempts = (parsed or {}).get("ResponseMetadata", {}).get("RetryAttempts", 0)
        if attempts:
            with self._lock:
                self.retries += int(attempts)

    def client(self, service: str, region: str | None = None, *,
               attempts: int | None = None) -> BaseClient:
        """A read-only client (boto3 sessions are not thread-safe: made under a lock).
        ``attempts`` overrides the retry budget (an emulator's unimplemented API answers
        HTTP 500, which botocore would otherwise retry)."""
        region = region or self.home_region
        key = (service, region) if attempts is None else (f"{service}#{attempts}", region)
        with self._lock:
            if key not in self._clients:
                config = self.config if attempts is None else self.config.merge(
                    Config(retries={"mode": self.retry_mode, "max_attempts": attempts}))
                client = self.session.client(service, region_name=region,
                                             endpoint_url=self.endpoint_url, config=config)
                guard(client.meta.events)
                client.meta.events.register("after-call.*.*", self._count_retries)
                self._clients[key] = client
            return self._clients[key]

    def read(self, snapshot: AccountSnapshot, api: str, reader: Callable[[], Any], *,
             region: str | None = None, absent: Iterable[str] = ()) -> Any:
        """Run one read; record its data, None when an ``absent`` error code says nothing is
        configured, or the error. Returns the recorded data (None on error)."""
        try:
            data = plain(reader())
        except ClientError as error:
            if error_code(error) in set(absent):
                snapshot.record(api, None, region=region)
            else:
                snapshot.record(api, error=describe_error(error), region=region,
                                emulator_gap=is_emulator_gap(error, self.endpoint_url))
            return None
        except ResponseParserError as error:
            # an unparseable answer: an emulator's HTML 500 page for an API it lacks
            snapshot.record(api, error=describe_error(error), region=region,
                            emulator_gap=self.endpoint_url is not None)
            return None
        except (BotoCoreError, OSError, TimeoutError) as error:
            snapshot.record(api, error=describe_error(error), region=region)
            return None
        snapshot.record(api, data, region=region)
        return data

    def paginate(self, service: str, operation: str, result_key: str,
                 region: str | None = None, **params: Any) -> list[Any]:
        """Every item of a paginated list (botocore paginator)."""
        paginator = self.client(service, region).get_paginator(operation)
        items: list[Any] = []
        for page in paginator.paginate(**params):
            items.extend(page.get(result_key, []))
        return items

    def enabled_regions(self) -> list[str]:
        regions = self.client("ec2").describe_regions(AllRegions=False)["Regions"]
        return sorted(region["RegionName"] for region in regions)

    def collect(self) -> AccountSnapshot:
        from governance.collectors import GLOBAL_READERS, REGIONAL_READERS
        global_readers = [r for r in GLOBAL_READERS if runs_reader(self.modules, r)]
        regional_readers = [r for r in REGIONAL_READERS if runs_reader(self.modules, r)]

        identity = self.client("sts").get_caller_identity()
        regions = self.requested_regions or self.enabled_regions()
        snapshot = AccountSnapshot(
            account_id=identity["Account"],
            caller_arn=identity["Arn"],
            collected_at=datetime.now(UTC).isoformat(timespec="seconds"),
            regions=list(regions),
            home_region=self.home_region,
            emulator_endpoint=self.endpoint_url,
        )
        for read_global in global_readers:
            read_global(self, snapshot)

        def read_region(region: str) -> None:
            for read_regional in regional_readers:
                read_regional(self, snapshot, region)

        with ThreadPoolExecutor(max_workers=min(MAX_REGION_WORKERS, len(regions))) as pool:
            list(pool.map(read_region, regions))
        snapshot.api_retries = self.retries
        return snapshot
