"""Run the unit of work over the accounts: local threads (default) or a Dask cluster.

Each finished account's summary is written to disk by the unit itself; the coordinator
keeps only counters, so memory does not grow with the number of accounts.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Any, TextIO

from governance.organization.unit import audit_account, record_error

# Measured in bench/results/organization.md (moto server on this project's 2-core machines):
# throughput rises to 8 accounts in flight and is flat past it, while each extra thread
# holds its own boto3 clients (memory).
DEFAULT_CONCURRENCY = 8


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


def run_local(accounts: list[dict[str, Any]], settings: dict[str, Any], concurrency: int,
              progress: Progress) -> None:
    def unit(account: dict[str, Any]) -> dict[str, Any]:
        progress.started()
        return audit_account(account, settings)

    with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="audit") as pool:
        futures = {pool.submit(unit, account): account for account in accounts}
        for future in as_completed(futures):
            account = futures.pop(future)  # keep no finished future: memory stays flat
            try:
                summary = future.result()
            except Exception as error:  # audit_account never raises; belt and braces
                summary = record_error(settings["output"], account, f"audit failed: {error}")
            progress.finished(summary)


def run_dask(accounts: list[dict[str, Any]], settings: dict[str, Any], scheduler: Any,
             progress: Progress) -> None:
    """Submit one task per account to a Dask distributed scheduler (an address such as
    tcp://host:8786, or a ``distributed.Client`` in-process); Dask schedules them."""
    try:
        from distributed import Client
        from distributed import as_completed as dask_completed
    except ImportError as error:
        raise RuntimeError("--scheduler needs dask distributed: pip install "
                           "'aws-governance-baseline[dask]'") from error
    client = scheduler if isinstance(scheduler, Client) else Client(scheduler, timeout="30s")
    try:
        by_key: dict[str, dict[str, Any]] = {}
        futures = []
        for account in accounts:
            future = client.submit(audit_account, account, settings, pure=False,
                                   key=f"audit-account-{account['account_id']}")
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
        del futures
    finally:
        if client is not scheduler:
            client.close()


def run_accounts(accounts: Iterable[dict[str, Any]], settings: dict[str, Any], *,
                 concurrency: int | None = None, scheduler: Any = None,
                 stream: TextIO | None = None) -> None:
    accounts = list(accounts)
    progress = Progress(len(accounts), stream)
    if not accounts:
        return
    Path(settings["output"], "accounts").mkdir(parents=True, exist_ok=True)
    if scheduler is not None:
        run_dask(accounts, settings, scheduler, progress)
    else:
        run_local(accounts, settings, concurrency or DEFAULT_CONCURRENCY, progress)
