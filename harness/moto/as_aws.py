"""Organizations as AWS answers each caller, and the AS_AWS switches.

moto answers every Organizations call from any account, from that account's own backend (a
member's ListAccounts lists nothing, a member may attach SCPs), and the GuardDuty and
Security Hub ListOrganizationAdminAccounts from any account. AWS (API reference): GuardDuty
and Security Hub ListOrganizationAdminAccounts only from the management account; the
Organizations reads below "only from the organization's management account or by a member
account that is a delegated administrator for an AWS service"; a plain member only
DescribeOrganization and its own handshakes. Refused calls answer AccessDeniedException
(Organizations: "You don't have permissions to access this resource."). A delegated
administrator's allowed reads are answered from the management account's backend (the
organization's data, as on AWS). Always on; AS_AWS["organizations"] = False (and
AS_AWS["assume_role_trust"] = False for trust_refusal, AS_AWS["brownfield"] = False for
brownfield.py) restores moto's leniency: only the tests that prove stock moto
still needs them do it.

Test: tests/seeded/test_organization_as_aws.py (each refusal, and
test_stock_moto_still_answers_what_aws_refuses, which fails when stock moto refuses by
itself: drop the refusals then).
"""

from __future__ import annotations

from typing import Any

AS_AWS: dict[str, bool] = {"organizations": True, "assume_role_trust": True, "brownfield": True}
AS_AWS_SERVICES = frozenset({"organizations", "guardduty"})
NO_PERMISSION = "You don't have permissions to access this resource."
MANAGEMENT_ONLY_ADMIN_LISTS = frozenset({"guardduty:listorganizationadminaccounts",
                                         "securityhub:listorganizationadminaccounts"})
DELEGATED_ADMIN_READS = frozenset(name.lower() for name in (
    "DescribeAccount", "DescribeCreateAccountStatus",
    "DescribeOrganizationalUnit", "DescribePolicy", "DescribeResourcePolicy",
    "ListAWSServiceAccessForOrganization", "ListAccounts", "ListAccountsForParent",
    "ListChildren", "ListCreateAccountStatus", "ListDelegatedAdministrators",
    "ListDelegatedServicesForAccount", "ListHandshakesForOrganization",
    "ListOrganizationalUnitsForParent", "ListParents", "ListPolicies", "ListPoliciesForTarget",
    "ListRoots", "ListTagsForResource", "ListTargetsForPolicy"))
# Any account of the organization (DescribeEffectivePolicy: a member for itself only).
MEMBER_CALLS = frozenset(name.lower() for name in (
    "DescribeOrganization", "DescribeEffectivePolicy", "LeaveOrganization",
    "ListHandshakesForAccount",
    "DescribeHandshake", "AcceptHandshake", "DeclineHandshake", "CreateOrganization"))


def organization_position(account_id: str) -> tuple[str, str | None]:
    """(``management`` | ``delegated-admin`` | ``member`` | ``none``, the management account
    id) of an account, from what moto's Organizations backends hold."""
    from moto.organizations.models import organizations_backends

    owner = organizations_backends.master_accounts.get(account_id)
    if owner is None:
        if account_id in organizations_backends and any(
                backend.org is not None for backend in organizations_backends[account_id].values()):
            return "management", account_id
        return "none", None
    backend = organizations_backends[owner[0]][owner[1]]
    if any(admin.account.id == account_id and admin.services for admin in backend.admins):
        return "delegated-admin", owner[0]
    return "member", owner[0]


def organization_refusal(service: str, action: str, account_id: str) -> str | None:
    """Why AWS refuses ``service:action`` from ``account_id`` (None: AWS answers it)."""
    if not AS_AWS["organizations"]:
        return None
    name = f"{service}:{action}".lower()
    if name in MANAGEMENT_ONLY_ADMIN_LISTS:
        position, _ = organization_position(account_id)
        if position in ("management", "none"):  # outside an organization: the service says so
            return None
        return (f"User: arn:aws:sts::{account_id}:assumed-role/audit/governance is not authorized "
                f"to perform: {service}:{action}: only the organization's management account may "
                "call it")
    if service != "organizations" or action.lower() in MEMBER_CALLS:
        return None
    position, _ = organization_position(account_id)
    if position in ("management", "none"):
        return None
    if position == "delegated-admin" and action.lower() in DELEGATED_ADMIN_READS:
        return None
    return NO_PERMISSION


def _refuse_as_organizations_does(response: Any) -> None:
    from moto.core.exceptions import JsonRESTError

    message = organization_refusal(response.service_name, response._get_action(),
                                   response.current_account)
    if message is not None:
        raise JsonRESTError("AccessDeniedException", message)


def _organizations_backend_as_aws(original: Any) -> Any:
    """A delegated administrator's allowed reads see the organization's data (the management
    account's backend); every other call keeps the caller's own backend."""
    from moto.organizations.models import organizations_backends

    def backend(self: Any) -> Any:
        if AS_AWS["organizations"] and self._get_action().lower() in DELEGATED_ADMIN_READS:
            position, management = organization_position(self.current_account)
            if position == "delegated-admin" and management is not None:
                return organizations_backends[management][self.partition]
        return original.fget(self)

    as_aws = property(backend)
    as_aws.fget.wrapped = True  # type: ignore[attr-defined]
    return as_aws


def install() -> None:
    """Organizations reads of a delegated administrator from the organization (idempotent)."""
    from moto.organizations.responses import OrganizationsResponse

    current = OrganizationsResponse.organizations_backend
    if not getattr(current.fget, "wrapped", False):
        OrganizationsResponse.organizations_backend = (  # type: ignore[method-assign]
            _organizations_backend_as_aws(current))


