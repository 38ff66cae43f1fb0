"""Suite-wide options and the harness fixtures shared by every tier.

Tiers are folders under tests/ and get their marker from the folder. The default target
is the embedded moto sandbox: each xdist worker starts its own in-process moto server,
and every request that would leave for a real AWS endpoint fails the test.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

TIERS = ("unit", "seeded", "plan", "apply", "live")
SLOW_TIERS = {"plan", "apply"}


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("governance")
    group.addoption("--target", choices=("moto", "aws"), default="moto",
                    help="moto: the embedded sandbox (default); aws: a real account, read-only")
    group.addoption("--profile", default=None, help="AWS profile for --target aws")
    group.addoption("--role-arn", default=None,
                    help="role to assume in the audited account for --target aws")
    group.addoption("--external-id", default=None, help="external id for --role-arn")
    group.addoption("--regions", default=None,
                    help="comma-separated regions to audit (default: all enabled)")
    group.addoption("--account-allowlist", default=None, metavar="ID[,ID]",
                    help="--target aws: run the apply tier in these disposable accounts only "
                         "(checked with STS before Terraform starts); every resource is tagged "
                         "with the run id and destroyed at the end, on failure and on Ctrl-C")
    group.addoption("--aws-endpoint-url", default=None,
                    help="--target aws: an emulator (a moto server) posing as the real "
                         "account, so CI runs the real-account path")


def pytest_report_header(config: pytest.Config) -> str | None:
    if config.getoption("--target") == "aws" and config.getoption("--account-allowlist"):
        return (f"apply tier on real accounts {config.getoption('--account-allowlist')}: "
                f"run id {_run_id(config)} (tag governance:test-run)")
    return None


# Python's cyclic garbage collector, at its default threshold (a young-generation pass every
# 700 allocations), walked the moto sandbox's state and the snapshots over and over: with
# this one, make test-fast took 52 s instead of 62 s (CPU 83 s instead of 103 s), 2 cores.
GC_THRESHOLD = (50_000, 20, 100)


def pytest_configure(config: pytest.Config) -> None:
    import gc

    gc.set_threshold(*GC_THRESHOLD)
    _interruptible()
    if config.getoption("--target") == "aws" and config.getoption("--account-allowlist"):
        _run_id(config)  # before xdist starts its workers, which inherit the environment


def _interruptible() -> None:
    """Ctrl-C as a terminal sends it, even when the suite was started with SIGINT ignored.

    A shell starts a background job (``make test &`` without job control, nohup, some CI
    runners) with SIGINT ignored; Python then installs no KeyboardInterrupt handler and every
    child inherits the ignore, so the Ctrl-C tests (the organization run's, the apply's) wait
    for an interrupt that never arrives. Restored here, the workers and the children they
    start (Terraform, the CLI) get the default disposition again.
    """
    import signal

    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def _run_id(config: pytest.Config) -> str:
    """One run id per pytest run (shared with xdist workers through the environment)."""
    import os

    from harness.disposable import new_run_id

    return os.environ.setdefault("GOVERNANCE_TEST_RUN_ID", new_run_id())


# The order work starts in (make test runs xdist with --no-loadscope-reorder, so a group is
# handed out in this order): the longest chains first, so that no worker ends the run alone
# with one. Seconds each took in `make bench-suite` (bench/results/suite.md, 3 workers):
# the complete stack's chain (apply, audits, drifts, re-plan, destroy; 187 s) and the
# adoption's (a brownfield lifecycle of the same stack, 14 terraform commands; 155 s) on
# workers of their own, the other Terraform groups on the third, the plan groups next; then
# the pure tiers' long units: the seeded groups (the partner checklist's 19 seeded accounts,
# 52 s; the organization audit, 27 s; the organization controls, 26 s) and the unit modules
# whose tests run Chromium or hypothesis for seconds each; the short tests last, filling
# whichever worker is free.
START_ORDER = (
    "apply/test_complete_baseline.py", "apply/test_adoption.py", "apply/", "plan/",
    "seeded/test_partner_checklist.py", "seeded/test_organization_audit.py",
    "seeded/test_organization_controls.py", "unit/test_evidence_document.py",
    "unit/test_evidence_report.py", "unit/test_resource_policy_properties.py",
    "unit/test_rollup_html.py", "unit/test_cli.py", "seeded/", "unit/",
)


def start_rank(path: Path) -> int:
    relative = path.as_posix()
    return next((rank for rank, prefix in enumerate(START_ORDER) if f"tests/{prefix}" in relative),
                len(START_ORDER))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    root = Path(__file__).parent / "tests"
    for item in items:
        try:
            tier = Path(item.path).relative_to(root).parts[0]
        except ValueError:
            continue
        if tier in TIERS:
            item.add_marker(getattr(pytest.mark, tier))
        if tier in SLOW_TIERS:
            item.add_marker(pytest.mark.slow)
    items.sort(key=lambda item: start_rank(Path(item.path)))  # stable: order within a file kept


REPLAYED_BY_WORKERS: list[str] = []


def _moto_answers_replayed() -> list[str]:
    """The operations whose lost moto answer this process's sandbox gave again."""
    replay = sys.modules.get("harness.moto.replay")
    return [operation for _, operation in replay.REPLAYED] if replay else []


def pytest_sessionfinish(session: pytest.Session) -> None:
    if hasattr(session.config, "workeroutput"):  # an xdist worker tells the controller
        session.config.workeroutput["moto_answers_replayed"] = _moto_answers_replayed()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    REPLAYED_BY_WORKERS.extend(getattr(node, "workeroutput", {}).get("moto_answers_replayed", []))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    replayed = REPLAYED_BY_WORKERS + _moto_answers_replayed()
    if replayed:
        terminalreporter.write_line(
            f"moto sandbox: {len(replayed)} answer(s) lost on the way to a client were given "
            f"again to its retry (harness.moto.replay): {', '.join(sorted(replayed))}")


@pytest.hookimpl(tryfirst=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """An xdist worker has sent its last report by now (workerfinished, at sessionfinish):
    it leaves without deallocating its moto server's state (GBs after the seeded and apply
    tiers), which took up to xdist's 10 s exit timeout, paid at the end of every run. First
    of the unconfigure hooks: pytest's own (unraisableexception) collects garbage several
    times over that state (2-3.5 s per worker), for exceptions no report can carry any more."""
    if hasattr(config, "workerinput") and os.environ.get("GOVERNANCE_SLOW_WORKER_EXIT") != "1":
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


@pytest.fixture(scope="session")
def target(request: pytest.FixtureRequest) -> str:
    return request.config.getoption("--target")


@pytest.fixture(scope="session", autouse=True)
def _no_real_aws(request: pytest.FixtureRequest) -> Iterator[None]:
    """On the moto target, no request may reach a real AWS endpoint; nor on the aws target
    pointed at a loopback emulator (--aws-endpoint-url)."""
    from harness.guard import is_loopback, loopback_only, sandbox_only

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    if request.config.getoption("--target") != "moto":
        endpoint = request.config.getoption("--aws-endpoint-url")
        if endpoint and is_loopback(endpoint):
            with loopback_only():
                yield
        else:
            yield
        return
    with sandbox_only():
        yield


@pytest.fixture(scope="session")
def toolchain() -> Any:
    """Terraform and the aws provider; a missing one fails with one line saying what to do."""
    from harness.toolchain import ToolchainMissing, discover

    try:
        return discover()
    except ToolchainMissing as missing:
        pytest.fail(str(missing), pytrace=False)


@pytest.fixture(scope="session")
def moto_sandbox(target: str) -> Iterator[Any]:
    """This worker's in-process moto server."""
    if target != "moto":
        pytest.skip("needs the moto sandbox (--target moto)")
    from harness.moto_sandbox import MotoSandbox

    sandbox = MotoSandbox()
    yield sandbox
    # The final check: every account a stack was applied to holds nothing moto can delete.
    from harness.leftovers import leftovers, report

    left = {}
    try:
        for account_id, account in sandbox.watched.items():
            found = leftovers(account)
            if found:
                left[account_id] = found
    finally:
        sandbox.stop()
    if left:
        pytest.fail(report(left), pytrace=False)


@pytest.fixture
def sandbox_account(moto_sandbox: Any) -> Any:
    """A fresh, empty moto account for one test."""
    return moto_sandbox.new_account()


@pytest.fixture(scope="session")
def real_account(request: pytest.FixtureRequest) -> Any:
    """--target aws: the allowlisted account the credentials reach (STS GetCallerIdentity
    before any Terraform); any other account ends the run with one line."""
    from harness.disposable import AccountRefused, open_disposable_account, parse_allowlist

    config = request.config
    try:
        return open_disposable_account(
            profile=config.getoption("--profile"),
            allowlist=parse_allowlist(config.getoption("--account-allowlist")),
            endpoint_url=config.getoption("--aws-endpoint-url"), run_id=_run_id(config))
    except AccountRefused as refused:
        pytest.exit(f"error: {refused}", returncode=2)


@pytest.fixture(scope="session")
def disposable_accounts(request: pytest.FixtureRequest, target: str) -> Any:
    """Where applying tests get accounts: ``.new_account()`` is a fresh moto account on the
    moto target, the one allowlisted real account (tagged with the run) on --target aws."""
    if target == "moto":
        return request.getfixturevalue("moto_sandbox")
    from harness.disposable import OneAccount

    return OneAccount(request.getfixturevalue("real_account"))


@pytest.fixture(scope="module")
def stack_factory(disposable_accounts: Any, toolchain: Any, target: str,
                  tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., Any]]:
    """Make Terraform stacks of an example in disposable accounts (module scope).

    On --target aws the stack goes to the allowlisted account with the run's tags and the
    run id in its names (harness/disposable.py), without the sandbox settings.

    The example's sandbox settings (harness/examples.py: variables moto needs, overrides for
    aliased providers) are applied first (``sandbox_variables=False`` keeps the example's
    own defaults, e.g. to plan them); ``variables`` override them.
    ``stack_factory("examples/human-access", variables={...})`` returns a
    :class:`harness.terraform.TerraformStack` with ``.account``, initialised but not
    applied. Every stack that was applied and not destroyed is destroyed at the end of
    the module; a failed destroy keeps the state file and says where it is.
    """
    from harness.examples import sandbox_stack
    from harness.terraform import quiet_tftest

    quiet_tftest()
    made: list[Any] = []

    def make(example: str, variables: dict[str, Any] | None = None, *,
             sandbox_variables: bool = True) -> Any:
        account = disposable_accounts.new_account()
        if target == "moto":
            disposable_accounts.watch(account)  # the session's final leftover check
        workdir = tmp_path_factory.mktemp(example.replace("/", "-"))
        if target == "aws":
            from harness.disposable import run_variables

            variables = {**run_variables(example, account.run_id), **(variables or {})}
            sandbox_variables = False
        stack = sandbox_stack(example, workdir, toolchain, account, variables,
                              sandbox_variables=sandbox_variables)
        made.append(stack)
        stack.init()
        return stack

    yield make
    failures = []
    for stack in made:
        # a failed or interrupted apply may have created resources: its state file says so
        if not stack.destroyed and (stack.applied or stack.holds_resources()):
            try:
                stack.destroy()
            except Exception as error:  # report every failed destroy, not only the first
                failures.append(str(error))
    if failures:
        pytest.fail("destroy failed: " + " | ".join(failures), pytrace=False)


@pytest.fixture(scope="session")
def audit() -> Callable[..., Any]:
    """Collect an account read-only and evaluate controls.

    ``audit(account, control_ids=None, regions=None) -> findings``; regions default to the
    account's home region. Every call reads the account afresh; the collector (its boto3
    clients) is kept per account and regions, since making ~20 clients per region cost
    three times the reads themselves (0.8 s against 0.23 s of CPU for two regions).
    """
    from governance.checks import evaluate

    collectors: dict[tuple[str, tuple[str, ...]], Any] = {}

    def run(account: Any, control_ids: list[str] | None = None,
            regions: list[str] | None = None) -> list[Any]:
        key = (account.account_id, tuple(regions or [account.region]))
        if key not in collectors:
            collectors[key] = account.collector(regions)
        return evaluate(collectors[key].collect(), control_ids)

    return run


@dataclass
class CliAudit:
    """What ``python -m governance audit`` did: exit code, findings by control, output."""

    exit_code: int
    findings: list[dict[str, Any]]
    stderr: str

    def statuses(self, control_id: str) -> set[str]:
        return {f["status"] for f in self.findings if f["control_id"] == control_id}

    def reasons(self, control_id: str) -> str:
        return " | ".join(f["reason"] for f in self.findings if f["control_id"] == control_id)


@pytest.fixture
def audit_cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
              capsys: pytest.CaptureFixture[str]) -> Callable[..., CliAudit]:
    """Run the CLI in-process against a sandbox account with the account's own credentials:
    ``audit_cli(account, "--controls", "x")``."""
    from governance.cli.main import main

    def run(account: Any, *args: str) -> CliAudit:
        credentials = account.session.get_credentials().get_frozen_credentials()
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", credentials.access_key)
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", credentials.secret_key)
        monkeypatch.setenv("AWS_SESSION_TOKEN", credentials.token)
        monkeypatch.setenv("AWS_DEFAULT_REGION", account.region)
        output = tmp_path / f"audit-{len(list(tmp_path.iterdir()))}"
        code = main(["audit", "--endpoint-url", account.endpoint, "--regions", account.region,
                     "--format", "json", "--output", str(output), *args])
        findings_file = output / "findings.json"
        findings = json.loads(findings_file.read_text())["findings"] \
            if findings_file.exists() else []
        return CliAudit(code, findings, capsys.readouterr().err)

    return run
