"""CloudWatch Logs (regional): metric filters (the CIS 4.x filters on the trail's log group).

The trail log groups themselves are read by the CloudTrail reader of the trail's home region.
"""

from __future__ import annotations

from typing import Any

from governance.collectors import regional_reader


@regional_reader
def read_metric_filters(collector: Any, snapshot: Any, region: str) -> None:
    collector.read(snapshot, "logs:DescribeMetricFilters",
                   lambda: collector.paginate("logs", "describe_metric_filters", "metricFilters",
                                              region), region=region)
