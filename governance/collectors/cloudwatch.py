"""CloudWatch (regional): metric alarms (the CIS 4.x alarms)."""

from __future__ import annotations

from typing import Any

from governance.collectors import regional_reader


@regional_reader
def read_alarms(collector: Any, snapshot: Any, region: str) -> None:
    collector.read(snapshot, "cloudwatch:DescribeAlarms",
                   lambda: collector.paginate("cloudwatch", "describe_alarms", "MetricAlarms",
                                              region, AlarmTypes=["MetricAlarm"]), region=region)
