"""The collector is read-only by construction and reads each API once."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from governance.collect import Collector
from governance.readonly import WriteAttempted, is_read_operation


def recorded_collect(account):
    collector = account.collector(["us-east-1", "eu-west-1"])
    sent: list[str] = []
    original = collector.client

    def client(service, region=None, **options):
        made = original(service, region, **options)
        if not getattr(made, "_recording", False):
            where = made.meta.region_name
            made.meta.events.register(
                "before-call.*.*", lambda model, params, **kw: sent.append(
                    f"{model.name}@{where} {json.dumps(params, sort_keys=True, default=str)}"))
            made._recording = True
        return made

    collector.client = client
    return collector.collect(), sent


@pytest.fixture
def seeded_account(sandbox_account):
    iam = sandbox_account.client("iam")
    iam.create_group(GroupName="Developers")
    iam.create_user(UserName="jane.doe")
    iam.add_user_to_group(GroupName="Developers", UserName="jane.doe")
    iam.create_policy(PolicyName="p", PolicyDocument=json.dumps({"Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "iam:GetUser", "Resource": "*"}]}))
    # A trail whose bucket the S3 bucket reads (CIS 2.1.x) and the trail-bucket reads (CIS
    # 3.x) both need: each bucket API must still be read once.
    bucket = f"trail-logs-{sandbox_account.account_id}"
    sandbox_account.client("s3").create_bucket(Bucket=bucket)
    sandbox_account.client("cloudtrail").create_trail(Name="audit-trail", S3BucketName=bucket,
                                                      IsMultiRegionTrail=True)
    sandbox_account.client("s3").create_bucket(Bucket=f"data-{sandbox_account.account_id}")
    sandbox_account.client("s3").put_bucket_versioning(
        Bucket=f"data-{sandbox_account.account_id}",
        VersioningConfiguration={"Status": "Enabled"})
    return sandbox_account


def test_collector_sends_only_reads_and_each_once(seeded_account):
    snapshot, sent = recorded_collect(seeded_account)
    assert sent, "nothing was sent"
    assert all(is_read_operation(name.split("@")[0]) for name in sent), sent
    counts = Counter(sent)  # the same operation, region and parameters twice is a re-read
    repeated = {name: n for name, n in counts.items()
                if n > 1 and not name.startswith("GenerateCredentialReport@")}
    assert repeated == {}
    errors = {key: read.error for key, read in snapshot.reads.items()
              if read.error and not read.emulator_gap}
    assert errors == {}
    # What the sandbox lacks is an emulator gap (NOT_PROVABLE), not an error: Access Analyzer
    # with nothing seeded. GetInstanceMetadataDefaults (CIS 5.6, read where there is no
    # instance) is answered by the harness and read once per region, never retried.
    gaps = sorted(key for key, read in snapshot.reads.items() if read.emulator_gap)
    assert gaps == sorted(f"access-analyzer:ListAnalyzers@{region}" for region in snapshot.regions)
    assert sum(name.startswith("GetInstanceMetadataDefaults@") for name in sent) == 2
    trail_bucket, data_bucket = (f"{prefix}-{seeded_account.account_id}"
                                 for prefix in ("trail-logs", "data"))
    assert snapshot.reads["s3:GetBucketVersioning"].data == {
        trail_bucket: {}, data_bucket: {"Status": "Enabled"}}
    assert snapshot.reads["s3:GetBucketPolicy@us-east-1"].data == {
        trail_bucket: None}  # the trail bucket's read, reused from the bucket reads
    json.dumps(snapshot.to_dict())  # plain, serialisable data


def test_collector_clients_refuse_writes(sandbox_account):
    collector = Collector(sandbox_account.session, endpoint_url=sandbox_account.endpoint)
    with pytest.raises(WriteAttempted, match="refused iam:CreateUser"):
        collector.client("iam").create_user(UserName="mallory")
    assert sandbox_account.client("iam").list_users()["Users"] == []


def test_denied_api_is_recorded_as_an_error(sandbox_account, monkeypatch):
    from botocore.exceptions import ClientError

    collector = sandbox_account.collector()
    iam = collector.client("iam")

    def denied(*args, **kwargs):
        raise ClientError({"Error": {"Code": "AccessDenied", "Message": "not allowed"}},
                          "GetAccountPasswordPolicy")

    monkeypatch.setattr(iam, "get_account_password_policy", denied)
    snapshot = collector.collect()
    assert snapshot.reads["iam:GetAccountPasswordPolicy"].error == "AccessDenied: not allowed"


def test_all_enabled_regions_are_read_by_default(sandbox_account):
    collector = Collector(sandbox_account.session, endpoint_url=sandbox_account.endpoint)
    regions = collector.enabled_regions()
    assert "us-east-1" in regions and "eu-west-1" in regions and regions == sorted(regions)
