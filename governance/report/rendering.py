"""What the HTML and Markdown reports share: one jinja2 environment (the per-account evidence
and the organization roll-up extend one layout, use one stylesheet and one set of macros) and
how each status is shown (order, label, abbreviation)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

# Worst first: governance.model.SEVERITY_ORDER, with the item-only verdicts of
# governance.verdicts (MANUAL, NOT_ASSESSED: no finding judged the item) before PASS.
STATUS_ORDER = ("ERROR", "FAIL", "NOT_PROVABLE", "WAIVED", "MANUAL", "NOT_ASSESSED", "PASS",
                "NOT_APPLICABLE")
STATUS_LABELS = {"PASS": "PASS", "FAIL": "FAIL", "ERROR": "ERROR", "WAIVED": "waived",
                 "NOT_PROVABLE": "not provable", "MANUAL": "manual",
                 "NOT_ASSESSED": "not assessed", "NOT_APPLICABLE": "not applicable"}
# One or two letters for the compact cells of the roll-up matrix (the colour is never the only
# sign: print and colour-blind readers get the letters).
STATUS_ABBREVIATIONS = {"PASS": "P", "FAIL": "F", "ERROR": "E", "WAIVED": "W",
                        "NOT_PROVABLE": "NP", "MANUAL": "M", "NOT_ASSESSED": "?",
                        "NOT_APPLICABLE": "-"}


def framework_title(name: str, version: str) -> str:
    """A framework's name with its version (``CIS ... Benchmark v7.0.0``), the version added
    when the name does not say it already."""
    return f"{name} {version}" if version and version not in name else name


def edition_line(version: str, published: str) -> str:
    """"Version v7.0.0 · published before 2026-04-14 (...)"; empty when neither is known."""
    parts = [f"Version {version}" if version else "",
             f"published {published}" if published else ""]
    return " · ".join(part for part in parts if part)


def status_rank(status: str) -> int:
    return STATUS_ORDER.index(status) if status in STATUS_ORDER else len(STATUS_ORDER)


def ordered_counts(counts: Mapping[str, int]) -> list[tuple[str, int]]:
    """(status, count) pairs with a count, worst first (unknown statuses last, by name)."""
    return sorted(((status, count) for status, count in counts.items() if count),
                  key=lambda pair: (status_rank(pair[0]), pair[0]))


# What makes Markdown (CommonMark, GFM tables and strikethrough) out of text: links and
# images ([ ] !; a "(" makes nothing without them), raw HTML and autolinks (< >), code (`),
# emphasis (* ~, and _ unless between letters or digits, where CommonMark never reads it),
# table cells (|), an entity (&name; or &#n;) and the escape itself. Each is backslash-escaped
# (CommonMark shows the character itself); a line break becomes a space, so a value stays on
# its line.
_MARKDOWN_SPECIAL = re.compile(r"[\\`*\[\]<>!|~]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|&(?=#?\w+;)")
_LINE_BREAKS = re.compile(r"[\r\n\v\f\x85\u2028\u2029]+")
# What starts a block when it opens a line (a list item's text included): a heading, a
# list item, a setext underline or thematic break ("> " and "* " are escaped anyway).
_BLOCK_START = re.compile(r"^(\s*)(#{1,6}(?=\s|$)|[+=\-](?=[\s=\-]|$)|\d{1,9}(?=[.)](?:\s|$)))")
ACCOUNT_ID = re.compile(r"[0-9]{12}")


def markdown_text(value: Any, *, code: bool = False) -> str:
    """``value`` as Markdown text that renders as exactly itself: no link, image, HTML,
    emphasis or table cell break survives, whatever an AWS-side name holds. ``code``: as a
    code span (a backtick fence longer than any run inside, which CommonMark cannot close
    early). Every value the Markdown reports interpolate goes through here (filter ``md``)."""
    text = _LINE_BREAKS.sub(" ", "" if value is None else str(value))
    if code:
        fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
        # a cell break is still a cell break inside a GFM table code span
        inner = text.replace("|", "\\|")
        pad = " " if "`" in text else ""
        return f"{fence}{pad}{inner}{pad}{fence}"
    text = _MARKDOWN_SPECIAL.sub(lambda m: "\\" + m.group(), text)
    return _BLOCK_START.sub(lambda m: f"{m.group(1)}{m.group(2)}\\" if m.group(2)[0].isdigit()
                            else f"{m.group(1)}\\{m.group(2)}", text)


def account_page(account_id: Any, name: str = "evidence.html") -> str:
    """The link to an audited account's page, built from its id alone (``accounts/<id>/``):
    never from a path a summary.json holds, which a tampered file could point anywhere.
    Empty for an id that is not 12 digits."""
    if not isinstance(account_id, str) or not ACCOUNT_ID.fullmatch(account_id):
        return ""
    return f"accounts/{account_id}/{name}"


@cache
def environment() -> Environment:
    """Autoescaping for every ``*.html.j2`` template (and what they include)."""
    env = Environment(loader=PackageLoader("governance.report", "templates"),
                      autoescape=select_autoescape(["html", "html.j2"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    globals_: dict[str, Any] = {"STATUS_ORDER": STATUS_ORDER, "STATUS_LABELS": STATUS_LABELS,
                                "STATUS_ABBREVIATIONS": STATUS_ABBREVIATIONS}
    env.globals.update(globals_)
    env.filters["ordered_counts"] = ordered_counts
    env.filters["md"] = markdown_text
    env.filters["account_page"] = account_page
    env.globals["edition_line"] = edition_line
    return env
