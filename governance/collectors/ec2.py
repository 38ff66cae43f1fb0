"""EC2 (regional): VPCs and flow logs (CIS 3.7)."""

from __future__ import annotations

from typing import Any

from governance.collectors import regional_reader


@regional_reader
def read_vpc_flow_logs(collector: Any, snapshot: Any, region: str) -> None:
    collector.read(snapshot, "ec2:DescribeVpcs",
                   lambda: collector.paginate("ec2", "describe_vpcs", "Vpcs", region),
                   region=region)
    collector.read(snapshot, "ec2:DescribeFlowLogs",
                   lambda: collector.paginate("ec2", "describe_flow_logs", "FlowLogs", region),
                   region=region)
