"""JSON findings: one object per finding with the control's metadata and framework ids
(newest CIS edition first, as every report orders them), and the Security Hub CSPM controls
that judge the CIS v5.0.0 items the finding answers (``securityhub_cis_v5``)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from governance.catalog import Control, catalog
from governance.catalog.frameworks import REPORTED_FRAMEWORKS, frameworks
from governance.exceptions import Waiver
from governance.model import AccountSnapshot, Finding
from governance.report.redact import redact
from governance.verdicts import item_verdicts

# The CIS edition whose items name the Security Hub CSPM controls of Security Hub's own
# standard (Security Hub CSPM's newest CIS standard is v5.0.0).
SECURITYHUB_CIS = "cis_aws_v5"


def ordered_frameworks(control: Control) -> dict[str, list[str]]:
    """The control's framework ids, key by key in report order (REPORTED_FRAMEWORKS: the
    newest CIS edition first), then the mapped-only keys (securityhub, config_rule)."""
    ids = control.frameworks.model_dump(mode="json")
    order = [*REPORTED_FRAMEWORKS, *(key for key in ids if key not in REPORTED_FRAMEWORKS)]
    return {key: ids[key] for key in order if key in ids}


def securityhub_cis_v5(control: Control) -> list[str]:
    """The Security Hub CSPM controls that judge, in Security Hub's CIS v5.0.0 standard, the
    v5.0.0 items this control answers (each once, in item order)."""
    edition = frameworks()[SECURITYHUB_CIS]
    found: list[str] = []
    for item_id in getattr(control.frameworks, SECURITYHUB_CIS):
        item = edition.item(item_id)
        found += [sh for sh in (item.securityhub if item else ()) if sh not in found]
    return found


def finding_record(finding: Finding) -> dict[str, Any]:
    control = catalog()[finding.control_id]
    return {
        "control_id": finding.control_id,
        "title": control.title,
        "status": finding.status.value,
        "severity": control.severity.value,
        "region": finding.region,
        "resource": finding.resource,
        "reason": redact(finding.reason),
        "evidence": redact(finding.evidence),
        "frameworks": ordered_frameworks(control),
        "securityhub_cis_v5": securityhub_cis_v5(control),
    }


def render_json(findings: Iterable[Finding], snapshot: AccountSnapshot, *,
                waivers: Iterable[Waiver] = (), expired: Iterable[Waiver] = ()) -> str:
    """Findings, then every framework item's own verdict (``items``: framework key, newest
    CIS edition first -> list of {item, title, status, controls, note, assessment, level,
    securityhub}: ``assessment`` and ``level`` are the benchmark's own, ``status`` this tool's
    verdict), the frameworks' versions and dates (``frameworks``), then exceptions that
    expired and were ignored;
    ``api_retries``: how many times the collector's calls were retried (throttling)."""
    findings = list(findings)
    items = item_verdicts(findings, waivers=waivers, account_id=snapshot.account_id)
    return json.dumps({
        "account_id": snapshot.account_id,
        "caller_arn": snapshot.caller_arn,
        "collected_at": snapshot.collected_at,
        "emulator_endpoint": snapshot.emulator_endpoint,
        "api_retries": snapshot.api_retries,
        "findings": [finding_record(finding) for finding in findings],
        "frameworks": {key: {"name": framework.name, "version": framework.version or None,
                             "published": framework.published or None}
                       for key, framework in frameworks().items()},
        "items": {key: [row.to_dict() for row in rows] for key, rows in items.items()},
        "expired_exceptions": [waiver.to_dict() for waiver in expired],
    }, indent=2)
