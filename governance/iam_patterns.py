"""IAM's wildcard patterns, read as IAM reads them: one matcher for every check and the SCP
evaluator.

In an IAM policy's Action, NotAction, Resource and NotResource (and in the ``...Like``
condition operators) ``*`` matches any run of characters, the empty run included, and ``?``
exactly one character; actions match case-insensitively, resources case-sensitively
(Service Authorization Reference, IAM JSON policy elements). A pattern is matched against
the whole value: :func:`wildcard_match`.

The least-privilege checks ask a harder question than "does this pattern match this
value": does a list of patterns match *every* action (``*``, ``*:*``, ``?*:*``, ``["a*",
"b*", ...]`` covering every letter...), or every ARN (``*``, ``arn:*``, ``arn:aws:*``,
``arn:*:*:*:*:*``)? Comparing the text with ``"*"`` misses every other spelling, so
:func:`uncovered_action` and :func:`uncovered_resource` decide it exactly: the union of
the patterns is a small nondeterministic automaton, the language (``service:Action``, or
an ARN of the partition) another, and a breadth-first search over their product, on one
representative character per class of characters the patterns cannot tell apart, finds
the shortest member of the language that no pattern matches: the witness, or None when
the patterns cover the whole language.
"""

from __future__ import annotations

import re
import string
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache


class UnsupportedPattern(ValueError):
    """A pattern holds a policy variable (``${aws:username}``): not matched by guessing."""


@cache
def wildcard_regex(pattern: str, ignore_case: bool = False) -> re.Pattern[str]:
    """The regular expression IAM's glob ``pattern`` stands for (matched with fullmatch)."""
    if "${" in pattern:
        raise UnsupportedPattern(f"policy variables are not supported: {pattern!r}")
    body = "".join(".*" if char == "*" else "." if char == "?" else re.escape(char)
                   for char in pattern)
    return re.compile(body, re.DOTALL | (re.IGNORECASE if ignore_case else 0))


def wildcard_match(pattern: str, value: str, *, ignore_case: bool = False) -> bool:
    """IAM wildcard matching: ``*`` any run of characters, ``?`` one character."""
    return wildcard_regex(pattern, ignore_case).fullmatch(value) is not None


def matches_any(patterns: Iterable[str], value: str, *, ignore_case: bool = False) -> bool:
    return any(wildcard_match(str(p), value, ignore_case=ignore_case) for p in patterns)


# --- does a union of patterns cover a whole language? -----------------------------------

@dataclass(frozen=True)
class Segment:
    """A run of ``minimum`` or more characters of ``chars`` (at most ``minimum`` when not
    ``repeats``)."""

    chars: str
    minimum: int = 1
    repeats: bool = True


def literal(text: str) -> tuple[Segment, ...]:
    return tuple(Segment(char, 1, False) for char in text)


SERVICE_CHARS = string.ascii_lowercase + string.digits + "-"
ACTION_CHARS = string.ascii_lowercase + string.digits  # actions compared case-folded
# What may follow arn:<partition>:<service>:<region>:<account>: in an ARN (path
# separators, colons and the characters resource names take).
RESOURCE_CHARS = string.ascii_letters + string.digits + "-_./:+=,@*$#!~()[]{}"
ACTION_LANGUAGE = (Segment(SERVICE_CHARS), *literal(":"), Segment(ACTION_CHARS))


def arn_language(partition: str = "aws") -> tuple[Segment, ...]:
    """Every ARN of ``partition``: service, optional region, optional account (12 digits,
    or ``aws`` for AWS managed policies), then a non-empty resource part."""
    return (*literal(f"arn:{partition}:"), Segment(SERVICE_CHARS), *literal(":"),
            Segment(SERVICE_CHARS, 0), *literal(":"),
            Segment(string.ascii_lowercase + string.digits, 0), *literal(":"),
            Segment(RESOURCE_CHARS))


def _language_step(language: Sequence[Segment], states: frozenset[tuple[int, int]],
                   char: str) -> frozenset[tuple[int, int]]:
    """States (segment index, characters read in it, capped at its minimum)."""
    moved = set()
    for index, count in _language_closure(language, states):
        if index < len(language):
            segment = language[index]
            if char in segment.chars and (segment.repeats or count < segment.minimum):
                moved.add((index, min(count + 1, segment.minimum)))
    return frozenset(moved)


def _language_closure(language: Sequence[Segment], states: Iterable[tuple[int, int]]
                      ) -> set[tuple[int, int]]:
    closed = set(states)
    pending = list(closed)
    while pending:
        index, count = pending.pop()
        if index < len(language) and count >= language[index].minimum:
            following = (index + 1, 0)
            if following not in closed:
                closed.add(following)
                pending.append(following)
    return closed


def _language_accepts(language: Sequence[Segment], states: frozenset[tuple[int, int]]) -> bool:
    return (len(language), 0) in _language_closure(language, states)


def _glob_closure(patterns: Sequence[str], states: Iterable[tuple[int, int]]
                  ) -> frozenset[tuple[int, int]]:
    closed = set(states)
    pending = list(closed)
    while pending:
        which, position = pending.pop()
        if position < len(patterns[which]) and patterns[which][position] == "*":
            following = (which, position + 1)
            if following not in closed:
                closed.add(following)
                pending.append(following)
    return frozenset(closed)


def _glob_step(patterns: Sequence[str], states: frozenset[tuple[int, int]], char: str
               ) -> frozenset[tuple[int, int]]:
    moved = set()
    for which, position in states:
        pattern = patterns[which]
        if position == len(pattern):
            continue
        token = pattern[position]
        if token == "*":
            moved.add((which, position))
        elif token == "?" or token == char:
            moved.add((which, position + 1))
    return _glob_closure(patterns, moved)


def _representatives(language: Sequence[Segment], patterns: Sequence[str]) -> list[str]:
    """The characters worth trying: every literal of the patterns the language allows, and
    one other character per class of the language's character sets."""
    alphabet = sorted({char for segment in language for char in segment.chars})
    literals = {char for pattern in patterns for char in pattern if char not in "*?"}
    chosen = [char for char in alphabet if char in literals]
    classes: set[tuple[bool, ...]] = set()
    for char in alphabet:
        if char in literals:
            continue
        membership = tuple(char in segment.chars for segment in language)
        if membership not in classes:
            classes.add(membership)
            chosen.append(char)
    return chosen


@lru_cache(maxsize=4096)
def _uncovered(patterns: tuple[str, ...], language: tuple[Segment, ...]) -> str | None:
    start_language = frozenset({(0, 0)})
    start_globs = _glob_closure(patterns, {(which, 0) for which in range(len(patterns))})
    start = (start_language, start_globs)
    parents: dict[tuple[frozenset[tuple[int, int]], frozenset[tuple[int, int]]],
                  tuple[object, str] | None] = {start: None}
    queue = deque([start])
    characters = _representatives(language, patterns)
    while queue:
        state = queue.popleft()
        language_states, glob_states = state
        if _language_accepts(language, language_states) and not any(
                position == len(patterns[which]) for which, position in glob_states):
            witness = []
            node: object = state
            while parents[node] is not None:  # type: ignore[index]
                node, char = parents[node]  # type: ignore[index, misc]
                witness.append(char)
            return "".join(reversed(witness))
        for char in characters:
            moved_language = _language_step(language, language_states, char)
            if not moved_language:
                continue
            following = (moved_language, _glob_step(patterns, glob_states, char))
            if following not in parents:
                parents[following] = (state, char)
                queue.append(following)
    return None


POLICY_VARIABLE = re.compile(r"\$\{[^}]*\}")


def _checked(patterns: Iterable[str]) -> list[str]:
    """The patterns as text, each policy variable (``${aws:username}``) read as ``*``: a
    variable stands for some value, so a pattern with one covers at most what ``*`` would
    (the coverage questions over-approximate, never under-approximate, what is granted)."""
    return [POLICY_VARIABLE.sub("*", str(pattern)) for pattern in patterns]


def uncovered_action(patterns: Iterable[str]) -> str | None:
    """An action (``service:Action``, lower case) that none of the Action patterns match,
    or None when together they match every action."""
    folded = tuple(sorted({pattern.lower() for pattern in _checked(patterns)}))
    return _uncovered(folded, ACTION_LANGUAGE)


def uncovered_resource(patterns: Iterable[str], partition: str = "aws") -> str | None:
    """An ARN of ``partition`` that none of the Resource patterns match, or None when
    together they match every resource."""
    return _uncovered(tuple(sorted(set(_checked(patterns)))), arn_language(partition))


def covers_every_action(patterns: Iterable[str]) -> bool:
    return uncovered_action(patterns) is None


def covers_every_resource(patterns: Iterable[str], partition: str = "aws") -> bool:
    return uncovered_resource(patterns, partition) is None


def covers_service(patterns: Iterable[str], service: str) -> bool:
    """The patterns together match every action of ``service`` (``iam:*``, ``i?m:*``...)."""
    folded = tuple(sorted({pattern.lower() for pattern in _checked(patterns)}))
    return _uncovered(folded, (*literal(f"{service.lower()}:"), Segment(ACTION_CHARS))) is None


def service_wide(pattern: str) -> bool:
    """An action pattern that reaches more than one named action set: its service part is
    a wildcard (``*:Get*``, ``?am:*``, a pattern with no colon such as ``iam*``) or its
    action part matches every action name of the service (``iam:*``, ``IAM:?*``)."""
    text = str(pattern).lower()
    if ":" not in text:
        return "*" in text
    service, action = text.split(":", 1)
    if "*" in service or "?" in service:
        return True
    return _uncovered((action,), (Segment(ACTION_CHARS),)) is None
