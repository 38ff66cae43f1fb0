"""The credential report's GeneratedTime is kept (read ``iam:GetCredentialReport:GeneratedTime``
beside the rows): AWS serves a cached report up to 4 h old, so the collector asks for a new
one when the report predates the audit, waits (bounded) for a generation under way, and
otherwise keeps the cached one; the evidence (Markdown and HTML) and the checks that judge
last-use and rotation dates say when the report was generated and warn when it was before
the audit. On moto (whose report always says it was generated on 2015-02-02, a cached
report as AWS would serve one) and on hand-built snapshots."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from governance.checks import evaluate, run_check
from governance.checks.root import CREDENTIAL_REPORT_TIME, credential_report_age
from governance.collectors import iam as iam_collector
from governance.model import AccountSnapshot
from governance.report.evidence import render_html, render_markdown
from tests.support.html_tree import parse
from tests.support.snapshots import changed
from tests.unit.snapshots import compliant
from tests.unit.test_error_per_read import PASSING

DATED = ("iam-no-access-keys-at-setup", "iam-unused-credentials-disabled", "iam-access-keys-rotated")


def _moto_read(account: Any, hook: Any = None) -> tuple[AccountSnapshot, list[str]]:
    """The IAM reads of the real collector on a moto account, and the IAM calls it sent."""
    collector = account.collector()
    iam = collector.client("iam")
    sent: list[str] = []
    iam.meta.events.register("before-call.iam.*", lambda model, **kw: sent.append(model.name))
    if hook:
        iam.meta.events.register("after-call.iam.GetCredentialReport", hook)
    snapshot = AccountSnapshot(account_id=account.account_id, caller_arn="arn:aws:iam::x:root",
                               collected_at=datetime.now(UTC).isoformat(timespec="seconds"),
                               regions=[account.region], emulator_endpoint=collector.endpoint_url)
    iam_collector.read_iam(collector, snapshot)
    return snapshot, sent


def test_moto_cached_report_is_kept_with_its_time_and_shown_as_a_warning(sandbox_account):
    iam = sandbox_account.client("iam")
    iam.create_user(UserName="jane.doe")
    iam.generate_credential_report()  # a report made before the audit, as AWS caches one
    snapshot, sent = _moto_read(sandbox_account)
    assert [row["user"] for row in snapshot.get("iam:GetCredentialReport")] == ["jane.doe"]
    # it predates the run: a new one was asked for, moto (as AWS with a report under 4 h old)
    # answered COMPLETE at once, and the same report was not read twice
    assert snapshot.get(CREDENTIAL_REPORT_TIME) == {
        "GeneratedTime": "2015-02-02T20:02:02+00:00", "generated_for_audit": False,
        "regenerated": True}
    assert sent.count("GetCredentialReport") == 1 and sent.count("GenerateCredentialReport") == 2
    age = credential_report_age(snapshot)
    assert age["stale"] and "credential report generated 2015-02-02T20:02:02+00:00, " in age["text"]
    assert " before collection (warning" in age["text"]
    for control_id in DATED:
        (finding,) = run_check(control_id, snapshot)
        assert finding.evidence["credential_report"] == age["text"], control_id
    findings = evaluate(snapshot)
    assert "| Credential report | **Warning:** credential report generated 2015-02-02" in \
        render_markdown(findings, snapshot)
    shown = parse(render_html(findings, snapshot)).find("dd", id="credential-report")
    assert shown.attrs.get("data-stale") == "1" and "2015-02-02T20:02:02+00:00" in shown.text


def test_moto_report_generated_at_the_audits_request_has_no_warning(sandbox_account):
    """A fresh account has no report: moto answers STARTED, as AWS does, and the report is
    the audit's own whatever time moto writes on it (always 2015-02-02)."""
    snapshot, sent = _moto_read(sandbox_account)
    assert snapshot.get(CREDENTIAL_REPORT_TIME)["generated_for_audit"] is True
    assert "GenerateCredentialReport" not in sent[sent.index("GetCredentialReport"):]
    age = credential_report_age(snapshot)
    assert not age["stale"] and "(generated at this audit's request)" in age["text"]


def test_moto_cached_report_newer_than_the_run_is_not_asked_again(sandbox_account):
    def fresh(parsed: dict[str, Any], **_: Any) -> None:
        parsed["GeneratedTime"] = datetime.now(UTC) + timedelta(seconds=1)

    sandbox_account.client("iam").generate_credential_report()
    snapshot, sent = _moto_read(sandbox_account, fresh)
    assert snapshot.get(CREDENTIAL_REPORT_TIME)["regenerated"] is False
    assert sent.count("GenerateCredentialReport") == 1
    age = credential_report_age(snapshot)
    assert not age["stale"] and "during the collection" in age["text"]


def test_moto_denied_report_fails_its_time_too(sandbox_account):
    from harness.moto import deny

    with deny(sandbox_account.account_id, "iam:GetCredentialReport"):
        snapshot, _ = _moto_read(sandbox_account)
    assert snapshot.reads[CREDENTIAL_REPORT_TIME].error == snapshot.reads[
        "iam:GetCredentialReport"].error is not None


class FakeIam:
    """GenerateCredentialReport states and GetCredentialReport answers, in order."""

    def __init__(self, states: list[str], reports: list[datetime]) -> None:
        self.states, self.reports, self.gets = states, reports, 0

    def generate_credential_report(self) -> dict[str, str]:
        return {"State": self.states.pop(0) if len(self.states) > 1 else self.states[0]}

    def get_credential_report(self) -> dict[str, Any]:
        self.gets += 1
        return {"Content": b"user,arn\nalice,arn:aws:iam::1:user/alice\n",
                "GeneratedTime": self.reports.pop(0)}


START = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def test_a_stale_report_is_regenerated_when_aws_starts_a_new_one(monkeypatch):
    monkeypatch.setattr(iam_collector.time, "sleep", lambda _: None)
    fake = FakeIam(["COMPLETE", "STARTED", "INPROGRESS", "COMPLETE"],
                   [START - timedelta(hours=5), START + timedelta(seconds=20)])
    rows, info = iam_collector.credential_report(fake, START)
    assert (rows[0]["user"], fake.gets) == ("alice", 2)
    assert info == {"GeneratedTime": (START + timedelta(seconds=20)).isoformat(),
                    "generated_for_audit": True, "regenerated": True}


def test_a_report_that_never_completes_is_bounded(monkeypatch):
    monkeypatch.setattr(iam_collector, "CREDENTIAL_REPORT_WAIT_SECONDS", 0.05)
    with pytest.raises(TimeoutError, match=r"not ready within 0\.05 s"):
        iam_collector.credential_report(FakeIam(["STARTED"], []), START)


def _with_time(generated: str | None, snapshot: AccountSnapshot | None = None) -> AccountSnapshot:
    snapshot = snapshot or compliant()  # collected 2026-11-28T00:00:00Z
    if generated is None:
        del snapshot.reads[CREDENTIAL_REPORT_TIME]
        return snapshot
    when, _, requested = generated.partition(" ")
    return changed(snapshot, CREDENTIAL_REPORT_TIME, {
        "GeneratedTime": when, "regenerated": not requested,
        "generated_for_audit": bool(requested)})


@pytest.mark.parametrize(("generated", "stale", "text"), [
    ("2026-11-28T00:00:05+00:00", False, "generated 2026-11-28T00:00:05+00:00, during the"),
    ("2026-11-27T23:58:00+00:00 requested", False, "2 min before collection by the collector's "
                                                   "clock (generated at this audit's request)"),
    ("2026-11-27T20:30:00+00:00", True, "generated 2026-11-27T20:30:00+00:00, 3 h 30 min before "
                                        "collection (warning"),
    ("2026-11-27T23:59:30Z", True, "30 s before collection (warning"),
    (None, True, "generation time unknown (not recorded)"),
])
def test_report_age_in_checks_and_both_evidence_pages(generated, stale, text):
    snapshot = _with_time(generated)
    age = credential_report_age(snapshot)
    assert age["stale"] is stale and text in age["text"]
    for control_id in DATED:
        passing = _with_time(generated, PASSING[control_id]())
        assert passing.collected_at == snapshot.collected_at
        (finding,) = run_check(control_id, passing)
        assert finding.status.value == "PASS" and text in finding.evidence["credential_report"]
    findings = evaluate(snapshot)
    markdown = render_markdown(findings, snapshot)
    line = next(line for line in markdown.splitlines() if line.startswith("| Credential report |"))
    assert text in line.replace("\\", "") and ("**Warning:**" in line) is stale
    shown = parse(render_html(findings, snapshot)).find("dd", id="credential-report")
    assert text in shown.text and (shown.attrs.get("data-stale") == "1") is stale
