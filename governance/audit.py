"""One account's audit, start to finish: collect -> evaluate -> waive -> write.

Every audit of the tool runs these functions: the CLI (``python -m governance audit`` and
``audit-account``, governance/cli/), the organization's unit of work
(governance/organization/unit.py) and ``make demo`` (harness/demo.py). Each renderer of the
evidence (the table, JSON, JUnit, Markdown, HTML, the partner's evidence document and its
PDF) is called from here only, so a new format or file name is one edit.

- :func:`collect`: a session's account read into an AccountSnapshot (read-only Collector).
- :func:`evaluate`: the checks of the chosen controls on a snapshot (pure).
- :func:`load_waivers` and :func:`waive`: the exceptions file, and the FAILs it covers
  turned WAIVED.
- :func:`write`: the evidence files of the chosen formats (and the document's PDF).
- :func:`run`: evaluate, waive and write, chained, for a snapshot already read.

:func:`collect` is called apart from :func:`run` because each caller does its own step in
between: the CLI may read a saved snapshot instead, records ``--root-use-window-days`` in it
and saves it; the organization unit checks that the credentials reached the account asked for.
Heavy modules (the checks, the collector, the renderers) are imported inside the functions,
as the CLI always has: ``python -m governance rollup`` or ``explain`` does not load them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from governance.model import AccountSnapshot, Finding

if TYPE_CHECKING:
    from governance.exceptions import Waiver

# Each format and the file it writes in the output directory.
FILES = {
    "table": "findings.txt",
    "json": "findings.json",
    "junit": "findings.junit.xml",
    "markdown": "evidence.md",
    "html": "evidence.html",
    "document": "evidence-document.html",  # the partner's evidence document
}
FORMATS = tuple(FILES)
# The evidence document printed by headless Chromium (governance/report/pdf.py).
PDF_FILE = "evidence.pdf"
SNAPSHOT_FILE = "snapshot.json"


@dataclass(frozen=True)
class Waivers:
    """The exceptions of an audit: those in force (they waive) and the expired ones (listed
    in the evidence, never applied)."""

    in_force: list[Waiver] = field(default_factory=list)
    expired: list[Waiver] = field(default_factory=list)


@dataclass(frozen=True)
class Audit:
    """What :func:`run` did: the snapshot judged, its findings (waived where an exception
    covers them) and the files written, in order."""

    snapshot: AccountSnapshot
    findings: list[Finding]
    waivers: Waivers
    written: list[Path]


def collect(session: Any, *, regions: list[str] | None = None, endpoint_url: str | None = None,
            controls: Iterable[str] | None = None, proxies: dict[str, str] | None = None,
            organization_delegated_admin: bool = False,
            member_session: Callable[[str], Any] | None = None) -> AccountSnapshot:
    """The account ``session`` reaches, read by the read-only Collector (governance/collect.py).

    ``regions``: None for every region enabled for the account. ``endpoint_url``: an emulator
    (moto); its proxies default to ``{"http": endpoint_url}``. ``controls``: a selection
    reads only the collector modules its checks need. ``organization_delegated_admin`` and
    ``member_session`` (account id -> session): how the organization audit reaches the
    organization layer. STS and botocore errors propagate (the caller words them)."""
    from governance.collect import Collector

    if proxies is None and endpoint_url:
        proxies = {"http": endpoint_url}
    collector = Collector(session, regions=regions, endpoint_url=endpoint_url, proxies=proxies,
                          organization_delegated_admin=organization_delegated_admin,
                          member_session=member_session, controls=controls)
    return collector.collect()


def evaluate(snapshot: AccountSnapshot, controls: Sequence[str] | None = None, *,
             single_account: bool = False, asked: Iterable[str] = (),
             include_organization_controls: bool = False) -> list[Finding]:
    """The findings of ``controls`` (None: the whole catalog) on ``snapshot``, catalog order.

    ``single_account``: a one-account audit (``governance audit``, ``make demo``): the
    organization-only controls are left out in an account that manages no organization,
    unless ``asked`` names them or ``include_organization_controls``
    (governance.selection.single_account_controls). The organization audit judges them all."""
    from governance.checks import evaluate as run_checks

    if single_account:
        from governance.catalog import catalog
        from governance.selection import single_account_controls

        chosen = list(controls) if controls is not None else list(catalog())
        controls = single_account_controls(chosen, snapshot, asked=asked,
                                           include=include_organization_controls)
    return run_checks(snapshot, controls)


def load_waivers(path: Path | None, today: date | None = None) -> Waivers:
    """The exceptions file's entries, split into in force and expired (on ``today``, default
    the UTC date); no file, no exceptions. A bad file raises ExceptionsError (one line)."""
    if path is None:
        return Waivers()
    from governance.exceptions import load_exceptions, split_expired

    in_force, expired = split_expired(load_exceptions(path), today or datetime.now(UTC).date())
    return Waivers(in_force, expired)


def waive(findings: Iterable[Finding], waivers: Waivers, account_id: str) -> list[Finding]:
    """The findings with every FAIL an in-force control exception covers turned WAIVED (item
    exceptions act on the item verdicts only, in the reports)."""
    from governance.exceptions import apply_control_waivers

    return apply_control_waivers(findings, waivers.in_force, account_id)


def render(findings: list[Finding], snapshot: AccountSnapshot, fmt: str, *,
           waivers: Waivers = Waivers()) -> str:
    """One format's text (a key of :data:`FILES`)."""
    if fmt == "table":
        from governance.report.table import render_table

        return render_table(findings, waivers=waivers.in_force, account_id=snapshot.account_id,
                            api_retries=snapshot.api_retries)
    renderer: Callable[..., str]
    if fmt == "json":
        from governance.report.json_report import render_json as renderer
    elif fmt == "junit":
        from governance.report.junit import render_junit as renderer
    elif fmt == "markdown":
        from governance.report.evidence import render_markdown as renderer
    elif fmt == "html":
        from governance.report.evidence import render_html as renderer
    elif fmt == "document":
        from governance.report.document import render_document as renderer
    else:
        raise ValueError(f"unknown format {fmt!r}: choose from {', '.join(FORMATS)}")
    return renderer(findings, snapshot, waivers=waivers.in_force, expired=waivers.expired)


def write_text(path: Path, text: str) -> None:
    """The default way :func:`write` saves a file."""
    path.write_text(text)


def print_pdf(directory: Path, *, slots: AbstractContextManager[Any] | None = None) -> Path:
    """``directory``/evidence.pdf printed from its evidence-document.html by headless Chromium
    (through a temporary name: a reader never sees half a PDF). ``slots``: held while
    printing (the organization audit's bound on Chromium processes). ChromiumMissing and
    PrintFailed propagate."""
    from governance.report.pdf import print_pdf as print_with_chromium

    with slots if slots is not None else nullcontext():
        return print_with_chromium(directory / FILES["document"], directory / PDF_FILE)


def write(findings: list[Finding], snapshot: AccountSnapshot, formats: Sequence[str],
          output: Path | None, *, waivers: Waivers = Waivers(), pdf: bool = False,
          snapshot_file: str | None = None, save: Callable[[Path, str], None] = write_text,
          on_file: Callable[[Path], None] | None = None,
          on_text: Callable[[str, str], None] | None = None) -> list[Path]:
    """Render ``formats`` in order; with ``output`` (a directory that exists) write each to
    its file of :data:`FILES` through ``save`` and return the paths written.

    ``snapshot_file``: the snapshot as JSON under this name first. ``pdf``: after the
    document, print its PDF (:func:`print_pdf`). ``on_file(path)`` after each file,
    ``on_text(format, text)`` after each format's files (the CLI prints there)."""
    written: list[Path] = []

    def saved(path: Path) -> None:
        written.append(path)
        if on_file is not None:
            on_file(path)

    if output is not None and snapshot_file:
        save(output / snapshot_file, json.dumps(snapshot.to_dict(), indent=1))
        saved(output / snapshot_file)
    for fmt in formats:
        text = render(findings, snapshot, fmt, waivers=waivers)
        if output is not None:
            save(output / FILES[fmt], text)
            saved(output / FILES[fmt])
            if fmt == "document" and pdf:
                saved(print_pdf(output))
        if on_text is not None:
            on_text(fmt, text)
    return written


def run(snapshot: AccountSnapshot, *, controls: Sequence[str] | None = None,
        waivers: Waivers = Waivers(), formats: Sequence[str] = (), output: Path | None = None,
        single_account: bool = False, asked: Iterable[str] = (),
        include_organization_controls: bool = False, **writing: Any) -> Audit:
    """:func:`evaluate`, :func:`waive` and :func:`write` on a snapshot already read
    (:func:`collect`, or a saved one). ``writing``: the keyword options of :func:`write`."""
    findings = waive(evaluate(snapshot, controls, single_account=single_account, asked=asked,
                              include_organization_controls=include_organization_controls),
                     waivers, snapshot.account_id)
    written = write(findings, snapshot, formats, output, waivers=waivers, **writing)
    return Audit(snapshot, findings, waivers, written)
