"""The organization roll-up as one self-contained HTML page (a plain table).

Minimal renderer with the shared signature; the evidence-HTML redesign replaces it.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, StrictUndefined, select_autoescape

TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Organization audit {{ rollup.organization.id or "" }}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 1.5rem; }
table { border-collapse: collapse; margin-bottom: 1.5rem; }
th, td { border: 1px solid #ccc; padding: .25rem .5rem; text-align: left; white-space: nowrap; }
.PASS { background: #d9f2d9; } .FAIL { background: #f7d4d4; } .ERROR { background: #f2c28c; }
</style></head><body>
<h1>Organization audit {{ rollup.organization.id or "" }}</h1>
<p>Management account {{ rollup.organization.management_account_id or "(unknown)" }};
regions {{ rollup.regions | join(", ") }}; generated {{ rollup.generated_at }}.
{{ rollup.summary.accounts }} accounts: {{ rollup.summary.audited }} audited,
{{ rollup.summary.errored }} errored.</p>
<h2>Compliance per framework</h2>
<table><tr><th>Framework</th><th>Items</th><th>Compliant accounts</th>
{% for s in statuses %}<th>{{ s }}</th>{% endfor %}</tr>
{% for f in rollup.frameworks if f.key in rollup.summary.per_framework %}
{% set t = rollup.summary.per_framework[f.key] %}
<tr><td>{{ f.title }}</td><td>{{ t["items"] }}</td>
<td>{{ t.compliant_accounts }}/{{ rollup.summary.accounts }}</td>
{% for s in statuses %}<td>{{ t.get(s, 0) }}</td>{% endfor %}</tr>
{% endfor %}</table>
<h2>Accounts</h2>
<table><tr><th>Account</th><th>Name</th><th>OU</th><th>Role</th><th>Outcome</th><th>Worst</th>
<th>Error</th><th>Evidence</th></tr>
{% for a in rollup.accounts %}
<tr><td>{{ a.account_id }}</td><td>{{ a.name }}</td><td>{{ a.ou_path }}</td><td>{{ a.role }}</td>
<td class="{{ a.outcome }}">{{ a.outcome }}</td><td class="{{ a.worst }}">{{ a.worst }}</td>
<td>{{ a.error or "" }}</td>
<td>{% if a.outcome == "AUDITED" %}<a href="{{ a.evidence.html }}">report</a>{% endif %}</td></tr>
{% endfor %}</table>
<h2>Controls x accounts</h2>
<table><tr><th>Control</th>{% for a in rollup.accounts %}<th>{{ a.account_id }}</th>{% endfor %}</tr>
{% for c in rollup.controls %}
<tr><td title="{{ c.title }}">{{ c.id }}</td>
{% for a in rollup.accounts %}
{% set s = a.controls.get(c.id, "ERROR" if a.outcome == "ERROR" else "-") %}
<td class="{{ s }}">{{ s }}</td>{% endfor %}</tr>
{% endfor %}</table>
</body></html>
"""

STATUSES = ("PASS", "FAIL", "ERROR", "MANUAL", "WAIVED", "NOT_PROVABLE", "NOT_ASSESSED")


def render_rollup_html(rollup: dict[str, Any]) -> str:
    """rollup.json's content as an HTML page: per-framework compliance, accounts, and the
    accounts x controls matrix."""
    environment = Environment(autoescape=select_autoescape(default=True, default_for_string=True),
                              undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return environment.from_string(TEMPLATE).render(rollup=rollup, statuses=STATUSES)
