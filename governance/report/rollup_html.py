"""The organization roll-up as one self-contained HTML page: a compliance summary per
framework (item verdicts summed over accounts, with a chart), the accounts whose audit
failed with their one-line error, then matrices of accounts x framework items and accounts x
controls (a status cell each, sticky headers, scrolling both ways), a link to each
account's evidence.html, filters by status and a print stylesheet.

Frameworks in report order (REPORTED_FRAMEWORKS: the newest CIS edition first, whatever
order the file lists them in), each with its version and publication date (the file's, else
the framework file's). The input is the roll-up dict (``rollup.json``, schema
``governance.rollup/1``) that the organization audit writes; the layout, stylesheet and
macros are the per-account evidence page's (governance.report.rendering)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from governance.report.rendering import (
    STATUS_ORDER,
    edition_line,
    environment,
    ordered_counts,
    status_rank,
)

SCHEMA = "governance.rollup/1"
# Keys of summary.per_framework entries that are not verdict counts.
NOT_COUNTS = {"items", "compliant_accounts", "judged_items", "automatable_items"}


class RollupError(ValueError):
    """A roll-up dict this page cannot show: one line saying what is missing or wrong."""


def _require(data: dict[str, Any], key: str, kind: type, where: str) -> Any:
    value = data.get(key)
    if not isinstance(value, kind):
        raise RollupError(f"rollup: {where}{key} must be a {kind.__name__}, got {value!r:.60}")
    return value


def _item_ids(key: str, accounts: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(item id, title) in the framework file's order; ids no file lists (Security Hub,
    Config rules, a newer framework) after them, sorted."""
    from governance.catalog.frameworks import frameworks
    from governance.verdicts import _item_sort_key

    known = [(item.id, item.title) for item in frameworks()[key].items] \
        if key in frameworks() else []
    listed = {item_id for item_id, _ in known}
    seen = {item_id for account in accounts
            for item_id in (account.get("items") or {}).get(key, {})}
    extra = sorted(seen - listed, key=_item_sort_key)
    return known + [(item_id, item_id) for item_id in extra]


def _report_order(entries: list[Any]) -> list[dict[str, Any]]:
    """The roll-up's framework entries in report order: the reported frameworks as
    REPORTED_FRAMEWORKS lists them (newest CIS first), then any other key as the file has it."""
    from governance.catalog.frameworks import REPORTED_FRAMEWORKS

    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("key"), str):
            raise RollupError(f"rollup: frameworks[{number}] has no key")
    rank = {key: index for index, key in enumerate(REPORTED_FRAMEWORKS)}
    return sorted(entries, key=lambda entry: rank.get(entry["key"], len(rank)))


def _edition(entry: dict[str, Any]) -> str:
    """"Version v7.0.0 · published before ..." of a roll-up framework entry: its own
    ``version``/``published`` when it has them, else the framework file's."""
    from governance.catalog.frameworks import frameworks

    known = frameworks().get(entry["key"])
    version = entry.get("version") or (known.version if known else "")
    published = entry.get("published") or (known.published if known else "")
    return edition_line(str(version), str(published))


def build_view(rollup: dict[str, Any]) -> dict[str, Any]:
    """What the template shows, checked: a wrong schema or a missing part is one line."""
    if not isinstance(rollup, dict):
        raise RollupError(f"rollup: expected a dict (rollup.json), got {type(rollup).__name__}")
    if rollup.get("schema") != SCHEMA:
        raise RollupError(f"rollup: schema {rollup.get('schema')!r} is not {SCHEMA!r}")
    accounts = _require(rollup, "accounts", list, "")
    frameworks = _require(rollup, "frameworks", list, "")
    summary = _require(rollup, "summary", dict, "")
    for number, account in enumerate(accounts, 1):
        if not isinstance(account, dict) or not account.get("account_id"):
            raise RollupError(f"rollup: accounts[{number}] has no account_id")
    per_framework = summary.get("per_framework") or {}
    sections = []
    for framework in _report_order(frameworks):
        key = framework["key"]
        figures = per_framework.get(key, {})
        counts = {status: int(count) for status, count in figures.items()
                  if status not in NOT_COUNTS and count}
        sections.append({"key": key, "title": framework.get("title") or key,
                         "edition": _edition(framework),
                         "items": _item_ids(key, accounts), "counts": counts,
                         "total": sum(counts.values()), "item_count": figures.get("items"),
                         "compliant_accounts": figures.get("compliant_accounts"),
                         "judged_items": figures.get("judged_items"),
                         "automatable_items": figures.get("automatable_items")})
    ordered = sorted(accounts, key=lambda a: (status_rank(a.get("worst") or "ERROR"),
                                              a.get("ou_path") or "", a.get("name") or "",
                                              a["account_id"]))
    worst_counts = Counter(account.get("worst") or "ERROR" for account in accounts)
    return {
        "organization": rollup.get("organization") or {},
        "generated_at": rollup.get("generated_at", ""),
        "regions": rollup.get("regions") or [],
        "sections": sections,
        "controls": [(control["id"], control.get("title", "")) for control in
                     rollup.get("controls") or []],
        "accounts": ordered,
        "errored": [account for account in ordered if account.get("outcome") == "ERROR"],
        "summary": summary,
        "worst_counts": dict(ordered_counts(worst_counts)),
        "statuses": [status for status in STATUS_ORDER if worst_counts.get(status)]
        + sorted(status for status in worst_counts if status not in STATUS_ORDER),
    }


def render_rollup_html(rollup: dict[str, Any]) -> str:
    """The roll-up page for the dict of rollup.json (schema governance.rollup/1)."""
    return environment().get_template("rollup.html.j2").render(**build_view(rollup))
