"""examples/organization's management stack on the moto sandbox: an organization to audit.

``apply_organization`` applies terraform/examples/organization/management (the organization,
the Security and Workloads OUs, log-archive + audit + two workload accounts, the guardrail
SCPs on the root, the delegated administrators moto can hold, centralized root access and
the Organizations delegation policy, which the harness answers as AWS does) in a disposable
management account and returns an :class:`AppliedOrganization` with the account ids;
``AppliedOrganization.destroy`` destroys it and returns what is left (empty when clean).
``applied_organization`` does both around a ``with`` block (``make demo-org``)::

    sandbox = MotoSandbox()
    with applied_organization(sandbox, discover(), workdir) as org:
        org.management_account_id, org.log_archive_account_id, org.audit_account_id
        org.member_account_ids      # the two workload accounts
        org.session_in(account_id)  # boto3 session through OrganizationAccountAccessRole
        org.management.session      # the management account (Organizations reads)
    sandbox.stop()

Terraform commands: init, apply, output (then destroy): about 1.5 min for apply and 1 min
for destroy on this 2-core machine under load (tests/apply/test_organization.py).

The member baseline (examples/organization/member) is not applied here: the stack is what
the organization audit judges from the management account; members are reached by the
member role. moto creates OrganizationAccountAccessRole at CreateAccount, trusting the
management account, and the harness judges an existing role's trust policy and external id
as AWS does (harness.moto.access.trust_refusal; the sandbox operator's keys,
SANDBOX_CALLER_KEYS, are trusted everywhere, so ``session_in`` reaches any member). The
harness also refuses, as AWS does, the management-only GuardDuty / Security Hub admin lists
and the Organizations calls a member or delegated administrator may not make
(tests/seeded/test_organization_as_aws.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3

from harness.examples import sandbox_stack
from harness.moto_sandbox import SANDBOX_CALLER_KEYS, MotoSandbox, SandboxAccount
from harness.terraform import TerraformStack
from harness.toolchain import Toolchain

MANAGEMENT_EXAMPLE = "examples/organization/management"
MEMBER_EXAMPLE = "examples/organization/member"
MEMBER_ROLE_NAME = "OrganizationAccountAccessRole"
SECURITY_ACCOUNTS = ("log-archive", "audit")
SCP_SIZE_LIMIT = 5120


# Where an SCP's Deny statements name other actions than its probes (the catalog's table):
# the region guardrail denies by NotAction (global services exempt), the root guardrail "*".
STATEMENT_ACTIONS = {"deny-regions-outside-allowlist": frozenset(),
                     "deny-root-user": frozenset({"*"})}


def _guardrail_contract() -> dict[str, tuple[bool, frozenset[str]]]:
    """The shared guardrail contract, read from the catalog's table (the one the module and
    the organization controls follow): guardrail id => (on by default, the actions its Deny
    statements name)."""
    from governance.checks.organization import guardrails

    return {guardrail_id: (bool(g["default"]), STATEMENT_ACTIONS.get(guardrail_id, frozenset(
        probe["action"] for probe in g.get("denied", []))))
        for guardrail_id, g in guardrails().items()}


GUARDRAILS = _guardrail_contract()
DEFAULT_GUARDRAILS = frozenset(g for g, (on, _) in GUARDRAILS.items() if on)


@dataclass
class AppliedOrganization:
    """The applied management stack and what it created."""

    stack: TerraformStack = field(repr=False)
    management: SandboxAccount = field(repr=False)
    outputs: dict[str, Any]

    @property
    def management_account_id(self) -> str:
        return str(self.outputs["management_account_id"])

    @property
    def organization_id(self) -> str:
        return str(self.outputs["organization_id"])

    @property
    def account_ids(self) -> dict[str, str]:
        """Account name => id of every account the stack created (not the management)."""
        return dict(self.outputs["account_ids"])

    @property
    def log_archive_account_id(self) -> str:
        return self.account_ids["log-archive"]

    @property
    def audit_account_id(self) -> str:
        return self.account_ids["audit"]

    @property
    def member_account_ids(self) -> list[str]:
        """The workload accounts (every created account but log-archive and audit)."""
        return sorted(i for name, i in self.account_ids.items() if name not in SECURITY_ACCOUNTS)

    def session_in(self, account_id: str, role_name: str = MEMBER_ROLE_NAME) -> Any:
        """A boto3 session in ``account_id`` through its member role (as a real audit would)."""
        sts = boto3.client("sts", region_name=self.management.region,
                           endpoint_url=self.management.endpoint, **SANDBOX_CALLER_KEYS)
        credentials = sts.assume_role(RoleArn=f"arn:aws:iam::{account_id}:role/{role_name}",
                                      RoleSessionName="governance-organization")["Credentials"]
        return boto3.Session(aws_access_key_id=credentials["AccessKeyId"],
                             aws_secret_access_key=credentials["SecretAccessKey"],
                             aws_session_token=credentials["SessionToken"],
                             region_name=self.management.region)

    def destroy(self) -> list[str]:
        """terraform destroy; returns what the management account still holds (empty: clean)."""
        self.stack.destroy()
        return remaining_organization(self.management)


def remaining_organization(account: SandboxAccount) -> list[str]:
    """What an organization left in its management account: the organization, its OUs,
    accounts, customer SCPs, delegated administrators, the delegation policy and centralized
    root access features (moto's AWS-managed FullAWSAccess and the management account itself
    are not counted)."""
    from harness.moto.organization_features import ORGANIZATIONS_FEATURES, RESOURCE_POLICIES

    organizations = account.client("organizations")
    left = [f"delegation policy {RESOURCE_POLICIES[account.account_id]['Id']}"] \
        if account.account_id in RESOURCE_POLICIES else []
    try:
        organization = organizations.describe_organization()["Organization"]
    except organizations.exceptions.AWSOrganizationsNotInUseException:
        return left
    left += [f"root access feature {feature}"
             for feature in sorted(ORGANIZATIONS_FEATURES.get(organization["Id"], ()))]
    left += [f"organization {organization['Id']}"]
    left += [f"account {a['Id']} ({a['Name']})"
             for a in organizations.list_accounts()["Accounts"] if a["Id"] != account.account_id]
    for root in organizations.list_roots()["Roots"]:
        left += [f"OU {ou['Id']} ({ou['Name']})" for ou in organizations.list_organizational_units_for_parent(
            ParentId=root["Id"])["OrganizationalUnits"]]
    left += [f"SCP {p['Id']} ({p['Name']})" for p in organizations.list_policies(
        Filter="SERVICE_CONTROL_POLICY")["Policies"] if not p["AwsManaged"]]
    left += [f"delegated administrator {d['Id']}"
             for d in organizations.list_delegated_administrators()["DelegatedAdministrators"]]
    return left


def apply_organization(sandbox: MotoSandbox, toolchain: Toolchain, workdir: Path,
                       variables: dict[str, Any] | None = None,
                       on_output: Callable[[str], None] | None = None) -> AppliedOrganization:
    """Apply the management stack in a fresh sandbox account (3 terraform commands: init,
    apply, output). On a failed apply whatever was created is destroyed before raising."""
    management = sandbox.new_account()
    stack = sandbox_stack(MANAGEMENT_EXAMPLE, workdir, toolchain, management,
                          variables, on_output=on_output)
    stack.init()
    try:
        stack.apply()
        outputs = stack.outputs()
    except Exception:
        if stack.state_file.exists():
            stack.destroy()
        raise
    return AppliedOrganization(stack=stack, management=management, outputs=outputs)


@contextmanager
def applied_organization(sandbox: MotoSandbox, toolchain: Toolchain, workdir: Path,
                         variables: dict[str, Any] | None = None,
                         on_output: Callable[[str], None] | None = None,
                         ) -> Iterator[AppliedOrganization]:
    """The organization for the ``with`` block; destroyed on the way out. A destroy that
    leaves something behind raises with the list."""
    organization = apply_organization(sandbox, toolchain, workdir, variables, on_output)
    try:
        yield organization
    finally:
        left = organization.destroy()
        if left:
            raise RuntimeError(f"destroy of {MANAGEMENT_EXAMPLE} left: {', '.join(left)}")
