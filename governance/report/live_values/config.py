"""Live values of AWS Config (ACCT-001.6): each audited region's recorders, whether they
record and what, and the delivery channel.
"""

from __future__ import annotations

from typing import Any

from governance.model import AccountSnapshot
from governance.report.evidence import Requirement
from governance.report.live_values.reads import LiveTable, Missing, Reads, cell, regional_rows


def _recording(recorder: dict[str, Any]) -> str:
    group = recorder.get("recordingGroup") or {}
    if group.get("allSupported", True):
        globals_ = "with" if group.get("includeGlobalResourceTypes") else "without"
        return f"all supported types, {globals_} global types"
    types = group.get("resourceTypes") or []
    return f"{len(types)} resource type(s): {cell(types)}"


def config_tables(snapshot: AccountSnapshot, requirement: Requirement) -> list[LiveTable]:
    reads = Reads(snapshot)

    def status_and_channel(region: str) -> tuple[Any, Any]:
        """The region's recorder status and delivery channel reads (made, and their reasons
        listed, whether or not the recorders were read)."""
        statuses = reads("config:DescribeConfigurationRecorderStatus", region)
        channels = reads("config:DescribeDeliveryChannels", region)
        channel = channels if isinstance(channels, Missing) else \
            [f"{c.get('name')} -> s3://{c.get('s3BucketName')}" for c in channels or []]
        return statuses, channel

    def unread(region: str, recorders: Missing) -> list[Any]:
        return [region, recorders, recorders, recorders, recorders, status_and_channel(region)[1]]

    def recorder_rows(region: str, recorders: list[Any]) -> list[list[Any]]:
        statuses, channel = status_and_channel(region)
        if not recorders:
            return [[region, "no recorder", "", "", "", channel]]
        rows: list[list[Any]] = []
        for recorder in recorders:
            status = statuses if isinstance(statuses, Missing) else next(
                (s for s in statuses or [] if s.get("name") == recorder.get("name")), None)
            recording = status if isinstance(status, Missing) else (status or {}).get("recording")
            last = status if isinstance(status, Missing) else (status or {}).get("lastStatus")
            rows.append([region, recorder.get("name"), recording, last, _recording(recorder),
                         channel])
        return rows

    rows = regional_rows(reads, "config:DescribeConfigurationRecorders", 6, recorder_rows,
                         unread_row=unread)
    return [reads.table("config", "AWS Config recorders",
                        ["Region", "Recorder", "Recording", "Last status", "Records",
                         "Delivery channel"], rows)]
