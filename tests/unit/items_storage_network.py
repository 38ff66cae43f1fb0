"""Procedure cases of CIS v3.0 items 2.1.1-2.4.1 and 5.1-5.6: snapshots as each item's own
Audit procedure reads them (get-bucket-policy, get-bucket-versioning, describe-db-instances,
describe-file-systems, the inbound rules of NACLs and security groups, the default security
groups' rules, describe-instances MetadataOptions)."""

from __future__ import annotations

import json

from governance.model import AccountSnapshot
from tests.support.snapshots import changed
from tests.unit.item_cases import ItemCase
from tests.unit.snapshots_storage_network import (
    ACL,
    BUCKET,
    HOME,
    SG,
    compliant,
    db_instance,
    file_system,
    ingress,
    instance,
    nacl_entry,
    network_acl,
    security_group,
    tls_policy,
)


def _policy(document: str | None) -> AccountSnapshot:
    return changed(compliant(), "s3:GetBucketPolicy", lambda p: {**p, BUCKET: document}, None)


def _versioning(state: dict[str, str]) -> AccountSnapshot:
    return changed(compliant(), "s3:GetBucketVersioning", lambda v: {**v, BUCKET: state}, None)


def _db(**changes) -> AccountSnapshot:
    return changed(compliant(), "rds:DescribeDBInstances", [db_instance(**changes)], HOME)


def _acl(*entries) -> AccountSnapshot:
    return changed(compliant(), "ec2:DescribeNetworkAcls",
                   [network_acl(ACL, "vpc-us0001", list(entries))], HOME)


def _group(*inbound) -> AccountSnapshot:
    return changed(compliant(), "ec2:DescribeSecurityGroups", lambda groups: [
        groups[0], security_group(SG, "vpc-us0001", "web", inbound=list(inbound))], HOME)


def _default_group(inbound=(), outbound=()) -> AccountSnapshot:
    return changed(compliant(), "ec2:DescribeSecurityGroups", lambda groups: [
        security_group("sg-usdefault", "vpc-us0001", "default", inbound=list(inbound),
                       outbound=list(outbound)), groups[1]], HOME)


def _https_only_allow() -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{BUCKET}/*",
        "Condition": {"Bool": {"aws:SecureTransport": "true"}}}]})


ANY = "0.0.0.0/0"

ITEM_CASES: dict[tuple[str, str], ItemCase] = {
    ("cis_aws_v3", "2.1.1"): ItemCase(
        compliant=[
            ("step 4: the listed Deny s3:* Principal * Bool aws:SecureTransport false "
             "statement on every bucket", compliant),
            ("the same statement with Principal {AWS: *}", lambda: _policy(
                tls_policy(BUCKET, Principal={"AWS": "*"}))),
        ],
        non_compliant=[
            ("no bucket policy", lambda: _policy(None)),
            ("rationale: allowing HTTPS (aws:SecureTransport true) without denying HTTP",
             lambda: _policy(_https_only_allow())),
            ("CLI step 4: aws:SecureTransport false with Effect Allow, not Deny",
             lambda: _policy(tls_policy(BUCKET, Effect="Allow"))),
            ("the pattern's Action s3:* narrowed to s3:PutObject",
             lambda: _policy(tls_policy(BUCKET, Action="s3:PutObject"))),
        ]),
    ("cis_aws_v3", "2.1.2"): ItemCase(
        compliant=[("get-bucket-versioning: Status Enabled, MfaDelete Enabled", compliant)],
        non_compliant=[
            ("versioning Enabled, MFA Delete Disabled",
             lambda: _versioning({"Status": "Enabled", "MFADelete": "Disabled"})),
            ("versioning never enabled (empty VersioningConfiguration)", lambda: _versioning({})),
            ("versioning Suspended", lambda: _versioning({"Status": "Suspended",
                                                          "MFADelete": "Disabled"})),
        ]),
    ("cis_aws_v3", "2.3.1"): ItemCase(
        compliant=[("StorageEncrypted true", compliant)],
        non_compliant=[("StorageEncrypted false", lambda: _db(StorageEncrypted=False))]),
    ("cis_aws_v3", "2.3.2"): ItemCase(
        compliant=[("AutoMinorVersionUpgrade true", compliant)],
        non_compliant=[("AutoMinorVersionUpgrade false",
                        lambda: _db(AutoMinorVersionUpgrade=False))]),
    ("cis_aws_v3", "2.3.3"): ItemCase(
        compliant=[("PubliclyAccessible false", compliant)],
        non_compliant=[("step 4: PubliclyAccessible true",
                        lambda: _db(PubliclyAccessible=True))]),
    ("cis_aws_v3", "2.4.1"): ItemCase(
        compliant=[("Encrypted true on every file system", compliant)],
        non_compliant=[("Encrypted false", lambda: changed(
            compliant(), "efs:DescribeFileSystems", [file_system(Encrypted=False)], HOME))]),
    ("cis_aws_v3", "5.1"): ItemCase(
        compliant=[
            ("inbound ALLOW from 0.0.0.0/0 only on ranges without 22 and 3389", compliant),
            ("SSH allowed from a private range only", lambda: _acl(
                nacl_entry(100, "allow", "6", (22, 22), cidr="10.0.0.0/8"),
                nacl_entry(32767, "deny"))),
        ],
        non_compliant=[
            ("note: a Port value of ALL includes 22 and 3389", lambda: _acl(
                nacl_entry(100, "allow"), nacl_entry(32767, "deny"))),
            ("note: a port range such as 0-1024 includes 22", lambda: _acl(
                nacl_entry(100, "allow", "6", (0, 1024)), nacl_entry(32767, "deny"))),
            ("port 3389 from 0.0.0.0/0 ALLOW", lambda: _acl(
                nacl_entry(100, "allow", "6", (3389, 3389)), nacl_entry(32767, "deny"))),
        ]),
    ("cis_aws_v3", "5.2"): ItemCase(
        compliant=[("0.0.0.0/0 only on 443; SSH from a private range", compliant)],
        non_compliant=[
            ("port 22 from 0.0.0.0/0", lambda: _group(ingress("tcp", 22, ipv4=ANY))),
            ("note: a port range such as 0-1024", lambda: _group(
                ingress("tcp", 0, 1024, ipv4=ANY))),
            ("note: a Port value of ALL", lambda: _group(ingress("-1", ipv4=ANY))),
        ]),
    ("cis_aws_v3", "5.3"): ItemCase(
        compliant=[("::/0 only on 443", compliant)],
        non_compliant=[
            ("port 3389 from ::/0", lambda: _group(ingress("tcp", 3389, ipv6="::/0"))),
            ("note: a Port value of ALL from ::/0", lambda: _group(ingress("-1", ipv6="::/0"))),
        ]),
    ("cis_aws_v3", "5.4"): ItemCase(
        compliant=[("every default security group: no inbound, no outbound rule", compliant)],
        non_compliant=[
            ("an outbound rule exists (AWS's default allow-all egress)",
             lambda: _default_group(outbound=[ingress("-1", ipv4=ANY)])),
            ("an inbound rule exists", lambda: _default_group(
                inbound=[ingress("tcp", 443, ipv4="10.0.0.0/8")])),
        ]),
    ("cis_aws_v3", "5.6"): ItemCase(
        compliant=[("MetadataOptions HttpTokens required, State applied", compliant)],
        non_compliant=[
            ("HttpTokens optional", lambda: changed(
                compliant(), "ec2:DescribeInstances", [instance(tokens="optional")], HOME)),
            ("HttpTokens required but State pending, not applied", lambda: changed(
                compliant(), "ec2:DescribeInstances", [instance(state="pending")], HOME)),
        ]),
}
