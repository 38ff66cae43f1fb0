"""Adopting an organization member account, as ``python -m governance adopt --organization``
runs it: the management account's credentials, the member read through its member role
(read-only session policies), the member root module terraform/examples/organization/member
planned twice; no apply.

The organization is tests/seeded/test_organization_controls.py's ``seed_organization`` on
moto: a management account with an organization trail (multi-region, homed in us-east-1;
the harness shows it to members read-only, as AWS does) and GuardDuty delegated to the audit
account; the workload account is the member. In the member: a detector whose administrator
is the audit account (harness.brownfield.seed_member_of_guardduty_administrator) and a weak
password policy (minimum length 8). The adoption must reuse the detector and leave its
publishing frequency to the administrator (adopt.auto.tfvars sets it null), leave the
organization trail untouched (never imported) and report the member, not the caller.

Terraform commands: one init, then the adoption's plan, show, plan, show. The refused runs
fail before any terraform command (the member role is assumed first).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from governance.adopt.files import IMPORTS_FILE, OFFBOARD_FILE, VARIABLES_FILE
from governance.cli.main import main
from harness.brownfield import seed_member_of_guardduty_administrator
from harness.examples import sandbox_stack
from harness.moto import refuse_assume_role
from harness.organization import MEMBER_EXAMPLE, MEMBER_ROLE_NAME
from harness.terraform import quiet_tftest
from tests.seeded.test_organization_controls import seed_organization

pytestmark = pytest.mark.xdist_group("adoption-member")

REGION = "us-east-1"
DETECTOR = "module.baseline.module.regional_guardrails[0].aws_guardduty_detector.this"
FREQUENCY = "guardduty_finding_publishing_frequency"
# Credentials the terraform process must not take from this process's environment: the
# provider override written into the root carries the member's own.
CREDENTIAL_VARIABLES = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                        "AWS_PROFILE", "AWS_DEFAULT_REGION", "AWS_REGION")
IMPORT_BLOCK = re.compile(r"^import \{\n  to = (\S+)\n  id = (.+)\n\}$", re.MULTILINE)


@dataclass
class Organization:
    management: Any
    member: Any
    administrator_id: str  # the audit account: the member's GuardDuty administrator
    detector_id: str
    organization_trail_arn: str
    outsider: Any  # outside the organization: its OrganizationAccountAccessRole trusts another


@dataclass
class Adopted:
    stack: Any
    output: Path
    exit_code: int
    stderr: str
    report: dict[str, Any]
    imports: dict[str, str]  # adopt.tf: address -> import id (as written, HCL-quoted)
    adopt_tf: str
    tfvars: str

    def decisions(self, resource_type: str) -> list[dict[str, Any]]:
        return [d for d in self.report["decisions"] if d["type"] == resource_type]

    def change(self, address: str) -> dict[str, Any]:
        [change] = [c for c in self.report["changes"] if c["address"] == address]
        return change


@pytest.fixture(scope="module")
def organization(moto_sandbox: Any) -> Organization:
    management = moto_sandbox.new_account(REGION)
    ids = seed_organization(management)  # GuardDuty's organization admin: the audit account
    member = moto_sandbox.account(ids["workload"], REGION, role_name=MEMBER_ROLE_NAME)
    guardduty = seed_member_of_guardduty_administrator(member, [REGION], ids["audit"])
    assert guardduty.administrator_set, "harness.moto lacks set_guardduty_administrator"
    member.client("iam").update_account_password_policy(MinimumPasswordLength=8)
    [trail] = [t for t in management.client("cloudtrail", REGION).describe_trails()["trailList"]
               if t.get("IsOrganizationTrail")]
    outsider = moto_sandbox.new_account(REGION)
    outsider.client("iam").create_role(RoleName=MEMBER_ROLE_NAME, AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Action": "sts:AssumeRole",
            "Principal": {"AWS": "arn:aws:iam::999988887777:root"}}]}))
    return Organization(management=management, member=member, administrator_id=ids["audit"],
                        detector_id=guardduty.detector_ids[REGION],
                        organization_trail_arn=trail["TrailARN"], outsider=outsider)


def _terraform_settings(stack: Any) -> dict[str, str]:
    """What the harness adds to a terraform process's environment (``stack.tf.env`` is this
    process's environment plus these): the CLI configuration with the provider mirror, the
    TF_* switches and the sandbox endpoints."""
    endpoints = stack.account.provider_environment
    return {name: value for name, value in stack.tf.env.items()
            if (name.startswith("TF_") or name in ("CHECKPOINT_DISABLE", "GOGC")
                or name in endpoints) and name not in CREDENTIAL_VARIABLES}


def _as_management(monkeypatch: pytest.MonkeyPatch, management: Any, stack: Any) -> None:
    """This process as the CLI runs for a member: the management account's credentials; and
    the terraform process's sandbox settings, which the CLI passes on from this environment
    (it adds only AWS_PROFILE for a member, and the provider override written into the root
    carries the member's own credentials and role)."""
    for name, value in _terraform_settings(stack).items():
        if os.environ.get(name) != value:
            monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    credentials = management.session.get_credentials().get_frozen_credentials()
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", credentials.access_key)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", credentials.secret_key)
    monkeypatch.setenv("AWS_SESSION_TOKEN", credentials.token)
    monkeypatch.setenv("AWS_DEFAULT_REGION", management.region)


def _adopt_cli(root: Path, output: Path, endpoint: str, terraform: str, *extra: str,
               ) -> tuple[int, str]:
    """``python -m governance adopt`` in-process: (exit code, stderr)."""
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr):
        code = main(["adopt", "--root", str(root), "--output", str(output),
                     "--endpoint-url", endpoint, "--terraform", terraform, *extra])
    return code, stderr.getvalue()


@pytest.fixture(scope="module")
def member_stack(organization: Organization, toolchain: Any,
                 tmp_path_factory: pytest.TempPathFactory) -> Any:
    """examples/organization/member aimed at the member (its provider override reaches the
    member through OrganizationAccountAccessRole), initialised: the one terraform init."""
    quiet_tftest()
    member = organization.member
    stack = sandbox_stack(MEMBER_EXAMPLE, tmp_path_factory.mktemp("adoption-member"), toolchain,
                          member, variables={"account_id": member.account_id,
                                             "member_role_name": MEMBER_ROLE_NAME})
    stack.init()
    return stack


@pytest.fixture(scope="module")
def adopted(organization: Organization, member_stack: Any) -> Adopted:
    output = member_stack.workdir / "adopt"
    with pytest.MonkeyPatch.context() as monkeypatch:
        _as_management(monkeypatch, organization.management, member_stack)
        code, stderr = _adopt_cli(
            member_stack.root, output, organization.member.endpoint, member_stack.tf.binary,
            "--organization", "--account-id", organization.member.account_id,
            "--member-role", MEMBER_ROLE_NAME)
    report_file = output / "adoption-report.json"
    assert report_file.exists(), f"exit {code}, no report: {stderr}"
    adopt_tf = (member_stack.root / IMPORTS_FILE).read_text()
    tfvars_file = member_stack.root / VARIABLES_FILE
    return Adopted(stack=member_stack, output=output, exit_code=code, stderr=stderr,
                   report=json.loads(report_file.read_text()),
                   imports=dict(IMPORT_BLOCK.findall(adopt_tf)), adopt_tf=adopt_tf,
                   tfvars=tfvars_file.read_text() if tfvars_file.exists() else "")


def test_the_member_is_adopted_without_a_weakening(adopted: Adopted, organization: Organization):
    # Exit 0: nothing the apply changes in the member weakens a setting. The password policy
    # (length 8, nothing else) only gets stronger, the detector keeps its administrator's
    # frequency (null), and the trail, recorder, hub and S3 block are the baseline's own.
    assert adopted.exit_code == 0, adopted.stderr
    assert adopted.report["pending"] == [] and adopted.report["weakening"] == []
    assert adopted.report["refused"] == []
    assert f"account {organization.member.account_id} ({REGION}): " in adopted.stderr
    assert "governance_adoption_review" not in adopted.adopt_tf  # no review guard
    # the one init was the harness's; adoption ran two plans and nothing else
    assert [c["command"] for c in adopted.report["terraform_commands"]] == \
        ["plan", "show", "plan", "show"]
    assert (adopted.output / OFFBOARD_FILE).exists()


def test_the_reads_went_through_the_member_role(adopted: Adopted, organization: Organization):
    """The caller is the management account; every read (and the report) is the member's."""
    caller = organization.management.client("sts").get_caller_identity()["Account"]
    assert caller == organization.management.account_id  # what the CLI's credentials reach
    assert adopted.report["account_id"] == organization.member.account_id != caller
    assert adopted.report["regions"] == [REGION]
    assert adopted.report["emulator_endpoint"] == organization.member.endpoint
    assert f"for account {organization.member.account_id}:" in adopted.adopt_tf
    # the member's own password policy was read (the management account has none)
    [policy] = adopted.decisions("aws_iam_account_password_policy")
    assert (policy["action"], policy["import_id"]) == ("import", "iam-account-password-policy")
    assert adopted.imports[policy["address"]] == '"iam-account-password-policy"'
    change = adopted.change(policy["address"])
    lengths = [(a["before"], a["after"]) for a in change["attributes"]
               if a["name"] == "minimum_password_length"]
    assert lengths and lengths[0][0] == 8 and lengths[0][1] > 8, change


def test_the_detector_is_reused_and_its_frequency_left_to_the_administrator(
        adopted: Adopted, organization: Organization):
    admin = organization.administrator_id
    [detector] = adopted.decisions("aws_guardduty_detector")
    assert (detector["action"], detector["address"], detector["import_id"], detector["region"]) \
        == ("reuse", DETECTOR, organization.detector_id, REGION), detector
    assert f"administrator account {admin}" in detector["reason"]
    assert adopted.imports[DETECTOR] == json.dumps(organization.detector_id)
    # adopt.auto.tfvars: the frequency is null, with the administrator named in the reason
    assert FREQUENCY in adopted.report["variables"]
    assert adopted.report["variables"][FREQUENCY] is None
    assert re.search(rf"^# [^\n]*{admin}[^\n]*\n{FREQUENCY} = null$", adopted.tfvars,
                     re.MULTILINE), adopted.tfvars


def test_the_second_plan_imports_the_detector_without_a_frequency_change(
        adopted: Adopted, organization: Organization):
    # The administrator's value (GuardDuty's default) differs from the baseline's default
    # FIFTEEN_MINUTES: without the null the plan would change it (and the apply be refused).
    detector = organization.member.client("guardduty", REGION).get_detector(
        DetectorId=organization.detector_id)
    assert detector["FindingPublishingFrequency"] == "SIX_HOURS"
    change = adopted.change(DETECTOR)
    assert change["decision"] == "reuse"
    assert change["action"] in ("import", "import and update"), change
    names = [a["name"] for a in change["attributes"]]
    assert not [n for n in names if n.startswith("finding_publishing_frequency")], change
    assert not [a for a in change["attributes"] if a["name"] == "enable"], change


def test_the_organization_trail_is_left_untouched(adopted: Adopted, organization: Organization):
    management, arn = organization.management.account_id, organization.organization_trail_arn
    assert arn.split(":")[4] == management
    trails = adopted.decisions("aws_cloudtrail")
    [untouched] = [d for d in trails if d["existing"] == arn]
    assert untouched["action"] == "untouched" and untouched["address"] == "", untouched
    assert untouched["import_id"] is None
    assert untouched["reason"].startswith(f"organization trail of account {management}:"), \
        untouched
    # the baseline's own trail is the member's, created: the organization trail is not
    # mistaken for a trail of the member
    [own] = [d for d in trails if d["address"]]
    assert own["action"] == "create", own
    assert arn not in adopted.adopt_tf and "org-trail" not in adopted.adopt_tf
    assert not [address for address in adopted.imports if ".aws_cloudtrail." in address]


def _fresh_root(member_stack: Any, path: Path) -> Path:
    """A copy of the member root's configuration (no .terraform: any terraform command that
    ran in it would leave one)."""
    path.mkdir()
    for source in member_stack.root.iterdir():
        if source.is_file() and source.name not in (IMPORTS_FILE, VARIABLES_FILE):
            shutil.copy(source, path / source.name)
    return path


def test_organization_without_account_id_is_refused_in_one_line(
        organization: Organization, member_stack: Any, monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path):
    root = _fresh_root(member_stack, tmp_path / "root")
    before = sorted(p.name for p in root.iterdir())
    _as_management(monkeypatch, organization.management, member_stack)
    code, stderr = _adopt_cli(root, tmp_path / "out", organization.member.endpoint,
                              member_stack.tf.binary, "--organization")
    assert code == 2
    [line] = stderr.splitlines()
    assert line.startswith("error: --organization needs --account-id"), line
    assert sorted(p.name for p in root.iterdir()) == before


@pytest.mark.parametrize("case", ["untrusting role", "missing role"])
def test_a_member_role_that_refuses_the_caller_stops_before_terraform(
        case: str, organization: Organization, member_stack: Any,
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """An account whose OrganizationAccountAccessRole trusts another account, or a role name
    the member does not have (moto lets any missing role be assumed: the harness refuses it
    as AWS does): exit 2, one line naming the role, nothing written into the root and no
    terraform command run."""
    if case == "untrusting role":
        account_id, role = organization.outsider.account_id, MEMBER_ROLE_NAME
        refusal: Any = contextlib.nullcontext()
    else:
        account_id, role = organization.member.account_id, "NoSuchGovernanceRole"
        refusal = refuse_assume_role(account_id, role)
    root = _fresh_root(member_stack, tmp_path / "root")
    before = sorted(p.name for p in root.iterdir())
    _as_management(monkeypatch, organization.management, member_stack)
    with refusal:
        code, stderr = _adopt_cli(root, tmp_path / "out", organization.member.endpoint,
                                  member_stack.tf.binary, "--organization",
                                  "--account-id", account_id, "--member-role", role)
    assert code == 2, stderr
    [line] = stderr.splitlines()
    assert line.startswith("error: cannot open the audited account:"), line
    assert "AccessDenied" in line and f"arn:aws:iam::{account_id}:role/{role}" in line, line
    if case == "untrusting role":
        assert f"does not trust account {organization.management.account_id}" in line, line
    assert sorted(p.name for p in root.iterdir()) == before  # no adopt.tf, no .terraform
    assert not (tmp_path / "out" / "adoption-report.json").exists()
