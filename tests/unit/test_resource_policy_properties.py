"""Properties of the resource-policy reading (CIS v7.0.0 2.21) over generated statements.

The soundness property is judged by an independent matcher: IAM's own globs
(governance/iam_patterns.py ``wildcard_match``, whole-string for StringLike, field by field
for ArnLike): a condition value that admits two different accounts (or organizations, or
bucket names) is never accepted as restrictive, however its wildcards are placed.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from governance.checks import run_check
from governance.checks.resource_policies import policy_gaps, statement_gap
from governance.iam_patterns import wildcard_match
from governance.model import Status
from tests.unit.snapshots_resource_policies import ORG, document, with_policy

CONTROL = "resource-policies-no-public-principal"
ACCOUNT = "111122223333"
SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

RESTRICTIVE = {
    "aws:SourceAccount": ACCOUNT, "aws:PrincipalAccount": ACCOUNT, "AWS:SourceOwner": ACCOUNT,
    "kms:CallerAccount": ACCOUNT, "aws:SourceArn": f"arn:aws:sns:us-east-1:{ACCOUNT}:alerts",
    "aws:PrincipalArn": f"arn:aws:iam::{ACCOUNT}:role/app", "aws:PrincipalOrgID": ORG,
    "aws:SourceOrgID": ORG, "aws:PrincipalOrgPaths": f"{ORG}/r-ab12/*",
    "aws:SourceVpce": "vpce-1a2b3c4d",
}
WEAK = {"aws:SecureTransport": "true", "aws:CurrentTime": "2030-01-01T00:00:00Z",
        "aws:SourceIp": "203.0.113.0/24", "aws:ResourceAccount": ACCOUNT,
        "kms:ViaService": "s3.us-east-1.amazonaws.com", "aws:username": "app"}
POSITIVE = ["StringEquals", "StringLike", "StringEqualsIgnoreCase", "ForAnyValue:StringEquals"]
WEAKENED = ["StringNotEquals", "StringNotLike", "StringEqualsIfExists", "StringLikeIfExists",
            "ForAllValues:StringEquals", "ForAllValues:StringLike", "Null"]

principals = st.sampled_from([
    "*", {"AWS": "*"}, {"AWS": ["arn:aws:iam::345678901234:root", "*"]},
    {"AWS": "arn:aws:iam::345678901234:root"}, {"Service": "sns.amazonaws.com"},
    {"AWS": ["arn:aws:iam::345678901234:root"]}, {"AWS": "arn:aws:iam::*:root"},
])


@st.composite
def conditions(draw: Any) -> dict[str, Any]:
    entries = draw(st.lists(st.tuples(
        st.sampled_from(POSITIVE + WEAKENED + ["Bool", "DateLessThan", "IpAddress"]),
        st.sampled_from(sorted(RESTRICTIVE) + sorted(WEAK))), max_size=3))
    condition: dict[str, Any] = {}
    for operator, key in entries:
        condition.setdefault(operator, {})[key] = RESTRICTIVE.get(key, WEAK.get(key))
    return condition


@st.composite
def statements(draw: Any, effect: str | None = None) -> dict[str, Any]:
    statement: dict[str, Any] = {
        "Sid": draw(st.sampled_from(["A", "B", "C", "D", "E"])),
        "Effect": effect or draw(st.sampled_from(["Allow", "Deny"])),
        "Action": "*", "Resource": "*"}
    if draw(st.booleans()) and draw(st.booleans()):
        statement["NotPrincipal"] = {"AWS": "arn:aws:iam::345678901234:root"}
    else:
        statement["Principal"] = draw(principals)
    condition = draw(conditions())
    if condition:
        statement["Condition"] = condition
    return statement


def _gaps(listed: list[dict[str, Any]]) -> set[tuple[str, str]]:
    return set(policy_gaps({"Statement": listed})[0])


@SETTINGS
@given(st.lists(statements(), max_size=5), statements(effect="Deny"))
def test_adding_a_deny_statement_never_creates_or_removes_a_finding(listed, denial):
    denial["Sid"] = "Added"
    assert _gaps([*listed, denial]) == _gaps(listed)


@SETTINGS
@given(statements(effect="Allow"))
def test_removing_every_condition_from_a_wildcard_allow_always_gives_a_finding(statement):
    statement.pop("Condition", None)
    wildcard = "NotPrincipal" in statement or "*" in json.dumps(statement.get("Principal"))
    gap, _ = statement_gap(statement)
    assert (gap is not None) is wildcard
    if wildcard:
        assert "with no Condition" in gap


@SETTINGS
@given(st.lists(statements(), min_size=1, max_size=5), st.randoms(use_true_random=False))
def test_the_verdict_does_not_depend_on_statement_order_or_key_case(listed, random):
    before = run_check(CONTROL, with_policy("sqs", document(*listed)))
    shuffled = list(listed)
    random.shuffle(shuffled)
    recased = []
    for statement in shuffled:
        statement = dict(statement)
        if "Condition" in statement:
            statement["Condition"] = {operator: {
                "".join(c.upper() if random.random() < 0.5 else c.lower() for c in key): value
                for key, value in block.items()} for operator, block in
                statement["Condition"].items()}
        recased.append(statement)
    after = run_check(CONTROL, with_policy("sqs", document(*recased)))
    assert [f.status for f in before] == [f.status for f in after]
    gaps = {sid for sid, _ in _gaps(listed)}
    assert gaps == {sid for sid, _ in _gaps(recased)}


@SETTINGS
@given(st.sampled_from(sorted(RESTRICTIVE)), st.sampled_from(POSITIVE))
def test_one_restrictive_condition_restricts_and_weakening_it_never_does(key, operator):
    value = RESTRICTIVE[key]
    restricted = {"Effect": "Allow", "Principal": "*", "Action": "*",
                  "Condition": {operator: {key: value}}}
    assert statement_gap(restricted)[0] is None
    for weaker in WEAKENED:
        weakened = {**restricted, "Condition": {weaker: {key: value}}}
        assert statement_gap(weakened)[0] is not None, weaker


# --- soundness against IAM's globs ------------------------------------------------------

# Pairs of values that differ in who they name; a value admitting both names no one.
WITNESSES = {
    "aws:SourceAccount": ("999999999999", "888888888888"),
    "aws:PrincipalOrgID": ("o-aaaaaaaaaa", "o-bbbbbbbbbb"),
    "aws:PrincipalOrgPaths": ("o-aaaaaaaaaa/r-ab12/ou-ab12-11111111/",
                              "o-bbbbbbbbbb/r-ab12/ou-ab12-11111111/"),
    "aws:SourceVpce": ("vpce-0aaaaaaa", "vpce-0bbbbbbb"),
    "aws:SourceArn": ("arn:aws:lambda:us-east-1:999999999999:function:app",
                      "arn:aws:lambda:us-east-1:888888888888:function:app"),
    "aws:PrincipalArn": ("arn:aws:iam::999999999999:role/app",
                         "arn:aws:iam::888888888888:role/app"),
    # an ARN without account: two buckets (two owners) of different names
    "aws:SourceArn#bucket": ("arn:aws:s3:::example-evil", "arn:aws:s3:::example-uploads"),
    # StringLike over the whole ARN: a colon-shifted foreign ARN naming the account as a
    # function name
    "aws:SourceArn#shifted": (f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:app",
                              f"arn:aws:lambda:us-east-1:999999999999:function:{ACCOUNT}:app"),
}


def _differing_span(first: str, second: str) -> tuple[int, int]:
    """[start, end) of ``first`` outside the prefix and suffix it shares with ``second``."""
    start = 0
    while start < min(len(first), len(second)) and first[start] == second[start]:
        start += 1
    end = 0
    while (end < min(len(first), len(second)) - start
           and first[len(first) - 1 - end] == second[len(second) - 1 - end]):
        end += 1
    return start, max(start + 1, len(first) - end)


@st.composite
def generalised(draw: Any, first: str, second: str) -> str:
    """``first`` with some characters turned into ``?`` and some runs into ``*``, every
    character where it differs from ``second`` among them (so it may admit both)."""
    start, end = _differing_span(first, second)
    same_length = len(first) == len(second)
    out: list[str] = []
    for index, char in enumerate(first):
        inside = start <= index < end
        mark = draw(st.sampled_from(("?*" if same_length else "*") if inside else "kkkkkkkk?*+"))
        if mark == "k":
            out.append(char)
        elif mark == "?":
            out.append("?")
        elif mark == "+":
            out += [char, "*"]
        elif not out or out[-1] != "*":
            out.append("*")
    return "".join(out)


def _arn_like(pattern: str, value: str) -> bool:
    fields, values = pattern.split(":", 5), value.split(":", 5)
    return len(fields) == len(values) == 6 and all(
        wildcard_match(f, v) for f, v in zip(fields, values, strict=True))


@st.composite
def admitting_both(draw: Any) -> tuple[str, str, str]:
    name = draw(st.sampled_from(sorted(WITNESSES)))
    key = name.split("#")[0]
    first, second = WITNESSES[name]
    operator = draw(st.sampled_from(["StringLike", "ArnLike", "ArnEquals"]
                                    if key in {"aws:SourceArn", "aws:PrincipalArn"}
                                    else ["StringLike", "ForAnyValue:StringLike"]))
    pattern = draw(st.one_of(generalised(first, second), generalised(second, first)))
    return key, operator, pattern


@SETTINGS
@given(admitting_both())
def test_a_value_admitting_two_accounts_or_organizations_is_never_restrictive(case):
    key, operator, pattern = case
    matches = _arn_like if operator.startswith("Arn") else wildcard_match
    pairs = [pair for n, pair in WITNESSES.items() if n.split("#")[0] == key]
    assume(any(matches(pattern, a) and matches(pattern, b) for a, b in pairs))
    statement = {"Effect": "Allow", "Principal": "*", "Action": "*",
                 "Condition": {operator: {key: pattern}}}
    gap, restriction = statement_gap(statement)
    assert gap is not None and restriction is None, (key, operator, pattern)
    # hidden among good values it still admits everyone (values are ORed)
    listed = {**statement, "Condition": {operator: {key: [RESTRICTIVE.get(key, ACCOUNT),
                                                          pattern]}}}
    assert statement_gap(listed)[0] is not None


@SETTINGS
@given(st.sampled_from(sorted(RESTRICTIVE)))
def test_a_literal_value_names_one_and_is_restrictive_under_like_operators(key):
    operator = "ArnLike" if key in {"aws:SourceArn", "aws:PrincipalArn"} else "StringLike"
    statement = {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "*",
                 "Condition": {operator: {key: RESTRICTIVE[key]}}}
    assert statement_gap(statement) == (None, f"{operator} {key}")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8)
    | st.sampled_from(["*", "Allow", "Deny", "aws:SourceAccount", "StringLike", "?"]),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.sampled_from(["Effect", "Principal", "NotPrincipal", "Condition",
                                       "AWS", "StringEquals", "aws:SourceArn", "Null",
                                       "Sid", "x"]), children, max_size=4),
    max_leaves=12)


@SETTINGS
@given(json_values)
def test_any_json_policy_gives_one_finding_never_a_crash(policy):
    findings = run_check(CONTROL, with_policy("sqs", json.dumps({"Statement": policy})))
    queue = [f for f in findings if ":sqs:" in f.resource and f.resource.endswith(":alerts")]
    assert len(queue) == 1
    assert queue[0].status in {Status.PASS, Status.FAIL, Status.ERROR}
