"""Sandbox accounts watched like the ones Terraform applies to (the moto_sandbox teardown
lists their leftovers), for the nested run of tests/seeded/leftover_cases.py."""

from __future__ import annotations

from typing import Any

from harness.moto_sandbox import SandboxAccount


def watched_account(moto_sandbox: Any, label: str) -> SandboxAccount:
    """A new watched account holding one KMS key pending deletion (moto cannot delete it
    further); prints ``<label> account <id>``."""
    account = moto_sandbox.new_account()
    moto_sandbox.watch(account)
    print(f"{label} account {account.account_id}")
    kms = account.client("kms")
    pending = kms.create_key()["KeyMetadata"]["KeyId"]
    kms.schedule_key_deletion(KeyId=pending, PendingWindowInDays=7)  # moto cannot do more
    return account
