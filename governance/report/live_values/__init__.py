"""Live values for the evidence document (governance/report/document.py): per partner
checklist item, the tables that stand where a console screenshot used to (the trail's general
details, the root user's security state, the groups and their policies, the roles with their
session length and trust conditions, the Identity Center permission sets and assignments, the
alarms and EventBridge rules with their targets...).

A value comes only from a read of the snapshot. A read missing or failed in this run (or an
entry the read lacks) shows :data:`NOT_READ`, and the table lists the read and its reason:
never an invented value, never a verdict (verdicts come from the checks). Every value
passes through :mod:`governance.report.redact`.

One module per requirement family, :data:`TABLES` maps each checklist item to its tables:

* ``reads.py``: what every table is built of (Reads, Missing, LiveTable, cell formatting,
  ``regional_rows`` for the per-region tables);
* ``account.py``: root user, its use, alternate contacts (ACCT-001.1 to ACCT-001.3);
* ``trail.py``: trails and their buckets (ACCT-001.4, ACCT-001.5);
* ``config.py``: AWS Config recorders (ACCT-001.6);
* ``alerts.py``: EventBridge rules and metric alarms (ACCT-001.7, ACCT-001.8);
* ``identity.py``: IAM groups, users, keys, roles, federation, permission sets, console
  users, password policy (ACCT-002.1 to ACCT-002.8).

A table for a new requirement goes into its family's module (or a new one), with an entry
here and its template block in templates/document.html.j2.
"""

from __future__ import annotations

from collections.abc import Callable

from governance.model import AccountSnapshot
from governance.report.evidence import Requirement
from governance.report.live_values.account import (
    ALTERNATE_CONTACT_TYPES,
    contacts_tables,
    root_tables,
    root_use_tables,
)
from governance.report.live_values.alerts import (
    alarms_table,
    iam_change_tables,
    other_alarm_tables,
    rules_table,
)
from governance.report.live_values.config import config_tables
from governance.report.live_values.identity import (
    PASSWORD_FIELDS,
    console_tables,
    federation_tables,
    groups_tables,
    keys_tables,
    password_tables,
    permission_set_tables,
    roles_tables,
    users_tables,
)
from governance.report.live_values.reads import (
    LIST_LIMIT,
    NOT_READ,
    ROOT_USER,
    LiveTable,
    Missing,
    Reads,
    cell,
    lines,
    regional_rows,
)
from governance.report.live_values.trail import bucket_tables, trail_tables

# Each checklist item's live values (an item without an entry shows its findings only).
TABLES: dict[str, Callable[[AccountSnapshot, Requirement], list[LiveTable]]] = {
    "ACCT-001.1": root_tables,
    "ACCT-001.2": root_use_tables,
    "ACCT-001.3": contacts_tables,
    "ACCT-001.4": trail_tables,
    "ACCT-001.5": bucket_tables,
    "ACCT-001.6": config_tables,
    "ACCT-001.7": iam_change_tables,
    "ACCT-001.8": other_alarm_tables,
    "ACCT-002.1": groups_tables,
    "ACCT-002.2": users_tables,
    "ACCT-002.3": keys_tables,
    "ACCT-002.4": roles_tables,
    "ACCT-002.5": federation_tables,
    "ACCT-002.6": permission_set_tables,
    "ACCT-002.7": console_tables,
    "ACCT-002.8": password_tables,
}

__all__ = ["ALTERNATE_CONTACT_TYPES", "LIST_LIMIT", "NOT_READ", "PASSWORD_FIELDS", "ROOT_USER",
           "TABLES", "LiveTable", "Missing", "Reads", "alarms_table", "bucket_tables", "cell",
           "config_tables", "console_tables", "contacts_tables", "federation_tables",
           "groups_tables", "iam_change_tables", "keys_tables", "lines", "other_alarm_tables",
           "password_tables", "permission_set_tables", "regional_rows", "roles_tables",
           "root_tables", "root_use_tables", "rules_table", "trail_tables", "users_tables"]
