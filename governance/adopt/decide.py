"""Per resource the baseline would create: import, reuse (import + a root variable that
keeps the customer's name), leave untouched, refuse, or create.

Pure given its reads (governance.adopt.existing.Existing, or any object with the same
methods): the unit tests drive it with recorded answers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from governance.adopt.plan import PlannedResource

IMPORT, REUSE, UNTOUCHED, REFUSE, CREATE = "import", "reuse", "untouched", "refuse", "create"
PASSWORD_POLICY_ID = "iam-account-password-policy"
CONTROL_TOWER_PREFIX = "aws-controltower-"
# Account-wide settings: one per account, whatever region the provider that manages them is in.
GLOBAL_TYPES = frozenset({
    "aws_iam_account_password_policy", "aws_iam_account_alias", "aws_iam_user", "aws_iam_group",
    "aws_s3_account_public_access_block", "aws_account_alternate_contact",
})


@dataclass(frozen=True)
class Decision:
    """What adoption does with one planned resource (or one the account holds: untouched)."""

    action: str
    resource_type: str
    region: str | None
    reason: str
    address: str = ""  # the baseline's address ("" for an untouched resource)
    import_id: str | None = None
    existing: str = ""  # what the account holds: a name, an id, an ARN

    def as_dict(self) -> dict[str, Any]:
        return {"action": self.action, "type": self.resource_type, "region": self.region,
                "address": self.address, "import_id": self.import_id,
                "existing": self.existing, "reason": self.reason}


@dataclass
class Adoption:
    decisions: list[Decision] = field(default_factory=list)
    variables: dict[str, Any] = field(default_factory=dict)  # adopt.auto.tfvars
    # root variable -> why it is set (for the report and the error when the root lacks it)
    variable_reasons: dict[str, str] = field(default_factory=dict)
    # region -> standards ARNs the plan subscribes (the others stay untouched)
    planned_standards: dict[str, set[str]] = field(default_factory=dict)

    @property
    def imports(self) -> list[Decision]:
        return [d for d in self.decisions if d.action in (IMPORT, REUSE)]

    @property
    def refusals(self) -> list[Decision]:
        return [d for d in self.decisions if d.action == REFUSE]

    def set_region_variable(self, name: str, region: str | None, value: str, why: str) -> None:
        self.variables.setdefault(name, {})[region or ""] = value
        self.variable_reasons[name] = why

    def set_variable(self, name: str, value: Any, why: str) -> None:
        self.variables[name] = value
        self.variable_reasons[name] = why


class AdoptionRefused(Exception):
    """A flag names something adoption cannot take (e.g. --adopt-trail of another account)."""


Decider = Callable[[PlannedResource, Any, Adoption, "Options"], None]


@dataclass(frozen=True)
class Options:
    adopt_trail: str | None = None


def _add(adoption: Adoption, planned: PlannedResource, action: str, reason: str,
         import_id: str | None = None, existing: str = "") -> None:
    region = None if planned.type in GLOBAL_TYPES else planned.region
    adoption.decisions.append(Decision(action=action, resource_type=planned.type,
                                       region=region, reason=reason,
                                       address=planned.address, import_id=import_id,
                                       existing=existing or (import_id or "")))


def _recorder(planned: PlannedResource, existing: Any, adoption: Adoption, _: Options) -> None:
    recorders = existing.recorders(planned.region)
    if not recorders:
        _add(adoption, planned, CREATE, "no configuration recorder in this region")
        return
    name = recorders[0]["name"]
    if name.startswith(CONTROL_TOWER_PREFIX):
        _add(adoption, planned, REFUSE, f"recorder {name} is Control Tower's: its StackSets "
             "re-assert it and its SCPs protect it; leave AWS Config to Control Tower "
             "(enable_config_recording = false) or enroll the account there", existing=name)
        return
    if planned.type == "aws_config_configuration_recorder_status":
        _add(adoption, planned, IMPORT, f"recorder {name} exists: its recording status is "
             "adopted with it", import_id=name)
        return
    if name == planned.value("name"):
        _add(adoption, planned, IMPORT, f"recorder {name} exists (one per region)",
             import_id=name)
        return
    adoption.set_region_variable("config_recorder_names", planned.region, name,
                                 "existing Config recorder names, kept (a rename is a delete "
                                 "and a create: a recording gap)")
    _add(adoption, planned, REUSE, f"recorder {name} exists (one per region): adopted under "
         "its own name, since a rename would delete it and stop recording",
         import_id=name)


def _channel(planned: PlannedResource, existing: Any, adoption: Adoption, _: Options) -> None:
    channels = existing.channels(planned.region)
    if not channels:
        _add(adoption, planned, CREATE, "no delivery channel in this region")
        return
    recorders = existing.recorders(planned.region)
    if recorders and recorders[0]["name"].startswith(CONTROL_TOWER_PREFIX):
        _add(adoption, planned, REFUSE, f"delivery channel {channels[0]['name']} belongs to "
             "Control Tower's recorder", existing=channels[0]["name"])
        return
    name = channels[0]["name"]
    bucket = channels[0].get("s3BucketName", "")
    if name != planned.value("name"):
        adoption.set_region_variable("config_delivery_channel_names", planned.region, name,
                                     "existing Config delivery channel names, kept")
        action = REUSE
    else:
        action = IMPORT
    _add(adoption, planned, action, f"delivery channel {name} exists (one per region), "
         f"delivering to s3://{bucket}", import_id=name)


def _detector(planned: PlannedResource, existing: Any, adoption: Adoption, _: Options) -> None:
    detectors = existing.detectors(planned.region)
    if not detectors:
        _add(adoption, planned, CREATE, "no GuardDuty detector in this region")
        return
    detector = detectors[0]
    admin = detector.get("Administrator")
    if admin:
        adoption.set_variable("guardduty_finding_publishing_frequency", None,
                              f"the GuardDuty administrator {admin} sets the finding "
                              "publishing frequency of its members")
        _add(adoption, planned, REUSE, f"detector {detector['DetectorId']} exists, a member "
             f"of administrator account {admin}: adopted, its publishing frequency left to "
             "the administrator", import_id=detector["DetectorId"])
        return
    _add(adoption, planned, IMPORT, f"detector {detector['DetectorId']} exists (one per "
         f"region; publishing every {detector.get('FindingPublishingFrequency')})",
         import_id=detector["DetectorId"])


def _hub(planned: PlannedResource, existing: Any, adoption: Adoption, _: Options) -> None:
    hub = existing.hub(planned.region)
    if not hub:
        _add(adoption, planned, CREATE, "Security Hub is not enabled in this region")
        return
    admin = existing.hub_administrator(planned.region)
    governed = (f"; its administrator {admin} alone can change control_finding_generator"
                if admin else "")
    _add(adoption, planned, IMPORT, "Security Hub is enabled (one hub per region); the "
         "import keeps enable_default_standards false, so the standards it runs stay "
         f"subscribed{governed}", import_id=existing.account_id, existing=hub.get("HubArn", ""))
    planned_arns = adoption.planned_standards.get(planned.region or "", set())
    for subscription in existing.standards(planned.region):
        if subscription.get("StandardsArn") not in planned_arns:
            adoption.decisions.append(Decision(
                action=UNTOUCHED, resource_type="aws_securityhub_standards_subscription",
                region=planned.region, existing=subscription.get("StandardsArn", ""),
                reason="a standard the baseline does not subscribe: it stays subscribed and "
                       "unmanaged (its findings overlap the baseline's standards)"))


def _standard(planned: PlannedResource, existing: Any, adoption: Adoption, _: Options) -> None:
    arn = planned.value("standards_arn")
    hub = existing.hub(planned.region)
    match = next((s for s in (existing.standards(planned.region) if hub else [])
                  if s.get("StandardsArn") == arn), None)
    if match is None:
        _add(adoption, planned, CREATE, f"{arn} is not subscribed")
        return
    _add(adoption, planned, IMPORT, f"{arn} is already subscribed",
         import_id=match["StandardsSubscriptionArn"])


def _password_policy(planned: PlannedResource, existing: Any, adoption: Adoption,
                     _: Options) -> None:
    if existing.password_policy() is None:
        _add(adoption, planned, CREATE, "the account has no password policy")
        return
    _add(adoption, planned, IMPORT, "the account's password policy exists (one per account)",
         import_id=PASSWORD_POLICY_ID, existing="password policy")


def _alias(planned: PlannedResource, existing: Any, adoption: Adoption, _: Options) -> None:
    aliases = existing.aliases()
    if not aliases:
        _add(adoption, planned, CREATE, "the account has no alias")
        return
    alias = aliases[0]
    if alias == planned.value("account_alias"):
        _add(adoption, planned, IMPORT, f"alias {alias} exists", import_id=alias)
        return
    adoption.set_variable("account_alias", alias, f"the account's alias {alias} is kept: a new "
                          "alias replaces it and its sign-in URL stops working")
    _add(adoption, planned, REUSE, f"alias {alias} exists: kept, so the sign-in URL "
         f"https://{alias}.signin.aws.amazon.com/console keeps working", import_id=alias)


def _ebs(planned: PlannedResource, existing: Any, adoption: Adoption, _: Options) -> None:
    enabled = existing.ebs_encryption_by_default(planned.region)
    _add(adoption, planned, IMPORT, f"the region's EBS default encryption setting (now "
         f"{'on' if enabled else 'off'}) is adopted, so offboarding leaves it as it is",
         import_id="default", existing=f"EbsEncryptionByDefault={enabled}")


def _imds(planned: PlannedResource, existing: Any, adoption: Adoption, _: Options) -> None:
    current = existing.instance_metadata_defaults(planned.region) or {}
    shown = ", ".join(f"{k}={v}" for k, v in sorted(current.items())) or "no preference"
    _add(adoption, planned, CREATE, "IMDS defaults cannot be imported (aws provider: Resource "
         f"Import Not Implemented): the apply overwrites the region's value ({shown}); "
         "offboarding resets it to no preference", existing=shown)


def _bpa(planned: PlannedResource, existing: Any, adoption: Adoption, _: Options) -> None:
    if existing.account_public_access_block() is None:
        _add(adoption, planned, CREATE, "the account has no S3 public access block")
        return
    _add(adoption, planned, IMPORT, "the account's S3 public access block exists",
         import_id=existing.account_id, existing="S3 account public access block")


def _analyzer(planned: PlannedResource, existing: Any, adoption: Adoption, _: Options) -> None:
    wanted = planned.value("type") or "ACCOUNT"
    same = [a for a in existing.analyzers(planned.region) if a.get("type") == wanted]
    if not same:
        _add(adoption, planned, CREATE, f"no {wanted} analyzer in this region")
        return
    name = same[0]["name"]
    if name != planned.value("analyzer_name"):
        adoption.set_region_variable("access_analyzer_names", planned.region, name,
                                     "existing Access Analyzer names, kept (one analyzer of a "
                                     "type per region; a rename deletes its archive rules)")
        _add(adoption, planned, REUSE, f"{wanted} analyzer {name} exists (one per region)",
             import_id=name)
        return
    _add(adoption, planned, IMPORT, f"{wanted} analyzer {name} exists", import_id=name)


def _trail_owner(trail: dict[str, Any]) -> str:
    parts = str(trail.get("TrailARN", "")).split(":")
    return parts[4] if len(parts) > 4 else ""


def _trail_gaps(trail: dict[str, Any]) -> list[str]:
    gaps = []
    if not trail.get("IsMultiRegionTrail"):
        gaps.append("single-region")
    if not trail.get("LogFileValidationEnabled"):
        gaps.append("no log file validation")
    if not trail.get("KmsKeyId"):
        gaps.append("no KMS encryption")
    return gaps


def _trail(planned: PlannedResource, existing: Any, adoption: Adoption,
           options: Options) -> None:
    name = planned.value("name")
    ours = existing.account_id
    seen: set[str] = set()
    adopted = None
    for trail in existing.trails(planned.region):
        arn = trail.get("TrailARN", "")
        if arn in seen:
            continue
        seen.add(arn)
        owner, trail_name = _trail_owner(trail), trail.get("Name", "")
        own_here = owner == ours and trail.get("HomeRegion") == planned.region
        if own_here and trail_name in (name, options.adopt_trail):
            if adopted is not None:
                raise AdoptionRefused(f"both {adopted['Name']} and {trail_name} exist: the "
                                      "baseline adopts one trail; rename or retire one first")
            adopted = trail
            continue
        if owner == ours and trail_name == name:
            raise AdoptionRefused(f"trail {name} exists with its home in {trail.get('HomeRegion')}"
                                  f", not {planned.region}: the baseline's trail of that name "
                                  "cannot be created (TrailAlreadyExists) nor imported there")
        if owner != ours:
            reason = (f"organization trail of account {owner}: only that account can change "
                      "it, so it is neither imported nor changed" if trail.get(
                          "IsOrganizationTrail") else f"a trail of account {owner}")
            if options.adopt_trail == trail_name:
                raise AdoptionRefused(f"--adopt-trail {trail_name}: the trail belongs to "
                                      f"account {owner}, which alone can change it")
        elif trail_name.startswith(CONTROL_TOWER_PREFIX):
            reason = "Control Tower's trail: Control Tower owns it"
        else:
            gaps = _trail_gaps(trail)
            judged = (f"the every-trail controls will FAIL it ({', '.join(gaps)}): harden it, "
                      "waive it, or adopt it with --adopt-trail " + trail_name) if gaps else \
                "it meets the every-trail controls"
            reason = f"the customer's own trail, kept as it is; {judged}"
        adoption.decisions.append(Decision(action=UNTOUCHED, resource_type="aws_cloudtrail",
                                           region=trail.get("HomeRegion"), existing=arn,
                                           reason=reason))
    if options.adopt_trail and (adopted is None or adopted.get("Name") != options.adopt_trail):
        raise AdoptionRefused(f"--adopt-trail {options.adopt_trail}: no trail of this account "
                              f"by that name has its home in {planned.region}")
    if adopted is None:
        _add(adoption, planned, CREATE, f"no trail named {name} in this account")
        return
    if adopted.get("Name") != name:
        adoption.set_variable("audit_trail_name", adopted["Name"],
                              f"the customer's trail {adopted['Name']} is adopted as the "
                              "baseline's trail (--adopt-trail)")
        _add(adoption, planned, REUSE, f"trail {adopted['Name']} is adopted as the baseline's "
             "trail (--adopt-trail): the apply points it at the audit bucket and key",
             import_id=adopted["TrailARN"])
        return
    _add(adoption, planned, IMPORT, f"trail {name} exists", import_id=adopted["TrailARN"])


def _default_security_group(planned: PlannedResource, existing: Any, adoption: Adoption,
                            _: Options) -> None:
    vpc = planned.value("vpc_id")
    groups = [g for g in existing.default_security_groups(planned.region)
              if vpc is None or g.get("VpcId") == vpc]
    if not groups:
        _add(adoption, planned, CREATE, "no default security group found")
        return
    group = groups[0]
    rules = len(group.get("IpPermissions", [])) + len(group.get("IpPermissionsEgress", []))
    interfaces = existing.network_interfaces_of(planned.region, group["GroupId"])
    _add(adoption, planned, CREATE, f"Terraform takes over {group['GroupId']} (a default "
         f"security group is never created): its {rules} rule(s) are removed; {interfaces} "
         "network interface(s) use it", existing=group["GroupId"])


def _default_nacl(planned: PlannedResource, existing: Any, adoption: Adoption,
                  _: Options) -> None:
    acls = existing.default_network_acls(planned.region)
    shown = ", ".join(a["NetworkAclId"] for a in acls) or "none found"
    _add(adoption, planned, CREATE, f"Terraform takes over the default network ACL ({shown}) "
         "and replaces its entries with the configured ones", existing=shown)


def _named_iam(kind: str, attribute: str) -> Decider:
    def decide(planned: PlannedResource, existing: Any, adoption: Adoption, _: Options) -> None:
        name = planned.value(attribute)
        if name in existing.iam_names()[kind]:
            _add(adoption, planned, IMPORT, f"IAM {kind[:-1]} {name} exists", import_id=name)
        else:
            _add(adoption, planned, CREATE, f"no IAM {kind[:-1]} {name}")
    return decide


def _alternate_contact(planned: PlannedResource, existing: Any, adoption: Adoption,
                       _: Options) -> None:
    kind = planned.value("alternate_contact_type")
    if existing.alternate_contact(kind) is None:
        _add(adoption, planned, CREATE, f"no {kind} alternate contact")
        return
    _add(adoption, planned, IMPORT, f"the {kind} alternate contact exists", import_id=kind)


DECIDERS: dict[str, Decider] = {
    "aws_config_configuration_recorder": _recorder,
    "aws_config_configuration_recorder_status": _recorder,
    "aws_config_delivery_channel": _channel,
    "aws_guardduty_detector": _detector,
    "aws_securityhub_account": _hub,
    "aws_securityhub_standards_subscription": _standard,
    "aws_iam_account_password_policy": _password_policy,
    "aws_iam_account_alias": _alias,
    "aws_ebs_encryption_by_default": _ebs,
    "aws_ec2_instance_metadata_defaults": _imds,
    "aws_s3_account_public_access_block": _bpa,
    "aws_accessanalyzer_analyzer": _analyzer,
    "aws_cloudtrail": _trail,
    "aws_default_security_group": _default_security_group,
    "aws_default_network_acl": _default_nacl,
    "aws_iam_user": _named_iam("users", "name"),
    "aws_iam_group": _named_iam("groups", "name"),
    "aws_account_alternate_contact": _alternate_contact,
}


def decide(planned: list[PlannedResource], existing: Any, options: Options = Options(),
           ) -> Adoption:
    """The adoption of every resource the plan creates whose kind the account may already
    hold (DECIDERS); other creates are the baseline's own and need no decision."""
    adoption = Adoption()
    for resource in planned:
        if resource.type == "aws_securityhub_standards_subscription" and resource.region:
            adoption.planned_standards.setdefault(resource.region, set()).add(
                resource.value("standards_arn"))
    for resource in planned:
        decider = DECIDERS.get(resource.type)
        if decider is None or not resource.creates:
            continue
        if resource.region is None:
            raise AdoptionRefused(f"{resource.address}: no region is known for its module (it "
                                  "reads no data \"aws_region\" and neither does any module "
                                  "above it)")
        decider(resource, existing, adoption, options)
    _one_frequency_for_every_detector(adoption)
    return adoption


def _one_frequency_for_every_detector(adoption: Adoption) -> None:
    """The root's one guardduty_finding_publishing_frequency sets every region's detector:
    null (the administrator's value) only when every detector is a member's."""
    if "guardduty_finding_publishing_frequency" not in adoption.variables:
        return
    own = sorted(d.region or "" for d in adoption.decisions
                 if d.resource_type == "aws_guardduty_detector" and d.action != REUSE)
    if own:
        raise AdoptionRefused(
            "GuardDuty detectors are members of an administrator in some regions but not in "
            f"{', '.join(own)}: the root's one guardduty_finding_publishing_frequency cannot "
            "be left to the administrator there and set here; make every region a member (or "
            "none) first")
