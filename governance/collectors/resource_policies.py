"""Resource-based policies (CIS v7.0.0 2.21, regional): SQS queue, SNS topic, Lambda function
(unqualified, each published version and each alias: each has a policy of its own), KMS
key and Secrets Manager secret policies, every audited region. S3 bucket policies are the
global ``s3:GetBucketPolicy`` read of governance/collectors/storage.py (not read again);
the KMS keys are kms.py's ``kms:ListKeys`` of the region (this module's reader runs after
kms.py's: readers run in module name order, pinned by a test).

Per-resource reads are kept as one snapshot entry per API and region, ``{resource:
entry}``: ``{"Policy": text or None}`` (None: the resource has no policy), None (the
resource was deleted between the list and the read), or ``{"error": ..., "emulator_gap":
bool}`` when that one resource could not be read (a KMS key whose policy does not let the
auditor read it is common): ERROR for that resource only. Only the policy text is kept:
no Lambda environment, no topic delivery policy, no secret value is ever read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from botocore.exceptions import ClientError

from governance.collect import describe_error, error_code, is_emulator_gap
from governance.collectors import regional_reader

QUEUES, QUEUE_ATTRIBUTES = "sqs:ListQueues", "sqs:GetQueueAttributes"
TOPICS, TOPIC_ATTRIBUTES = "sns:ListTopics", "sns:GetTopicAttributes"
FUNCTIONS, FUNCTION_VERSIONS = "lambda:ListFunctions", "lambda:ListVersionsByFunction"
FUNCTION_ALIASES, FUNCTION_POLICY = "lambda:ListAliases", "lambda:GetPolicy"
KEYS, KEY_POLICY = "kms:ListKeys", "kms:GetKeyPolicy"
SECRETS, SECRET_POLICY = "secretsmanager:ListSecrets", "secretsmanager:GetResourcePolicy"

# Error codes that say the resource is gone (deleted between the list and the read).
QUEUE_GONE = frozenset({"AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist"})
TOPIC_GONE = frozenset({"NotFound", "NotFoundException"})
KEY_GONE = frozenset({"NotFoundException"})
SECRET_GONE = frozenset({"ResourceNotFoundException"})
# Lambda answers ResourceNotFoundException both for a function (or qualifier) without a
# policy and for one that is gone: either way no policy allows anyone.
NO_FUNCTION_POLICY = frozenset({"ResourceNotFoundException"})
FUNCTION_GONE = frozenset({"ResourceNotFoundException"})


def each_policy(collector: Any, names: Iterable[str], read_one: Callable[[str], Any],
                gone: Iterable[str] = ()) -> dict[str, Any]:
    """``{name: read_one(name)}``; a ``gone`` error code records None; any other error of
    the AWS API records ``{"error", "emulator_gap"}`` for that name alone (errors outside
    the API, e.g. a dead endpoint, fail the whole read: the caller records it)."""
    result: dict[str, Any] = {}
    for name in sorted(set(names)):
        try:
            result[name] = read_one(name)
        except ClientError as error:
            if error_code(error) in set(gone):
                result[name] = None
            else:
                result[name] = {"error": describe_error(error),
                                "emulator_gap": is_emulator_gap(error, collector.endpoint_url)}
    return result


def _not_read(snapshot: Any, region: str, apis: Iterable[str], failed: str) -> None:
    for api in apis:
        snapshot.record(api, error=f"not read: {failed} failed", region=region)


def _policy_or_none(read: Callable[[], Any], absent: Iterable[str]) -> dict[str, Any]:
    """``{"Policy": text}``, or ``{"Policy": None}`` when an ``absent`` code says there is none."""
    try:
        return {"Policy": read()}
    except ClientError as error:
        if error_code(error) in set(absent):
            return {"Policy": None}
        raise


@regional_reader
def read_resource_policies(collector: Any, snapshot: Any, region: str) -> None:
    _read_queues(collector, snapshot, region)
    _read_topics(collector, snapshot, region)
    _read_functions(collector, snapshot, region)
    _read_key_policies(collector, snapshot, region)
    _read_secrets(collector, snapshot, region)


def _read_queues(collector: Any, snapshot: Any, region: str) -> None:
    urls = collector.read(snapshot, QUEUES, lambda: collector.paginate(
        "sqs", "list_queues", "QueueUrls", region), region=region)
    if urls is None:
        _not_read(snapshot, region, [QUEUE_ATTRIBUTES], QUEUES)
        return
    sqs = collector.client("sqs", region)

    def attributes(url: str) -> dict[str, Any]:
        answer = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["Policy", "QueueArn"])
        found = answer.get("Attributes", {})
        return {"QueueArn": found.get("QueueArn"), "Policy": found.get("Policy") or None}

    collector.read(snapshot, QUEUE_ATTRIBUTES,
                   lambda: each_policy(collector, urls, attributes, QUEUE_GONE), region=region)


def _read_topics(collector: Any, snapshot: Any, region: str) -> None:
    topics = collector.read(snapshot, TOPICS, lambda: [topic["TopicArn"] for topic in (
        collector.paginate("sns", "list_topics", "Topics", region))], region=region)
    if topics is None:
        _not_read(snapshot, region, [TOPIC_ATTRIBUTES], TOPICS)
        return
    sns = collector.client("sns", region)
    collector.read(snapshot, TOPIC_ATTRIBUTES, lambda: each_policy(
        collector, topics, lambda arn: {"Policy": sns.get_topic_attributes(TopicArn=arn)[
            "Attributes"].get("Policy") or None}, TOPIC_GONE), region=region)


def _read_functions(collector: Any, snapshot: Any, region: str) -> None:
    functions = collector.read(snapshot, FUNCTIONS, lambda: [
        {"FunctionName": function["FunctionName"], "FunctionArn": function["FunctionArn"]}
        for function in collector.paginate("lambda", "list_functions", "Functions", region)],
        region=region)
    if functions is None:
        _not_read(snapshot, region, [FUNCTION_VERSIONS, FUNCTION_ALIASES, FUNCTION_POLICY],
                  FUNCTIONS)
        return
    names = [function["FunctionName"] for function in functions]
    versions = collector.read(snapshot, FUNCTION_VERSIONS, lambda: each_policy(
        collector, names, lambda name: sorted(
            version["Version"] for version in collector.paginate(
                "lambda", "list_versions_by_function", "Versions", region, FunctionName=name)
            if version["Version"] != "$LATEST"), FUNCTION_GONE), region=region)
    aliases = collector.read(snapshot, FUNCTION_ALIASES, lambda: each_policy(
        collector, names, lambda name: sorted(alias["Name"] for alias in collector.paginate(
            "lambda", "list_aliases", "Aliases", region, FunctionName=name)), FUNCTION_GONE),
        region=region)
    if versions is None or aliases is None:
        _not_read(snapshot, region, [FUNCTION_POLICY],
                  FUNCTION_VERSIONS if versions is None else FUNCTION_ALIASES)
        return
    awslambda = collector.client("lambda", region)

    def policy(qualified: str) -> dict[str, Any]:
        name, _, qualifier = qualified.partition(":")
        extra = {"Qualifier": qualifier} if qualifier else {}
        return _policy_or_none(lambda: awslambda.get_policy(FunctionName=name, **extra)[
            "Policy"], NO_FUNCTION_POLICY)

    collector.read(snapshot, FUNCTION_POLICY, lambda: each_policy(
        collector, qualified_names(names, versions, aliases), policy), region=region)


def qualified_names(names: Iterable[str], versions: dict[str, Any],
                    aliases: dict[str, Any]) -> list[str]:
    """Each function's unqualified name, then ``name:version`` and ``name:alias`` for what
    its lists answered (a list that failed for one function leaves only the unqualified
    name: the check turns that function ERROR from the list's own entry)."""
    qualified = []
    for name in names:
        qualified.append(name)
        for listed in (versions.get(name), aliases.get(name)):
            if isinstance(listed, list):
                qualified.extend(f"{name}:{qualifier}" for qualifier in listed)
    return qualified


def _read_key_policies(collector: Any, snapshot: Any, region: str) -> None:
    listed = snapshot.reads.get(snapshot.key(KEYS, region))
    if listed is None or listed.error is not None:
        _not_read(snapshot, region, [KEY_POLICY], KEYS)
        return
    kms = collector.client("kms", region)
    collector.read(snapshot, KEY_POLICY, lambda: each_policy(
        collector, [key["KeyId"] for key in listed.data or []],
        lambda key_id: {"Policy": kms.get_key_policy(KeyId=key_id, PolicyName="default")[
            "Policy"]}, KEY_GONE), region=region)


def _read_secrets(collector: Any, snapshot: Any, region: str) -> None:
    secrets = collector.read(snapshot, SECRETS, lambda: [
        {"ARN": secret["ARN"], "Name": secret["Name"]}
        for secret in collector.paginate("secretsmanager", "list_secrets", "SecretList",
                                         region)], region=region)
    if secrets is None:
        _not_read(snapshot, region, [SECRET_POLICY], SECRETS)
        return
    manager = collector.client("secretsmanager", region)
    collector.read(snapshot, SECRET_POLICY, lambda: each_policy(
        collector, [secret["ARN"] for secret in secrets],
        lambda arn: {"Policy": manager.get_resource_policy(SecretId=arn).get(
            "ResourcePolicy") or None}, SECRET_GONE), region=region)
