"""Adoption (python -m governance adopt) on recorded plans and answers: regions from the
plan, the decision per singleton, the change report and its weakening flags, the files
written, and the CLI's one-line refusals. The whole flow on moto: tests/apply/test_adoption.py."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance.adopt import changes, files
from governance.adopt.decide import (
    CREATE,
    IMPORT,
    REFUSE,
    REUSE,
    UNTOUCHED,
    AdoptionRefused,
    Options,
    decide,
)
from governance.adopt.plan import (
    UNKNOWN,
    PlannedResource,
    attribute_changes,
    module_regions,
    planned_resources,
    region_of,
    without_instance_keys,
)
from governance.cli.main import main

ACCOUNT, MANAGEMENT = "111122223333", "999988887777"
HOME, SECOND = "us-east-1", "eu-west-1"


def _region_data(address: str, region: str) -> dict[str, Any]:
    return {"address": address, "resources": [
        {"mode": "data", "type": "aws_region", "values": {"name": region}}], "child_modules": []}


def plan_of(*changes_: dict[str, Any]) -> dict[str, Any]:
    """A plan whose module.baseline reads us-east-1 and module.secondary eu-west-1."""
    baseline = _region_data("module.baseline", HOME)
    baseline["resources"].append({"mode": "data", "type": "aws_caller_identity",
                                  "values": {"account_id": ACCOUNT}})
    return {"prior_state": {"values": {"root_module": {"resources": [], "child_modules": [
        baseline, _region_data("module.secondary", SECOND)]}}},
        "resource_changes": list(changes_)}


def change(address: str, kind: str, after: dict[str, Any], *, before: Any = None,
           actions: tuple[str, ...] = ("create",), importing: str | None = None,
           unknown: dict[str, Any] | None = None) -> dict[str, Any]:
    module = address.rsplit(".", 2)[0] if address.startswith("module.") else ""
    body: dict[str, Any] = {"actions": list(actions), "before": before, "after": after,
                            "after_unknown": unknown or {}}
    if importing is not None:
        body["importing"] = {"id": importing}
    return {"address": address, "module_address": module, "mode": "managed", "type": kind,
            "change": body}


class Answers:
    """Recorded answers in Existing's shape (governance/adopt/existing.py)."""

    account_id = ACCOUNT

    def __init__(self, **answers: Any) -> None:
        self.answers = answers
        self.gaps: list[str] = []

    def _get(self, name: str, region: str | None, default: Any) -> Any:
        value = self.answers.get(name, default)
        return value.get(region, default) if isinstance(value, dict) and region in (
            HOME, SECOND) and name not in ("password_policy",) else value

    def recorders(self, region: str) -> Any:
        return self._get("recorders", region, [])

    def channels(self, region: str) -> Any:
        return self._get("channels", region, [])

    def detectors(self, region: str) -> Any:
        return self._get("detectors", region, [])

    def hub(self, region: str) -> Any:
        return self._get("hub", region, None)

    def hub_administrator(self, region: str) -> Any:
        return self._get("hub_administrator", region, None)

    def standards(self, region: str) -> Any:
        return self._get("standards", region, [])

    def analyzers(self, region: str) -> Any:
        return self._get("analyzers", region, [])

    def trails(self, region: str) -> Any:
        return self.answers.get("trails", [])

    def password_policy(self) -> Any:
        return self.answers.get("password_policy")

    def aliases(self) -> Any:
        return self.answers.get("aliases", [])

    def account_public_access_block(self) -> Any:
        return self.answers.get("bpa")

    def ebs_encryption_by_default(self, region: str) -> Any:
        return self._get("ebs", region, False)

    def instance_metadata_defaults(self, region: str) -> Any:
        return self._get("imds", region, {})

    def default_security_groups(self, region: str) -> Any:
        return self._get("security_groups", region, [])

    def network_interfaces_of(self, region: str, group_id: str) -> int:
        return 0

    def default_network_acls(self, region: str) -> Any:
        return []

    def iam_names(self) -> Any:
        return {"users": set(self.answers.get("users", ())), "groups": set()}

    def alternate_contact(self, kind: str) -> Any:
        return None


RECORDER = "module.baseline.module.config_recording[0].aws_config_configuration_recorder.this"
CHANNEL = "module.baseline.module.config_recording[0].aws_config_delivery_channel.this"
DETECTOR = "module.baseline.module.regional_guardrails[0].aws_guardduty_detector.this"
SECOND_DETECTOR = "module.secondary.aws_guardduty_detector.this"
TRAIL = "module.baseline.module.audit_trail[0].aws_cloudtrail.this"
POLICY = "module.baseline.module.human_access[0].aws_iam_account_password_policy.this"
HUB = "module.baseline.module.account_guardrails[0].aws_securityhub_account.this[0]"
STANDARD = ("module.baseline.module.account_guardrails[0]."
            'aws_securityhub_standards_subscription.this["cis-aws-foundations-benchmark/v/3.0.0"]')
CIS3 = f"arn:aws:securityhub:{HOME}::standards/cis-aws-foundations-benchmark/v/3.0.0"
FSBP = f"arn:aws:securityhub:{HOME}::standards/aws-foundational-security-best-practices/v/1.0.0"


def resources(*changes_: dict[str, Any]) -> list[PlannedResource]:
    return planned_resources(plan_of(*changes_))


def by_type(adoption: Any, kind: str) -> list[Any]:
    return [d for d in adoption.decisions if d.resource_type == kind]


# --- the plan ---------------------------------------------------------------------------------

def test_each_resource_takes_the_region_of_the_nearest_module_reading_aws_region():
    plan = plan_of()
    regions = module_regions(plan)
    assert regions == {"module.baseline": HOME, "module.secondary": SECOND}
    assert region_of("module.baseline.module.config_recording[0]", regions) == HOME
    assert region_of("module.secondary", regions) == SECOND
    assert region_of("module.other", regions) is None
    planned = resources(change(SECOND_DETECTOR, "aws_guardduty_detector", {}))
    assert planned[0].region == SECOND


def test_a_resource_in_a_module_without_a_known_region_is_refused_not_guessed():
    planned = resources(change("module.other.aws_guardduty_detector.this",
                               "aws_guardduty_detector", {}))
    with pytest.raises(AdoptionRefused, match="no region is known"):
        decide(planned, Answers())


def test_removed_blocks_address_resources_without_instance_keys():
    assert without_instance_keys(STANDARD) == (
        "module.baseline.module.account_guardrails.aws_securityhub_standards_subscription.this")


def test_attribute_changes_show_values_known_only_after_apply_and_skip_ids():
    planned = resources(change(CHANNEL, "aws_config_delivery_channel",
                               {"name": "default", "id": "x"}, before={
                                   "name": "default", "s3_bucket_name": "customer", "id": "x"},
                               actions=("update",), importing="default",
                               unknown={"s3_bucket_name": True}))
    assert attribute_changes(planned[0]) == [("s3_bucket_name", "customer", UNKNOWN)]


# --- decisions --------------------------------------------------------------------------------

def test_an_existing_recorder_and_channel_are_adopted_under_their_own_names():
    planned = resources(change(RECORDER, "aws_config_configuration_recorder",
                               {"name": "governance-recorder"}),
                        change(CHANNEL, "aws_config_delivery_channel",
                               {"name": "governance-delivery"}))
    adoption = decide(planned, Answers(recorders={HOME: [{"name": "default"}]},
                                       channels={HOME: [{"name": "default",
                                                         "s3BucketName": "customer"}]}))
    assert [(d.action, d.import_id) for d in adoption.decisions] == [
        (REUSE, "default"), (REUSE, "default")]
    assert adoption.variables == {"config_recorder_names": {HOME: "default"},
                                  "config_delivery_channel_names": {HOME: "default"}}


def test_control_towers_recorder_is_refused():
    planned = resources(change(RECORDER, "aws_config_configuration_recorder",
                               {"name": "governance-recorder"}))
    adoption = decide(planned, Answers(recorders={HOME: [
        {"name": "aws-controltower-BaselineConfigRecorder"}]}))
    assert [d.action for d in adoption.decisions] == [REFUSE]
    assert "Control Tower" in adoption.refusals[0].reason


def _member_detector(detector_id: str, admin: str | None = MANAGEMENT) -> list[dict[str, Any]]:
    return [{"DetectorId": detector_id, "FindingPublishingFrequency": "SIX_HOURS",
             "Administrator": admin}]


def test_a_guardduty_member_keeps_the_frequency_its_administrator_sets():
    planned = resources(change(DETECTOR, "aws_guardduty_detector", {}),
                        change(SECOND_DETECTOR, "aws_guardduty_detector", {}))
    adoption = decide(planned, Answers(detectors={HOME: _member_detector("d1"),
                                                  SECOND: _member_detector("d2")}))
    assert [(d.action, d.import_id, d.region) for d in adoption.decisions] == [
        (REUSE, "d1", HOME), (REUSE, "d2", SECOND)]
    assert adoption.variables == {"guardduty_finding_publishing_frequency": None}
    assert MANAGEMENT in adoption.variable_reasons["guardduty_finding_publishing_frequency"]


@pytest.mark.parametrize("second", [_member_detector("d2", None), []],
                         ids=["standalone detector", "no detector"])
def test_a_member_in_one_region_only_is_refused_since_one_variable_sets_every_region(second):
    # null would silently leave the other region's detector at SIX_HOURS (or a new one at
    # GuardDuty's default) where the baseline promises FIFTEEN_MINUTES.
    planned = resources(change(DETECTOR, "aws_guardduty_detector", {}),
                        change(SECOND_DETECTOR, "aws_guardduty_detector", {}))
    with pytest.raises(AdoptionRefused, match=f"but not in {SECOND}"):
        decide(planned, Answers(detectors={HOME: _member_detector("d1"), SECOND: second}))


def _trail(name: str, owner: str = ACCOUNT, **extra: Any) -> dict[str, Any]:
    return {"Name": name, "TrailARN": f"arn:aws:cloudtrail:{HOME}:{owner}:trail/{name}",
            "HomeRegion": HOME, **extra}


def test_an_organization_trail_and_a_customer_trail_are_left_untouched_with_reasons():
    planned = resources(change(TRAIL, "aws_cloudtrail", {"name": "governance-trail"}))
    answers = Answers(trails=[
        _trail("org-trail", MANAGEMENT, IsOrganizationTrail=True, IsMultiRegionTrail=True),
        _trail("customer-trail", IsMultiRegionTrail=True, LogFileValidationEnabled=True)])
    adoption = decide(planned, answers)
    kept = {d.existing.rsplit("/", 1)[1]: d.reason for d in by_type(adoption, "aws_cloudtrail")
            if d.action == UNTOUCHED}
    assert f"organization trail of account {MANAGEMENT}" in kept["org-trail"]
    assert "will FAIL it (no KMS encryption)" in kept["customer-trail"]
    assert [d.action for d in adoption.decisions if d.address == TRAIL] == [CREATE]


def test_adopt_trail_imports_the_customer_trail_under_its_name():
    planned = resources(change(TRAIL, "aws_cloudtrail", {"name": "governance-trail"}))
    adoption = decide(planned, Answers(trails=[_trail("customer-trail")]),
                      Options(adopt_trail="customer-trail"))
    adopted = [d for d in adoption.decisions if d.address == TRAIL]
    assert [(d.action, d.import_id) for d in adopted] == [
        (REUSE, f"arn:aws:cloudtrail:{HOME}:{ACCOUNT}:trail/customer-trail")]
    assert adoption.variables == {"audit_trail_name": "customer-trail"}


@pytest.mark.parametrize("trail, message", [
    (_trail("org-trail", MANAGEMENT, IsOrganizationTrail=True), f"belongs to account {MANAGEMENT}"),
    (_trail("other-name"), "no trail of this account by that name"),
])
def test_adopt_trail_refuses_a_trail_it_cannot_own(trail, message):
    planned = resources(change(TRAIL, "aws_cloudtrail", {"name": "governance-trail"}))
    with pytest.raises(AdoptionRefused, match=message):
        decide(planned, Answers(trails=[trail]), Options(adopt_trail=trail["Name"].replace(
            "other-name", "customer-trail")))


def test_standards_already_subscribed_are_imported_and_others_stay_untouched():
    planned = resources(change(HUB, "aws_securityhub_account", {}),
                        change(STANDARD, "aws_securityhub_standards_subscription",
                               {"standards_arn": CIS3}))
    subscriptions = [
        {"StandardsArn": CIS3, "StandardsSubscriptionArn": "arn:sub/cis"},
        {"StandardsArn": FSBP, "StandardsSubscriptionArn": "arn:sub/fsbp"}]
    adoption = decide(planned, Answers(hub={HOME: {"HubArn": "arn:hub"}},
                                       standards={HOME: subscriptions}))
    got = {(d.action, d.resource_type, d.import_id or d.existing) for d in adoption.decisions}
    assert got == {(IMPORT, "aws_securityhub_account", ACCOUNT),
                   (UNTOUCHED, "aws_securityhub_standards_subscription", FSBP),
                   (IMPORT, "aws_securityhub_standards_subscription", "arn:sub/cis")}


def test_an_alias_of_another_name_is_kept_so_the_sign_in_url_keeps_working():
    alias = "module.baseline.module.human_access[0].aws_iam_account_alias.this[0]"
    planned = resources(change(alias, "aws_iam_account_alias", {"account_alias": "new"}))
    adoption = decide(planned, Answers(aliases=["customer-legacy"]))
    assert [(d.action, d.import_id, d.region) for d in adoption.decisions] == [
        (REUSE, "customer-legacy", None)]
    assert adoption.variables == {"account_alias": "customer-legacy"}


def test_nothing_existing_means_create_and_no_variable():
    planned = resources(change(RECORDER, "aws_config_configuration_recorder", {"name": "x"}),
                        change(DETECTOR, "aws_guardduty_detector", {}),
                        change(POLICY, "aws_iam_account_password_policy", {}))
    adoption = decide(planned, Answers())
    assert {d.action for d in adoption.decisions} == {CREATE}
    assert adoption.variables == {} and adoption.imports == []


# --- the change report ------------------------------------------------------------------------

def _policy_change(before: dict[str, Any], after: dict[str, Any]) -> list[PlannedResource]:
    return resources(change(POLICY, "aws_iam_account_password_policy", after, before=before,
                            actions=("update",), importing="iam-account-password-policy"))


def _report(planned: list[PlannedResource], accepted: frozenset[str] = frozenset(),
            answers: Answers | None = None) -> changes.ChangeReport:
    answers = answers or Answers(password_policy={})
    adoption = decide([], answers)
    return changes.build(planned, adoption, answers, accepted)


def test_a_stronger_customer_password_policy_lowered_by_the_baseline_is_flagged():
    # Looks compliant (14 meets CIS), but this customer had 20: adoption would weaken it.
    report = _report(_policy_change({"minimum_password_length": 20, "require_symbols": True},
                                    {"minimum_password_length": 14, "require_symbols": True}))
    assert [(a.item, a.before, a.after) for _, a in report.pending] == [
        ("aws_iam_account_password_policy.minimum_password_length", 20, 14)]


def test_strengthening_changes_are_listed_but_not_flagged():
    report = _report(_policy_change({"minimum_password_length": 8, "require_symbols": False},
                                    {"minimum_password_length": 14, "require_symbols": True}))
    assert [a.name for c in report.changes for a in c.attributes] == [
        "minimum_password_length", "require_symbols"]
    assert report.weakenings == []


@given(st.integers(6, 128), st.integers(6, 128))
def test_password_length_is_flagged_exactly_when_it_gets_shorter(before, after):
    report = _report(_policy_change({"minimum_password_length": before},
                                    {"minimum_password_length": after}))
    assert bool(report.weakenings) == (after < before)


def test_a_delivery_channel_moving_to_another_bucket_is_flagged_until_accepted():
    planned = resources(change(CHANNEL, "aws_config_delivery_channel", {"name": "default"},
                               before={"name": "default", "s3_bucket_name": "customer"},
                               actions=("update",), importing="default",
                               unknown={"s3_bucket_name": True}))
    item = f"aws_config_delivery_channel.s3_bucket_name@{HOME}"
    assert [a.item for _, a in _report(planned).pending] == [item]
    accepted = _report(planned, frozenset({item}))
    assert accepted.pending == [] and [a.item for _, a in accepted.weakenings] == [item]
    stale = _report(planned, frozenset({item, "aws_guardduty_detector.enable@us-east-1"}))
    assert changes.unused_acceptances(stale) == ["aws_guardduty_detector.enable@us-east-1"]


def test_replacing_an_imported_hub_is_a_weakening_of_its_own():
    planned = resources(change(HUB, "aws_securityhub_account", {}, before={},
                               actions=("delete", "create"), importing=ACCOUNT))
    assert [a.item for _, a in _report(planned).pending] == [
        f"aws_securityhub_account.replace@{HOME}"]


@pytest.mark.parametrize("attribute", ["block_public_acls", "restrict_public_buckets"])
def test_a_public_access_block_switched_off_is_flagged(attribute):
    bpa = "module.baseline.module.account_guardrails[0].aws_s3_account_public_access_block.this"
    planned = resources(change(bpa, "aws_s3_account_public_access_block", {attribute: False},
                               before={attribute: True}, actions=("update",),
                               importing=ACCOUNT))
    assert [a.item for _, a in _report(planned).pending] == [
        f"aws_s3_account_public_access_block.{attribute}"]


def test_a_default_security_group_taken_over_shows_the_rules_it_loses():
    address = 'module.baseline.module.network_baseline[0].aws_default_security_group.this["v"]'
    planned = resources(change(address, "aws_default_security_group",
                               {"vpc_id": "vpc-1", "ingress": [], "egress": []}))
    answers = Answers(security_groups={HOME: [{
        "GroupId": "sg-1", "VpcId": "vpc-1",
        "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
                           "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}],
        "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}]})
    report = _report(planned, answers=answers)
    assert [(c.action, [(a.name, a.before, a.after) for a in c.attributes])
            for c in report.changes] == [("take over", [
                ("ingress", ["tcp 22 10.0.0.0/8"], []),
                ("egress", ["all traffic 0.0.0.0/0"], [])])]


def test_imds_required_overwritten_by_optional_is_flagged():
    address = "module.baseline.module.network_baseline[0].aws_ec2_instance_metadata_defaults.this[0]"
    planned = resources(change(address, "aws_ec2_instance_metadata_defaults",
                               {"http_tokens": "optional"}))
    report = _report(planned, answers=Answers(imds={HOME: {"HttpTokens": "required"}}))
    assert [(a.item, a.before) for _, a in report.pending] == [
        (f"aws_ec2_instance_metadata_defaults.http_tokens@{HOME}", "required")]


def test_every_control_a_resource_type_serves_is_in_the_catalog():
    from governance.catalog import catalog

    named = {c for ids in changes.CONTROLS_BY_TYPE.values() for c in ids}
    assert named - set(catalog()) == set()


# --- files ------------------------------------------------------------------------------------

@given(st.text())
def test_tfvars_strings_escape_templates_and_quote_like_json(text):
    rendered = files.hcl(text)
    assert "${" not in rendered.replace("$${", "") and "%{" not in rendered.replace("%%{", "")
    assert json.loads(rendered.replace("$${", "${").replace("%%{", "%{")) == text


def test_the_review_guard_is_written_only_while_a_weakening_is_pending():
    planned = resources(change(CHANNEL, "aws_config_delivery_channel", {"name": "default"},
                               before={"name": "default", "s3_bucket_name": "customer"},
                               actions=("update",), importing="default",
                               unknown={"s3_bucket_name": True}))
    adoption = decide([], Answers())
    pending = changes.build(planned, adoption, Answers())
    text = files.imports_text(adoption, ACCOUNT, pending)
    assert "length(local.governance_adoption_unaccepted_weakenings) == 0" in text
    assert "s3_bucket_name@us-east-1" in text
    item = f"aws_config_delivery_channel.s3_bucket_name@{HOME}"
    accepted = changes.build(planned, adoption, Answers(), frozenset({item}))
    assert "terraform_data" not in files.imports_text(adoption, ACCOUNT, accepted)


def test_offboarding_forgets_each_adopted_resource_once_and_destroys_nothing_adopted():
    planned = resources(change(RECORDER, "aws_config_configuration_recorder", {"name": "x"}),
                        change(STANDARD, "aws_securityhub_standards_subscription",
                               {"standards_arn": CIS3}),
                        change(HUB, "aws_securityhub_account", {}))
    adoption = decide(planned, Answers(recorders={HOME: [{"name": "x"}]},
                                       hub={HOME: {"HubArn": "h"}}, standards={HOME: [
                                           {"StandardsArn": CIS3,
                                            "StandardsSubscriptionArn": "s"}]}))
    instances = {files.without_instance_keys(p.address): [p.address] for p in planned}
    text = files.offboard_text(adoption, ACCOUNT, instances)
    assert text.count("removed {") == 3 and text.count("destroy = false") == 3
    assert "[0]" not in text.split("\n\n", 1)[1]


def test_offboarding_never_forgets_an_instance_the_baseline_created():
    # alice existed (imported), bob is the baseline's: a removed block for aws_iam_user.this
    # would forget bob too, leaving an unmanaged user behind.
    users = "module.baseline.module.human_access[0].aws_iam_user.this"
    planned = resources(change(f'{users}["alice"]', "aws_iam_user", {"name": "alice"}),
                        change(f'{users}["bob"]', "aws_iam_user", {"name": "bob"}))
    adoption = decide(planned, Answers(users=["alice"]))
    text = files.offboard_text(adoption, ACCOUNT, {
        "module.baseline.module.human_access.aws_iam_user.this": [p.address for p in planned]})
    assert "removed {" not in text
    assert f"terraform state rm '{users}[\"alice\"]'" in text and "bob" not in text


@pytest.mark.parametrize("kind, attribute, before, after", [
    ("aws_cloudtrail", "is_organization_trail", True, False),
    ("aws_cloudtrail", "cloud_watch_logs_group_arn", "arn:customer-group", "arn:our-group"),
    ("aws_cloudtrail", "kms_key_id", "arn:customer-key", "arn:our-key"),
    ("aws_config_delivery_channel", "sns_topic_arn", "arn:topic", None),
    ("aws_ec2_instance_metadata_defaults", "http_put_response_hop_limit", 1, 2),
])
def test_changes_that_look_harmless_but_weaken_are_flagged(kind, attribute, before, after):
    address = f"module.baseline.module.x[0].{kind}.this"
    planned = resources(change(address, kind, {attribute: after}, before={attribute: before},
                               actions=("update",), importing="id"))
    assert [a.name for _, a in _report(planned).pending] == [attribute]


def test_a_trail_losing_its_data_event_selectors_is_flagged():
    trail = "module.baseline.module.audit_trail[0].aws_cloudtrail.this"
    selector = {"read_write_type": "All", "data_resource": [{"type": "AWS::S3::Object",
                                                             "values": ["arn:aws:s3"]}]}
    planned = resources(change(trail, "aws_cloudtrail", {"event_selector": []},
                               before={"event_selector": [selector]}, actions=("update",),
                               importing="arn"))
    assert {a.item for _, a in _report(planned).pending} >= {
        f"aws_cloudtrail.event_selector[0].read_write_type@{HOME}"}


def test_alternate_contacts_are_accepted_one_by_one():
    contact = "module.baseline.module.account_guardrails[0].aws_account_alternate_contact.this"
    planned = resources(*(change(f'{contact}["{kind}"]', "aws_account_alternate_contact",
                                 {"email_address": "placeholder@example.com"},
                                 before={"email_address": f"{kind.lower()}@customer.com"},
                                 actions=("update",), importing=kind)
                          for kind in ("SECURITY", "BILLING")))
    assert sorted(a.item for _, a in _report(planned).pending) == [
        'aws_account_alternate_contact["BILLING"].email_address',
        'aws_account_alternate_contact["SECURITY"].email_address']


def test_sensitive_values_never_reach_the_report():
    address = "module.baseline.module.x[0].aws_iam_user_login_profile.this"
    body = change(address, "aws_iam_user_login_profile", {"password": "hunter2"},
                  before={"password": "old"}, actions=("update",), importing="u")
    body["change"]["before_sensitive"] = {"password": True}
    body["change"]["after_sensitive"] = {"password": True}
    assert attribute_changes(resources(body)[0]) == [("password", "(sensitive)", "(sensitive)")]


def test_a_second_run_keeps_what_the_first_adopted(tmp_path: Path):
    planned = resources(change(RECORDER, "aws_config_configuration_recorder",
                               {"name": "governance-recorder"}))
    first = decide(planned, Answers(recorders={HOME: [{"name": "default"}]}))
    files.write_root_files(tmp_path, first, ACCOUNT, None)
    kept = files.previous_state(tmp_path)
    assert kept == {"imports": {RECORDER: {"id": "default", "region": HOME,
                                           "type": "aws_config_configuration_recorder"}},
                    "variables": {"config_recorder_names": {HOME: "default"}}}
    # after the apply the recorder is in the state: the next plan creates it no more
    from governance.adopt.run import _carry_over

    second = decide([], Answers())
    _carry_over(second, kept)
    assert [(d.address, d.import_id, d.region) for d in second.imports] == [
        (RECORDER, "default", HOME)]
    assert second.variables == {"config_recorder_names": {HOME: "default"}}
    # the guard blocks until a change report exists: an interrupted run cannot be applied
    assert files.INCOMPLETE in (tmp_path / files.IMPORTS_FILE).read_text()


def test_files_adopt_did_not_write_are_never_overwritten_or_removed(tmp_path: Path):
    (tmp_path / files.VARIABLES_FILE).write_text('config_recorder_names = {}\n')
    with pytest.raises(FileExistsError, match="not written by governance adopt"):
        files.write_root_files(tmp_path, decide([], Answers()), ACCOUNT, None)
    files.remove_root_files(tmp_path)
    assert (tmp_path / files.VARIABLES_FILE).exists()


# --- the command line -------------------------------------------------------------------------

def _one_line_error(capsys: Any) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ")
    return err[0]


@pytest.mark.parametrize("flags, message", [
    (["--root", "/nonexistent"], "not a Terraform root module"),
    (["--root", "ROOT", "--format", "pdf"], "unknown --format pdf"),
    (["--root", "ROOT", "--regions", "moon-1"], "not a region name"),
    (["--root", "ROOT", "--account-id", ACCOUNT], "--account-id needs --organization"),
    (["--root", "ROOT", "--organization"], "--organization needs --account-id"),
    (["--root", "ROOT", "--terraform", "/nonexistent/terraform"], "terraform is not on PATH"),
])
def test_bad_adopt_flags_exit_2_in_one_line_and_write_nothing(flags, message, tmp_path: Path,
                                                             capsys):
    root = tmp_path / "root"
    root.mkdir()
    (root / "main.tf").write_text("")
    flags = [str(root) if f == "ROOT" else f for f in flags]
    code = main(["adopt", *flags, "--output", str(tmp_path / "out")])
    assert code == 2
    assert message in _one_line_error(capsys)
    assert sorted(p.name for p in root.iterdir()) == ["main.tf"]


def test_the_baselines_trail_name_homed_in_another_region_is_refused():
    planned = resources(change(TRAIL, "aws_cloudtrail", {"name": "governance-trail"}))
    elsewhere = {**_trail("governance-trail"), "HomeRegion": SECOND,
                 "TrailARN": f"arn:aws:cloudtrail:{SECOND}:{ACCOUNT}:trail/governance-trail"}
    with pytest.raises(AdoptionRefused, match=f"home in {SECOND}, not {HOME}"):
        decide(planned, Answers(trails=[elsewhere]))


def test_a_root_reading_another_account_anywhere_is_caught():
    from governance.adopt.plan import planned_accounts

    plan = plan_of()
    plan["prior_state"]["values"]["root_module"]["child_modules"][1]["resources"].append(
        {"mode": "data", "type": "aws_caller_identity", "values": {"account_id": MANAGEMENT}})
    assert planned_accounts(plan) == {ACCOUNT, MANAGEMENT}


def test_a_module_reading_two_regions_is_refused_not_guessed():
    plan = plan_of()
    plan["prior_state"]["values"]["root_module"]["child_modules"][0]["resources"].append(
        {"mode": "data", "type": "aws_region", "values": {"name": SECOND}})
    with pytest.raises(ValueError, match="reads the regions us-east-1 and eu-west-1"):
        module_regions(plan)


def test_the_reports_escape_what_the_account_names():
    from governance.adopt.render import AdoptionRun, render_html, render_json, render_markdown

    hostile = "default|<script>alert(1)</script>"
    planned = resources(change(RECORDER, "aws_config_configuration_recorder", {"name": "x"}))
    adoption = decide(planned, Answers(recorders={HOME: [{"name": hostile}]}))
    run = AdoptionRun(account_id=ACCOUNT, regions=[HOME], root="root", generated_at="now",
                      adoption=adoption, report=changes.build([], adoption, Answers()))
    html, markdown = render_html(run), render_markdown(run)
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert "default\\|" in markdown or "`default\\|" in markdown
    assert json.loads(render_json(run))["variables"] == {
        "config_recorder_names": {HOME: hostile}}


def test_accepted_weakenings_stay_visible_in_the_report():
    from governance.adopt.render import AdoptionRun, render_html, render_markdown

    planned = resources(change(CHANNEL, "aws_config_delivery_channel", {"name": "default"},
                               before={"name": "default", "s3_bucket_name": "customer"},
                               actions=("update",), importing="default",
                               unknown={"s3_bucket_name": True}))
    item = f"aws_config_delivery_channel.s3_bucket_name@{HOME}"
    adoption = decide([], Answers())
    run = AdoptionRun(account_id=ACCOUNT, regions=[HOME], root="root", generated_at="now",
                      adoption=adoption, report=changes.build(planned, adoption, Answers(),
                                                              frozenset({item})))
    assert "accepted by the reviewer" in render_markdown(run) and item in render_markdown(run)
    assert 'id="accepted"' in render_html(run) and 'id="pending"' not in render_html(run)
