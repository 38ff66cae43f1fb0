"""The read-only guard is an explicit allowlist pinned to what the collector really calls."""

from __future__ import annotations

import pytest

from governance.readonly import ALLOWED_OPERATIONS, UNREACHED_IN_SEEDED_RUN, WriteAttempted
from governance.session import _botocore_session
from tests.unit.test_collector import seeded_account  # noqa: F401  (fixture)


def test_allowlist_equals_the_operations_of_a_seeded_run(seeded_account):  # noqa: F811
    collector = seeded_account.collector(["us-east-1", "eu-west-1"])
    sent: set[str] = set()
    original = collector.client

    def client(service, region=None, **options):
        made = original(service, region, **options)
        made.meta.events.register("before-call.*.*", lambda model, **kw: sent.add(
            f"{model.service_model.service_name}:{model.name}"), unique_id="record-ops")
        return made

    collector.client = client
    collector.collect()
    assert sent - ALLOWED_OPERATIONS == set()
    # what the run did not reach is either documented or an organization/optional branch
    unreached = ALLOWED_OPERATIONS - sent - set(UNREACHED_IN_SEEDED_RUN)
    branch_services = {"organizations", "guardduty", "securityhub", "kms", "sso-admin",
                       "config", "events", "cloudtrail"}
    outside = sorted(op for op in unreached
                     if op != "ec2:DescribeRegions" and op.split(":")[0] not in branch_services)
    assert outside == [], ", ".join(outside)


@pytest.mark.parametrize("service,call", [
    ("sts", lambda c: c.get_session_token()),
    ("sts", lambda c: c.get_federation_token(Name="xx")),
    ("redshift", lambda c: c.get_cluster_credentials(DbUser="u", ClusterIdentifier="c")),
    ("secretsmanager", lambda c: c.get_secret_value(SecretId="s")),
    ("ssm", lambda c: c.get_parameter(Name="p", WithDecryption=True)),
    ("s3", lambda c: c.get_object(Bucket="b", Key="k")),
    ("iam", lambda c: c.create_user(UserName="mallory")),
])
def test_session_clients_refuse_what_is_not_allowed(service, call):
    import boto3

    session = boto3.Session(aws_access_key_id="AKIAEXAMPLEEXAMPLE00", aws_secret_access_key="x",
                            region_name="us-east-1", botocore_session=_botocore_session())
    with pytest.raises(WriteAttempted, match=f"refused {service}:"):
        call(session.client(service, endpoint_url="http://127.0.0.1:9"))
