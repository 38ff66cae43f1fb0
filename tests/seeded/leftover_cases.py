"""Run nested only, by tests/seeded/test_leftover_check.py: two accounts watched like the
ones Terraform applies to; one left with resources, one with only what moto cannot
delete. Each prints its account id."""

from __future__ import annotations


def _watched(moto_sandbox, label):
    account = moto_sandbox.new_account()
    moto_sandbox.watch(account)
    print(f"{label} account {account.account_id}")
    kms = account.client("kms")
    pending = kms.create_key()["KeyMetadata"]["KeyId"]
    kms.schedule_key_deletion(KeyId=pending, PendingWindowInDays=7)  # moto cannot do more
    return account


def test_leave_things_behind(moto_sandbox):
    account = _watched(moto_sandbox, "dirty")
    account.client("iam").create_user(UserName="forgotten-user")
    account.client("s3").create_bucket(Bucket=f"forgotten-{account.account_id}")
    account.client("sns", "eu-west-1").create_topic(Name="forgotten-topic")


def test_leave_nothing_deletable(moto_sandbox):
    _watched(moto_sandbox, "clean")
