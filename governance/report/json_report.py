"""JSON findings: one object per finding with the control's metadata and framework ids."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from governance.catalog import catalog
from governance.exceptions import Waiver
from governance.model import AccountSnapshot, Finding
from governance.report.redact import redact
from governance.verdicts import item_verdicts


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
        "frameworks": control.frameworks.model_dump(mode="json"),
    }


def render_json(findings: Iterable[Finding], snapshot: AccountSnapshot, *,
                waivers: Iterable[Waiver] = (), expired: Iterable[Waiver] = ()) -> str:
    """Findings, then every framework item's own verdict (``items``: framework key -> list
    of {item, title, status, controls}), then exceptions that expired and were ignored;
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
        "items": {key: [row.to_dict() for row in rows] for key, rows in items.items()},
        "expired_exceptions": [waiver.to_dict() for waiver in expired],
    }, indent=2)
