"""Both tools' copies of the CIS editions compared: Prowler's compliance JSON (from its own
virtual environment) and our framework TOML (from the catalog the CLI ships), read once each;
item ids, their order, and which earlier item a later edition takes over unchanged."""

from __future__ import annotations

import json
import tomllib
from functools import cache
from typing import Any

from bench.prowler.scope import PROWLER_VENV


@cache
def prowler_framework(compliance: str) -> dict[str, Any]:
    """Prowler's own copy of the benchmark (cis_3.0_aws.json, cis_7.0_aws.json)."""
    found = list(PROWLER_VENV.glob(
        f"lib/python*/site-packages/prowler/compliance/aws/{compliance}.json"))
    if not found:
        raise SystemExit(f"{compliance}.json not found in {PROWLER_VENV}")
    return json.loads(found[0].read_text())


@cache
def our_cis_items(key: str) -> dict[str, dict[str, Any]]:
    """Our items of one CIS edition (title, manual, same_as) from the catalog the CLI ships."""
    from importlib import resources

    text = (resources.files("governance.catalog") / "frameworks" / f"{key}.toml").read_text()
    return {item["id"]: item for item in tomllib.loads(text)["items"]}


def earlier_item(key: str, item: str, earlier: str) -> str | None:
    """The item of the ``earlier`` edition that ``item`` of ``key`` takes over unchanged,
    following ``same_as`` edition by edition (our catalog's EARLIER_EDITION); None where a
    step has no ``same_as`` (new item, changed title, status or procedure)."""
    from governance.catalog.frameworks import EARLIER_EDITION

    while key != earlier:
        found = our_cis_items(key).get(item, {}).get("same_as")
        if not found or key not in EARLIER_EDITION:
            return None
        key, item = EARLIER_EDITION[key], found
    return item


def item_key(item: str) -> tuple[int, ...]:
    return tuple(int(part) for part in item.split("."))


def prowler_checks(compliance: str, item: str) -> tuple[str, ...] | None:
    """The checks Prowler's mapping runs for ``item`` (sorted), None if it has no such item."""
    requirement = next((r for r in prowler_framework(compliance)["Requirements"]
                        if r["Id"] == item), None)
    return None if requirement is None else tuple(sorted(requirement["Checks"]))

