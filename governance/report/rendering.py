"""What the HTML and Markdown reports share: one jinja2 environment (the per-account evidence
and the organization roll-up extend one layout, use one stylesheet and one set of macros) and
how each status is shown (order, label, abbreviation)."""

from __future__ import annotations

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


def status_rank(status: str) -> int:
    return STATUS_ORDER.index(status) if status in STATUS_ORDER else len(STATUS_ORDER)


def ordered_counts(counts: Mapping[str, int]) -> list[tuple[str, int]]:
    """(status, count) pairs with a count, worst first (unknown statuses last, by name)."""
    return sorted(((status, count) for status, count in counts.items() if count),
                  key=lambda pair: (status_rank(pair[0]), pair[0]))


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
    return env
