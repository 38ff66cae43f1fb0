"""bench/prowler/judgements.toml, the judgements of the Prowler comparison, has the shape
bench/prowler/judge.py reads: every judgement names a CIS item of its edition, a kind of
disagreement on the verdict scale (an account's own kind naming a seeded account), a side
and a reason, and no (item, kind) is judged twice."""

from __future__ import annotations

import copy
import tomllib
from importlib import resources

import pytest

from bench.prowler import judge
from bench.prowler.scope import JUDGEMENTS, PROWLER_IDS
from bench.prowler.seed import ACCOUNTS

RAW = tomllib.loads(JUDGEMENTS.read_text())
# Prowler's statuses as verdicts.prowler_verdicts writes them (MUTED counts as PASS)
PROWLER_VERDICTS = {"PASS", "FAIL", "MANUAL", "silent"}


def _our_items(key: str) -> set[str]:
    text = (resources.files("governance.catalog") / "frameworks" / f"{key}.toml").read_text()
    return {item["id"] for item in tomllib.loads(text)["items"]}


def _entries():
    for key, edition in RAW["editions"].items():
        for table in judge.TABLES:
            for number, entry in enumerate(edition.get(table, []), 1):
                yield f"{key}.{table} #{number}", key, entry


def test_every_edition_is_one_prowler_compares():
    assert list(RAW["editions"]) == list(PROWLER_IDS)
    assert list(judge.editions()) == list(PROWLER_IDS)


def test_every_judgement_names_items_of_its_edition():
    unknown = [f"{where}: {item}" for where, key, entry in _entries()
               for item in entry["items"] if item not in _our_items(key)]
    assert not unknown, unknown


def test_every_judgement_has_a_side_and_a_reason():
    bad = [where for where, _, entry in _entries()
           if entry.get("right") not in judge.RIGHT or not entry.get("why", "").strip()]
    assert not bad, bad
    for edition in judge.editions().values():
        for table in (edition.explanations, edition.resource_explanations):
            for item, kinds in table.items():
                for kind, judgement in kinds.items():
                    assert judgement.why.strip() and "{" not in judgement.why, (item, kind)


def test_every_kind_is_on_the_verdict_scale_and_names_a_seeded_account():
    ours = set(judge.our_verdict_scale().values()) | {"silent"}
    bad = []
    for where, _, entry in _entries():
        for kind in entry["kinds"]:
            match = judge.KIND.match(kind)
            if (not match or match["ours"] not in ours or match["prowler"] not in PROWLER_VERDICTS
                    or match["ours"] == match["prowler"]
                    or (match["account"] and match["account"] not in ACCOUNTS)):
                bad.append(f"{where}: {kind}")
    assert not bad, bad


def test_no_item_and_kind_is_judged_twice():
    seen: dict[tuple[str, str, str, str], str] = {}
    twice = []
    for where, key, entry in _entries():
        table = where.split(" #")[0]
        for item in entry["items"]:
            for kind in entry["kinds"]:
                if (table, key, item, kind) in seen:
                    twice.append(f"{item} {kind}: {seen[table, key, item, kind]} and {where}")
                seen[table, key, item, kind] = where
    assert not twice, twice
    loaded = sum(len(kinds) for edition in judge.editions().values()
                 for table in (edition.explanations, edition.resource_explanations)
                 for kinds in table.values())
    assert loaded == len(seen)


def test_every_shared_text_is_used():
    used = {name for _, _, entry in _entries() for name in judge.PLACEHOLDER.findall(entry["why"])}
    assert set(RAW["texts"]) <= used, set(RAW["texts"]) - used


def test_notes_name_seeded_accounts_and_items_of_their_edition():
    for key, edition in judge.editions().items():
        items = _our_items(key)
        assert set(edition.broken_items) <= set(ACCOUNTS)
        assert {i for listed in edition.broken_items.values() for i in listed} <= items
        assert set(edition.carried_quotes) <= items
        assert edition.our_faults and edition.not_covered
        if edition.carry_from:
            assert edition.carry_from in judge.editions()


def test_a_judgement_given_twice_is_refused():
    data = copy.deepcopy(RAW)
    entries = data["editions"]["cis_aws_v3"]["judgement"]
    entries.append(copy.deepcopy(entries[0]))
    with pytest.raises(judge.JudgementsError, match="judged twice"):
        judge.editions_from(data)


def test_a_reason_naming_no_shared_text_is_refused():
    data = copy.deepcopy(RAW)
    data["editions"]["cis_aws_v3"]["judgement"][0]["why"] = "see {nowhere}"
    with pytest.raises(judge.JudgementsError, match="nowhere"):
        judge.editions_from(data)


def test_an_account_kind_wins_over_the_general_kind():
    edition = judge.editions()["cis_aws_v3"]
    general = judge.judge(edition, "4.3", "compliant", "FAIL/PASS")
    broken = judge.judge(edition, "4.3", "broken-alerts", "FAIL/PASS")
    assert general is None
    assert broken is not None and broken["right"] == "ours"
    assert "subscription" in broken["why"]
