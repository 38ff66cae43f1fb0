"""VPC endpoints (CIS v7.0.0 6.8, regional): the VPC endpoints, route tables, subnets and
network interfaces of each region. ``ec2:DescribeVpcs`` is read by collectors/ec2.py.

Network interfaces are kept as their id, VPC, type and status only (every workload placed
in a VPC, from an instance to a Lambda function or a NAT gateway, has one): the check
tells an empty VPC from one with something running in it.
"""

from __future__ import annotations

from typing import Any

from governance.collectors import regional_reader

INTERFACE_FIELDS = ("NetworkInterfaceId", "VpcId", "SubnetId", "InterfaceType",
                    "RequesterManaged", "Status")


@regional_reader
def read_vpc_endpoints(collector: Any, snapshot: Any, region: str) -> None:
    collector.read(snapshot, "ec2:DescribeVpcEndpoints",
                   lambda: collector.paginate("ec2", "describe_vpc_endpoints", "VpcEndpoints",
                                              region),
                   region=region)
    collector.read(snapshot, "ec2:DescribeRouteTables",
                   lambda: collector.paginate("ec2", "describe_route_tables", "RouteTables",
                                              region),
                   region=region)
    collector.read(snapshot, "ec2:DescribeSubnets",
                   lambda: [{key: subnet.get(key) for key in ("SubnetId", "VpcId",
                                                               "AvailabilityZone")}
                            for subnet in collector.paginate("ec2", "describe_subnets",
                                                             "Subnets", region)],
                   region=region)
    collector.read(snapshot, "ec2:DescribeNetworkInterfaces",
                   lambda: [{key: interface.get(key) for key in INTERFACE_FIELDS}
                            for interface in collector.paginate(
                                "ec2", "describe_network_interfaces", "NetworkInterfaces",
                                region)],
                   region=region)
