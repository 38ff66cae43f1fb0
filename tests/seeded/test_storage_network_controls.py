"""Storage and networking controls (CIS v3.0 sections 2 and 5) through the CLI on seeded
moto accounts: PASS on compliant resources (never on an empty account), FAIL with the
reason, and ERROR when the read is denied.

moto limits (see the controls' ``emulator_gap``): GetBucketVersioning never reports
MFADelete, so s3-bucket-mfa-delete can only FAIL or be NOT_PROVABLE here (its PASS is
proved on snapshots); GetInstanceMetadataDefaults is not implemented, so the seeded
ec2-imdsv2-required cases always hold instances.
"""

from __future__ import annotations

import json

from tests.seeded.cases import SeededCase, cli_verdict_tests

AMI = "ami-12c6146b"  # one of moto's default images


def bucket(account) -> str:
    """S3 bucket names are global in moto too: one per sandbox account."""
    return f"seeded-data-{account.account_id}"


def _tls_policy(bucket: str) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
        "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]})


def _db(account, name: str = "orders", **changes) -> None:
    account.client("rds").create_db_instance(**{
        "DBInstanceIdentifier": name, "DBInstanceClass": "db.t3.micro", "Engine": "postgres",
        "MasterUsername": "orders", "MasterUserPassword": "Correct-Horse-Battery-9",
        "AllocatedStorage": 20, "StorageEncrypted": True, "AutoMinorVersionUpgrade": True,
        "PubliclyAccessible": False, **changes})


def seed_storage(account) -> None:
    """A bucket that denies HTTP, an encrypted private RDS instance with auto minor version
    upgrade, an encrypted EFS file system."""
    s3, name = account.client("s3"), bucket(account)
    s3.create_bucket(Bucket=name)
    s3.put_bucket_policy(Bucket=name, Policy=_tls_policy(name))
    _db(account)
    account.client("efs").create_file_system(CreationToken="shared", Encrypted=True)


def _default_vpc(ec2) -> str:
    return ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0][
        "VpcId"]


def _web_group(ec2, vpc: str, *rules: dict) -> str:
    group = ec2.create_security_group(GroupName="web", Description="web", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=list(rules))
    return group


HTTPS_ANYWHERE = {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
                  "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}
SSH_CORPORATE = {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
                 "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}


def seed_network(account) -> None:
    """The default VPC with its default security group emptied, its default NACL letting in
    HTTPS and return traffic around the admin ports only, a web security group open on 443
    and to SSH from a corporate range, and one instance that requires IMDSv2 and has an
    instance profile holding a role."""
    ec2 = account.client("ec2")
    vpc = _default_vpc(ec2)
    default = _default_group(ec2, vpc)
    if default["IpPermissionsEgress"]:
        ec2.revoke_security_group_egress(GroupId=default["GroupId"],
                                         IpPermissions=default["IpPermissionsEgress"])
    if default["IpPermissions"]:
        ec2.revoke_security_group_ingress(GroupId=default["GroupId"],
                                          IpPermissions=default["IpPermissions"])
    acl = ec2.describe_network_acls(Filters=[{"Name": "vpc-id", "Values": [vpc]}])[
        "NetworkAcls"][0]["NetworkAclId"]
    ec2.replace_network_acl_entry(NetworkAclId=acl, RuleNumber=100, Protocol="6",
                                  RuleAction="allow", Egress=False, CidrBlock="0.0.0.0/0",
                                  PortRange={"From": 443, "To": 443})
    for number, ports in ((110, (1024, 3388)), (120, (3390, 65535))):
        ec2.create_network_acl_entry(NetworkAclId=acl, RuleNumber=number, Protocol="6",
                                     RuleAction="allow", Egress=False, CidrBlock="0.0.0.0/0",
                                     PortRange={"From": ports[0], "To": ports[1]})
    group = _web_group(ec2, vpc, HTTPS_ANYWHERE, SSH_CORPORATE)
    ec2.run_instances(ImageId=AMI, MinCount=1, MaxCount=1, SecurityGroupIds=[group],
                      MetadataOptions={"HttpTokens": "required"},
                      IamInstanceProfile={"Arn": _instance_profile(account)})


EC2_TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
    "Action": "sts:AssumeRole"}]})


def _instance_profile(account, with_role: bool = True) -> str:
    """An instance profile (holding the role app-instance-role unless ``with_role`` is
    false); its ARN. IAM is global: a second region's seeding of the same account (the
    Prowler benchmark seeds two) reuses the profile made by the first."""
    iam = account.client("iam")
    try:
        return str(iam.get_instance_profile(InstanceProfileName="app-instance")[
            "InstanceProfile"]["Arn"])
    except iam.exceptions.NoSuchEntityException:
        pass
    arn = iam.create_instance_profile(InstanceProfileName="app-instance")["InstanceProfile"]["Arn"]
    if with_role:
        iam.create_role(RoleName="app-instance-role", AssumeRolePolicyDocument=EC2_TRUST)
        iam.add_role_to_instance_profile(InstanceProfileName="app-instance",
                                         RoleName="app-instance-role")
    return str(arn)


def _fresh_default_vpc(account) -> None:
    """An untouched account: AWS's default VPC keeps its default NACL (allow all inbound) and
    default security group (allow all outbound)."""
    _default_vpc(account.client("ec2"))


def _default_group(ec2, vpc: str) -> dict:
    return ec2.describe_security_groups(Filters=[
        {"Name": "vpc-id", "Values": [vpc]}, {"Name": "group-name", "Values": ["default"]}])[
        "SecurityGroups"][0]


def _open_group(rule: dict):
    """The account's only security group (the default VPC's default one) opened by ``rule``
    (the CLI verdict is FAIL only when every group fails)."""
    def seed(account) -> None:
        ec2 = account.client("ec2")
        group = _default_group(ec2, _default_vpc(ec2))["GroupId"]
        ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[rule])
    return seed


def _storage_case(break_it, reason: str, denied: str) -> SeededCase:
    return SeededCase(seed_pass=seed_storage, seed_fail=break_it, fail_reason=reason,
                      denied_action=denied)


def _network_case(break_it, reason: str, denied: str) -> SeededCase:
    return SeededCase(seed_pass=seed_network, seed_fail=break_it, fail_reason=reason,
                      denied_action=denied)


def _bucket_without_policy(account) -> None:
    account.client("s3").create_bucket(Bucket=bucket(account))


def _bucket_denying_only_get_object(account) -> None:
    s3, name = account.client("s3"), bucket(account)
    s3.create_bucket(Bucket=name)
    policy = json.loads(_tls_policy(name))
    policy["Statement"][0]["Action"] = "s3:GetObject"
    s3.put_bucket_policy(Bucket=name, Policy=json.dumps(policy))


def _bucket_denying_old_tls(account) -> None:
    """CIS v4.0.1 2.1.1's second pattern: Deny s3:* below TLS 1.2 on the bucket and objects."""
    s3, name = account.client("s3"), bucket(account)
    s3.create_bucket(Bucket=name)
    policy = json.loads(_tls_policy(name))
    policy["Statement"][0]["Condition"] = {"NumericLessThan": {"s3:TlsVersion": "1.2"}}
    s3.put_bucket_policy(Bucket=name, Policy=json.dumps(policy))


def _instance_with_empty_profile(account) -> None:
    account.client("ec2").run_instances(
        ImageId=AMI, MinCount=1, MaxCount=1,
        IamInstanceProfile={"Arn": _instance_profile(account, with_role=False)})


SEEDED: dict[str, SeededCase] = {
    "s3-bucket-policy-denies-insecure-transport": SeededCase(
        seed_pass=_bucket_denying_old_tls, seed_fail=_bucket_denying_only_get_object,
        fail_reason=": no statement denies insecure transport to everyone "
        "(DenyInsecureTransport: denies only s3:GetObject)", denied_action="s3:GetBucketPolicy"),
    "ec2-instances-use-instance-profiles": _network_case(
        _instance_with_empty_profile, "instance profile app-instance holds no IAM role",
        "ec2:DescribeInstances"),
    "s3-bucket-policy-denies-http": _storage_case(
        _bucket_denying_only_get_object, ": no statement denies every HTTP "
        "request (DenyInsecureTransport: denies only s3:GetObject)", "s3:GetBucketPolicy"),
    "rds-storage-encrypted": _storage_case(
        lambda account: _db(account, StorageEncrypted=False),
        "RDS DB instance orders in us-east-1: storage not encrypted", "rds:DescribeDBInstances"),
    "rds-auto-minor-version-upgrade": _storage_case(
        lambda account: _db(account, AutoMinorVersionUpgrade=False),
        "RDS DB instance orders in us-east-1: auto minor version upgrade disabled",
        "rds:DescribeDBInstances"),
    "rds-not-publicly-accessible": _storage_case(
        lambda account: _db(account, PubliclyAccessible=True),
        "RDS DB instance orders in us-east-1: publicly accessible", "rds:DescribeDBInstances"),
    "efs-encrypted": _storage_case(
        lambda account: account.client("efs").create_file_system(CreationToken="plain"),
        "not encrypted at rest (Encrypted false)", "efs:DescribeFileSystems"),
    "nacl-no-admin-port-ingress": _network_case(
        _fresh_default_vpc, "allows ingress from 0.0.0.0/0 to admin ports: rule 100 allows "
        "tcp 22", "ec2:DescribeNetworkAcls"),
    "security-group-no-admin-port-ingress-ipv4": _network_case(
        _open_group({"IpProtocol": "tcp", "FromPort": 0, "ToPort": 1024,
                     "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}),
        "(default) in us-east-1 allows ingress from 0.0.0.0/0 to an admin port: tcp 0-1024",
        "ec2:DescribeSecurityGroups"),
    "security-group-no-admin-port-ingress-ipv6": _network_case(
        _open_group({"IpProtocol": "-1", "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}),
        "(default) in us-east-1 allows ingress from ::/0 to an admin port: all traffic",
        "ec2:DescribeSecurityGroups"),
    "security-group-cifs-restricted": _network_case(
        _open_group({"IpProtocol": "tcp", "FromPort": 139, "ToPort": 445,
                     "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}),
        "(default) in us-east-1 allows CIFS (port 445) from anywhere: tcp 139-445 from 0.0.0.0/0",
        "ec2:DescribeSecurityGroups"),
    "default-security-group-restricts-all": _network_case(
        _fresh_default_vpc, "has 0 inbound and 1 outbound rule(s)",
        "ec2:DescribeSecurityGroups"),
    "ec2-imdsv2-required": _network_case(
        lambda account: account.client("ec2").run_instances(
            ImageId=AMI, MinCount=1, MaxCount=1, MetadataOptions={"HttpTokens": "optional"}),
        "IMDS HttpTokens optional, State applied (IMDSv2 not required)",
        "ec2:DescribeInstances"),
}


def _versioned_bucket(account) -> None:
    s3 = account.client("s3")
    s3.create_bucket(Bucket=bucket(account))
    s3.put_bucket_versioning(Bucket=bucket(account), MFA="arn:aws:iam::123456789012:mfa/root 123456",
                             VersioningConfiguration={"Status": "Enabled",
                                                      "MFADelete": "Enabled"})


# moto cannot PASS it (MFADelete never reported): FAIL and ERROR run below, and its "pass"
# seeding is shown to be NOT_PROVABLE, never PASS.
MFA_DELETE = SeededCase(seed_pass=_versioned_bucket, seed_fail=_bucket_without_policy,
                        fail_reason=": versioning never enabled, so MFA Delete is not enabled",
                        denied_action="s3:GetBucketVersioning")
SEEDED["s3-bucket-mfa-delete"] = MFA_DELETE

(test_cli_passes_on_a_compliant_account, test_cli_fails_with_the_reason,
 test_cli_errors_when_the_read_is_denied) = cli_verdict_tests(
    {key: case for key, case in SEEDED.items() if case is not MFA_DELETE},
    "seeded-storage-network")


def test_mfa_delete_fails_without_versioning(sandbox_account, audit_cli):
    MFA_DELETE.seed_fail(sandbox_account)
    result = audit_cli(sandbox_account, "--controls", "s3-bucket-mfa-delete")
    assert result.statuses("s3-bucket-mfa-delete") == {"FAIL"}
    assert MFA_DELETE.fail_reason in result.reasons("s3-bucket-mfa-delete")


def test_mfa_delete_on_moto_is_not_provable_never_pass(sandbox_account, audit_cli):
    from harness.moto_extensions import deny

    MFA_DELETE.seed_pass(sandbox_account)
    result = audit_cli(sandbox_account, "--controls", "s3-bucket-mfa-delete")
    assert result.statuses("s3-bucket-mfa-delete") == {"NOT_PROVABLE"}
    assert "never reports MFADelete" in result.reasons("s3-bucket-mfa-delete")
    with deny(sandbox_account.account_id, MFA_DELETE.denied_action):
        denied = audit_cli(sandbox_account, "--controls", "s3-bucket-mfa-delete")
    assert denied.statuses("s3-bucket-mfa-delete") == {"ERROR"}
    assert "AccessDenied" in denied.reasons("s3-bucket-mfa-delete")
    assert denied.exit_code == 2


def test_imdsv2_without_instances_is_judged_by_the_account_default(sandbox_account, audit_cli):
    """No instance: nothing for CIS 5.6 to judge (NOT_APPLICABLE) until the account default
    requires IMDSv2 for every new instance (PASS). moto lacks the metadata-defaults API; the
    harness answers it from what ModifyInstanceMetadataDefaults stored, as AWS does."""
    result = audit_cli(sandbox_account, "--controls", "ec2-imdsv2-required")
    assert result.statuses("ec2-imdsv2-required") == {"NOT_APPLICABLE"}
    sandbox_account.client("ec2").modify_instance_metadata_defaults(HttpTokens="required")
    result = audit_cli(sandbox_account, "--controls", "ec2-imdsv2-required")
    assert result.statuses("ec2-imdsv2-required") == {"PASS"}
    assert "account default makes new instances require IMDSv2" in result.reasons(
        "ec2-imdsv2-required")
