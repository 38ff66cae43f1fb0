"""Procedure cases of the CIS v4.0.1 items first carried as uncovered (unchanged through
v7.0.0, which borrow them through ``same_as``): 1.18 (describe-instances IamInstanceProfile,
a profile holding a role), 2.1.1 (get-bucket-policy: Deny on aws:SecureTransport false or on
s3:TlsVersion below a site-chosen version), 3.8 and 3.9 (each trail multi-region, its event
selectors logging S3 object-level write / read events of all current and future buckets)."""

from __future__ import annotations

from typing import Any

from governance.model import AccountSnapshot
from tests.support.snapshots import changed
from tests.unit import snapshots_logging as logging
from tests.unit import snapshots_storage_network as storage
from tests.unit.item_cases import ItemCase

TLS_VERSION = {"NumericLessThan": {"s3:TlsVersion": "1.2"}}


def _policy(**changes: Any) -> AccountSnapshot:
    return changed(storage.compliant(), "s3:GetBucketPolicy", lambda p: {
        **p, storage.BUCKET: storage.tls_policy(storage.BUCKET, **changes)}, None)


def _instances(*instances: dict[str, Any]) -> AccountSnapshot:
    return changed(storage.compliant(), "ec2:DescribeInstances", list(instances), storage.HOME)


APP_TRAIL_ARN = logging.TRAIL_ARN.replace("governance-trail", "app-trail")
S3_ALL = [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3"]}]


def _basic(read_write: str, resources: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"EventSelectors": [{"ReadWriteType": read_write, "IncludeManagementEvents": True,
                                "DataResources": S3_ALL if resources is None else resources}]}


def _advanced(read_only: str | None) -> dict[str, Any]:
    fields = [{"Field": "eventCategory", "Equals": ["Data"]},
              {"Field": "resources.type", "Equals": ["AWS::S3::Object"]}]
    if read_only is not None:
        fields.append({"Field": "readOnly", "Equals": [read_only]})
    return logging.advanced_selectors(s3_fields=fields)


def _selectors(selected: dict[str, Any]) -> AccountSnapshot:
    return changed(logging.compliant(), "cloudtrail:GetEventSelectors",
                           {logging.TRAIL_ARN: selected}, logging.HOME)


def _second_trail(selected: dict[str, Any], **changes: Any) -> AccountSnapshot:
    second = logging.trail(Name="app-trail", TrailARN=APP_TRAIL_ARN, **changes)
    snapshot = changed(logging.compliant(), "cloudtrail:DescribeTrails",
                               lambda found: [*found, second], every_region=True)
    return changed(snapshot, "cloudtrail:GetEventSelectors",
                           lambda s: {**s, APP_TRAIL_ARN: selected}, logging.HOME)


def _object_logging(kind: str) -> ItemCase:
    """3.8 (kind "write") or 3.9 ("read")."""
    only, other = ("WriteOnly", "ReadOnly") if kind == "write" else ("ReadOnly", "WriteOnly")
    return ItemCase(
        compliant=[
            ("steps 3-6: the multi-region trail's basic selector AWS::S3::Object arn:aws:s3, "
             "read and write", logging.compliant),
            (f"step 5 basic: All current and future S3 buckets, {kind.title()}: Enabled only",
             lambda: _selectors(_basic(only))),
            ("step 5 advanced: Log all events", lambda: _selectors(_advanced(None))),
            ("step 6: two trails, each multi-region and logging data events",
             lambda: _second_trail(_basic("All"))),
            ("the procedure does not read whether the trail is logging", lambda: changed(
                logging.compliant(), "cloudtrail:GetTrailStatus",
                {logging.TRAIL_ARN: {"IsLogging": False}}, logging.HOME)),
        ],
        non_compliant=[
            ("step 7: get-event-selectors returns no data resources",
             lambda: _selectors(_basic("All", []))),
            (f"step 5 basic: {kind.title()} not enabled", lambda: _selectors(_basic(other))),
            ("step 5 advanced: a template other than Log all events",
             lambda: _selectors(_advanced("true" if kind == "write" else "false"))),
            ("step 5 basic: one bucket, not all current and future buckets",
             lambda: _selectors(_basic("All", [{"Type": "AWS::S3::Object",
                                                "Values": ["arn:aws:s3:::example-data/"]}]))),
            ("step 6: each trail, a second one without data events",
             lambda: _second_trail(_basic("All", []))),
            ("step 4: a trail that logs data events but is not multi-region",
             lambda: _second_trail(_basic("All"), IsMultiRegionTrail=False)),
            ("no trail at all", lambda: logging.with_changes(
                ("cloudtrail:DescribeTrails", [], None), ("cloudtrail:GetTrailStatus", {}),
                ("cloudtrail:GetEventSelectors", {}))),
        ])


OTHER_PROFILE = storage.PROFILE_ARN.replace("app-instance", "empty-profile")

ITEM_CASES: dict[tuple[str, str], ItemCase] = {
    ("cis_aws_v4", "1.18"): ItemCase(
        compliant=[
            ("CLI steps 2-3: IamInstanceProfile shows the profile ARN, the profile holds a role",
             storage.compliant),
            ("console step 6: a stopped instance with a role is judged too",
             lambda: _instances(storage.instance(run_state="stopped"))),
        ],
        non_compliant=[
            ("console step 6: IAM Role blank, no instance profile",
             lambda: _instances(storage.instance(profile=None))),
            ("console step 6: No roles attached to instance profile",
             lambda: _instances(storage.instance(profile=OTHER_PROFILE))),
            ("step 7: every instance, one of two without a profile", lambda: _instances(
                storage.instance(), storage.instance("i-0bare", profile=None))),
        ]),
    ("cis_aws_v4", "2.1.1"): ItemCase(
        compliant=[
            ("step 4 first pattern: Deny s3:* Principal * on the objects, Bool "
             "aws:SecureTransport false", lambda: _policy(
                 Resource=f"arn:aws:s3:::{storage.BUCKET}/*")),
            ("step 4 second pattern: Deny s3:* on the bucket and objects, NumericLessThan "
             "s3:TlsVersion 1.2", lambda: _policy(Condition=TLS_VERSION)),
            ("step 3: s3:TlsVersion has a site-specific value (1.3)", lambda: _policy(
                Condition={"NumericLessThan": {"s3:TlsVersion": "1.3"}})),
        ],
        non_compliant=[
            ("step 2 note: no bucket policy", lambda: changed(
                storage.compliant(), "s3:GetBucketPolicy",
                lambda p: {**p, storage.BUCKET: None}, None)),
            ("description: an Allow on aws:SecureTransport true does not deny HTTP",
             lambda: _policy(Effect="Allow", Condition={"Bool": {"aws:SecureTransport": "true"}})),
            ("step 4: Effect Allow with s3:TlsVersion", lambda: _policy(
                Effect="Allow", Condition=TLS_VERSION)),
            ("step 4: Action s3:GetObject, not s3:*", lambda: _policy(Action="s3:GetObject")),
            ("step 4: Resource the bucket only, not its objects", lambda: _policy(
                Resource=f"arn:aws:s3:::{storage.BUCKET}")),
            ("step 4: Principal one account, not *", lambda: _policy(
                Principal={"AWS": "arn:aws:iam::111122223333:root"}, Condition=TLS_VERSION)),
        ]),
    ("cis_aws_v4", "3.8"): _object_logging("write"),
    ("cis_aws_v4", "3.9"): _object_logging("read"),
}
