"""Checks of CIS v3.0 section 5 (networking): network ACLs, security groups, default
security groups and EC2 instance metadata (IMDSv2). One finding per NACL, security group or
instance; a region with none of them is NOT_APPLICABLE."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from governance.checks import check
from governance.model import AccountSnapshot, Finding, ReadFailed, Status

# CIS 5.1-5.3 name 22 and 3389 as the remote server administration ports. Port ranges and
# "all traffic" rules include them; rules for TCP, UDP or every protocol can carry them.
ADMIN_PORTS = (22, 3389)
PROTOCOLS = {"tcp": "6", "udp": "17"}  # name -> IANA number (EC2 answers either spelling)
ALL = "-1"
IPV4_ANY, IPV6_ANY = "0.0.0.0/0", "::/0"


def _protocol(value: Any) -> str:
    text = str(value).lower()
    return PROTOCOLS.get(text, text)


def _carries(protocol: Any, low: Any, high: Any, port: int) -> str | None:
    """The protocol name when a rule of ``protocol`` with port range low..high carries
    ``port`` (TCP or UDP), None otherwise."""
    number = _protocol(protocol)
    if number == ALL:
        return "all traffic"
    if number not in PROTOCOLS.values():
        return None
    if low is None or high is None:  # tcp/udp without a range: every port
        return "tcp" if number == "6" else "udp"
    if int(low) <= port <= int(high) or (int(low) == -1 and int(high) == -1):
        return "tcp" if number == "6" else "udp"
    return None


def _rule_text(protocol: str, low: Any, high: Any) -> str:
    if protocol == "all traffic" or low is None:
        return protocol if protocol == "all traffic" else f"{protocol} all ports"
    return f"{protocol} {low}" if low == high else f"{protocol} {low}-{high}"


# --- 5.1 network ACLs ------------------------------------------------------------------


def nacl_admin_ingress(acl: dict[str, Any]) -> list[str]:
    """The admin ports this NACL lets in from 0.0.0.0/0: for each port and protocol, the
    lowest-numbered inbound rule whose source is 0.0.0.0/0 and that matches decides."""
    rules = sorted((entry for entry in acl.get("Entries", [])
                    if not entry.get("Egress") and entry.get("CidrBlock") == IPV4_ANY),
                   key=lambda entry: int(entry.get("RuleNumber", 32767)))
    allowed = []
    for port in ADMIN_PORTS:
        for protocol in ("6", "17"):
            for entry in rules:
                ports = entry.get("PortRange") or {}
                number = _protocol(entry.get("Protocol"))
                if number not in (ALL, protocol):
                    continue
                if number != ALL and ports and not (
                        int(ports.get("From", 0)) <= port <= int(ports.get("To", 65535))):
                    continue
                if entry.get("RuleAction") == "allow":
                    name = "tcp" if protocol == "6" else "udp"
                    allowed.append(f"rule {entry.get('RuleNumber')} allows {name} {port}")
                break
    return list(dict.fromkeys(allowed))


@check("nacl-no-admin-port-ingress")
def nacl_no_admin_port_ingress(snapshot: AccountSnapshot) -> list[Finding]:
    control = "nacl-no-admin-port-ingress"
    findings = []
    for region in snapshot.regions:
        acls = snapshot.get("ec2:DescribeNetworkAcls", region) or []
        if not acls:
            findings.append(Finding(control, Status.NOT_APPLICABLE,
                                    f"no network ACL in {region}", region=region))
        for acl in acls:
            acl_id = acl["NetworkAclId"]
            allowed = nacl_admin_ingress(acl)
            if allowed:
                findings.append(Finding(control, Status.FAIL,
                                        f"network ACL {acl_id} in {region} allows ingress from "
                                        f"0.0.0.0/0 to admin ports: {'; '.join(allowed)}",
                                        resource=acl_id, region=region,
                                        evidence={"allowed": allowed, "vpc": acl.get("VpcId")}))
            else:
                findings.append(Finding(control, Status.PASS,
                                        f"network ACL {acl_id} in {region} lets no ingress from "
                                        "0.0.0.0/0 reach port 22 or 3389", resource=acl_id,
                                        region=region))
    return findings


# --- 5.2, 5.3 security groups ----------------------------------------------------------


def sg_admin_ingress(group: dict[str, Any], source: str) -> list[str]:
    """The inbound rules of the group open to ``source`` (0.0.0.0/0 or ::/0) that carry an
    admin port (security group rules only allow: any such rule opens the port)."""
    ranges, key = ("IpRanges", "CidrIp") if source == IPV4_ANY else ("Ipv6Ranges", "CidrIpv6")
    found = []
    for permission in group.get("IpPermissions", []):
        if not any(entry.get(key) == source for entry in permission.get(ranges, [])):
            continue
        for port in ADMIN_PORTS:
            protocol = _carries(permission.get("IpProtocol"), permission.get("FromPort"),
                                permission.get("ToPort"), port)
            if protocol:
                found.append(_rule_text(protocol, permission.get("FromPort"),
                                        permission.get("ToPort")))
                break
    return list(dict.fromkeys(found))


def _group_ref(group: dict[str, Any]) -> str:
    return group.get("SecurityGroupArn") or group["GroupId"]


def _security_groups(snapshot: AccountSnapshot, control: str, source: str) -> list[Finding]:
    return _judge_security_groups(
        snapshot, control, lambda group: sg_admin_ingress(group, source),
        opens=f"allows ingress from {source} to an admin port",
        closed=f"no ingress from {source} to port 22 or 3389")


def _judge_security_groups(snapshot: AccountSnapshot, control: str,
                           open_rules_of: Callable[[dict[str, Any]], list[str]], *,
                           opens: str, closed: str) -> list[Finding]:
    """One finding per security group of every audited region: FAIL "<group> <opens>: <its
    open rules>" when ``open_rules_of`` finds any, PASS "<group>: <closed>" otherwise;
    NOT_APPLICABLE for a region without groups."""
    findings = []
    for region in snapshot.regions:
        groups = snapshot.get("ec2:DescribeSecurityGroups", region) or []
        if not groups:
            findings.append(Finding(control, Status.NOT_APPLICABLE,
                                    f"no security group in {region}", region=region))
        for group in groups:
            name = f"{group['GroupId']} ({group.get('GroupName', '?')})"
            open_rules = open_rules_of(group)
            if open_rules:
                findings.append(Finding(control, Status.FAIL,
                                        f"security group {name} in {region} {opens}: "
                                        f"{', '.join(open_rules)}",
                                        resource=_group_ref(group), region=region,
                                        evidence={"rules": open_rules}))
            else:
                findings.append(Finding(control, Status.PASS,
                                        f"security group {name} in {region}: {closed}",
                                        resource=_group_ref(group), region=region))
    return findings


@check("security-group-no-admin-port-ingress-ipv4")
def security_group_no_admin_port_ingress_ipv4(snapshot: AccountSnapshot) -> list[Finding]:
    return _security_groups(snapshot, "security-group-no-admin-port-ingress-ipv4", IPV4_ANY)


@check("security-group-no-admin-port-ingress-ipv6")
def security_group_no_admin_port_ingress_ipv6(snapshot: AccountSnapshot) -> list[Finding]:
    return _security_groups(snapshot, "security-group-no-admin-port-ingress-ipv6", IPV6_ANY)


# --- 5.4 default security groups -------------------------------------------------------


@check("default-security-group-restricts-all")
def default_security_group_restricts_all(snapshot: AccountSnapshot) -> list[Finding]:
    control = "default-security-group-restricts-all"
    findings = []
    for region in snapshot.regions:
        groups = [group for group in snapshot.get("ec2:DescribeSecurityGroups", region) or []
                  if group.get("GroupName") == "default" and group.get("VpcId")]
        if not groups:
            findings.append(Finding(control, Status.NOT_APPLICABLE, f"no VPC in {region}",
                                    region=region))
        for group in groups:
            name = f"default security group {group['GroupId']} of {group['VpcId']} in {region}"
            inbound = len(group.get("IpPermissions") or [])
            outbound = len(group.get("IpPermissionsEgress") or [])
            if inbound or outbound:
                findings.append(Finding(control, Status.FAIL,
                                        f"{name} has {inbound} inbound and {outbound} outbound "
                                        "rule(s)", resource=_group_ref(group), region=region,
                                        evidence={"inbound": inbound, "outbound": outbound}))
            else:
                findings.append(Finding(control, Status.PASS, f"{name} has no rules",
                                        resource=_group_ref(group), region=region))
    return findings


# --- 5.6 IMDSv2 ------------------------------------------------------------------------


@check("ec2-imdsv2-required")
def ec2_imdsv2_required(snapshot: AccountSnapshot) -> list[Finding]:
    control = "ec2-imdsv2-required"
    findings = []
    for region in snapshot.regions:
        instances = snapshot.get("ec2:DescribeInstances", region) or []
        for instance in instances:
            instance_id = instance["InstanceId"]
            options = instance.get("MetadataOptions") or {}
            tokens, state = options.get("HttpTokens", "absent"), options.get("State", "absent")
            evidence = {"HttpTokens": tokens, "State": state}
            if tokens == "required" and state == "applied":
                findings.append(Finding(control, Status.PASS,
                                        f"instance {instance_id} in {region} requires IMDSv2",
                                        resource=instance_id, region=region, evidence=evidence))
            else:
                findings.append(Finding(control, Status.FAIL,
                                        f"instance {instance_id} in {region}: IMDS HttpTokens "
                                        f"{tokens}, State {state} (IMDSv2 not required)",
                                        resource=instance_id, region=region, evidence=evidence))
        if instances:
            continue
        try:
            defaults = snapshot.get("ec2:GetInstanceMetadataDefaults", region) or {}
        except ReadFailed as failure:
            if not failure.emulator_gap:
                raise
            findings.append(Finding(control, Status.NOT_PROVABLE,
                                    f"no instance in {region}; the emulator does not implement "
                                    "ec2:GetInstanceMetadataDefaults, so the account default "
                                    "cannot be read", region=region,
                                    evidence={"api": failure.api, "error": failure.reason[:200]}))
            continue
        if defaults.get("HttpTokens") == "required":
            findings.append(Finding(control, Status.PASS,
                                    f"no instance in {region}; the account default makes new "
                                    "instances require IMDSv2", region=region,
                                    evidence={"AccountLevel": defaults}))
        else:
            findings.append(Finding(control, Status.NOT_APPLICABLE, f"no instance in {region}",
                                    region=region, evidence={"AccountLevel": defaults}))
    return findings


# --- CIS v4.0.1 1.18 IAM instance roles -------------------------------------------------


def _profiles_with_roles(snapshot: AccountSnapshot) -> dict[str, list[str]]:
    """Instance profile ARN and id -> the names of the roles it holds, from the roles'
    InstanceProfileList (GetAccountAuthorizationDetails): a profile no role lists holds none."""
    holding: dict[str, list[str]] = {}
    details = snapshot.get("iam:GetAccountAuthorizationDetails") or {}
    for role in details.get("RoleDetailList") or []:
        for profile in role.get("InstanceProfileList") or []:
            for key in (profile.get("Arn"), profile.get("InstanceProfileId")):
                if key:
                    holding.setdefault(key, []).append(role["RoleName"])
    return holding


@check("ec2-instances-use-instance-profiles")
def ec2_instances_use_instance_profiles(snapshot: AccountSnapshot) -> list[Finding]:
    """CIS v4.0.1 1.18: each instance (describe-instances IamInstanceProfile) has an instance
    profile attached that holds an IAM role (the console's "No roles attached to instance
    profile" fails). The procedure's secret scan of the instance is the reviewer's."""
    control = "ec2-instances-use-instance-profiles"
    findings = []
    holding: dict[str, list[str]] | None = None
    for region in snapshot.regions:
        instances = snapshot.get("ec2:DescribeInstances", region)
        if not instances:
            findings.append(Finding(control, Status.NOT_APPLICABLE, f"no instance in {region}",
                                    region=region))
            continue
        for instance in instances:
            instance_id = instance["InstanceId"]
            resource = f"arn:aws:ec2:{region}:{snapshot.account_id}:instance/{instance_id}"
            profile = instance.get("IamInstanceProfile") or {}
            arn = profile.get("Arn")
            if not arn:
                findings.append(Finding(control, Status.FAIL,
                                        f"instance {instance_id} in {region} has no IAM "
                                        "instance profile", resource=resource, region=region))
                continue
            if holding is None:
                holding = _profiles_with_roles(snapshot)
            roles = sorted(set(holding.get(arn, []) + holding.get(profile.get("Id", ""), [])))
            evidence = {"InstanceProfileArn": arn, "roles": roles}
            if roles:
                findings.append(Finding(control, Status.PASS,
                                        f"instance {instance_id} in {region} uses instance "
                                        f"profile {arn.rsplit('/', 1)[-1]} with role "
                                        f"{', '.join(roles)}", resource=resource,
                                        region=region, evidence=evidence))
            else:
                findings.append(Finding(control, Status.FAIL,
                                        f"instance {instance_id} in {region}: instance profile "
                                        f"{arn.rsplit('/', 1)[-1]} holds no IAM role",
                                        resource=resource, region=region, evidence=evidence))
    return findings


# --- CIS v5.0.0 5.1.2 CIFS (port 445) --------------------------------------------------

CIFS_PORT = 445


def sg_cifs_ingress(group: dict[str, Any]) -> list[str]:
    """The inbound rules of the group that let 0.0.0.0/0 or ::/0 reach port 445: any rule
    whose protocol is all traffic, TCP or UDP and whose port range includes 445 (445-445,
    139-445, 0-65535, or no range), each as "<rule> from <source>"."""
    found = []
    for permission in group.get("IpPermissions", []):
        protocol = _carries(permission.get("IpProtocol"), permission.get("FromPort"),
                            permission.get("ToPort"), CIFS_PORT)
        if not protocol:
            continue
        sources = [source for ranges, key, source in (("IpRanges", "CidrIp", IPV4_ANY),
                                                      ("Ipv6Ranges", "CidrIpv6", IPV6_ANY))
                   if any(entry.get(key) == source for entry in permission.get(ranges, []))]
        rule = _rule_text(protocol, permission.get("FromPort"), permission.get("ToPort"))
        found += [f"{rule} from {source}" for source in sources]
    return list(dict.fromkeys(found))


@check("security-group-cifs-restricted")
def security_group_cifs_restricted(snapshot: AccountSnapshot) -> list[Finding]:
    """CIS v5.0.0 5.1.2: no inbound rule gives 0.0.0.0/0 or ::/0 access on port 445. The
    console step asks for rules allowing unrestricted access on port 445; the CLI step's
    query (IpPermissions[?ToPort==`445`], IpRanges) is one instance of it: a range ending at
    445 is caught by both, and a range or all-traffic rule around 445 opens the port too."""
    return _judge_security_groups(
        snapshot, "security-group-cifs-restricted", sg_cifs_ingress,
        opens="allows CIFS (port 445) from anywhere",
        closed="no ingress from 0.0.0.0/0 or ::/0 to port 445")
