"""Acceptance on a real account: one test per catalog control, read-only.

    pytest -m live --target aws --profile customer-readonly [--role-arn ...] --junitxml=...

The account is collected once (the same read-only collector as the CLI); each control is
then a test that passes only when every finding of the control is PASS (or not applicable).
"""

from __future__ import annotations

import pytest

from governance.catalog import catalog
from governance.model import Status


@pytest.fixture(scope="session")
def live_findings(request):
    config = request.config
    if config.getoption("--target") != "aws":
        pytest.fail("the live tier audits a real account: run it with --target aws "
                    "--profile P (make audit-live PROFILE=P)", pytrace=False)
    from governance.checks import evaluate
    from governance.collect import Collector
    from governance.session import SessionError, open_session

    try:
        session = open_session(config.getoption("--profile"), config.getoption("--role-arn"),
                               config.getoption("--external-id"))
    except SessionError as error:
        pytest.fail(str(error), pytrace=False)
    regions = config.getoption("--regions")
    collector = Collector(session, regions=regions.split(",") if regions else None)
    findings = evaluate(collector.collect())
    grouped: dict[str, list] = {}
    for finding in findings:
        grouped.setdefault(finding.control_id, []).append(finding)
    return grouped


@pytest.mark.parametrize("control_id", sorted(catalog()))
def test_control_holds_on_the_account(live_findings, control_id):
    findings = live_findings[control_id]
    errors = [f for f in findings if f.status is Status.ERROR]
    failures = [f for f in findings if f.status is Status.FAIL]
    if errors:
        pytest.fail(f"{control_id} ERROR: {errors[0].reason}", pytrace=False)
    assert not failures, f"{control_id} FAIL ({failures[0].region}): {failures[0].reason}"
