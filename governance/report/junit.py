"""JUnit XML: one test case per finding, so CI systems show each control."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable

from governance.catalog import catalog
from governance.exceptions import Waiver
from governance.model import AccountSnapshot, Finding, Status
from governance.report.redact import redact_text


def render_junit(findings: Iterable[Finding], snapshot: AccountSnapshot, *,
                 waivers: Iterable[Waiver] = (), expired: Iterable[Waiver] = ()) -> str:
    """Two suites: one test case per finding, and one per framework item (its own
    verdict). FAIL is a failure, ERROR an error; N/A, NOT_PROVABLE, WAIVED and MANUAL are
    skipped with their reason (never passed)."""
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
        elif finding.status is not Status.PASS:
            ET.SubElement(case, "skipped", {"message": f"{finding.status.value}: {reason}"})
        else:
            ET.SubElement(case, "system-out").text = reason
    suites = ET.Element("testsuites")
    suites.append(suite)
    suites.append(_items_suite(rows, snapshot, waivers))
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True)


def _items_suite(findings: list[Finding], snapshot: AccountSnapshot,
                 waivers: Iterable[Waiver]) -> ET.Element:
    from governance.verdicts import item_verdicts

    verdicts = item_verdicts(findings, waivers=waivers, account_id=snapshot.account_id)
    judged = [row for rows in verdicts.values() for row in rows if row.findings]
    suite = ET.Element("testsuite", {
        "name": f"framework items {snapshot.account_id}",
        "tests": str(len(judged)),
        "failures": str(sum(row.status == "FAIL" for row in judged)),
        "errors": str(sum(row.status == "ERROR" for row in judged)),
        "skipped": str(sum(row.status not in ("PASS", "FAIL", "ERROR") for row in judged)),
        "timestamp": snapshot.collected_at,
    })
    for row in judged:
        case = ET.SubElement(suite, "testcase", {"classname": f"framework.{row.framework}",
                                                 "name": f"{row.item_id} {row.title}"})
        reasons = "; ".join(redact_text(f"{f.control_id}: {f.reason}") for f in row.findings
                            if f.status.value == row.status)[:2000]
        if row.status == "FAIL":
            ET.SubElement(case, "failure", {"message": reasons})
        elif row.status == "ERROR":
            ET.SubElement(case, "error", {"message": reasons})
        elif row.status != "PASS":
            ET.SubElement(case, "skipped", {"message": f"{row.status}: {reasons}"})
    return suite
