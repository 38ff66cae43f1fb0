"""IAM (global): password policy, identities and policies in bulk, credential report."""

from __future__ import annotations

import csv
import io
import time
from datetime import datetime
from typing import Any

from governance.checks.root import CREDENTIAL_REPORT_TIME
from governance.collectors import global_reader

CREDENTIAL_REPORT_WAIT_SECONDS = 30.0


@global_reader
def read_iam(collector: Any, snapshot: Any) -> None:
    iam = collector.client("iam")
    collector.read(snapshot, "iam:GetAccountPasswordPolicy",
                   lambda: iam.get_account_password_policy()["PasswordPolicy"],
                   absent={"NoSuchEntity"})
    collector.read(snapshot, "iam:GetAccountAuthorizationDetails",
                   lambda: authorization_details(collector))
    started = datetime.fromisoformat(snapshot.collected_at)
    generated: dict[str, Any] = {}

    def rows() -> list[dict[str, str]]:
        report, info = credential_report(iam, started)
        generated.update(info)
        return report

    collector.read(snapshot, "iam:GetCredentialReport", rows)
    read = snapshot.reads["iam:GetCredentialReport"]
    # The report's time, kept beside its rows (which the checks read unchanged): the evidence
    # says how old the dates the checks judge are. A failed report read fails it too.
    snapshot.record(CREDENTIAL_REPORT_TIME, generated if read.error is None else None,
                    error=read.error, emulator_gap=read.emulator_gap)
    collector.read(snapshot, "iam:ListAccountAliases",
                   lambda: iam.list_account_aliases()["AccountAliases"])
    collector.read(snapshot, "iam:GetAccountSummary",
                   lambda: iam.get_account_summary()["SummaryMap"])


def authorization_details(collector: Any) -> dict[str, list[Any]]:
    """Users, groups, roles and customer managed policies, with every document, in bulk."""
    merged: dict[str, list[Any]] = {
        "UserDetailList": [], "GroupDetailList": [], "RoleDetailList": [], "Policies": [],
    }
    paginator = collector.client("iam").get_paginator("get_account_authorization_details")
    for page in paginator.paginate(Filter=["User", "Group", "Role", "LocalManagedPolicy"]):
        for key, items in merged.items():
            items.extend(page.get(key, []))
    return merged


def _generate(iam: Any) -> str:
    """Ask for a report and wait (bounded) until it is complete; the first state AWS gave."""
    deadline = time.monotonic() + CREDENTIAL_REPORT_WAIT_SECONDS
    pause = 0.1
    first = state = iam.generate_credential_report()["State"]
    while state != "COMPLETE":
        if time.monotonic() > deadline:
            raise TimeoutError(f"the credential report was not ready within "
                               f"{CREDENTIAL_REPORT_WAIT_SECONDS:g} s")
        time.sleep(pause)
        pause = min(pause * 2, 2.0)
        state = iam.generate_credential_report()["State"]
    return str(first)


def _generated_time(answer: dict[str, Any]) -> datetime:
    when = answer.get("GeneratedTime")
    if isinstance(when, str):
        when = datetime.fromisoformat(when.replace("Z", "+00:00"))
    if not isinstance(when, datetime):
        raise ValueError(f"GetCredentialReport answered no GeneratedTime ({when!r})")
    return when


def credential_report(iam: Any, started: datetime) -> tuple[list[dict[str, str]], dict[str, Any]]:
    """The report's rows and when it was made: ``GeneratedTime`` (ISO 8601),
    ``generated_for_audit`` (AWS generated it at this audit's request: it answered STARTED,
    whatever the clocks say) and ``regenerated`` (a newer one was asked for).

    GenerateCredentialReport answers COMPLETE at once while a report under 4 h old exists,
    and GetCredentialReport then serves that one: a cached report generated before the audit
    ``started`` is asked for once more (a generation under way is waited for, bounded); when
    AWS still serves the cached one, it is kept and the evidence shows its age as a warning."""
    generated_for_audit = _generate(iam) != "COMPLETE"
    answer = iam.get_credential_report()
    regenerated = False
    if not generated_for_audit and _generated_time(answer) < started:
        regenerated = True
        if _generate(iam) != "COMPLETE":  # a new report was generated: read it
            generated_for_audit = True
            answer = iam.get_credential_report()
    content = answer["Content"]
    text = content.decode("utf-8") if isinstance(content, bytes) else content
    return list(csv.DictReader(io.StringIO(text))), {
        "GeneratedTime": _generated_time(answer).isoformat(),
        "generated_for_audit": generated_for_audit, "regenerated": regenerated}
