"""Benchmark: the organization roll-up page at 500 and 1,000 accounts, rendered and laid out.

    .venv/bin/python -m bench.bench_rollup_render [--sizes 500,1000]

For each size, a synthetic roll-up (schema governance.rollup/1: every framework and control
of the catalog, each account's verdicts cycling through PASS, FAIL, WAIVED and MANUAL, one
account in fifty not audited) is rendered by governance.report.rollup_html and opened in
headless Chromium (harness/browser.py), which scrolls the accounts x items matrix to its
bottom right corner. Measured: render seconds, page size, Chromium seconds; recorded: whether
the item header row and the account column stayed in view, as the unit test proves at 60
accounts (tests/unit/test_rollup_html.py, which ran this at 500 accounts before: 22 s of the
unit tier). Writes bench/results/rollup-render.md and .json.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
STATUSES = ("PASS", "FAIL", "WAIVED", "PASS", "MANUAL", "PASS")
ERROR_EVERY = 50  # one account in fifty could not be audited

PROBE_STICKY = """
var matrix = document.querySelector("table.matrix");
var wrap = matrix.parentElement;
wrap.scrollIntoView();
var th = matrix.querySelectorAll("thead th.col")[0];
var rows = matrix.querySelectorAll("tbody tr");
var account = rows[rows.length - 1].querySelector("th.account");
var headerTop = th.getBoundingClientRect().top;
wrap.scrollTop = wrap.scrollHeight;
wrap.scrollLeft = wrap.scrollWidth;
return {rows: rows.length, scrolledDown: wrap.scrollTop, scrolledRight: wrap.scrollLeft,
        headerMoved: th.getBoundingClientRect().top - headerTop,
        accountColumnMoved: account.getBoundingClientRect().left
          - wrap.getBoundingClientRect().left - 1,
        boxHeight: wrap.getBoundingClientRect().height};
"""


def synthetic_rollup(count: int) -> dict[str, Any]:
    """A roll-up of ``count`` accounts over the whole catalog, deterministic."""
    from governance.catalog import catalog
    from governance.catalog.frameworks import frameworks

    controls = list(catalog().values())
    accounts = []
    for number in range(count):
        account_id = f"{100000000000 + number:012d}"
        name = f"account-{number:04d}"
        if number % ERROR_EVERY == ERROR_EVERY - 1:
            accounts.append({
                "account_id": account_id, "name": name, "email": f"aws+{name}@example.com",
                "ou_path": "Root/Legacy", "role": "member", "outcome": "ERROR",
                "error": f"AccessDenied: sts:AssumeRole on arn:aws:iam::{account_id}:role/"
                         "OrganizationAccountAccessRole", "worst": "ERROR", "controls": {},
                "items": {}, "counts": {}, "evidence": {}})
            continue
        status = {c.id: STATUSES[(number + position) % len(STATUSES)]
                  for position, c in enumerate(controls)}
        items = {key: {item.id: STATUSES[(number + position) % len(STATUSES)]
                       for position, item in enumerate(framework.items)}
                 for key, framework in frameworks().items()}
        counts: dict[str, int] = {}
        for value in status.values():
            counts[value] = counts.get(value, 0) + 1
        accounts.append({
            "account_id": account_id, "name": name, "email": f"aws+{name}@example.com",
            "ou_path": "Root/Workloads", "role": "member", "outcome": "AUDITED", "error": None,
            "worst": "FAIL" if "FAIL" in counts else "PASS", "controls": status,
            "items": items, "counts": counts,
            "evidence": {"html": f"accounts/{account_id}/evidence.html",
                         "json": f"accounts/{account_id}/findings.json"}})
    audited = [a for a in accounts if a["outcome"] == "AUDITED"]
    per_framework = {}
    for key, framework in frameworks().items():
        figures = {s: sum(1 for a in audited for v in a["items"][key].values() if v == s)
                   for s in ("PASS", "FAIL", "ERROR", "MANUAL", "WAIVED", "NOT_PROVABLE",
                             "NOT_ASSESSED")}
        compliant = sum(1 for a in audited if "FAIL" not in a["items"][key].values())
        per_framework[key] = {"items": len(framework.items), "compliant_accounts": compliant,
                              **figures}
    return {
        "schema": "governance.rollup/1", "generated_at": "2026-12-07T00:00:00+00:00",
        "organization": {"id": "o-bench000000", "management_account_id": accounts[0]["account_id"]},
        "regions": ["us-east-1", "eu-west-1"],
        "frameworks": [{"key": key, "title": framework.name}
                       for key, framework in frameworks().items()],
        "controls": [{"id": c.id, "title": c.title, "severity": c.severity.value}
                     for c in controls],
        "accounts": accounts,
        "summary": {"accounts": count, "audited": len(audited),
                    "errored": count - len(audited), "per_framework": per_framework},
    }


def measure(count: int, folder: Path) -> dict[str, Any]:
    from governance.report.rollup_html import render_rollup_html
    from harness.browser import probe

    rollup = synthetic_rollup(count)
    started = time.perf_counter()
    html = render_rollup_html(rollup)
    rendered = time.perf_counter() - started
    page = folder / f"rollup-{count}.html"
    page.write_text(html)
    started = time.perf_counter()
    seen = probe(page, PROBE_STICKY, timeout=300, window=(1280, 1000))
    laid_out = time.perf_counter() - started
    return {"accounts": count, "render_s": round(rendered, 2), "html_mb": round(len(html) / 1e6, 1),
            "chromium_s": round(laid_out, 1), "rows": seen["rows"],
            "header_and_account_column_in_view": seen["headerMoved"] == 0
            and seen["accountColumnMoved"] == 0 and seen["scrolledDown"] > 0,
            "box_height": round(seen["boxHeight"])}


def report(results: list[dict[str, Any]]) -> str:
    lines = ["# Roll-up page at scale: render and lay out", "",
             f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} with "
             "`bench/bench_rollup_render.py` (one run each, shared machine: wall seconds).", "",
             "| accounts | render s | page MB | Chromium s (load, scroll, probe) | rows | "
             "header row and account column in view | matrix box px |",
             "|---|---|---|---|---|---|---|"]
    lines += [f"| {r['accounts']} | {r['render_s']} | {r['html_mb']} | {r['chromium_s']} | "
              f"{r['rows']} | {'yes' if r['header_and_account_column_in_view'] else 'NO'} | "
              f"{r['box_height']} |" for r in results]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="500,1000",
                        help="comma-separated account counts (default 500,1000)")
    args = parser.parse_args()
    try:
        sizes = [int(size) for size in args.sizes.split(",")]
        if any(size < 1 for size in sizes):
            raise ValueError(args.sizes)
    except ValueError:
        print(f"error: --sizes {args.sizes!r} is not a list of positive counts",
              file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="governance-bench-rollup-") as scratch:
        results = []
        for size in sizes:
            results.append(measure(size, Path(scratch)))
            print(json.dumps(results[-1]), flush=True)
    text = report(results)
    print(text)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "rollup-render.md").write_text(text)
    (RESULTS / "rollup-render.json").write_text(json.dumps(results, indent=2))
    return 0 if all(r["header_and_account_column_in_view"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
