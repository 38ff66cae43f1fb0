"""Run the unit of work over the accounts: local threads (default) or a Dask cluster.

Each finished account's summary is written to disk by the unit itself; the coordinator
keeps only counters, so memory does not grow with the number of accounts. Ctrl-C cancels
the queued accounts, stops the in-flight ones and records every account not audited as
ERROR "interrupted" (``--resume`` audits those).
"""

from __future__ import annotations

import contextlib
import sys
import threading
import uuid
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor, as_completed, wait
from pathlib import Path
from typing import Any, TextIO

from governance.organization.unit import (
    INTERRUPTED,
    audit_account,
    is_done,
    record_error,
    settings_fingerprint,
)

# Measured in bench/results/organization.md (moto server on this project's 2-core machines):
# throughput rises to 8 accounts in flight and is flat past it, while each extra thread
# holds its own boto3 clients (memory).
DEFAULT_CONCURRENCY = 8
# Seconds an in-flight unit gets to end after Ctrl-C (it stops at its next API call).
INTERRUPT_GRACE = 10.0


class Progress:
    """One line on stderr: accounts done / in flight / failed (rewritten in place on a
    terminal, a line per finished account otherwise)."""

    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self.total = total
        self.done = self.failed = self.in_flight = 0
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self._lock = threading.Lock()

    def started(self) -> None:
        with self._lock:
            self.in_flight += 1
            if self.tty:
                self._show()

    def finished(self, summary: dict[str, Any], *, was_in_flight: bool = True) -> None:
        with self._lock:
            self.in_flight -= 1 if was_in_flight else 0
            self.done += 1
            self.failed += summary.get("outcome") == "ERROR"
            self._show(summary)

    def _show(self, summary: dict[str, Any] | None = None) -> None:
        line = (f"accounts {self.done}/{self.total} done, {self.in_flight} in flight, "
                f"{self.failed} failed")
        if self.tty:
            self.stream.write(f"\r{line}" + ("\n" if self.done == self.total else ""))
        else:
            last = f" (last: {summary['account_id']} {summary['worst']})" if summary else ""
            self.stream.write(line + last + "\n")
        self.stream.flush()


def _interrupted(settings: dict[str, Any], account: dict[str, Any], progress: Progress, *,
                 was_in_flight: bool) -> None:
    """An account the run did not see finish is ERROR "interrupted", unless its unit
    finished under these settings as the signal came (its done marker is written last):
    a finished audit is never overwritten."""
    if is_done(settings["output"], account["account_id"], settings_fingerprint(settings)):
        progress.finished({"account_id": account["account_id"], "outcome": "AUDITED",
                           "worst": "AUDITED"}, was_in_flight=was_in_flight)
        return
    progress.finished(record_error(settings["output"], account, INTERRUPTED),
                      was_in_flight=was_in_flight)


def run_local(accounts: list[dict[str, Any]], settings: dict[str, Any], concurrency: int,
              progress: Progress, *, grace: float = INTERRUPT_GRACE) -> bool:
    """Audit on local threads; returns True when interrupted (Ctrl-C): queued accounts are
    cancelled, in-flight ones told to stop at their next API call and given ``grace``
    seconds, and every account not audited is ERROR "interrupted" on disk."""
    stop = threading.Event()
    started: set[str] = set()

    def unit(account: dict[str, Any]) -> dict[str, Any]:
        started.add(account["account_id"])
        progress.started()
        return audit_account(account, settings, stop=stop)

    pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="audit")
    futures: dict[Future[dict[str, Any]], dict[str, Any]] = {}
    left = {account["account_id"]: account for account in accounts}  # not finished yet
    try:
        for account in accounts:  # one by one: a Ctrl-C mid-loop still knows what was queued
            futures[pool.submit(unit, account)] = account
        for future in as_completed(list(futures)):
            account = futures.pop(future)  # keep no finished future: memory stays flat
            try:
                summary = future.result()
            except Exception as error:  # audit_account never raises; belt and braces
                summary = record_error(settings["output"], account, f"audit failed: {error}")
            left.pop(account["account_id"])
            progress.finished(summary)
    except KeyboardInterrupt:
        stop.set()
        pool.shutdown(wait=False, cancel_futures=True)
        # (a cancelled future never counts as done for wait(): only the running ones)
        finished, _ = wait([f for f in futures if not f.cancelled()], timeout=grace)
        for future, account in futures.items():
            if future in finished and not future.cancelled() and future.exception() is None:
                left.pop(account["account_id"])
                progress.finished(future.result())
        for account_id, account in left.items():  # queued, never queued, or abandoned
            _interrupted(settings, account, progress, was_in_flight=account_id in started)
        return True
    pool.shutdown(wait=True)
    return False


def run_dask(accounts: list[dict[str, Any]], settings: dict[str, Any], scheduler: Any,
             progress: Progress, *, run_id: str | None = None) -> bool:
    """Submit one task per account to a Dask distributed scheduler (an address such as
    tcp://host:8786, or a ``distributed.Client`` in-process); Dask schedules them. Task keys
    name the run (``audit-account-<id>-<run id>``): two runs on one scheduler never share a
    task. Returns True when interrupted (Ctrl-C): the run's futures are cancelled and every
    account not audited is ERROR "interrupted" (a task already running on a worker is
    abandoned)."""
    try:
        from distributed import Client
        from distributed import as_completed as dask_completed
    except ImportError as error:
        raise RuntimeError("--scheduler needs dask distributed: pip install "
                           "'aws-governance-baseline[dask]'") from error
    run_id = run_id or uuid.uuid4().hex
    client = scheduler if isinstance(scheduler, Client) else Client(scheduler, timeout="30s")
    by_key: dict[str, dict[str, Any]] = {}
    futures: list[Any] = []
    try:
        for account in accounts:
            future = client.submit(audit_account, account, settings, pure=False,
                                   key=task_key(account["account_id"], run_id))
            by_key[future.key] = account
            futures.append(future)
        progress.in_flight = len(futures)
        for future in dask_completed(futures):
            account = by_key.pop(future.key)
            try:
                summary = future.result()
            except Exception as error:  # a worker lost, a task killed: this account's ERROR
                summary = record_error(settings["output"], account,
                                       f"audit failed on the Dask cluster: {error}")
            future.release()
            progress.finished(summary)
    except KeyboardInterrupt:
        remaining = [f for f in futures if f.key in by_key]
        with contextlib.suppress(Exception):  # a lost scheduler: nothing left to cancel
            client.cancel([f for f in remaining if f.status != "finished"])
        for future in remaining:
            account = by_key.pop(future.key)
            try:  # finished just before the Ctrl-C: its verdict stands
                if future.status != "finished":
                    raise KeyboardInterrupt
                progress.finished(future.result(timeout=5))
            except (Exception, KeyboardInterrupt):
                _interrupted(settings, account, progress, was_in_flight=True)
        for account in by_key.values():  # never submitted
            _interrupted(settings, account, progress, was_in_flight=False)
        return True
    finally:
        del futures
        if client is not scheduler:
            client.close()
    return False


def task_key(account_id: str, run_id: str) -> str:
    return f"audit-account-{account_id}-{run_id}"


def run_accounts(accounts: Iterable[dict[str, Any]], settings: dict[str, Any], *,
                 concurrency: int | None = None, scheduler: Any = None,
                 stream: TextIO | None = None, run_id: str | None = None) -> bool:
    """Audit ``accounts``; True when interrupted by Ctrl-C (the accounts not audited are
    ERROR "interrupted" on disk; the caller writes the roll-up and exits 130)."""
    accounts = list(accounts)
    progress = Progress(len(accounts), stream)
    if not accounts:
        return False
    Path(settings["output"], "accounts").mkdir(parents=True, exist_ok=True)
    if scheduler is not None:
        return run_dask(accounts, settings, scheduler, progress, run_id=run_id)
    return run_local(accounts, settings, concurrency or DEFAULT_CONCURRENCY, progress)
