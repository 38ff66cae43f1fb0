"""Live values of the root user (ACCT-001.1: MFA and access keys; ACCT-001.2: its last use
and the alarm on it) and the alternate contacts (ACCT-001.3).
"""

from __future__ import annotations

from typing import Any

from governance.model import AccountSnapshot
from governance.report.evidence import Requirement
from governance.report.live_values.alerts import alarms_table, named_alarms
from governance.report.live_values.reads import (
    ROOT_USER,
    LiveTable,
    Missing,
    Reads,
    credential_rows,
    flag,
    report_generated,
    report_value,
)

ALTERNATE_CONTACT_TYPES = ("SECURITY", "OPERATIONS", "BILLING")


def root_tables(snapshot: AccountSnapshot, requirement: Requirement) -> list[LiveTable]:
    """The root user's security recommendations: MFA, access keys, last use."""
    reads = Reads(snapshot)
    rows_read = credential_rows(reads)
    summary = reads("iam:GetAccountSummary")
    columns = ["Field", "Value"]
    root: Any
    if isinstance(rows_read, Missing):
        root = rows_read
    else:
        root = next((row for row in rows_read or [] if row.get("user") == ROOT_USER), None)
        if root is None:
            root = reads.note(Missing("iam:GetCredentialReport", None,
                                      "the credential report has no <root_account> row"))

    def root_field(name: str) -> Any:
        return root if isinstance(root, Missing) else report_value(root.get(name))

    def summary_field(name: str) -> Any:
        if isinstance(summary, Missing):
            return summary
        if name not in (summary or {}):
            return reads.note(Missing("iam:GetAccountSummary", None, f"no {name} in the read"))
        return flag(summary[name])

    rows: list[list[Any]] = [
        ["MFA active (credential report)", flag(root_field("mfa_active"))],
        ["Access key 1 active", flag(root_field("access_key_1_active"))],
        ["Access key 2 active", flag(root_field("access_key_2_active"))],
        ["Password last used", root_field("password_last_used")],
        ["Account MFA enabled (account summary)", summary_field("AccountMFAEnabled")],
        ["Root access keys present (account summary)", summary_field("AccountAccessKeysPresent")],
        ["Credential report generated at", report_generated(reads)],
    ]
    if not isinstance(summary, Missing) and "AccountPasswordPresent" in (summary or {}):
        rows.insert(6, ["Root password present (account summary)",
                        summary_field("AccountPasswordPresent")])
    return [reads.table("root-user", "Root user", columns, rows, fields=True)]


def root_use_tables(snapshot: AccountSnapshot, requirement: Requirement) -> list[LiveTable]:
    reads = Reads(snapshot)
    rows_read = credential_rows(reads)
    root: Any = rows_read
    if not isinstance(rows_read, Missing):
        root = next((row for row in rows_read or [] if row.get("user") == ROOT_USER), None) \
            or reads.note(Missing("iam:GetCredentialReport", None,
                                  "the credential report has no <root_account> row"))

    def root_field(name: str) -> Any:
        return root if isinstance(root, Missing) else report_value(root.get(name))

    rows: list[list[Any]] = [
        ["Password last used", root_field("password_last_used")],
        ["Access key 1 last used", root_field("access_key_1_last_used_date")],
        ["Access key 2 last used", root_field("access_key_2_last_used_date")],
        ["Credential report generated at", report_generated(reads)],
    ]
    return [reads.table("root-use", "Root user activity", ["Field", "Value"], rows, fields=True),
            alarms_table(snapshot, named_alarms(requirement), "root-use-alarms",
                         "Alarm on root user activity")]


def contacts_tables(snapshot: AccountSnapshot, requirement: Requirement) -> list[LiveTable]:
    reads = Reads(snapshot)
    contacts = reads("account:GetAlternateContact")
    columns = ["Type", "Name", "Title", "Email", "Phone"]
    if isinstance(contacts, Missing):
        return [reads.unread("contacts", "Alternate contacts", columns)]
    rows: list[list[Any]] = []
    for kind in ALTERNATE_CONTACT_TYPES:
        contact = (contacts or {}).get(kind)
        if contact is None:
            rows.append([kind.title(), "not set", "", "", ""])
        else:
            rows.append([kind.title(), contact.get("Name"), contact.get("Title"),
                         contact.get("EmailAddress"), contact.get("PhoneNumber")])
    return [reads.table("contacts", "Alternate contacts", columns, rows)]
