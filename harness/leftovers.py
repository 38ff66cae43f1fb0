"""What a sandbox account still holds after its stacks were destroyed.

The suite's final check (conftest.py, at the end of each worker's session) lists, in every
sandbox account Terraform applied to, each resource of the types the examples create that
is still there and that moto can delete; any such leftover fails the run, with the list.
Things moto cannot delete are not counted (a KMS key already pending deletion, AWS
managed policies, the default VPC).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

REGIONS = ("us-east-1", "eu-west-1")  # the examples' home and secondary regions


def _iam(client: Callable[[str], Any]) -> list[str]:
    iam = client("iam")
    found = [f"iam user {u['UserName']}" for u in iam.list_users()["Users"]]
    found += [f"iam role {r['RoleName']}" for r in iam.list_roles()["Roles"]
              if not r.get("Path", "/").startswith("/aws-service-role/")]
    found += [f"iam group {g['GroupName']}" for g in iam.list_groups()["Groups"]]
    found += [f"iam policy {p['PolicyName']}"
              for p in iam.list_policies(Scope="Local")["Policies"]]
    found += [f"iam saml provider {p['Arn']}"
              for p in iam.list_saml_providers()["SAMLProviderList"]]
    found += [f"iam virtual mfa device {d['SerialNumber']}"
              for d in iam.list_virtual_mfa_devices()["VirtualMFADevices"]
              if not d["SerialNumber"].endswith(":mfa/root-account-mfa-device")]
    found += [f"iam account alias {a}" for a in iam.list_account_aliases()["AccountAliases"]]
    try:
        iam.get_account_password_policy()
        found.append("iam account password policy")
    except iam.exceptions.NoSuchEntityException:
        pass
    return found


def _s3(client: Callable[[str], Any]) -> list[str]:
    return [f"s3 bucket {b['Name']}" for b in client("s3").list_buckets()["Buckets"]]


def _regional(client: Callable[[str], Any], region: str) -> list[str]:
    found = [f"sns topic {t['TopicArn']}" for t in client("sns").list_topics()["Topics"]]
    kms = client("kms")
    for key in kms.list_keys()["Keys"]:
        state = kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]
        if state["KeyManager"] == "CUSTOMER" and state["KeyState"] != "PendingDeletion":
            found.append(f"kms key {key['KeyArn']} ({state['KeyState']})")
    found += [f"cloudtrail trail {t['TrailARN']}"
              for t in client("cloudtrail").describe_trails()["trailList"]
              if t.get("HomeRegion") == region]
    found += [f"logs log group {g['logGroupName']}"
              for g in client("logs").describe_log_groups()["logGroups"]]
    found += [f"cloudwatch alarm {a['AlarmName']}"
              for a in client("cloudwatch").describe_alarms()["MetricAlarms"]]
    found += [f"events rule {r['Name']}" for r in client("events").list_rules()["Rules"]
              if not r.get("ManagedBy")]
    config = client("config")
    found += [f"config recorder {r['name']}"
              for r in config.describe_configuration_recorders()["ConfigurationRecorders"]]
    found += [f"config delivery channel {c['name']}"
              for c in config.describe_delivery_channels()["DeliveryChannels"]]
    found += [f"config rule {r['ConfigRuleName']}"
              for r in config.describe_config_rules()["ConfigRules"]]
    found += [f"guardduty detector {d}"
              for d in client("guardduty").list_detectors()["DetectorIds"]]
    ec2 = client("ec2")
    found += [f"ec2 flow log {f['FlowLogId']}" for f in ec2.describe_flow_logs()["FlowLogs"]]
    found += [f"ec2 vpc {v['VpcId']}" for v in ec2.describe_vpcs()["Vpcs"]
              if not v.get("IsDefault")]
    return [f"{region}: {item}" for item in found]


def leftovers(account: Any, regions: Iterable[str] = REGIONS) -> list[str]:
    """Deletable resources still in a sandbox account (``account.client(service, region)``)."""
    found = [f"global: {item}" for item in _iam(account.client) + _s3(account.client)]
    for region in regions:
        found += _regional(lambda service, region=region: account.client(service, region),
                           region)
    return found


def report(accounts: dict[str, list[str]]) -> str:
    """The failure text: every account with what it still holds."""
    lines = ["resources left in sandbox accounts after their stacks were destroyed "
             "(moto can delete each; a destroy missed them):"]
    for account_id, items in sorted(accounts.items()):
        lines += [f"  {account_id}: {item}" for item in items]
    return "\n".join(lines)
