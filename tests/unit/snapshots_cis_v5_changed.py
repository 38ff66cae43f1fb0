"""Hand-built snapshots for the controls of the procedures CIS changed in v5.0.0: the root
user's MFA or removed password (1.4, 1.5), CIFS on port 445 (5.1.2) and security group
changes including ModifySecurityGroupRules (4.10). Each starts from the compliant snapshot
of its area and changes one thing."""

from __future__ import annotations

from typing import Any

from governance.model import AccountSnapshot
from tests.support.snapshots import changed
from tests.unit import snapshots_logging, snapshots_storage_network
from tests.unit.snapshots import ACCOUNT_ID
from tests.unit.snapshots_identity import identity_compliant, root_report_row
from tests.unit.snapshots_storage_network import HOME, SG, ingress, security_group

SUMMARY, REPORT, DEVICES = "iam:GetAccountSummary", "iam:GetCredentialReport", "iam:ListVirtualMFADevices"
ROOT_VIRTUAL = {"SerialNumber": f"arn:aws:iam::{ACCOUNT_ID}:mfa/root-account-mfa-device",
                "UserArn": f"arn:aws:iam::{ACCOUNT_ID}:root"}
ABSENT = object()  # a summary field or report row left out


def root_state(*, mfa: Any = 1, password: Any = 1, row_mfa: Any = "true",
               row_password: Any = "not_supported", virtual: bool = False) -> AccountSnapshot:
    """The identity snapshot with the root user's account summary flags
    (AccountMFAEnabled ``mfa``, AccountPasswordPresent ``password``; ABSENT leaves one out),
    its credential report row (``row_mfa``/``row_password`` as mfa_active/password_enabled;
    ``row_mfa=ABSENT``: no <root_account> row) and, ``virtual``, a root virtual MFA device."""
    snapshot = changed(identity_compliant(), SUMMARY, lambda s: {
        **{k: v for k, v in s.items() if k not in ("AccountMFAEnabled", "AccountPasswordPresent")},
        **({} if mfa is ABSENT else {"AccountMFAEnabled": mfa}),
        **({} if password is ABSENT else {"AccountPasswordPresent": password})})
    rows = [] if row_mfa is ABSENT else [{**root_report_row(), "mfa_active": row_mfa,
                                          "password_enabled": row_password}]
    snapshot = changed(snapshot, REPORT, lambda r: [*rows, *r[1:]])
    if virtual:
        snapshot = changed(snapshot, DEVICES, lambda d: [*d, ROOT_VIRTUAL])
    return snapshot


def web_group_with(*rules: dict[str, Any]) -> AccountSnapshot:
    """The storage/network snapshot whose web security group in us-east-1 has ``rules``
    besides HTTPS from anywhere."""
    return changed(
        snapshots_storage_network.compliant(), "ec2:DescribeSecurityGroups",
        lambda groups: [groups[0], security_group(SG, "vpc-us0001", "web", HOME, inbound=[
            ingress("tcp", 443, ipv4="0.0.0.0/0", ipv6="::/0"), *rules])], snapshots_storage_network.HOME)


SG_V4_PATTERN = ("{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = "
                 "AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || "
                 "($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) "
                 "|| ($.eventName = DeleteSecurityGroup) }")


def security_group_pattern(pattern: str) -> AccountSnapshot:
    """The logging snapshot whose security-group-changes filter has ``pattern``."""
    def change(filters: list[dict[str, Any]]) -> list[dict[str, Any]]:
        for metric_filter in filters:
            if metric_filter["metricTransformations"][0]["metricName"] == \
                    "security_group_changes_metric":
                metric_filter["filterPattern"] = pattern
        return filters
    return changed(snapshots_logging.compliant(), "logs:DescribeMetricFilters",
                                     change, snapshots_logging.HOME)
