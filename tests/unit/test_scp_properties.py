"""Properties of governance/scp.py on generated policies whose effect is known by
construction: Action patterns made from a known action (wildcards, case changes) match it,
the same pattern with a character the action cannot hold does not; NotAction is Action's
complement; String conditions and the ForAnyValue / ForAllValues qualifiers against set
arithmetic on generated (multi-valued) context; allow-list levels against "an Allow at every
level with an SCP, no Deny anywhere"."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from governance.scp import Request, decide, is_denied, statement_applies

MODEST = settings(max_examples=200, deadline=None, database=None)  # seconds, not minutes

PRINCIPAL = "arn:aws:iam::222233334444:role/app"
NAME = st.text("abcdefgXYZ0-", min_size=1, max_size=10)
ACTION = st.builds(lambda s, n: f"{s}:{n}", st.sampled_from(["ec2", "s3", "iam", "kms", "sts"]),
                   NAME)
VALUE = st.sampled_from(["a", "b", "c", "A", "ab", "x-1"])  # small: collisions are common
KEY = st.sampled_from(["test:Key", "TEST:key", "test:KEY"])


@st.composite
def pattern_for(draw: st.DrawFn, action: str) -> str:
    """A pattern that matches ``action``: runs replaced by ``*``, characters by ``?``, case
    changed (actions match case-insensitively)."""
    out, index = [], 0
    while index < len(action):
        choice = draw(st.sampled_from(["keep", "keep", "case", "?", "*"]))
        if choice == "*":
            index += draw(st.integers(0, len(action) - index))
            out.append("*")
            continue
        char = action[index]
        out.append("?" if choice == "?" else char.swapcase() if choice == "case" else char)
        index += 1
    return "".join(out)


@st.composite
def action_and_pattern(draw: st.DrawFn) -> tuple[str, str]:
    action = draw(ACTION)
    return action, draw(pattern_for(action))


def deny(**statement: Any) -> list[tuple[str, dict[str, Any]]]:
    return [("p", {"Statement": [{"Effect": "Deny", "Resource": "*", **statement}]})]


@MODEST
@given(action_and_pattern(), st.lists(ACTION, max_size=3))
def test_a_pattern_made_from_the_action_denies_it_and_a_foreign_character_does_not(
        made: tuple[str, str], others: list[str]):
    action, pattern = made
    request = Request(PRINCIPAL, action)
    assert is_denied(deny(Action=[*others, pattern]), request)
    # "#" is in no generated action: a pattern ending in it matches none of them
    foreign = [f"{other}#" for other in [*others, pattern]]
    assert not is_denied(deny(Action=foreign), request)


@MODEST
@given(action_and_pattern())
def test_action_patterns_are_case_insensitive(made: tuple[str, str]):
    action, pattern = made
    for variant in (action.upper(), action.lower(), action.swapcase()):
        assert is_denied(deny(Action=pattern), Request(PRINCIPAL, variant))


@MODEST
@given(ACTION, st.lists(st.one_of(ACTION, st.text("ec2s3:*?abXY", min_size=1, max_size=8)),
                        min_size=1, max_size=4))
def test_not_action_applies_exactly_when_action_does_not(action: str, patterns: list[str]):
    request = Request(PRINCIPAL, action)
    with_action = {"Effect": "Deny", "Action": patterns, "Resource": "*"}
    with_not_action = {"Effect": "Deny", "NotAction": patterns, "Resource": "*"}
    assert statement_applies(with_not_action, request) is not statement_applies(with_action,
                                                                                 request)


@MODEST
@given(st.lists(VALUE, min_size=1, max_size=3), st.one_of(st.none(), VALUE), KEY, st.booleans())
def test_string_equals_and_not_equals_follow_membership(policy: list[str], value: str | None,
                                                        key: str, if_exists: bool):
    suffix = "IfExists" if if_exists else ""
    context = {} if value is None else {"test:key": value}
    request = Request(PRINCIPAL, "x:Y", context=context)
    equals = is_denied(deny(Action="*", Condition={f"StringEquals{suffix}": {key: policy}}),
                       request)
    not_equals = is_denied(deny(Action="*", Condition={
        f"StringNotEquals{suffix}": {key: policy}}), request)
    ignore_case = is_denied(deny(Action="*", Condition={
        f"StringEqualsIgnoreCase{suffix}": {key: policy}}), request)
    if value is None:  # missing key: positive false (true with IfExists), negated true
        assert (equals, not_equals, ignore_case) == (if_exists, True, if_exists)
    else:
        assert equals is (value in policy)
        assert not_equals is (value not in policy)
        assert ignore_case is (value.lower() in {p.lower() for p in policy})


@MODEST
@given(st.lists(VALUE, min_size=1, max_size=3), st.one_of(st.none(), st.lists(VALUE, max_size=4)))
def test_for_any_value_and_for_all_values_follow_set_arithmetic(policy: list[str],
                                                                values: list[str] | None):
    context = {} if values is None else {"test:List": values}
    request = Request(PRINCIPAL, "x:Y", context=context)

    def holds(operator: str) -> bool:
        return is_denied(deny(Action="*", Condition={operator: {"test:list": policy}}), request)

    given_values, wanted = set(values or []), set(policy)
    assert holds("ForAnyValue:StringEquals") is bool(given_values & wanted)
    assert holds("ForAllValues:StringEquals") is (given_values <= wanted)
    assert holds("ForAnyValue:StringNotEquals") is bool(given_values - wanted)
    assert holds("ForAllValues:StringNotEquals") is not (given_values & wanted)
    # ForAllValues with the key missing or empty holds: the classic exempt-everyone trap
    if not given_values:
        assert holds("ForAllValues:StringEquals") and not holds("ForAnyValue:StringEquals")


LEVEL = st.lists(st.booleans(), max_size=3)  # per policy: does its Allow match the action?


@MODEST
@given(action_and_pattern(), st.lists(LEVEL, min_size=1, max_size=4),
       st.one_of(st.none(), st.integers(0, 3)))
def test_an_allow_at_every_level_and_no_deny_anywhere(made: tuple[str, str],
                                                      levels: list[list[bool]],
                                                      deny_at: int | None):
    action, pattern = made
    built: list[tuple[str, list[tuple[str, Any]]]] = []
    for number, policies in enumerate(levels):
        attached: list[tuple[str, Any]] = [
            (f"allow-{number}-{index}", {"Statement": [{
                "Effect": "Allow", "Resource": "*",
                "Action": pattern if matches else f"{pattern}#"}]})
            for index, matches in enumerate(policies)]
        if deny_at == number:
            attached += [(f"deny-{number}", {"Statement": [
                {"Sid": "D", "Effect": "Deny", "Action": pattern, "Resource": "*"}]})]
        built.append((f"level {number}", attached))
    decision = decide(built, Request(PRINCIPAL, action))
    lacking = [f"level {number}" for number, (_, attached) in enumerate(built)
               if attached and not any(levels[number])]
    denied_explicitly = deny_at is not None and deny_at < len(levels)
    assert decision.allowed is (not denied_explicitly and not lacking)
    if denied_explicitly:
        assert decision.denial is not None and decision.denial.policy == f"deny-{deny_at}"
    else:
        assert decision.missing_allow_level == (lacking[0] if lacking else None)


@MODEST
@given(st.sampled_from(["AssumedRole", "Account", "User", "FederatedUser"]),
       st.sampled_from(["StringEqualsIfExists", "StringEquals", "StringNotEqualsIfExists"]))
def test_if_exists_on_an_always_sent_key_is_judged_on_its_value(wanted: str, operator: str):
    """aws:PrincipalType is on every request: ...IfExists cannot make it vacuously true."""
    request = Request(PRINCIPAL, "x:Y")  # a role: AssumedRole
    applies = is_denied(deny(Action="*", Condition={operator: {"aws:PrincipalType": wanted}}),
                        request)
    assert applies is ((wanted == "AssumedRole") != ("Not" in operator))
