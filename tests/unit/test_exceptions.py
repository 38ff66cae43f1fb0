"""Exceptions (--exceptions FILE): a covered FAIL shows WAIVED with its reason, owner and
expiry in every output, never as PASS; expired ones are ignored and reported; bad files are
refused in one line."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from governance.cli.main import main
from governance.exceptions import ExceptionsError, load_exceptions
from tests.support.snapshots import changed
from tests.unit.snapshots import compliant

ADMIN = {"PolicyName": "AdministratorAccess",
         "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}
CONTROLS = "iam-no-full-admin-policy-attached,iam-password-policy-min-length"


def _two_admin_roles(details):
    for name in ("break-glass", "ops"):
        details["RoleDetailList"].append({
            "RoleName": name, "Arn": f"arn:aws:iam::111122223333:role/{name}",
            "RolePolicyList": [], "AttachedManagedPolicies": [ADMIN]})
    return details


@pytest.fixture
def admin_snapshot(tmp_path):
    snapshot = changed(compliant(), "iam:GetAccountAuthorizationDetails", _two_admin_roles)
    path = tmp_path / "snapshot.json"
    path.write_text(json.dumps(snapshot.to_dict()))
    return path


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return path


BREAK_GLASS_TOML = """
[[exception]]
control = "iam-no-full-admin-policy-attached"
resource = "arn:aws:iam::*:role/break-glass"
reason = "break-glass: MFA-only trust, alarmed"
owner = "secops@example.com"
expires = 2999-01-01
"""


def _audit(tmp_path, snapshot, exceptions, formats="json,junit,markdown,table", controls=CONTROLS):
    out = tmp_path / "out"
    code = main(["audit", "--from-snapshot", str(snapshot), "--controls", controls,
                 "--exceptions", str(exceptions), "--format", formats, "--output", str(out)])
    return code, out


def test_a_covered_fail_is_waived_in_every_output_and_others_still_fail(tmp_path, admin_snapshot):
    code, out = _audit(tmp_path, admin_snapshot, _write(tmp_path, "x.toml", BREAK_GLASS_TOML))
    assert code == 1  # the ops role is not covered: still a FAIL
    data = json.loads((out / "findings.json").read_text())
    by_resource = {f["resource"]: f for f in data["findings"]
                   if f["control_id"] == "iam-no-full-admin-policy-attached"}
    waived = by_resource["arn:aws:iam::111122223333:role/break-glass"]
    assert waived["status"] == "WAIVED"
    assert "secops@example.com" in waived["reason"] and "2999-01-01" in waived["reason"]
    assert waived["evidence"]["original_status"] == "FAIL"
    assert by_resource["arn:aws:iam::111122223333:role/ops"]["status"] == "FAIL"
    item = next(r for r in data["items"]["cis_aws_v3"] if r["item"] == "1.16")
    assert item["status"] == "FAIL"  # worst of WAIVED and FAIL
    assert "WAIVED" in (out / "findings.txt").read_text()
    assert "break-glass: MFA-only trust" in (out / "evidence.md").read_text()
    cases = [c for s in ET.parse(out / "findings.junit.xml").getroot() for c in s
             if "break-glass" in c.get("name")]
    assert cases and cases[0].find("skipped") is not None  # never a passed test


def test_all_covered_exits_0_and_the_item_shows_waived(tmp_path, admin_snapshot):
    both = BREAK_GLASS_TOML.replace("role/break-glass", "role/*")
    code, out = _audit(tmp_path, admin_snapshot, _write(tmp_path, "x.toml", both))
    assert code == 0
    items = {r["item"]: r["status"] for r in json.loads(
        (out / "findings.json").read_text())["items"]["cis_aws_v3"]}
    assert items["1.16"] == "WAIVED" and items["1.8"] == "PASS"


def test_an_item_exception_waives_that_item_only(tmp_path):
    weak = changed(compliant(), "iam:GetAccountPasswordPolicy",
                   lambda p: {**p, "MinimumPasswordLength": 8})
    snapshot = _write(tmp_path, "weak.json", json.dumps(weak.to_dict()))
    exceptions = _write(tmp_path, "x.yaml", """
exceptions:
  - item: "cis_aws_v3:1.8"
    reason: "legacy IdP enforces length 12; migration ticket SEC-42"
    owner: iam-team
    expires: 2999-06-30
""")
    code, out = _audit(tmp_path, snapshot, exceptions, formats="json",
                       controls="iam-password-policy-min-length")
    data = json.loads((out / "findings.json").read_text())
    items = {r["item"]: r["status"] for r in data["items"]["cis_aws_v3"]}
    securityhub = {r["item"]: r["status"] for r in data["items"]["securityhub"]}
    assert items["1.8"] == "WAIVED"
    assert securityhub["IAM.15"] == "FAIL"  # the same finding, under another framework item
    assert code == 1


def test_an_expired_exception_is_ignored_and_reported(tmp_path, admin_snapshot, capsys):
    expired = BREAK_GLASS_TOML.replace("2999-01-01", "2020-01-01").replace("role/break-glass",
                                                                          "role/*")
    code, out = _audit(tmp_path, admin_snapshot, _write(tmp_path, "x.toml", expired))
    assert code == 1
    data = json.loads((out / "findings.json").read_text())
    assert {f["status"] for f in data["findings"]
            if f["control_id"] == "iam-no-full-admin-policy-attached"} == {"FAIL"}
    assert data["expired_exceptions"][0]["expires"] == "2020-01-01"
    assert "expired on 2020-01-01: ignored" in capsys.readouterr().err
    assert "Expired exceptions" in (out / "evidence.md").read_text()


def test_errors_are_never_waived(tmp_path):
    denied = compliant()
    denied.record("iam:GetAccountAuthorizationDetails", error="AccessDenied: no")
    snapshot = _write(tmp_path, "denied.json", json.dumps(denied.to_dict()))
    everything = BREAK_GLASS_TOML.replace("role/break-glass", "*")
    code, out = _audit(tmp_path, snapshot, _write(tmp_path, "x.toml", everything), formats="json")
    assert code == 2
    assert {f["status"] for f in json.loads((out / "findings.json").read_text())["findings"]
            if f["control_id"] == "iam-no-full-admin-policy-attached"} == {"ERROR"}


@pytest.mark.parametrize(("name", "text", "message"), [
    ("no-reason.toml", '[[exception]]\ncontrol = "iam-no-shared-users"\nowner = "a"\n'
     'expires = 2030-01-01\n', "exception #1: reason is required"),
    ("bad-date.toml", '[[exception]]\ncontrol = "iam-no-shared-users"\nreason = "r"\n'
     'owner = "a"\nexpires = "soon"\n', "expires 'soon' is not a date"),
    ("unknown.toml", '[[exception]]\ncontrol = "no-such-control"\nreason = "r"\nowner = "a"\n'
     'expires = 2030-01-01\n', "unknown control 'no-such-control'"),
    ("both.toml", '[[exception]]\ncontrol = "iam-no-shared-users"\nitem = "cis_aws_v3:1.8"\n'
     'reason = "r"\nowner = "a"\nexpires = 2030-01-01\n', "exactly one of control or item"),
    ("item.toml", '[[exception]]\nitem = "cis_aws_v3:9.9"\nreason = "r"\nowner = "a"\n'
     'expires = 2030-01-01\n', "no control answers item 'cis_aws_v3:9.9'"),
    ("broken.yaml", "exceptions: [\n", "is not valid YAML"),
    ("broken.toml", "[[exception]\n", "is not valid TOML"),
    ("empty.toml", "", "expected a list under 'exception'"),
    # issue 16: each of these crashed (exit 1) or silently never matched
    ("datetime.toml", '[[exception]]\ncontrol = "iam-no-shared-users"\nreason = "r"\n'
     'owner = "a"\nexpires = 2030-01-01T00:00:00Z\n', "is a date-time"),
    ("datetime.yaml", "exceptions:\n- control: iam-no-shared-users\n  reason: r\n  owner: a\n"
     "  expires: 2030-01-01 10:00:00\n", "is a date-time"),
    ("octal.yaml", "exceptions:\n- control: iam-no-shared-users\n  account: 012345670123\n"
     "  reason: r\n  owner: a\n  expires: 2030-01-01\n", "account must be a quoted string"),
    ("int.toml", '[[exception]]\ncontrol = "iam-no-shared-users"\naccount = 111122223333\n'
     'reason = "r"\nowner = "a"\nexpires = 2030-01-01\n', "account must be a quoted string"),
    ("short.toml", '[[exception]]\ncontrol = "iam-no-shared-users"\naccount = "1111"\n'
     'reason = "r"\nowner = "a"\nexpires = 2030-01-01\n', "is not a 12-digit account id"),
    ("reason.yaml", "exceptions:\n- control: iam-no-shared-users\n  reason: [a, b]\n"
     "  owner: a\n  expires: 2030-01-01\n", "reason must be a string"),
    ("owner.toml", '[[exception]]\ncontrol = "iam-no-shared-users"\nreason = "r"\nowner = 42\n'
     'expires = 2030-01-01\n', "owner must be a string"),
])
def test_a_bad_exceptions_file_is_one_line_and_nothing_runs(tmp_path, admin_snapshot, capsys,
                                                             name, text, message):
    path = _write(tmp_path, name, text)
    with pytest.raises(ExceptionsError, match=message):
        load_exceptions(path)
    code, out = _audit(tmp_path, admin_snapshot, path)
    err = capsys.readouterr().err.strip()
    assert code == 2 and message.split("'")[0] in err and len(err.splitlines()) == 1
    assert not out.exists() or not any(out.iterdir())


def test_the_complete_example_ships_reviewed_exceptions():
    """The example's exceptions name reasons and owners, and come up for review within a
    year and a half (renew them in terraform/examples/complete/exceptions.toml)."""
    from pathlib import Path

    waivers = load_exceptions(Path(__file__).resolve().parents[2] / "terraform" / "examples" /
                              "complete" / "exceptions.toml")
    assert [w.resource.rsplit("/", 1)[1] for w in waivers] == [
        "platform-admin", "break-glass", "federated-admin"]
    assert all(date.today() <= w.expires and (w.expires - date.today()).days < 550
               for w in waivers)


def test_a_waiver_over_every_account_and_resource_is_warned_about(tmp_path, capsys):
    broad = _write(tmp_path, "broad.toml", '[[exception]]\ncontrol = "iam-no-shared-users"\n'
                   'reason = "r"\nowner = "a"\nexpires = 2030-01-01\n')
    assert len(load_exceptions(broad)) == 1
    assert "exception #1 (iam-no-shared-users) covers every account and every resource" in \
        capsys.readouterr().err
    named = _write(tmp_path, "named.yaml", "exceptions:\n- control: iam-no-shared-users\n"
                   "  account: '012345678901'\n  reason: r\n  owner: a\n  expires: 2030-01-01\n")
    assert load_exceptions(named)[0].account == "012345678901"
    assert capsys.readouterr().err == ""
