"""Procedure cases that the v3.0.0 cases (items_cis_v3.py) do not cover, for CIS AWS
Foundations items whose text changed in v4.0.1 and is carried unchanged into v5.0.0-v7.0.0.

3.1 "Ensure CloudTrail is enabled in all regions": since v4.0.1 the audit also reads
advanced event selectors, "at least one fieldSelector for a trail that equals Management",
where a readOnly field (true or false) means one of read or write is not logged. The v4.0.1
item keeps the v3.0.0 cases and adds these; v5.0.0 3.1 (same text, Manual) borrows them
(SAME_PROCEDURE in unit_cases.py), v6.0.0 / v7.0.0 4.1 through ``same_as``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from governance.model import AccountSnapshot
from tests.support.snapshots import changed
from tests.unit import snapshots_logging
from tests.unit.item_cases import ItemCase
from tests.unit.items_cis_v3 import ITEM_CASES as V3_CASES


def _selectors(value: dict[str, Any]) -> Callable[[], AccountSnapshot]:
    return lambda: changed(
        snapshots_logging.compliant(), "cloudtrail:GetEventSelectors",
        {snapshots_logging.TRAIL_ARN: {"TrailARN": snapshots_logging.TRAIL_ARN, **value}},
        snapshots_logging.HOME)


def _management(*extra: dict[str, Any]) -> dict[str, Any]:
    return {"AdvancedEventSelectors": [{"Name": "Management events selector", "FieldSelectors": [
        {"Field": "eventCategory", "Equals": ["Management"]}, *extra]}]}


_V3_31 = V3_CASES[("cis_aws_v3", "3.1")]

ITEM_CASES: dict[tuple[str, str], ItemCase] = {
    ("cis_aws_v4", "3.1"): ItemCase(
        compliant=[*_V3_31.compliant,
                   ("advanced selector eventCategory Management with no readOnly field",
                    _selectors(_management()))],
        non_compliant=[*_V3_31.non_compliant,
                       ("advanced selector readOnly true: write events not selected",
                        _selectors(_management({"Field": "readOnly", "Equals": ["true"]}))),
                       ("advanced selector readOnly false: read events not selected",
                        _selectors(_management({"Field": "readOnly", "Equals": ["false"]}))),
                       ("advanced selectors for data events only", _selectors(
                           {"AdvancedEventSelectors": [{"Name": "S3", "FieldSelectors": [
                               {"Field": "eventCategory", "Equals": ["Data"]},
                               {"Field": "resources.type",
                                "Equals": ["AWS::S3::Object"]}]}]}))]),
}
