"""The accounts of an organization, read through AWS Organizations (read-only calls only).

Every account comes with its OU path (``Root/Workloads/Prod``), found by walking the tree
from the root once. Filters: ``--ou`` (the OU subtrees), ``--accounts FILE`` (ids),
``--exclude``. An unknown OU or account id is an :class:`OrganizationError` raised before
any account is audited.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ACCOUNT_ID = re.compile(r"\d{12}")
OU_ID = re.compile(r"(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})")


class OrganizationError(Exception):
    """The organization cannot be listed as asked: reported in one line, nothing audited."""


@dataclass(frozen=True)
class OrgAccount:
    """One account to audit: plain data, sent as a dict to the unit of work."""

    account_id: str
    name: str
    email: str
    ou_path: str
    role: str  # "management" or "member"
    ou_ids: tuple[str, ...] = ()
    # Audit this account as a delegated administrator (it reads the organization layer AWS
    # lets a delegated administrator read). The organization audit never sets it: the
    # organization layer is judged once, in the management account's unit, which reads
    # the Config delegated administrator's aggregators through the member role.
    delegated_admin: bool = False

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["ou_ids"] = list(self.ou_ids)
        return data


@dataclass(frozen=True)
class Organization:
    id: str
    management_account_id: str
    caller_account_id: str
    accounts: tuple[OrgAccount, ...]


def read_account_file(path: Path) -> list[str]:
    """Account ids of ``--accounts FILE``: one a line; blank lines and ``#`` comments
    ignored; anything else that is not 12 digits is an error."""
    try:
        lines = path.read_text().splitlines()
    except OSError as error:
        raise OrganizationError(f"cannot read --accounts {path}: {error}") from error
    ids = []
    for number, line in enumerate(lines, start=1):
        value = line.split("#", 1)[0].strip()
        if not value:
            continue
        if not ACCOUNT_ID.fullmatch(value):
            raise OrganizationError(f"--accounts {path} line {number}: {value!r} is not a "
                                    "12-digit account id")
        ids.append(value)
    if not ids:
        raise OrganizationError(f"--accounts {path} lists no account id")
    return ids


def account_state(account: dict[str, Any]) -> str:
    """An Organizations account's state: ``State`` (ACTIVE, SUSPENDED, PENDING_CLOSURE,
    CLOSED, PENDING_ACTIVATION), else the ``Status`` that AWS retires on 2026-09-09."""
    return str(account.get("State") or account.get("Status") or "")


def _error_code(error: Exception) -> str:
    response = getattr(error, "response", None) or {}
    return str(response.get("Error", {}).get("Code", ""))


def _walk(client: Any) -> dict[str, tuple[str, tuple[str, ...]]]:
    """account id -> (OU path, ids of the root and OUs above it), walking from the root."""
    placed: dict[str, tuple[str, tuple[str, ...]]] = {}
    roots = client.get_paginator("list_roots").paginate()
    pending = [(root["Id"], root.get("Name") or "Root", (root["Id"],))
               for page in roots for root in page["Roots"]]
    while pending:
        parent, path, ids = pending.pop()
        for page in client.get_paginator("list_accounts_for_parent").paginate(ParentId=parent):
            for account in page["Accounts"]:
                placed[account["Id"]] = (path, ids)
        for page in client.get_paginator("list_organizational_units_for_parent").paginate(
                ParentId=parent):
            for unit in page["OrganizationalUnits"]:
                pending.append((unit["Id"], f"{path}/{unit['Name']}", (*ids, unit["Id"])))
    return placed


def list_organization(session: Any, *, endpoint_url: str | None = None,
                      ous: Iterable[str] = (), account_ids: Iterable[str] = (),
                      exclude: Iterable[str] = ()) -> Organization:
    """The organization and the ACTIVE accounts to audit, management account included.

    ``ous``: only accounts under these OUs (or roots); ``account_ids``: only these;
    ``exclude``: never these. Unknown ids are an error, as is a caller outside an
    organization or without the right to list it."""
    from botocore.exceptions import BotoCoreError, ClientError

    ous, account_ids, exclude = list(ous), list(account_ids), list(exclude)
    bad = [v for v in [*account_ids, *exclude] if not ACCOUNT_ID.fullmatch(v)]
    if bad:
        raise OrganizationError(f"not a 12-digit account id: {', '.join(bad)}")
    bad = [v for v in ous if not OU_ID.fullmatch(v)]
    if bad:
        raise OrganizationError(f"not an OU id (ou-xxxx-xxxxxxxx or r-xxxx): {', '.join(bad)}")
    client = session.client("organizations", endpoint_url=endpoint_url)
    try:
        caller = session.client("sts", endpoint_url=endpoint_url).get_caller_identity()["Account"]
        organization = client.describe_organization()["Organization"]
        accounts = [account for page in client.get_paginator("list_accounts").paginate()
                    for account in page["Accounts"]]
        placed = _walk(client)
    except ClientError as error:
        code = _error_code(error)
        if code == "AWSOrganizationsNotInUseException":
            raise OrganizationError("the caller's account is not in an AWS Organization: run "
                                    "--organization from the management account or a "
                                    "delegated administrator") from error
        if code in {"AccessDeniedException", "AccessDenied"}:
            raise OrganizationError("cannot list the organization's accounts (AccessDenied): "
                                    "run from the management account or a delegated "
                                    "administrator") from error
        raise OrganizationError(f"cannot list the organization: {error}") from error
    except BotoCoreError as error:
        raise OrganizationError(f"cannot list the organization: {error}") from error
    management = organization["MasterAccountId"]
    known = {account["Id"]: account for account in accounts}
    missing = sorted((set(account_ids) | set(exclude)) - set(known))
    if missing:
        raise OrganizationError(f"not an account of organization {organization['Id']}: "
                                f"{', '.join(missing)}")
    known_units = {unit for _, ids in placed.values() for unit in ids}
    unknown_units = sorted(set(ous) - known_units - set(_ou_ids_without_accounts(client, ous)))
    if unknown_units:
        raise OrganizationError(f"not an OU of organization {organization['Id']}: "
                                f"{', '.join(unknown_units)}")
    selected = []
    for account in sorted(accounts, key=lambda a: a["Id"]):
        account_id = account["Id"]
        if account_state(account) != "ACTIVE" or account_id in exclude:
            continue
        if account_ids and account_id not in account_ids:
            continue
        path, ids = placed.get(account_id, ("Root", ()))
        if ous and not set(ous) & set(ids):
            continue
        selected.append(OrgAccount(account_id, account.get("Name", ""), account.get("Email", ""),
                                   path, "management" if account_id == management else "member",
                                   ids))
    return Organization(organization["Id"], management, caller, tuple(selected))


def _ou_ids_without_accounts(client: Any, ous: list[str]) -> list[str]:
    """OUs named on the command line that exist but hold no account (DescribeOrganizationalUnit)."""
    from botocore.exceptions import ClientError

    found = []
    for unit in ous:
        if unit.startswith("r-"):
            continue
        try:
            client.describe_organizational_unit(OrganizationalUnitId=unit)
        except ClientError:
            continue
        found.append(unit)
    return found
