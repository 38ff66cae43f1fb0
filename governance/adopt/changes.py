"""The change report: from the plan of the adopted configuration, every customer setting the
apply would change (before -> after), the controls each change serves, and the changes that
weaken a setting (flagged; the apply is blocked until each is accepted by its id)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from governance.adopt.decide import DECIDERS, GLOBAL_TYPES, Adoption, Decision
from governance.adopt.plan import UNKNOWN, PlannedResource, attribute_changes

# The controls a resource type's settings serve (ids of governance/catalog/controls).
CONTROLS_BY_TYPE: dict[str, tuple[str, ...]] = {
    "aws_iam_account_password_policy": ("iam-password-policy-min-length",
                                        "iam-password-policy-reuse", "iam-password-policy-strong"),
    "aws_s3_account_public_access_block": ("s3-account-public-access-block",),
    "aws_ebs_encryption_by_default": ("ebs-default-encryption",),
    "aws_guardduty_detector": ("guardduty-enabled",),
    "aws_securityhub_account": ("securityhub-enabled",),
    "aws_securityhub_standards_subscription": ("securityhub-enabled-with-standards",),
    "aws_config_configuration_recorder": ("config-recorder-all-regions",),
    "aws_config_delivery_channel": ("config-recorder-all-regions",),
    "aws_config_configuration_recorder_status": ("config-recorder-all-regions",),
    "aws_cloudtrail": ("cloudtrail-multi-region-logging", "cloudtrail-log-file-validation",
                       "cloudtrail-kms-encryption", "cloudtrail-cloudwatch-logs-integration"),
    "aws_accessanalyzer_analyzer": ("access-analyzer-enabled", "access-analyzer-external-access"),
    "aws_default_security_group": ("default-security-group-restricts-all",),
    "aws_default_network_acl": ("nacl-no-admin-port-ingress",),
    "aws_ec2_instance_metadata_defaults": ("ec2-imdsv2-required",),
    "aws_account_alternate_contact": ("account-alternate-contacts",),
    "aws_iam_user": ("iam-user-permissions-through-groups-only",),
    "aws_iam_group": ("iam-user-permissions-through-groups-only",),
    "aws_iam_account_alias": (),
}
# Resources that overwrite or take over an account setting without an import: their "before"
# is what the account holds (Decision.existing), not null.
TAKEN_OVER = frozenset({"aws_default_security_group", "aws_default_network_acl",
                        "aws_default_vpc", "aws_ec2_instance_metadata_defaults"})

FREQUENCY_ORDER = {  # shorter is stronger
    "FIFTEEN_MINUTES": 1, "ONE_HOUR": 2, "SIX_HOURS": 3,
    "One_Hour": 1, "Three_Hours": 2, "Six_Hours": 3, "Twelve_Hours": 4, "TwentyFour_Hours": 5,
}


def _turned_off(before: Any, after: Any) -> bool:
    return before is True and after is not True and after != UNKNOWN


def _lower(before: Any, after: Any) -> bool:
    return isinstance(before, int) and not isinstance(before, bool) and (
        after is None or (isinstance(after, int) and after < before))


def _longer(before: Any, after: Any) -> bool:
    return before in FREQUENCY_ORDER and (
        after in FREQUENCY_ORDER and FREQUENCY_ORDER[after] > FREQUENCY_ORDER[before])


def _removed(before: Any, after: Any) -> bool:
    return bool(before) and before != UNKNOWN and not after


def _moved(before: Any, after: Any) -> bool:
    return bool(before) and before != after


def _longer_age(before: Any, after: Any) -> bool:  # 0 / null: passwords never expire
    if not isinstance(before, int) or before == 0:
        return False
    return not after or (isinstance(after, int) and after > before)


def _longer_or_default(before: Any, after: Any) -> bool:
    """A delivery frequency left unset is Config's default, TwentyFour_Hours."""
    return _longer(before, after or "TwentyFour_Hours")


def _wider_hop_limit(before: Any, after: Any) -> bool:
    return isinstance(before, int) and isinstance(after, int) and after > before


def _fewer(before: Any, after: Any) -> bool:
    return isinstance(before, list) and isinstance(after, list) and bool(set(before) - set(after))


Rule = tuple[Callable[[Any, Any], bool], str]
# (type, attribute path) -> (weakens?, why): how a change of that setting weakens it.
WEAKENING: dict[tuple[str, str], Rule] = {
    ("aws_iam_account_password_policy", "minimum_password_length"):
        (_lower, "shorter passwords are allowed"),
    ("aws_iam_account_password_policy", "password_reuse_prevention"):
        (_lower, "fewer previous passwords are remembered"),
    ("aws_iam_account_password_policy", "max_password_age"):
        (_longer_age, "passwords live longer"),
    **{("aws_iam_account_password_policy", name): (_turned_off, f"{name} is dropped")
       for name in ("require_lowercase_characters", "require_uppercase_characters",
                    "require_numbers", "require_symbols", "allow_users_to_change_password")},
    **{("aws_s3_account_public_access_block", name): (_turned_off, f"{name} is switched off")
       for name in ("block_public_acls", "block_public_policy", "ignore_public_acls",
                    "restrict_public_buckets")},
    ("aws_ebs_encryption_by_default", "enabled"):
        (_turned_off, "new EBS volumes are no longer encrypted by default"),
    ("aws_guardduty_detector", "enable"): (_turned_off, "GuardDuty is suspended"),
    ("aws_guardduty_detector", "finding_publishing_frequency"):
        (_longer, "findings are published less often"),
    ("aws_config_configuration_recorder", "recording_group[0].all_supported"):
        (_turned_off, "the recorder stops recording every supported resource type"),
    ("aws_config_configuration_recorder", "recording_group[0].include_global_resource_types"):
        (_turned_off, "the recorder stops recording global (IAM) resources"),
    ("aws_config_configuration_recorder", "recording_group[0].resource_types"):
        (_fewer, "the recorder loses resource types"),
    ("aws_config_delivery_channel", "s3_bucket_name"):
        (_moved, "redirects the account's Config history to another bucket: the customer's "
                 "bucket stops receiving it"),
    ("aws_config_delivery_channel", "s3_kms_key_arn"): (_removed, "delivery loses its KMS key"),
    ("aws_config_delivery_channel", "snapshot_delivery_properties[0].delivery_frequency"):
        (_longer_or_default, "configuration snapshots are delivered less often"),
    ("aws_config_delivery_channel", "sns_topic_arn"):
        (_removed, "Config stops notifying the customer's SNS topic"),
    ("aws_cloudtrail", "s3_bucket_name"):
        (_moved, "redirects the trail's logs to another bucket: the customer's bucket stops "
                 "receiving them"),
    ("aws_cloudtrail", "is_multi_region_trail"): (_turned_off, "the trail covers one region"),
    ("aws_cloudtrail", "enable_log_file_validation"):
        (_turned_off, "log file validation is switched off"),
    ("aws_cloudtrail", "include_global_service_events"):
        (_turned_off, "global service events (IAM, STS) are no longer logged"),
    ("aws_cloudtrail", "enable_logging"): (_turned_off, "the trail stops logging"),
    ("aws_cloudtrail", "kms_key_id"):
        (_moved, "the trail's logs lose the customer's KMS key (encrypted with another key, or "
                 "not at all)"),
    ("aws_cloudtrail", "cloud_watch_logs_group_arn"):
        (_moved, "the trail stops delivering to the customer's CloudWatch Logs group (its "
                 "alarms and subscriptions go blind)"),
    ("aws_cloudtrail", "is_organization_trail"):
        (_turned_off, "the organization trail becomes the account's own: every member stops "
                      "being logged by it"),
    ("aws_cloudtrail", "sns_topic_name"):
        (_removed, "CloudTrail stops notifying the customer's SNS topic"),
    ("aws_iam_account_alias", "account_alias"):
        (_moved, "the alias is replaced: the old sign-in URL stops working"),
    ("aws_ec2_instance_metadata_defaults", "http_tokens"):
        (lambda before, after: before == "required" and after != "required",
         "new instances may use IMDSv1 again"),
    ("aws_ec2_instance_metadata_defaults", "http_endpoint"):
        (lambda before, after: before == "disabled" and after != "disabled",
         "new instances get an instance metadata endpoint the customer had switched off"),
    ("aws_ec2_instance_metadata_defaults", "http_put_response_hop_limit"):
        (_wider_hop_limit, "instance metadata answers more network hops (containers reach it)"),
    **{("aws_account_alternate_contact", name):
       (_moved, f"the alternate contact's {name} is replaced: AWS notices go elsewhere")
       for name in ("email_address", "phone_number", "name")},
}
# CloudTrail's event selection: a change of any of these paths that had a value drops or
# narrows what the customer's trail records (data events, insight events).
SELECTOR_PREFIXES = ("event_selector", "advanced_event_selector", "insight_selector")


def _weakens(resource: PlannedResource, name: str, before: Any, after: Any) -> str:
    """Why the change of ``name`` weakens the setting, "" when it does not."""
    rule = WEAKENING.get((resource.type, name))
    if rule:
        return rule[1] if rule[0](before, after) else ""
    if resource.type == "aws_cloudtrail" and name.startswith(SELECTOR_PREFIXES) and \
            before not in (None, "", [], {}):
        return "the trail's event selection changes: data or insight events the customer " \
               "records may be dropped"
    if resource.type == "aws_default_network_acl" and isinstance(before, list):
        dropped = [e for e in before if " deny " in f" {e} " and e not in (after or [])]
        if dropped:
            return f"deny entries of the customer's default network ACL go: {', '.join(dropped)}"
    return ""


@dataclass(frozen=True)
class AttributeChange:
    name: str
    before: Any
    after: Any
    weakening: str = ""  # why it weakens the setting ("" when it does not)
    item: str = ""  # the id --accept-weakening takes


@dataclass
class ResourceChange:
    address: str
    resource_type: str
    region: str | None
    action: str  # import, update, replace, delete, take over, overwrite
    decision: Decision | None
    attributes: list[AttributeChange] = field(default_factory=list)
    controls: tuple[str, ...] = ()
    note: str = ""


@dataclass
class ChangeReport:
    changes: list[ResourceChange] = field(default_factory=list)
    created: int = 0  # resources of the baseline's own, created new
    accepted: frozenset[str] = frozenset()

    @property
    def weakenings(self) -> list[tuple[ResourceChange, AttributeChange]]:
        return [(c, a) for c in self.changes for a in c.attributes if a.weakening]

    @property
    def pending(self) -> list[tuple[ResourceChange, AttributeChange]]:
        """Weakening changes nobody accepted: they block the apply."""
        return [(c, a) for c, a in self.weakenings if a.item not in self.accepted]


def item_id(resource_type: str, attribute: str, region: str | None, address: str) -> str:
    """``aws_config_delivery_channel.s3_bucket_name@eu-west-1``: the type, the for_each key when
    the address has one (``aws_account_alternate_contact["SECURITY"]``: one acceptance never
    covers two instances), the attribute and, for a per-region setting, the region."""
    key = re.search(r'(\["[^\]]*"\])$', address)  # a for_each key; a count index is one
    suffix = f"@{region}" if region else ""
    return f"{resource_type}{key.group(1) if key else ''}.{attribute}{suffix}"


def _action(resource: PlannedResource) -> str:
    actions = set(resource.actions)
    if {"delete", "create"} <= actions:
        return "replace"
    if "delete" in actions:
        return "delete"
    if resource.importing is not None:
        return "import" if actions <= {"no-op", "read"} else "import and update"
    if "update" in actions:
        return "update"
    if actions <= {"no-op", "read"}:
        return "no-op"
    return "create"


def _rule_text(rule: dict[str, Any], *, terraform: bool) -> str:
    """One security group rule as ``tcp 22 from 10.0.0.0/8`` (an EC2 answer or the plan's)."""
    if terraform:
        protocol, low, high = rule.get("protocol"), rule.get("from_port"), rule.get("to_port")
        sources = [*(rule.get("cidr_blocks") or []), *(rule.get("ipv6_cidr_blocks") or []),
                   *(rule.get("security_groups") or []), *(rule.get("prefix_list_ids") or [])]
        if rule.get("self"):
            sources.append("itself")
    else:
        protocol, low, high = rule.get("IpProtocol"), rule.get("FromPort"), rule.get("ToPort")
        sources = [*(r["CidrIp"] for r in rule.get("IpRanges", [])),
                   *(r["CidrIpv6"] for r in rule.get("Ipv6Ranges", [])),
                   *(r.get("GroupId", "") for r in rule.get("UserIdGroupPairs", [])),
                   *(r.get("PrefixListId", "") for r in rule.get("PrefixListIds", []))]
    protocol = "all traffic" if str(protocol) == "-1" else protocol
    ports = "" if low in (None, -1) or str(protocol) == "all traffic" else (
        f" {low}" if low == high else f" {low}-{high}")
    return f"{protocol}{ports} {'/'.join(map(str, sources)) or '(no source)'}"


def _entry_text(entry: dict[str, Any], *, terraform: bool) -> str:
    """One network ACL entry as ``100 allow tcp 22 0.0.0.0/0``."""
    if terraform:
        number, action, protocol = entry.get("rule_no"), entry.get("action"), entry.get("protocol")
        source = entry.get("cidr_block") or entry.get("ipv6_cidr_block")
        low, high = entry.get("from_port"), entry.get("to_port")
    else:
        number, action = entry.get("RuleNumber"), entry.get("RuleAction")
        protocol = entry.get("Protocol")
        source = entry.get("CidrBlock") or entry.get("Ipv6CidrBlock")
        ports = entry.get("PortRange") or {}
        low, high = ports.get("From"), ports.get("To")
    protocol = {"-1": "all", "6": "tcp", "17": "udp", "1": "icmp"}.get(str(protocol), protocol)
    span = "" if protocol == "all" or low is None else (
        f" {low}" if low == high else f" {low}-{high}")
    return f"{number} {action} {protocol}{span} {source}"


def _taken_over(resource: PlannedResource, existing: Any) -> list[tuple[str, Any, Any]]:
    """(attribute, what the account holds, what the apply sets) for a resource that takes
    over or overwrites a setting without an import."""
    after = resource.after or {}
    if resource.type == "aws_ec2_instance_metadata_defaults":
        current = existing.instance_metadata_defaults(resource.region) or {}
        held = {"http_tokens": current.get("HttpTokens", "no-preference"),
                "http_put_response_hop_limit": current.get("HttpPutResponseHopLimit",
                                                           "no-preference"),
                "http_endpoint": current.get("HttpEndpoint", "no-preference"),
                "instance_metadata_tags": current.get("InstanceMetadataTags", "no-preference")}
        return [(name, held[name], after.get(name)) for name in held
                if after.get(name) not in (None, held[name])]
    if resource.type == "aws_default_network_acl":
        acls = [a for a in existing.default_network_acls(resource.region)
                if a.get("NetworkAclId") == after.get("default_network_acl_id")]
        if not acls:
            return []
        found = []
        for name, egress in (("ingress", False), ("egress", True)):
            held = sorted(_entry_text(e, terraform=False) for e in acls[0].get("Entries", [])
                          if e.get("Egress") is egress and e.get("RuleNumber", 0) < 32767)
            wanted = sorted(_entry_text(e, terraform=True) for e in after.get(name) or [])
            if held != wanted:
                found.append((name, held, wanted))
        return found
    if resource.type == "aws_default_security_group":
        groups = [g for g in existing.default_security_groups(resource.region)
                  if after.get("vpc_id") in (None, g.get("VpcId"))]
        if not groups:
            return []
        found = []
        for name, key in (("ingress", "IpPermissions"), ("egress", "IpPermissionsEgress")):
            held = sorted(_rule_text(r, terraform=False) for r in groups[0].get(key, []))
            wanted = sorted(_rule_text(r, terraform=True) for r in after.get(name) or [])
            if held != wanted:
                found.append((name, held, wanted))
        return found
    return [(name, None, new) for name, _, new in attribute_changes(resource)]


def build(plan_resources: list[PlannedResource], adoption: Adoption, existing: Any,
          accepted: frozenset[str] = frozenset()) -> ChangeReport:
    by_address = {d.address: d for d in adoption.decisions if d.address}
    report = ChangeReport(accepted=accepted)
    for planned in plan_resources:
        resource = planned if planned.type not in GLOBAL_TYPES else replace(planned, region=None)
        decision = by_address.get(resource.address)
        action = _action(resource)
        taken_over = resource.type in TAKEN_OVER and resource.creates
        if action == "no-op" and resource.importing is None:
            continue  # already managed, unchanged (a run after an apply)
        if action == "create" and not taken_over:
            report.created += 1
            continue
        attributes: list[AttributeChange] = []
        pairs = _taken_over(resource, existing) if taken_over else attribute_changes(resource)
        interfaces = existing.network_interfaces_of(resource.region, decision.existing) \
            if resource.type == "aws_default_security_group" and decision and \
            decision.existing.startswith("sg-") else 0
        for name, before, after in pairs:
            why = _weakens(resource, name, before, after)
            if interfaces and before and not why:
                why = (f"{interfaces} network interface(s) use the default security group "
                       "and lose these rules: traffic they carry stops")
            attributes.append(AttributeChange(name, before, after, why, item_id(
                resource.type, name, resource.region, resource.address) if why else ""))
        if action in ("replace", "delete") and (resource.importing is not None
                                                or resource.type in DECIDERS):
            attributes.append(AttributeChange(
                "(the resource)", "exists", "deleted" if action == "delete" else
                "deleted and created again", f"the apply would {action} the customer's "
                f"{resource.type} (its history, findings or settings go with it)",
                item_id(resource.type, action, resource.region, resource.address)))
        note = ""
        if taken_over:
            action = "take over" if resource.type.startswith("aws_default_") else "overwrite"
            note = decision.reason if decision else ""
        if not attributes and action == "import":
            note = "imported unchanged"
        report.changes.append(ResourceChange(
            address=resource.address, resource_type=resource.type, region=resource.region,
            action=action, decision=decision, attributes=attributes,
            controls=CONTROLS_BY_TYPE.get(resource.type, ()), note=note))
    return report


def unused_acceptances(report: ChangeReport) -> list[str]:
    """--accept-weakening ids that name no weakening of this plan (a typo, or a plan that
    changed since the review): refused, never silently ignored."""
    flagged = {a.item for _, a in report.weakenings}
    return sorted(set(report.accepted) - flagged)

