"""Speed: make a new moto account and a new boto3 session cheap in the test process.

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

moto finds the account of each request by scanning every IAM backend of every account for
its access key (``get_account_id_from``), and the scan makes the backends of all five
partitions of each account as it goes (each with its copies of the managed policies): with
the dozens of accounts a worker makes, that scan was a tenth of the seeded tier's CPU. Here
a key's account, once found, is checked first (one lookup; a deleted key falls back to the
scan), and the scan looks only at the backends that exist (one made later holds no key).

Every sandbox account and every in-process CLI audit opens its own boto3 session, and each
botocore session has its own loader, which reads and parses the service model of every
client it makes again (iam, ec2, s3, ... ~20 services per audit): sharing one loader (its
cache is keyed by service and version, never by session) halves a seeded audit's CPU time.

Not a moto gap (moto is correct, only slow here); tests: tests/unit/test_moto_speed.py.
"""

from __future__ import annotations

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
        policy = _shallow_copy(prototype)
        policy.account_id = backend.account_id
        policy.attachment_count = 0
        policy.tags = {}
        policy.versions = [_shallow_copy(version) for version in prototype.versions]
        policies.append(policy)
    return policies


def _shallow_copy(prototype: Any) -> Any:
    """copy.copy of a plain object without the pickle protocol's detour (several times
    faster: ~8,000 copies per account)."""
    made = object.__new__(type(prototype))
    made.__dict__.update(prototype.__dict__)
    return made


_KEY_ACCOUNTS: dict[str, tuple[str, str]] = {}  # access key => (account id, partition)


def account_id_from(access_key: str) -> str:
    """moto's ``get_account_id_from`` (same answers) without making backends or rescanning:
    see the module docstring."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.iam.models import iam_backends

    known = _KEY_ACCOUNTS.get(access_key)
    if known is not None:
        account = dict.get(iam_backends, known[0])
        backend = None if account is None else dict.get(account, known[1])
        if backend is not None and access_key in backend.access_keys:
            return known[0]
    for account_id, account in list(dict.items(iam_backends)):
        for partition, backend in list(dict.items(account)):
            if access_key in backend.access_keys:
                _KEY_ACCOUNTS[access_key] = (account_id, partition)
                return account_id
    return DEFAULT_ACCOUNT_ID


def install() -> None:
    """Patch moto's IAM backend and botocore's session loader in this process (idempotent)."""
    import botocore.session
    import moto.iam.models
    from moto.iam.models import IAMBackend

    from governance.session import shared_loader

    botocore.session.create_loader = shared_loader  # type: ignore[attr-defined]
    # moto.core.responses imports it from moto.iam.models at each request
    moto.iam.models.get_account_id_from = account_id_from
    if getattr(IAMBackend._init_aws_policies, "shared", False):
        return

    def init_aws_policies(self: Any) -> list[Any]:
        return _policies_for(self)

    init_aws_policies.shared = True  # type: ignore[attr-defined]
    IAMBackend._init_aws_policies = init_aws_policies  # type: ignore[method-assign]
