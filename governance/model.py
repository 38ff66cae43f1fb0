"""The data that flows through the engine: snapshots in, findings out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    """A verdict. ERROR: a read the check needs failed. NOT_PROVABLE: the audited endpoint is
    an emulator that cannot show what the check needs (the reason says which gap); never a
    PASS or a FAIL. WAIVED: a FAIL covered by an unexpired exception (reason, owner, expiry;
    an ERROR is never waived); never counted as PASS."""

    PASS = "PASS"
    FAIL = "FAIL"
    ERROR = "ERROR"
    NOT_APPLICABLE = "NOT_APPLICABLE"
    NOT_PROVABLE = "NOT_PROVABLE"
    WAIVED = "WAIVED"


# Worst first: the verdict of a set of findings is the first status present in this order.
SEVERITY_ORDER = (Status.ERROR, Status.FAIL, Status.NOT_PROVABLE, Status.WAIVED, Status.PASS,
                  Status.NOT_APPLICABLE)


def worst(statuses: Iterable[Status]) -> Status:
    """The verdict of several findings: the worst status present (see SEVERITY_ORDER)."""
    present = set(statuses)
    if not present:
        raise ValueError("no status to judge")
    return next(status for status in SEVERITY_ORDER if status in present)


@dataclass(frozen=True)
class Finding:
    """One verdict of one control on one resource (or on the account)."""

    control_id: str
    status: Status
    reason: str
    resource: str = "account"
    region: str = "global"
    evidence: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["status"] = self.status.value
        return data


class ReadFailed(Exception):
    """A check needed an API read that the collector could not make. ``emulator_gap``: the
    read failed because the audited emulator does not implement it (NOT_PROVABLE, not
    ERROR)."""

    def __init__(self, api: str, reason: str, *, emulator_gap: bool = False) -> None:
        super().__init__(f"{api}: {reason}")
        self.api = api
        self.reason = reason
        self.emulator_gap = emulator_gap


class EmulatorGap(Exception):
    """A check met data that an emulator cannot make real (e.g. moto's AWS Config status
    that never leaves PENDING): the control is NOT_PROVABLE there, with this reason."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class ApiRead:
    """The outcome of one API read: its data, or why it could not be read
    (``emulator_gap``: the emulator that was audited does not implement the API)."""

    data: Any = None
    error: str | None = None
    emulator_gap: bool = False


# The shape of a saved snapshot (``--save-snapshot``); ``--from-snapshot`` refuses others.
# A snapshot without the field was written before versioning and has this shape too.
SNAPSHOT_SCHEMA_VERSION = 1


class SnapshotFormatError(ValueError):
    """A saved snapshot that is not one this version can read (another shape or version)."""


@dataclass
class AccountSnapshot:
    """Everything the collector read from one account: plain, JSON-serialisable data.

    ``reads`` is keyed ``service:Operation`` for global reads and
    ``service:Operation@region`` for regional ones. ``api_retries``: how many times
    botocore retried a call while collecting (throttling, transient errors).
    """

    account_id: str
    caller_arn: str
    collected_at: str
    regions: list[str] = field(default_factory=list)
    home_region: str = "us-east-1"
    emulator_endpoint: str | None = None
    reads: dict[str, ApiRead] = field(default_factory=dict)
    api_retries: int = 0

    @staticmethod
    def key(api: str, region: str | None = None) -> str:
        return f"{api}@{region}" if region else api

    def record(self, api: str, data: Any = None, *, error: str | None = None,
               region: str | None = None, emulator_gap: bool = False) -> None:
        self.reads[self.key(api, region)] = ApiRead(data=data, error=error,
                                                    emulator_gap=emulator_gap)

    def get(self, api: str, region: str | None = None) -> Any:
        """The data of one read; raises ReadFailed when it was not read."""
        read = self.reads.get(self.key(api, region))
        where = f" in {region}" if region else ""
        if read is None:
            raise ReadFailed(api, f"not collected{where}")
        if read.error is not None:
            raise ReadFailed(api, f"{read.error}{where}", emulator_gap=read.emulator_gap)
        return read.data

    def emulator_gap(self, reason: str) -> None:
        """Raise EmulatorGap when this snapshot was read from an emulator (else no-op): for
        data an emulator answers but cannot make real, e.g. a status it never changes."""
        if self.emulator_endpoint:
            raise EmulatorGap(reason)

    def to_dict(self) -> dict[str, Any]:
        return {"schema_version": SNAPSHOT_SCHEMA_VERSION, **asdict(self)}

    @classmethod
    def from_dict(cls, data: Any) -> AccountSnapshot:
        """A saved snapshot; SnapshotFormatError when ``data`` is not one (another JSON
        shape, another schema version, a read that is not {data, error, emulator_gap})."""
        if not isinstance(data, dict):
            raise SnapshotFormatError(f"not a snapshot: a JSON {type(data).__name__}, "
                                      "not an object")
        version = data.get("schema_version", SNAPSHOT_SCHEMA_VERSION)
        if version != SNAPSHOT_SCHEMA_VERSION:
            raise SnapshotFormatError(f"snapshot schema version {version!r}; this version "
                                      f"reads version {SNAPSHOT_SCHEMA_VERSION}")
        missing = [name for name in ("account_id", "caller_arn", "collected_at", "reads")
                   if not isinstance(data.get(name), str if name != "reads" else dict)]
        if missing:
            raise SnapshotFormatError(f"not a snapshot: missing or mistyped {', '.join(missing)}")
        reads = {}
        for key, value in data["reads"].items():
            if not isinstance(value, dict) or not set(value) <= {"data", "error",
                                                                 "emulator_gap"}:
                raise SnapshotFormatError(f"not a snapshot: read {key!r} is not "
                                          "{data, error, emulator_gap}")
            reads[key] = ApiRead(**value)
        return cls(
            account_id=data["account_id"],
            caller_arn=data["caller_arn"],
            collected_at=data["collected_at"],
            regions=list(data.get("regions", [])),
            home_region=data.get("home_region", "us-east-1"),
            emulator_endpoint=data.get("emulator_endpoint"),
            reads=reads,
            api_retries=int(data.get("api_retries", 0)),
        )
