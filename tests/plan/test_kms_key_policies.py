"""The key policies of modules/_internal/kms-key's callers, rendered at plan time, are the ones
the callers wrote themselves before the CloudWatch Logs statement moved into the internal
module (issue 19), and the internal module refuses bad CloudWatch Logs input itself.

One plan of tests/plan/fixtures/kms-key-policies (audit-log-storage with its defaults and with
every optional statement on, network-baseline in us-east-1 and eu-west-1) in a moto sandbox
account: every planned aws_kms_key policy is compared, statement by statement (Sid, Effect,
Principal, Action, Resource, Condition), with fixtures/kms-key-policies/expected-policies.json,
captured from the callers' former code with the account id replaced by ACCOUNT_ID. The order of
the statements is not compared: it has no meaning in a key policy (AWS and the provider's
policy diff ignore it), and the internal module's own statements now come first.
A second plan over a state holding a key with the former policy of a caller (its statements in
the former order): the provider plans no change to the policy, while a key whose policy lacks a
statement is updated (the control).
One `terraform validate` of fixtures/kms-key-validation (no provider call): each bad
CloudWatch Logs value is refused by the internal module's own rule.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from harness.plan import planned_resources
from harness.terraform import TERRAFORM_ROOT

pytestmark = pytest.mark.xdist_group("kms-key-policies")

FIXTURES = Path(__file__).parent / "fixtures"
POLICY_FIXTURE = FIXTURES / "kms-key-policies"
EXPECTED = json.loads((POLICY_FIXTURE / "expected-policies.json").read_text())
VALIDATION_FIXTURE = FIXTURES / "kms-key-validation"


def _copy_with_modules(fixture: Path, workdir: Path) -> None:
    shutil.copytree(fixture, workdir, ignore=shutil.ignore_patterns("*.json"))
    shutil.copytree(TERRAFORM_ROOT / "modules", workdir / "modules",
                    ignore=shutil.ignore_patterns(".terraform", "*.tfstate*"))


def _run(toolchain, workdir: Path, env: dict[str, str], *args: str
         ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([toolchain.terraform, *args], cwd=workdir, env=env,
                          capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def policy_root(moto_sandbox, toolchain, tmp_path_factory):
    """``terraform(*args)`` in an initialised copy of the fixture (the modules beside it,
    both aws providers pointed at a fresh sandbox account); ``.account`` and ``.workdir``."""
    account = moto_sandbox.new_account()
    workdir = tmp_path_factory.mktemp("kms-key-policies") / "root"
    _copy_with_modules(POLICY_FIXTURE, workdir)
    (workdir / "sandbox_override.tf").write_text(
        account.provider_override() + account.provider_override("eu", "eu-west-1"))
    env = {**os.environ, **toolchain.environment(workdir.parent / "cli"),
           **account.provider_environment}

    def terraform(*args: str) -> subprocess.CompletedProcess[str]:
        return _run(toolchain, workdir, env, *args)

    init = terraform("init", "-input=false", "-no-color")
    assert init.returncode == 0, init.stderr
    terraform.account, terraform.workdir = account, workdir  # type: ignore[attr-defined]
    return terraform


def _plan(terraform, name: str) -> dict:
    planned = terraform("plan", "-input=false", "-no-color", "-refresh=false", f"-out={name}")
    assert planned.returncode == 0, planned.stdout[-3000:] + planned.stderr[-3000:]
    shown = terraform("show", "-json", name)
    assert shown.returncode == 0, shown.stderr
    return json.loads(shown.stdout)


@pytest.fixture(scope="module")
def planned(policy_root) -> tuple[str, dict]:
    """(sandbox account id, `terraform show -json` of the fixture's plan, no state)."""
    return policy_root.account.account_id, _plan(policy_root, "kms.tfplan")


def key_policies(plan: dict) -> dict[str, dict]:
    """Module address (module.audit_log_storage ...) -> the planned key policy document."""
    policies = {}
    for resource in planned_resources(plan):
        if resource["type"] == "aws_kms_key":
            caller = resource["address"].split(".module.", 1)[0]
            assert caller not in policies, f"two keys under {caller}"
            policies[caller] = json.loads(resource["values"]["policy"])
    return policies


def _by_sid(document: dict) -> dict[str, dict]:
    statements = document["Statement"]
    by_sid = {statement["Sid"]: statement for statement in statements}
    assert len(by_sid) == len(statements), f"a Sid appears twice: {statements}"
    return by_sid


def test_every_caller_with_a_cloudwatch_logs_statement_is_planned(planned):
    assert sorted(key_policies(planned[1])) == sorted(EXPECTED) == [
        "module.audit_log_storage", "module.audit_log_storage_every_statement",
        "module.network_baseline", "module.network_baseline_eu"]


@pytest.mark.parametrize("caller", sorted(EXPECTED))
def test_the_key_policy_is_the_one_the_caller_wrote_before(planned, caller):
    account_id, plan = planned
    rendered = key_policies(plan)[caller]
    expected = json.loads(json.dumps(EXPECTED[caller]).replace("ACCOUNT_ID", account_id))
    assert {key: value for key, value in rendered.items() if key != "Statement"} == \
        {key: value for key, value in expected.items() if key != "Statement"}
    assert _by_sid(rendered) == _by_sid(expected)


def test_the_cloudwatch_logs_statement_is_arn_like_for_a_wildcard_and_arn_equals_otherwise(
        planned):
    """What the comparison above holds, said once: the operator follows the ARNs."""
    account_id, plan = planned
    for caller, document in key_policies(plan).items():
        logs = [s for s in document["Statement"]
                if str(s["Principal"].get("Service", "")).startswith("logs.")]
        assert len(logs) == 1, f"{caller}: {logs}"
        (operator, values), = logs[0]["Condition"].items()
        arn = values["kms:EncryptionContext:aws:logs:arn"]
        region = "eu-west-1" if caller.endswith("_eu") else "us-east-1"
        assert logs[0]["Principal"]["Service"] == f"logs.{region}.amazonaws.com"
        assert arn.startswith(f"arn:aws:logs:{region}:{account_id}:log-group:")
        assert operator == ("ArnLike" if "*" in arn else "ArnEquals"), caller


# --- an existing key of the former policy is not updated (the statements' order moved) -----

FORMER_KEY = "module.audit_log_storage_every_statement.module.kms_key.aws_kms_key.this"
CHANGED_KEY = "module.audit_log_storage.module.kms_key.aws_kms_key.this"


def _state_key(address: str, policy: dict, account_id: str, key_id: str) -> dict:
    """The state entry of the key at ``address`` (its former attributes, ``policy``)."""
    caller, _, _ = address.partition(".module.kms_key.")
    return {
        "module": f"{caller}.module.kms_key", "mode": "managed", "type": "aws_kms_key",
        "name": "this", "provider": 'provider["registry.terraform.io/hashicorp/aws"]',
        "instances": [{"schema_version": 0, "sensitive_attributes": [], "attributes": {
            "arn": f"arn:aws:kms:us-east-1:{account_id}:key/{key_id}",
            "bypass_policy_lockout_safety_check": False, "custom_key_store_id": "",
            "customer_master_key_spec": "SYMMETRIC_DEFAULT", "deletion_window_in_days": 30,
            "description": "", "enable_key_rotation": True, "id": key_id, "is_enabled": True,
            "key_id": key_id, "key_usage": "ENCRYPT_DECRYPT", "multi_region": False,
            "policy": json.dumps(policy), "rotation_period_in_days": 365, "tags": {},
            "tags_all": {}, "xks_key_id": ""}}],
    }


@pytest.fixture(scope="module")
def key_changes(policy_root) -> dict[str, dict]:
    """Key address -> its planned change, over a state holding two keys: one with the former
    policy of audit_log_storage_every_statement exactly as the caller wrote it (its statements
    in the former order), one with the former default policy less a statement (the control:
    a policy that does differ is planned as an update). The state is removed after the plan."""
    account_id = policy_root.account.account_id
    former = json.loads(json.dumps(EXPECTED).replace("ACCOUNT_ID", account_id))
    shortened = {**former["module.audit_log_storage"],
                 "Statement": former["module.audit_log_storage"]["Statement"][:-1]}
    state = {"version": 4, "terraform_version": "1.6.0", "serial": 1,
             "lineage": "issue-19-kms-key-policies", "outputs": {}, "resources": [
                 _state_key(FORMER_KEY, former["module.audit_log_storage_every_statement"],
                            account_id, "0b7f3c1e-5d2a-4c8e-9f6b-2a1d3e4f5a6b"),
                 _state_key(CHANGED_KEY, shortened, account_id,
                            "6b5a4f3e-2d1a-4c8e-9f6b-0b7f3c1e5d2a")]}
    state_file = policy_root.workdir / "terraform.tfstate"
    state_file.write_text(json.dumps(state))
    try:
        plan = _plan(policy_root, "former.tfplan")
    finally:
        state_file.unlink()
    return {change["address"]: change["change"] for change in plan["resource_changes"]
            if change["type"] == "aws_kms_key"}


def _policies(change: dict) -> tuple[dict, dict]:
    """(policy before, policy planned) of a key's change; the planned one must be known."""
    assert not change["after_unknown"].get("policy"), change
    return json.loads(change["before"]["policy"]), json.loads(change["after"]["policy"])


def test_a_key_with_the_former_policy_keeps_it(key_changes, planned):
    caller = FORMER_KEY.split(".module.kms_key.")[0]
    rendered = [s["Sid"] for s in key_policies(planned[1])[caller]["Statement"]]
    former = [s["Sid"] for s in EXPECTED[caller]["Statement"]]
    assert rendered != former and sorted(rendered) == sorted(former)  # only the order moved
    before, after = _policies(key_changes[FORMER_KEY])
    assert after == before  # the state's string, statement order included: no policy update


def test_a_key_whose_policy_differs_is_updated(key_changes):
    change = key_changes[CHANGED_KEY]
    assert change["actions"] == ["update"]
    before, after = _policies(change)
    assert len(after["Statement"]) == len(before["Statement"]) + 1


# --- the internal module refuses bad CloudWatch Logs input (fixtures/kms-key-validation) ---

# Start of each refusal's message, one per bad call of the fixture.
REFUSALS = [
    "cloudwatch_logs_log_group_arns must be log-group ARNs",  # not a log group
    "cloudwatch_logs_log_group_arns must be log-group ARNs",  # wildcard in the account
    "cloudwatch_logs_log_group_arns must all be in one region",
    "cloudwatch_logs_log_group_arns must be distinct",
    "cloudwatch_logs_statement_sid must be alphanumeric",
    "cloudwatch_logs_statement_sid must be alphanumeric",  # the root's own sid
]


def test_the_internal_module_refuses_bad_cloudwatch_logs_input(toolchain, tmp_path):
    """One init and one validate, no provider call: every bad call of the fixture is refused
    by the internal module's own rule, and its valid calls (a wildcard, an exact ARN, two
    ARNs of one region) by none."""
    workdir = tmp_path / "root"
    _copy_with_modules(VALIDATION_FIXTURE, workdir)
    env = {**os.environ, **toolchain.environment(tmp_path / "cli")}
    init = _run(toolchain, workdir, env, "init", "-input=false", "-backend=false", "-no-color")
    assert init.returncode == 0, init.stderr
    validated = _run(toolchain, workdir, env, "validate", "-json", "-no-color")
    assert validated.returncode == 1, validated.stdout
    errors = [d for d in json.loads(validated.stdout)["diagnostics"] if d["severity"] == "error"]
    assert all(d["summary"] == "Invalid value for variable" for d in errors), errors
    messages = [d["detail"].splitlines()[0] for d in errors
                if re.search(r"validation rule at \S*_internal/kms-key/variables\.tf", d["detail"])]
    assert len(messages) == len(errors), errors
    for message in REFUSALS:
        match = next((m for m in messages if m.startswith(message)), None)
        assert match, f"no refusal {message!r} among {messages}"
        messages.remove(match)
    assert messages == [], "refused beyond the fixture's bad calls (a valid call?)"
