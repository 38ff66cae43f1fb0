"""A CloudWatch Logs JSON filter-pattern evaluator for the subset the CIS 4.x patterns use.

``matches(pattern, event)`` says whether a metric filter with ``pattern`` counts a
CloudTrail record ``event`` (a dict). The checks use it to prove that a deployed pattern
catches every CIS event of its item (and none of the events it must not count), instead of
comparing pattern strings.

Supported (CloudWatch Logs "filter pattern syntax for JSON log events"):

* ``{ <expression> }`` with ``&&``, ``||`` and parentheses; ``&&`` binds tighter than ``||``;
* ``$.a.b.c`` and ``$.a[0].b`` selectors;
* ``=`` and ``!=`` with a quoted ("...") or bare value; ``*`` in a string value is a
  wildcard for any characters; numeric values compare as numbers with ``= != < <= > >=``;
* ``IS TRUE``, ``IS FALSE``, ``IS NULL``, ``NOT EXISTS`` and ``EXISTS``.

A selector that names a missing field: ``=``, the comparisons and ``IS ...`` are false,
``!=`` is true (the field is not equal to the value), ``NOT EXISTS`` is true.
Anything else (text patterns, ``%regex%``, ``$.*`` selectors) raises :class:`PatternError`.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from typing import Any


class PatternError(ValueError):
    """The pattern is not a JSON filter pattern this evaluator understands."""


_MISSING = object()

_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<and>&&)
  | (?P<or>\|\|)
  | (?P<lparen>\()
  | (?P<rparen>\))
  | (?P<op>!=|<=|>=|=|<|>)
  | (?P<selector>\$(?:\.[A-Za-z0-9_\-@:]+|\[\d+\])+)
  | (?P<quoted>"(?:[^"\\]|\\.)*")
  | (?P<keyword>NOT\s+EXISTS\b|EXISTS\b|IS\s+NULL\b|IS\s+TRUE\b|IS\s+FALSE\b)
  | (?P<bare>[^\s()"&|=!<>]+)
""", re.VERBOSE)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str


def tokenize(body: str) -> list[Token]:
    tokens: list[Token] = []
    position = 0
    while position < len(body):
        found = _TOKEN.match(body, position)
        if not found:
            raise PatternError(f"cannot read the pattern at {body[position:position + 20]!r}")
        position = found.end()
        kind = found.lastgroup or ""
        if kind != "space":
            tokens.append(Token(kind, found.group()))
    return tokens


@dataclass(frozen=True)
class Term:
    selector: str
    operator: str  # = != < <= > >= or a keyword (EXISTS, NOT EXISTS, IS NULL, IS TRUE, IS FALSE)
    value: Any = None
    quoted: bool = False


@dataclass(frozen=True)
class Both:
    left: Any
    right: Any


@dataclass(frozen=True)
class Either:
    left: Any
    right: Any


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.index = 0

    def peek(self) -> Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self, kind: str | None = None) -> Token:
        token = self.peek()
        if token is None or (kind and token.kind != kind):
            raise PatternError(f"expected {kind or 'more'} at token {self.index + 1}, "
                               f"found {token.text if token else 'the end'}")
        self.index += 1
        return token

    def expression(self) -> Any:
        node = self.conjunction()
        while (token := self.peek()) and token.kind == "or":
            self.take("or")
            node = Either(node, self.conjunction())
        return node

    def conjunction(self) -> Any:
        node = self.primary()
        while (token := self.peek()) and token.kind == "and":
            self.take("and")
            node = Both(node, self.primary())
        return node

    def primary(self) -> Any:
        token = self.peek()
        if token is not None and token.kind == "lparen":
            self.take("lparen")
            node = self.expression()
            self.take("rparen")
            return node
        selector = self.take("selector").text
        following = self.take()
        if following.kind == "keyword":
            return Term(selector, " ".join(following.text.split()))
        if following.kind != "op":
            raise PatternError(f"expected an operator after {selector}, found {following.text}")
        value = self.take()
        if value.kind == "quoted":
            return Term(selector, following.text, _unquote(value.text), quoted=True)
        if value.kind == "bare":
            return Term(selector, following.text, value.text)
        raise PatternError(f"expected a value after {selector} {following.text}")


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text[1:-1])


def parse(pattern: str) -> Any:
    """The expression tree of a JSON filter pattern ``{ ... }``."""
    text = pattern.strip()
    if not (text.startswith("{") and text.endswith("}")):
        raise PatternError("only JSON filter patterns ({ ... }) are supported")
    parser = _Parser(tokenize(text[1:-1]))
    node = parser.expression()
    if parser.peek() is not None:
        raise PatternError(f"unexpected {parser.peek().text!r} after a complete expression")
    return node


def _select(event: Any, selector: str) -> Any:
    value = event
    for part in re.findall(r"\.([^.\[]+)|\[(\d+)\]", selector):
        key, index = part
        if key:
            if not isinstance(value, dict) or key not in value:
                return _MISSING
            value = value[key]
        else:
            if not isinstance(value, list) or int(index) >= len(value):
                return _MISSING
            value = value[int(index)]
    return value


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _equals(actual: Any, term: Term) -> bool:
    expected = term.value
    if not term.quoted and _number(expected) is not None and _number(actual) is not None \
            and not isinstance(actual, str):
        return _number(actual) == _number(expected)
    if isinstance(actual, bool) or actual is None or isinstance(actual, dict | list):
        return False
    text = actual if isinstance(actual, str) else str(actual)
    if "*" in expected:
        return fnmatch.fnmatchcase(text, expected.replace("[", "[[]").replace("?", "[?]"))
    return text == expected


def _evaluate_term(term: Term, event: Any) -> bool:
    actual = _select(event, term.selector)
    missing = actual is _MISSING
    match term.operator:
        case "NOT EXISTS":
            return missing
        case "EXISTS":
            return not missing
        case "IS NULL":
            return not missing and actual is None
        case "IS TRUE":
            return actual is True
        case "IS FALSE":
            return actual is False
        case "=":
            return not missing and _equals(actual, term)
        case "!=":
            return missing or not _equals(actual, term)
    left, right = _number(actual) if not missing else None, _number(term.value)
    if left is None or right is None:
        return False
    return {"<": left < right, "<=": left <= right, ">": left > right,
            ">=": left >= right}[term.operator]


def evaluate(node: Any, event: Any) -> bool:
    if isinstance(node, Both):
        return evaluate(node.left, event) and evaluate(node.right, event)
    if isinstance(node, Either):
        return evaluate(node.left, event) or evaluate(node.right, event)
    return _evaluate_term(node, event)


def matches(pattern: str, event: dict[str, Any]) -> bool:
    """True when a metric filter with ``pattern`` counts the JSON log event ``event``."""
    return evaluate(parse(pattern), event)
