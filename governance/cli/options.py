"""What the CLI's commands share: the usage error, the exit codes, the checks of common flags.

Any bad flag or input raises :class:`UsageError`; governance.cli.main prints it as one line
``error: ...`` and exits 2.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from governance.audit import Waivers

EXIT_PASS, EXIT_FAIL, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT), as shells report it
REGION = re.compile(r"[a-z]{2}(-[a-z]+)+-\d")
ACCOUNT_ID = re.compile(r"\d{12}")
# audit flags that only an organization audit reads
ORG_ONLY_FLAGS = ("ou", "accounts", "exclude", "concurrency", "scheduler", "account_deadline")

# How a command opens the caller's session from its flags (governance.cli.main hands
# :func:`caller_session` to the commands: one place to stand an offline session in).
SessionOpener = Callable[[argparse.Namespace], Any]


class UsageError(Exception):
    """Bad flags or inputs: reported in one line, exit code 2."""


def csv(value: str | None) -> list[str] | None:
    """A comma-separated flag as its non-empty items; None when not given."""
    return [item.strip() for item in value.split(",") if item.strip()] if value else None


def check_regions(value: str | None) -> list[str]:
    """The regions of ``--regions`` (empty when not given); a bad name is a UsageError."""
    regions = csv(value) or []
    bad_regions = [r for r in regions if not REGION.fullmatch(r)]
    if bad_regions:
        raise UsageError(f"not a region name: {', '.join(bad_regions)} (e.g. us-east-1)")
    return regions


def select_controls(control_ids: list[str] | None, framework_filters: list[str] | None) -> list[str]:
    """Catalog ids to evaluate: the named controls, and/or those answering a framework
    (``cis``: the newest CIS edition; an edition key such as cis_aws_v3; acct, securityhub,
    config_rule, ftr), an item of one (``cis_aws_v7:2.8``, ``cis:2.8``) or an item id only one
    framework has (ACCT-001, IAM.7); governance.verdicts.parse_framework_filter reads each."""
    from governance.catalog import catalog
    from governance.verdicts import FrameworkKeyError, parse_framework_filter

    selected = list(catalog())
    if control_ids:
        missing = sorted(set(control_ids) - set(catalog()))
        if missing:
            raise UsageError(f"unknown control id(s): {', '.join(missing)}")
        selected = [c for c in selected if c in control_ids]
    if framework_filters:
        try:
            wanted = [parse_framework_filter(text) for text in framework_filters]
        except FrameworkKeyError as error:
            raise UsageError(f"--framework: {error}") from error
        answering = {control.id for control in catalog().values()
                     for key, item in control.frameworks.items()
                     if (key, "") in wanted or (key, item) in wanted}
        if not answering:
            raise UsageError(f"no control answers --framework {', '.join(framework_filters)}")
        selected = [c for c in selected if c in answering]
    return selected


def load_waivers(path: Path | None) -> Waivers:
    """The exceptions of ``--exceptions`` (in force, expired); a bad file is a UsageError."""
    from governance import audit
    from governance.exceptions import ExceptionsError

    try:
        return audit.load_waivers(path)
    except ExceptionsError as error:
        raise UsageError(str(error)) from error


def caller_session(args: argparse.Namespace) -> Any:
    """The session of ``--profile`` / ``--role-arn`` / ``--external-id`` / ``--endpoint-url``."""
    from governance.session import SessionError, open_session

    try:
        return open_session(args.profile, args.role_arn, args.external_id, args.endpoint_url)
    except SessionError as error:
        raise UsageError(str(error)) from error


def check_chromium(prefix: str) -> None:
    """Headless Chromium for the evidence PDF, found before anything is read or written;
    missing is a UsageError ``<prefix><why>``."""
    from governance.report.pdf import ChromiumMissing, find_chromium

    try:
        find_chromium()
    except ChromiumMissing as error:
        raise UsageError(f"{prefix}{error}") from error


def make_output(output: Path, label: str) -> None:
    """Create the output directory; one that cannot be made is a UsageError
    ``cannot write to <label>: ...``."""
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"cannot write to {label}: {error}") from error
