"""Storage and networking controls (CIS v3.0 sections 2 and 5) through the CLI on seeded
moto accounts: PASS on compliant resources (never on an empty account), FAIL with the
reason, and ERROR when the read is denied.

moto limits (see the controls' ``emulator_gap``): GetBucketVersioning never reports
MFADelete, so s3-bucket-mfa-delete can only FAIL or be NOT_PROVABLE here (its PASS is
proved on snapshots); GetInstanceMetadataDefaults is not implemented, so the seeded
ec2-imdsv2-required cases always hold instances. The seeding is
harness/seeds/storage_network.py; the network-baseline controls' PASS and FAIL are proved
on the applied examples/complete stack (tests/live_proofs.toml), their ERROR here.
"""

from __future__ import annotations

from harness.seeds.storage_network import (
    bucket_denying_old_tls,
    bucket_denying_only_get_object,
    bucket_without_policy,
    db,
    instance_with_empty_profile,
    open_default_group,
    seed_network,
    seed_storage,
    versioned_bucket_with_mfa_delete,
)
from tests.seeded.cases import SeededCase, cli_verdict_tests


def _storage_case(break_it, reason: str, denied: str) -> SeededCase:
    return SeededCase(seed_pass=seed_storage, seed_fail=break_it, fail_reason=reason,
                      denied_action=denied)


def _network_case(break_it, reason: str, denied: str) -> SeededCase:
    return SeededCase(seed_pass=seed_network, seed_fail=break_it, fail_reason=reason,
                      denied_action=denied)


def _network_read(denied: str) -> SeededCase:
    """A network-baseline control whose FAIL the applied stack's drift proves: the compliant
    network, and its read to deny."""
    return SeededCase(seed_pass=seed_network, denied_action=denied)


SEEDED: dict[str, SeededCase] = {
    "s3-bucket-policy-denies-insecure-transport": SeededCase(
        seed_pass=bucket_denying_old_tls, seed_fail=bucket_denying_only_get_object,
        fail_reason=": no statement denies insecure transport to everyone "
        "(DenyInsecureTransport: denies only s3:GetObject)", denied_action="s3:GetBucketPolicy"),
    "ec2-instances-use-instance-profiles": _network_case(
        instance_with_empty_profile, "instance profile app-instance holds no IAM role",
        "ec2:DescribeInstances"),
    "s3-bucket-policy-denies-http": _storage_case(
        bucket_denying_only_get_object, ": no statement denies every HTTP "
        "request (DenyInsecureTransport: denies only s3:GetObject)", "s3:GetBucketPolicy"),
    "rds-storage-encrypted": _storage_case(
        lambda account: db(account, StorageEncrypted=False),
        "RDS DB instance orders in us-east-1: storage not encrypted", "rds:DescribeDBInstances"),
    "rds-auto-minor-version-upgrade": _storage_case(
        lambda account: db(account, AutoMinorVersionUpgrade=False),
        "RDS DB instance orders in us-east-1: auto minor version upgrade disabled",
        "rds:DescribeDBInstances"),
    "rds-not-publicly-accessible": _storage_case(
        lambda account: db(account, PubliclyAccessible=True),
        "RDS DB instance orders in us-east-1: publicly accessible", "rds:DescribeDBInstances"),
    "efs-encrypted": _storage_case(
        lambda account: account.client("efs").create_file_system(CreationToken="plain"),
        "not encrypted at rest (Encrypted false)", "efs:DescribeFileSystems"),
    "nacl-no-admin-port-ingress": _network_read("ec2:DescribeNetworkAcls"),
    "security-group-no-admin-port-ingress-ipv4": _network_case(
        open_default_group({"IpProtocol": "tcp", "FromPort": 0, "ToPort": 1024,
                            "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}),
        "(default) in us-east-1 allows ingress from 0.0.0.0/0 to an admin port: tcp 0-1024",
        "ec2:DescribeSecurityGroups"),
    "security-group-no-admin-port-ingress-ipv6": _network_case(
        open_default_group({"IpProtocol": "-1", "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}),
        "(default) in us-east-1 allows ingress from ::/0 to an admin port: all traffic",
        "ec2:DescribeSecurityGroups"),
    "security-group-cifs-restricted": _network_case(
        open_default_group({"IpProtocol": "tcp", "FromPort": 139, "ToPort": 445,
                            "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}),
        "(default) in us-east-1 allows CIFS (port 445) from anywhere: tcp 139-445 from 0.0.0.0/0",
        "ec2:DescribeSecurityGroups"),
    "default-security-group-restricts-all": _network_read("ec2:DescribeSecurityGroups"),
    "ec2-imdsv2-required": _network_read("ec2:DescribeInstances"),
}


# moto cannot PASS it (MFADelete never reported): FAIL and ERROR run below, and its "pass"
# seeding is shown to be NOT_PROVABLE, never PASS.
MFA_DELETE = SeededCase(seed_pass=versioned_bucket_with_mfa_delete, seed_fail=bucket_without_policy,
                        fail_reason=": versioning never enabled, so MFA Delete is not enabled",
                        denied_action="s3:GetBucketVersioning")
SEEDED["s3-bucket-mfa-delete"] = MFA_DELETE

(test_cli_passes_on_a_compliant_account, test_cli_fails_with_the_reason,
 test_cli_errors_when_the_read_is_denied) = cli_verdict_tests(
    SEEDED, "seeded-storage-network", test_file=__file__)


def test_mfa_delete_fails_without_versioning(sandbox_account, audit_cli):
    assert MFA_DELETE.seed_fail is not None and MFA_DELETE.fail_reason is not None
    MFA_DELETE.seed_fail(sandbox_account)
    result = audit_cli(sandbox_account, "--controls", "s3-bucket-mfa-delete")
    assert result.statuses("s3-bucket-mfa-delete") == {"FAIL"}
    assert MFA_DELETE.fail_reason in result.reasons("s3-bucket-mfa-delete")


def test_mfa_delete_on_moto_is_not_provable_never_pass(sandbox_account, audit_cli):
    from harness.moto import deny

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
