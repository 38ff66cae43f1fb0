"""Run nested only, by tests/seeded/test_leftover_check.py: two accounts watched like the
ones Terraform applies to (harness/seeds/leftovers.py); one left with resources, one with only
what moto cannot delete. Each prints its account id."""

from __future__ import annotations

from harness.seeds.leftovers import watched_account


def test_leave_things_behind(moto_sandbox):
    account = watched_account(moto_sandbox, "dirty")
    account.client("iam").create_user(UserName="forgotten-user")
    account.client("s3").create_bucket(Bucket=f"forgotten-{account.account_id}")
    account.client("sns", "eu-west-1").create_topic(Name="forgotten-topic")


def test_leave_nothing_deletable(moto_sandbox):
    watched_account(moto_sandbox, "clean")
