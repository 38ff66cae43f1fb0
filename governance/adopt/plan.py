"""What a ``terraform show -json`` plan says, as the adoption needs it: the resources the
baseline would create, each with its region, and the per-attribute changes of a resource."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

# Attributes that change on every import without being a customer setting.
IGNORED_ATTRIBUTES = frozenset({"id", "arn", "tags_all", "timeouts"})
UNKNOWN = "(known after apply)"
SENSITIVE = "(sensitive)"


@dataclass(frozen=True)
class PlannedResource:
    """One resource instance of the plan (managed resources only)."""

    address: str
    type: str
    module: str  # module address ("" for the root module)
    region: str | None
    actions: tuple[str, ...]
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    after_unknown: dict[str, Any] = field(default_factory=dict)
    importing: str | None = None  # the import id, when the plan imports it
    sensitive: dict[str, Any] = field(default_factory=dict)  # before_sensitive | after_sensitive

    @property
    def creates(self) -> bool:
        return "create" in self.actions and "delete" not in self.actions

    def value(self, name: str) -> Any:
        return (self.after or {}).get(name)


def _modules(module: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield module
    for child in module.get("child_modules", []):
        yield from _modules(child)


def module_regions(plan: dict[str, Any]) -> dict[str, str]:
    """Module address -> region, from each module's ``data "aws_region" "current"`` as the
    plan read it (prior_state holds the data sources read while planning)."""
    regions: dict[str, str] = {}
    root = (plan.get("prior_state") or {}).get("values", {}).get("root_module", {})
    for module in _modules(root):
        for resource in module.get("resources", []):
            if resource.get("mode") == "data" and resource.get("type") == "aws_region":
                values = resource.get("values") or {}
                name = values.get("name") or values.get("region")
                address = module.get("address", "")
                if name and regions.get(address, name) != name:
                    raise ValueError(f"module {address or '(root)'} reads the regions "
                                     f"{regions[address]} and {name}: adopt cannot tell which "
                                     "region its resources are in (give each region's "
                                     "resources a module of their own)")
                if name:
                    regions[address] = name
    return regions


def planned_accounts(plan: dict[str, Any]) -> set[str]:
    """Every account the root module reads a data "aws_caller_identity" of."""
    root = (plan.get("prior_state") or {}).get("values", {}).get("root_module", {})
    return {str(resource["values"]["account_id"]) for module in _modules(root)
            for resource in module.get("resources", [])
            if resource.get("mode") == "data" and resource.get("type") == "aws_caller_identity"
            and (resource.get("values") or {}).get("account_id")}


def _ancestors(module: str) -> Iterator[str]:
    """``module.a[0].module.b`` -> itself, ``module.a[0]``, ``""``."""
    parts = re.findall(r"module\.[^.\[]+(?:\[[^\]]*\])?", module)
    for end in range(len(parts), -1, -1):
        yield ".".join(parts[:end])


def region_of(module: str, regions: dict[str, str]) -> str | None:
    """The region of the nearest module (itself or an ancestor) that reads aws_region."""
    for candidate in _ancestors(module):
        if candidate in regions:
            return regions[candidate]
    return None


def planned_resources(plan: dict[str, Any]) -> list[PlannedResource]:
    regions = module_regions(plan)
    found = []
    for change in plan.get("resource_changes", []):
        if change.get("mode") != "managed":
            continue
        body = change.get("change", {})
        module = change.get("module_address", "")
        importing = body.get("importing")
        found.append(PlannedResource(
            address=change["address"], type=change["type"], module=module,
            region=region_of(module, regions), actions=tuple(body.get("actions", ())),
            before=body.get("before"), after=body.get("after"),
            after_unknown=body.get("after_unknown") or {},
            importing=(importing or {}).get("id") if importing is not None else None,
            sensitive={"before": body.get("before_sensitive") or {},
                       "after": body.get("after_sensitive") or {}},
        ))
    return found


def without_instance_keys(address: str) -> str:
    """``module.a[0].aws_x.y["k"]`` -> ``module.a.aws_x.y`` (a removed block's ``from``)."""
    return re.sub(r"\[[^\]]*\]", "", address)


def _flatten(value: Any, unknown: Any, prefix: str, out: dict[str, Any]) -> None:
    """Nested blocks (dicts, lists of dicts) to ``a[0].b`` paths; lists of scalars whole."""
    if unknown is True:
        out[prefix] = UNKNOWN
    elif isinstance(value, dict) or (isinstance(unknown, dict) and unknown and value is None):
        value = value or {}
        known_later = unknown if isinstance(unknown, dict) else {}
        for key in [*value, *(k for k in known_later if k not in value)]:
            _flatten(value.get(key), known_later.get(key),
                     f"{prefix}.{key}" if prefix else key, out)
    elif isinstance(value, list) and value and all(isinstance(i, dict) for i in value):
        for index, item in enumerate(value):
            sub = unknown[index] if isinstance(unknown, list) and index < len(unknown) else None
            _flatten(item, sub, f"{prefix}[{index}]", out)
    else:
        out[prefix] = value


def flatten(values: dict[str, Any] | None, unknown: dict[str, Any] | None = None,
            ) -> dict[str, Any]:
    out: dict[str, Any] = {}
    _flatten(values or {}, unknown or {}, "", out)
    return out


def attribute_changes(resource: PlannedResource) -> list[tuple[str, Any, Any]]:
    """(attribute path, before, after) for every attribute the plan changes, ignoring ids,
    ARNs and tags_all; an attribute only known after apply shows as such."""
    before = flatten(resource.before)
    after = flatten(resource.after, resource.after_unknown)
    secret = {path for side in ("before", "after") for path, flag in flatten(
        resource.sensitive.get(side), {}).items() if flag is True}
    changes = []
    for name in sorted(set(before) | set(after)):
        if name.split(".")[0].split("[")[0] in IGNORED_ATTRIBUTES:
            continue
        old, new = before.get(name), after.get(name)
        if _same(old, new):
            continue
        if any(name == path or name.startswith(f"{path}.") or name.startswith(f"{path}[")
               for path in secret):
            old, new = (SENSITIVE if old is not None else None), SENSITIVE
        changes.append((name, old, new))
    return changes


def _same(old: Any, new: Any) -> bool:
    empty = (None, "", [], {})
    if old in empty and new in empty:
        return True
    if isinstance(old, list) and isinstance(new, list):
        try:
            return sorted(map(str, old)) == sorted(map(str, new))
        except TypeError:
            return old == new
    return bool(old == new)
