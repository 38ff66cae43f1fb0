"""Make a new moto account and a new boto3 session cheap in the test process.

AWS managed IAM policies are built once per process, and every botocore session shares one
data loader.

With ``MOTO_IAM_LOAD_MANAGED_POLICIES=true`` stock moto parses its 4.7 MB table of AWS
managed policies and builds ~1,580 policy objects for every IAM backend it creates: one per
partition (5) of every new account, so the first IAM request of each disposable account
cost 2-3.5 s on a busy 2-core machine, most of a seeded test's time. Here the table is
parsed once and the policies of a partition built once; each account gets shallow copies
with its own attachment count, tags and version objects (AWS managed policies are
read-only: no account can change their document or default version; their policy ids are
the same in every AWS account, as here), so accounts stay as separate as before.

Every sandbox account and every in-process CLI audit opens its own boto3 session, and each
botocore session has its own loader, which reads and parses the service model of every
client it makes again (iam, ec2, s3, ... ~20 services per audit): sharing one loader (its
cache is keyed by service and version, never by session) halves a seeded audit's CPU time.
"""

from __future__ import annotations

import copy
from typing import Any

_PROTOTYPES: dict[str, list[Any]] = {}


def _policies_for(backend: Any) -> list[Any]:
    """This backend's AWS managed policies, copied from the partition's prototypes."""
    import json

    from moto.iam.aws_managed_policies import aws_managed_policies_data
    from moto.iam.models import AWSManagedPolicy
    from moto.settings import load_iam_aws_managed_policies

    if not load_iam_aws_managed_policies():
        return []
    key = backend.region_name
    if key not in _PROTOTYPES:
        parsed = json.loads(aws_managed_policies_data)
        _PROTOTYPES[key] = [AWSManagedPolicy.from_data(name, backend.account_id, key, data)
                            for name, data in parsed.items()]
    policies = []
    for prototype in _PROTOTYPES[key]:
        policy = copy.copy(prototype)
        policy.account_id = backend.account_id
        policy.attachment_count = 0
        policy.tags = {}
        policy.versions = [copy.copy(version) for version in prototype.versions]
        policies.append(policy)
    return policies


def install() -> None:
    """Patch moto's IAM backend and botocore's session loader in this process (idempotent)."""
    import botocore.session
    from moto.iam.models import IAMBackend

    from governance.session import shared_loader

    botocore.session.create_loader = shared_loader  # type: ignore[attr-defined]
    if getattr(IAMBackend._init_aws_policies, "shared", False):
        return

    def init_aws_policies(self: Any) -> list[Any]:
        return _policies_for(self)

    init_aws_policies.shared = True  # type: ignore[attr-defined]
    IAMBackend._init_aws_policies = init_aws_policies  # type: ignore[method-assign]
