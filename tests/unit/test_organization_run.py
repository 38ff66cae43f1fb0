"""The organization audit's run mechanics with fakes: Ctrl-C on the local pool and on Dask
(queued accounts cancelled, in-flight ones stopped, every account not audited ERROR
"interrupted"), the per-account deadline (an injected clock, no sleeps), Dask task keys
per run, and --resume re-auditing an account done under other settings."""

from __future__ import annotations

import io
import itertools
import json
import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

import boto3
import pytest

from governance.organization import run as run_module
from governance.organization import unit
from governance.organization.unit import (
    SUMMARY,
    account_dir,
    audit_account,
    error_summary,
    is_done,
    settings_fingerprint,
)

ACCOUNTS = [{"account_id": f"{n}" * 12, "name": f"a{n}", "email": "", "ou_path": "Root",
             "role": "member"} for n in range(1, 6)]


def _settings(tmp_path: Path, **extra: Any) -> dict[str, Any]:
    return {"output": str(tmp_path), "member_role": "OrganizationAccountAccessRole",
            "external_id": None, "profile": None, "endpoint_url": None,
            "regions": ["us-east-1"], "home_region": "us-east-1", "controls": None,
            "exceptions": None, "caller_account_id": "999999999999", "partition": "aws", **extra}


def _audited(settings: dict[str, Any], account: dict[str, Any]) -> dict[str, Any]:
    """What a unit that audited ``account`` writes (summary and done marker)."""
    directory = account_dir(settings["output"], account["account_id"])
    directory.mkdir(parents=True, exist_ok=True)
    summary = {**error_summary(account, ""), "outcome": "AUDITED", "error": None, "worst": "PASS",
               "settings_hash": settings_fingerprint(settings)}
    (directory / SUMMARY).write_text(json.dumps(summary))
    (directory / "done").write_text("PASS\n")
    return summary


def _on_disk(settings: dict[str, Any]) -> dict[str, tuple[str, str | None]]:
    return {account["account_id"]: (s["outcome"], s["error"]) for account in ACCOUNTS
            if (path := account_dir(settings["output"], account["account_id"]) / SUMMARY).exists()
            for s in [json.loads(path.read_text())]}


def _ctrl_c() -> None:
    """SIGINT to this process, as a terminal's Ctrl-C: KeyboardInterrupt in the main thread."""
    os.kill(os.getpid(), signal.SIGINT)


@pytest.fixture
def interruptible() -> None:
    """A Ctrl-C test fails at once, saying why, where SIGINT is ignored (it would wait 20 s
    per account for an interrupt that never comes: 80 s each in a run started that way)."""
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        pytest.fail("SIGINT is ignored in this process, so Ctrl-C cannot be tested: the suite "
                    "was started with SIGINT ignored and conftest.py _interruptible did not "
                    "restore it", pytrace=False)


def test_ctrl_c_cancels_queued_accounts_and_stops_the_one_in_flight(tmp_path, monkeypatch,
                                                                    interruptible):
    settings = _settings(tmp_path)
    ran: list[str] = []

    def fake_unit(account, settings, *, stop=None):
        ran.append(account["account_id"])
        if len(ran) == 1:
            summary = _audited(settings, account)
            _ctrl_c()
            return summary
        # in flight at Ctrl-C: a real unit ends at its next API call once ``stop`` is set
        assert stop is not None and stop.wait(timeout=20), "the in-flight unit was never stopped"
        return unit.record_error(settings["output"], account, unit.INTERRUPTED)

    monkeypatch.setattr(run_module, "audit_account", fake_unit)
    stream = io.StringIO()
    started = time.monotonic()
    interrupted = run_module.run_accounts(ACCOUNTS, settings, concurrency=1, stream=stream)
    assert interrupted is True
    assert time.monotonic() - started < 10  # the queued accounts never ran
    assert len(ran) <= 2  # the first, and perhaps the one that started before the signal
    first, *rest = [a["account_id"] for a in ACCOUNTS]
    assert _on_disk(settings) == {first: ("AUDITED", None),
                                  **{a: ("ERROR", "interrupted") for a in rest}}
    assert is_done(tmp_path, first) and not any(is_done(tmp_path, a) for a in rest)
    assert "accounts 5/5 done, 0 in flight, 4 failed" in stream.getvalue()


def test_without_ctrl_c_every_account_runs(tmp_path, monkeypatch):
    settings = _settings(tmp_path)
    monkeypatch.setattr(run_module, "audit_account",
                        lambda account, settings, *, stop=None: _audited(settings, account))
    assert run_module.run_accounts(ACCOUNTS, settings, concurrency=2, stream=io.StringIO()) is False
    assert set(_on_disk(settings).values()) == {("AUDITED", None)}


def _offline_session(*_: Any) -> Any:
    return boto3.Session(aws_access_key_id="AKIAEXAMPLE", aws_secret_access_key="x",
                         aws_session_token="t", region_name="us-east-1")


def test_an_account_past_its_deadline_is_error_timed_out(tmp_path, monkeypatch):
    """The clock passes the deadline after the unit started: its next API call ends it
    (before any request is sent: the endpoint is a closed port)."""
    monkeypatch.setattr(unit, "_session", _offline_session)
    clock = itertools.chain([0.0, 0.0], itertools.repeat(901.0)).__next__  # start, first check
    settings = _settings(tmp_path, account_deadline=900, endpoint_url="http://127.0.0.1:9")
    summary = audit_account(ACCOUNTS[0], settings, clock=clock)
    assert (summary["outcome"], summary["error"]) == ("ERROR", "timed out after 900 s")
    assert summary["api_calls"] == 1  # the call that found the deadline passed, never sent
    assert not is_done(tmp_path, ACCOUNTS[0]["account_id"])


def test_the_deadline_defaults_to_900_s_and_a_stop_ends_the_unit(tmp_path, monkeypatch):
    monkeypatch.setattr(unit, "_session", _offline_session)
    settings = _settings(tmp_path, endpoint_url="http://127.0.0.1:9")
    late = itertools.chain([0.0], itertools.repeat(unit.DEFAULT_ACCOUNT_DEADLINE + 1)).__next__
    assert audit_account(ACCOUNTS[0], settings, clock=late)["error"] == "timed out after 900 s"
    stop = threading.Event()
    stop.set()
    assert audit_account(ACCOUNTS[1], settings, stop=stop)["error"] == "interrupted"


def test_resume_re_audits_an_account_done_under_other_settings(tmp_path, monkeypatch):
    """summary.json carries the settings' hash: other regions, controls, member role or
    exceptions (its content) make a done account pending again."""
    from governance.cli import main as cli
    from governance.organization import accounts as accounts_module
    from governance.organization.accounts import OrgAccount, Organization

    exceptions = tmp_path / "exceptions.toml"
    exceptions.write_text("")
    base = _settings(tmp_path / "out")
    same = _settings(tmp_path / "out", controls=cli.select_controls(None, None))
    _audited(same, ACCOUNTS[0])
    _audited({**same, "regions": ["eu-west-1"]}, ACCOUNTS[1])
    _audited({**same, "member_role": "Other"}, ACCOUNTS[2])
    assert settings_fingerprint(base) != settings_fingerprint({**base, "exceptions": str(exceptions)})
    organization = Organization("o-x", "999999999999", "999999999999", tuple(
        OrgAccount(a["account_id"], a["name"], "", "Root", "member") for a in ACCOUNTS[:3]))
    monkeypatch.setattr(accounts_module, "list_organization", lambda *a, **k: organization)
    monkeypatch.setattr(cli, "_session", lambda args: _offline_session())
    pending: list[str] = []
    monkeypatch.setattr(run_module, "run_accounts", lambda accounts, settings, **_: pending.extend(
        a["account_id"] for a in accounts) or False)
    code = cli.main(["audit", "--resume", str(tmp_path / "out"), "--regions", "us-east-1"])
    assert pending == [ACCOUNTS[1]["account_id"], ACCOUNTS[2]["account_id"]]
    assert code == 0  # run_accounts is faked: the summaries on disk are the old PASS ones
    expected = json.loads((tmp_path / "out" / "expected.json").read_text())
    assert [a["account_id"] for a in expected["accounts"]] == [a["account_id"] for a in ACCOUNTS[:3]]


def test_dask_task_keys_name_the_run(tmp_path, monkeypatch):
    """Two runs on one scheduler submit different keys for the same account (a fixed
    ``audit-account-<id>`` let one run's task stand in for the other's)."""
    distributed = pytest.importorskip("distributed")
    monkeypatch.setattr(run_module, "audit_account",
                        lambda account, settings, **_: _audited(settings, account))
    keys: list[list[str]] = []
    with distributed.Client(processes=False, n_workers=1, threads_per_worker=2,
                            dashboard_address=None) as client:
        submit = client.submit

        def recording(*args: Any, **kwargs: Any) -> Any:
            keys[-1].append(kwargs["key"])
            return submit(*args, **kwargs)

        monkeypatch.setattr(client, "submit", recording)
        for name in ("a", "b"):
            keys.append([])
            assert run_module.run_accounts(ACCOUNTS[:2], _settings(tmp_path / name),
                                           scheduler=client, stream=io.StringIO()) is False
    first, second = keys
    assert len(first) == len(second) == 2 and not set(first) & set(second)
    for run_keys in keys:
        assert [k.split("-")[2] for k in run_keys] == [a["account_id"] for a in ACCOUNTS[:2]]
    assert len({k.rsplit("-", 1)[1] for k in first}) == 1  # one run id per run
    for name in ("a", "b"):
        assert set(_on_disk(_settings(tmp_path / name)).values()) == {("AUDITED", None)}


_GATE = threading.Event()  # module-level: the Dask task is pickled by reference


def _first_interrupts(account: dict[str, Any], settings: dict[str, Any], **_: Any) -> dict[str, Any]:
    """The first account finishes and Ctrl-C comes while the next task runs; the others
    block (a task Dask cannot stop: abandoned) until the test opens the gate."""
    if account["account_id"] == ACCOUNTS[0]["account_id"]:
        threading.Timer(0.5, _ctrl_c).start()
        return _audited(settings, account)
    _GATE.wait(timeout=20)
    return _audited(settings, account)


def test_dask_ctrl_c_cancels_the_runs_futures(tmp_path, monkeypatch, interruptible):
    distributed = pytest.importorskip("distributed")
    settings = _settings(tmp_path)
    _GATE.clear()
    monkeypatch.setattr(run_module, "audit_account", _first_interrupts)
    with distributed.Client(processes=False, n_workers=1, threads_per_worker=1,
                            dashboard_address=None) as client:
        cancelled: list[Any] = []
        cancel = client.cancel
        monkeypatch.setattr(client, "cancel", lambda futures, **kw: (
            cancelled.extend(futures), cancel(futures, **kw))[1])
        try:
            assert run_module.run_accounts(ACCOUNTS, settings, scheduler=client,
                                           stream=io.StringIO()) is True
        finally:
            _GATE.set()
    assert len(cancelled) == 4
    disk = _on_disk(settings)
    assert disk[ACCOUNTS[0]["account_id"]] == ("AUDITED", None)
    assert sum(v == ("ERROR", "interrupted") for v in disk.values()) >= 3
