"""examples/human-access at plan time: least-privilege policies, and bad input refused."""

from __future__ import annotations

import pytest

from governance.policy_lint import RESOURCE_STAR_ONLY_ACTIONS, wildcard_violations
from harness.plan import planned_resources, policy_documents

pytestmark = pytest.mark.xdist_group("human-access-plan")


@pytest.fixture(scope="module")
def plan(stack_factory):
    return stack_factory("examples/human-access").plan_json()


def test_every_policy_in_the_plan_is_least_privilege(plan):
    documents = dict(policy_documents(plan))
    assert len(documents) >= 4  # MFA enforcement + three job policies
    violations = {address: [str(v) for v in wildcard_violations(document, strict=True)]
                  for address, document in documents.items()}
    assert {a: v for a, v in violations.items() if v} == {}


def test_resource_star_is_only_used_by_allowlisted_actions(plan):
    """Every Allow on Resource '*' is an action that takes no other resource (with a reason)."""
    for address, document in policy_documents(plan):
        for statement in document["Statement"]:
            resources = statement.get("Resource", [])
            if statement["Effect"] == "Allow" and "*" in ([resources] if isinstance(
                    resources, str) else resources):
                actions = statement["Action"] if isinstance(statement["Action"], list) else [
                    statement["Action"]]
                unlisted = [a for a in actions if a.lower() not in RESOURCE_STAR_ONLY_ACTIONS]
                assert unlisted == [], f"{address} {statement.get('Sid')}: {unlisted}"


def test_users_get_no_policies_of_their_own(plan):
    types = {resource["type"] for resource in planned_resources(plan)}
    assert "aws_iam_user" in types
    assert not types & {"aws_iam_user_policy", "aws_iam_user_policy_attachment",
                        "aws_iam_policy_attachment"}


def test_every_group_gets_the_mfa_enforcement_policy(plan):
    resources = list(planned_resources(plan))
    groups = {r["values"]["name"] for r in resources if r["type"] == "aws_iam_group"}
    mfa_attached = {r["values"]["group"] for r in resources
                    if r["type"] == "aws_iam_group_policy_attachment" and r["name"] == "enforce_mfa"}
    assert groups == {"Administrators", "Developers", "Auditors"}
    assert mfa_attached == groups


def test_password_policy_defaults_are_compliant(plan):
    policy = next(r["values"] for r in planned_resources(plan)
                  if r["type"] == "aws_iam_account_password_policy")
    assert policy["minimum_password_length"] >= 14
    assert policy["password_reuse_prevention"] == 24
    assert 1 <= policy["max_password_age"] <= 90
    assert all(policy[k] for k in ("require_symbols", "require_numbers",
                                   "require_uppercase_characters", "require_lowercase_characters"))


# --- Bad input: one apply with every bad value at once; each must be refused by name. ---

BAD_VARIABLES = {
    "password_policy": {"minimum_password_length": 8, "password_reuse_prevention": 5,
                        "max_password_age": 365, "require_symbols": False},
    "account_alias": "Bad_Alias",
    "users": {"shared-admin": {"groups": ["Administrators"]}, "jane.doe": {"groups": []}},
    "groups": {
        "Developers": {"statements": [{"sid": "Everything", "actions": ["*"],
                                       "resources": ["*"]}]},
        "Admins": {"managed_policy_arns": ["arn:aws:iam::aws:policy/AdministratorAccess"]},
    },
}
EXPECTED_REFUSALS = {
    "password length below 14": "CIS AWS Foundations v3.0 1.8 requires at least 14",
    "password reuse below 24": "CIS AWS Foundations v3.0 1.9 requires preventing reuse",
    "password max age above 90": "max_password_age must be 1 to 90 days",
    "character class not required": "every character class must be required",
    "malformed account alias": "account_alias must be 3-63 lowercase letters",
    "shared user name": "one person, one identity",
    "user without a group": "every user needs at least one group",
    "wildcard action in a group": "may not use '*' or 'service:*' actions",
    "AdministratorAccess on a group": "AdministratorAccess may not be attached to a group",
}


@pytest.fixture(scope="module")
def refused(stack_factory):
    stack = stack_factory("examples/human-access", variables=BAD_VARIABLES)
    return stack, stack.apply_expecting_failure()


@pytest.mark.parametrize("case", sorted(EXPECTED_REFUSALS))
def test_bad_input_is_refused_with_its_message(refused, case):
    _, diagnostics = refused
    details = [d.detail for d in diagnostics if d.summary == "Invalid value for variable"]
    matching = [d for d in details if EXPECTED_REFUSALS[case] in d]
    assert matching, f"no refusal for {case!r} among: {details}"
    assert len(matching[0].splitlines()[0]) < 240, "the refusal must read as one line"


def test_bad_input_creates_nothing(refused):
    stack, diagnostics = refused
    assert diagnostics, "the apply must fail"
    iam = stack.account.client("iam")
    assert iam.list_groups()["Groups"] == []
    assert iam.list_users()["Users"] == []
    assert iam.list_policies(Scope="Local")["Policies"] == []
    assert stack.applied is False


@pytest.fixture(scope="module")
def user_of_a_missing_group(stack_factory):
    """No groups (allowed: the password and MFA policies alone) but a user who names one."""
    stack = stack_factory("examples/human-access", variables={
        "groups": {}, "users": {"jane.doe": {"groups": ["Developers"]}}})
    return stack, stack.apply_expecting_failure()


def test_a_user_of_a_group_the_module_does_not_make_is_refused_at_plan(user_of_a_missing_group):
    stack, diagnostics = user_of_a_missing_group
    refusals = [d for d in diagnostics if d.summary == "Resource precondition failed"]
    assert refusals, [(d.summary, d.detail) for d in diagnostics]
    assert refusals[0].detail.splitlines()[0] == (
        "users.jane.doe: groups must be among the groups this module creates ().")
    iam = stack.account.client("iam")
    assert iam.list_users()["Users"] == [] and iam.list_policies(Scope="Local")["Policies"] == []
    with pytest.raises(iam.exceptions.NoSuchEntityException):
        iam.get_account_password_policy()
