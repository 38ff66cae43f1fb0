"""Hand-built snapshots for the storage and networking checks (CIS v3.0 sections 2 and 5):
an account on which every one of those controls passes, with a resource of each kind in
us-east-1 and eu-west-1, then one change at a time."""

from __future__ import annotations

import copy
import json
from typing import Any

from governance.model import AccountSnapshot
from tests.unit.snapshots import ACCOUNT_ID

HOME, OTHER = "us-east-1", "eu-west-1"
BUCKET, EU_BUCKET = "example-data", "example-data-eu"
DB = "orders"
DB_ARN = f"arn:aws:rds:{HOME}:{ACCOUNT_ID}:db:{DB}"
FS = "fs-0123abcd"
SG, ACL, INSTANCE = "sg-0app", "acl-0app", "i-0123456789abcdef0"


def tls_policy(bucket: str, **changes: Any) -> str:
    """A bucket policy whose only statement is CIS 2.1.1's pattern (with ``changes``)."""
    statement = {"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*",
                 "Action": "s3:*", "Resource": [f"arn:aws:s3:::{bucket}",
                                                f"arn:aws:s3:::{bucket}/*"],
                 "Condition": {"Bool": {"aws:SecureTransport": "false"}}, **changes}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def db_instance(name: str = DB, region: str = HOME, **changes: Any) -> dict[str, Any]:
    return {"DBInstanceIdentifier": name,
            "DBInstanceArn": f"arn:aws:rds:{region}:{ACCOUNT_ID}:db:{name}",
            "Engine": "postgres", "DBInstanceStatus": "available", "StorageEncrypted": True,
            "AutoMinorVersionUpgrade": True, "PubliclyAccessible": False, **changes}


def file_system(fs_id: str = FS, region: str = HOME, **changes: Any) -> dict[str, Any]:
    return {"FileSystemId": fs_id,
            "FileSystemArn": f"arn:aws:elasticfilesystem:{region}:{ACCOUNT_ID}:file-system/{fs_id}",
            "LifeCycleState": "available", "Encrypted": True, **changes}


def ingress(protocol: str, low: int | None = None, high: int | None = None, *,
            ipv4: str | None = None, ipv6: str | None = None) -> dict[str, Any]:
    rule: dict[str, Any] = {"IpProtocol": protocol, "IpRanges": [], "Ipv6Ranges": [],
                            "UserIdGroupPairs": [], "PrefixListIds": []}
    if low is not None:
        rule.update(FromPort=low, ToPort=high if high is not None else low)
    if ipv4:
        rule["IpRanges"] = [{"CidrIp": ipv4}]
    if ipv6:
        rule["Ipv6Ranges"] = [{"CidrIpv6": ipv6}]
    return rule


def security_group(group_id: str, vpc: str, name: str, region: str = HOME, *,
                   inbound: list[dict[str, Any]] | None = None,
                   outbound: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"GroupId": group_id, "GroupName": name, "VpcId": vpc,
            "SecurityGroupArn": f"arn:aws:ec2:{region}:{ACCOUNT_ID}:security-group/{group_id}",
            "IpPermissions": inbound or [], "IpPermissionsEgress": outbound or []}


def nacl_entry(number: int, action: str, protocol: str = "-1", ports: tuple[int, int] | None = None,
               *, cidr: str = "0.0.0.0/0", egress: bool = False) -> dict[str, Any]:
    entry: dict[str, Any] = {"RuleNumber": number, "RuleAction": action, "Protocol": protocol,
                             "CidrBlock": cidr, "Egress": egress}
    if ports:
        entry["PortRange"] = {"From": ports[0], "To": ports[1]}
    return entry


def network_acl(acl_id: str, vpc: str, entries: list[dict[str, Any]]) -> dict[str, Any]:
    return {"NetworkAclId": acl_id, "VpcId": vpc, "IsDefault": False, "Entries": entries}


# An ACL that serves HTTPS to the internet and keeps SSH/RDP to the corporate range.
WEB_ACL_ENTRIES = [
    nacl_entry(100, "allow", "6", (443, 443)),
    nacl_entry(110, "allow", "6", (22, 22), cidr="10.0.0.0/8"),
    nacl_entry(120, "allow", "6", (1024, 3388)),  # return traffic, around RDP
    nacl_entry(130, "allow", "6", (3390, 65535)),
    nacl_entry(32767, "deny"),
    nacl_entry(100, "allow", egress=True),
    nacl_entry(32767, "deny", egress=True),
]


PROFILE, PROFILE_ID, PROFILE_ROLE = "app-instance", "AIPAEXAMPLEPROFILE01", "app-instance-role"
PROFILE_ARN = f"arn:aws:iam::{ACCOUNT_ID}:instance-profile/{PROFILE}"


def profile_id(arn: str) -> str:
    """The InstanceProfileId IAM gives the profile ``arn`` (one per profile)."""
    return PROFILE_ID if arn == PROFILE_ARN else "AIPA" + arn.rsplit("/", 1)[-1].upper()


def instance(instance_id: str = INSTANCE, tokens: str = "required", state: str = "applied",
             run_state: str = "running",
             profile: str | None = PROFILE_ARN) -> dict[str, Any]:
    found: dict[str, Any] = {
        "InstanceId": instance_id, "State": {"Name": run_state},
        "MetadataOptions": {"State": state, "HttpTokens": tokens, "HttpEndpoint": "enabled",
                            "HttpPutResponseHopLimit": 2}}
    if profile:
        found["IamInstanceProfile"] = {"Arn": profile, "Id": profile_id(profile)}
    return found


def role_with_profiles(name: str = PROFILE_ROLE, *profiles: str) -> dict[str, Any]:
    """A RoleDetailList entry of GetAccountAuthorizationDetails holding ``profiles`` (ARNs)."""
    return {"RoleName": name, "Arn": f"arn:aws:iam::{ACCOUNT_ID}:role/{name}",
            "InstanceProfileList": [
                {"InstanceProfileName": arn.rsplit("/", 1)[-1], "Arn": arn,
                 "InstanceProfileId": profile_id(arn),
                 "Roles": [{"RoleName": name}]} for arn in profiles or (PROFILE_ARN,)]}


def authorization_details(*roles: dict[str, Any]) -> dict[str, list[Any]]:
    return {"UserDetailList": [], "GroupDetailList": [], "Policies": [],
            "RoleDetailList": list(roles)}


def compliant() -> AccountSnapshot:
    snapshot = AccountSnapshot(account_id=ACCOUNT_ID,
                               caller_arn=f"arn:aws:sts::{ACCOUNT_ID}:assumed-role/audit/me",
                               collected_at="2026-11-28T00:00:00+00:00", regions=[HOME, OTHER])
    snapshot.record("s3:ListBuckets", [{"Name": BUCKET}, {"Name": EU_BUCKET}])
    snapshot.record("s3:GetBucketLocation", {BUCKET: HOME, EU_BUCKET: OTHER})
    snapshot.record("s3:GetBucketPolicy", {BUCKET: tls_policy(BUCKET),
                                           EU_BUCKET: tls_policy(EU_BUCKET)})
    snapshot.record("s3:GetBucketVersioning", {
        BUCKET: {"Status": "Enabled", "MFADelete": "Enabled"},
        EU_BUCKET: {"Status": "Enabled", "MFADelete": "Enabled"}})
    for region in (HOME, OTHER):
        vpc = f"vpc-{region[:2]}0001"
        reads: dict[str, Any] = {
            "rds:DescribeDBInstances": [db_instance(region=region)],
            "efs:DescribeFileSystems": [file_system(region=region)],
            "ec2:DescribeSecurityGroups": [
                security_group(f"sg-{region[:2]}default", vpc, "default", region),
                security_group(SG, vpc, "web", region, inbound=[
                    ingress("tcp", 443, ipv4="0.0.0.0/0", ipv6="::/0"),
                    ingress("tcp", 22, ipv4="10.0.0.0/8"),
                    ingress("-1", ipv4="10.1.0.0/16")],
                    outbound=[ingress("-1", ipv4="0.0.0.0/0")])],
            "ec2:DescribeNetworkAcls": [network_acl(ACL, vpc, copy.deepcopy(WEB_ACL_ENTRIES))],
            "ec2:DescribeInstances": [instance()] if region == HOME else [],
        }
        for api, data in reads.items():
            snapshot.record(api, data, region=region)
    snapshot.record("ec2:GetInstanceMetadataDefaults", {"HttpTokens": "required"}, region=OTHER)
    snapshot.record("iam:GetAccountAuthorizationDetails",
                    authorization_details(role_with_profiles()))
    return snapshot
