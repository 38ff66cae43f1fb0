"""JSON findings: one object per finding with the control's metadata and framework ids."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from governance.catalog import catalog
from governance.model import AccountSnapshot, Finding
from governance.report.redact import redact


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


def render_json(findings: Iterable[Finding], snapshot: AccountSnapshot) -> str:
    return json.dumps({
        "account_id": snapshot.account_id,
        "caller_arn": snapshot.caller_arn,
        "collected_at": snapshot.collected_at,
        "findings": [finding_record(finding) for finding in findings],
    }, indent=2)
