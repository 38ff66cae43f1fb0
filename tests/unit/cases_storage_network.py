"""The unit cases of the storage network checks: ``FAIL_CASES`` and ``PASS_CASES``,
keyed by control id, with the snapshot builders they use. tests/unit/test_storage_network_checks.py binds
their verdict tests (tests/support/verdicts.py); the item cases of tests/unit/items_*.py,
tests/unit/test_error_per_read.py and tests/support/control_reads.py read them too.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from governance.model import AccountSnapshot
from tests.support.snapshots import changed
from tests.unit.snapshots import as_json_roundtrip
from tests.unit.snapshots_storage_network import (
    ACL,
    BUCKET,
    DB,
    FS,
    HOME,
    INSTANCE,
    OTHER,
    PROFILE_ARN,
    SG,
    WEB_ACL_ENTRIES,
    authorization_details,
    compliant,
    db_instance,
    file_system,
    ingress,
    instance,
    nacl_entry,
    network_acl,
    role_with_profiles,
    security_group,
    tls_policy,
)

POLICY, VERSIONING = "s3:GetBucketPolicy", "s3:GetBucketVersioning"
DBS, FILE_SYSTEMS = "rds:DescribeDBInstances", "efs:DescribeFileSystems"
GROUPS, ACLS, INSTANCES = "ec2:DescribeSecurityGroups", "ec2:DescribeNetworkAcls", \
    "ec2:DescribeInstances"
DEFAULTS = "ec2:GetInstanceMetadataDefaults"
MOTO_500 = ("ResponseParserError: Unable to parse response (syntax error: line 1, column 0), "
            "invalid XML received. Further retries may succeed: b'<!doctype html>\\n<html "
            "lang=en>\\n<title>500 Internal Server Error</title>'")


def _policy(**changes) -> AccountSnapshot:
    return changed(compliant(), POLICY, lambda p: {**p, BUCKET: tls_policy(BUCKET, **changes)},
                   None)


def _statements(*statements) -> AccountSnapshot:
    return changed(compliant(), POLICY, lambda p: {**p, BUCKET: json.dumps(
        {"Version": "2012-10-17", "Statement": list(statements)})}, None)


def _versioning(state) -> AccountSnapshot:
    return changed(compliant(), VERSIONING, lambda v: {**v, BUCKET: state}, None)


def _web_group(*inbound) -> AccountSnapshot:
    return changed(compliant(), GROUPS, lambda groups: [
        groups[0], security_group(SG, "vpc-us0001", "web", inbound=list(inbound))], HOME)


def _acl(*entries) -> AccountSnapshot:
    return changed(compliant(), ACLS, [network_acl(ACL, "vpc-us0001", list(entries))], HOME)


def _no_instances(defaults_read: tuple[object, str | None],
                  emulator: str | None = None) -> AccountSnapshot:
    snapshot = changed(compliant(), INSTANCES, [], HOME)
    data, error = defaults_read
    # the collector marks an emulator's "not implemented" answer as an emulator gap
    snapshot.record(DEFAULTS, data, error=error, region=HOME,
                    emulator_gap=bool(error and emulator and "AccessDenied" not in error))
    snapshot.emulator_endpoint = emulator
    return snapshot


ALLOW_HTTPS_ONLY = {"Sid": "AllowHttps", "Effect": "Allow", "Principal": "*",
                    "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{BUCKET}/*",
                    "Condition": {"Bool": {"aws:SecureTransport": "true"}}}

FAIL_CASES: dict[str, list[tuple[str, Callable[[], AccountSnapshot], str]]] = {
    "s3-bucket-policy-denies-http": [
        ("no bucket policy", lambda: changed(compliant(), POLICY,
                                             lambda p: {**p, BUCKET: None}, None),
         f"bucket {BUCKET} has no bucket policy"),
        ("only allows HTTPS, no deny", lambda: _statements(ALLOW_HTTPS_ONLY),
         "no policy statement denies requests with aws:SecureTransport false"),
        ("denies only GetObject over HTTP", lambda: _policy(Action="s3:GetObject"),
         "denies only s3:GetObject"),
        ("denies HTTP only for one principal account",
         lambda: _policy(Principal={"AWS": "arn:aws:iam::111122223333:root"}),
         "not for Principal"),
        ("denies HTTP for another bucket's objects",
         lambda: _policy(Resource="arn:aws:s3:::other-bucket/*"),
         "Resource does not cover the bucket's objects"),
        ("denies HTTP only from one VPC", lambda: _policy(Condition={
            "Bool": {"aws:SecureTransport": "false"},
            "StringEquals": {"aws:SourceVpc": "vpc-1"}}),
         "also conditioned on StringEquals aws:SourceVpc"),
        ("Deny with aws:SecureTransport true", lambda: _policy(
            Condition={"Bool": {"aws:SecureTransport": "true"}}),
         "no policy statement denies requests with aws:SecureTransport false"),
    ],
    "s3-bucket-mfa-delete": [
        ("versioning never enabled", lambda: _versioning({}),
         f"bucket {BUCKET}: versioning never enabled"),
        ("versioning suspended", lambda: _versioning({"Status": "Suspended",
                                                      "MFADelete": "Enabled"}),
         "versioning Suspended"),
        ("versioning on, MFA Delete disabled",
         lambda: _versioning({"Status": "Enabled", "MFADelete": "Disabled"}),
         f"bucket {BUCKET}: MFA Delete Disabled"),
        ("versioning on, MFA Delete never configured (real endpoint)",
         lambda: _versioning({"Status": "Enabled"}), "MFA Delete Disabled"),
    ],
    "rds-storage-encrypted": [
        ("unencrypted", lambda: changed(compliant(), DBS,
                                        [db_instance(StorageEncrypted=False)], HOME),
         f"RDS DB instance {DB} in {HOME}: storage not encrypted"),
    ],
    "rds-auto-minor-version-upgrade": [
        ("disabled", lambda: changed(compliant(), DBS,
                                     [db_instance(AutoMinorVersionUpgrade=False)], OTHER),
         f"RDS DB instance {DB} in {OTHER}: auto minor version upgrade disabled"),
    ],
    "rds-not-publicly-accessible": [
        ("publicly accessible", lambda: changed(compliant(), DBS,
                                                [db_instance(PubliclyAccessible=True)], HOME),
         f"RDS DB instance {DB} in {HOME}: publicly accessible"),
    ],
    "efs-encrypted": [
        ("unencrypted", lambda: changed(compliant(), FILE_SYSTEMS,
                                        [file_system(Encrypted=False)], HOME),
         f"EFS file system {FS} in {HOME}: not encrypted at rest"),
    ],
    "nacl-no-admin-port-ingress": [
        ("allow all traffic from 0.0.0.0/0 (the default NACL)",
         lambda: _acl(nacl_entry(100, "allow"), nacl_entry(32767, "deny")),
         f"network ACL {ACL} in {HOME} allows ingress from 0.0.0.0/0 to admin ports: "
         "rule 100 allows tcp 22"),
        ("SSH port", lambda: _acl(nacl_entry(100, "allow", "6", (22, 22)),
                                  nacl_entry(32767, "deny")),
         "rule 100 allows tcp 22"),
        ("range 0-1024 includes 22", lambda: _acl(nacl_entry(90, "allow", "6", (0, 1024))),
         "rule 90 allows tcp 22"),
        ("RDP over UDP", lambda: _acl(nacl_entry(100, "allow", "17", (3389, 3389))),
         "rule 100 allows udp 3389"),
        ("deny 22 before allow all still lets 3389 in", lambda: _acl(
            nacl_entry(50, "deny", "6", (22, 22)), nacl_entry(100, "allow")),
         "rule 100 allows tcp 3389"),
        ("ephemeral range 1024-65535 includes 3389", lambda: _acl(
            nacl_entry(120, "allow", "6", (1024, 65535))), "rule 120 allows tcp 3389"),
        ("deny numbered after the allow does not help", lambda: _acl(
            nacl_entry(100, "allow", "6", (22, 22)), nacl_entry(200, "deny", "6", (22, 22))),
         "rule 100 allows tcp 22"),
        ("deny for a narrower source does not stop 0.0.0.0/0", lambda: _acl(
            nacl_entry(50, "deny", "-1", cidr="203.0.113.0/24"), nacl_entry(100, "allow",
                                                                            "6", (3389, 3389))),
         "rule 100 allows tcp 3389"),
    ],
    "security-group-no-admin-port-ingress-ipv4": [
        ("SSH from 0.0.0.0/0", lambda: _web_group(ingress("tcp", 22, ipv4="0.0.0.0/0")),
         f"security group {SG} (web) in {HOME} allows ingress from 0.0.0.0/0 to an admin "
         "port: tcp 22"),
        ("range 0-1024", lambda: _web_group(ingress("tcp", 0, 1024, ipv4="0.0.0.0/0")),
         "tcp 0-1024"),
        ("all traffic", lambda: _web_group(ingress("-1", ipv4="0.0.0.0/0")), "all traffic"),
        ("RDP range over UDP", lambda: _web_group(ingress("udp", 3000, 4000,
                                                          ipv4="0.0.0.0/0")),
         "udp 3000-4000"),
        ("protocol number 6", lambda: _web_group(ingress("6", 3389, ipv4="0.0.0.0/0")),
         "tcp 3389"),
    ],
    "security-group-no-admin-port-ingress-ipv6": [
        ("SSH from ::/0", lambda: _web_group(ingress("tcp", 22, ipv6="::/0")),
         f"security group {SG} (web) in {HOME} allows ingress from ::/0 to an admin port: "
         "tcp 22"),
        ("all traffic from ::/0", lambda: _web_group(ingress("-1", ipv6="::/0")),
         "all traffic"),
        ("range 1-65535 from ::/0", lambda: _web_group(ingress("tcp", 1, 65535, ipv6="::/0")),
         "tcp 1-65535"),
    ],
    "default-security-group-restricts-all": [
        ("AWS's default egress rule kept", lambda: changed(compliant(), GROUPS, lambda groups: [
            security_group("sg-usdefault", "vpc-us0001", "default",
                           outbound=[ingress("-1", ipv4="0.0.0.0/0")]), groups[1]], HOME),
         "default security group sg-usdefault of vpc-us0001 in us-east-1 has 0 inbound and "
         "1 outbound rule(s)"),
        ("self-referencing inbound rule", lambda: changed(compliant(), GROUPS, lambda groups: [
            security_group("sg-eudefault", "vpc-eu0001", "default", OTHER,
                           inbound=[{"IpProtocol": "-1", "UserIdGroupPairs": [
                               {"GroupId": "sg-eudefault"}]}]), groups[1]], OTHER),
         "has 1 inbound and 0 outbound rule(s)"),
    ],
    "ec2-imdsv2-required": [
        ("HttpTokens optional", lambda: changed(compliant(), INSTANCES,
                                                [instance(tokens="optional")], HOME),
         f"instance {INSTANCE} in {HOME}: IMDS HttpTokens optional"),
        ("stopped instance with IMDSv1", lambda: changed(compliant(), INSTANCES, [
            instance(), instance("i-0stopped", tokens="optional", run_state="stopped")], HOME),
         "instance i-0stopped"),
        ("required but still pending", lambda: changed(compliant(), INSTANCES,
                                                       [instance(state="pending")], HOME),
         "State pending"),
    ],
}

# CIS v4.0.1 2.1.1: Deny s3:* to "*" on the bucket's objects with Bool aws:SecureTransport
# false, or on the bucket and its objects with NumericLessThan s3:TlsVersion (any version:
# "site/policy specific").
TLS_VERSION = {"NumericLessThan": {"s3:TlsVersion": "1.2"}}
INSECURE = "s3-bucket-policy-denies-insecure-transport"
FAIL_CASES[INSECURE] = [
    ("no bucket policy", lambda: changed(compliant(), POLICY, lambda p: {**p, BUCKET: None}, None),
     f"bucket {BUCKET} has no bucket policy"),
    ("only allows HTTPS, no deny", lambda: _statements(ALLOW_HTTPS_ONLY),
     "no policy statement denies aws:SecureTransport false or s3:TlsVersion below a minimum"),
    ("denies only GetObject over HTTP", lambda: _policy(Action="s3:GetObject"),
     "denies only s3:GetObject"),
    ("TlsVersion deny of s3:Get* and s3:Put* only",
     lambda: _policy(Action=["s3:Get*", "s3:Put*"], Condition=TLS_VERSION),
     "denies only s3:Get*, s3:Put*"),
    ("NotAction instead of Action", lambda: _policy(Action=None, NotAction="s3:GetObject"),
     "denies only NotAction"),
    ("Resource only the bucket, not /*", lambda: _policy(Resource=f"arn:aws:s3:::{BUCKET}"),
     "Resource does not cover the bucket's objects"),
    ("TlsVersion deny on the objects only (the pattern lists the bucket too)",
     lambda: _policy(Resource=f"arn:aws:s3:::{BUCKET}/*", Condition=TLS_VERSION),
     "Resource does not cover the bucket itself"),
    ("TlsVersion deny for one principal account", lambda: _policy(
        Principal={"AWS": "arn:aws:iam::111122223333:root"}, Condition=TLS_VERSION),
     "not for Principal"),
    ("TlsVersion with a non-numeric value", lambda: _policy(
        Condition={"NumericLessThan": {"s3:TlsVersion": "latest"}}),
     "no policy statement denies aws:SecureTransport false or s3:TlsVersion"),
    ("NumericGreaterThan s3:TlsVersion denies the secure requests",
     lambda: _policy(Condition={"NumericGreaterThan": {"s3:TlsVersion": "1.2"}}),
     "no policy statement denies aws:SecureTransport false or s3:TlsVersion"),
    ("TlsVersion deny only from one VPC", lambda: _policy(Condition={
        **TLS_VERSION, "StringEquals": {"aws:SourceVpc": "vpc-1"}}),
     "also conditioned on StringEquals aws:SourceVpc"),
    ("both conditions in one statement: denied only when both hold",
     lambda: _policy(Condition={"Bool": {"aws:SecureTransport": "false"}, **TLS_VERSION}),
     "also conditioned on NumericLessThan s3:TlsVersion"),
    ("Allow with NumericLessThan s3:TlsVersion", lambda: _policy(
        Effect="Allow", Condition=TLS_VERSION),
     "no policy statement denies aws:SecureTransport false or s3:TlsVersion"),
]

# CIS v4.0.1 1.18: each instance has an instance profile that holds a role.
PROFILES = "ec2-instances-use-instance-profiles"
ROLES = "iam:GetAccountAuthorizationDetails"
OTHER_PROFILE = PROFILE_ARN.replace("app-instance", "empty-profile")
FAIL_CASES[PROFILES] = [
    ("no instance profile", lambda: changed(compliant(), INSTANCES, [instance(profile=None)], HOME),
     f"instance {INSTANCE} in {HOME} has no IAM instance profile"),
    ("a stopped instance without a profile next to a compliant one", lambda: changed(
        compliant(), INSTANCES, [instance(), instance("i-0stopped", run_state="stopped",
                                                      profile=None)], HOME),
     "instance i-0stopped in us-east-1 has no IAM instance profile"),
    ("console: 'No roles attached to instance profile'", lambda: changed(
        compliant(), INSTANCES, [instance(profile=OTHER_PROFILE)], HOME),
     f"instance {INSTANCE} in {HOME}: instance profile empty-profile holds no IAM role"),
    ("the role was removed from the profile", lambda: changed(
        compliant(), ROLES, authorization_details(), None), "holds no IAM role"),
    ("a role holds another profile of the same name in another account", lambda: changed(
        compliant(), ROLES, authorization_details(role_with_profiles(
            "app", PROFILE_ARN.replace("111122223333", "999999999999"))), None),
     "holds no IAM role"),
]
# CIS v5.0.0 5.1.2: port 445 reachable from 0.0.0.0/0 or ::/0. The CLI step's query
# (ToPort == 445) is one instance of the console step's "unrestricted access on port 445":
# ranges and all-traffic rules around 445 fail too, UDP as TCP (the procedure names a port).
FAIL_CASES["security-group-cifs-restricted"] = [
    ("tcp 445 from 0.0.0.0/0", lambda: _web_group(ingress("tcp", 445, ipv4="0.0.0.0/0")),
     f"security group {SG} (web) in {HOME} allows CIFS (port 445) from anywhere: tcp 445 from "
     "0.0.0.0/0"),
    ("tcp 445 from ::/0 (console step)", lambda: _web_group(ingress("tcp", 445, ipv6="::/0")),
     "tcp 445 from ::/0"),
    ("range 139-445 (ToPort 445, the CLI query's hit)", lambda: _web_group(
        ingress("tcp", 139, 445, ipv4="0.0.0.0/0")), "tcp 139-445 from 0.0.0.0/0"),
    ("range 445-446 (FromPort 445: v4.0.1's query, not v5.0.0's)", lambda: _web_group(
        ingress("tcp", 445, 446, ipv4="0.0.0.0/0")), "tcp 445-446 from 0.0.0.0/0"),
    ("range 0-65535 around 445 (neither query, still unrestricted on 445)", lambda: _web_group(
        ingress("tcp", 0, 65535, ipv4="0.0.0.0/0")), "tcp 0-65535 from 0.0.0.0/0"),
    ("all traffic", lambda: _web_group(ingress("-1", ipv4="0.0.0.0/0")),
     "all traffic from 0.0.0.0/0"),
    ("udp 445", lambda: _web_group(ingress("udp", 445, ipv4="0.0.0.0/0")),
     "udp 445 from 0.0.0.0/0"),
    ("protocol number 6 from both", lambda: _web_group(
        ingress("6", 445, ipv4="0.0.0.0/0", ipv6="::/0")),
     "tcp 445 from 0.0.0.0/0, tcp 445 from ::/0"),
    ("a trusted range next to 0.0.0.0/0 in the same rule", lambda: _web_group(
        {**ingress("tcp", 445, ipv4="10.0.0.0/8"),
         "IpRanges": [{"CidrIp": "10.0.0.0/8"}, {"CidrIp": "0.0.0.0/0"}]}),
     "tcp 445 from 0.0.0.0/0"),
]

PASS_CASES: dict[str, list[tuple[str, Callable[[], AccountSnapshot]]]] = {
    control_id: [("compliant", compliant), ("json roundtrip", lambda: as_json_roundtrip(compliant()))]
    for control_id in FAIL_CASES
}
PASS_CASES["s3-bucket-policy-denies-http"] += [
    ("Principal {AWS: *}, Action *, BoolIfExists, resource wildcard", lambda: _policy(
        Principal={"AWS": "*"}, Action="*", Resource="arn:aws:s3:::example-*",
        Condition={"BoolIfExists": {"aws:SecureTransport": ["false"]}})),
    ("TLS deny next to other statements", lambda: _statements(
        ALLOW_HTTPS_ONLY, json.loads(tls_policy(BUCKET))["Statement"][0])),
    ("condition value false as a JSON boolean", lambda: _policy(
        Condition={"Bool": {"aws:SecureTransport": False}})),
]
PASS_CASES[INSECURE] += [
    ("the v3.0.0 statement on aws:SecureTransport false", compliant),
    ("step 4 second pattern: NumericLessThan s3:TlsVersion 1.2 on the bucket and objects",
     lambda: _policy(Condition=TLS_VERSION)),
    ("step 4 first pattern: Resource the objects only", lambda: _policy(
        Resource=f"arn:aws:s3:::{BUCKET}/*")),
    ("site-chosen minimum 1.3", lambda: _policy(
        Condition={"NumericLessThan": {"s3:TlsVersion": 1.3}})),
    ("minimum 1.0: the audit leaves the version to the site", lambda: _policy(
        Condition={"NumericLessThan": {"s3:TlsVersion": "1.0"}})),
    ("NumericLessThanIfExists also denies requests without a TLS version", lambda: _policy(
        Condition={"NumericLessThanIfExists": {"s3:TlsVersion": "1.2"}})),
    ("BoolIfExists: aws:SecureTransport is in every request", lambda: _policy(
        Condition={"BoolIfExists": {"aws:SecureTransport": "false"}})),
    ("Action s3:* spelled S3:* and Principal {AWS: *}, resource wildcard", lambda: _policy(
        Action="S3:*", Principal={"AWS": "*"}, Resource="arn:aws:s3:::example-*")),
    ("Action *", lambda: _policy(Action="*", Condition=TLS_VERSION)),
    ("TLS deny next to other statements", lambda: _statements(
        ALLOW_HTTPS_ONLY, json.loads(tls_policy(BUCKET, Condition=TLS_VERSION))["Statement"][0])),
]
PASS_CASES[PROFILES] += [
    ("a stopped instance with a profile", lambda: changed(compliant(), INSTANCES, [
        instance(run_state="stopped")], HOME)),
    ("the role holds several profiles", lambda: changed(
        compliant(), ROLES, authorization_details(role_with_profiles(
            "app-instance-role", OTHER_PROFILE, PROFILE_ARN)), None)),
]
PASS_CASES["nacl-no-admin-port-ingress"] += [
    ("deny rules for 22 and 3389 numbered before an allow-all", lambda: _acl(
        nacl_entry(10, "deny", "6", (22, 22)), nacl_entry(11, "deny", "6", (3389, 3389)),
        nacl_entry(12, "deny", "17", (22, 22)), nacl_entry(13, "deny", "17", (3389, 3389)),
        nacl_entry(100, "allow"))),
    ("allow all egress only", lambda: _acl(nacl_entry(100, "allow", egress=True),
                                           nacl_entry(32767, "deny"))),
    ("SSH from a corporate range only", lambda: _acl(*WEB_ACL_ENTRIES)),
]
PASS_CASES["security-group-no-admin-port-ingress-ipv4"] += [
    ("admin ports open to ::/0 only are 5.3's concern", lambda: _web_group(
        ingress("tcp", 22, ipv6="::/0"))),
    ("range 23-3388 excludes both ports", lambda: _web_group(
        ingress("tcp", 23, 3388, ipv4="0.0.0.0/0"))),
    ("ICMP from anywhere", lambda: _web_group(ingress("icmp", -1, -1, ipv4="0.0.0.0/0"))),
]
PASS_CASES["security-group-no-admin-port-ingress-ipv6"] += [
    ("admin ports open to 0.0.0.0/0 only are 5.2's concern", lambda: _web_group(
        ingress("-1", ipv4="0.0.0.0/0"))),
]
PASS_CASES["security-group-cifs-restricted"] += [
    ("445 from trusted ranges only", lambda: _web_group(
        ingress("tcp", 445, ipv4="10.0.0.0/8"), ingress("tcp", 445, ipv6="fd00::/8"))),
    ("445 from a security group", lambda: _web_group(
        {**ingress("tcp", 445), "UserIdGroupPairs": [{"GroupId": "sg-0files"}]})),
    ("ranges next to 445 from 0.0.0.0/0", lambda: _web_group(
        ingress("tcp", 0, 444, ipv4="0.0.0.0/0"), ingress("tcp", 446, 65535, ipv6="::/0"))),
    ("ICMP from anywhere", lambda: _web_group(ingress("icmp", -1, -1, ipv4="0.0.0.0/0"))),
    ("445 open outbound only", lambda: changed(compliant(), GROUPS, lambda groups: [
        groups[0], security_group(SG, "vpc-us0001", "web", outbound=[
            ingress("tcp", 445, ipv4="0.0.0.0/0")])], HOME)),
]
PASS_CASES["default-security-group-restricts-all"] += [
    ("non-default group with rules", lambda: _web_group(ingress("-1", ipv4="0.0.0.0/0"))),
]
PASS_CASES["ec2-imdsv2-required"] += [
    ("terminated instances are not collected; no instance, account default required",
     lambda: _no_instances(({"HttpTokens": "required"}, None))),
]
PASS_CASES["s3-bucket-mfa-delete"] = [
    ("compliant", compliant), ("json roundtrip", lambda: as_json_roundtrip(compliant()))]
