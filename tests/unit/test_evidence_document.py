"""The partner's evidence document (--format document): a cover, a section per checklist item
in the file's order with its verdict, what was verified and the live values, the exceptions,
an appendix per framework; as HTML (rendered from hand-built snapshots) and as PDF (printed
by headless Chromium, read back with pypdf, its first pages drawn to build/document/ for a
person to look at)."""

from __future__ import annotations

import copy
import functools
import re
import struct
import time
import unicodedata
import zlib
from datetime import date
from pathlib import Path

import pytest

from governance.catalog.frameworks import frameworks
from governance.checks import evaluate
from governance.exceptions import Waiver, apply_control_waivers
from governance.model import AccountSnapshot
from governance.report.document import DOCUMENT_FRAMEWORK, build_document, css_string, render_document
from governance.report.live_values import NOT_READ
from governance.report.pdf import ChromiumMissing, PrintFailed, find_chromium, print_pdf
from governance.report.rendering import STATUS_LABELS
from governance.verdicts import item_verdicts
from tests.unit.evidence_sample import EXPIRED, WAIVER, sample_account
from tests.unit.html_tree import Element, parse
from tests.unit.snapshots_identity import OLD
from tests.unit.snapshots_logging import BUCKET, GROUP, HOME, KEY, TRAIL_ARN, TRAIL_NAME

BUILD_DOCUMENT = Path(__file__).resolve().parents[2] / "build" / "document"
INSTANCE = "arn:aws:sso:::instance/ssoins-1234567890abcdef"
PERMISSION_SETS = {"AdministratorAccess": f"{INSTANCE.replace(':instance/', ':permissionSet/')}"
                                          "/ps-0000000000000001",
                   "ReadOnly": f"{INSTANCE.replace(':instance/', ':permissionSet/')}"
                               "/ps-0000000000000002"}
GROUP_ID = "90676d7c2a-3f3b1e49-5c0e-4d2a-9d8e-0a1b2c3d4e5f"
DELIVERED = "2026-11-27T23:58:07+00:00"
ROLE_WAIVER = Waiver(reason="CI deploy role needs 12 h sessions until pipeline v2 (SEC-42)",
                     owner="platform-team@example.com", expires=date(2999, 1, 31),
                     control="roles-limited-session")
KEY_ID = "AKIAIOSFODNN7EXAMPLE"


def document_account() -> AccountSnapshot:
    """The evidence sample (an alias, a short password policy, an emulator endpoint) with what
    the document shows on top: the trail's last delivery, permission sets with their
    assignments, a developer role allowing 12 h sessions (FAIL, waived)."""
    snapshot, _ = sample_account(alias=True)
    snapshot.record("cloudtrail:GetTrailStatus", {TRAIL_ARN: {
        "IsLogging": True, "LatestDeliveryTime": DELIVERED}}, region=HOME)
    sets = snapshot.get("sso-admin:DescribePermissionSet", HOME)
    snapshot.record("sso-admin:DescribePermissionSet", [
        {**permission_set, "PermissionSetArn": PERMISSION_SETS[permission_set["Name"]]}
        for permission_set in sets], region=HOME)
    snapshot.record("sso-admin:ListAccountAssignments", {
        PERMISSION_SETS["AdministratorAccess"]: [{"PrincipalType": "GROUP",
                                                  "PrincipalId": GROUP_ID}],
        PERMISSION_SETS["ReadOnly"]: []}, region=HOME)
    snapshot.record("sso-admin:ListAccountAssignments", {}, region="eu-west-1")
    roles = snapshot.get("iam:ListRoles")
    snapshot.record("iam:ListRoles", [{**role, "MaxSessionDuration": 43200}
                                      if role["RoleName"] == "developer" else role
                                      for role in roles])
    return snapshot


def findings_of(snapshot: AccountSnapshot) -> list:
    return apply_control_waivers(evaluate(snapshot), [WAIVER, ROLE_WAIVER], snapshot.account_id)


@pytest.fixture(scope="module")
def account():
    snapshot = document_account()
    return snapshot, findings_of(snapshot)


@pytest.fixture(scope="module")
def page(account):
    snapshot, findings = account
    return render_document(findings, snapshot, waivers=[WAIVER, ROLE_WAIVER], expired=[EXPIRED])


def flat(element: Element) -> str:
    """The element's text as a reader copies it: a <wbr> (a line-break opportunity) adds
    nothing; runs of whitespace are one space."""
    def walk(node: Element) -> str:
        return "".join(child if isinstance(child, str) else "" if child.tag == "wbr"
                       else f" {walk(child)} " if child.tag in ("td", "th", "li", "p")
                       else walk(child) for child in node.children)
    return " ".join(walk(element).split())


def field_table(tree: Element, key: str) -> dict[str, str]:
    live = tree.find("div", cls="live", data_table=key)
    return {flat(row.find("th")): flat(row.find("td")) for row in live.find_all("tr")}


def value_rows(tree: Element, key: str) -> list[list[str]]:
    live = tree.find("div", cls="live", data_table=key)
    return [[flat(td) for td in row.find_all("td")] for row in live.find("tbody").find_all("tr")]


def expected_verdicts(snapshot: AccountSnapshot, findings: list) -> dict[str, str]:
    rows = item_verdicts(findings, [DOCUMENT_FRAMEWORK], waivers=[WAIVER, ROLE_WAIVER],
                         account_id=snapshot.account_id)[DOCUMENT_FRAMEWORK]
    return {row.item_id: row.status for row in rows}


# --- the HTML --------------------------------------------------------------------------------

def test_the_cover_says_whose_account_who_collected_when_where_and_which_versions(account, page):
    snapshot, _ = account
    cover = parse(page).find("section", cls="cover")
    values = {dd.attrs["data-cover"]: flat(dd) for dd in cover.find_all("dd")}
    assert values["account"] == snapshot.account_id == "111122223333"
    assert values["alias"] == "example-prod"
    assert values["caller"] == snapshot.caller_arn
    assert values["collected"] == "2026-11-28T00:00:00+00:00"
    assert values["endpoint"] == "http://127.0.0.1:5000 (an emulator, not a real AWS account)"
    assert values["regions"] == "us-east-1, eu-west-1"
    assert "credential report generated 2026-11-28T00:00:05+00:00" in values["credential-report"]
    versions = [flat(li) for li in cover.find("ul", cls="versions").find_all("li")]
    assert len(versions) == len(frameworks())
    assert versions[0].startswith("CIS Amazon Web Services Foundations Benchmark v7.0.0")
    assert any(v.startswith("CIS Amazon Web Services Foundations Benchmark v3.0.0") for v in versions)
    assert all(v.endswith(" items") for v in versions)
    # the contents: every requirement with its verdict, in the checklist's order
    ids = [row.attrs["data-requirement"] for row in cover.find("table", id="contents").find_all("tr")]
    assert ids == [item.id for item in frameworks()[DOCUMENT_FRAMEWORK].items]


def test_every_requirement_has_a_section_in_the_checklist_order_with_its_verdict(account, page):
    snapshot, findings = account
    tree = parse(page)
    sections = tree.find_all("section", cls="requirement")
    items = frameworks()[DOCUMENT_FRAMEWORK].items
    assert [s.attrs["data-requirement"] for s in sections] == [item.id for item in items]
    assert len(sections) == 16
    verdicts = expected_verdicts(snapshot, findings)
    for section, item in zip(sections, items, strict=True):
        heading = flat(section.find("h2", cls="requirement-heading"))
        assert heading == f"{item.id} {item.title}"
        badge = section.find("p", cls="verdict-line").find("span", cls="badge")
        assert badge.attrs["data-verdict"] == verdicts[item.id] == section.attrs["data-status"]
        assert flat(section.find("p", cls="audit")) == f"What was verified: {item.audit}"
    by_id = {s.attrs["data-requirement"]: s for s in sections}
    # the short password policy FAILs its requirement; the waived role session shows WAIVED
    assert by_id["ACCT-002.8"].attrs["data-status"] == "FAIL"
    assert by_id["ACCT-002.4"].attrs["data-status"] == "WAIVED"
    assert by_id["ACCT-001.4"].attrs["data-status"] == "PASS"
    failed = [flat(tr) for tr in by_id["ACCT-002.8"].find("table", cls="findings-doc").find_all(
        "tr", data_status="FAIL")]
    assert any("iam-password-policy-min-length" in row and "8" in row for row in failed), failed


def test_the_trail_shows_its_general_details_as_read(account, page):
    trail = field_table(parse(page), f"trail-{TRAIL_NAME}")
    assert trail == {
        "Trail name": TRAIL_NAME, "Trail ARN": TRAIL_ARN, "Home region": HOME,
        "Multi-region trail": "yes", "Organization trail": "no", "Logging": "yes",
        "Log file validation": "yes", "KMS key": KEY, "S3 bucket": BUCKET,
        "CloudWatch Logs group": GROUP, "Global service events": "yes",
        "Latest delivery time": DELIVERED}


def test_a_trail_without_validation_or_kms_shows_what_it_has():
    snapshot = document_account()
    for region in snapshot.regions:
        trails = snapshot.get("cloudtrail:DescribeTrails", region)
        snapshot.record("cloudtrail:DescribeTrails", [
            {**{k: v for k, v in t.items() if k != "KmsKeyId"}, "LogFileValidationEnabled": False}
            for t in trails], region=region)
    findings = findings_of(snapshot)
    tree = parse(render_document(findings, snapshot))
    trail = field_table(tree, f"trail-{TRAIL_NAME}")
    assert trail["Log file validation"] == "no" and trail["KMS key"] == "none"
    section = tree.find("section", data_requirement="ACCT-001.4")
    assert section.attrs["data-status"] == "FAIL"


def test_the_root_user_shows_mfa_keys_last_use_and_when_the_report_was_made(page):
    tree = parse(page)
    assert field_table(tree, "root-user") == {
        "MFA active (credential report)": "yes", "Access key 1 active": "no",
        "Access key 2 active": "no", "Password last used": OLD,
        "Account MFA enabled (account summary)": "yes",
        "Root access keys present (account summary)": "no",
        "Credential report generated at": "2026-11-28T00:00:05+00:00"}
    use = field_table(tree, "root-use")
    assert use["Password last used"] == OLD and use["Access key 1 last used"] == "none"
    alarm = value_rows(tree, "root-use-alarms")
    assert [row[1] for row in alarm] == ["governance-cis-4-3-root-account-usage"]


def test_groups_roles_identity_center_alarms_and_rules_as_read(page):
    tree = parse(page)
    groups = {row[0]: row for row in value_rows(tree, "groups")}
    assert groups["Developers"] == ["Developers", "enforce-mfa developers", "none", "1"]
    roles = {row[0]: row for row in value_rows(tree, "roles")}
    assert "lambda-exec" not in roles and "AWSServiceRoleForSupport" not in roles
    assert roles["developer"][1] == "43200 s (12 h)"  # (no-break spaces in the page)
    assert roles["developer"][3] == "Bool aws:MultiFactorAuthPresent = true"
    assert roles["corp-admin"][2].startswith("Federated: arn:aws:iam::111122223333:saml-provider/")
    assert "StringEquals SAML:aud = https://signin.aws.amazon.com/saml" in roles["corp-admin"][3]
    sets = {row[1]: row for row in value_rows(tree, "permission-sets")}
    assert sets["AdministratorAccess"][2] == "PT1H"
    assert sets["AdministratorAccess"][4] == f"GROUP {GROUP_ID}"
    assert sets["ReadOnly"][4] == "none in this account"
    alarms = value_rows(tree, "alarms")
    assert len(alarms) == 15 and {row[0] for row in alarms} == {HOME}
    assert all(row[3] == "arn:aws:sns:us-east-1:111122223333:governance-security-alerts (1)"
               for row in alarms)
    assert all(" from filter governance-cis-" in row[2] for row in alarms)
    rules = value_rows(tree, "event-rules")
    assert [row[:3] for row in rules] == [[HOME, "governance-iam-policy-changes", "ENABLED"]]
    assert "detail.eventName: 16 values: DeleteGroupPolicy" in rules[0][3]
    assert "DetachGroupPolicy" in rules[0][3]  # every event name, none cut
    assert rules[0][4].startswith("arn:aws:sns:us-east-1:111122223333:governance-security-alerts")


def test_bucket_config_contacts_users_keys_and_password_policy_as_read(page):
    tree = parse(page)
    bucket = field_table(tree, f"bucket-{BUCKET}")
    assert bucket["Block public access"] == ("BlockPublicAcls on, IgnorePublicAcls on, "
                                             "BlockPublicPolicy on, RestrictPublicBuckets on")
    assert bucket["Bucket policy statements"] == "AWSCloudTrailWrite (Allow) DenyInsecureTransport (Deny)"
    assert bucket["Server access logging"] == f"to governance-s3-access-logs/{BUCKET}/"
    assert bucket["Versioning"] == "Enabled" and bucket["Object ownership"] == "BucketOwnerEnforced"
    assert bucket["Default encryption"] == f"aws:kms with {KEY}"
    assert value_rows(tree, "config") == [
        [region, "governance-recorder", "yes", "SUCCESS",
         "all supported types, with global types", f"governance-delivery -> s3://{BUCKET}"]
        for region in (HOME, "eu-west-1")]
    contacts = {row[0]: row for row in value_rows(tree, "contacts")}
    assert contacts["Security"][1:4] == ["Security Team", "Team", "security@example.com"]
    assert list(contacts) == ["Security", "Operations", "Billing"]
    assert value_rows(tree, "users") == [["jane.doe", "Administrators", "yes", "yes", "1"],
                                         ["john.smith", "Developers", "no", "no", "1"]]
    keys = value_rows(tree, "access-keys")
    assert [row[:3] for row in keys] == [["jane.doe", "access key 1", "yes"],
                                         ["john.smith", "access key 1", "yes"]]
    assert [row[0] for row in value_rows(tree, "console-users")] == ["jane.doe"]
    policy = field_table(tree, "password-policy")
    assert policy["Minimum length"] == "8" and policy["Prevents reuse of the last"] == "24"
    assert policy["Requires symbols"] == "yes" and policy["Hard expiry"] == "no"


def test_waivers_show_reason_owner_and_expiry_and_the_appendix_every_framework(page):
    tree = parse(page)
    waivers = {row.attrs["data-waiver"]: [flat(td) for td in row.find_all("td")]
               for row in tree.find("table", id="waivers").find_all("tr", cls=None)
               if "data-waiver" in row.attrs}
    assert waivers["roles-limited-session"] == [
        "roles-limited-session", "account", ROLE_WAIVER.reason, ROLE_WAIVER.owner, "2999-01-31"]
    assert waivers["iam-no-full-admin-policy-attached"][3] == WAIVER.owner
    expired = flat(tree.find("table", id="expired-exceptions"))
    assert EXPIRED.reason in expired and "2020-01-31" in expired
    appendix = tree.find_all("section", cls="appendix")
    assert [s.attrs["data-framework"] for s in appendix] == list(frameworks())
    for section, framework in zip(appendix, frameworks().values(), strict=True):
        rows = section.find("tbody").find_all("tr")
        assert [r.attrs["data-requirement"] for r in rows] == [item.id for item in framework.items]
        assert all(r.find("span", cls="badge").attrs["data-verdict"] == r.attrs["data-status"]
                   for r in rows)


def test_a_value_not_read_in_this_run_says_so_and_why():
    snapshot = document_account()
    snapshot.record("cloudtrail:GetTrailStatus", error="AccessDeniedException: not authorized "
                    "to perform cloudtrail:GetTrailStatus", region=HOME)
    del snapshot.reads["iam:GetCredentialReport"]
    snapshot.record("cloudwatch:DescribeAlarms", error="ThrottlingException: rate exceeded",
                    region="eu-west-1")
    del snapshot.reads["sso-admin:ListAccountAssignments@us-east-1"]
    tree = parse(render_document(evaluate(snapshot), snapshot))
    trail = field_table(tree, f"trail-{TRAIL_NAME}")
    assert trail["Logging"] == trail["Latest delivery time"] == NOT_READ
    assert trail["Log file validation"] == "yes"  # DescribeTrails itself was read
    missing = flat(tree.find("div", cls="live", data_table=f"trail-{TRAIL_NAME}").find(
        "ul", cls="missing"))
    assert "cloudtrail:GetTrailStatus in us-east-1: AccessDeniedException: not authorized" in missing
    root = field_table(tree, "root-user")
    assert root["MFA active (credential report)"] == root["Password last used"] == NOT_READ
    assert root["Account MFA enabled (account summary)"] == "yes"
    assert "iam:GetCredentialReport: not collected" in flat(
        tree.find("div", cls="live", data_table="root-user"))
    alarms = value_rows(tree, "alarms")
    assert ["eu-west-1", NOT_READ, NOT_READ, NOT_READ] in alarms
    sets = {row[1]: row for row in value_rows(tree, "permission-sets")}
    assert sets["AdministratorAccess"][4] == NOT_READ
    # a read that failed as a whole: the table says so instead of rows
    snapshot.record("iam:GetAccountAuthorizationDetails", error="AccessDenied: denied")
    tree = parse(render_document(evaluate(snapshot), snapshot))
    groups = tree.find("div", cls="live", data_table="groups")
    assert flat(groups.find("p", cls="not-read")) == NOT_READ and not groups.find_all("table")
    assert "iam:GetAccountAuthorizationDetails: AccessDenied: denied" in flat(groups)


def test_hostile_names_stay_text_and_credentials_are_redacted():
    snapshot = document_account()
    hostile = "<img src=x onerror=alert(1)>"
    snapshot.account_id = '111122223333"; } </style><script>alert(3)</script>'
    snapshot.record("iam:ListAccountAliases", ["<script>alert(1)</script>"])
    for region in snapshot.regions:
        trails = snapshot.get("cloudtrail:DescribeTrails", region)
        snapshot.record("cloudtrail:DescribeTrails", [
            {**t, "Name": hostile, "S3KeyPrefix": f"logs/{KEY_ID}"} for t in trails],
            region=region)
    details = copy.deepcopy(snapshot.get("iam:GetAccountAuthorizationDetails"))
    details["GroupDetailList"][0]["GroupName"] = "</style><b>Admins</b>"
    snapshot.record("iam:GetAccountAuthorizationDetails", details)
    html = render_document(evaluate(snapshot), snapshot)
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>Admins" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert html.count("</style>") == 1  # the stylesheet's own end only
    assert KEY_ID not in html and "AKIAIOSF…MPLE" in html
    trail = field_table(parse(html), f"trail-{hostile}")
    assert trail["Trail name"] == hostile
    assert trail["S3 bucket"] == f"{BUCKET}/logs/AKIAIOSF…MPLE"


def test_the_page_footer_is_a_css_string_nothing_can_end():
    assert css_string("Account 111122223333 · collected 2026-11-28") == \
        "Account 111122223333 · collected 2026-11-28"
    escaped = css_string('x"; } </style>\\')
    assert '"' not in escaped and "<" not in escaped and "\\5c " in escaped
    assert escaped.startswith("x\\22 \\3b  \\7d  \\3c \\2f style\\3e ")


def test_build_document_keeps_the_checklist_sections_and_their_tables(account):
    snapshot, findings = account
    document = build_document(findings, snapshot)
    assert [s.requirement.id for s in document["requirements"]] == [
        item.id for item in frameworks()[DOCUMENT_FRAMEWORK].items]
    assert all(section.tables for section in document["requirements"])
    assert document["checklist"].key == DOCUMENT_FRAMEWORK


# --- the PDF ---------------------------------------------------------------------------------

def pdf_pages(pdf: Path) -> tuple[str, ...]:
    """Each page's text as a reader copies it (ligatures undone), read once per PDF file as
    it is now (pypdf takes ~2 s of CPU for the sample's 32 pages; a test reads it 3 times)."""
    stat = pdf.stat()
    return _pdf_pages(str(pdf.resolve()), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=8)
def _pdf_pages(path: str, mtime_ns: int, size: int) -> tuple[str, ...]:
    from pypdf import PdfReader

    return tuple(unicodedata.normalize("NFKC", page.extract_text())
                 for page in PdfReader(path).pages)


def pdf_text(pdf: Path, first_page: int = 1) -> str:
    """The PDF's text from ``first_page`` on, as a reader copies it (ligatures undone)."""
    return "\n".join(pdf_pages(pdf)[first_page - 1:])


def squeezed(text: str) -> str:
    """Without whitespace: a PDF line break may fall anywhere in a long value."""
    return re.sub(r"\s+", "", text)


def checklist_in_pdf(pdf: Path, verdicts: dict[str, str]) -> list[str]:
    """What is wrong with the requirements in the PDF (empty when nothing): each heading
    after the cover, in the checklist's order, each followed by its verdict."""
    text = squeezed(pdf_text(pdf, first_page=2))
    # the requirements end where the exceptions begin (the appendix repeats the titles)
    end = text.find(squeezed("Exceptions In force"))
    if end < 0:
        return ["no exceptions section after the requirements"]
    text = text[:end]
    problems = []
    position = 0
    items = frameworks()[DOCUMENT_FRAMEWORK].items
    starts = []
    for item in items:
        found = text.find(squeezed(f"{item.id} {item.title}"), position)
        if found < 0:
            problems.append(f"{item.id}: heading not found after the previous one")
            continue
        starts.append((item, found))
        position = found
    ends = [start for _, start in starts[1:]] + [len(text)]
    for (item, start), end in zip(starts, ends, strict=True):
        label = STATUS_LABELS[verdicts[item.id]]
        if squeezed(f"Verdict: {label}") not in text[start:end]:
            problems.append(f"{item.id}: verdict {label} not in its section")
    return problems


def write_png(path: Path, width: int, height: int, rgb_rows: list[bytes]) -> Path:
    """A plain 8-bit RGB PNG (zlib, no image library)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    raw = b"".join(b"\x00" + row for row in rgb_rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x89PNG\r\n\x1a\n"
                     + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))
    return path


def write_page_images(pdf: Path, folder: Path, pages: tuple[int, ...] = (1, 2),
                      prefix: str = "page", scale: float = 1.5) -> list[Path]:
    """PNG images of the PDF's pages (PDFium through pypdfium2) for a person to look at."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    written = []
    try:
        for number in pages:
            bitmap = document[number - 1].render(scale=scale)
            channels, stride = bitmap.n_channels, bitmap.stride
            buffer = bytes(bitmap.buffer)
            rows = []
            for y in range(bitmap.height):
                line = buffer[y * stride:y * stride + bitmap.width * channels]
                rgb = bytearray(bitmap.width * 3)  # PDFium draws BGR(x)
                rgb[0::3], rgb[1::3], rgb[2::3] = line[2::channels], line[1::channels], \
                    line[0::channels]
                rows.append(bytes(rgb))
            written.append(write_png(folder / f"{prefix}-{number}.png", bitmap.width,
                                     bitmap.height, rows))
    finally:
        document.close()
    return written


def test_the_pdf_reads_back_every_requirement_its_verdict_and_the_trail(account, page):
    snapshot, findings = account
    BUILD_DOCUMENT.mkdir(parents=True, exist_ok=True)
    html = BUILD_DOCUMENT / "sample-document.html"
    html.write_text(page)
    started = time.monotonic()
    pdf = print_pdf(html, BUILD_DOCUMENT / "sample-evidence.pdf")
    seconds = time.monotonic() - started
    print(f"\nsample evidence.pdf: {pdf.stat().st_size} bytes, printed in {seconds:.1f} s")
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert checklist_in_pdf(pdf, expected_verdicts(snapshot, findings)) == []
    cover = " ".join(pdf_text(pdf).split("\n"))
    assert "111122223333" in cover and "example-prod" in cover
    text = squeezed(pdf_text(pdf, first_page=2))
    for field, value in (("Trail name", TRAIL_NAME), ("Home region", HOME),
                         ("Multi-region trail", "yes"), ("Log file validation", "yes"),
                         ("KMS key", KEY), ("Latest delivery time", DELIVERED)):
        assert squeezed(f"{field} {value}") in text, field
    assert squeezed("Verdict: waived") in text and squeezed(ROLE_WAIVER.reason) in text
    pages = len(pdf_pages(pdf))
    assert pages >= 1 + 16 + 1 + len(frameworks())  # a page per section
    images = write_page_images(pdf, BUILD_DOCUMENT, pages=(1, 2, 5), prefix="sample-page")
    assert all(image.stat().st_size > 20_000 for image in images)  # drawn, not blank


def test_a_reader_notices_a_wrong_verdict_or_a_missing_heading(account, page, tmp_path):
    """checklist_in_pdf (used on the applied stack too) fails on a PDF that lacks them."""
    snapshot, findings = account
    verdicts = expected_verdicts(snapshot, findings)
    html = tmp_path / "document.html"
    html.write_text(page.replace("ACCT-001.6</span>", "ACCT-001.x</span>"))
    pdf = print_pdf(html, tmp_path / "document.pdf")
    wrong = {**verdicts, "ACCT-002.8": "PASS"}
    assert checklist_in_pdf(pdf, wrong) == [
        "ACCT-001.6: heading not found after the previous one",
        "ACCT-002.8: verdict PASS not in its section"]


def test_chromium_is_found_from_the_environment_or_path(monkeypatch, tmp_path):
    monkeypatch.setenv("CHROMIUM_BINARY", str(tmp_path / "no-such-chromium"))
    with pytest.raises(ChromiumMissing, match=r"CHROMIUM_BINARY=.*no-such-chromium is not an "
                                              r"executable"):
        find_chromium()
    monkeypatch.delenv("CHROMIUM_BINARY")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ChromiumMissing, match="apt-get install chromium"):
        find_chromium()


def test_a_chromium_that_prints_nothing_is_one_line(tmp_path):
    html = tmp_path / "page.html"
    html.write_text("<p>x</p>")
    with pytest.raises(PrintFailed, match=r"chromium printed no PDF of page.html \(exit 1\)"):
        print_pdf(html, tmp_path / "out.pdf", chromium="/bin/false")
    assert not list(tmp_path.glob("*.pdf")) and not list(tmp_path.glob(".*partial"))


# --- the collector's read of the assignments -------------------------------------------------

def test_the_collector_reads_who_is_assigned_each_permission_set(sandbox_account):
    from governance.readonly import ALLOWED_OPERATIONS

    assert "sso-admin:ListAccountAssignments" in ALLOWED_OPERATIONS
    sso = sandbox_account.client("sso-admin")
    instance = sso.list_instances()["Instances"][0]["InstanceArn"]
    arn = sso.create_permission_set(Name="PlatformAdmin", InstanceArn=instance,
                                    SessionDuration="PT1H")["PermissionSet"]["PermissionSetArn"]
    other = sso.create_permission_set(Name="Unused", InstanceArn=instance,
                                      SessionDuration="PT2H")["PermissionSet"][
        "PermissionSetArn"]
    sso.create_account_assignment(InstanceArn=instance, TargetId=sandbox_account.account_id,
                                  TargetType="AWS_ACCOUNT", PermissionSetArn=arn,
                                  PrincipalType="GROUP", PrincipalId=GROUP_ID)
    collector = sandbox_account.collector(["us-east-1"])
    snapshot = collector.collect()
    assert snapshot.get("sso-admin:ListAccountAssignments", "us-east-1") == {
        arn: [{"PrincipalType": "GROUP", "PrincipalId": GROUP_ID}], other: []}
    sets = {row[1]: row for row in value_rows(parse(render_document(evaluate(snapshot), snapshot)),
                                              "permission-sets")}
    assert sets["PlatformAdmin"][4] == f"GROUP {GROUP_ID}" and sets["Unused"][4] == \
        "none in this account"


def test_a_failed_permission_set_read_leaves_the_assignments_unread(sandbox_account):
    from harness.moto import deny

    with deny(sandbox_account.account_id, "sso-admin:ListPermissionSets"):
        snapshot = sandbox_account.collector(["us-east-1"]).collect()
    read = snapshot.reads["sso-admin:ListAccountAssignments@us-east-1"]
    assert read.error == "not read: sso-admin:DescribePermissionSet failed"
