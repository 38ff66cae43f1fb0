"""Seeding for the storage and networking controls (CIS sections 2 and 5): data buckets and
their policies, RDS instances, EFS file systems, the default VPC's security group and NACL,
security groups, instances and their instance profiles.

moto limits: GetBucketVersioning never reports MFADelete; GetInstanceMetadataDefaults is
answered by the harness (harness/moto/actions.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from harness.moto_sandbox import SandboxAccount

AMI = "ami-12c6146b"  # one of moto's default images
HTTPS_ANYWHERE = {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
                  "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}
SSH_CORPORATE = {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
                 "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}
EC2_TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
    "Action": "sts:AssumeRole"}]})


def bucket(account: SandboxAccount) -> str:
    """S3 bucket names are global in moto too: one per sandbox account."""
    return f"seeded-data-{account.account_id}"


def tls_policy(bucket: str) -> str:
    """A bucket policy denying every request to ``bucket`` made without TLS."""
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
        "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]})


def db(account: SandboxAccount, name: str = "orders", **changes: Any) -> None:
    """An encrypted private RDS instance with auto minor version upgrade, with ``changes``
    to CreateDBInstance's parameters (botocore refuses a misspelt one)."""
    account.client("rds").create_db_instance(**{
        "DBInstanceIdentifier": name, "DBInstanceClass": "db.t3.micro", "Engine": "postgres",
        "MasterUsername": "orders", "MasterUserPassword": "Correct-Horse-Battery-9",
        "AllocatedStorage": 20, "StorageEncrypted": True, "AutoMinorVersionUpgrade": True,
        "PubliclyAccessible": False, **changes})


def seed_storage(account: SandboxAccount) -> None:
    """A bucket that denies HTTP, an encrypted private RDS instance with auto minor version
    upgrade, an encrypted EFS file system."""
    s3, name = account.client("s3"), bucket(account)
    s3.create_bucket(Bucket=name)
    s3.put_bucket_policy(Bucket=name, Policy=tls_policy(name))
    db(account)
    account.client("efs").create_file_system(CreationToken="shared", Encrypted=True)


def default_vpc(ec2: Any) -> str:
    """The id of the region's default VPC (``ec2``: a boto3 EC2 client)."""
    return str(ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0][
        "VpcId"])


def default_group(ec2: Any, vpc: str) -> dict[str, Any]:
    """The default security group of ``vpc``, as DescribeSecurityGroups returns it."""
    return dict(ec2.describe_security_groups(Filters=[
        {"Name": "vpc-id", "Values": [vpc]}, {"Name": "group-name", "Values": ["default"]}])[
        "SecurityGroups"][0])


def web_group(ec2: Any, vpc: str, *rules: dict[str, Any]) -> str:
    """A security group named web in ``vpc`` allowing ``rules`` in; its id."""
    group = ec2.create_security_group(GroupName="web", Description="web", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=list(rules))
    return str(group)


def instance_profile(account: SandboxAccount, with_role: bool = True) -> str:
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


def seed_network(account: SandboxAccount) -> None:
    """The default VPC with its default security group emptied, its default NACL letting in
    HTTPS and return traffic around the admin ports only, a web security group open on 443
    and to SSH from a corporate range, and one instance that requires IMDSv2 and has an
    instance profile holding a role."""
    ec2 = account.client("ec2")
    vpc = default_vpc(ec2)
    default = default_group(ec2, vpc)
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
    group = web_group(ec2, vpc, HTTPS_ANYWHERE, SSH_CORPORATE)
    ec2.run_instances(ImageId=AMI, MinCount=1, MaxCount=1, SecurityGroupIds=[group],
                      MetadataOptions={"HttpTokens": "required"},
                      IamInstanceProfile={"Arn": instance_profile(account)})


def open_default_group(rule: dict[str, Any]) -> Callable[[SandboxAccount], None]:
    """A seed opening the account's only security group (the default VPC's default one) by
    ``rule`` (the CLI verdict is FAIL only when every group fails)."""
    def seed(account: SandboxAccount) -> None:
        ec2 = account.client("ec2")
        group = default_group(ec2, default_vpc(ec2))["GroupId"]
        ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[rule])
    return seed


def bucket_without_policy(account: SandboxAccount) -> None:
    """The data bucket with no policy (and no versioning)."""
    account.client("s3").create_bucket(Bucket=bucket(account))


def bucket_denying_only_get_object(account: SandboxAccount) -> None:
    """The data bucket whose TLS deny covers s3:GetObject only."""
    s3, name = account.client("s3"), bucket(account)
    s3.create_bucket(Bucket=name)
    policy = json.loads(tls_policy(name))
    policy["Statement"][0]["Action"] = "s3:GetObject"
    s3.put_bucket_policy(Bucket=name, Policy=json.dumps(policy))


def bucket_denying_old_tls(account: SandboxAccount) -> None:
    """CIS v4.0.1 2.1.1's second pattern: Deny s3:* below TLS 1.2 on the bucket and objects."""
    s3, name = account.client("s3"), bucket(account)
    s3.create_bucket(Bucket=name)
    policy = json.loads(tls_policy(name))
    policy["Statement"][0]["Condition"] = {"NumericLessThan": {"s3:TlsVersion": "1.2"}}
    s3.put_bucket_policy(Bucket=name, Policy=json.dumps(policy))


def instance_with_empty_profile(account: SandboxAccount) -> None:
    """An instance whose instance profile holds no role."""
    account.client("ec2").run_instances(
        ImageId=AMI, MinCount=1, MaxCount=1,
        IamInstanceProfile={"Arn": instance_profile(account, with_role=False)})


def versioned_bucket_with_mfa_delete(account: SandboxAccount) -> None:
    """The data bucket versioned with MFA Delete asked for (moto ignores MFADelete)."""
    s3 = account.client("s3")
    s3.create_bucket(Bucket=bucket(account))
    s3.put_bucket_versioning(Bucket=bucket(account), MFA="arn:aws:iam::123456789012:mfa/root 123456",
                             VersioningConfiguration={"Status": "Enabled",
                                                      "MFADelete": "Enabled"})
