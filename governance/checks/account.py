"""Checks of the account's alternate contacts (account-guardrails)."""

from __future__ import annotations

from typing import Any

from governance.checks import check
from governance.model import AccountSnapshot, Finding, Status

CONTACT_FIELDS = ("Name", "EmailAddress", "PhoneNumber")


def _missing_fields(contact: dict[str, Any] | None) -> list[str]:
    if not contact:
        return list(CONTACT_FIELDS)
    return [field for field in CONTACT_FIELDS if not str(contact.get(field) or "").strip()]


def _contacts_finding(control: str, snapshot: AccountSnapshot,
                      types: tuple[str, ...]) -> list[Finding]:
    contacts = snapshot.get("account:GetAlternateContact")
    problems = []
    for contact_type in types:
        contact = contacts.get(contact_type)
        if contact is None:
            problems.append(f"no {contact_type} alternate contact")
        elif missing := _missing_fields(contact):
            problems.append(f"{contact_type} contact lacks {', '.join(missing)}")
    evidence = {t: {"set": contacts.get(t) is not None,
                    "title": (contacts.get(t) or {}).get("Title")} for t in types}
    if problems:
        return [Finding(control, Status.FAIL, "; ".join(problems), evidence=evidence)]
    return [Finding(control, Status.PASS,
                    f"{', '.join(types)} alternate contact(s) set with name, e-mail and phone",
                    evidence=evidence)]


@check("account-security-contact")
def security_contact(snapshot: AccountSnapshot) -> list[Finding]:
    return _contacts_finding("account-security-contact", snapshot, ("SECURITY",))


@check("account-alternate-contacts")
def alternate_contacts(snapshot: AccountSnapshot) -> list[Finding]:
    return _contacts_finding("account-alternate-contacts", snapshot, ("OPERATIONS", "BILLING"))
