"""Checks of account and regional guardrails: S3 account public access block, EBS default
encryption, IAM Access Analyzer, GuardDuty and Security Hub with its standards."""

from __future__ import annotations

from governance.checks import check
from governance.model import AccountSnapshot, Finding, ReadFailed, Status

PUBLIC_ACCESS_BLOCK_FLAGS = ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy",
                             "RestrictPublicBuckets")
# Standards ARN parts (arn:aws:securityhub:<region>::standards/<part>) that must be on.
REQUIRED_STANDARDS = {
    "cis-aws-foundations-benchmark/v/3.0.0": "CIS AWS Foundations v3.0.0",
    "aws-foundational-security-best-practices/v/1.0.0": "AWS Foundational Security Best Practices",
}
LIVE_STANDARD_STATUSES = {"READY", "PENDING", "INCOMPLETE"}


@check("s3-account-public-access-block")
def s3_account_public_access_block(snapshot: AccountSnapshot) -> list[Finding]:
    control = "s3-account-public-access-block"
    config = snapshot.get("s3control:GetPublicAccessBlock")
    if config is None:
        return [Finding(control, Status.FAIL,
                        "no account-level S3 public access block is configured")]
    off = [flag for flag in PUBLIC_ACCESS_BLOCK_FLAGS if not config.get(flag)]
    if off:
        return [Finding(control, Status.FAIL, "account-level S3 public access block has "
                        f"{', '.join(off)} off", evidence={"public_access_block": config})]
    return [Finding(control, Status.PASS, "account-level S3 public access block has all four "
                    "settings on", evidence={"public_access_block": config})]


@check("s3-public-access-blocked")
def s3_public_access_blocked(snapshot: AccountSnapshot) -> list[Finding]:
    """CIS 2.1.4 as its procedure reads: the account-level block with all four settings on
    covers every bucket; otherwise each bucket's own block must have all four on."""
    control = "s3-public-access-blocked"
    account_block = snapshot.get("s3control:GetPublicAccessBlock") or {}
    if all(account_block.get(flag) for flag in PUBLIC_ACCESS_BLOCK_FLAGS):
        return [Finding(control, Status.PASS, "the account-level S3 public access block has all "
                        "four settings on, for every bucket",
                        evidence={"account_public_access_block": account_block})]
    account_off = [flag for flag in PUBLIC_ACCESS_BLOCK_FLAGS if not account_block.get(flag)]
    buckets = snapshot.get("s3:ListBuckets") or []
    blocks = snapshot.get("s3:GetPublicAccessBlock") or {}
    if not buckets:
        return [Finding(control, Status.NOT_APPLICABLE, "no bucket (and the account-level block "
                        f"has {', '.join(account_off)} off)")]
    findings = []
    for bucket in sorted(b["Name"] for b in buckets):
        if bucket not in blocks:
            raise ReadFailed("s3:GetPublicAccessBlock", f"bucket {bucket} was not read")
        off = [flag for flag in PUBLIC_ACCESS_BLOCK_FLAGS if not (blocks[bucket] or {}).get(flag)]
        arn = f"arn:aws:s3:::{bucket}"
        if off:
            findings.append(Finding(control, Status.FAIL, f"bucket {bucket}: public access block "
                                    f"has {', '.join(off)} off, and the account-level block has "
                                    f"{', '.join(account_off)} off", resource=arn,
                                    evidence={"bucket_block": blocks[bucket]}))
        else:
            findings.append(Finding(control, Status.PASS, f"bucket {bucket}: its own public "
                                    "access block has all four settings on", resource=arn,
                                    evidence={"bucket_block": blocks[bucket]}))
    return findings


@check("ebs-default-encryption")
def ebs_default_encryption(snapshot: AccountSnapshot) -> list[Finding]:
    control = "ebs-default-encryption"
    findings = []
    for region in snapshot.regions:
        enabled = snapshot.get("ec2:GetEbsEncryptionByDefault", region)
        findings.append(Finding(
            control, Status.PASS if enabled else Status.FAIL,
            f"EBS encryption by default is {'on' if enabled else 'off'} in {region}",
            region=region, evidence={"EbsEncryptionByDefault": enabled}))
    return findings


@check("access-analyzer-enabled")
def access_analyzer_enabled(snapshot: AccountSnapshot) -> list[Finding]:
    control = "access-analyzer-enabled"
    findings = []
    for region in snapshot.regions:
        analyzers = snapshot.get("access-analyzer:ListAnalyzers", region) or []
        # CIS 1.20: at least one analyzer ACTIVE in each region, whatever its type.
        active = sorted(a.get("name", "?") for a in analyzers if a.get("status") == "ACTIVE")
        evidence = {"analyzers": [{k: a.get(k) for k in ("name", "type", "status")}
                                  for a in analyzers[:20]]}
        if active:
            findings.append(Finding(control, Status.PASS, f"active IAM Access Analyzer(s) "
                                    f"in {region}: {', '.join(active)}", region=region,
                                    evidence=evidence))
        else:
            findings.append(Finding(control, Status.FAIL, "no ACTIVE "
                                    f"IAM Access Analyzer in {region}", region=region,
                                    evidence=evidence))
    return findings


# IAM Access Analyzer's external access analyzers (console: Access analyzer > External
# access); the *_UNUSED_ACCESS and *_INTERNAL_ACCESS analyzers find other things.
EXTERNAL_ACCESS_TYPES = ("ACCOUNT", "ORGANIZATION")


@check("access-analyzer-external-access")
def access_analyzer_external_access(snapshot: AccountSnapshot) -> list[Finding]:
    """CIS v5.0.0 1.19: ``list-analyzers --type ACCOUNT|ORGANIZATION``: at least one ACTIVE
    external access analyzer in each region (an unused-access analyzer does not count)."""
    control = "access-analyzer-external-access"
    findings = []
    for region in snapshot.regions:
        analyzers = snapshot.get("access-analyzer:ListAnalyzers", region) or []
        active = sorted(a.get("name", "?") for a in analyzers
                        if a.get("status") == "ACTIVE" and a.get("type") in EXTERNAL_ACCESS_TYPES)
        evidence = {"analyzers": [{k: a.get(k) for k in ("name", "type", "status")}
                                  for a in analyzers[:20]]}
        if active:
            findings.append(Finding(control, Status.PASS, f"active external access analyzer(s) "
                                    f"in {region}: {', '.join(active)}", region=region,
                                    evidence=evidence))
            continue
        others = sorted(f"{a.get('name', '?')} ({a.get('type')}, {a.get('status')})"
                        for a in analyzers)
        findings.append(Finding(control, Status.FAIL, "no ACTIVE external access analyzer "
                                f"(ACCOUNT or ORGANIZATION) in {region}"
                                + (f"; other analyzers: {', '.join(others[:5])}" if others else ""),
                                region=region, evidence=evidence))
    return findings


@check("guardduty-enabled")
def guardduty_enabled(snapshot: AccountSnapshot) -> list[Finding]:
    control = "guardduty-enabled"
    findings = []
    for region in snapshot.regions:
        detectors = snapshot.get("guardduty:ListDetectors", region) or []
        enabled = [d["DetectorId"] for d in detectors if d.get("Status") == "ENABLED"]
        evidence = {"detectors": detectors[:10]}
        if enabled:
            findings.append(Finding(control, Status.PASS, f"GuardDuty detector {enabled[0]} is "
                                    f"enabled in {region}", region=region, evidence=evidence))
        elif detectors:
            findings.append(Finding(control, Status.FAIL, f"GuardDuty detector(s) in {region} "
                                    "are suspended (Status DISABLED)", region=region,
                                    evidence=evidence))
        else:
            findings.append(Finding(control, Status.FAIL, f"GuardDuty has no detector in {region}",
                                    region=region, evidence=evidence))
    return findings


@check("securityhub-enabled")
def securityhub_enabled(snapshot: AccountSnapshot) -> list[Finding]:
    """CIS 4.16: Security Hub is set up in each region (DescribeHub answers)."""
    control = "securityhub-enabled"
    findings = []
    for region in snapshot.regions:
        hub = snapshot.get("securityhub:DescribeHub", region)
        if hub is None:
            findings.append(Finding(control, Status.FAIL, f"Security Hub is not enabled in "
                                    f"{region}", region=region))
        else:
            findings.append(Finding(control, Status.PASS, f"Security Hub is enabled in {region}",
                                    region=region, evidence={"hub": hub.get("HubArn")}))
    return findings


@check("securityhub-enabled-with-standards")
def securityhub_enabled_with_standards(snapshot: AccountSnapshot) -> list[Finding]:
    control = "securityhub-enabled-with-standards"
    findings = []
    for region in snapshot.regions:
        hub = snapshot.get("securityhub:DescribeHub", region)
        subscriptions = snapshot.get("securityhub:GetEnabledStandards", region) or []
        if hub is None:
            findings.append(Finding(control, Status.FAIL, f"Security Hub is not enabled in "
                                    f"{region}", region=region))
            continue
        live = {str(s.get("StandardsArn", "")) for s in subscriptions
                if s.get("StandardsStatus") in LIVE_STANDARD_STATUSES}
        missing = [title for part, title in REQUIRED_STANDARDS.items()
                   if not any(arn.endswith("standards/" + part) for arn in live)]
        evidence = {"hub": hub.get("HubArn"), "enabled_standards": sorted(live)}
        if missing:
            findings.append(Finding(control, Status.FAIL, f"Security Hub in {region} is not "
                                    f"subscribed to {', '.join(missing)}", region=region,
                                    evidence=evidence))
        else:
            findings.append(Finding(control, Status.PASS, f"Security Hub is on in {region} with "
                                    "CIS v3.0.0 and FSBP standards", region=region,
                                    evidence=evidence))
    return findings
