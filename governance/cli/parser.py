"""The argparse definitions of every command: ``audit``, ``audit-account``, ``adopt``,
``rollup`` and ``explain``, with each flag's help text.

The checks of what the flags hold are the commands' own (governance/cli/audit.py,
organization.py, adopt.py ...): argparse only reads them.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from governance.audit import FORMATS

ADOPT_FORMATS = ("json", "markdown", "html")


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m governance",
                                   description="Audit an AWS account's governance baseline.")
    commands = main.add_subparsers(dest="command", required=True)
    audit = commands.add_parser("audit", help="collect an account read-only and check every control")
    source = audit.add_argument_group("where to read")
    source.add_argument("--profile", help="AWS profile of the audited account")
    source.add_argument("--role-arn", help="assume this role in the audited account first")
    source.add_argument("--external-id", help="external id for --role-arn")
    source.add_argument("--regions", help="comma-separated regions (default: the profile's)")
    source.add_argument("--endpoint-url", help="an emulator endpoint such as moto")
    source.add_argument("--from-snapshot", type=Path, help="evaluate a saved snapshot offline")
    source.add_argument("--root-use-window-days", type=int, default=None,
                        help="root used only by exception: no root sign-in or key use within "
                             "this many days (default 90); kept in a saved snapshot")
    out = audit.add_argument_group("what to write")
    out.add_argument("--format", default="table",
                     help=f"comma-separated output formats: {', '.join(FORMATS)}")
    out.add_argument("--output", type=Path, help="directory for file formats (default: stdout)")
    out.add_argument("--save-snapshot", type=Path,
                     help="also write the collected snapshot here (with --controls or "
                          "--framework: only the reads those controls need; other controls "
                          "evaluated from it are ERROR)")
    out.add_argument("--controls", help="comma-separated control ids (default: all)")
    out.add_argument("--exceptions", type=Path,
                     help="TOML or YAML file of exceptions (control or framework item, account, "
                          "resource pattern, reason, owner, expiry): covered FAILs show WAIVED")
    out.add_argument("--framework",
                     help="only controls answering these frameworks or items: cis (the "
                          "newest CIS edition), an edition (cis_aws_v7 ... cis_aws_v3), acct, "
                          "ftr, securityhub, config_rule; an item as KEY:ITEM (cis_aws_v7:2.8, "
                          "cis:2.8) or an id only one framework has (ACCT-001)")
    out.add_argument("--include-organization-controls", action="store_true",
                     help="also run the organization controls (SCPs, organization trail, "
                          "delegated administrators) in an account that manages no "
                          "organization, where they are NOT_APPLICABLE; left out there unless "
                          "--controls or a --framework item names them")
    org = audit.add_argument_group("a whole organization (from the management or a delegated "
                                   "administrator account)")
    org.add_argument("--organization", action="store_true",
                     help="audit every ACTIVE account of the organization; writes "
                          "DIR/accounts/<id>/ and DIR/rollup.{json,md,junit.xml,html}")
    _member_flags(org)
    org.add_argument("--ou", help="comma-separated OU (or root) ids: only accounts in their subtrees")
    org.add_argument("--accounts", type=Path, help="file of account ids to audit, one a line")
    org.add_argument("--exclude", help="comma-separated account ids never to audit")
    org.add_argument("--concurrency", type=int, default=None,
                     help="accounts audited at once by local threads (default: "
                          "governance.organization.run.DEFAULT_CONCURRENCY)")
    org.add_argument("--scheduler", help="tcp://HOST:PORT of a Dask distributed scheduler: "
                                         "one task per account (needs the [dask] extra)")
    org.add_argument("--resume", type=Path, metavar="DIR",
                     help="continue an organization audit in DIR: accounts with a done "
                          "marker are skipped, the others (errored ones too) audited")
    org.add_argument("--account-deadline", type=float, default=None, metavar="SECONDS",
                     help="an account not audited within SECONDS is ERROR \"timed out\" "
                          "(default: governance.organization.unit.DEFAULT_ACCOUNT_DEADLINE)")
    one = commands.add_parser(
        "audit-account", help="one account of an organization audit (the unit of work: a "
                              "container per account runs this), then `rollup DIR`")
    one.add_argument("--account-id", required=True, help="the 12-digit account to audit")
    one.add_argument("--output", type=Path, required=True, help="the organization audit's DIR")
    one.add_argument("--management", action="store_true",
                     help="this is the management account: read with the caller's credentials")
    one.add_argument("--name", default="", help="account name for the roll-up")
    one.add_argument("--ou-path", default="", help="OU path for the roll-up (Root/Workloads)")
    one.add_argument("--profile", help="AWS profile of the caller")
    one.add_argument("--regions", help="comma-separated regions (default: the account's enabled)")
    one.add_argument("--endpoint-url", help="an emulator endpoint such as moto")
    one.add_argument("--controls", help="comma-separated control ids (default: all)")
    one.add_argument("--exceptions", type=Path, help="TOML or YAML file of exceptions")
    _member_flags(one)
    _adopt_parser(commands)
    rollup = commands.add_parser("rollup", help="(re)build DIR/rollup.* from DIR/accounts/*")
    rollup.add_argument("directory", type=Path, help="the organization audit's DIR")
    _explain_parser(commands)
    return main


def _adopt_parser(commands: Any) -> None:
    adopt = commands.add_parser(
        "adopt", help="read an existing account and write the import blocks, the kept names "
                      "and a change report that adopt its singletons into the baseline")
    adopt.add_argument("--root", type=Path, required=True,
                       help="the Terraform root module that calls the baseline (e.g. "
                            "terraform/examples/complete): adopt.tf and adopt.auto.tfvars go here")
    adopt.add_argument("--output", type=Path, default=Path("build/adopt"),
                       help="directory for adoption-report.{json,md,html} and offboard.tf "
                            "(default build/adopt)")
    adopt.add_argument("--format", default=",".join(ADOPT_FORMATS),
                       help="comma-separated report formats: json, markdown, html")
    adopt.add_argument("--accept-weakening", action="append", default=[], metavar="ITEM",
                       help="accept one weakening change of the report by its id (repeat, or "
                            "comma-separate); any other weakening still blocks the apply")
    adopt.add_argument("--adopt-trail", metavar="NAME",
                       help="adopt this existing trail of the account as the baseline's trail "
                            "(default: the customer's trails are kept untouched)")
    adopt.add_argument("--terraform", help="terraform executable (default: TERRAFORM_BINARY "
                                           "or terraform on PATH)")
    source = adopt.add_argument_group("where to read (as audit)")
    source.add_argument("--profile", help="AWS profile of the account")
    source.add_argument("--role-arn", help="assume this role in the account first (read-only "
                                           "session policies)")
    source.add_argument("--external-id", help="external id for --role-arn")
    source.add_argument("--regions", help="comma-separated regions the root module must govern "
                                          "(default: those it plans)")
    source.add_argument("--endpoint-url", help="an emulator endpoint such as moto")
    org = adopt.add_argument_group("a member account of an organization")
    org.add_argument("--organization", action="store_true",
                     help="read the member --account-id through --member-role (the root "
                          "module's own provider reaches the member, e.g. "
                          "terraform/examples/organization/member)")
    org.add_argument("--account-id", help="the 12-digit member account (with --organization)")
    _member_flags(org)


def _member_flags(group: Any) -> None:
    group.add_argument("--member-role", default="OrganizationAccountAccessRole",
                       help="role assumed in each member account "
                            "(default: OrganizationAccountAccessRole)")
    group.add_argument("--member-external-id", dest="member_external_id",
                       help="external id for --member-role (else --external-id)")


def _explain_parser(commands: Any) -> None:
    explain = commands.add_parser(
        "explain", help="where a control lives: its catalog file, check, reads, collector, "
                        "unit cases, live proof, Terraform module and framework items")
    explain.add_argument("control_id", nargs="?", metavar="ID", help="the control's id")
    explain.add_argument("--markdown", action="store_true",
                         help="every control as docs/CONTROLS.md (python -m governance explain "
                              "--markdown > docs/CONTROLS.md)")
