"""Read-only reads of what an account already holds, each read once and only when the plan
creates a resource of its kind (an account whose baseline has no analyzer is never asked
for its analyzers). Clients come from the collector: read-only by the allowlist guard
(governance/readonly.py), the same retries and timeouts."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Any

from governance.collect import Collector
from governance.model import AccountSnapshot

# What AWS answers when the setting does not exist: the read found nothing (not an error).
ABSENT = {
    "NoSuchEntity", "NoSuchPublicAccessBlockConfiguration", "InvalidAccessException",
    "ResourceNotFoundException", "NoSuchConfigurationRecorderException",
}


class ReadError(RuntimeError):
    """A read the adoption needs failed (denied, throttled beyond retries, ...)."""


class Existing:
    """What the account holds, read through ``collector``'s read-only clients.

    Every accessor returns plain data. A setting that does not exist is None or []; a read
    an emulator does not implement is recorded in ``gaps`` and treated as absent (only with
    an emulator endpoint: on AWS it is a ReadError)."""

    def __init__(self, collector: Collector) -> None:
        self.collector = collector
        self.gaps: list[str] = []
        # every read once: the collector records each (data, absence or error) here
        self._reads = AccountSnapshot(account_id="", caller_arn="", collected_at="",
                                      emulator_endpoint=collector.endpoint_url)

    @cached_property
    def account_id(self) -> str:
        return str(self._call("sts", None, "get_caller_identity", lambda r: r["Account"]))

    def _call(self, service: str, region: str | None, operation: str,
              pick: Callable[[dict[str, Any]], Any], *, absent: Any = None,
              **params: Any) -> Any:
        """``pick`` of one call's answer, read once."""
        client = self.collector.client(service, region, attempts=2)
        return self._read(service, region, operation, params, absent,
                          lambda: pick(getattr(client, operation)(**params)))

    def _read(self, service: str, region: str | None, operation: str, params: dict[str, Any],
              absent: Any, fetch: Callable[[], Any]) -> Any:
        """``fetch()`` once per (operation, parameters, region), through the collector's own
        read (its error classes): a setting AWS says does not exist is ``absent``; so is an
        emulator's unimplemented API, recorded in ``gaps``; any other failure a ReadError."""
        api = f"{service}:{operation}:{sorted(params.items())!r}"
        key = AccountSnapshot.key(api, region)
        if key not in self._reads.reads:
            self.collector.read(self._reads, api, fetch, region=region, absent=ABSENT)
            read = self._reads.reads[key]
            if read.emulator_gap:
                self.gaps.append(f"{service}:{operation} in {region or 'global'}: the "
                                 "emulator does not implement it (read as absent)")
        read = self._reads.reads[key]
        if read.error is not None and not read.emulator_gap:
            raise ReadError(f"cannot read {service}:{operation}"
                            f"{' in ' + region if region else ''}: {read.error}")
        return absent if read.data is None else read.data

    # --- AWS Config -------------------------------------------------------------------------
    def recorders(self, region: str) -> list[dict[str, Any]]:
        return self._call("config", region, "describe_configuration_recorders",
                          lambda r: r.get("ConfigurationRecorders", []), absent=[])

    def recorder_status(self, region: str) -> list[dict[str, Any]]:
        return self._call("config", region, "describe_configuration_recorder_status",
                          lambda r: r.get("ConfigurationRecordersStatus", []), absent=[])

    def channels(self, region: str) -> list[dict[str, Any]]:
        return self._call("config", region, "describe_delivery_channels",
                          lambda r: r.get("DeliveryChannels", []), absent=[])

    # --- GuardDuty, Security Hub, Access Analyzer -------------------------------------------
    def detectors(self, region: str) -> list[dict[str, Any]]:
        """Each detector: its id, FindingPublishingFrequency, Status and the administrator
        account that governs it (None for a standalone or administrator detector)."""
        ids = self._call("guardduty", region, "list_detectors",
                         lambda r: r.get("DetectorIds", []), absent=[])
        found = []
        for detector_id in ids:
            detail = self._call("guardduty", region, "get_detector", lambda r: r,
                                absent={}, DetectorId=detector_id)
            admin = self._call("guardduty", region, "get_administrator_account",
                               lambda r: (r.get("Administrator") or {}), absent={},
                               DetectorId=detector_id)
            enabled_admin = admin.get("AccountId") if str(
                admin.get("RelationshipStatus", "")).lower() == "enabled" else None
            found.append({"DetectorId": detector_id,
                          "FindingPublishingFrequency": detail.get("FindingPublishingFrequency"),
                          "Status": detail.get("Status"), "Administrator": enabled_admin})
        return found

    def hub(self, region: str) -> dict[str, Any] | None:
        return self._call("securityhub", region, "describe_hub", lambda r: r)

    def hub_administrator(self, region: str) -> str | None:
        admin = self._call("securityhub", region, "get_administrator_account",
                           lambda r: r.get("Administrator") or {}, absent={})
        return admin.get("AccountId") if str(
            admin.get("MemberStatus", "")).lower() == "enabled" else None

    def standards(self, region: str) -> list[dict[str, Any]]:
        return self._call("securityhub", region, "get_enabled_standards",
                          lambda r: r.get("StandardsSubscriptions", []), absent=[])

    def analyzers(self, region: str) -> list[dict[str, Any]]:
        return self._call("accessanalyzer", region, "list_analyzers",
                          lambda r: r.get("analyzers", []), absent=[])

    # --- EC2 --------------------------------------------------------------------------------
    def ebs_encryption_by_default(self, region: str) -> bool | None:
        return self._call("ec2", region, "get_ebs_encryption_by_default",
                          lambda r: r.get("EbsEncryptionByDefault"))

    def instance_metadata_defaults(self, region: str) -> dict[str, Any]:
        return self._call("ec2", region, "get_instance_metadata_defaults",
                          lambda r: r.get("AccountLevel") or {}, absent={})

    def default_security_groups(self, region: str) -> list[dict[str, Any]]:
        return self._call("ec2", region, "describe_security_groups",
                          lambda r: r.get("SecurityGroups", []), absent=[],
                          Filters=[{"Name": "group-name", "Values": ["default"]}])

    def network_interfaces_of(self, region: str, group_id: str) -> int:
        return len(self._call("ec2", region, "describe_network_interfaces",
                              lambda r: r.get("NetworkInterfaces", []), absent=[],
                              Filters=[{"Name": "group-id", "Values": [group_id]}]))

    def default_network_acls(self, region: str) -> list[dict[str, Any]]:
        return self._call("ec2", region, "describe_network_acls",
                          lambda r: r.get("NetworkAcls", []), absent=[],
                          Filters=[{"Name": "default", "Values": ["true"]}])

    # --- account-wide -----------------------------------------------------------------------
    def password_policy(self) -> dict[str, Any] | None:
        return self._call("iam", None, "get_account_password_policy",
                          lambda r: r.get("PasswordPolicy"))

    def aliases(self) -> list[str]:
        return self._call("iam", None, "list_account_aliases",
                          lambda r: r.get("AccountAliases", []), absent=[])

    def account_public_access_block(self) -> dict[str, Any] | None:
        return self._call("s3control", None, "get_public_access_block",
                          lambda r: r.get("PublicAccessBlockConfiguration"),
                          AccountId=self.account_id)

    def alternate_contact(self, contact_type: str) -> dict[str, Any] | None:
        return self._call("account", None, "get_alternate_contact",
                          lambda r: r.get("AlternateContact"), AlternateContactType=contact_type)

    def trails(self, region: str) -> list[dict[str, Any]]:
        """Every trail the region shows, shadow trails (multi-region trails of another home
        region, organization trails of the management account) included."""
        return self._call("cloudtrail", region, "describe_trails",
                          lambda r: r.get("trailList", []), absent=[], includeShadowTrails=True)

    def iam_names(self) -> dict[str, set[str]]:
        """Names of the account's IAM users and groups."""
        details = self._read("iam", None, "get_account_authorization_details",
                             {"Filter": ("User", "Group")}, {}, self._authorization_details)
        return {"users": set(details.get("users", [])), "groups": set(details.get("groups", []))}

    def _authorization_details(self) -> dict[str, list[str]]:
        client = self.collector.client("iam", None, attempts=2)
        users: list[str] = []
        groups: list[str] = []
        for page in client.get_paginator("get_account_authorization_details").paginate(
                Filter=["User", "Group"]):
            users += [u["UserName"] for u in page.get("UserDetailList", [])]
            groups += [g["GroupName"] for g in page.get("GroupDetailList", [])]
        return {"users": users, "groups": groups}
