"""The organization's evidence document: the partner checklist over every account, as one
self-contained HTML page made to be printed (and printed to rollup.pdf when asked).

A cover (organization, management account, when, regions, accounts audited, the benchmark
versions, the requirements with their counts, the accounts that could not be audited), then a
section per partner checklist item in the framework file's order: the item's title, what was
verified (its ``audit`` text), how many accounts got each verdict, and a table of the accounts
(id, name, OU path, verdict, a link to that account's own evidence document). An account whose
audit failed is ERROR on every item, with its one-line error. An appendix gives, per
framework, each item's count of accounts per verdict (counted the same way).

The input is the roll-up dict (``rollup.json``, schema ``governance.rollup/1``); it is checked
as the roll-up page checks it (:class:`governance.report.rollup_html.RollupError`, one line).
Links are built from each account's 12-digit id (``accounts/<id>/evidence-document.html``,
at that requirement's section ``#req-<item>``), never from a path its summary.json holds.
The look (cover, a page per requirement, A4 portrait, the page footer) is the per-account
document's (templates/_document.css)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from governance.report.rendering import (
    STATUS_LABELS,
    account_page,
    environment,
    framework_title,
    status_rank,
)
from governance.report.rollup_html import RollupError, build_view

CHECKLIST = "partner_checklist"
DOCUMENT = "evidence-document.html"
PDF = "evidence.pdf"
# An audited account whose summary has no verdict for the item (a roll-up of summaries
# written before the framework existed): shown as such, never as a verdict.
NO_VERDICT = "NO_VERDICT"
LABELS = {**STATUS_LABELS, NO_VERDICT: "no verdict"}


def _items_of(account: dict[str, Any], number: int) -> dict[str, dict[str, str]]:
    items = account.get("items") or {}
    if not isinstance(items, dict) or not all(isinstance(v, dict) for v in items.values()):
        raise RollupError(f"rollup: accounts[{number}].items must map each framework to "
                          "its item verdicts")
    return items


def _row(account: dict[str, Any]) -> dict[str, str]:
    """What a table row shows of an account; its links only for an audited account whose
    summary says the document (the PDF) was written, built from its id alone."""
    evidence = account.get("evidence")
    written = evidence if isinstance(evidence, dict) and account.get("outcome") == "AUDITED" \
        else {}
    return {"account_id": str(account["account_id"]), "name": str(account.get("name") or ""),
            "ou_path": str(account.get("ou_path") or ""),
            "role": str(account.get("role") or ""),
            "error": "" if account.get("outcome") == "AUDITED"
            else str(account.get("error") or "no reason given"),
            "document": account_page(account["account_id"], DOCUMENT)
            if written.get("document") else "",
            "pdf": account_page(account["account_id"], PDF) if written.get("pdf") else ""}


def verdict(account: dict[str, Any], items: dict[str, dict[str, str]], key: str,
            item_id: str) -> str:
    """An account's verdict on one item: ERROR for an account whose audit failed."""
    if account.get("outcome") != "AUDITED":
        return "ERROR"
    status = items.get(key, {}).get(item_id)
    return status if isinstance(status, str) and status else NO_VERDICT


def _ordered_statuses(statuses: set[str]) -> list[str]:
    return sorted(statuses, key=lambda status: (status_rank(status), status))


def _requirements(accounts: list[dict[str, Any]], items: list[dict[str, dict[str, str]]],
                  shown: list[dict[str, str]]) -> list[dict[str, Any]]:
    """A section per checklist item, in the file's order: its accounts worst verdict first."""
    from governance.catalog.frameworks import frameworks

    sections = []
    for item in frameworks()[CHECKLIST].items:
        rows = [(verdict(account, found, CHECKLIST, item.id), row)
                for account, found, row in zip(accounts, items, shown, strict=True)]
        rows.sort(key=lambda pair: (status_rank(pair[0]), pair[1]["ou_path"], pair[1]["name"],
                                    pair[1]["account_id"]))
        counts = Counter(status for status, _ in rows)
        sections.append({"id": item.id, "title": item.title, "audit": item.audit,
                         "counts": [(status, counts[status])
                                    for status in _ordered_statuses(set(counts))],
                         "rows": rows})
    return sections


def _appendix(sections: list[dict[str, Any]], accounts: list[dict[str, Any]],
              items: list[dict[str, dict[str, str]]]) -> list[dict[str, Any]]:
    """Per framework (report order): each item's count of accounts per verdict."""
    appendix = []
    for section in sections:
        key = section["key"]
        rows = []
        for item_id, title in section["items"]:
            counts = Counter(verdict(account, found, key, item_id)
                             for account, found in zip(accounts, items, strict=True))
            rows.append({"id": item_id, "title": title, "counts": counts})
        statuses = _ordered_statuses({status for row in rows for status in row["counts"]})
        appendix.append({"key": key, "title": section["title"], "edition": section["edition"],
                         "statuses": statuses, "rows": rows})
    return appendix


def build_document(rollup: dict[str, Any]) -> dict[str, Any]:
    """What the template shows, checked: a wrong schema or a missing part is one line."""
    from governance.report.document import css_string

    view = build_view(rollup)
    accounts = rollup["accounts"]
    items = [_items_of(account, number) for number, account in enumerate(accounts, 1)]
    summary = view["summary"]
    return {
        "organization": view["organization"],
        "generated_at": view["generated_at"],
        "regions": view["regions"],
        "accounts": len(accounts),
        "audited": sum(account.get("outcome") == "AUDITED" for account in accounts),
        "errored": [_row(account) for account in view["errored"]],
        "summary": summary,
        "editions": [_edition(section["key"], section["title"]) for section in view["sections"]],
        "checklist_name": _checklist_name(),
        "requirements": _requirements(accounts, items, [_row(account) for account in accounts]),
        "appendix": _appendix(view["sections"], accounts, items),
        "page_footer": css_string(f"Organization {view['organization'].get('id') or ''} · "
                                  f"partner checklist evidence · generated "
                                  f"{view['generated_at']}"),
    }


def _edition(key: str, title: str) -> tuple[str, str]:
    """(the framework's title with its version, "published ...") of a roll-up framework."""
    from governance.catalog.frameworks import frameworks

    known = frameworks().get(key)
    if known is None:
        return title, ""
    return (framework_title(title, known.version),
            f"published {known.published}" if known.published else "")


def _checklist_name() -> str:
    from governance.catalog.frameworks import frameworks

    return frameworks()[CHECKLIST].name


def render_rollup_document(rollup: dict[str, Any]) -> str:
    """The organization's evidence document for the dict of rollup.json."""
    return environment().get_template("rollup_document.html.j2").render(
        **build_document(rollup), LABELS=LABELS, DOCUMENT=DOCUMENT, PDF=PDF)
