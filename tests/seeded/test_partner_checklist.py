"""Each requirement of the partner checklist, and each automated FTR item, flips on its own on
moto.

One account seeded with the PASS seed of every control the checklist or an automated FTR item
maps (the SEEDED cases of the identity, IAM and logging modules) passes every such item. For
each item, a fresh account seeded the same way, but with the FAIL seed of one control that
answers that item instead of its PASS seed (for FTR, a control that answers no other FTR
item), fails that item with the case's reason and leaves every other item of the framework
as the compliant account has it. Audited in-process: the collector (only the reads of these
controls) and the checks, then the item verdicts (governance.verdicts.item_verdicts).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from governance.catalog import catalog
from governance.catalog.frameworks import frameworks
from governance.checks import evaluate
from governance.collect import Collector
from governance.model import Finding
from governance.verdicts import MANUAL, ItemVerdict, item_verdicts
from tests.seeded import test_iam_controls, test_identity_controls, test_logging_controls
from tests.seeded.cases import SeededCase

FRAMEWORKS = ("partner_checklist", "ftr")
# The seeded cases of those modules (not named SEEDED: this module proves no control's cases).
CASES: dict[str, SeededCase] = {**test_identity_controls.SEEDED, **test_iam_controls.SEEDED,
                                **test_logging_controls.SEEDED}


def automated_items(key: str) -> list[str]:
    return [item.id for item in frameworks()[key].items if not item.manual]


# Every control the accounts are seeded with and audited for.
CONTROLS = sorted(control.id for control in catalog().values()
                  if control.frameworks.partner_checklist
                  or set(control.frameworks.ftr) & set(automated_items("ftr")))

# The control whose FAIL seed flips each item. The same control for a checklist item and an
# FTR item shares one account.
FLIP: dict[str, dict[str, str]] = {
    "partner_checklist": {
        "ACCT-001.1": "root-no-access-keys",
        "ACCT-001.2": "root-used-only-by-exception",
        "ACCT-001.3": "account-security-contact",
        "ACCT-001.4": "cloudtrail-log-file-validation",
        "ACCT-001.5": "cloudtrail-bucket-protected",
        "ACCT-001.6": "config-recorder-all-regions",
        "ACCT-001.7": "iam-policy-change-alert-realtime",
        "ACCT-001.8": "metric-alarm-unauthorized-api-calls",
        "ACCT-002.1": "iam-policies-no-wildcards",
        "ACCT-002.2": "iam-no-shared-users",
        "ACCT-002.3": "iam-one-active-access-key",
        "ACCT-002.4": "roles-trust-requires-mfa-or-federation",
        "ACCT-002.5": "federation-configured",
        "ACCT-002.6": "identity-center-permission-set-session",
        "ACCT-002.7": "iam-console-users-have-mfa",
        "ACCT-002.8": "iam-password-policy-strong",
    },
    "ftr": {
        "ARC-001": "root-used-only-by-exception",
        "ARC-003": "root-mfa-enabled",
        "ARC-004": "root-no-access-keys",
        "ACOM-001": "account-security-contact",
        "IAM-001": "iam-console-users-have-mfa",
        "IAM-002": "iam-one-active-access-key",
        "IAM-003": "iam-password-policy-strong",
        "IAM-004": "iam-no-shared-users",
        "IAM-005": "roles-trust-requires-mfa-or-federation",
        "IAM-007": "federation-configured",
    },
}

# PASS seeds a FAIL leaves out besides its own control's, and why.
WITHDRAWN: dict[str, dict[str, str]] = {
    "federation-configured": {
        "identity-center-permission-set-session":
            "an IAM Identity Center permission set is federated access too "
            "(federation-configured counts it): with one the account stays federated"},
}

# Other items that change with the flipped one: item -> (its verdict then, why).
COUPLED: dict[tuple[str, str], dict[str, tuple[str, str]]] = {
    ("partner_checklist", "ACCT-002.5"): {
        "ACCT-002.6": ("NOT_APPLICABLE",
                       "an account without federation has no Identity Center permission set "
                       "to judge (WITHDRAWN): the requirement of SAML 2.0 federation cannot "
                       "fail while the permission sets of ACCT-002.6 exist")},
}

# Items moto cannot seed to PASS, and why; the compliant test asserts they are not PASS.
NOT_PASSING_ON_MOTO: dict[tuple[str, str], str] = {}

FLIPPED_ITEMS = [(key, item) for key in FRAMEWORKS for item in FLIP[key]]

Verdicts = dict[str, dict[str, ItemVerdict]]


def seed(account: Any, flipped: str | None = None) -> None:
    """Every PASS seed of CONTROLS once (cases share some: the logging stack, the password
    policy), in catalog order; with ``flipped``, that control's (and its WITHDRAWN ones')
    PASS seed left out and its FAIL seed last."""
    left_out = {flipped, *WITHDRAWN.get(flipped, {})} if flipped else set()
    skipped = [CASES[control_id].seed_pass for control_id in left_out]
    done: list[Callable[[Any], None]] = []
    for control_id in CONTROLS:
        seed_pass = CASES[control_id].seed_pass
        if seed_pass not in skipped and seed_pass not in done:
            seed_pass(account)
            done.append(seed_pass)
    if flipped:
        CASES[flipped].seed_fail(account)


def audit(account: Any) -> tuple[list[Finding], Verdicts]:
    collector = Collector(account.session, endpoint_url=account.endpoint,
                          proxies=account.proxies, regions=[account.region], controls=CONTROLS)
    findings = evaluate(collector.collect(), CONTROLS)
    verdicts = item_verdicts(findings, FRAMEWORKS)
    return findings, {key: {row.item_id: row for row in rows} for key, rows in verdicts.items()}


@pytest.fixture(scope="module")
def audited(moto_sandbox: Any) -> Callable[[str | None], tuple[list[Finding], Verdicts]]:
    """``audited(None)``: the compliant account's findings and item verdicts;
    ``audited(control_id)``: those of the account with that control's FAIL seed (one
    account per control, made on first use)."""
    made: dict[str | None, tuple[list[Finding], Verdicts]] = {}

    def get(flipped: str | None) -> tuple[list[Finding], Verdicts]:
        if flipped not in made:
            account = moto_sandbox.new_account()
            seed(account, flipped)
            made[flipped] = audit(account)
        return made[flipped]

    return get


def _reasons(row: ItemVerdict) -> str:
    return " | ".join(f"{f.control_id} {f.status.value}: {f.reason}" for f in row.findings)


def test_every_automated_item_has_a_flip_that_answers_it_alone():
    """The table above is complete and right: one control per automated item, answering it
    (for FTR, and no other FTR item), with seeded cases; the reasoned tables name real
    controls and items."""
    for key in FRAMEWORKS:
        assert sorted(FLIP[key]) == sorted(automated_items(key)), key
        for item, control_id in FLIP[key].items():
            assert getattr(catalog()[control_id].frameworks, key) == (item,), (key, item)
            assert control_id in CONTROLS and control_id in CASES
    for control_id, withdrawn in WITHDRAWN.items():
        assert control_id in CASES and set(withdrawn) <= set(CONTROLS)
    for (key, item), others in COUPLED.items():
        assert item in FLIP[key] and set(others) <= set(automated_items(key))
    assert set(NOT_PASSING_ON_MOTO) <= set(FLIPPED_ITEMS)


@pytest.mark.xdist_group("seeded-partner-checklist")
def test_the_compliant_account_passes_every_item(audited):
    findings, verdicts = audited(None)
    assert {f.control_id for f in findings} == set(CONTROLS)
    excused = {control_id for key, item in NOT_PASSING_ON_MOTO for control_id in CONTROLS
               if item in getattr(catalog()[control_id].frameworks, key)}
    not_passing: dict[str, list[str]] = {}
    for finding in findings:
        if finding.status.value != "PASS" and finding.control_id not in excused:
            not_passing.setdefault(finding.control_id, []).append(
                f"{finding.status.value}: {finding.reason}")
    assert not_passing == {}
    for key in FRAMEWORKS:
        for item in frameworks()[key].items:
            row = verdicts[key][item.id]
            if item.manual:
                assert row.status == MANUAL, (key, item.id)
            elif (key, item.id) in NOT_PASSING_ON_MOTO:  # not faked: not PASS, as listed
                assert row.status != "PASS", (key, item.id, NOT_PASSING_ON_MOTO[(key, item.id)])
            else:
                assert row.status == "PASS", (key, item.id, _reasons(row))


@pytest.mark.xdist_group("seeded-partner-checklist")
@pytest.mark.parametrize(("key", "item"), FLIPPED_ITEMS,
                         ids=[f"{key}:{item}" for key, item in FLIPPED_ITEMS])
def test_one_failing_control_flips_only_its_item(audited, key, item):
    control_id = FLIP[key][item]
    _, compliant = audited(None)
    _, verdicts = audited(control_id)
    row = verdicts[key][item]
    assert row.status == "FAIL", _reasons(row)
    assert CASES[control_id].fail_reason in " | ".join(
        f.reason for f in row.findings if f.control_id == control_id and f.status.value == "FAIL")
    changed = {other: verdict.status for other, verdict in verdicts[key].items()
               if other != item and verdict.status != compliant[key][other].status}
    expected = {other: status for other, (status, _) in COUPLED.get((key, item), {}).items()}
    assert changed == expected, {other: _reasons(verdicts[key][other]) for other in changed}
