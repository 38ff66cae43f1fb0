"""Checks of CIS v3.0 section 3 (logging) and the ACCT-001 trail bucket: CloudTrail, its
bucket, AWS Config, KMS key rotation and VPC flow logs."""

from __future__ import annotations

from typing import Any

from governance.catalog.samples import config_managed_rules
from governance.checks import check
from governance.checks.trails import (
    READ,
    WRITE,
    as_list,
    bucket_read,
    delivery_problem,
    home_read,
    log_group,
    logging_multi_region,
    policy_document,
    s3_data_coverage,
    selectors,
    trails,
)
from governance.collectors.kms import rotation_applies
from governance.model import AccountSnapshot, Finding, ReadFailed, Status

LIMIT = 10
NO_TRAIL = "no CloudTrail trail in the audited regions"
# Condition keys that pin an Allow for Principal "*" to this account, organization or network.
NON_PUBLIC_CONDITION_KEYS = {
    "aws:sourcearn", "aws:sourceaccount", "aws:sourceowner", "aws:principalorgid",
    "aws:principalaccount", "aws:principalarn", "aws:sourcevpc", "aws:sourcevpce",
}


def _names(items: list[str]) -> str:
    return ", ".join(items[:LIMIT]) + (f" (+{len(items) - LIMIT} more)" if len(items) > LIMIT else "")


def _no_trail(control: str) -> list[Finding]:
    return [Finding(control, Status.FAIL, NO_TRAIL, evidence={"trails": []})]


def _every_trail(control: str, snapshot: AccountSnapshot, problem: Any, ok: str,
                 what: str) -> list[Finding]:
    """One finding per trail (its ARN and home region): FAIL with ``problem(trail)``'s reason,
    else PASS. Per trail, so an exception can name one kept trail without covering the
    others (a waiver of the account-wide finding would hide a later failure of any trail)."""
    found = trails(snapshot)
    if not found:
        return _no_trail(control)
    findings = []
    for trail in found:
        reason = problem(trail)
        name = trail["Name"]
        findings.append(Finding(
            control, Status.FAIL if reason else Status.PASS,
            f"{what}: {name} ({reason})" if reason else f"trail {name}: {ok}",
            resource=trail.get("TrailARN", name), region=trail.get("HomeRegion") or "global",
            evidence={"trail": name}))
    return findings


@check("cloudtrail-multi-region-logging")
def multi_region_logging(snapshot: AccountSnapshot) -> list[Finding]:
    control = "cloudtrail-multi-region-logging"
    found = trails(snapshot)
    if not found:
        return _no_trail(control)
    problems = {trail["Name"]: logging_multi_region(snapshot, trail) for trail in found}
    good = sorted(name for name, reasons in problems.items() if not reasons)
    if good:
        return [Finding(control, Status.PASS,
                        f"multi-region trail logging read and write management events: "
                        f"{_names(good)}", evidence={"trails": good})]
    detail = "; ".join(f"{name}: {', '.join(reasons)}" for name, reasons in sorted(problems.items()))
    return [Finding(control, Status.FAIL,
                    f"no multi-region trail logs read and write management events ({detail})",
                    evidence={"problems": problems})]


@check("cloudtrail-log-file-validation")
def log_file_validation(snapshot: AccountSnapshot) -> list[Finding]:
    return _every_trail("cloudtrail-log-file-validation", snapshot,
                        lambda t: None if t.get("LogFileValidationEnabled") else "validation off",
                        "log file validation on", "trails without log file validation")


@check("cloudtrail-kms-encryption")
def kms_encryption(snapshot: AccountSnapshot) -> list[Finding]:
    return _every_trail("cloudtrail-kms-encryption", snapshot,
                        lambda t: None if t.get("KmsKeyId") else "no KMS key (SSE-S3 only)",
                        "log files encrypted with a KMS key", "trails not encrypted with KMS")


@check("cloudtrail-cloudwatch-logs-integration")
def cloudwatch_logs_integration(snapshot: AccountSnapshot) -> list[Finding]:
    def problem(trail: dict[str, Any]) -> str | None:
        group = log_group(trail)
        if group is None:
            return "no CloudWatch Logs log group"
        if home_read(snapshot, "logs:DescribeLogGroups", trail, group[1]) is None:
            return f"log group {group[1]} does not exist"
        return delivery_problem(snapshot, trail)

    return _every_trail("cloudtrail-cloudwatch-logs-integration", snapshot, problem,
                        "delivering to an existing CloudWatch Logs group",
                        "trails not delivering to CloudWatch Logs")


def _bucket_exists(snapshot: AccountSnapshot, trail: dict[str, Any]) -> bool:
    return bucket_read(snapshot, "s3:GetBucketVersioning", trail) is not None


@check("cloudtrail-bucket-access-logging")
def bucket_access_logging(snapshot: AccountSnapshot) -> list[Finding]:
    def problem(trail: dict[str, Any]) -> str | None:
        bucket = trail["S3BucketName"]
        logging = bucket_read(snapshot, "s3:GetBucketLogging", trail)
        if logging is None:
            return f"bucket {bucket} does not exist"
        return None if logging.get("LoggingEnabled") else f"bucket {bucket} has no server access logging"

    return _every_trail("cloudtrail-bucket-access-logging", snapshot, problem,
                        "trail buckets have server access logging",
                        "trail buckets without access logging")


def bucket_protection_gaps(snapshot: AccountSnapshot, trail: dict[str, Any]) -> list[str]:
    """The protections the trail's bucket lacks ([] = dedicated and protected)."""
    if not _bucket_exists(snapshot, trail):
        return ["bucket does not exist"]
    gaps = []
    if (bucket_read(snapshot, "s3:GetBucketVersioning", trail) or {}).get("Status") != "Enabled":
        gaps.append("versioning off")
    block = bucket_read(snapshot, "s3:GetPublicAccessBlock", trail) or {}
    missing = [key for key in ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy",
                               "RestrictPublicBuckets") if not block.get(key)]
    if missing:
        gaps.append(f"public access block missing {', '.join(missing)}")
    document = policy_document(bucket_read(snapshot, "s3:GetBucketPolicy", trail))
    statements = as_list(document.get("Statement"))
    if not any(_denies_insecure_transport(statement) for statement in statements):
        gaps.append("no bucket policy statement denies aws:SecureTransport false")
    public = [statement.get("Sid", "(no Sid)") for statement in statements
              if _grants_public(statement)]
    if public:
        gaps.append(f"policy grants public access ({', '.join(public)})")
    rules = (bucket_read(snapshot, "s3:GetBucketOwnershipControls", trail) or {}).get("Rules", [])
    if not any(rule.get("ObjectOwnership") == "BucketOwnerEnforced" for rule in rules):
        gaps.append("object ownership not BucketOwnerEnforced (ACLs enabled)")
    return gaps


def _everyone(principal: Any) -> bool:
    if principal == "*":
        return True
    return isinstance(principal, dict) and "*" in as_list(principal.get("AWS"))


def _denies_insecure_transport(statement: dict[str, Any]) -> bool:
    if statement.get("Effect") != "Deny" or not _everyone(statement.get("Principal")):
        return False
    if not {"s3:*", "*"} & set(as_list(statement.get("Action"))):
        return False
    for operator, conditions in (statement.get("Condition") or {}).items():
        if operator.lower() not in {"bool", "boolifexists"}:
            continue
        for key, value in conditions.items():
            if key.lower() == "aws:securetransport" and \
                    [str(v).lower() for v in as_list(value)] == ["false"]:
                return True
    return False


def _grants_public(statement: dict[str, Any]) -> bool:
    if statement.get("Effect") != "Allow" or not _everyone(statement.get("Principal")):
        return False
    keys = {key.lower() for conditions in (statement.get("Condition") or {}).values()
            for key in conditions}
    return not keys & NON_PUBLIC_CONDITION_KEYS


def _partition(trail: dict[str, Any]) -> str:
    parts = str(trail.get("TrailARN", "")).split(":")
    return parts[1] if len(parts) > 1 and parts[1] else "aws"


@check("cloudtrail-bucket-protected")
def bucket_protected(snapshot: AccountSnapshot) -> list[Finding]:
    control = "cloudtrail-bucket-protected"
    found = trails(snapshot)
    if not found:
        return _no_trail(control)
    findings = []
    for bucket, trail in sorted({t["S3BucketName"]: t for t in found}.items()):
        gaps = bucket_protection_gaps(snapshot, trail)
        users = sorted(t["Name"] for t in found if t["S3BucketName"] == bucket)
        findings.append(Finding(
            control, Status.FAIL if gaps else Status.PASS,
            f"trail bucket {bucket} not protected: {'; '.join(gaps)}" if gaps else
            f"trail bucket {bucket}: versioned, public access blocked, TLS-only policy "
            "without public grants, ACLs disabled", resource=f"arn:{_partition(trail)}:s3:::{bucket}",
            region=trail.get("HomeRegion") or "global", evidence={"gaps": gaps, "trails": users}))
    return findings


def _s3_data_events(snapshot: AccountSnapshot, control: str, kind: str) -> list[Finding]:
    found = trails(snapshot)
    if not found:
        return _no_trail(control)
    covering, others = [], []
    for trail in found:
        problems = logging_multi_region(snapshot, trail)
        problems = [p for p in problems if p in ("not multi-region", "not logging")]
        covered = s3_data_coverage(selectors(snapshot, trail))
        if kind not in covered:
            problems.append(f"no S3 object-level {kind} events for all buckets")
        (others if problems else covering).append(
            trail["Name"] if not problems else f"{trail['Name']}: {', '.join(problems)}")
    if covering:
        return [Finding(control, Status.PASS,
                        f"S3 object-level {kind} events of every bucket logged by multi-region "
                        f"trail {_names(covering)}", evidence={"trails": covering})]
    return [Finding(control, Status.FAIL,
                    f"no logging multi-region trail records S3 object-level {kind} events for all "
                    f"buckets ({'; '.join(others[:LIMIT])})", evidence={"trails": others})]


@check("cloudtrail-s3-data-events-write")
def s3_data_events_write(snapshot: AccountSnapshot) -> list[Finding]:
    return _s3_data_events(snapshot, "cloudtrail-s3-data-events-write", WRITE)


@check("cloudtrail-s3-data-events-read")
def s3_data_events_read(snapshot: AccountSnapshot) -> list[Finding]:
    return _s3_data_events(snapshot, "cloudtrail-s3-data-events-read", READ)


def _each_trail_s3_data_events(snapshot: AccountSnapshot, control: str,
                               kind: str) -> list[Finding]:
    """CIS v4.0.1 3.8/3.9: each trail (one finding per trail, in its home region) is
    multi-region and its selectors log S3 object-level ``kind`` events of all current and
    future buckets (basic: AWS::S3::Object arn:aws:s3 with that ReadWriteType; advanced: the
    "Log all events" template). The procedure does not read the logging status."""
    found = trails(snapshot)
    if not found:
        return _no_trail(control)
    findings = []
    for trail in found:
        problems = [] if trail.get("IsMultiRegionTrail") else ["not multi-region"]
        if kind not in s3_data_coverage(selectors(snapshot, trail), all_events_template=True):
            problems.append(f"no S3 object-level {kind} events for all buckets")
        region = trail.get("HomeRegion") or snapshot.home_region
        if problems:
            findings.append(Finding(control, Status.FAIL,
                                    f"trail {trail['Name']}: {', '.join(problems)}",
                                    resource=trail["TrailARN"], region=region,
                                    evidence={"problems": problems}))
        else:
            findings.append(Finding(control, Status.PASS,
                                    f"multi-region trail {trail['Name']} logs S3 object-level "
                                    f"{kind} events of all buckets", resource=trail["TrailARN"],
                                    region=region))
    return findings


@check("cloudtrail-every-trail-s3-data-events-write")
def every_trail_s3_data_events_write(snapshot: AccountSnapshot) -> list[Finding]:
    return _each_trail_s3_data_events(snapshot, "cloudtrail-every-trail-s3-data-events-write",
                                      WRITE)


@check("cloudtrail-every-trail-s3-data-events-read")
def every_trail_s3_data_events_read(snapshot: AccountSnapshot) -> list[Finding]:
    return _each_trail_s3_data_events(snapshot, "cloudtrail-every-trail-s3-data-events-read",
                                      READ)


# --- AWS Config ------------------------------------------------------------------------


# AWS Config's documented default when a recorder has no recording group: all supported
# regional resource types, global resource types (IAM) not included.
DEFAULT_RECORDING_GROUP = {"allSupported": True, "includeGlobalResourceTypes": False}


def recording_group(recorder: dict[str, Any]) -> dict[str, Any]:
    return recorder.get("recordingGroup") or DEFAULT_RECORDING_GROUP


@check("config-recorder-all-regions")
def config_recorder_all_regions(snapshot: AccountSnapshot) -> list[Finding]:
    """CIS 3.3, per region as its procedure reads: at least one recorder whose recording
    group has allSupported AND includeGlobalResourceTypes, and among those at least one
    that is recording with lastStatus SUCCESS; a delivery channel to deliver to."""
    control = "config-recorder-all-regions"
    findings = []
    for region in snapshot.regions:
        recorders = snapshot.get("config:DescribeConfigurationRecorders", region) or []
        statuses = {s["name"]: s for s in
                    snapshot.get("config:DescribeConfigurationRecorderStatus", region) or []}
        channels = snapshot.get("config:DescribeDeliveryChannels", region) or []
        problems: list[str] = []
        all_resources = [r for r in recorders if recording_group(r).get("allSupported")
                         and recording_group(r).get("includeGlobalResourceTypes")]
        if not recorders:
            problems.append("no configuration recorder")
        elif not all_resources:
            problems.append("no recorder records all supported resource types including "
                            "global ones (allSupported and includeGlobalResourceTypes)")
        if not channels:
            problems.append("no delivery channel")
        states = {r.get("name", "?"): statuses.get(r.get("name", "?"), {}) for r in all_resources}
        good = [name for name, state in states.items()
                if state.get("recording") and str(state.get("lastStatus", "")).upper() == "SUCCESS"]
        # The emulator's gap: nothing wrong but a recording recorder's lastStatus PENDING.
        pending_only = False
        settled = not problems
        if all_resources and not good:
            if not any(state.get("recording") for state in states.values()):
                problems += [f"recorder {name} is not recording" for name in states]
            else:
                last = {name: state.get("lastStatus") for name, state in states.items()
                        if state.get("recording")}
                pending_only = all(str(v).upper() == "PENDING" for v in last.values())
                problems += [f"recorder {name} lastStatus is {value}, needs SUCCESS"
                             for name, value in last.items()]
        evidence = {"recorders": [{"name": r.get("name"), "recordingGroup": recording_group(r),
                                   **{k: statuses.get(r.get("name", "?"), {}).get(k)
                                      for k in ("recording", "lastStatus")}}
                                  for r in recorders[:10]],
                    "delivery_channels": len(channels)}
        if settled and pending_only and snapshot.emulator_endpoint:
            findings.append(Finding(control, Status.NOT_PROVABLE, f"AWS Config in {region}: the "
                                    "emulator never delivers a configuration snapshot, so "
                                    "lastStatus stays PENDING (CIS 3.3 needs SUCCESS)",
                                    region=region, evidence=evidence))
        elif problems:
            findings.append(Finding(control, Status.FAIL, f"AWS Config in {region}: "
                                    + "; ".join(problems), region=region, evidence=evidence))
        else:
            findings.append(Finding(control, Status.PASS, f"AWS Config in {region}: recorder "
                                    f"{good[0]} records all supported and global resource types, "
                                    "recording, last status SUCCESS", region=region,
                                    evidence=evidence))
    return findings


@check("aws-config-managed-rules")
def aws_config_managed_rules(snapshot: AccountSnapshot) -> list[Finding]:
    control = "aws-config-managed-rules"
    wanted = {rule["source_identifier"]: name for name, rule in config_managed_rules()["rules"].items()}
    findings = []
    # The rules watch account-wide (mostly IAM) settings: one set, in the home region, where
    # the recorder records global resources. Other regions need only a recorder (CIS 3.3).
    for region in [snapshot.home_region]:
        recorders = snapshot.get("config:DescribeConfigurationRecorders", region) or []
        rules = snapshot.get("config:DescribeConfigRules", region) or []
        present = {(rule.get("Source") or {}).get("SourceIdentifier") for rule in rules
                   if (rule.get("Source") or {}).get("Owner") == "AWS"
                   and rule.get("ConfigRuleState", "ACTIVE") != "DELETING"}
        missing = sorted(wanted[identifier] for identifier in set(wanted) - present)
        problems = [] if recorders else ["no configuration recorder"]
        if missing:
            problems.append(f"missing managed rule(s) {_names(missing)}")
        if problems:
            findings.append(Finding(control, Status.FAIL, f"AWS Config in {region}: "
                                    + "; ".join(problems), region=region,
                                    evidence={"missing_rules": missing}))
        else:
            findings.append(Finding(control, Status.PASS,
                                    f"all {len(wanted)} baseline managed rules present in {region}",
                                    region=region, evidence={"rules": sorted(wanted.values())}))
    return findings


# --- KMS and VPC -----------------------------------------------------------------------


@check("kms-key-rotation")
def kms_key_rotation(snapshot: AccountSnapshot) -> list[Finding]:
    control = "kms-key-rotation"
    findings = []
    for region in snapshot.regions:
        metadata = snapshot.get("kms:DescribeKey", region) or {}
        rotation = snapshot.get("kms:GetKeyRotationStatus", region) or {}
        keys = sorted(key_id for key_id, data in metadata.items() if rotation_applies(data))
        if not keys:
            findings.append(Finding(control, Status.NOT_APPLICABLE,
                                    f"no enabled customer-managed symmetric key in {region}",
                                    region=region))
            continue
        missing = [key for key in keys if key not in rotation]
        if missing:
            raise ReadFailed("kms:GetKeyRotationStatus", f"{missing[0]} was not read in {region}")
        without = [key for key in keys if not rotation[key]]
        if without:
            findings.append(Finding(control, Status.FAIL,
                                    f"customer-managed key(s) without rotation in {region}: "
                                    f"{_names(without)}", region=region,
                                    evidence={"keys_without_rotation": without[:50]}))
        else:
            findings.append(Finding(control, Status.PASS,
                                    f"{len(keys)} customer-managed key(s) in {region}, all rotated",
                                    region=region, evidence={"keys": keys[:50]}))
    return findings


@check("vpc-flow-logs")
def vpc_flow_logs(snapshot: AccountSnapshot) -> list[Finding]:
    control = "vpc-flow-logs"
    findings = []
    for region in snapshot.regions:
        vpcs = sorted(vpc["VpcId"] for vpc in snapshot.get("ec2:DescribeVpcs", region) or [])
        flows = snapshot.get("ec2:DescribeFlowLogs", region) or []
        logged = {flow.get("ResourceId") for flow in flows
                  if flow.get("TrafficType") in ("ALL", "REJECT")
                  and flow.get("FlowLogStatus", "ACTIVE") == "ACTIVE"}
        if not vpcs:
            findings.append(Finding(control, Status.NOT_APPLICABLE, f"no VPC in {region}",
                                    region=region))
            continue
        without = [vpc for vpc in vpcs if vpc not in logged]
        if without:
            findings.append(Finding(control, Status.FAIL,
                                    f"VPC(s) without a flow log of rejected traffic in {region}: "
                                    f"{_names(without)}", region=region,
                                    evidence={"vpcs_without_flow_logs": without[:50]}))
        else:
            findings.append(Finding(control, Status.PASS,
                                    f"{len(vpcs)} VPC(s) in {region}, all with flow logs",
                                    region=region, evidence={"vpcs": vpcs[:50]}))
    return findings
