"""IAM's wildcard patterns (governance/iam_patterns.py), property-tested.

The matcher is compared with an independent backtracking matcher; the coverage questions
("do these patterns match every action / every ARN?") with brute force: a witness must be a
member of the language that no pattern matches, and a "covers everything" answer must match
every generated member. Policies are generated whose administrator status is known by
construction.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from governance.iam_patterns import (
    covers_every_action,
    covers_every_resource,
    service_wide,
    uncovered_action,
    uncovered_resource,
    wildcard_match,
)
from governance.policy_lint import grants_full_admin, wildcard_violations

pytestmark = pytest.mark.unit
PROPERTIES = settings(max_examples=150, deadline=None, database=None)

ACTION = re.compile(r"[a-z0-9-]+:[a-z0-9]+")
ARN = re.compile(r"arn:aws:[a-z0-9-]+:[a-z0-9-]*:[a-z0-9]*:.+", re.DOTALL)


def reference_match(pattern: str, value: str) -> bool:
    """Backtracking glob matcher, written apart from the module's regex translation."""
    if not pattern:
        return not value
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        return any(reference_match(rest, value[i:]) for i in range(len(value) + 1))
    if not value:
        return False
    return (head == "?" or head == value[0]) and reference_match(rest, value[1:])


globs = st.text(alphabet="ab:*?-", max_size=7)
short_text = st.text(alphabet="ab:-", max_size=7)
actions = st.from_regex(r"[ab0-][ab0-]?[ab-]?:[ab0][ab0]?[ab]?", fullmatch=True)
arns = st.from_regex(r"arn:aws:[ab-]{1,2}:[ab-]{0,2}:[0a]{0,2}:[ab:/*]{1,3}", fullmatch=True)
action_globs = st.lists(st.text(alphabet="ab0:*?-", max_size=6), min_size=1, max_size=3)
resource_globs = st.lists(st.one_of(st.text(alphabet="arnws:*?ab/", max_size=10),
                                    st.sampled_from(["arn:*", "arn:aws:*", "*", "arn:*:*:*:*:*"])),
                          min_size=1, max_size=3)


@PROPERTIES
@given(globs, short_text)
def test_matcher_agrees_with_a_backtracking_reference(pattern, value):
    assert wildcard_match(pattern, value) == reference_match(pattern, value)


@PROPERTIES
@given(globs, short_text)
def test_actions_match_case_insensitively(pattern, value):
    assert wildcard_match(pattern.upper(), value, ignore_case=True) == \
        reference_match(pattern.lower(), value.lower())


@PROPERTIES
@given(action_globs, st.lists(actions, min_size=1, max_size=20))
def test_action_coverage_is_exact(patterns, samples):
    witness = uncovered_action(patterns)
    if witness is None:
        assert all(any(reference_match(p.lower(), a) for p in patterns) for a in samples)
    else:
        assert ACTION.fullmatch(witness), witness
        assert not any(reference_match(p.lower(), witness) for p in patterns)


@PROPERTIES
@given(resource_globs, st.lists(arns, min_size=1, max_size=20))
def test_resource_coverage_is_exact(patterns, samples):
    witness = uncovered_resource(patterns)
    if witness is None:
        assert all(any(reference_match(p, arn) for p in patterns) for arn in samples)
    else:
        assert ARN.fullmatch(witness), witness
        assert not any(reference_match(p, witness) for p in patterns)


# Every-action spellings: only '*' and '?' (at most one '?' per side of a colon, at least one
# '*' per side); any literal other than one ':' leaves some action out.
every_side = st.lists(st.sampled_from(["*", "*", "?"]), min_size=1, max_size=4).filter(
    lambda parts: "*" in parts and parts.count("?") <= 1).map("".join)
every_action = st.one_of(every_side, st.tuples(every_side, every_side).map(":".join))
some_action = st.from_regex(r"[a-z0-9]{1,4}:[A-Za-z*?]{1,5}", fullmatch=True)
every_resource = st.sampled_from(["*", "arn:*", "arn:aws:*", "arn:*:*:*:*:*", "*:*", "arn:aws:*:*:*:*",
                                  "arn:?*", "**"])
some_resource = st.from_regex(r"arn:aws:s3:::[a-z]{1,6}(/\*)?", fullmatch=True)


@PROPERTIES
@given(st.lists(st.one_of(every_action.map(lambda a: (a, True)),
                          some_action.map(lambda a: (a, False))), min_size=1, max_size=4),
       st.lists(st.one_of(every_resource.map(lambda r: (r, True)),
                          some_resource.map(lambda r: (r, False))), min_size=1, max_size=3),
       st.sampled_from(["Allow", "Deny"]), st.booleans())
def test_generated_policies_are_admin_exactly_when_constructed_so(action_list, resource_list,
                                                                  effect, with_condition):
    statement = {"Effect": effect, "Action": [a for a, _ in action_list],
                 "Resource": [r for r, _ in resource_list]}
    if with_condition:
        statement["Condition"] = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
    admin = (effect == "Allow" and any(every for _, every in action_list)
             and any(every for _, every in resource_list))
    assert grants_full_admin({"Statement": [statement]}) is admin


@pytest.mark.parametrize("patterns", [["*"], ["*:*"], ["?*:*"], ["**"], ["*?"], ["???*"],
                                      ["*:?*", "x"], [f"{c}*" for c in "abcdefghijklmnopqrstuvwxyz"
                                                      "0123456789-"]])
def test_spellings_of_every_action(patterns):
    assert covers_every_action(patterns)


@pytest.mark.parametrize("patterns", [["?am:*"], ["iam:*"], ["????*"], ["*:a*"], ["*:*a"],
                                      [f"{c}*" for c in "abcdefghijklmnopqrstuvwxyz0123456789"]])
def test_lists_that_leave_an_action_out(patterns):
    witness = uncovered_action(patterns)
    assert witness is not None and ACTION.fullmatch(witness)


@pytest.mark.parametrize(("patterns", "every"), [
    (["*"], True), (["arn:*"], True), (["arn:aws:*"], True), (["arn:*:*:*:*:*"], True),
    (["arn:aws:s3:::x", "*"], True), (["arn:aws:*:*:*:?*"], True),
    (["arn:aws:s3:::*"], False), (["arn:aws-cn:*"], False), (["arn:aws:*:*:*:??*"], False),
    (["arn:aws:iam::*:user/${aws:username}"], False),
])
def test_resources(patterns, every):
    assert covers_every_resource(patterns) is every


@pytest.mark.parametrize(("pattern", "wide"), [
    ("*", True), ("*:*", True), ("?am:*", True), ("IAM:*", True), ("iam:?*", True),
    ("*:Get*", True), ("iam*", True), ("iam:Get*", False), ("iam:ListUsers", False),
    ("iam:??", False),
])
def test_service_wide_action_patterns(pattern, wide):
    assert service_wide(pattern) is wide


@pytest.mark.parametrize(("not_action", "admin"), [
    ("sts:TagSession", True), (["iam:CreateUser", "iam:Delete*"], True), ("*", False),
    (["iam:*", "organizations:*", "account:*"], False), ("I?M:*", False), ("i*", False),
])
def test_notaction_is_admin_while_iam_is_left_in(not_action, admin):
    statement = {"Effect": "Allow", "NotAction": not_action, "Resource": "*"}
    assert grants_full_admin({"Statement": [statement]}) is admin


def test_the_lint_reads_every_spelling_of_a_wildcard():
    document = {"Statement": [
        {"Sid": "Iam", "Effect": "Allow", "Action": "?am:*", "Resource": "arn:aws:iam::1:user/x"},
        {"Sid": "Any", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:*"},
        {"Sid": "Guard", "Effect": "Deny", "Action": "*:*", "Resource": "arn:*"},
    ]}
    found = [str(v) for v in wildcard_violations(document)]
    assert found == ["statement Iam: wildcard action '?am:*'",
                     "statement Any: Resource ['arn:*'] (every resource) for s3:GetObject"]
    assert "wildcard in action name 'iam:Get?ser'" in str(wildcard_violations(
        {"Statement": [{"Sid": "Q", "Effect": "Allow", "Action": "iam:Get?ser",
                        "Resource": "arn:aws:iam::1:user/x"}]}, strict=True))
