"""What a customer's account holds of the settings adoption touches, read back as JSON.

``customer_values(account, regions)`` reads, with boto3 through the account's own clients,
the settings harness/brownfield.py seeds (and the baseline adopts), so a test compares the
account before and after adoption (``CustomerAccount.before`` against a later read). Read
only: it writes nothing. The read helpers shared with the seeding (the default security
group, its rule count, Security Hub's hub) are here too.
"""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from governance.collect import plain
from harness.moto_sandbox import SandboxAccount


def _error_code(error: ClientError) -> str:
    return error.response.get("Error", {}).get("Code", "")


def _rule_count(permissions: list[dict[str, Any]]) -> int:
    return sum(len(p.get("IpRanges", [])) + len(p.get("Ipv6Ranges", []))
               + len(p.get("UserIdGroupPairs", [])) + len(p.get("PrefixListIds", []))
               for p in permissions)


def _default_group(ec2: Any, region: str) -> dict[str, Any]:
    vpcs = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"]
    if not vpcs:
        raise RuntimeError(f"no default VPC in {region}: nothing to seed its default group in")
    return ec2.describe_security_groups(Filters=[
        {"Name": "vpc-id", "Values": [vpcs[0]["VpcId"]]},
        {"Name": "group-name", "Values": ["default"]}])["SecurityGroups"][0]


def _absent(call: Any, *codes: str) -> Any:
    """``call()``, or None when AWS answers that the setting does not exist (``codes``)."""
    try:
        return call()
    except ClientError as error:
        if _error_code(error) in codes:
            return None
        raise


def _hub(account: Any, region: str) -> dict[str, Any] | None:
    return _absent(lambda: account.client("securityhub", region).describe_hub(),
                   "InvalidAccessException")


def _standards(account: Any, region: str) -> list[str] | None:
    """Enabled standards ARNs; None when unreadable (the harness answers them only where a
    test seeded them: EmulatorGap; or the hub is off)."""
    try:
        subscriptions = account.client("securityhub", region).get_enabled_standards()
    except ClientError:
        return None
    return sorted(s["StandardsArn"] for s in subscriptions["StandardsSubscriptions"])


def _region_values(account: Any, region: str) -> dict[str, Any]:
    config = account.client("config", region)
    statuses = {s["name"]: s for s in config.describe_configuration_recorder_status()[
        "ConfigurationRecordersStatus"]}
    recorders = [{"name": r["name"], "roleARN": r.get("roleARN"),
                  "recordingGroup": r.get("recordingGroup"),
                  "recording": statuses.get(r["name"], {}).get("recording", False)}
                 for r in config.describe_configuration_recorders()["ConfigurationRecorders"]]
    channels = [{"name": c["name"], "s3BucketName": c.get("s3BucketName"),
                 "deliveryFrequency": c.get("configSnapshotDeliveryProperties", {}).get(
                     "deliveryFrequency")}
                for c in config.describe_delivery_channels()["DeliveryChannels"]]
    guardduty = account.client("guardduty", region)
    detectors = []
    for detector_id in sorted(guardduty.list_detectors()["DetectorIds"]):
        detector = guardduty.get_detector(DetectorId=detector_id)
        administrator = guardduty.get_administrator_account(DetectorId=detector_id)
        detectors.append({"id": detector_id, "status": detector.get("Status"),
                          "findingPublishingFrequency": detector.get("FindingPublishingFrequency"),
                          "administrator": administrator.get("Administrator", {}).get("AccountId")})
    hub = _hub(account, region)
    ec2 = account.client("ec2", region)
    group = _default_group(ec2, region)
    return {
        "config": {"recorders": recorders, "delivery_channels": channels},
        "guardduty": {"detectors": detectors},
        "securityhub": {"enabled": hub is not None, "hub_arn": (hub or {}).get("HubArn"),
                        "standards": _standards(account, region) if hub is not None else []},
        "ebs_encryption_by_default": ec2.get_ebs_encryption_by_default()[
            "EbsEncryptionByDefault"],
        "imds_defaults": ec2.get_instance_metadata_defaults().get("AccountLevel", {}),
        "default_security_group": {"group_id": group["GroupId"],
                                   "ingress_rules": _rule_count(group["IpPermissions"]),
                                   "egress_rules": _rule_count(group["IpPermissionsEgress"])},
    }


def _trails(account: Any, region: str) -> list[dict[str, Any]]:
    cloudtrail = account.client("cloudtrail", region)
    trails = []
    for trail in cloudtrail.describe_trails(includeShadowTrails=False)["trailList"]:
        status = cloudtrail.get_trail_status(Name=trail["TrailARN"])
        trails.append({"name": trail["Name"], "arn": trail["TrailARN"],
                       "home_region": trail.get("HomeRegion"),
                       "s3_bucket": trail.get("S3BucketName"),
                       "kms_key_id": trail.get("KmsKeyId"),
                       "log_file_validation": trail.get("LogFileValidationEnabled", False),
                       "multi_region": trail.get("IsMultiRegionTrail", False),
                       "logging": status.get("IsLogging", False)})
    return sorted(trails, key=lambda t: (t["name"], t["arn"]))


def _groups(iam: Any) -> dict[str, Any]:
    groups = {}
    for group in iam.list_groups()["Groups"]:
        name = group["GroupName"]
        groups[name] = {
            "members": sorted(u["UserName"] for u in iam.get_group(GroupName=name)["Users"]),
            "inline_policies": sorted(iam.list_group_policies(GroupName=name)["PolicyNames"]),
            "attached_policies": sorted(p["PolicyArn"] for p in iam.list_attached_group_policies(
                GroupName=name)["AttachedPolicies"])}
    return groups


def customer_values(account: SandboxAccount, regions: list[str]) -> dict[str, Any]:
    """The settings adoption touches, read back with boto3, as plain JSON: per region
    (``regions``) Config recorders (name, role, recording group, recording) and delivery
    channels (name, bucket, frequency), GuardDuty detectors (id, status, frequency,
    administrator), Security Hub (enabled, hub ARN, standards ARNs or None where
    unreadable), EBS encryption by default, IMDS defaults, the default VPC's default
    security group (id and rule counts); globally the password policy, the account's S3
    Block Public Access, the aliases, the trails (name, ARN, home region, bucket, KMS key,
    validation, multi-region, logging; as ``regions[0]`` lists them), users and groups.
    A setting that is not there reads None (no password policy, no public access block)."""
    iam = account.client("iam")
    values = {
        "account_id": account.account_id,
        "regions": {region: _region_values(account, region) for region in dict.fromkeys(regions)},
        "global": {
            "password_policy": (_absent(iam.get_account_password_policy, "NoSuchEntity")
                                or {}).get("PasswordPolicy"),
            "public_access_block": (_absent(
                lambda: account.client("s3control").get_public_access_block(
                    AccountId=account.account_id),
                "NoSuchPublicAccessBlockConfiguration") or {}).get(
                "PublicAccessBlockConfiguration"),
            "account_aliases": iam.list_account_aliases()["AccountAliases"],
            "trails": _trails(account, regions[0]),
            "users": sorted(u["UserName"] for u in iam.list_users()["Users"]),
            "groups": _groups(iam),
        },
    }
    return plain(values)
