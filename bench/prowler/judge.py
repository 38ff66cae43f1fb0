"""The judgements of the Prowler comparison, read from judgements.toml (its header says what
each key means): one Edition per CIS edition compared, and ``judge``, which finds the
judgement of one disagreement, carrying an earlier edition's judgement over to an item that
takes the earlier item over unchanged.

A malformed judgements.toml raises JudgementsError with one line naming the entry.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from bench.prowler.catalogs import earlier_item, prowler_checks
from bench.prowler.scope import JUDGEMENTS, PROWLER_IDS

RIGHT = ("ours", "Prowler", "both", "neither")
# "<ours>/<Prowler>", optionally "<account>:<ours>/<Prowler>"
KIND = re.compile(r"\A(?:(?P<account>[\w-]+):)?(?P<ours>\w+)/(?P<prowler>\w+)\Z")
PLACEHOLDER = re.compile(r"\{(\w+)\}")
JUDGEMENT_KEYS = {"items", "kinds", "right", "why", "quote"}
TABLES = ("judgement", "resource_judgement")


class JudgementsError(ValueError):
    """judgements.toml does not have the shape its header describes."""


@dataclass(frozen=True)
class Judgement:
    right: str
    why: str
    quote: str = ""


@dataclass(frozen=True)
class Edition:
    """One CIS edition compared: our framework key, Prowler's compliance id, the tables that
    judge its disagreements and the notes of its report."""

    key: str
    version: str
    report: str  # file stem under bench/results
    explanations: dict[str, dict[str, Judgement]]
    resource_explanations: dict[str, dict[str, Judgement]]
    broken_items: dict[str, tuple[str, ...]]
    our_faults: list[str]
    not_covered: list[str]
    races: list[str]
    # an earlier edition whose judgements carry over to this edition's items that take an
    # earlier item over unchanged (same_as) and keep its Prowler checks, with this edition's
    # words for the quotes its copy of the procedure words differently (by item)
    carry_from: str = ""
    carried_quotes: dict[str, str] = field(default_factory=dict)

    @property
    def prowler(self) -> str:
        return PROWLER_IDS[self.key]


def _expand(text: str, texts: dict[str, str], params: dict[str, str], where: str) -> str:
    """``text`` with each {name} replaced: a shared text of [texts] (itself expanded), or the
    judgement's own key of that name (what, check)."""
    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in texts:
            return _expand(texts[name], texts, params, where)
        if name in params:
            return params[name]
        raise JudgementsError(f"{where}: {{{name}}} names no text of [texts] and no key")
    return PLACEHOLDER.sub(one, text)


def _table(entries: list[dict[str, Any]], texts: dict[str, str], where: str
           ) -> dict[str, dict[str, Judgement]]:
    """item -> kind -> Judgement, from the entries of one [[...judgement]] array."""
    table: dict[str, dict[str, Judgement]] = {}
    for number, entry in enumerate(entries, 1):
        here = f"{where} #{number} ({', '.join(entry.get('items', []))})"
        missing = {"items", "kinds", "right", "why"} - entry.keys()
        if missing:
            raise JudgementsError(f"{here}: missing {', '.join(sorted(missing))}")
        if entry["right"] not in RIGHT:
            raise JudgementsError(f"{here}: right {entry['right']!r} is not one of {RIGHT}")
        params = {k: v for k, v in entry.items() if k not in JUDGEMENT_KEYS}
        judgement = Judgement(entry["right"], _expand(entry["why"], texts, params, here),
                              entry.get("quote", ""))
        for kind in entry["kinds"]:
            if not KIND.match(kind):
                raise JudgementsError(f"{here}: kind {kind!r} is not [account:]ours/Prowler")
            for item in entry["items"]:
                if kind in table.setdefault(item, {}):
                    raise JudgementsError(f"{here}: {item} {kind} is judged twice")
                table[item][kind] = judgement
    return table


def load(path: Path = JUDGEMENTS) -> dict[str, Any]:
    """The raw judgements file: [our_verdict_scale], [texts], [editions.*]."""
    try:
        return tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as error:
        raise JudgementsError(f"{path.name}: {error}") from error


def editions_from(data: dict[str, Any]) -> dict[str, Edition]:
    texts = data.get("texts", {})
    editions = {}
    for key, raw in data["editions"].items():
        if key not in PROWLER_IDS:
            raise JudgementsError(f"editions.{key}: no Prowler compliance id for it (scope.py)")
        editions[key] = Edition(
            key, raw["version"], raw["report"],
            _table(raw.get("judgement", []), texts, f"editions.{key}.judgement"),
            _table(raw.get("resource_judgement", []), texts,
                   f"editions.{key}.resource_judgement"),
            {account: tuple(items) for account, items in raw.get("broken_items", {}).items()},
            raw.get("our_faults", []), raw.get("not_covered", []), raw.get("races", []),
            carry_from=raw.get("carry_from", ""), carried_quotes=raw.get("carried_quotes", {}))
    for edition in editions.values():
        if edition.carry_from and edition.carry_from not in editions:
            raise JudgementsError(f"editions.{edition.key}: carry_from {edition.carry_from!r} "
                                  "is no edition of this file")
    return editions


@cache
def editions() -> dict[str, Edition]:
    """Every edition compared, in the file's order."""
    return editions_from(load())


@cache
def our_verdict_scale() -> dict[str, str]:
    """Our status -> the scale both tools are compared on (NOT_APPLICABLE as PASS, ...)."""
    return dict(load()["our_verdict_scale"])


def _lookup(table: dict[str, dict[str, Judgement]], item: str, account: str, kind: str
            ) -> Judgement | None:
    kinds = table.get(item, {})
    return kinds.get(f"{account}:{kind}") or kinds.get(kind)


def judge(edition: Edition, item: str, account: str, kind: str, *,
          resource: bool = False) -> dict[str, Any] | None:
    """The judgement of a disagreement of ``kind`` ("<ours>/<Prowler>") on ``item``: the
    edition's own table first, then (``carry_from``) the earlier edition's judgement of the
    item this one takes over unchanged, when Prowler judges both with the same checks."""
    table = edition.resource_explanations if resource else edition.explanations
    found = _lookup(table, item, account, kind)
    if found is not None:
        return asdict(found)
    if not edition.carry_from:
        return None
    earlier = editions()[edition.carry_from]
    source = earlier_item(edition.key, item, earlier.key)
    if source is None or prowler_checks(edition.prowler, item) != prowler_checks(
            earlier.prowler, source):
        return None
    table = earlier.resource_explanations if resource else earlier.explanations
    found = _lookup(table, source, account, kind)
    if found is None:
        return None
    return {**asdict(found), "quote": edition.carried_quotes.get(item, found.quote),
            "carried_from": f"{earlier.version} item {source}"}
