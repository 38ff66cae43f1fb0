"""Regional guardrails: EBS default encryption, GuardDuty, IAM Access Analyzer, Security
Hub and its standards, IAM Identity Center instances, permission sets and their assignments
in the audited account (``sso-admin:ListAccountAssignments``: ``{permission set ARN:
[{PrincipalType, PrincipalId}]}``, shown in the evidence document)."""

from __future__ import annotations

from typing import Any

from governance.collectors import regional_reader


@regional_reader
def read_guardrails(collector: Any, snapshot: Any, region: str) -> None:
    ec2 = collector.client("ec2", region)
    collector.read(snapshot, "ec2:GetEbsEncryptionByDefault",
                   lambda: ec2.get_ebs_encryption_by_default()["EbsEncryptionByDefault"],
                   region=region)
    collector.read(snapshot, "guardduty:ListDetectors", lambda: detectors(collector, region),
                   region=region)
    collector.read(snapshot, "access-analyzer:ListAnalyzers",
                   lambda: collector.paginate("accessanalyzer", "list_analyzers", "analyzers",
                                              region),
                   region=region)
    securityhub = collector.client("securityhub", region)
    hub = collector.read(snapshot, "securityhub:DescribeHub", securityhub.describe_hub,
                         region=region, absent={"InvalidAccessException"})
    if hub is None and not _failed(snapshot, "securityhub:DescribeHub", region):
        # Security Hub is off: no standards can be enabled (the API answers the same error).
        snapshot.record("securityhub:GetEnabledStandards", None, region=region)
    else:
        collector.read(snapshot, "securityhub:GetEnabledStandards",
                       lambda: collector.paginate("securityhub", "get_enabled_standards",
                                                  "StandardsSubscriptions", region),
                       region=region, absent={"InvalidAccessException"})
    instances = collector.read(
        snapshot, "sso-admin:ListInstances",
        lambda: collector.paginate("sso-admin", "list_instances", "Instances", region),
        region=region)
    if _failed(snapshot, "sso-admin:ListInstances", region):
        snapshot.record("sso-admin:DescribePermissionSet", region=region,
                        error="not read: sso-admin:ListInstances failed")
    else:
        collector.read(snapshot, "sso-admin:DescribePermissionSet",
                       lambda: permission_sets(collector, instances or [], region),
                       region=region)
    sets = snapshot.reads.get(snapshot.key("sso-admin:DescribePermissionSet", region))
    if sets is None or sets.error is not None:
        snapshot.record("sso-admin:ListAccountAssignments", region=region,
                        error="not read: sso-admin:DescribePermissionSet failed")
    else:
        collector.read(snapshot, "sso-admin:ListAccountAssignments",
                       lambda: account_assignments(collector, snapshot.account_id,
                                                   sets.data or [], region),
                       region=region)


def _failed(snapshot: Any, api: str, region: str) -> bool:
    read = snapshot.reads.get(snapshot.key(api, region))
    return read is None or read.error is not None


def detectors(collector: Any, region: str) -> list[dict[str, Any]]:
    guardduty = collector.client("guardduty", region)
    found = []
    for detector_id in collector.paginate("guardduty", "list_detectors", "DetectorIds", region):
        detector = guardduty.get_detector(DetectorId=detector_id)
        found.append({"DetectorId": detector_id, "Status": detector.get("Status"),
                      "FindingPublishingFrequency": detector.get("FindingPublishingFrequency")})
    return found


def permission_sets(collector: Any, instances: list[dict[str, Any]],
                    region: str) -> list[dict[str, Any]]:
    """Every permission set of every Identity Center instance visible in the region."""
    sso = collector.client("sso-admin", region)
    found = []
    for instance in instances:
        arn = instance["InstanceArn"]
        for ps_arn in collector.paginate("sso-admin", "list_permission_sets", "PermissionSets",
                                         region, InstanceArn=arn):
            described = sso.describe_permission_set(InstanceArn=arn, PermissionSetArn=ps_arn)
            found.append({**described["PermissionSet"], "InstanceArn": arn})
    return found


def account_assignments(collector: Any, account_id: str, permission_sets: list[dict[str, Any]],
                        region: str) -> dict[str, list[dict[str, Any]]]:
    """Who is assigned each permission set in the audited account: ``{permission set ARN:
    [{PrincipalType, PrincipalId}]}`` (principal ids only; names live in the identity
    store, which the collector does not read)."""
    found: dict[str, list[dict[str, Any]]] = {}
    for permission_set in permission_sets:
        arn = permission_set["PermissionSetArn"]
        assignments = collector.paginate(
            "sso-admin", "list_account_assignments", "AccountAssignments", region,
            InstanceArn=permission_set["InstanceArn"], AccountId=account_id,
            PermissionSetArn=arn)
        found[arn] = [{"PrincipalType": a.get("PrincipalType"),
                       "PrincipalId": a.get("PrincipalId")} for a in assignments]
    return found
