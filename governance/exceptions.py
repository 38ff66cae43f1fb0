"""Exceptions (waivers) as auditors expect them: part of the evidence, never a way to hide it.

A file (``--exceptions FILE``, TOML or YAML) lists entries, each naming what it covers and
why::

    [[exception]]
    control = "iam-no-full-admin-policy-attached"   # or: item = "cis_aws_v7:2.14"
    account = "111122223333"                         # optional, default every account
    resource = "role/governance-admin"               # optional glob on the finding's resource
    reason = "break-glass administration: MFA-only trust, 1 h sessions, alarmed on use"
    owner = "platform-security@example.com"
    expires = 2027-06-30

An item names its edition (``cis_aws_v7:2.14``, never ``cis:2.14``: the alias for the
newest CIS edition would move the exception to another item when a newer edition comes).
A FAIL finding that an unexpired exception covers becomes WAIVED, keeping its original
reason; it never counts as PASS. A control exception applies to the control's findings
everywhere; an item exception only to that item's verdict (the same finding still FAILs
under other items). ERROR is never waived: what could not be read stays unknown. An
expired exception is ignored and reported.
"""

from __future__ import annotations

import fnmatch
import re
import sys
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from governance.catalog import catalog
from governance.catalog.frameworks import FRAMEWORK_ALIASES, framework_names
from governance.model import Finding, Status

FIELDS = {"control", "item", "account", "resource", "reason", "owner", "expires"}
# An account: 12 digits, or a glob over digits (``1111*``, ``*``).
ACCOUNT_PATTERN = re.compile(r"[0-9*?]{1,12}")


class ExceptionsError(ValueError):
    """A malformed exceptions file: one line that says which entry and what is wrong."""


@dataclass(frozen=True)
class Waiver:
    reason: str
    owner: str
    expires: date
    control: str = ""
    item: str = ""  # "<framework key>:<item id>", e.g. "cis_aws_v7:2.14"
    account: str = "*"
    resource: str = "*"

    @property
    def target(self) -> str:
        return self.control or self.item

    def expired(self, today: date) -> bool:
        return self.expires < today

    def covers(self, finding: Finding, account_id: str) -> bool:
        return (finding.status is Status.FAIL
                and fnmatch.fnmatchcase(account_id, self.account)
                and fnmatch.fnmatchcase(finding.resource, self.resource))

    def to_dict(self) -> dict[str, Any]:
        return {"target": self.target, "account": self.account, "resource": self.resource,
                "reason": self.reason, "owner": self.owner, "expires": self.expires.isoformat()}


def _parse_entry(number: int, entry: Any) -> Waiver:
    where = f"exception #{number}"
    if not isinstance(entry, dict):
        raise ExceptionsError(f"{where}: must be a table of {', '.join(sorted(FIELDS))}")
    unknown = sorted(set(entry) - FIELDS)
    if unknown:
        raise ExceptionsError(f"{where}: unknown field(s) {', '.join(unknown)}")
    if bool(entry.get("control")) == bool(entry.get("item")):
        raise ExceptionsError(f"{where}: name exactly one of control or item")
    for name in ("reason", "owner", "expires"):
        if not str(entry.get(name) or "").strip():
            raise ExceptionsError(f"{where}: {name} is required (an exception without a "
                                  "reason, an owner and an expiry is not evidence)")
    for name in ("reason", "owner", "control", "item", "resource"):
        if name in entry and not isinstance(entry[name], str):
            raise ExceptionsError(f"{where}: {name} must be a string (quote it), not "
                                  f"{type(entry[name]).__name__} {entry[name]!r}")
    account = entry.get("account", "*")
    if not isinstance(account, str):
        raise ExceptionsError(f"{where}: account must be a quoted string of 12 digits or a glob "
                              f"(YAML and TOML read {account!r} as a {type(account).__name__}: "
                              "a leading zero is lost)")
    if not ACCOUNT_PATTERN.fullmatch(account) or (
            not re.search(r"[*?]", account) and len(account) != 12):
        raise ExceptionsError(f"{where}: account {account!r} is not a 12-digit account id or "
                              "a glob over digits (e.g. '111122223333', '1111*')")
    expires = entry["expires"]
    if isinstance(expires, datetime):
        raise ExceptionsError(f"{where}: expires {expires.isoformat()} is a date-time; write the "
                              "last day the exception holds as a date (YYYY-MM-DD)")
    if not isinstance(expires, date):
        try:
            expires = date.fromisoformat(str(expires))
        except ValueError as error:
            raise ExceptionsError(f"{where}: expires {expires!r} is not a date (YYYY-MM-DD)") \
                from error
    control, item = str(entry.get("control") or ""), str(entry.get("item") or "")
    _check_target(where, control, item)
    return Waiver(reason=str(entry["reason"]).strip(), owner=str(entry["owner"]).strip(),
                  expires=expires, control=control, item=item,
                  account=account,
                  resource=str(entry.get("resource") or "*"))


def _check_target(where: str, control: str, item: str) -> None:
    if control and control not in catalog():
        raise ExceptionsError(f"{where}: unknown control {control!r}")
    if item:
        key, _, item_id = item.partition(":")
        if key in FRAMEWORK_ALIASES:  # an exception must not change items with a new edition
            raise ExceptionsError(f"{where}: item {item!r} names no edition: write the edition "
                                  f"the exception is for (e.g. {FRAMEWORK_ALIASES[key]}:"
                                  f"{item_id or '<item id>'}); frameworks: "
                                  f"{', '.join(framework_names())}")
        if key not in framework_names() or not item_id:
            raise ExceptionsError(f"{where}: item {item!r} must be <framework>:<item id> with a "
                                  f"framework of {', '.join(framework_names())}")
        mapped = {i for control in catalog().values() for k, i in control.frameworks.items()
                  if k == key}
        if item_id not in mapped:
            raise ExceptionsError(f"{where}: no control answers item {item!r}")


def load_exceptions(path: Path) -> list[Waiver]:
    """The exceptions of a TOML (``[[exception]]``) or YAML (``exceptions:`` list) file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ExceptionsError(f"cannot read exceptions file {path}: {error.strerror}") from error
    try:
        if path.suffix.lower() in {".yaml", ".yml"}:
            import yaml

            data = yaml.safe_load(text) or {}
        else:
            data = tomllib.loads(text)
    except Exception as error:  # yaml.YAMLError or tomllib.TOMLDecodeError: one line either way
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise ExceptionsError(f"exceptions file {path} is not valid "
                              f"{'YAML' if path.suffix.lower() in {'.yaml', '.yml'} else 'TOML'}: "
                              f"{first}") from error
    entries = data.get("exception", data.get("exceptions")) if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ExceptionsError(f"exceptions file {path}: expected a list under 'exception' "
                              "(TOML [[exception]]) or 'exceptions' (YAML)")
    waivers = [_parse_entry(number, entry) for number, entry in enumerate(entries, 1)]
    for number, waiver in enumerate(waivers, 1):
        if waiver.account == "*" and waiver.resource == "*":
            print(f"warning: exception #{number} ({waiver.target}) covers every account and "
                  "every resource: name the account and resource it is for", file=sys.stderr)
    return waivers


def waived(finding: Finding, waiver: Waiver) -> Finding:
    return replace(finding, status=Status.WAIVED,
                   reason=f"waived until {waiver.expires.isoformat()} by {waiver.owner}: "
                          f"{waiver.reason} (finding: {finding.reason})",
                   evidence={**finding.evidence, "waiver": waiver.to_dict(),
                             "original_status": finding.status.value})


def split_expired(waivers: Iterable[Waiver], today: date) -> tuple[list[Waiver], list[Waiver]]:
    """(in force, expired)."""
    waivers = list(waivers)
    return ([w for w in waivers if not w.expired(today)], [w for w in waivers if w.expired(today)])


def apply_control_waivers(findings: Iterable[Finding], waivers: Iterable[Waiver],
                          account_id: str) -> list[Finding]:
    """Findings with every FAIL that an in-force control exception covers turned WAIVED."""
    by_control: dict[str, list[Waiver]] = {}
    for waiver in waivers:
        if waiver.control:
            by_control.setdefault(waiver.control, []).append(waiver)
    result = []
    for finding in findings:
        match = next((w for w in by_control.get(finding.control_id, [])
                      if w.covers(finding, account_id)), None)
        result.append(waived(finding, match) if match else finding)
    return result
