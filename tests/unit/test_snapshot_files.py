"""A corrupt or foreign ``--from-snapshot`` file: one-line error, exit 2, nothing written."""

from __future__ import annotations

import json

import pytest

from governance.cli.main import main
from governance.model import SNAPSHOT_SCHEMA_VERSION, AccountSnapshot
from tests.unit.snapshots import compliant


def saved() -> dict:
    return json.loads(json.dumps(compliant().to_dict()))


@pytest.mark.parametrize(("content", "message"), [
    (lambda: json.dumps(saved())[:-40], "not JSON (truncated or corrupt?)"),
    (lambda: "", "not JSON (truncated or corrupt?)"),
    (lambda: json.dumps([saved()]), "not a snapshot: a JSON list, not an object"),
    (lambda: json.dumps({"findings": [], "account_id": "123456789012"}),
     "not a snapshot: missing or mistyped caller_arn, collected_at, reads"),
    (lambda: json.dumps({**saved(), "reads": {"iam:GetAccountSummary": [1, 2]}}),
     "not a snapshot: read 'iam:GetAccountSummary' is not {data, error, emulator_gap}"),
    (lambda: json.dumps({**saved(), "schema_version": SNAPSHOT_SCHEMA_VERSION + 1}),
     f"snapshot schema version {SNAPSHOT_SCHEMA_VERSION + 1}; this version reads version "
     f"{SNAPSHOT_SCHEMA_VERSION}"),
], ids=["truncated", "empty", "list", "findings-file", "bad-read", "newer-schema"])
def test_corrupt_or_foreign_snapshot_is_one_line_exit_2(content, message, tmp_path, capsys):
    snapshot = tmp_path / "snapshot.json"
    snapshot.write_text(content())
    output = tmp_path / "out"
    assert main(["audit", "--from-snapshot", str(snapshot), "--format", "json",
                 "--output", str(output)]) == 2
    captured = capsys.readouterr()
    err = captured.err.strip()
    assert err.startswith(f"error: cannot read snapshot {snapshot}: ") and message in err
    assert len(err.splitlines()) == 1
    assert not (output / "findings.json").exists()


def test_saved_snapshot_round_trips_with_its_schema_version_and_retries():
    snapshot = compliant()
    snapshot.api_retries = 4
    data = json.loads(json.dumps(snapshot.to_dict()))
    assert data["schema_version"] == SNAPSHOT_SCHEMA_VERSION
    assert AccountSnapshot.from_dict(data) == snapshot
    del data["schema_version"]  # written before versioning: the same shape
    assert AccountSnapshot.from_dict(data) == snapshot
