"""``make sweep PROFILE=P ACCOUNT_ALLOWLIST=ID [OLDER_THAN=24h] [CONFIRM=yes]``: find what
test runs left behind in a disposable account.

Safety first, before anything is listed: the account the credentials reach (STS
GetCallerIdentity) must be on ``--account-allowlist`` (the apply tier's flag and parser), or
the sweep stops in one line, exit 2. Only a resource whose ``governance:test-run`` tag holds a
run id as the harness writes it (8 lowercase hex digits, harness/disposable.py
``new_run_id``) and whose ``governance:test-created`` tag is a time longer ago than
``--older-than`` (at least :data:`MINIMUM_AGE`) is a candidate; another value of the tag key
is somebody else's and is listed as kept. Deleting needs ``--confirm`` (``make sweep
CONFIRM=yes``: no other value confirms), and touches only what carries the run tag: a
tagged policy still attached to an untagged user, group or role is not detached (listed, exit
1). Without ``--confirm`` the sweep is a dry run. Found through the Resource Groups
Tagging API in each region, and IAM users, roles and policies through IAM's own list and
tag APIs (the tagging API does not return IAM everywhere). Each type the examples create
has a deleter; a tagged resource of another type is listed as "no deleter" and makes the
exit code 1, as does a failed delete.

    python -m harness.sweep --profile P [--older-than 24h] [--regions r1,r2] [--confirm]
"""

from __future__ import annotations

import argparse
import contextlib
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from harness.disposable import CREATED_TAG, RUN_TAG, AccountRefused, parse_allowlist

AGE = re.compile(r"(\d+)([smhd])")
UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}
RUN_ID = re.compile(r"[0-9a-f]{8}")  # harness.disposable.new_run_id
# A run younger than this may still be applying: never swept.
MINIMUM_AGE = timedelta(hours=1)


class SweepUsageError(Exception):
    """Bad flags: one line, exit 2."""


def parse_age(text: str) -> timedelta:
    match = AGE.fullmatch(text.strip())
    if not match:
        raise SweepUsageError(f"--older-than {text!r}: write a number and s, m, h or d "
                              "(e.g. 24h)")
    age = timedelta(**{UNITS[match.group(2)]: int(match.group(1))})
    if age < MINIMUM_AGE:
        raise SweepUsageError(f"--older-than {text!r}: at least {MINIMUM_AGE} (a younger run "
                              "may still be applying)")
    return age


def check_account(session: Any, allowlist: Sequence[str], endpoint_url: str | None) -> str:
    """The account id the credentials reach, when it is on the allowlist (AccountRefused
    otherwise): the sweep's first request, before anything is listed."""
    identity = session.client("sts", region_name=session.region_name or "us-east-1",
                              endpoint_url=endpoint_url).get_caller_identity()
    if identity["Account"] not in allowlist:
        raise AccountRefused(f"refusing account {identity['Account']} ({identity['Arn']}): not "
                             f"on --account-allowlist {','.join(allowlist)}; nothing was listed "
                             "or deleted")
    return str(identity["Account"])


@dataclass(frozen=True)
class Tagged:
    """A resource carrying the test tags."""

    arn: str
    region: str
    tags: dict[str, str]

    @property
    def created(self) -> datetime | None:
        try:
            created = datetime.fromisoformat(self.tags[CREATED_TAG])
        except (KeyError, ValueError):
            return None
        return created if created.tzinfo else created.replace(tzinfo=UTC)

    @property
    def ours(self) -> bool:
        """The run tag holds a run id as the harness writes it (not just the tag key)."""
        return RUN_ID.fullmatch(self.tags.get(RUN_TAG, "")) is not None

    @property
    def kind(self) -> str:
        """``service:type`` of the ARN (e.g. ``s3:bucket``, ``iam:user``, ``sns:topic``)."""
        parts = self.arn.split(":", 5)
        service, rest = parts[2], parts[5]
        if service == "s3" and "/" not in rest:
            return "s3:bucket"
        if service == "sns":
            return "sns:topic"
        return f"{service}:{re.split(r'[/:]', rest, maxsplit=1)[0]}"

    @property
    def name(self) -> str:
        name = re.split(r"[/:]", self.arn.split(":", 5)[5], maxsplit=1)[-1]
        return name.removesuffix(":*")  # log group ARNs may end in :*


def _tags(items: list[dict[str, str]]) -> dict[str, str]:
    return {item["Key"]: item["Value"] for item in items}


def find_tagged(session: Any, regions: Sequence[str], endpoint_url: str | None) -> list[Tagged]:
    """Every resource with the run tag: the tagging API per region, then IAM."""
    found: dict[str, Tagged] = {}
    for region in regions:
        tagging = session.client("resourcegroupstaggingapi", region_name=region,
                                 endpoint_url=endpoint_url)
        for page in tagging.get_paginator("get_resources").paginate(
                TagFilters=[{"Key": RUN_TAG}]):
            for item in page["ResourceTagMappingList"]:
                found.setdefault(item["ResourceARN"], Tagged(
                    item["ResourceARN"], region, _tags(item.get("Tags", []))))
    iam = session.client("iam", region_name=regions[0], endpoint_url=endpoint_url)
    listings: list[tuple[str, str, str, Callable[..., Any], str]] = [
        ("list_users", "Users", "UserName", iam.list_user_tags, "UserName"),
        ("list_roles", "Roles", "RoleName", iam.list_role_tags, "RoleName"),
        ("list_policies", "Policies", "Arn", iam.list_policy_tags, "PolicyArn"),
    ]
    for operation, key, identifier, list_tags, parameter in listings:
        params = {"Scope": "Local"} if operation == "list_policies" else {}
        for page in iam.get_paginator(operation).paginate(**params):
            for entity in page[key]:
                if entity.get("Path", "/").startswith("/aws-service-role/"):
                    continue
                tags = _tags(list_tags(**{parameter: entity[identifier]})["Tags"])
                if RUN_TAG in tags:
                    found.setdefault(entity["Arn"], Tagged(entity["Arn"], "global", tags))
    return sorted(found.values(), key=lambda item: (item.kind, item.arn))


# --- Deleters, one per type the examples create ------------------------------------------


def _delete_bucket(client: Callable[..., Any], item: Tagged) -> None:
    s3 = client("s3")
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=item.name):
        objects = [{"Key": o["Key"], "VersionId": o["VersionId"]}
                   for o in page.get("Versions", []) + page.get("DeleteMarkers", [])]
        if objects:
            s3.delete_objects(Bucket=item.name, Delete={"Objects": objects, "Quiet": True})
    s3.delete_bucket(Bucket=item.name)


def _delete_user(client: Callable[..., Any], item: Tagged) -> None:
    iam, user = client("iam"), item.name.split("/")[-1]
    for key in iam.list_access_keys(UserName=user)["AccessKeyMetadata"]:
        iam.delete_access_key(UserName=user, AccessKeyId=key["AccessKeyId"])
    for device in iam.list_mfa_devices(UserName=user)["MFADevices"]:
        iam.deactivate_mfa_device(UserName=user, SerialNumber=device["SerialNumber"])
    with contextlib.suppress(iam.exceptions.NoSuchEntityException):
        iam.delete_login_profile(UserName=user)
    for group in iam.list_groups_for_user(UserName=user)["Groups"]:
        iam.remove_user_from_group(UserName=user, GroupName=group["GroupName"])
    for policy in iam.list_attached_user_policies(UserName=user)["AttachedPolicies"]:
        iam.detach_user_policy(UserName=user, PolicyArn=policy["PolicyArn"])
    for name in iam.list_user_policies(UserName=user)["PolicyNames"]:
        iam.delete_user_policy(UserName=user, PolicyName=name)
    iam.delete_user(UserName=user)


def _delete_role(client: Callable[..., Any], item: Tagged) -> None:
    iam, role = client("iam"), item.name.split("/")[-1]
    for policy in iam.list_attached_role_policies(RoleName=role)["AttachedPolicies"]:
        iam.detach_role_policy(RoleName=role, PolicyArn=policy["PolicyArn"])
    for name in iam.list_role_policies(RoleName=role)["PolicyNames"]:
        iam.delete_role_policy(RoleName=role, PolicyName=name)
    for profile in iam.list_instance_profiles_for_role(RoleName=role)["InstanceProfiles"]:
        iam.remove_role_from_instance_profile(RoleName=role,
                                              InstanceProfileName=profile["InstanceProfileName"])
    iam.delete_role(RoleName=role)


class NotOurs(Exception):
    """Deleting would touch a resource that does not carry the run tag."""


def _delete_policy(client: Callable[..., Any], item: Tagged, swept: frozenset[str] = frozenset()
                   ) -> None:
    iam = client("iam")
    entities = iam.list_entities_for_policy(PolicyArn=item.arn)
    foreign = [f"{kind} {entity[key]}" for kind, group, key in (
        ("group", "PolicyGroups", "GroupName"), ("user", "PolicyUsers", "UserName"),
        ("role", "PolicyRoles", "RoleName")) for entity in entities[group]
        if entity[key] not in swept]
    if foreign:
        raise NotOurs(f"still attached to {', '.join(foreign)}, which the sweep does not own: "
                      "not detached")
    for group in entities["PolicyGroups"]:
        iam.detach_group_policy(GroupName=group["GroupName"], PolicyArn=item.arn)
    for user in entities["PolicyUsers"]:
        iam.detach_user_policy(UserName=user["UserName"], PolicyArn=item.arn)
    for role in entities["PolicyRoles"]:
        iam.detach_role_policy(RoleName=role["RoleName"], PolicyArn=item.arn)
    for version in iam.list_policy_versions(PolicyArn=item.arn)["Versions"]:
        if not version["IsDefaultVersion"]:
            iam.delete_policy_version(PolicyArn=item.arn, VersionId=version["VersionId"])
    iam.delete_policy(PolicyArn=item.arn)


def _delete_rule(client: Callable[..., Any], item: Tagged) -> None:
    events = client("events")
    targets = [t["Id"] for t in events.list_targets_by_rule(Rule=item.name)["Targets"]]
    if targets:
        events.remove_targets(Rule=item.name, Ids=targets)
    events.delete_rule(Name=item.name)


def _delete_config_rule(client: Callable[..., Any], item: Tagged) -> None:
    """A Config rule's ARN holds its id, not its name: find the name first."""
    config = client("config")
    for page in config.get_paginator("describe_config_rules").paginate():
        for rule in page["ConfigRules"]:
            if rule["ConfigRuleArn"] == item.arn:
                config.delete_config_rule(ConfigRuleName=rule["ConfigRuleName"])
                return
    raise LookupError(f"no Config rule with ARN {item.arn}")


DELETERS: dict[str, Callable[[Callable[..., Any], Tagged], None]] = {
    "s3:bucket": _delete_bucket,
    "sns:topic": lambda client, item: client("sns").delete_topic(TopicArn=item.arn),
    "logs:log-group": lambda client, item: client("logs").delete_log_group(
        logGroupName=item.name),
    "kms:key": lambda client, item: client("kms").schedule_key_deletion(
        KeyId=item.arn, PendingWindowInDays=7),
    "cloudtrail:trail": lambda client, item: client("cloudtrail").delete_trail(Name=item.arn),
    "events:rule": _delete_rule,
    "cloudwatch:alarm": lambda client, item: client("cloudwatch").delete_alarms(
        AlarmNames=[item.name]),
    "config:config-rule": _delete_config_rule,
    "guardduty:detector": lambda client, item: client("guardduty").delete_detector(
        DetectorId=item.name),
    "access-analyzer:analyzer": lambda client, item: client("accessanalyzer").delete_analyzer(
        analyzerName=item.name),
    "iam:user": _delete_user,
    "iam:role": _delete_role,
    "iam:policy": _delete_policy,
}


def sweep(session: Any, *, regions: Sequence[str], older_than: timedelta, confirm: bool,
          endpoint_url: str | None = None, now: datetime | None = None,
          out: Any = None) -> int:
    """List (dry run) or delete the tagged resources older than ``older_than``; the exit
    code: 0, or 1 when something old could not be deleted or has no deleter."""
    now = now or datetime.now(UTC)
    out = out or sys.stdout
    tagged = find_tagged(session, regions, endpoint_url)
    foreign = [item for item in tagged if not item.ours]
    for item in foreign:
        print(f"kept {item.arn}: its {RUN_TAG} tag {item.tags.get(RUN_TAG)!r} is not a test "
              "run id", file=out)
    old = [item for item in tagged if item.ours and item.created is not None and
           now - item.created >= older_than]
    young = len(tagged) - len(old) - len(foreign)
    print(f"{len(tagged)} resource(s) carry {RUN_TAG}; {len(old)} of test runs created more "
          f"than {older_than} ago ({young} younger or undated, {len(foreign)} not of a test "
          "run, kept)", file=out)
    swept = frozenset(item.name.split("/")[-1] for item in old
                      if item.kind in ("iam:user", "iam:role", "iam:group"))

    def client(service: str, region: str) -> Any:
        return session.client(service, region_name=regions[0] if region == "global" else region,
                              endpoint_url=endpoint_url)

    failures = 0
    for item in old:
        deleter = DELETERS.get(item.kind)
        label = f"{item.arn} (run {item.tags.get(RUN_TAG)}, created {item.tags[CREATED_TAG]})"
        if deleter is None:
            failures += 1
            print(f"no deleter for {item.kind}: {label}", file=out)
        elif not confirm:
            print(f"would delete {label}", file=out)
        else:
            try:
                def target(service: str, region: str = item.region) -> Any:
                    return client(service, region)
                if deleter is _delete_policy:
                    _delete_policy(target, item, swept)
                else:
                    deleter(target, item)
            except Exception as error:  # report each failure, go on with the rest
                failures += 1
                print(f"FAILED {label}: {error}", file=out)
            else:
                print(f"deleted {label}", file=out)
    if old and not confirm:
        print("dry run: nothing deleted (CONFIRM=yes / --confirm deletes)", file=out)
    return 1 if failures else 0


def _regions(session: Any, text: str | None) -> list[str]:
    if text:
        return [item.strip() for item in text.split(",") if item.strip()]
    return [session.region_name or "us-east-1"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m harness.sweep", description=__doc__.split(
        "\n\n")[0])
    parser.add_argument("--profile", help="AWS profile of the disposable account")
    parser.add_argument("--older-than", default="24h", help="age, e.g. 30m, 24h, 2d (24h)")
    parser.add_argument("--regions", help="comma-separated regions (default: the profile's)")
    parser.add_argument("--account-allowlist", metavar="ID[,ID]",
                        help="the disposable accounts the sweep may touch (required)")
    parser.add_argument("--confirm", action="store_true", help="delete (default: list only)")
    parser.add_argument("--endpoint-url", help="an emulator posing as the account (tests)")
    args = parser.parse_args(argv)
    import boto3
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        older_than = parse_age(args.older_than)
        allowlist = parse_allowlist(args.account_allowlist)
        session = boto3.Session(profile_name=args.profile)
        check_account(session, allowlist, args.endpoint_url)
        return sweep(session, regions=_regions(session, args.regions),
                     older_than=older_than, confirm=args.confirm,
                     endpoint_url=args.endpoint_url)
    except (SweepUsageError, AccountRefused) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except (BotoCoreError, ClientError) as error:
        print(f"error: cannot sweep: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
