"""Benchmark: our audit against Prowler's CIS v3.0 and v7.0 scans, on the same moto state.

Seeds four moto accounts with boto3 (bare; compliant; broken in ways a shallow check
misses; broken-alerts: compliant with a sound trail, only the CIS monitoring chains broken),
runs ``python -m governance audit`` and ``prowler aws --compliance cis_3.0_aws cis_7.0_aws``
(one Prowler run: it executes the union of both mappings' checks) on each, for us-east-1
and eu-west-1, and compares the verdict of every CIS AWS Foundations item of each edition
(EDITIONS: v3.0.0 against our ``cis_aws_v3`` items, v7.0.0 against ``cis_aws_v7``).
Prowler lives in its own virtual environment (.venv-prowler, installed here when missing);
it is never a project dependency.

    .venv/bin/python bench/bench_vs_prowler.py          # or: make bench-prowler

Writes bench/results/vs-prowler.md (v3.0.0), bench/results/vs-prowler-v7.md (v7.0.0) and
bench/results/vs-prowler.json (both). Our verdicts are never written down here: the script
runs our CLI and takes each item's verdict from its findings.json ("items"), so a re-run
picks up every fix. ``--wait-load 1.5`` waits for a quiet machine before timing;
``--rejudge`` re-judges the last JSON without running. The judgement of each disagreement
is in the edition's table below (EXPLANATIONS for v3.0.0, EXPLANATIONS_V7 for v7.0.0; a v7
item whose ``same_as`` chain leads to a v3.0.0 item and whose Prowler checks are the same
takes that item's v3.0.0 judgement, marked as carried); a disagreement without one is
printed as UNEXPLAINED.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import logging
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.seeded: the seeding functions are reused, not rewritten

from harness.guard import sandbox_only  # noqa: E402
from harness.moto_extensions import (  # noqa: E402
    set_access_analyzers,
    set_root_state,
)
from harness.moto_sandbox import MotoSandbox, SandboxAccount  # noqa: E402
from tests.seeded.logging_stack import (  # noqa: E402
    TRAIL,
    bucket_names,
    seed_config,
    seed_stack,
    without_event,
)
from tests.seeded.test_iam_controls import MFA_DENY, STRONG  # noqa: E402
from tests.seeded.test_identity_controls import (  # noqa: E402
    ADMIN,
    CIS,
    FSBP,
    SAML_METADATA,
    _contacts,
    _own_root,
    _public_access_block,
    _role,
    _security_hub,
)
from tests.seeded.test_storage_network_controls import (  # noqa: E402
    AMI,
    _db,
    _default_group,
    _default_vpc,
    _tls_policy,
    seed_network,
)
from tests.seeded.test_storage_network_controls import bucket as data_bucket  # noqa: E402

RESULTS = ROOT / "bench" / "results"
PROWLER_VENV = ROOT / ".venv-prowler"
PROWLER = PROWLER_VENV / "bin" / "prowler"
# Same pin as the Makefile's bench-prowler target.
PROWLER_SPEC = "prowler>=5.40,<6"
# Our framework key -> Prowler's compliance id, for each edition compared (EDITIONS below).
V3, V7 = "cis_aws_v3", "cis_aws_v7"
PROWLER_IDS = {V3: "cis_3.0_aws", V7: "cis_7.0_aws"}
REGIONS = ("us-east-1", "eu-west-1")
SUPPORT = "arn:aws:iam::aws:policy/AWSSupportAccess"
# Any https request (a real AWS endpoint, a version check) goes to a closed port and fails.
CLOSED_PORT = "http://127.0.0.1:9"

# ---------------------------------------------------------------------------------------
# Seeding: four accounts, from the seeded-tier functions where they fit.
# ---------------------------------------------------------------------------------------


def _in(account: SandboxAccount, region: str) -> SandboxAccount:
    """The same account, its clients in another region."""
    return replace(account, region=region)


def _console_user_with_mfa(account: SandboxAccount, name: str, group: str) -> None:
    iam = account.client("iam")
    iam.create_user(UserName=name)
    iam.create_login_profile(UserName=name, Password="Correct-Horse-Battery-9")
    serial = iam.create_virtual_mfa_device(VirtualMFADeviceName=name)["VirtualMFADevice"][
        "SerialNumber"]
    iam.enable_mfa_device(UserName=name, SerialNumber=serial, AuthenticationCode1="123456",
                          AuthenticationCode2="654321")
    iam.add_user_to_group(GroupName=group, UserName=name)


def _identity_baseline(account: SandboxAccount, *, reuse: int, mfa_policy: bool) -> None:
    """Root, contacts, password policy, a console user with MFA in a group, support role,
    SAML federation, account public access block."""
    iam = account.client("iam")
    # Root signed in 200 days ago: a real root row has a date (or no_information) there.
    last_used = (datetime.now(UTC) - timedelta(days=200)).isoformat(timespec="seconds")
    set_root_state(account.account_id, mfa="hardware", password_last_used=last_used)
    _contacts(account, "SECURITY", "BILLING", "OPERATIONS")
    iam.update_account_password_policy(**{**STRONG, "PasswordReusePrevention": reuse})
    iam.create_group(GroupName="Developers")
    if mfa_policy:
        arn = iam.create_policy(PolicyName="enforce-mfa",
                                PolicyDocument=json.dumps(MFA_DENY))["Policy"]["Arn"]
        iam.attach_group_policy(GroupName="Developers", PolicyArn=arn)
    _console_user_with_mfa(account, "alice", "Developers")
    _role(account, "aws-support", _own_root(account, mfa=True), policies=(SUPPORT,))
    iam.create_saml_provider(Name="corp-idp", SAMLMetadataDocument=SAML_METADATA.read_text())
    _public_access_block(account, restrict=True)


def _regional_baseline(account: SandboxAccount, region: str) -> None:
    """EBS default encryption, GuardDuty, IAM Access Analyzer, Security Hub with CIS."""
    here = _in(account, region)
    here.client("ec2").enable_ebs_encryption_by_default()
    here.client("guardduty").create_detector(Enable=True)
    set_access_analyzers(account.account_id, region, [
        {"name": "account-analyzer", "type": "ACCOUNT", "status": "ACTIVE"}])
    _security_hub(here, CIS, FSBP)


def _flow_logs(account: SandboxAccount, region: str) -> None:
    ec2 = _in(account, region).client("ec2")
    for vpc in ec2.describe_vpcs()["Vpcs"]:
        ec2.create_flow_logs(ResourceIds=[vpc["VpcId"]], ResourceType="VPC", TrafficType="REJECT",
                             LogDestinationType="s3",
                             LogDestination=f"arn:aws:s3:::{bucket_names(account)[1]}")


def seed_bare(account: SandboxAccount) -> None:
    """Nothing set: moto's defaults only (default VPCs, no trail, no policy)."""


def _tls_only(account: SandboxAccount, bucket: str) -> None:
    """Add the CIS 2.1.1 statement (Deny s3:* on aws:SecureTransport false) to a bucket."""
    s3 = account.client("s3")
    policy = json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"])
    policy["Statement"] += json.loads(_tls_policy(bucket))["Statement"]
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))


def _mfa_delete(account: SandboxAccount, bucket: str) -> None:
    account.client("s3").put_bucket_versioning(
        Bucket=bucket, MFA=f"arn:aws:iam::{account.account_id}:mfa/root 123456",
        VersioningConfiguration={"Status": "Enabled", "MFADelete": "Enabled"})


def _sound_data(account: SandboxAccount) -> None:
    """Sections 2 and 5, compliant: a data bucket denying HTTP, every bucket versioned with
    MFA Delete asked for (moto never reports it back), an encrypted private RDS instance
    with minor upgrades and an encrypted EFS in each region; in each region's default VPC
    the default security group emptied, the default NACL letting in 443 and ports around
    the admin ones only, a web group (443 anywhere, 22 from 10/8) and an IMDSv2 instance."""
    s3, data = account.client("s3"), data_bucket(account)
    s3.create_bucket(Bucket=data)
    s3.put_bucket_policy(Bucket=data, Policy=_tls_policy(data))
    _tls_only(account, bucket_names(account)[1])  # the access-log bucket (seed_stack: none)
    for bucket in (data, *bucket_names(account)):
        _mfa_delete(account, bucket)
    for region in REGIONS:
        here = _in(account, region)
        _db(here)
        here.client("efs").create_file_system(CreationToken="shared", Encrypted=True)
        seed_network(here)


def seed_compliant(account: SandboxAccount) -> None:
    _identity_baseline(account, reuse=24, mfa_policy=True)
    # trail, bucket, KMS, CloudWatch Logs, CIS 4.x filters + alarms, Config recording with
    # its first delivery (seed_config calls deliver_config_snapshot: lastStatus SUCCESS)
    seed_stack(account)
    other = _in(account, REGIONS[1])
    seed_config(other, bucket_names(account)[0], set())  # delivered in eu-west-1 too
    _flow_logs(account, REGIONS[1])
    for region in REGIONS:
        _regional_baseline(account, region)
    _sound_data(account)


# What the broken account breaks, each in a way a shallow check misses (for the report).
BROKEN = [
    "password policy: length 14 but PasswordReusePrevention 5 (1.9)",
    "console user alice has MFA, in group Developers without any MFA policy (house rule "
    "only; 1.10 should PASS)",
    "role ops-admin has the AWS managed AdministratorAccess policy attached (1.16)",
    "the only trail is multi-region, logging, validated, KMS-encrypted and delivers to "
    "CloudWatch Logs, but its event selector excludes management events (3.1, 4.x)",
    "the CloudTrail bucket's TLS deny covers s3:GetObject only; the access-log bucket has "
    "no TLS deny at all; a data bucket denies HTTP with BoolIfExists instead of Bool (2.1.1)",
    "metric filter of 4.4 misses DeleteGroupPolicy",
    "alarm of 4.3 notifies an SNS topic without any subscription",
    "Config recorder in eu-west-1 exists with a delivery channel but is stopped (3.3)",
    "a customer-managed KMS key in eu-west-1 with rotation off (3.6)",
    "RDS instance orders in us-east-1 unencrypted (2.3.1); RDS instance orders in eu-west-1 "
    "publicly accessible, minor version upgrades off (2.3.2, 2.3.3); an unencrypted EFS in "
    "eu-west-1 (2.4.1)",
    "us-east-1: a NACL (not associated) allowing tcp 3389 from 0.0.0.0/0 (5.1); security "
    "group ssh-open allowing tcp 22 from 0.0.0.0/0 and ::/0 (5.2, 5.3); an instance with "
    "HttpTokens optional (5.6)",
    "eu-west-1: the default security group with an inbound rule from itself added back "
    "(5.4); default NACLs otherwise tightened as in the compliant account",
]


def _broken_data(account: SandboxAccount) -> None:
    s3, data = account.client("s3"), data_bucket(account)
    s3.create_bucket(Bucket=data)
    policy = json.loads(_tls_policy(data))
    policy["Statement"][0]["Condition"] = {"BoolIfExists": {"aws:SecureTransport": "false"}}
    s3.put_bucket_policy(Bucket=data, Policy=json.dumps(policy))
    east, west = (_in(account, region) for region in REGIONS)
    _db(east, StorageEncrypted=False)
    _db(west, PubliclyAccessible=True, AutoMinorVersionUpgrade=False)
    east.client("efs").create_file_system(CreationToken="shared", Encrypted=True)
    west.client("efs").create_file_system(CreationToken="plain")
    for here in (east, west):
        seed_network(here)
    ec2 = east.client("ec2")
    vpc = _default_vpc(ec2)
    acl = ec2.create_network_acl(VpcId=vpc)["NetworkAcl"]["NetworkAclId"]
    ec2.create_network_acl_entry(NetworkAclId=acl, RuleNumber=100, Protocol="6",
                                 RuleAction="allow", Egress=False, CidrBlock="0.0.0.0/0",
                                 PortRange={"From": 3389, "To": 3389})
    group = ec2.create_security_group(GroupName="ssh-open", Description="ssh",
                                      VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[{
        "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
        "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}])
    ec2.run_instances(ImageId=AMI, MinCount=1, MaxCount=1,
                      MetadataOptions={"HttpTokens": "optional"})
    ec2 = west.client("ec2")
    default = _default_group(ec2, _default_vpc(ec2))["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=default, IpPermissions=[{
        "IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": default}]}])


def seed_broken(account: SandboxAccount) -> None:
    from governance.catalog.samples import metric_filter_items

    _identity_baseline(account, reuse=5, mfa_policy=False)
    _role(account, "ops-admin", _own_root(account, mfa=True), policies=(ADMIN,))
    policy_changes = next(i for i in metric_filter_items().values() if i["id"] == "4.4")
    seed_stack(account, {"bucket-no-tls-deny"},
               patterns={"4.4": without_event(policy_changes["pattern"], "DeleteGroupPolicy")})
    bucket = bucket_names(account)[0]
    s3 = account.client("s3")
    policy = json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"])
    policy["Statement"].append({
        "Sid": "DenyInsecureGet", "Effect": "Deny", "Principal": "*", "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{bucket}/*",
        "Condition": {"Bool": {"aws:SecureTransport": "false"}}})
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))
    account.client("cloudtrail").put_event_selectors(TrailName=TRAIL, EventSelectors=[{
        "ReadWriteType": "All", "IncludeManagementEvents": False,
        "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3"]}]}])
    _silent_alarm(account, "4.3")
    other = _in(account, REGIONS[1])
    seed_config(other, bucket, {"config-not-recording"})
    other.client("kms").create_key(Description="eu data, rotation off")
    _flow_logs(account, REGIONS[1])
    for region in REGIONS:
        _regional_baseline(account, region)
    _broken_data(account)


def _alert_item(item: str) -> dict[str, Any]:
    from governance.catalog.samples import metric_filter_items

    found = next(i for i in metric_filter_items().values() if i["id"] == item)
    return {**found, "filter": f"governance-cis-{item.replace('.', '-')}-{found['name']}"}


def _silent_alarm(account: SandboxAccount, item: str) -> None:
    """Re-point the item's alarm (same name) at a topic nobody subscribed to."""
    spec = _alert_item(item)
    silent_topic = account.client("sns").create_topic(Name="nobody-listens")["TopicArn"]
    account.client("cloudwatch").put_metric_alarm(
        AlarmName=spec["filter"], MetricName=spec["metric_name"], Namespace="CISBenchmark",
        Statistic="Sum", Period=300, EvaluationPeriods=1, Threshold=1,
        ComparisonOperator="GreaterThanOrEqualToThreshold", TreatMissingData="notBreaching",
        AlarmActions=[silent_topic])


# What the broken-alerts account breaks: the compliant account, with a sound trail, and
# four CIS 4.x chains broken in four ways.
BROKEN_ALERTS = [
    "everything as in the compliant account (trail with all management events delivering "
    "to CloudWatch Logs, Config delivered, sections 2 and 5 sound)",
    "4.4: the metric filter misses DeleteGroupPolicy",
    "4.3: the alarm notifies an SNS topic without any subscription",
    "4.5: the alarm is deleted (filter and metric remain)",
    "4.6: the metric filter sits on another log group (/aws/other/app), which the trail "
    "does not deliver to; the trail's log group has none for 4.6",
]


def seed_broken_alerts(account: SandboxAccount) -> None:
    from tests.seeded.logging_stack import GROUP

    seed_compliant(account)
    logs = account.client("logs")
    policy_changes = _alert_item("4.4")
    # moto's server keeps both filters when one is put again under its name (AWS replaces it)
    logs.delete_metric_filter(logGroupName=GROUP, filterName=policy_changes["filter"])
    logs.put_metric_filter(
        logGroupName=GROUP, filterName=policy_changes["filter"],
        filterPattern=without_event(policy_changes["pattern"], "DeleteGroupPolicy"),
        metricTransformations=[{"metricName": policy_changes["metric_name"],
                                "metricNamespace": "CISBenchmark", "metricValue": "1"}])
    _silent_alarm(account, "4.3")
    account.client("cloudwatch").delete_alarms(AlarmNames=[_alert_item("4.5")["filter"]])
    failures = _alert_item("4.6")
    logs.delete_metric_filter(logGroupName=GROUP, filterName=failures["filter"])
    logs.create_log_group(logGroupName="/aws/other/app")
    logs.put_metric_filter(
        logGroupName="/aws/other/app", filterName=failures["filter"],
        filterPattern=failures["pattern"],
        metricTransformations=[{"metricName": failures["metric_name"],
                                "metricNamespace": "CISBenchmark", "metricValue": "1"}])


class MotoGaps(logging.Handler):
    """Collects what the moto server could not answer (its tracebacks, not printed)."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: dict[str, None] = {}

    def emit(self, record: logging.LogRecord) -> None:
        # werkzeug logs "Error on request:" with the traceback as text; the last line names it
        lines = [line for line in record.getMessage().splitlines() if line.strip()]
        if lines and "Error" in lines[-1]:
            self.seen[lines[-1].strip()[:200]] = None

    def take(self) -> list[str]:
        seen, self.seen = list(self.seen), {}
        return seen


ACCOUNTS = {"bare": seed_bare, "compliant": seed_compliant, "broken": seed_broken,
            "broken-alerts": seed_broken_alerts}
BREAKS = {"broken": BROKEN, "broken-alerts": BROKEN_ALERTS}

# ---------------------------------------------------------------------------------------
# The two tools.
# ---------------------------------------------------------------------------------------


def ensure_prowler() -> None:
    """Prowler in .venv-prowler, installed from PyPI when missing (reused when present)."""
    if PROWLER.exists():
        return
    print(f"installing {PROWLER_SPEC} into {PROWLER_VENV} (a few minutes)", flush=True)
    subprocess.run([sys.executable, "-m", "venv", str(PROWLER_VENV)], check=True)
    subprocess.run([str(PROWLER_VENV / "bin" / "python"), "-m", "pip", "install", "--quiet",
                    "--disable-pip-version-check", PROWLER_SPEC], check=True)


def _sandbox_env(account: SandboxAccount, home: Path) -> dict[str, str]:
    """Only the sandbox account's credentials; no profile, no config file, no metadata
    service; https (any real AWS endpoint) to a closed port."""
    credentials = account.session.get_credentials().get_frozen_credentials()
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "LANG": "C.UTF-8",
        "AWS_ACCESS_KEY_ID": credentials.access_key,
        "AWS_SECRET_ACCESS_KEY": credentials.secret_key,
        "AWS_SESSION_TOKEN": credentials.token, "AWS_DEFAULT_REGION": REGIONS[0],
        "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_EC2_METADATA_DISABLED": "true",
        "HTTPS_PROXY": CLOSED_PORT, "https_proxy": CLOSED_PORT,
    }


@dataclass
class Run:
    seconds: float
    exit_code: int
    findings: list[dict[str, Any]]
    errors: list[str] = field(default_factory=list)
    # ours only: findings.json "items", per framework key (cis_aws_v3, cis_aws_v7, ...) each
    # item's own verdict as the CLI computes it (worst finding, MANUAL, NOT_ASSESSED, waivers)
    items: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)  # lines that name a real AWS endpoint


def run_ours(account: SandboxAccount, workdir: Path) -> Run:
    output = workdir / "ours"
    command = [sys.executable, "-m", "governance", "audit", "--endpoint-url", account.endpoint,
               "--regions", ",".join(REGIONS), "--format", "json", "--output", str(output)]
    started = time.perf_counter()
    done = subprocess.run(command, env=_sandbox_env(account, workdir), cwd=ROOT,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - started
    report = output / "findings.json"
    written = json.loads(report.read_text()) if report.exists() else {}
    errors = [line for line in done.stderr.splitlines() if line.startswith("error")]
    return Run(seconds, done.returncode, written.get("findings", []), errors,
               items=written.get("items", {}))


# Prowler's log lines: "... [Module: x_service]\t ERROR: us-east-1 -- ClientError[46]: ..."
PROWLER_ERROR = re.compile(r"\[Module: (\w+)\]\s+(?:ERROR|CRITICAL): (?:[\w-]+ -- )?(\w+)\[\d+\]: (.*)")


def _prowler_errors(text: str) -> list[str]:
    """Distinct error lines of Prowler's log, without region, line number and ids."""
    seen: dict[str, None] = {}
    for line in text.splitlines():
        match = PROWLER_ERROR.search(line)
        if not match:
            continue
        module, error, message = match.groups()
        message = re.sub(r"\b\d{12}\b", "<account>", message)
        message = re.sub(r"arn:aws:[^\s'\"]+", "<arn>", message)
        seen[f"{module}: {error}: {message.strip()}"[:220]] = None
    return list(seen)


def run_prowler(account: SandboxAccount, workdir: Path) -> Run:
    output = workdir / "prowler"
    env = _sandbox_env(account, workdir)
    # Prowler has no endpoint flag: botocore sends every service to AWS_ENDPOINT_URL. S3
    # Control puts the account id in the host name: moto as HTTP proxy resolves it.
    env |= {"AWS_ENDPOINT_URL": account.endpoint, "HTTP_PROXY": account.endpoint,
            "http_proxy": account.endpoint}
    # Both editions in one run: Prowler executes the union of the mappings' checks.
    command = [str(PROWLER), "aws", "--compliance", *PROWLER_IDS.values(), "--region", *REGIONS,
               "--output-formats", "json-ocsf", "--output-directory", str(output),
               "--output-filename", "prowler", "--no-banner", "--no-color",
               # CIS judges every VPC, bucket, region: not only the ones Prowler thinks in use
               "--scan-unused-services",
               "--log-level", "ERROR"]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=workdir, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    (workdir / "prowler.log").write_text(done.stdout + "\n" + done.stderr)
    # A request for a real AWS endpoint (https) meets the closed-port proxy and fails loudly.
    refused = [line for line in (done.stdout + done.stderr).splitlines()
               if re.search(r"ProxyError|127\.0\.0\.1:9\b|Connection refused|amazonaws\.com", line)]
    report = output / "prowler.ocsf.json"
    findings = json.loads(report.read_text()) if report.exists() else []
    return Run(seconds, done.returncode, findings, _prowler_errors(done.stdout + done.stderr),
               refused[:5])


# ---------------------------------------------------------------------------------------
# Verdicts per CIS item.
# ---------------------------------------------------------------------------------------

# Both tools' statuses on one scale: PASS, FAIL, ERROR, NOT_PROVABLE (ours only: the
# emulator cannot show what the procedure needs), MANUAL, silent (no finding for the item).
# NOT_ASSESSED (ours: an item no control judges yet, its ``uncovered`` reason) stays apart
# from MANUAL (an item left to a person on purpose): only the latter is a verdict of kind.
OUR_VERDICT = {"ERROR": "ERROR", "NOT_PROVABLE": "NOT_PROVABLE", "FAIL": "FAIL",
               "WAIVED": "FAIL", "PASS": "PASS", "NOT_APPLICABLE": "PASS", "MANUAL": "MANUAL",
               "NOT_ASSESSED": "NOT_ASSESSED"}
SILENT = "silent"
JUDGED = ("PASS", "FAIL")  # a verdict on the item; anything else leaves it open


@cache
def prowler_framework(compliance: str) -> dict[str, Any]:
    """Prowler's own copy of the benchmark (cis_3.0_aws.json, cis_7.0_aws.json)."""
    found = list(PROWLER_VENV.glob(
        f"lib/python*/site-packages/prowler/compliance/aws/{compliance}.json"))
    if not found:
        raise SystemExit(f"{compliance}.json not found in {PROWLER_VENV}")
    return json.loads(found[0].read_text())


@cache
def our_cis_items(key: str) -> dict[str, dict[str, Any]]:
    """Our items of one CIS edition (title, manual, same_as) from the catalog the CLI ships."""
    from importlib import resources

    text = (resources.files("governance.catalog") / "frameworks" / f"{key}.toml").read_text()
    return {item["id"]: item for item in tomllib.loads(text)["items"]}


def earlier_item(key: str, item: str, earlier: str) -> str | None:
    """The item of the ``earlier`` edition that ``item`` of ``key`` takes over unchanged,
    following ``same_as`` edition by edition (our catalog's EARLIER_EDITION); None where a
    step has no ``same_as`` (new item, changed title, status or procedure)."""
    from governance.catalog.frameworks import EARLIER_EDITION

    while key != earlier:
        found = our_cis_items(key).get(item, {}).get("same_as")
        if not found or key not in EARLIER_EDITION:
            return None
        key, item = EARLIER_EDITION[key], found
    return item


def item_key(item: str) -> tuple[int, ...]:
    return tuple(int(part) for part in item.split("."))


def our_verdicts(run: Run, key: str, items: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Each item's verdict of edition ``key`` as our CLI wrote it (findings.json "items"),
    with the reasons of the findings that decided it (the item's status, on its controls)."""
    verdicts: dict[str, dict[str, Any]] = {}
    for row in run.items.get(key, []):
        status = row["status"]
        decided = [f for f in run.findings if f["control_id"] in row["controls"]
                   and row["item"] in f["frameworks"].get(key, [])
                   and f["status"] == status]
        detail = "; ".join(sorted({f"{f['control_id']}: {f['reason']}" for f in decided}))
        verdicts[row["item"]] = {"verdict": OUR_VERDICT.get(status, status), "status": status,
                                 "detail": (detail or row.get("note", ""))[:400]}
    for item in items.keys() - verdicts.keys():
        verdicts[item] = {"verdict": SILENT, "detail": "not in findings.json items"}
    return verdicts


def _merge(statuses: dict[str, dict[str, str]], item: str, resource: str, status: str) -> None:
    """One verdict per (item, resource): FAIL over anything else, then the first seen."""
    held = statuses.setdefault(item, {}).get(resource)
    if held is None or (status == "FAIL" and held != "FAIL"):
        statuses[item][resource] = status


def our_resources(run: Run, key: str) -> dict[str, dict[str, str]]:
    """item of edition ``key`` -> resource ARN -> our verdict of that resource (shared scale)."""
    statuses: dict[str, dict[str, str]] = {}
    for finding in run.findings:
        if finding.get("resource", "").startswith("arn:"):
            for item in finding["frameworks"].get(key, []):
                _merge(statuses, item, finding["resource"],
                       OUR_VERDICT.get(finding["status"], finding["status"]))
    return statuses


def prowler_resources(run: Run, framework: dict[str, Any]) -> dict[str, dict[str, str]]:
    """item -> resource ARN -> Prowler's verdict of that resource."""
    items_of: dict[str, list[str]] = {}
    for requirement in framework["Requirements"]:
        for check in requirement["Checks"]:
            items_of.setdefault(check, []).append(requirement["Id"])
    statuses: dict[str, dict[str, str]] = {}
    for finding in run.findings:
        for item in items_of.get(finding["metadata"]["event_code"], []):
            for resource in finding.get("resources", []):
                if str(resource.get("uid", "")).startswith("arn:"):
                    _merge(statuses, item, resource["uid"], finding["status_code"])
    return statuses


def prowler_verdicts(run: Run, framework: dict[str, Any]) -> dict[str, dict[str, Any]]:
    by_check: dict[str, list[dict[str, Any]]] = {}
    for finding in run.findings:
        by_check.setdefault(finding["metadata"]["event_code"], []).append(finding)
    verdicts: dict[str, dict[str, Any]] = {}
    for requirement in framework["Requirements"]:
        item, checks = requirement["Id"], requirement["Checks"]
        found = [f for check in checks for f in by_check.get(check, [])]
        if not checks:
            verdicts[item] = {"verdict": "MANUAL", "detail": "no check in Prowler's mapping"}
            continue
        if not found:
            verdicts[item] = {"verdict": SILENT,
                              "detail": f"no finding from {', '.join(checks)}"}
            continue
        statuses = {f["status_code"] for f in found}
        status = next(s for s in ("FAIL", "MANUAL", "PASS", "MUTED") if s in statuses)
        worst = [f for f in found if f["status_code"] == status]
        detail = "; ".join(sorted({
            f"{f['metadata']['event_code']}: {f.get('status_detail', '')}"
            f" [{f.get('cloud', {}).get('region', '')}]" for f in worst}))
        verdicts[item] = {"verdict": "PASS" if status == "MUTED" else status,
                          "status": status, "detail": detail[:400]}
    return verdicts


# ---------------------------------------------------------------------------------------
# Judgements of disagreements, as observed on this code (see the module docstring).
# EXPLANATIONS[item][kind] with kind "<ours>/<Prowler>", optionally "<account>:<ours>/<Prowler>"
# for an account-specific reason. right: "ours", "Prowler", "both" (either is defensible),
# or "neither". quote: words of CIS v3.0.0's audit procedure (checked against Prowler's
# copy of the procedure text when the report is written). The CIS v7.0.0 tables follow
# PROWLER_RACES (EXPLANATIONS_V7 ...).
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Judgement:
    right: str
    why: str
    quote: str = ""


# Nothing to judge: no user, key, certificate or policy of that kind in the account.
_VACUOUS = ("Nothing of the kind exists in this account ({what}). Ours writes a PASS that "
            "names the zero it counted; Prowler emits no finding at all. Both are defensible; "
            "ours leaves evidence that the item was read.")
_TRAIL_MANAGEMENT = (
    "The only trail is multi-region, logging and delivers to CloudWatch Logs, but its event "
    "selector has IncludeManagementEvents false: no management event (console sign-in, API "
    "call) ever reaches the log group, so the filter and alarm can never fire. Step 1 of the "
    "procedure requires the trail to capture all management events. Prowler checks the log "
    "group, the filter pattern and the alarm only, never the trail's event selectors.")
_NO_SUBSCRIBER = (
    "The alarm notifies an SNS topic without any subscription, so nobody is ever told. Step "
    "7 of the procedure fails that; Prowler's check stops at 'metric filter and alarm set' "
    "and never lists the topic's subscriptions.")


def _same(kinds: tuple[str, ...], judgement: Judgement) -> dict[str, Judgement]:
    return dict.fromkeys(kinds, judgement)


EXPLANATIONS: dict[str, dict[str, Judgement]] = {
    "1.2": _same(("FAIL/MANUAL", "PASS/MANUAL"), Judgement(
        "ours",
        "The procedure asks whether the Security alternate contact is filled in, which is "
        "exactly what account:GetAlternateContact SECURITY answers; ours reads it. Prowler's "
        "check always returns MANUAL.",
        "Ensure contact information is specified in the `Security` section")),
    "1.4": {"PASS/silent": Judgement(
        "ours",
        "The procedure reads AccountAccessKeysPresent from the account summary; ours does. "
        "Prowler's iam_no_root_access_key reports the root only when its credential-report "
        "row has password_enabled true or an active key, and the credential report documents "
        "the root's password_enabled as not_supported (the sandbox's root row says so too): "
        "a root without keys gets no finding at all (on the bare account moto's report has "
        "no root row).",
        'get-account-summary | grep "AccountAccessKeysPresent"')},
    "1.5": _same(("FAIL/silent", "PASS/silent"), Judgement(
        "ours",
        "The procedure reads AccountMFAEnabled from the account summary; ours does. "
        "Prowler's iam_root_mfa_enabled skips the root unless its credential-report row has "
        "password_enabled true (documented as not_supported for the root) or an active "
        "key: a root without MFA and without keys gets no finding. On the bare account "
        "moto's report has no root row at all.",
        "Ensure the AccountMFAEnabled property is set to 1")),
    "1.6": _same(("FAIL/silent", "PASS/silent"), Judgement(
        "ours",
        "The procedure is the account summary plus list-virtual-mfa-devices (a root serial "
        "there means virtual MFA); ours reads both. Prowler's iam_root_hardware_mfa_enabled "
        "has the same root-row gate as 1.5 and emits nothing.",
        "aws iam list-virtual-mfa-devices")),
    "1.7": _same(("ERROR/silent", "NOT_PROVABLE/silent"), Judgement(
        "ours",
        "moto's credential report of an account with no root state has no <root_account> "
        "row (AWS always lists the root user), so neither tool can judge. Ours says so "
        "(NOT_PROVABLE on an emulator, ERROR on AWS; the reason names the missing row); "
        "Prowler is silent, which reads like nothing to check.",
        "Review `password_last_used`, `access_key_1_last_used_date`, "
        "`access_key_2_last_used_date` to determine when the _root user_ was last used")),
    "1.10": {"PASS/silent": Judgement("both", _VACUOUS.format(what="no IAM user"))},
    "1.16": {"PASS/silent": Judgement("both", _VACUOUS.format(
        what="AdministratorAccess exists as an AWS managed policy but is attached to "
             "nothing; no customer policy"))},
    "1.18": {
        "MANUAL/silent": Judgement(
            "both",
            "A Manual item on both sides; Prowler maps ec2_instance_profile_attached, which "
            "has no instance to judge in this account."),
        "MANUAL/FAIL": Judgement(
            "ours",
            "The seeded instances have no instance profile. The procedure applies to "
            "'instances that are known to perform AWS actions' and then asks a person to "
            "audit scripts, environment variables and application code for embedded "
            "credentials: no API says whether an instance performs AWS actions, so the item "
            "stays Manual, as ours reports it. Prowler FAILs every instance without a "
            "profile, which is a useful lead for the reviewer but not the item's verdict "
            "(an instance that calls no AWS API needs no role).",
            "For instances that are known to perform AWS actions, ensure that they belong "
            "to an instance role that has the necessary permissions"),
    },
    "1.20": {"NOT_PROVABLE/silent": Judgement(
        "ours",
        "Nothing seeded an analyzer in the bare account and moto has no Access Analyzer "
        "backend (the harness answers ListAnalyzers only where a test seeded it, else an "
        "EmulatorGap). Ours reports NOT_PROVABLE with that reason; Prowler's "
        "accessanalyzer service fails on the same request and emits no finding, which "
        "reads like nothing to check.",
        "Ensure that at least one Analyzer the `status` is set to `ACTIVE`")},
    "1.22": {"PASS/MANUAL": Judgement(
        "ours",
        "The procedure has a command-line form (list-entities-for-policy on "
        "AWSCloudShellFullAccess must return nothing); ours automates it. Prowler maps no "
        "check to 1.22.",
        "aws iam list-entities-for-policy --policy-arn "
        "arn:aws:iam::aws:policy/AWSCloudShellFullAccess")},
    "2.1.2": {"NOT_PROVABLE/FAIL": Judgement(
        "ours",
        "Every bucket was put under versioning with MFADelete Enabled (PutBucketVersioning "
        "with the MFA header), but moto's GetBucketVersioning never returns MFADelete. The "
        "procedure reads exactly that field, so on this emulator the answer is unknown: "
        "ours says NOT_PROVABLE with the reason; Prowler reads the absent field as disabled "
        "and FAILs. On AWS the field would be there and both would judge it.",
        "Confirm that MFA Delete is `Enabled`")},
    "2.1.3": {"MANUAL/PASS": Judgement(
        "ours",
        "A Manual item: the procedure asks for a Macie discovery job on the buckets (or a "
        "third-party tool), which needs a person. Ours lists it as MANUAL. Prowler's "
        "macie_is_enabled PASSes because moto answers GetMacieSession with status ENABLED "
        "for any account (nobody enabled Macie here), and even on AWS Macie being on is "
        "not a job on the buckets.",
        "Confirm that you have a Job setup for your S3 Buckets")},
    "2.2.1": {
        **_same(("FAIL/silent", "PASS/silent"), Judgement(
            "ours",
            "The procedure reads EBS encryption by default in every region; ours does. "
            "Prowler maps 2.2.1 to ec2_ebs_volume_encryption, which judges existing volumes: "
            "with no volume it says nothing, whatever the default.",
            "aws --region <region> ec2 get-ebs-encryption-by-default")),
        "PASS/FAIL": Judgement(
            "ours",
            "EBS encryption by default is on in both regions, which is what the procedure "
            "verifies. Prowler judges the volumes instead: moto does not apply the account "
            "default to the instances' root volumes (on AWS they would be encrypted), so "
            "Prowler FAILs on an emulator artefact. Its volume check would still catch, on "
            "AWS, volumes created before the default was switched on, which this item does "
            "not ask about.",
            'Verify that `"EbsEncryptionByDefault": true` is displayed'),
    },
    "2.3.3": {"FAIL/PASS": Judgement(
        "ours",
        "The eu-west-1 instance has PubliclyAccessible true and sits in the default VPC, "
        "whose subnets route 0.0.0.0/0 to an internet gateway. The procedure: a Yes flag "
        "means 'publicly accessible and insecure', then checks the subnet's route table; "
        "security groups are not part of it. Prowler PASSes it as 'publicly accessible but "
        "filtered with security groups'. Ours judges the flag only and does not read the "
        "route table, so on a private subnet ours would over-fail; here the FAIL is right.",
        "If the Publicly Accessible flag is set to Yes. Then selected RDS database instance "
        "is publicly accessible and insecure")},
    **{item: {"FAIL/silent": Judgement(
        "both",
        "No trail at all. Ours FAILs every trail item with the reason 'no CloudTrail trail "
        "in the audited regions' (3.1 already fails for it); Prowler emits no finding for a "
        "per-trail check without trails. The procedure judges each trail, so silence is "
        "literal and our FAIL is the more useful reading.",
        quote)} for item, quote in {
            "3.2": "Ensure `LogFileValidationEnabled` is set to `true` for each trail",
            "3.4": "aws s3api get-bucket-logging --bucket <s3_bucket_for_cloudtrail>",
            "3.5": "For each trail listed, SSE-KMS is enabled if the trail has a `KmsKeyId` "
                   "property defined"}.items()},
    "3.3": {"FAIL/PASS": Judgement(
        "ours",
        "The recorder in eu-west-1 is stopped. Prowler keys the recorders it reads by "
        "recorder name (config_service), so the same-named recorders of us-east-1 and "
        "eu-west-1 overwrite each other and the region read last wins: its verdict changes "
        "from run to run on the same state (see the per-account note). Not an emulator "
        "artefact: recorders of one name in every region are what Terraform and StackSets "
        "make.",
        "aws configservice describe-configuration-recorder-status")},
    "3.1": {"FAIL/PASS": Judgement(
        "ours",
        "The trail is multi-region and logging but its selector excludes management events. "
        "Prowler's cloudtrail_multi_region_enabled checks multi-region and IsLogging only.",
        "Ensure there is at least one Event Selector for a Trail with "
        "`IncludeManagementEvents` set to `true` and `ReadWriteType` set to `All`")},
    **{item: {"PASS/FAIL": Judgement(
        "ours",
        "The trail's selector logs S3 object-level events of all buckets (arn:aws:s3, "
        "ReadWriteType All). Prowler keys trails by ARN and reads the multi-region trail "
        "from both regions; when the eu-west-1 read lands last, it asks eu-west-1 for the "
        "selectors of the us-east-1 trail, moto answers TrailNotFoundException (Prowler's "
        "log above) and Prowler holds no selectors: FAIL. When us-east-1 lands last it "
        "PASSes, so the verdict changes from run to run. The TrailNotFoundException is an "
        "emulator artefact (on AWS a multi-region trail is visible from every region); the "
        "race is Prowler's.",
        quote)} for item, quote in (
            ("3.8", "S3 Bucket Name: All current and future S3 buckets Write: Enabled"),
            ("3.9", "the Read event check-box is unchecked"))},
    **{item: {"broken:FAIL/PASS": Judgement(
        "ours", _TRAIL_MANAGEMENT,
        "captures all Management Events")}
       for item in ("4.1", "4.2", "4.4", "4.5", "4.6", "4.7", "4.8", "4.9", "4.10", "4.11",
                    "4.12", "4.13", "4.14", "4.15")},
    "4.3": {
        "broken:FAIL/PASS": Judgement(
            "ours",
            _TRAIL_MANAGEMENT + " Besides, the 4.3 alarm notifies a topic without any "
            "subscription, which the procedure fails too (judged on its own in the "
            "broken-alerts account).",
            "captures all Management Events"),
        "broken-alerts:FAIL/PASS": Judgement(
            "ours", _NO_SUBSCRIBER,
            "Ensure there is at least one active subscriber to the SNS topic"),
    },
    "4.16": {"PASS/silent": Judgement(
        "ours",
        "Security Hub is on in both regions. Prowler's securityhub service failed on "
        "ListEnabledProductsForImport (moto: 404) and emitted no finding: an emulator gap, "
        "but a silent one.",
        "Repeat steps 2 to 4 for each region.")},
    "5.5": {"MANUAL/silent": Judgement(
        "both",
        "A Manual item on both sides in substance: ours lists it as MANUAL (whether a peering "
        "route is as specific as desired depends on the peering's purpose); Prowler maps "
        "vpc_peering_routing_tables_with_least_privilege, which has no peering connection to "
        "judge here and emits nothing.",
        "if \"DestinationCidrBlock\" is as specific as desired")},
}


for _item, _what in {
        "1.11": "no IAM user", "1.12": "no IAM user", "1.13": "no IAM user",
        "1.14": "no IAM user, no access key", "1.15": "no IAM user",
        "1.19": "no server certificate in IAM",
        "2.1.1": "no S3 bucket", "2.1.2": "no S3 bucket",
        "2.3.1": "no RDS DB instance", "2.3.2": "no RDS DB instance",
        "2.3.3": "no RDS DB instance", "2.4.1": "no EFS file system",
        "3.6": "no customer-managed KMS key",
        "5.6": "no EC2 instance; ours says NOT_APPLICABLE, shown as PASS"}.items():
    EXPLANATIONS.setdefault(_item, {})["PASS/silent"] = Judgement(
        "both", _VACUOUS.format(what=_what))
EXPLANATIONS["4.13"]["PASS/FAIL"] = Judgement(
    "both",
    "Prowler demands the literal `$.eventSource = ec2.amazonaws.com` clause of the v3.0.0 "
    "pattern. Our filter is the earlier CIS pattern without it; it matches every "
    "route-table event the item lists (ours evaluates filters against sample events, not "
    "text), and as printed in v3.0.0 the clause binds only to CreateRoute ('A && B || C "
    "...'). By the letter Prowler is right, in substance ours; cheap fix on our side: add "
    "the eventSource clause to the security-alerts module's pattern so a literal audit "
    "passes too.",
    "{($.eventSource = ec2.amazonaws.com) && ($.eventName =CreateRoute)")
EXPLANATIONS["4.15"]["PASS/FAIL"] = Judgement(
    "ours",
    "Our filter is the v3.0.0 pattern verbatim (eventSource organizations plus its 18 event "
    "names). Prowler's check requires 21 names, adding CancelHandshake, CreateOrganization "
    "and EnableAllFeatures, which the benchmark does not list: it fails the benchmark's own "
    "pattern.",
    '($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }')

# Resource-level disagreements inside an item both tools judge alike: RESOURCE_EXPLANATIONS
# [item]["<ours>/<Prowler>"] (resources matched by ARN).
RESOURCE_EXPLANATIONS: dict[str, dict[str, Judgement]] = {
    "2.1.1": {"PASS/FAIL": Judgement(
        "both",
        "The data bucket denies s3:* to everyone with BoolIfExists aws:SecureTransport "
        "false instead of Bool. S3 sets aws:SecureTransport on every request, so IfExists "
        "changes nothing and every HTTP request is denied: ours treats the two operators "
        "alike and PASSes the bucket. Prowler accepts only Bool and FAILs it. By the letter "
        "of the procedure's sample statement Prowler is right; in substance ours. The item "
        "FAILs on both sides anyway (the other two buckets).",
        '"Condition": { "Bool": { "aws:SecureTransport": "false" }')},
    "2.1.2": {"NOT_PROVABLE/FAIL": Judgement(
        "Prowler",
        "The bucket is versioned and MFA Delete was never enabled, so Prowler's FAIL is the "
        "truth, and its reading (no MFADelete in the answer means never enabled) is how AWS "
        "answers. Ours cannot tell on moto, whose GetBucketVersioning never returns "
        "MFADelete even when it was enabled (see the compliant account), and says "
        "NOT_PROVABLE: not a wrong verdict, but a weaker one than the state allows. The item "
        "FAILs on both sides anyway (the access-log bucket is not versioned).",
        "Confirm that MFA Delete is `Enabled`")},
}

# Items an account breaks on purpose: the report shows both tools' reasons for them, so a
# reason that names the wrong cause is visible even when the verdicts agree.
BROKEN_ITEMS = {"broken-alerts": ("4.3", "4.4", "4.5", "4.6")}

# Faults on our side that the verdict columns do not show (judged on this commit's code).
OUR_FAULTS = [
    "2.3.3: ours judges the PubliclyAccessible flag only; the procedure goes on to the "
    "subnet's route table (0.0.0.0/0 to an internet gateway). On a private subnet ours would "
    "FAIL an instance the procedure accepts.",
    "2.1.2 on moto: ours says NOT_PROVABLE for a versioned bucket that never had MFA Delete, "
    "where AWS's answer (no MFADelete element) would prove the FAIL.",
    "4.13: our filter lacks the literal eventSource clause of the v3.0.0 pattern (see the "
    "4.13 judgement).",
]

# What this comparison does not show (rendered at the end of the report).
NOT_COVERED = [
    "The broken account's trail without management events makes every CIS 4.x item FAIL "
    "on our side for that reason alone; the broken-alerts account (sound trail) judges the "
    "4.x chains on their own: a filter missing an event (4.4), an alarm on a topic without "
    "subscribers (4.3), a deleted alarm (4.5), a filter on a log group the trail does not "
    "deliver to (4.6).",
    "Items both tools agree on can both be wrong; resources within an agreeing item are "
    "compared by ARN (section above), but only where both tools name the same ARN.",
    "moto gaps decide some verdicts (GetContactInformation, ListEnabledProductsForImport, "
    "GetMacieSession's default ENABLED, MFADelete never reported, the account EBS default "
    "not applied to new volumes, a multi-region trail unknown outside its home region); a "
    "run against a real account would settle those items.",
    "AWS Config's first delivery (lastStatus SUCCESS, which 3.3 demands) is simulated with "
    "the harness's deliver_config_snapshot in the compliant and broken-alerts accounts; "
    "moto alone leaves every recorder PENDING.",
    "Two regions only, as asked; Prowler and ours both read exactly those two.",
]

# Races in Prowler seen across runs on one unchanged state; a single run may not show them.
PROWLER_RACES = [
    "3.3: the Config service keys recorders by name, so same-named recorders of us-east-1 "
    "and eu-west-1 overwrite each other; on the broken account (eu-west-1 recorder stopped) "
    "Prowler PASSed 3.3 in 1 of 3 runs.",
    "3.8 / 3.9: trails are keyed by ARN and the multi-region trail is read from both regions; "
    "when the eu-west-1 read lands last, its GetEventSelectors for the us-east-1 trail gets "
    "moto's TrailNotFoundException and Prowler FAILs; otherwise it PASSes (both seen on the "
    "compliant and the broken account).",
]


# ---------------------------------------------------------------------------------------
# CIS v7.0.0: judgements of the disagreements on v7.0.0 items (same shape as EXPLANATIONS;
# quotes are words of v7.0.0's audit procedure as Prowler's cis_7.0_aws.json quotes it). A
# v7 item not listed here whose same_as chain leads to a v3.0.0 item with the same Prowler
# checks takes that item's v3.0.0 judgement (judge(), marked as carried in the report).
# ---------------------------------------------------------------------------------------

EXPLANATIONS.setdefault("2.1.4", {})["bare:PASS/FAIL"] = Judgement(
    "both",
    "No bucket exists. The procedure has two branches, 'If utilizing Block Public Access "
    "(bucket settings)' and '(account settings)': ours checks the account-level block first "
    "and otherwise every bucket's own block, so with no bucket nothing is left open and it "
    "says NOT_APPLICABLE (shown as PASS) with the account-level settings that are off in "
    "the reason. Prowler's s3_account_level_public_access_blocks FAILs the account whenever "
    "the account-level block is off, bucket or no bucket. Ours follows the letter (no bucket "
    "is exposed), Prowler the safer reading (the next bucket is not covered); on AWS a new "
    "bucket gets its own block by default.",
    "If utilizing Block Public Access (bucket settings)")

_NO_OUR_CONTROL = (
    "No control of ours was mapped to this v7.0.0 item in the catalog the run read (the "
    "item's own controls were being added), so ours reports NOT_ASSESSED, which is no "
    "verdict. ")
_STANDALONE = (
    "Each seeded account is a standalone account, not in an organization. The procedure "
    "audits an organization from its management account; ours says NOT_APPLICABLE ('not in "
    "an organization', shown as PASS); Prowler's {check} reports only when "
    "DescribeOrganization shows an ACTIVE organization and emits nothing otherwise, which "
    "reads like nothing to check.")
_V7_TRAIL = "Ensure the identified multi-region CloudTrail trail captures all management events"

EXPLANATIONS_V7: dict[str, dict[str, Judgement]] = {
    **{item: {
        "PASS/silent": Judgement("ours", _STANDALONE.format(check=check), quote),
        "NOT_ASSESSED/silent": Judgement(
            "neither", _NO_OUR_CONTROL + "Prowler is silent for a standalone account. The "
            "answer the procedure gives here is 'no organization, nothing to audit', which "
            "neither tool writes down.", quote)}
       for item, check, quote in (
           ("2.1.1", "iam_root_credentials_management_enabled",
            "confirm that an Organization exists and that this account is listed as the "
            "Management account"),
           ("2.1.5", "organizations_delegated_administrators",
            "verify that this is the management account for the organization"),
           ("2.1.6", "organizations_delegated_administrators",
            "Sign in to the management account and open the CloudTrail console"))},
    "2.1.2": {
        "PASS/MANUAL": Judgement(
            "both",
            "Standalone account: ours' guardrail controls (SCPs denying regions outside the "
            "allowlist and protecting CloudTrail, Config and the security services, the "
            "procedure's 'Common examples') say NOT_APPLICABLE, 'not in an organization'. "
            "Prowler maps no check. The procedure starts from the organization's own "
            "documented baseline, which only a person can name, and lists SCPs from the "
            "management account; with no organization both readings are honest.",
            "document or confirm your organization's baseline guardrail requirements"),
        "NOT_ASSESSED/MANUAL": Judgement(
            "both", _NO_OUR_CONTROL + "Prowler maps no check. Neither judges; the "
            "procedure needs the organization's documented baseline and a management "
            "account, neither of which a standalone account has.",
            "document or confirm your organization's baseline guardrail requirements"),
    },
    "2.5": {
        "PASS/silent": Judgement(
            "ours",
            "The v7.0.0 procedure reads AccountMFAEnabled and AccountPasswordPresent from the "
            "account summary: the root has MFA (AccountMFAEnabled 1), so it passes; ours "
            "reads exactly that. Prowler's iam_root_mfa_enabled skips the root unless its "
            "credential-report row has password_enabled true (documented as not_supported "
            "for the root) or an active key, and emits nothing.",
            "Ensure the AccountMFAEnabled property is set to 1 or the AccountPasswordPresent "
            "property is set to 0"),
        "NOT_PROVABLE/silent": Judgement(
            "ours",
            "The bare account's root has no MFA, so the item turns on whether the root still "
            "has a password (AccountPasswordPresent, new in the procedure since v5.0.0). "
            "moto's account summary has no AccountPasswordPresent: ours says NOT_PROVABLE "
            "with that reason (ERROR on AWS, where the key is always there); Prowler is "
            "silent (no root row in moto's credential report of this account).",
            "Ensure the AccountMFAEnabled property is set to 1 or the AccountPasswordPresent "
            "property is set to 0"),
    },
    "2.6": {
        "PASS/silent": Judgement(
            "ours",
            "The procedure reads the account summary, then list-virtual-mfa-devices (a root "
            "serial there means virtual MFA); ours reads both: MFA on, no root virtual "
            "device. Prowler's iam_root_hardware_mfa_enabled has the same root-row gate as "
            "2.5 and emits nothing. (CIS lists 2.6 as Manual; both tools automate it.)",
            "aws iam list-virtual-mfa-devices"),
        "NOT_PROVABLE/silent": Judgement(
            "ours",
            "As 2.5: the root has no MFA and moto's account summary has no "
            "AccountPasswordPresent, which decides the item; ours says NOT_PROVABLE with that "
            "reason, Prowler is silent.",
            "`AccountPasswordPresent` set to `0` indicates that the `root` console credential "
            "has been removed"),
    },
    "2.7": {
        "MANUAL/PASS": Judgement(
            "ours",
            "CIS lists the item as Manual and ours leaves it to a person: the procedure has "
            "the reviewer read when the root was last used and weigh that against the tasks "
            "that require the root. Prowler's iam_avoid_root_usage PASSes because the root "
            "was not used in the last day (the seeded root signed in 200 days ago), which is "
            "a useful lead but not the item's verdict.",
            "Review `password_last_used`, `access_key_1_last_used_date`, "
            "`access_key_2_last_used_date` to determine when the _root user_ was last used"),
        "MANUAL/silent": Judgement(
            "both",
            "A Manual item left to a person by ours; Prowler's iam_avoid_root_usage finds no "
            "root row in moto's credential report of the bare account and emits nothing.",
            "Review `password_last_used`, `access_key_1_last_used_date`, "
            "`access_key_2_last_used_date` to determine when the _root user_ was last used"),
    },
    "2.12": {"PASS/silent": Judgement("both", _VACUOUS.format(what="no IAM user, no access "
                                                                   "key"))},
    "2.16": {
        "NOT_ASSESSED/FAIL": Judgement(
            "Prowler",
            "CIS lists the item as Automated (since v4.0.1) and its command-line steps read "
            "IamInstanceProfile of every instance; the seeded instances have none, so "
            "Prowler's ec2_instance_profile_attached FAIL follows those steps. Ours has no "
            "control that reads instance profiles (the framework file says so): no verdict "
            "on an Automated item is a gap on our side. The procedure's first step (scan "
            "the instance for stored secrets) is beyond any API for both.",
            "Run the `describe-instances` command again for each EC2 instance using the "
            "`IamInstanceProfile` identifier in the query filter to check if an IAM role is "
            "attached"),
        "NOT_ASSESSED/silent": Judgement(
            "Prowler",
            "No instance: nothing to judge, and Prowler's silence is its usual vacuous "
            "answer. Ours has no control for the item at all (NOT_ASSESSED), whatever the "
            "account holds.",
            "Repeat steps 2 and 3 for each EC2 instance in your AWS account."),
    },
    "2.18": {
        "NOT_ASSESSED/PASS": Judgement(
            "Prowler",
            _NO_OUR_CONTROL + "An ACCOUNT-type external access analyzer is ACTIVE in both "
            "regions. The console steps accept any analyzer whose finding type is External "
            "Access; the command line asks for `--type ORGANIZATION`, which a standalone "
            "account cannot have. Prowler's accessanalyzer_enabled accepts any ACTIVE "
            "analyzer, as the console steps do.",
            "Look for analyzers where the `Finding type` is `External Access`."),
        "NOT_ASSESSED/silent": Judgement(
            "neither",
            _NO_OUR_CONTROL + "Nothing seeded an analyzer in the bare account and moto has "
            "no Access Analyzer backend: Prowler's accessanalyzer service fails on "
            "ListAnalyzers and emits nothing. The state (no analyzer) is a FAIL on AWS; "
            "neither tool can show it here.",
            "Ensure that at least one Analyzer's `status` is set to `ACTIVE`."),
        "NOT_PROVABLE/silent": Judgement(
            "ours",
            "Nothing seeded an analyzer in the bare account and moto has no Access Analyzer "
            "backend (the harness answers ListAnalyzers only where a test seeded it, else an "
            "EmulatorGap). Ours reports NOT_PROVABLE with that reason; Prowler's "
            "accessanalyzer service fails on the same request and emits no finding, which "
            "reads like nothing to check.",
            "Ensure that at least one Analyzer's `status` is set to `ACTIVE`."),
    },
    "2.19": _same(("MANUAL/PASS", "MANUAL/FAIL"), Judgement(
        "ours",
        "CIS lists the item as Manual and ours leaves it to a person: the procedure asks "
        "which accounts should have no local users and whether IAM users representing "
        "individuals are present, which needs the organization's own knowledge. Prowler's "
        "iam_check_saml_providers_sts judges whether a SAML provider exists: it PASSes the "
        "seeded accounts that have one although they also hold the console user alice, and "
        "FAILs the bare account, a single account to which the multi-account procedure does "
        "not obviously apply.",
        "Confirm that no IAM users representing individuals are present")),
    "2.21": {"NOT_ASSESSED/PASS": Judgement(
        "Prowler",
        _NO_OUR_CONTROL + "The bare account holds no bucket, queue, topic or function; its "
        "default EventBridge buses allow no wildcard principal, which Prowler's "
        "eventbridge_bus_exposed PASSes (its other seven checks have nothing to judge).",
        "Inspect the retrieved policies and identify statements containing")},
    "3.1.1": {
        "NOT_ASSESSED/FAIL": Judgement(
            "Prowler",
            "The broken account's CloudTrail bucket denies only s3:GetObject over HTTP and "
            "the access-log bucket denies nothing: the procedure fails both (the Deny must "
            "cover s3:*). Prowler's s3_bucket_secure_transport_policy FAILs them. Ours has "
            "no control for the v7.0.0 procedure (it also accepts a Deny on s3:TlsVersion "
            "below a minimum; our v3.0.0 control accepts only aws:SecureTransport and is "
            "not borrowed): NOT_ASSESSED, a gap on our side.",
            "Ensure that a policy is listed that matches either"),
        "NOT_ASSESSED/PASS": Judgement(
            "Prowler",
            "Every bucket denies s3:* when aws:SecureTransport is false, which the procedure "
            "accepts; Prowler PASSes them. Ours has no control for the v7.0.0 procedure "
            "(see the framework file's reason): NOT_ASSESSED, a gap on our side.",
            "Confirm that the policy line has Effect set to Deny"),
        "NOT_ASSESSED/silent": Judgement(
            "Prowler",
            "No bucket: nothing to judge, and Prowler's silence is its usual vacuous answer. "
            "Ours has no control for the v7.0.0 procedure (NOT_ASSESSED) whatever the "
            "account holds.",
            "Repeat for all the buckets in your AWS account."),
    },
    "3.1.2": {
        **_same(("compliant:MANUAL/FAIL", "broken-alerts:MANUAL/FAIL"), Judgement(
            "ours",
            "CIS lists the item as Manual (since v4.0.1) and ours leaves it to a person. "
            "Every bucket of this account was put under versioning with MFADelete Enabled, "
            "but moto's GetBucketVersioning never returns MFADelete: Prowler's "
            "s3_bucket_no_mfa_delete reads the absent field as disabled and FAILs a state "
            "that is compliant. On AWS the field would be there.",
            "Confirm that MFA Delete is `Enabled`")),
        "broken:MANUAL/FAIL": Judgement(
            "Prowler",
            "The broken account's buckets never had MFA Delete, so Prowler's FAIL is the "
            "truth, read as the procedure reads it (get-bucket-versioning). CIS lists the "
            "item as Manual and ours leaves it to a person, although its procedure is a "
            "single read per bucket: a weaker answer than the state allows.",
            "If the console or CLI output does not show that Versioning and MFA Delete are "
            "`enabled`, please refer to the remediation below."),
        "MANUAL/silent": Judgement(
            "both", "No bucket: ours leaves the Manual item to a person, Prowler has nothing "
            "to judge and emits nothing.", "Confirm that MFA Delete is `Enabled`"),
    },
    "3.2.4": {
        "MANUAL/FAIL": Judgement(
            "both",
            "The seeded RDS instances are single-AZ. CIS lists the item as Manual: ours "
            "leaves it to a person (whether an instance needs Multi-AZ depends on its "
            "workload); Prowler's rds_instance_multi_az FAILs every single-AZ instance, "
            "which is what the procedure's command reads. Prowler states the fact, ours the "
            "benchmark's status.",
            "If the output is `False`, Multi-AZ is not enabled."),
        "MANUAL/silent": Judgement(
            "both", "No RDS instance or cluster: ours leaves the Manual item to a person, "
            "Prowler has nothing to judge and emits nothing.",
            "If the output is `False`, Multi-AZ is not enabled."),
    },
    "4.1": {"FAIL/PASS": Judgement(
        "ours",
        "The trail is multi-region and logging but its selector excludes management events; "
        "the procedure demands API activity ALL in its management events. Prowler's "
        "cloudtrail_multi_region_enabled checks multi-region and IsLogging only. (CIS lists "
        "4.1 as Manual since v5.0.0; both tools automate it.)",
        "In the section `Management Events`, ensure that `API activity` set to `ALL`")},
    "4.3": {"FAIL/PASS": Judgement(
        "ours",
        "The recorder in eu-west-1 is stopped. Prowler keys the recorders it reads by "
        "recorder name (config_service), so the same-named recorders of us-east-1 and "
        "eu-west-1 overwrite each other and the region read last wins: its verdict changes "
        "from run to run on the same state (see the per-account note). Not an emulator "
        "artefact: recorders of one name in every region are what Terraform and StackSets "
        "make.",
        "aws configservice describe-configuration-recorder-status")},
    "4.4": {"FAIL/silent": Judgement(
        "both",
        "No trail at all. Ours FAILs the item with the reason 'no CloudTrail trail in the "
        "audited regions' (4.1 fails for it too); Prowler emits no finding for a per-trail "
        "check without trails. The procedure starts from the trails' buckets, so silence is "
        "literal and our FAIL is the more useful reading.",
        "aws s3api get-bucket-logging --bucket <s3-bucket-for-cloudtrail>")},
    **{item: {
        "bare:NOT_ASSESSED/FAIL": Judgement(
            "Prowler",
            "No trail, so no trail logs S3 object-level events: Prowler's FAIL is the "
            "procedure's answer. Ours has no control for the per-trail v7.0.0 procedure (our "
            "v3.0.0 control accepts one multi-region trail and is not borrowed): "
            "NOT_ASSESSED, a gap on our side.", quote),
        "NOT_ASSESSED/FAIL": Judgement(
            "neither",
            "The only trail is multi-region and its selector logs S3 object-level events of "
            "all buckets (arn:aws:s3, ReadWriteType All), which the procedure accepts. "
            "Prowler's FAIL is its race on the multi-region trail read from both regions "
            "(see 'verdicts that depend on thread timing'; it PASSed in other runs). Ours has "
            "no control for the per-trail v7.0.0 procedure: NOT_ASSESSED, no verdict.", quote),
        "NOT_ASSESSED/PASS": Judgement(
            "Prowler",
            "The only trail is multi-region and logs S3 object-level events of all buckets, "
            "which the procedure accepts; Prowler PASSes. Ours has no control for the "
            "per-trail v7.0.0 procedure: NOT_ASSESSED, a gap on our side.", quote)}
       for item, quote in (
           ("4.8", "S3 Bucket Name: All current and future S3 buckets Write: Enabled"),
           ("4.9", "S3 Bucket Name: All current and future S3 buckets Read: Enabled"))},
    "4.10": {"PASS/silent": Judgement("both", _VACUOUS.format(
        what="no CloudFront distribution, load balancer or API Gateway API; ours says "
             "NOT_APPLICABLE, shown as PASS"))},
    **{item: {"broken:FAIL/PASS": Judgement(
        "ours", _TRAIL_MANAGEMENT + " (CIS lists the monitoring items as Manual since "
        "v5.0.0 for 5.1, and 5.2-5.15 in v7.0.0; both tools automate them.)", _V7_TRAIL)}
       for item in ("5.1", "5.2", "5.4", "5.5", "5.6", "5.7", "5.8", "5.9", "5.10", "5.11",
                    "5.12", "5.13", "5.14", "5.15")},
    "5.3": {
        "broken:FAIL/PASS": Judgement(
            "ours",
            _TRAIL_MANAGEMENT + " Besides, the 5.3 alarm notifies a topic without any "
            "subscription, which the procedure fails too (judged on its own in the "
            "broken-alerts account).", _V7_TRAIL),
        "broken-alerts:FAIL/PASS": Judgement(
            "ours", _NO_SUBSCRIBER,
            "Ensure there is at least one active subscriber to the SNS topic"),
    },
    "6.1.2": {"PASS/silent": Judgement(
        "ours",
        "The procedure reads every security group's inbound rules to port 445; ours does and "
        "PASSes each default group by name. Prowler's ec2_instance_port_cifs_exposed_to_"
        "internet judges instances (and their groups) only: with no instance it emits "
        "nothing, whatever the groups allow.",
        "Look for `0.0.0.0/0` or `::/0` in the output, which indicates unrestricted access.")},
    "6.7": {"PASS/silent": Judgement("both", _VACUOUS.format(
        what="no EC2 instance; ours says NOT_APPLICABLE, shown as PASS"))},
    "6.8": {
        "FAIL/MANUAL": Judgement(
            "both",
            "CIS lists the item as Manual and Prowler maps no check. Ours FAILs each default "
            "VPC that holds a network interface (the seeded RDS or EC2 instance) and no VPC "
            "endpoint: it takes every VPC in use as in scope and leaves the reviewer to "
            "waive those that are not. The procedure's first step (which VPCs host "
            "production or sensitive workloads, which services they depend on) is a "
            "person's; ours' FAIL is the stricter default, a useful list for that person.",
            "Determine which VPCs host production or sensitive workloads that should access "
            "AWS services securely via endpoints."),
        "PASS/MANUAL": Judgement(
            "both",
            "CIS lists the item as Manual and Prowler maps no check. The bare account's "
            "default VPCs hold no network interface, so nothing in them reaches AWS services "
            "and ours says NOT_APPLICABLE (shown as PASS).",
            "Determine which VPCs host production or sensitive workloads that should access "
            "AWS services securely via endpoints."),
    },
}
EXPLANATIONS_V7["5.13"]["PASS/FAIL"] = Judgement(
    "both",
    "Prowler demands the literal `$.eventSource = ec2.amazonaws.com` clause of the pattern "
    "(v7.0.0 prints the v3.0.0 pattern unchanged). Our filter is the earlier CIS pattern "
    "without it; it matches every route-table event the item lists (ours evaluates filters "
    "against sample events, not text), and as printed the clause binds only to CreateRoute "
    "('A && B || C ...'). By the letter Prowler is right, in substance ours; cheap fix on "
    "our side: add the eventSource clause to the security-alerts module's pattern.",
    "{($.eventSource = ec2.amazonaws.com) && ($.eventName = CreateRoute)")
EXPLANATIONS_V7["5.15"]["PASS/FAIL"] = Judgement(
    "ours",
    "Our filter is the benchmark's pattern (eventSource organizations plus its 18 event "
    "names, unchanged since v3.0.0). Prowler's check requires 21 names, adding "
    "CancelHandshake, CreateOrganization and EnableAllFeatures, which the benchmark does not "
    "list: it fails the benchmark's own pattern.",
    "($.eventName = UpdatePolicy) || ($.eventName = UpdateOrganizationalUnit)) }")

RESOURCE_EXPLANATIONS_V7: dict[str, dict[str, Judgement]] = {
    "3.1.1": {"PASS/FAIL": Judgement(
        RESOURCE_EXPLANATIONS["2.1.1"]["PASS/FAIL"].right,
        RESOURCE_EXPLANATIONS["2.1.1"]["PASS/FAIL"].why,
        "ensure that there is also a bucket policy with the effect `deny` that contains the "
        "key `aws:SecureTransport: false`")},
}
# States reached once the v4.0.1-era items got their controls (ec2-instances-use-instance-
# profiles, s3-bucket-policy-denies-insecure-transport, cloudtrail-every-trail-s3-data-events-*).
EXPLANATIONS_V7.setdefault("2.16", {})["PASS/silent"] = Judgement("both", _VACUOUS.format(
    what="no EC2 instance; ours says NOT_APPLICABLE per region, shown as PASS"))
EXPLANATIONS_V7.setdefault("3.1.1", {})["PASS/silent"] = Judgement("both", _VACUOUS.format(
    what="no S3 bucket; ours says NOT_APPLICABLE, shown as PASS"))
for _item, _quote in (("4.8", "S3 Bucket Name: All current and future S3 buckets Write: Enabled"),
                      ("4.9", "S3 Bucket Name: All current and future S3 buckets Read: Enabled")):
    EXPLANATIONS_V7.setdefault(_item, {})["PASS/FAIL"] = Judgement(
        "ours",
        "The only trail is multi-region and its basic selector logs S3 object-level events of "
        "all buckets (arn:aws:s3, ReadWriteType All), which the procedure accepts for each "
        "trail; ours PASSes it. Prowler's FAIL is its race on the multi-region trail read "
        "from both regions (see 'verdicts that depend on thread timing'; it PASSed in other "
        "runs).", _quote)
EXPLANATIONS.setdefault("1.18", {})["MANUAL/PASS"] = Judgement(
    "both",
    "CIS v3.0.0 lists the item as Manual and ours leaves it to a person: whether an instance "
    "that performs AWS actions also holds embedded credentials needs a look inside it. "
    "Prowler's ec2_instance_profile_attached PASSes the seeded instances, which carry an "
    "instance profile holding a role: that answers the role part only. From v4.0.1 (v7.0.0 "
    "2.16) the item is Automated and ours judges it with ec2-instances-use-instance-profiles.",
    "If the Role is blank, the instance is not assigned to one.")

# A carried v3.0.0 judgement quotes the v3.0.0 procedure; where Prowler's v7.0.0 copy words
# it differently (quotes stripped, case), the v7.0.0 words that decide, by v7 item.
CARRIED_QUOTES_V7 = {
    "2.4": "aws iam get-account-summary | grep AccountAccessKeysPresent",
    "3.1.3": "Confirm that you have a job set up for your S3 buckets.",
    "3.2.3": "If the Publicly Accessible flag is set to `Yes`, then the selected RDS database "
             "instance is publicly accessible and insecure",
    "6.6": "if the DestinationCidrBlock is as specific as desired",
}

# v7.0.0 numbers of the v3.0.0 4.3-4.6 chains the broken-alerts account breaks.
BROKEN_ITEMS_V7 = {"broken-alerts": ("5.3", "5.4", "5.5", "5.6")}

OUR_FAULTS_V7: list[str] = [
    "Automated v7.0.0 items without a control of ours (NOT_ASSESSED, the framework file's "
    "reason in each row): 2.16 instance profiles, 3.1.1 (the TLS-version alternative), "
    "4.8 / 4.9 (asked of each trail). Prowler gives each a verdict; ours gives none.",
    "3.1.2: ours leaves MFA Delete to a person because CIS lists it as Manual, although its "
    "procedure is one get-bucket-versioning per bucket.",
    "3.2.3: ours judges the PubliclyAccessible flag only; the procedure goes on to the "
    "subnet's route table (0.0.0.0/0 to an internet gateway). On a private subnet ours would "
    "FAIL an instance the procedure accepts.",
    "5.13: our filter lacks the literal eventSource clause of the pattern (see the 5.13 "
    "judgement).",
]

NOT_COVERED_V7: list[str] = [
    "Every seeded account is standalone: the six Organizations items 2.1.1-2.1.6 are judged "
    "only as 'not in an organization' (ours NOT_APPLICABLE or MANUAL, Prowler silent or "
    "MANUAL); their procedures, run from a management account, are not exercised here.",
    "2.21, 4.10 and 6.8 meet almost nothing to judge: no public resource policy, no web "
    "front-end (CloudFront, load balancer, API Gateway), no VPC endpoint.",
    "Items CIS lists as Manual but both tools automate (4.1, 4.4, 5.1-5.15, 2.6): agreement "
    "there says nothing about the review by a person the benchmark asks for.",
    "The broken account's trail without management events makes every monitoring item "
    "5.x FAIL on our side for that reason alone; the broken-alerts account (sound trail) "
    "judges the chains on their own: 5.4 filter missing an event, 5.3 alarm on a topic "
    "without subscribers, 5.5 deleted alarm, 5.6 filter on a log group the trail does not "
    "deliver to.",
    "moto gaps decide some verdicts (AccountPasswordPresent missing from the account "
    "summary, no Access Analyzer backend, MFADelete never reported, GetMacieSession's "
    "default ENABLED, ListEnabledProductsForImport, a multi-region trail unknown outside its "
    "home region); a run against a real account would settle those items.",
    "Items both tools agree on can both be wrong; resources within an agreeing item are "
    "compared by ARN, but only where both tools name the same ARN.",
    "Two regions only; Prowler and ours both read exactly those two.",
]

PROWLER_RACES_V7: list[str] = [
    "4.3: the Config service keys recorders by name, so same-named recorders of us-east-1 "
    "and eu-west-1 overwrite each other; on the broken account (eu-west-1 recorder stopped) "
    "Prowler FAILed 4.3 in 1 of 3 runs and PASSed it in the others (same check as v3.0.0 "
    "3.3).",
    "4.8 / 4.9: trails are keyed by ARN and the multi-region trail is read from both regions; "
    "when the eu-west-1 read lands last, its GetEventSelectors for the us-east-1 trail gets "
    "moto's TrailNotFoundException and Prowler FAILs; otherwise it PASSes (flipped on the "
    "compliant, broken and broken-alerts accounts; same checks as v3.0.0 3.8 / 3.9).",
]


@dataclass(frozen=True)
class Edition:
    """One CIS edition compared: our framework key, Prowler's compliance id, the tables that
    judge its disagreements and the notes of its report."""

    key: str
    version: str
    report: str  # file stem under bench/results
    explanations: dict[str, dict[str, Judgement]]
    resource_explanations: dict[str, dict[str, Judgement]]
    broken_items: dict[str, tuple[str, ...]]
    our_faults: list[str]
    not_covered: list[str]
    races: list[str]
    # an earlier edition whose judgements carry over to this edition's items that take an
    # earlier item over unchanged (same_as) and keep its Prowler checks, with this edition's
    # words for the quotes its copy of the procedure words differently (by item)
    carry_from: str = ""
    carried_quotes: dict[str, str] = field(default_factory=dict)

    @property
    def prowler(self) -> str:
        return PROWLER_IDS[self.key]


EDITIONS = {
    V3: Edition(V3, "v3.0.0", "vs-prowler", EXPLANATIONS, RESOURCE_EXPLANATIONS, BROKEN_ITEMS,
                OUR_FAULTS, NOT_COVERED, PROWLER_RACES),
    V7: Edition(V7, "v7.0.0", "vs-prowler-v7", EXPLANATIONS_V7, RESOURCE_EXPLANATIONS_V7,
                BROKEN_ITEMS_V7, OUR_FAULTS_V7, NOT_COVERED_V7, PROWLER_RACES_V7, carry_from=V3,
                carried_quotes=CARRIED_QUOTES_V7),
}


def _lookup(table: dict[str, dict[str, Judgement]], item: str, account: str, kind: str
            ) -> Judgement | None:
    kinds = table.get(item, {})
    return kinds.get(f"{account}:{kind}") or kinds.get(kind)


def prowler_checks(compliance: str, item: str) -> tuple[str, ...] | None:
    requirement = next((r for r in prowler_framework(compliance)["Requirements"]
                        if r["Id"] == item), None)
    return None if requirement is None else tuple(sorted(requirement["Checks"]))


def judge(edition: Edition, item: str, account: str, kind: str, *,
          resource: bool = False) -> dict[str, Any] | None:
    """The judgement of a disagreement of ``kind`` ("<ours>/<Prowler>") on ``item``: the
    edition's own table first, then (``carry_from``) the earlier edition's judgement of the
    item this one takes over unchanged, when Prowler judges both with the same checks."""
    table = edition.resource_explanations if resource else edition.explanations
    found = _lookup(table, item, account, kind)
    if found is not None:
        return asdict(found)
    if not edition.carry_from:
        return None
    earlier = EDITIONS[edition.carry_from]
    source = earlier_item(edition.key, item, earlier.key)
    if source is None or prowler_checks(edition.prowler, item) != prowler_checks(
            earlier.prowler, source):
        return None
    table = earlier.resource_explanations if resource else earlier.explanations
    found = _lookup(table, source, account, kind)
    if found is None:
        return None
    return {**asdict(found), "quote": edition.carried_quotes.get(item, found.quote),
            "carried_from": f"{earlier.version} item {source}"}


# ---------------------------------------------------------------------------------------
# The run and the report.
# ---------------------------------------------------------------------------------------


def versions() -> dict[str, str]:
    prowler = subprocess.run([str(PROWLER_VENV / "bin" / "python"), "-c",
                              "from importlib.metadata import version as v;"
                              "print(v('prowler'), v('boto3'), v('botocore'))"],
                             capture_output=True, text=True, check=True).stdout.split()
    return {"governance": metadata.version("aws-governance-baseline"),
            "moto": metadata.version("moto"), "boto3 (ours)": metadata.version("boto3"),
            "prowler": prowler[0], "boto3 (Prowler)": prowler[1],
            "python": platform.python_version()}


def classify(ours: str, theirs: str) -> str:
    """agree; verdicts differ (PASS against FAIL); one side judged (PASS or FAIL against
    MANUAL, NOT_ASSESSED, NOT_PROVABLE, ERROR or silence); neither judged (both open)."""
    if ours == theirs:
        return "agree"
    judged = (ours in JUDGED) + (theirs in JUDGED)
    return {2: "verdicts differ", 1: "one side judged", 0: "neither judged"}[judged]


CLASSES = ("agree", "verdicts differ", "one side judged", "neither judged")


def compare(accounts: dict[str, dict[str, Any]], edition: Edition) -> None:
    ours_items = our_cis_items(edition.key)
    prowler_items = {r["Id"]: r for r in prowler_framework(edition.prowler)["Requirements"]}
    items = sorted(ours_items.keys() | prowler_items.keys(), key=item_key)
    for name, account in accounts.items():
        result = account["editions"][edition.key]
        rows = []
        for item in items:
            ours = result["ours_items"].get(item, {"verdict": SILENT, "detail": ""})
            theirs = result["prowler_items"].get(item, {"verdict": SILENT, "detail": ""})
            agree = ours["verdict"] == theirs["verdict"]
            row: dict[str, Any] = {"item": item, "ours": ours, "prowler": theirs, "agree": agree,
                                   "class": classify(ours["verdict"], theirs["verdict"])}
            if not agree:
                row["judgement"] = judge(edition, item, name,
                                         f"{ours['verdict']}/{theirs['verdict']}")
                # One side leaves the item to a person, the other decides it: a difference
                # of kind (what the item is), not of what the account's state is.
                row["of_kind"] = ("MANUAL" in (ours["verdict"], theirs["verdict"])
                                  and row["class"] == "one side judged")
            rows.append(row)
        result["rows"] = rows
        result["agreement"] = {"items": len(rows), "disagree": sum(not r["agree"] for r in rows),
                               **{c: sum(r["class"] == c for r in rows) for c in CLASSES}}
        # Items both tools judge alike can still hide a resource they judge differently.
        hidden = []
        for row in rows:
            if not row["agree"] or row["ours"]["verdict"] not in JUDGED:
                continue
            item = row["item"]
            ours_r = result.get("ours_resources", {}).get(item, {})
            theirs_r = result.get("prowler_resources", {}).get(item, {})
            for resource in sorted(ours_r.keys() & theirs_r.keys()):
                kind = f"{ours_r[resource]}/{theirs_r[resource]}"
                if ours_r[resource] != theirs_r[resource]:
                    hidden.append({"item": item, "resource": resource, "kind": kind,
                                   "judgement": judge(edition, item, name, kind, resource=True)})
        result["hidden"] = hidden


def _cell(verdict: dict[str, Any]) -> str:
    return verdict["verdict"]


def _procedure(requirement: dict[str, Any] | None) -> str:
    if not requirement:
        return ""
    return " ".join(requirement["Attributes"][0].get("AuditProcedure", "").split())


def _judgement_lines(lines: list[str], judgement: dict[str, Any] | None,
                     requirement: dict[str, Any] | None, table: str, edition: Edition) -> int:
    """Append the judgement (or UNEXPLAINED); 1 when unexplained."""
    if judgement is None:
        lines.append("- **UNEXPLAINED**: no judgement for this kind of disagreement in "
                     f"{table} (bench/bench_vs_prowler.py)")
        return 1
    carried = judgement.get("carried_from")
    lines.append(f"- right: **{judgement['right']}**. {judgement['why']}"
                 + (f" *(Judgement carried from CIS {carried}: this item takes it over "
                    "unchanged (same_as) and Prowler judges both with the same checks; item "
                    "numbers in the text are v3.0.0's.)*" if carried else ""))
    procedure = _procedure(requirement)
    quote = judgement["quote"]
    if quote:
        found = " ".join(quote.split()) in procedure
        lines += [f"- CIS {edition.version} audit procedure, quoted"
                  + ("" if found or not procedure else
                     " (NOT found verbatim in Prowler's copy)") + ":", "", f"  > {quote}"]
    return 0


def _of_kind_line(row: dict[str, Any], requirement: dict[str, Any] | None,
                  edition: Edition) -> str:
    status = (requirement or {}).get("Attributes", [{}])[0].get("AssessmentStatus", "")
    listed = f"CIS {edition.version} lists the item as {status}" if status else \
        f"the item is not in Prowler's {edition.prowler}.json"
    checks = ", ".join((requirement or {}).get("Checks", [])) or "none"
    if row["ours"]["verdict"] == "MANUAL":
        return (f"- a disagreement of kind, not of state: {listed}; ours leaves it to a person "
                f"(MANUAL), Prowler decides it with its checks ({checks}).")
    return (f"- a disagreement of kind, not of state: {listed}; ours decides it with its "
            "controls, Prowler leaves it to a person (MANUAL"
            + ("" if checks == "none" else f"; its checks: {checks}") + ").")


def write_report(data: dict[str, Any], edition: Edition) -> None:
    framework = prowler_framework(edition.prowler)
    ours_items = our_cis_items(edition.key)
    requirements = {r["Id"]: r for r in framework["Requirements"]}
    others = [e for e in EDITIONS.values() if e is not edition]
    lines = [f"# Our audit vs Prowler, CIS AWS Foundations {edition.version}, on moto", "",
             f"Measured {data['date']} on {data['machine']} (2 cores shared), "
             "`make bench-prowler`. Both tools read the same moto server (in-process "
             "ThreadedMotoServer) in the same run, for regions " + ", ".join(REGIONS) + ". "
             "The same runs judge the other edition"
             + "".join(f" (CIS {e.version}: bench/results/{e.report}.md)" for e in others)
             + ".", "",
             "| tool | version |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in data["versions"].items()]
    lines += ["", "Commands (credentials of the sandbox account in the environment; https "
              "to a closed port so nothing reaches AWS):", "",
              f"- ours: `{data['commands']['ours']}`",
              f"- Prowler: `{data['commands']['prowler']}` with `AWS_ENDPOINT_URL` and "
              "`HTTP_PROXY` set to the moto endpoint", "",
              "## Wall time per account (one account, two regions)", "",
              "| account | ours (s) | Prowler (s) | Prowler / ours | ours runs (s) | Prowler runs (s) |"
              f" ours exit | Prowler exit | Prowler findings | {edition.version} verdicts same in "
              "every run |", "|---|---|---|---|---|---|---|---|---|---|"]
    for name, r in data["accounts"].items():
        stable = r["editions"][edition.key]["verdicts_stable"]
        lines.append(f"| {name} | {r['ours_s']:.1f} | {r['prowler_s']:.1f} | "
                     f"{r['prowler_s'] / r['ours_s']:.1f}x | "
                     f"{', '.join(f'{t:.1f}' for t in r['ours_runs_s'])} | "
                     f"{', '.join(f'{t:.1f}' for t in r['prowler_runs_s'])} | {r['ours_exit']} | "
                     f"{r['prowler_exit']} | {r['prowler_findings']} | "
                     f"{'yes' if stable else '**no**'} |")
    ratios = {name: r["prowler_s"] / r["ours_s"] for name, r in data["accounts"].items()}
    load = data.get("load", {})
    lines += ["", "Speed ratio for one account in two regions (Prowler / ours, medians of "
              f"{data['repeat']} runs per tool): **{statistics.median(ratios.values()):.1f}x** "
              "(median over the accounts; per account " + ", ".join(
                  f"{name} {ratio:.1f}x" for name, ratio in ratios.items()) + "). Each time is "
              "the wall time of one CLI process from start to exit, interpreter start-up "
              "included; Prowler runs the union of the checks of its mappings "
              + " and ".join(f"`{e.prowler}`" for e in EDITIONS.values())
              + " (one run, `--compliance` with both), ours every control (it reports every "
              "edition from one read). Before the timed runs one untimed read of the account "
              "builds moto's per-region backends, so neither tool pays for them. Prowler's "
              "time includes its retries of what moto answers with HTTP 500 (listed per "
              "account below); the tools alternate on a 2-core machine shared with other "
              "work, so single figures move by tens of percent."
              + (f" Load before the timed runs: 1-minute load {load['start']:.2f} after "
                 f"waiting {load['waited_s'] / 60:.0f} min for it to drop below "
                 f"{load['threshold']}"
                 + ("." if load["start"] < load["threshold"] else
                    " (**it never did**: the figures are from a busier machine).")
                 if load else ""), ""]
    lines += ["## Agreement per account", "",
              "A verdict is judged when it is PASS or FAIL. Disagreements split into: verdicts "
              "differ (PASS against FAIL), one side judged (PASS or FAIL against MANUAL, "
              "NOT_ASSESSED, NOT_PROVABLE, ERROR or silent), neither judged (two different "
              "open verdicts, e.g. MANUAL against silent).", "",
              "| account | items | agree | disagree | verdicts differ | one side judged | "
              "neither judged |", "|---|---|---|---|---|---|---|"]
    for name, r in data["accounts"].items():
        a = r["editions"][edition.key]["agreement"]
        lines.append(f"| {name} | {a['items']} | {a['agree']} | {a['disagree']} | "
                     f"{a['verdicts differ']} | {a['one side judged']} | "
                     f"{a['neither judged']} |")
    lines += ["", "Judgements of the disagreements (which side is right; see Disagreements). "
              "Of kind: one side MANUAL (left to a person), the other PASS or FAIL; carried: "
              "the judgement of the v3.0.0 item this one takes over unchanged.", "",
              "| account | ours | Prowler | both defensible | neither | UNEXPLAINED | of kind | "
              "carried | resource-level (in agreeing items) |",
              "|---|---|---|---|---|---|---|---|---|"]
    for name, account in data["accounts"].items():
        r = account["editions"][edition.key]
        disagreeing = [row for row in r["rows"] if not row["agree"]]
        sides = [row["judgement"]["right"] if row.get("judgement") else "UNEXPLAINED"
                 for row in disagreeing]
        r["judgements"] = {side: sides.count(side)
                           for side in ("ours", "Prowler", "both", "neither", "UNEXPLAINED")}
        r["of_kind"] = sum(bool(row.get("of_kind")) for row in disagreeing)
        r["carried"] = sum(bool((row.get("judgement") or {}).get("carried_from"))
                           for row in disagreeing)
        hidden = r.get("hidden", [])
        r["hidden_unexplained"] = sum(h.get("judgement") is None for h in hidden)
        lines.append(f"| {name} | " + " | ".join(str(n) for n in r["judgements"].values())
                     + f" | {r['of_kind']} | {r['carried']} | {len(hidden)} "
                     f"({r['hidden_unexplained']} UNEXPLAINED) |")
    lines += ["", "Verdicts: PASS, FAIL, ERROR, NOT_PROVABLE (ours only: the emulator cannot "
              "show what the procedure needs), MANUAL (no automated check: ours on purpose, "
              "Prowler where its mapping has no check or its check says MANUAL), NOT_ASSESSED "
              "(ours only: no control of ours judges the item yet; the reason is the framework "
              "file's), silent (no finding for the item). Ours is the item's own verdict "
              f"from our `findings.json` (`items.{edition.key}`; NOT_APPLICABLE shown as PASS, "
              "WAIVED as FAIL); Prowler's is its worst finding of the item's checks, FAIL > "
              f"MANUAL > PASS. Items are the union of our catalog's CIS {edition.version} items "
              f"(`governance/catalog/frameworks/{edition.key}.toml`) and Prowler's "
              f"`{edition.prowler}.json`.", ""]
    for name, account in data["accounts"].items():
        r = account["editions"][edition.key]
        lines += [f"## Account: {name}", ""]
        if name in BREAKS:
            lines += ["What it breaks (item numbers of CIS v3.0.0):", ""] + [
                f"- {b}" for b in BREAKS[name]] + [""]
        if name in edition.broken_items:
            lines += ["Both tools' reasons for the items it breaks:", ""]
            for item in edition.broken_items[name]:
                for tool, label in (("ours_items", "ours"), ("prowler_items", "Prowler")):
                    v = r[tool].get(item, {})
                    lines.append(f"- {item} {label} {v.get('verdict', SILENT)}: "
                                 f"{v.get('detail', '')}")
            lines.append("")
        lines += ["| CIS item | ours | Prowler | agree? |", "|---|---|---|---|"]
        for row in r["rows"]:
            lines.append(f"| {row['item']} | {_cell(row['ours'])} | {_cell(row['prowler'])} | "
                         f"{'yes' if row['agree'] else '**no**'} |")
        attempts = account.get("real_aws_attempts", [])
        lines += ["", "Prowler's log names no real AWS endpoint and no request refused by the "
                  "https guard." if not attempts else
                  "**Prowler's log names a real AWS endpoint** (refused by the https guard): "
                  + "; ".join(f"`{a[:160]}`" for a in attempts)]
        for tool, label in (("ours", "Ours"), ("prowler", "Prowler")):
            changed = r.get("unstable", {}).get(tool, {})
            if changed:
                lines += ["", f"{label} gave different verdicts in the {data['repeat']} runs "
                          "on the same state (the table shows the last run): " + "; ".join(
                              f"{item} ({', '.join(v)})" for item, v in changed.items()) + "."]
        if account["prowler_errors"]:
            lines += ["", f"What failed in Prowler's run ({len(account['prowler_errors'])} "
                      "distinct error lines of its log):", ""]
            lines += [f"- `{e}`" for e in account["prowler_errors"]]
        for tool, label in (("prowler", "Prowler"), ("ours", "ours")):
            unanswered = account["moto_unanswered"][tool]
            if unanswered:
                lines += ["", f"What moto could not answer during {label}'s run:", ""]
                lines += [f"- `{e}`" for e in unanswered]
        lines.append("")
    lines += ["## Prowler verdicts that depend on thread timing", "",
              "Seen while building this benchmark (re-runs on one unchanged moto state):", ""]
    lines += [f"- {race}" for race in edition.races] or ["- none recorded for this edition"]
    lines += ["", "## Disagreements", "",
              f"Per disagreement: which side is right and why, with the words of the CIS "
              f"{edition.version} audit procedure (as Prowler's `{edition.prowler}.json` quotes "
              "it). Judged on the code of this commit; where ours is wrong, it is a bug to "
              "fix.", ""]
    table = "EXPLANATIONS" if edition.key == V3 else "EXPLANATIONS_V7"
    unexplained = 0
    for name, account in data["accounts"].items():
        for row in account["editions"][edition.key]["rows"]:
            if row["agree"]:
                continue
            item = row["item"]
            title = (ours_items.get(item, {}).get("title")
                     or (requirements.get(item, {}).get("Description") or "")).strip()
            lines.append(f"### {name} / {item} {title}: ours {row['ours']['verdict']}, "
                         f"Prowler {row['prowler']['verdict']}")
            lines.append("")
            if row["ours"].get("detail"):
                lines.append(f"- ours: {row['ours']['detail']}")
            if row["prowler"].get("detail"):
                lines.append(f"- Prowler: {row['prowler']['detail']}")
            if row.get("of_kind"):
                lines.append(_of_kind_line(row, requirements.get(item), edition))
            unexplained += _judgement_lines(lines, row.get("judgement"),
                                            requirements.get(item), table, edition)
            lines.append("")
    hidden = [(name, h) for name, a in data["accounts"].items()
              for h in a["editions"][edition.key].get("hidden", [])]
    lines += ["## Same item verdict, different resource verdict", "",
              "Resources (by ARN) that both tools judged, inside an item on which they agree, "
              "with different verdicts: the item-level agreement hides them.", ""]
    if not hidden:
        lines += ["None.", ""]
    for name, h in hidden:
        ours_v, theirs_v = h["kind"].split("/")
        lines += [f"### {name} / {h['item']} `{h['resource']}`: ours {ours_v}, Prowler "
                  f"{theirs_v}", ""]
        unexplained += _judgement_lines(lines, h.get("judgement"), requirements.get(h["item"]),
                                        f"RESOURCE_{table}", edition)
        lines.append("")
    if unexplained:
        lines += [f"**{unexplained} disagreement(s) UNEXPLAINED.**", ""]
    lines += ["## Where ours is still wrong beyond the verdict columns", ""]
    lines += [f"- {n}" for n in edition.our_faults] or ["- nothing recorded"]
    lines += ["", "## What this comparison does not show", ""]
    lines += [f"- {n}" for n in edition.not_covered]
    data.setdefault("unexplained", {})[edition.key] = unexplained
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{edition.report}.md").write_text("\n".join(lines) + "\n")


def write_all(data: dict[str, Any]) -> str:
    """Judge and write every edition's report and the JSON; one line saying what was written."""
    for edition in EDITIONS.values():
        compare(data["accounts"], edition)
        write_report(data, edition)
    (RESULTS / "vs-prowler.json").write_text(json.dumps(data, indent=2) + "\n")
    return "; ".join(f"{RESULTS / f'{e.report}.md'}: {data['unexplained'][e.key]} UNEXPLAINED"
                     for e in EDITIONS.values())


def _load() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


def wait_for_load(threshold: float, minutes: float) -> dict[str, float]:
    """Poll the 1-minute load every 60 s until it is below ``threshold`` or ``minutes``
    have passed; the timed runs start either way."""
    started = time.monotonic()
    while (load := _load()) >= threshold and time.monotonic() - started < minutes * 60:
        print(f"1-minute load {load:.2f} >= {threshold}: waiting", flush=True)
        time.sleep(60)
    return {"threshold": threshold, "start": load,
            "waited_s": round(time.monotonic() - started)}


def _unstable(verdict_sets: list[tuple[dict[str, str], dict[str, str]]]
              ) -> dict[str, dict[str, list[str]]]:
    return {tool: {item: [run[index].get(item, SILENT) for run in verdict_sets]
                   for item in verdict_sets[0][index]
                   if len({run[index].get(item, SILENT) for run in verdict_sets}) > 1}
            for index, tool in enumerate(("ours", "prowler"))}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--accounts", nargs="*", default=list(ACCOUNTS), choices=list(ACCOUNTS))
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of each tool per account; wall time is the median (default 3)")
    parser.add_argument("--keep", type=Path, help="keep both tools' raw outputs in this directory")
    parser.add_argument("--wait-load", type=float, metavar="LOAD",
                        help="before timing, wait until the 1-minute load is below LOAD "
                             "(polled every 60 s, at most --wait-minutes)")
    parser.add_argument("--wait-minutes", type=float, default=25)
    parser.add_argument("--rejudge", action="store_true",
                        help="no run: judge the verdicts of bench/results/vs-prowler.json "
                             "again with this script's judgement tables and rewrite the reports")
    args = parser.parse_args()
    if args.rejudge:
        data = json.loads((RESULTS / "vs-prowler.json").read_text())
        if any("editions" not in r for r in data["accounts"].values()):
            raise SystemExit("vs-prowler.json predates the per-edition layout: run the "
                             "benchmark once (make bench-prowler)")
        data.pop("unexplained", None)
        print(f"rewrote {write_all(data)}")
        return 0
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    gaps = MotoGaps()
    logging.basicConfig(handlers=[gaps], level=logging.ERROR, force=True)
    ensure_prowler()
    data: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "machine": platform.machine(),
        "regions": list(REGIONS), "versions": versions(), "accounts": {}, "repeat": args.repeat,
        "editions": {e.key: {"version": e.version, "prowler": e.prowler, "report": e.report}
                     for e in EDITIONS.values()},
        "commands": {
            "ours": "python -m governance audit --endpoint-url <moto> --regions "
                    f"{','.join(REGIONS)} --format json --output DIR",
            "prowler": f"prowler aws --compliance {' '.join(PROWLER_IDS.values())} --region "
                       f"{' '.join(REGIONS)} --output-formats json-ocsf --scan-unused-services "
                       "--no-banner --log-level ERROR"}}
    if args.wait_load is not None:
        data["load"] = wait_for_load(args.wait_load, args.wait_minutes)
    workroot = Path(args.keep or tempfile.mkdtemp(prefix="vs-prowler-"))
    with sandbox_only():
        sandbox = MotoSandbox()
        try:
            for name in args.accounts:
                account = sandbox.new_account()
                ACCOUNTS[name](account)
                # moto builds a backend per service and region on first use (EC2's default
                # VPCs, ...); one untimed read first, so neither timed tool pays for it.
                account.collector(list(REGIONS)).collect()
                gaps.take()
                ours_times: list[float] = []
                prowler_times: list[float] = []
                ours_gaps: list[str] = []
                prowler_gaps: list[str] = []
                refused: list[str] = []
                verdict_sets: dict[str, list[tuple[dict[str, str], dict[str, str]]]] = {
                    key: [] for key in EDITIONS}
                editions: dict[str, dict[str, Any]] = {}
                for attempt in range(args.repeat):
                    workdir = workroot / name / f"run{attempt + 1}"
                    workdir.mkdir(parents=True, exist_ok=True)
                    ours = run_ours(account, workdir)
                    ours_gaps += [g for g in gaps.take() if g not in ours_gaps]
                    with contextlib.redirect_stdout(io.StringIO()) as printed:
                        theirs = run_prowler(account, workdir)  # moto prints what it cannot route
                    prowler_gaps += [g for g in gaps.take() + sorted({
                        line.split(".Remember")[0] for line in printed.getvalue().splitlines()
                        if "Unable to find appropriate backend" in line}) if g not in prowler_gaps]
                    refused += [line for line in theirs.refused if line not in refused]
                    ours_times.append(ours.seconds)
                    prowler_times.append(theirs.seconds)
                    for key, edition in EDITIONS.items():
                        framework = prowler_framework(edition.prowler)
                        editions[key] = {
                            "ours_items": our_verdicts(ours, key, our_cis_items(key)),
                            "prowler_items": prowler_verdicts(theirs, framework),
                            "ours_resources": our_resources(ours, key),
                            "prowler_resources": prowler_resources(theirs, framework)}
                        verdict_sets[key].append((
                            {k: v["verdict"] for k, v in editions[key]["ours_items"].items()},
                            {k: v["verdict"] for k, v in editions[key]["prowler_items"].items()}))
                    print(f"{name} run {attempt + 1}: ours {ours.seconds:.1f} s "
                          f"({len(ours.findings)} findings), Prowler {theirs.seconds:.1f} s "
                          f"({len(theirs.findings)} findings)", flush=True)
                for key, sets in verdict_sets.items():  # the tables show the last run
                    editions[key] |= {"verdicts_stable": all(v == sets[0] for v in sets),
                                      "unstable": _unstable(sets)}
                data["accounts"][name] = {
                    "account_id": account.account_id,
                    "ours_s": round(statistics.median(ours_times), 2),
                    "prowler_s": round(statistics.median(prowler_times), 2),
                    "ours_runs_s": [round(t, 2) for t in ours_times],
                    "prowler_runs_s": [round(t, 2) for t in prowler_times],
                    "ours_exit": ours.exit_code, "prowler_exit": theirs.exit_code,
                    "ours_findings": len(ours.findings), "prowler_findings": len(theirs.findings),
                    "ours_errors": ours.errors, "prowler_errors": theirs.errors,
                    "moto_unanswered": {"ours": ours_gaps, "prowler": prowler_gaps},
                    "real_aws_attempts": refused, "editions": editions}
        finally:
            sandbox.stop()
    print(f"wrote {write_all(data)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
