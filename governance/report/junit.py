"""JUnit XML: one test case per finding, so CI systems show each control."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable

from governance.catalog import catalog
from governance.model import AccountSnapshot, Finding, Status
from governance.report.redact import redact_text


def render_junit(findings: Iterable[Finding], snapshot: AccountSnapshot) -> str:
    rows = list(findings)
    suite = ET.Element("testsuite", {
        "name": f"governance audit {snapshot.account_id}",
        "tests": str(len(rows)),
        "failures": str(sum(f.status is Status.FAIL for f in rows)),
        "errors": str(sum(f.status is Status.ERROR for f in rows)),
        "skipped": str(sum(f.status is Status.NOT_APPLICABLE for f in rows)),
        "timestamp": snapshot.collected_at,
    })
    for finding in rows:
        case = ET.SubElement(suite, "testcase", {
            "classname": f"governance.{finding.control_id}",
            "name": f"{finding.control_id} [{finding.region}:{finding.resource}]",
        })
        reason = redact_text(finding.reason)
        if finding.status is Status.FAIL:
            ET.SubElement(case, "failure", {"message": reason}).text = catalog()[
                finding.control_id].remediation
        elif finding.status is Status.ERROR:
            ET.SubElement(case, "error", {"message": reason})
        elif finding.status is Status.NOT_APPLICABLE:
            ET.SubElement(case, "skipped", {"message": reason})
        else:
            ET.SubElement(case, "system-out").text = reason
    suites = ET.Element("testsuites")
    suites.append(suite)
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True)
