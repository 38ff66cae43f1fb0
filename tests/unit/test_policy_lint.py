"""The least-privilege lint shared by the live check and the plan tests."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest

from governance.policy_lint import grants_full_admin, parse_document, wildcard_violations


def doc(*statements):
    return {"Version": "2012-10-17", "Statement": list(statements)}


@pytest.mark.parametrize(("statement", "problem"), [
    ({"Effect": "Allow", "Action": "*", "Resource": "*"}, "wildcard action '*'"),
    ({"Effect": "Allow", "Action": ["s3:*"], "Resource": "arn:aws:s3:::b"}, "'s3:*'"),
    ({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}, "NotAction"),
    ({"Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::b"},
     "NotResource"),
    ({"Effect": "Allow", "Action": ["s3:GetObject", "iam:ListUsers"], "Resource": "*"},
     "Resource '*' for s3:GetObject"),
])
def test_allow_statements_that_grant_too_much(statement, problem):
    found = wildcard_violations(doc({"Sid": "S", **statement}))
    assert any(problem in str(v) for v in found), found


@pytest.mark.parametrize("statement", [
    {"Effect": "Deny", "NotAction": "iam:*", "Resource": "*"},
    {"Effect": "Deny", "Action": "*", "Resource": "*"},
    {"Effect": "Allow", "Action": ["iam:ListUsers", "sts:GetCallerIdentity"], "Resource": "*"},
    {"Effect": "Allow", "Action": "iam:Get*", "Resource": "arn:aws:iam::1:user/*"},
    {"Effect": "Allow", "Action": "IAM:LISTUSERS", "Resource": "*"},
])
def test_statements_within_least_privilege(statement):
    assert wildcard_violations(doc(statement)) == []


def test_strict_mode_refuses_wildcards_inside_action_names():
    statement = {"Sid": "Family", "Effect": "Allow", "Action": "iam:Get*",
                 "Resource": "arn:aws:iam::1:user/*"}
    assert wildcard_violations(doc(statement)) == []
    assert "wildcard in action name 'iam:Get*'" in str(wildcard_violations(doc(statement),
                                                                          strict=True)[0])


def test_documents_as_iam_returns_them():
    document = doc({"Effect": "Allow", "Action": "*", "Resource": "*"})
    url_encoded = quote(json.dumps(document))
    assert parse_document(url_encoded) == document
    assert grants_full_admin(url_encoded)
    single = {"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}
    assert len(wildcard_violations(single)) == 2
    assert not grants_full_admin(doc({"Effect": "Deny", "Action": "*", "Resource": "*"}))
