"""The unit of work of an organization audit: one account, start to finish.

:func:`audit_account` is a plain module-level function of plain data (picklable), so local
threads, a Dask worker, or one container per account (``python -m governance
audit-account``) run the same code. It assumes the member role (the management account is
read with the caller's own credentials), collects with the existing Collector, evaluates
the catalog, applies the exceptions, writes the evidence set to
``<output>/accounts/<id>/`` and a ``done`` marker last, and returns a small summary. It
never raises: any failure is the account's ERROR, written to its ``summary.json``.

Files per account: snapshot.json, findings.json, findings.junit.xml, evidence.md,
evidence.html, evidence-document.html (the account's evidence document, a section per
partner checklist item), evidence.pdf (that document printed, only when
``settings["document_pdf"]``: ``--format document``), summary.json (what the roll-up reads)
and ``done`` (only for an audited account: ``--resume`` skips those; an errored account is
tried again). summary.json carries ``settings_hash`` (:func:`settings_fingerprint`):
``--resume`` re-audits an account done under other settings, and one done without its PDF
when the PDF is asked for. A PDF that cannot be printed is the account's ERROR ("cannot
print the evidence PDF: ..."): the evidence asked for is not all there.

Each unit has a deadline (``account_deadline`` seconds, default
:data:`DEFAULT_ACCOUNT_DEADLINE`) and may be told to stop (Ctrl-C): both are checked before
every API call of the account, so the unit ends at its next call as ERROR "timed out after
N s" or "interrupted".
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from governance.audit import FILES, PDF_FILE

SUMMARY = "summary.json"
DONE = "done"
SCHEMA = "governance.account-summary/1"
# What the unit returns (the whole summary, with every control and item, stays on disk).
RETURNED = ("account_id", "outcome", "error", "worst", "counts", "api_calls", "seconds")
DEFAULT_ACCOUNT_DEADLINE = 900.0
INTERRUPTED = "interrupted"
# The settings that change an account's verdicts (not where it is written, nor how fast).
FINGERPRINTED = ("member_role", "external_id", "endpoint_url", "regions", "home_region",
                 "controls", "caller_account_id", "partition")
# The fingerprint's suffix for a run that prints each account's PDF (not a verdict setting:
# a run asking for no PDF takes an account done with one as done).
WITH_PDF = "+pdf"
DOCUMENT = FILES["document"]  # evidence-document.html
PDF = PDF_FILE  # evidence.pdf
# The evidence set each account gets (governance.audit.FILES names the files), in this order.
EVIDENCE_FORMATS = ("json", "junit", "markdown", "html", "document")
# Chromium processes one worker process runs at a time (each prints one account's PDF).
PDF_PRINTS = threading.BoundedSemaphore(2)


class AuditStopped(Exception):
    """The unit must end now: its deadline passed or the run was interrupted."""


class EvidenceIncomplete(Exception):
    """A file the run asked for could not be written (the account's PDF): one line."""


class Deadline:
    """When one account's unit must end: ``seconds`` after it started (by ``clock``), or as
    soon as ``stop`` is set. :meth:`check` raises :class:`AuditStopped` then."""

    def __init__(self, seconds: float | None, stop: threading.Event | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self.stop = stop
        self.clock = clock
        self.ends = clock() + seconds if seconds else None

    def check(self, **_: Any) -> None:
        if self.stop is not None and self.stop.is_set():
            raise AuditStopped(INTERRUPTED)
        if self.ends is not None and self.clock() > self.ends:
            raise AuditStopped(f"timed out after {self.seconds:g} s")


def settings_fingerprint(settings: dict[str, Any]) -> str:
    """A hash of the settings that change verdicts, the exceptions file's content included;
    :data:`WITH_PDF` after it when the run prints each account's PDF."""
    chosen: dict[str, Any] = {key: settings.get(key) for key in FINGERPRINTED}
    exceptions = settings.get("exceptions")
    if exceptions:
        try:
            chosen["exceptions"] = hashlib.sha256(Path(exceptions).read_bytes()).hexdigest()
        except OSError:
            chosen["exceptions"] = f"unreadable {exceptions}"
    text = json.dumps(chosen, sort_keys=True, default=str)
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    return digest + WITH_PDF if settings.get("document_pdf") else digest


def _same_settings(stored: Any, fingerprint: str) -> bool:
    """An account audited under ``stored`` serves a run under ``fingerprint``: the same
    verdict settings, and its PDF printed if this run prints them."""
    if not isinstance(stored, str):
        return False
    want, _, want_pdf = fingerprint.partition("+")
    have, _, have_pdf = stored.partition("+")
    return want == have and (not want_pdf or want_pdf == have_pdf)


def account_dir(output: str | Path, account_id: str) -> Path:
    return Path(output) / "accounts" / account_id


def is_done(output: str | Path, account_id: str, fingerprint: str | None = None) -> bool:
    """The account has its done marker (and, given ``fingerprint``, was audited under the
    settings it names: :func:`_same_settings`)."""
    directory = account_dir(output, account_id)
    if not (directory / DONE).exists():
        return False
    if fingerprint is None:
        return True
    try:
        return _same_settings(json.loads((directory / SUMMARY).read_text()).get("settings_hash"),
                              fingerprint)
    except (OSError, ValueError, AttributeError):
        return False


def _write(path: Path, text: str) -> None:
    """Write through a temporary name, so a reader never sees half a file."""
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text)
    os.replace(partial, path)


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 400 else text[:397] + "..."


def _classify(error: BaseException) -> str:
    """A short prefix naming what went wrong, for the roll-up's one-line error."""
    text = str(error)
    if "Throttl" in text or "Rate exceeded" in text or "TooManyRequests" in text:
        return "throttled out"
    if "AccountSuspended" in text or "SUSPENDED" in text or "suspended" in text:
        return "suspended"
    if "AccessDenied" in text or "not authorized" in text:
        return "access denied (member role missing or not assumable)"
    return "audit failed"


def _session(account: dict[str, Any], settings: dict[str, Any]) -> Any:
    from governance.session import open_session

    role_arn = None
    if not (account.get("role") == "management"
            and settings.get("caller_account_id") == account["account_id"]):
        role_arn = (f"arn:{settings.get('partition', 'aws')}:iam::{account['account_id']}:role/"
                    f"{settings['member_role']}")
    return open_session(settings.get("profile"), role_arn, settings.get("external_id"),
                        settings.get("endpoint_url"), settings.get("home_region"))


def _summary(account: dict[str, Any], findings: list[Any], waivers: list[Any],
             api_calls: int, seconds: float) -> dict[str, Any]:
    from governance.model import worst
    from governance.verdicts import item_verdicts

    controls: dict[str, list[Any]] = {}
    for finding in findings:
        controls.setdefault(finding.control_id, []).append(finding.status)
    items = item_verdicts(findings, waivers=waivers, account_id=account["account_id"])
    return {
        **_identity(account),
        "outcome": "AUDITED",
        "error": None,
        "worst": worst(f.status for f in findings).value if findings else "NOT_APPLICABLE",
        "controls": {control: worst(statuses).value for control, statuses in controls.items()},
        "items": {key: {row.item_id: row.status for row in rows} for key, rows in items.items()},
        "counts": dict(Counter(f.status.value for f in findings)),
        "api_calls": api_calls,
        "seconds": round(seconds, 3),
    }


def _identity(account: dict[str, Any]) -> dict[str, Any]:
    account_id = account["account_id"]
    return {
        "schema": SCHEMA,
        "account_id": account_id,
        "name": account.get("name", ""),
        "email": account.get("email", ""),
        "ou_path": account.get("ou_path", ""),
        "role": account.get("role", "member"),
        "evidence": {"html": f"accounts/{account_id}/evidence.html",
                     "json": f"accounts/{account_id}/findings.json"},
    }


def error_summary(account: dict[str, Any], error: str, seconds: float = 0.0,
                  api_calls: int = 0) -> dict[str, Any]:
    return {**_identity(account), "outcome": "ERROR", "error": error, "worst": "ERROR",
            "controls": {}, "items": {}, "counts": {}, "api_calls": api_calls,
            "seconds": round(seconds, 3)}


def record_error(output: str | Path, account: dict[str, Any], error: str) -> dict[str, Any]:
    """Write an ERROR summary for an account whose unit could not run (e.g. a lost worker)."""
    directory = account_dir(output, account["account_id"])
    directory.mkdir(parents=True, exist_ok=True)
    (directory / DONE).unlink(missing_ok=True)
    summary = error_summary(account, error)
    _write(directory / SUMMARY, json.dumps(summary, indent=1))
    return {key: summary[key] for key in RETURNED}


def audit_account(account: dict[str, Any] | str, settings: dict[str, Any], *,
                  stop: threading.Event | None = None,
                  clock: Callable[[], float] = time.monotonic) -> dict[str, Any]:
    """Audit one account and write its evidence set; return its small summary.

    ``account``: an account id, or a dict with account_id, name, email, ou_path, role
    ("management" or "member"). Returns account_id, outcome, error, worst, counts,
    api_calls and seconds. ``settings`` (plain data): output (directory), member_role,
    external_id, profile, endpoint_url, regions (list or None), home_region, controls (list
    or None), exceptions (a path or None), caller_account_id, partition, account_deadline
    (seconds, None for the default, 0 for none). ``stop``: set it to end the unit at its next
    API call (ERROR "interrupted"). Never raises.
    """
    if isinstance(account, str):
        account = {"account_id": account, "role": "member"}
    started = time.perf_counter()
    directory = account_dir(settings["output"], account["account_id"])
    calls = Counter[str]()
    limit = settings.get("account_deadline")
    deadline = Deadline(DEFAULT_ACCOUNT_DEADLINE if limit is None else float(limit), stop, clock)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        (directory / DONE).unlink(missing_ok=True)
        summary = _audit(account, settings, directory, calls, deadline)
    except Exception as error:  # one account's failure is that account's ERROR, never the run's
        reason = str(error) if isinstance(error, AuditStopped | EvidenceIncomplete) else \
            f"{_classify(error)}: {_one_line(error)}"
        summary = error_summary(account, reason, time.perf_counter() - started, calls.total())
    else:
        summary["seconds"] = round(time.perf_counter() - started, 3)
    summary["settings_hash"] = settings_fingerprint(settings)
    try:
        _write(directory / SUMMARY, json.dumps(summary, indent=1))
        if summary["outcome"] == "AUDITED":
            (directory / DONE).write_text(summary["worst"] + "\n")
    except OSError as error:
        summary = error_summary(account, f"cannot write the evidence: {_one_line(error)}")
    return {key: summary[key] for key in RETURNED}


def _audit(account: dict[str, Any], settings: dict[str, Any], directory: Path,
           calls: Counter[str], deadline: Deadline) -> dict[str, Any]:
    """The account's audit through governance/audit.py: collect, evaluate, waive, write the
    evidence set (atomically, snapshot.json first), then print its PDF or drop a stale one."""
    from governance import audit as pipeline

    deadline.check()
    session = _session(account, settings)
    # Count every API call of this account and end the unit at the first call past its
    # deadline or after a stop (clients copy the session's event handlers).
    session.events.register("before-call.*.*", lambda **_: calls.update(["call"]))
    session.events.register("before-call.*.*", deadline.check)
    snapshot = pipeline.collect(
        session, regions=settings.get("regions") or None, endpoint_url=settings.get("endpoint_url"),
        organization_delegated_admin=bool(account.get("delegated_admin")),
        member_session=(lambda member: _session({"account_id": member}, settings))
        if account.get("role") == "management" else None,
        controls=settings.get("controls"))
    deadline.check()
    if snapshot.account_id != account["account_id"]:
        raise RuntimeError(f"credentials reached account {snapshot.account_id}, "
                           f"not {account['account_id']}")
    exceptions = settings.get("exceptions")
    waivers = pipeline.load_waivers(Path(exceptions) if exceptions else None)
    result = pipeline.run(snapshot, controls=settings.get("controls"), waivers=waivers,
                          formats=EVIDENCE_FORMATS, output=directory,
                          snapshot_file=pipeline.SNAPSHOT_FILE, save=_write)
    summary = _summary(account, result.findings, waivers.in_force, calls.total(), 0.0)
    summary["evidence"]["document"] = f"accounts/{account['account_id']}/{DOCUMENT}"
    if settings.get("document_pdf"):
        _print_pdf(directory)
        summary["evidence"]["pdf"] = f"accounts/{account['account_id']}/{PDF}"
    else:  # an earlier run's PDF would contradict the document just written
        (directory / PDF).unlink(missing_ok=True)
    return summary


def _print_pdf(directory: Path) -> None:
    """evidence.pdf from evidence-document.html (headless Chromium, a few at a time; it
    writes through a temporary name, so a reader never sees half a PDF)."""
    from governance import audit as pipeline

    try:
        pipeline.print_pdf(directory, slots=PDF_PRINTS)
    except Exception as error:  # Chromium missing, crashed or timed out: this account's ERROR
        raise EvidenceIncomplete(f"cannot print the evidence PDF: {_one_line(error)}") from error
