"""Procedure cases of the CIS v5.0.0 items whose audit procedure changed from v4.0.1: 1.4
and 1.5 (the root user: MFA, or no password), 4.10 (security group changes, the pattern
with ModifySecurityGroupRules) and 5.1.2 (CIFS, Automated since v5.0.0, the query on
ToPort). Each case is named after the step of the item's procedure (Prowler 5.46.0
prowler/compliance/aws/cis_5.0_aws.json, AuditProcedure) that accepts or rejects it."""

from __future__ import annotations

from tests.support.snapshots import changed
from tests.unit import snapshots_logging, snapshots_storage_network
from tests.unit.item_cases import ItemCase
from tests.unit.snapshots_cis_v5_changed import (
    ABSENT,
    SG_V4_PATTERN,
    root_state,
    security_group_pattern,
    web_group_with,
)
from tests.unit.snapshots_storage_network import ingress

ANY4, ANY6 = "0.0.0.0/0", "::/0"

ITEM_CASES: dict[tuple[str, str], ItemCase] = {
    ("cis_aws_v5", "1.4"): ItemCase(
        compliant=[
            ("CLI step 2: AccountMFAEnabled 1 (console step 6: mfa_active TRUE)",
             lambda: root_state(mfa=1)),
            ("CLI step 2: AccountPasswordPresent 0 with AccountMFAEnabled 0 (root password "
             "removed)", lambda: root_state(mfa=0, password=0, row_mfa="false")),
            ("console step 6: password_enabled FALSE, mfa_active FALSE", lambda: root_state(
                mfa=0, password=ABSENT, row_mfa="false", row_password="false")),
        ],
        non_compliant=[
            ("CLI step 2: AccountMFAEnabled 0 and AccountPasswordPresent 1", lambda: root_state(
                mfa=0, password=1, row_mfa="false", row_password="true")),
            ("console step 6: mfa_active FALSE and password_enabled TRUE", lambda: root_state(
                mfa=0, password=ABSENT, row_mfa="false", row_password="true")),
        ]),
    ("cis_aws_v5", "1.5"): ItemCase(
        compliant=[
            ("step 1: AccountPasswordPresent 0, the root console credential removed "
             "(AccountMFAEnabled 0)", lambda: root_state(mfa=0, password=0)),
            ("step 2: AccountMFAEnabled 1 and no root-account-mfa-device serial in "
             "list-virtual-mfa-devices (an IAM user's virtual device is listed)",
             lambda: root_state(mfa=1)),
        ],
        non_compliant=[
            ("step 1: AccountMFAEnabled 0 and AccountPasswordPresent 1",
             lambda: root_state(mfa=0, password=1)),
            ("step 2: SerialNumber arn:aws:iam::<account>:mfa/root-account-mfa-device listed",
             lambda: root_state(mfa=1, virtual=True)),
        ]),
    ("cis_aws_v5", "4.10"): ItemCase(
        compliant=[("steps 1-7: the v5.0.0 filterPattern on the trail's log group, an alarm "
                    "on its metric, a subscribed SNS topic", snapshots_logging.compliant)],
        non_compliant=[
            ("step 3: the filterPattern lacks ($.eventName = ModifySecurityGroupRules) (the "
             "v4.0.1 text)", lambda: security_group_pattern(SG_V4_PATTERN)),
            ("step 7: no subscriber to the alarm's SNS topic", lambda: changed(
                snapshots_logging.compliant(), "sns:ListSubscriptions", [], snapshots_logging.HOME)),
        ]),
    ("cis_aws_v5", "5.1.2"): ItemCase(
        compliant=[
            ("console step 4: 0.0.0.0/0 and ::/0 only on 443", snapshots_storage_network.compliant),
            ("console step 4: port 445 from a trusted range only", lambda: web_group_with(
                ingress("tcp", 445, ipv4="10.0.0.0/8"))),
        ],
        non_compliant=[
            ("CLI step 2: IpPermissions[?ToPort==`445`] with CidrIp 0.0.0.0/0",
             lambda: web_group_with(ingress("tcp", 445, ipv4=ANY4))),
            ("CLI step 2: ToPort 445 of the range 139-445 from 0.0.0.0/0",
             lambda: web_group_with(ingress("tcp", 139, 445, ipv4=ANY4))),
            ("console step 4: port 445 from ::/0", lambda: web_group_with(
                ingress("tcp", 445, ipv6=ANY6))),
            ("console step 4: unrestricted access on port 445 through an all-traffic rule",
             lambda: web_group_with(ingress("-1", ipv4=ANY4))),
        ]),
}
