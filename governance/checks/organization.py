"""The organization layer, judged from the management (or a delegated) account's snapshot.

* ``scp-<guardrail id>``: one control per guardrail of
  ``governance/catalog/data/organization-guardrails.json``. For every ACTIVE member account
  (never the management account: SCPs do not apply to it), the SCPs effective for it
  (attached to the root, to each OU on its path, to the account) must deny every
  ``denied`` probe, and allow both the same probes made by the exempt principal and the
  ``allowed`` probes, as AWS decides (governance/scp.py ``decide``: allowed only with no
  Deny anywhere and an Allow at every level of the path, so an allow-list that replaces
  FullAWSAccess denies the exempt role too; a denied probe denied for want of an Allow
  counts, and the evidence says so). Every probe is judged in every audited region (a
  Deny written for the home region only fails in the others; an exempt or allowed probe
  only where its principal may act at all), with the context keys AWS sends on every
  request (aws:PrincipalType, aws:PrincipalOrgID, ...). One finding per member account; a
  FAIL names the account, the guardrail, the first probe that went wrong and its region.
  The check judges what the policies do, not their names: any equivalent SCP passes.

Here too what every organization check shares: :func:`not_judged_here` (NOT_APPLICABLE from a
member account, "not the management account", and outside an organization, "not in an
organization"), :class:`Organization` (where each account sits) and ``VIEW``. The
organization trail, delegated administrators and Config aggregator are in
organization_services.py, the CIS organization items in organization_cis.py.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any

from governance.checks import check
from governance.checks.root import setting
from governance.model import AccountSnapshot, Finding, ReadFailed, Status
from governance.scp import ContextValue, Levels, Request, UnsupportedPolicy, decide

VIEW = "governance:OrganizationView"
ADMIN_VIEWS = ("management", "delegated-admin")


@cache
def guardrail_table() -> dict[str, Any]:
    """The shared guardrail table (ids, defaults, probes)."""
    text = resources.files("governance.catalog").joinpath(
        "data", "organization-guardrails.json").read_text(encoding="utf-8")
    return json.loads(text)


def guardrails() -> dict[str, dict[str, Any]]:
    return {g["id"]: g for g in guardrail_table()["guardrails"]}


def not_judged_here(snapshot: AccountSnapshot, control_id: str) -> Finding | None:
    """NOT_APPLICABLE unless the snapshot is the management (or a delegated) account's."""
    org = snapshot.get("organizations:DescribeOrganization")
    if org is None:
        return Finding(control_id, Status.NOT_APPLICABLE, "not in an organization")
    read = snapshot.reads.get(VIEW)
    view = read.data if read is not None else (
        "management" if org.get("MasterAccountId") == snapshot.account_id else "member")
    if view not in ADMIN_VIEWS:
        return Finding(control_id, Status.NOT_APPLICABLE, "not the management account",
                       evidence={"management_account": org.get("MasterAccountId")})
    return None


# --- where each account sits, and the SCPs effective for it ---------------------------------


@dataclass(frozen=True)
class Organization:
    management: str
    accounts: list[dict[str, Any]]
    parent_of: dict[str, str]           # account or OU id -> parent id
    ou_names: dict[str, str]
    policies: dict[str, dict[str, Any]]  # policy id -> summary with Content and Targets
    org_id: str = ""

    @classmethod
    def read(cls, snapshot: AccountSnapshot) -> Organization:
        org = snapshot.get("organizations:DescribeOrganization")
        snapshot.get("organizations:ListRoots")
        tree = snapshot.get("organizations:ListOrganizationalUnitsForParent") or {}
        placed = snapshot.get("organizations:ListAccountsForParent") or {}
        accounts = snapshot.get("organizations:ListAccounts") or []
        summaries = snapshot.get("organizations:ListPolicies") or []
        contents = snapshot.get("organizations:DescribePolicy") or {}
        targets = snapshot.get("organizations:ListTargetsForPolicy") or {}
        parent_of: dict[str, str] = {}
        ou_names: dict[str, str] = {}
        for parent, ous in tree.items():
            for ou in ous:
                parent_of[ou["Id"]] = parent
                ou_names[ou["Id"]] = ou.get("Name", ou["Id"])
        for parent, account_ids in placed.items():
            for account_id in account_ids:
                parent_of[account_id] = parent
        policies = {}
        for summary in summaries:
            pid = summary["Id"]
            if pid not in contents or pid not in targets:
                raise ReadFailed("organizations:DescribePolicy",
                                 f"policy {pid} ({summary.get('Name')}) was listed but not read")
            policies[pid] = {**summary, "Content": contents[pid],
                             "Targets": [t["TargetId"] for t in targets[pid]]}
        return cls(org["MasterAccountId"], accounts, parent_of, ou_names, policies,
                   str(org.get("Id") or ""))

    def active_members(self) -> list[dict[str, Any]]:
        return sorted((a for a in self.accounts if a["Id"] != self.management
                       and (a.get("State") or a.get("Status")) == "ACTIVE"),
                      key=lambda a: a["Id"])

    def path(self, account_id: str) -> list[str]:
        """The account, then each OU up to the root (ids)."""
        if account_id not in self.parent_of:
            raise ReadFailed("organizations:ListAccountsForParent",
                             f"account {account_id} is under no parent that was read")
        path = [account_id]
        while path[-1] in self.parent_of and len(path) < 10:
            path.append(self.parent_of[path[-1]])
        return path

    def effective(self, account_id: str) -> list[tuple[str, str]]:
        """(policy name, content) of every SCP attached to the account's path."""
        on_path = set(self.path(account_id))
        return [(p.get("Name") or pid, p["Content"]) for pid, p in sorted(self.policies.items())
                if on_path & set(p["Targets"])]

    def level_name(self, target: str) -> str:
        if target.startswith("r-"):
            return f"root {target}"
        if target in self.ou_names:
            return f"OU {target} ({self.ou_names[target]})"
        return f"account {target}"

    def levels(self, account_id: str) -> list[tuple[str, list[tuple[str, str]]]]:
        """Each level of the account's path, root first, with the SCPs attached there: what
        governance.scp.decide evaluates (an Allow is needed at every level)."""
        return [(self.level_name(target),
                 [(p.get("Name") or pid, p["Content"]) for pid, p in sorted(self.policies.items())
                  if target in p["Targets"]])
                for target in reversed(self.path(account_id))]

    def org_paths(self, account_id: str) -> list[str]:
        """``aws:PrincipalOrgPaths`` of the account's principals: o-id/r-id/ou-id/.../"""
        return [f"{self.org_id}/" + "".join(f"{t}/" for t in reversed(self.path(account_id)[1:]))]


# --- probes ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Probe:
    kind: str  # denied | exempt | allowed
    request: Request
    shown: tuple[tuple[str, Any], ...] = ()  # the table's context keys, for describe()

    def describe(self) -> str:
        region = self.request.context.get("aws:RequestedRegion")
        where = f" in {region}" if region else ""
        context = "".join(f", {k}={v}" for k, v in self.shown if k != "aws:RequestedRegion")
        resource = "" if self.request.resource == "*" else f" on {self.request.resource}"
        return f"{self.request.action}{resource} by {self.request.principal_arn}{where}{context}"

    def key(self) -> tuple[Any, ...]:
        context = tuple(sorted((k, tuple(v) if isinstance(v, list) else v)
                               for k, v in self.request.context.items()))
        return (self.kind, self.request.principal_arn, self.request.action,
                self.request.resource, context)


def outside_region(snapshot: AccountSnapshot) -> str:
    candidates = guardrail_table()["outside_region_candidates"]
    return next((r for r in candidates if r not in snapshot.regions), candidates[0])


def probes(guardrail: dict[str, Any], account_id: str, region: str, outside: str,
           settings: dict[str, str] | None = None,
           base: dict[str, ContextValue] | None = None) -> Iterator[Probe]:
    """The guardrail's probe requests for one account in one region. ``settings`` may
    override ``exempt_principal`` and ``protected_name_prefix`` of the table (the module's
    exempt_principal_arns / protected_name_prefix when not the defaults); ``base``: context
    keys AWS sends on every request of the account's principals (aws:PrincipalOrgID, ...)."""
    table = {**guardrail_table(), **(settings or {})}
    values = {"account": account_id, "region": region, "outside_region": outside,
              "prefix": table["protected_name_prefix"]}

    def fill(value: Any) -> Any:
        if isinstance(value, list):
            return [fill(v) for v in value]
        return str(value).format(**values)

    def probe(kind: str, spec: dict[str, Any], principal: str) -> Probe:
        shown = {key: fill(v) for key, v in spec.get("context", {}).items()}
        context: dict[str, ContextValue] = {**(base or {}), "aws:RequestedRegion": region, **shown}
        return Probe(kind, Request(principal_arn=fill(principal), action=spec["action"],
                                   resource=fill(spec.get("resource", "*")), context=context),
                     tuple(sorted(shown.items())))

    for spec in guardrail.get("denied", []):
        who = table["root_principal"] if spec.get("principal") == "root" else table["principal"]
        yield probe("denied", spec, who)
    for spec in guardrail.get("denied", []):
        yield probe("exempt", spec, table["exempt_principal"])
    for spec in guardrail.get("allowed", []):
        yield probe("allowed", spec, table["principal"])


@dataclass(frozen=True)
class Judgement:
    wrong: str | None                  # why the guardrail does not hold, or None
    implicit: tuple[str, ...] = ()     # denied probes denied only for want of an Allow


def judge(guardrail: dict[str, Any], levels: Levels, account_id: str,
          regions: str | Sequence[str], outside: str, settings: dict[str, str] | None = None,
          base: dict[str, ContextValue] | None = None) -> Judgement:
    """Every probe in every region of ``regions``, the home region first, against the SCP
    layer as AWS decides it (governance.scp.decide: no Deny anywhere, an Allow at every
    level). A probe whose request does not depend on the region (e.g. one made in the outside
    region) is judged once. In another region, an exempt or allowed probe is judged only where
    its principal may act at all (the table's ``region_open_action`` is allowed to it there):
    in a region the SCPs close (the region allowlist), what they deny is not over-denial."""
    seen: set[tuple[Any, ...]] = set()
    implicit: list[str] = []
    ordered = [regions] if isinstance(regions, str) else list(regions)
    open_action = guardrail_table()["region_open_action"]

    @cache
    def may_act(principal: str, region: str) -> bool:
        return decide(levels, Request(principal, open_action, context={
            **(base or {}), "aws:RequestedRegion": region})).allowed

    for region in ordered:
        for probe in probes(guardrail, account_id, region, outside, settings, base):
            if (key := probe.key()) in seen:
                continue
            if (probe.kind != "denied" and region != ordered[0]
                    and not may_act(probe.request.principal_arn, region)):
                continue
            seen.add(key)
            decision = decide(levels, probe.request)
            if probe.kind == "denied":
                if decision.allowed:
                    return Judgement(f"{probe.describe()} is not denied", tuple(implicit))
                if decision.denial is None:
                    implicit.append(f"{probe.describe()}: not allowed by any SCP at "
                                    f"{decision.missing_allow_level}")
                continue
            who = "the exempt principal" if probe.kind == "exempt" else "an allowed request"
            if decision.denial is not None:
                return Judgement(f"{who} is denied: {probe.describe()} (policy "
                                 f"{decision.denial.policy}, statement {decision.denial.sid})",
                                 tuple(implicit))
            if not decision.allowed:
                return Judgement(f"{who} is denied: {probe.describe()}: not allowed by any SCP "
                                 f"at {decision.missing_allow_level}", tuple(implicit))
    return Judgement(None, tuple(implicit))


def first_wrong(guardrail: dict[str, Any], levels: Levels, account_id: str,
                regions: str | Sequence[str], outside: str,
                settings: dict[str, str] | None = None,
                base: dict[str, ContextValue] | None = None) -> str | None:
    """Why the SCP levels do not hold the guardrail for the account, or None."""
    return judge(guardrail, levels, account_id, regions, outside, settings, base).wrong


def probe_settings(snapshot: AccountSnapshot) -> dict[str, str]:
    """Audit settings (``governance:Settings``) that change the probes:
    ``scp_exempt_principal`` (an ARN with ``{account}``, e.g.
    ``arn:aws:iam::{account}:role/BaselineDeployer``) and ``scp_protected_name_prefix``."""
    found = {}
    for name, key in (("scp_exempt_principal", "exempt_principal"),
                      ("scp_protected_name_prefix", "protected_name_prefix")):
        value = setting(snapshot, name, None)
        if value:
            found[key] = str(value)
    return found


def _account_label(account: dict[str, Any]) -> str:
    name = account.get("Name")
    return f"account {account['Id']}" + (f" ({name})" if name else "")


def check_guardrail(snapshot: AccountSnapshot, control_id: str, guardrail_id: str
                    ) -> list[Finding]:
    if (skip := not_judged_here(snapshot, control_id)) is not None:
        return [skip]
    guardrail = guardrails()[guardrail_id]
    org = Organization.read(snapshot)
    members = org.active_members()
    if not members:
        return [Finding(control_id, Status.NOT_APPLICABLE,
                        "the organization has no active member account (SCPs never apply "
                        "to the management account)")]
    outside = outside_region(snapshot)
    settings = probe_settings(snapshot)
    regions = [snapshot.home_region, *(r for r in snapshot.regions if r != snapshot.home_region)]
    now = _audit_time(snapshot)
    findings = []
    for account in members:
        policies = org.effective(account["Id"])
        names = [name for name, _ in policies]
        resource = account.get("Arn") or account["Id"]
        evidence: dict[str, Any] = {"account": account["Id"], "guardrail": guardrail_id,
                                    "path": org.path(account["Id"]),
                                    "effective_scps": names[:20], "regions": regions}
        base: dict[str, ContextValue] = {"aws:PrincipalOrgPaths": org.org_paths(account["Id"])}
        if org.org_id:
            base["aws:PrincipalOrgID"] = org.org_id
        if now is not None:
            base["aws:CurrentTime"] = now.strftime("%Y-%m-%dT%H:%M:%SZ")
            base["aws:EpochTime"] = str(int(now.timestamp()))
        try:
            judgement = judge(guardrail, org.levels(account["Id"]), account["Id"], regions,
                              outside, settings, base)
        except UnsupportedPolicy as error:
            findings.append(Finding(
                control_id, Status.ERROR,
                f"{_account_label(account)}: guardrail {guardrail_id}: cannot evaluate: {error}",
                resource=resource, evidence={**evidence, "error": str(error)}))
            continue
        if judgement.implicit:
            evidence["implicitly_denied"] = list(judgement.implicit[:10])
        if judgement.wrong is None:
            how = ("" if not judgement.implicit else
                   f"; {len(judgement.implicit)} probe(s) denied for want of an Allow, not by a Deny")
            findings.append(Finding(
                control_id, Status.PASS,
                f"{_account_label(account)}: guardrail {guardrail_id} holds in "
                f"{', '.join(regions)}: every probe is denied and the exempt principal passes"
                f"{how} (SCPs: {', '.join(names)})",
                resource=resource, evidence=evidence))
        else:
            findings.append(Finding(
                control_id, Status.FAIL,
                f"{_account_label(account)}: guardrail {guardrail_id}: {judgement.wrong}",
                resource=resource, evidence={**evidence, "problem": judgement.wrong}))
    return findings


def _audit_time(snapshot: AccountSnapshot) -> datetime | None:
    try:
        return datetime.fromisoformat(snapshot.collected_at.replace("Z", "+00:00"))
    except (AttributeError, ValueError):
        return None


def _register_guardrail(guardrail_id: str) -> None:
    control_id = f"scp-{guardrail_id}"

    @check(control_id)
    def _check(snapshot: AccountSnapshot) -> list[Finding]:
        return check_guardrail(snapshot, control_id, guardrail_id)


for _guardrail in guardrail_table()["guardrails"]:
    _register_guardrail(_guardrail["id"])
