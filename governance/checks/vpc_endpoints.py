"""CIS v7.0.0 6.8: VPC endpoints are used for access to AWS services. One finding per VPC
the account owns, in every audited region.

What the reads prove (describe-vpc-endpoints, describe-route-tables, describe-subnets, as
the item's audit reads them):
- FAIL: the VPC has no available gateway or interface endpoint for an AWS service
  (com.amazonaws.<region>.<service> or aws.<...>; a PrivateLink endpoint service
  com.amazonaws.vpce.<...> or a Gateway Load Balancer endpoint is not one) while something
  runs in it (a network interface); a gateway endpoint routes no subnet of the VPC (no
  route table that serves a subnet, explicitly or as the main route table, holds the
  endpoint's prefix-list route: those subnets reach the service through the internet or
  a NAT gateway); an interface endpoint is in no subnet.
- PASS: every counted endpoint is attached; the finding lists each endpoint's service
  and how many of the VPC's subnets (gateway) or Availability Zones (interface) it covers.
- NOT_APPLICABLE: a VPC without any network interface (the default VPC of a region
  nobody uses): nothing in it sends traffic to an AWS service.
Which VPCs are in scope (production, sensitive) and which services each needs stay the
reviewer's, as the item says: a VPC out of scope is waived by its ARN. A VPC shared with
the account (another OwnerId) is judged in its owner's account, where its endpoints live.
"""

from __future__ import annotations

from typing import Any

from governance.checks import check
from governance.checks.frontends import partition
from governance.model import AccountSnapshot, Finding, Status

CONTROL = "vpc-endpoints-for-aws-services"
ENDPOINT_TYPES = ("Gateway", "Interface")
SHOWN = 12  # endpoints named in one reason


def aws_service(service_name: str) -> bool:
    """An AWS service's endpoint name (not a PrivateLink endpoint service's)."""
    return (service_name.startswith(("com.amazonaws.", "aws."))
            and not service_name.startswith("com.amazonaws.vpce."))


def short_service(service_name: str, region: str) -> str:
    prefix = f"com.amazonaws.{region}."
    return service_name[len(prefix):] if service_name.startswith(prefix) else service_name


def subnets_served(tables: list[dict[str, Any]], subnets: set[str]) -> dict[str, set[str]]:
    """route table id -> the VPC subnets whose traffic it routes: its explicit subnet
    associations, and for the main route table every subnet without one."""
    explicit: dict[str, set[str]] = {}
    main = None
    for table in tables:
        served = set()
        for association in table.get("Associations") or []:
            state = (association.get("AssociationState") or {}).get("State", "associated")
            if state != "associated":
                continue
            if association.get("Main"):
                main = table["RouteTableId"]
            elif association.get("SubnetId"):
                served.add(association["SubnetId"])
        explicit[table["RouteTableId"]] = served & subnets
    if main is not None:
        associated = set().union(*explicit.values()) if explicit else set()
        explicit[main] |= subnets - associated
    return explicit


def routes_to(table: dict[str, Any], endpoint_id: str) -> bool:
    """The route table sends a prefix list to the gateway endpoint (an active route)."""
    return any(route.get("GatewayId") == endpoint_id and route.get("DestinationPrefixListId")
               and route.get("State", "active") == "active"
               for route in table.get("Routes") or [])


def _endpoint_brief(endpoint: dict[str, Any]) -> dict[str, Any]:
    return {key: endpoint.get(key) for key in ("VpcEndpointId", "VpcEndpointType", "ServiceName",
                                               "State")}


def _judge(snapshot: AccountSnapshot, region: str, vpc: dict[str, Any],
           reads: dict[str, list[dict[str, Any]]]) -> Finding:
    vpc_id = str(vpc["VpcId"])
    arn = f"arn:{partition(snapshot)}:ec2:{region}:{snapshot.account_id}:vpc/{vpc_id}"
    label = f"{'default ' if vpc.get('IsDefault') else ''}VPC {vpc_id} in {region}"
    mine = [e for e in reads["endpoints"] if e.get("VpcId") == vpc_id]
    counted = [e for e in mine if str(e.get("State", "")).lower() == "available"
               and e.get("VpcEndpointType") in ENDPOINT_TYPES
               and aws_service(str(e.get("ServiceName", "")))]
    evidence: dict[str, Any] = {
        "not_counted": [_endpoint_brief(e) for e in mine if e not in counted][:20]}
    if not counted:
        interfaces = [i for i in reads["interfaces"] if i.get("VpcId") == vpc_id]
        evidence["network_interfaces"] = len(interfaces)
        if not interfaces:
            return Finding(CONTROL, Status.NOT_APPLICABLE,
                           f"{label} has no network interface: nothing in it reaches AWS "
                           "services", resource=arn, region=region, evidence=evidence)
        return Finding(CONTROL, Status.FAIL,
                       f"{label} has no available VPC endpoint for an AWS service "
                       f"({len(interfaces)} network interface(s) in it)", resource=arn,
                       region=region, evidence=evidence)
    subnets = {s["SubnetId"]: s.get("AvailabilityZone") for s in reads["subnets"]
               if s.get("VpcId") == vpc_id}
    zones = set(subnets.values())
    tables = {t["RouteTableId"]: t for t in reads["tables"] if t.get("VpcId") == vpc_id}
    served = subnets_served(list(tables.values()), set(subnets))
    problems, used, covered = [], [], {}
    for endpoint in sorted(counted, key=lambda e: (str(e.get("ServiceName")),
                                                   str(e["VpcEndpointId"]))):
        endpoint_id = str(endpoint["VpcEndpointId"])
        service = short_service(str(endpoint.get("ServiceName")), region)
        if endpoint["VpcEndpointType"] == "Gateway":
            reached: set[str] = set()
            for table_id in endpoint.get("RouteTableIds") or []:
                if table_id in tables and routes_to(tables[table_id], endpoint_id):
                    reached |= served.get(table_id, set())
            covered[endpoint_id] = sorted(reached)[:50]
            if reached:
                used.append(f"{service} (Gateway, {len(reached)} of {len(subnets)} subnets)")
            else:
                problems.append(f"gateway endpoint {endpoint_id} ({service}) routes no subnet "
                                "of the VPC")
        else:
            in_subnets = [s for s in endpoint.get("SubnetIds") or []]
            covered[endpoint_id] = sorted(in_subnets)[:50]
            if in_subnets:
                in_zones = {subnets.get(s) for s in in_subnets if s in subnets}
                used.append(f"{service} (Interface, {len(in_zones)} of {len(zones)} AZs)")
            else:
                problems.append(f"interface endpoint {endpoint_id} ({service}) is in no subnet")
    evidence.update(endpoints=[_endpoint_brief(e) for e in counted][:50], covered=covered,
                    subnets=len(subnets), availability_zones=sorted(z for z in zones if z))
    if problems:
        return Finding(CONTROL, Status.FAIL, f"{label}: {'; '.join(problems[:SHOWN])}"
                       + (f"; and {len(problems) - SHOWN} more" if len(problems) > SHOWN
                          else ""), resource=arn, region=region, evidence=evidence)
    more = f", and {len(used) - SHOWN} more" if len(used) > SHOWN else ""
    return Finding(CONTROL, Status.PASS,
                   f"{label} uses VPC endpoints: {', '.join(used[:SHOWN])}{more}",
                   resource=arn, region=region, evidence=evidence)


@check(CONTROL)
def vpc_endpoints_for_aws_services(snapshot: AccountSnapshot) -> list[Finding]:
    findings = []
    for region in snapshot.regions:
        vpcs = snapshot.get("ec2:DescribeVpcs", region) or []
        reads = {"endpoints": snapshot.get("ec2:DescribeVpcEndpoints", region) or [],
                 "tables": snapshot.get("ec2:DescribeRouteTables", region) or [],
                 "subnets": snapshot.get("ec2:DescribeSubnets", region) or [],
                 "interfaces": snapshot.get("ec2:DescribeNetworkInterfaces", region) or []}
        owned = [vpc for vpc in vpcs
                 if vpc.get("OwnerId", snapshot.account_id) == snapshot.account_id]
        shared = sorted(str(vpc["VpcId"]) for vpc in vpcs if vpc not in owned)
        if not owned:
            reason = f"no VPC of the account in {region}"
            if shared:
                reason += f" ({len(shared)} shared by other accounts, judged there)"
            findings.append(Finding(CONTROL, Status.NOT_APPLICABLE, reason, region=region,
                                    evidence={"shared_vpcs": shared[:20]}))
            continue
        for vpc in sorted(owned, key=lambda item: str(item["VpcId"])):
            findings.append(_judge(snapshot, region, vpc, reads))
    return findings
