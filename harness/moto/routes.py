"""Routed answers: reads moto has no route for at all, answered from harness-held state.

Answered before moto's dispatcher (dispatcher.py), only while stock moto lacks them (each
route's ``_stock_moto_lacks_*`` probe, recorded in gaps.MISSING_IN_STOCK_MOTO):

* IAM Access Analyzer ``ListAnalyzers`` (``GET /analyzer``): moto has no accessanalyzer
  backend (the request 500s). Answered from :func:`set_access_analyzers`; where a test
  seeded nothing, answered 501 ``EmulatorGap``, so the audit shows NOT_PROVABLE (what an
  emulator cannot show), never a PASS or FAIL built from a stand-in.
* Security Hub ``GetEnabledStandards`` (``POST /standards/get``): moto's securityhub
  backend has no standards endpoints (404). Answered from :func:`set_enabled_standards`
  (InvalidAccessException while the hub is not enabled in moto, as AWS answers); where a
  test seeded nothing, 501 ``EmulatorGap`` as above.
* Security Hub ``ListOrganizationAdminAccounts`` (``GET /organization/admin``): moto
  implements EnableOrganizationAdminAccount but not the list (404). Answered from what
  moto stored at EnableOrganizationAdminAccount (moto keeps one admin per organization,
  AWS one per region); AWSOrganizationsNotInUseException outside an organization.
* GuardDuty ``GetMasterAccount`` (``GET /detector/<id>/master``, deprecated): moto has no
  route (404). Answered from brownfield.set_guardduty_administrator, as
  GetAdministratorAccount.
* GuardDuty ``TagResource`` / ``UntagResource`` / ``ListTagsForResource`` on a detector
  (``/tags/<arn>``): the aws provider tags an imported detector in place; stock moto keeps
  only the tags CreateDetector was given.

Tests that fail when stock moto serves them: tests/seeded/test_identity_controls.py
(access-analyzer, standards), tests/seeded/test_organization_controls.py (Security Hub
admins), tests/seeded/test_brownfield_as_aws.py (GuardDuty master, tags).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from harness.moto.as_aws import organization_refusal
from harness.moto.brownfield import GUARDDUTY_ADMINISTRATORS
from harness.moto.gaps import MISSING_IN_STOCK_MOTO

# (signing service, HTTP method, path, action for deny(), handler(account, region, query))
# Each handler returns (HTTP status, JSON body). deny() applies to them as to moto's own. The
# path is a regular expression matched on the whole path; its named groups join the query.
Handler = Callable[..., tuple[int, Any]]
ACCESS_ANALYZERS: dict[tuple[str, str], list[dict[str, Any]]] = {}
ENABLED_STANDARDS: dict[tuple[str, str], list[str]] = {}
ROUTED_ANSWERS: list[tuple[str, str, str, str, Handler]] = []


def reset() -> None:
    """No analyzer and no standard seeded (the routes installed stay)."""
    ACCESS_ANALYZERS.clear()
    ENABLED_STANDARDS.clear()


def set_access_analyzers(account_id: str, region: str, analyzers: list[dict[str, str]]) -> None:
    """The analyzers ListAnalyzers answers in one account and region: dicts with name,
    type (ACCOUNT, ORGANIZATION, ...) and status (ACTIVE, CREATING, DISABLED, FAILED)."""
    ACCESS_ANALYZERS[(account_id, region)] = [{
        "arn": f"arn:aws:access-analyzer:{region}:{account_id}:analyzer/{a['name']}",
        "createdAt": "2026-01-01T00:00:00Z", "status": "ACTIVE", **a} for a in analyzers]


def set_enabled_standards(account_id: str, region: str, standards: list[str]) -> None:
    """The standards GetEnabledStandards answers (READY), as the part after ``standards/``
    of the ARN, e.g. ``cis-aws-foundations-benchmark/v/3.0.0``."""
    ENABLED_STANDARDS[(account_id, region)] = list(standards)


def _emulator_gap(what: str) -> tuple[int, Any]:
    return 501, {"__type": "EmulatorGap",
                 "Message": f"moto has no {what}; the test harness answers only what a test "
                            "seeded, and nothing was seeded for this account and region"}


def _list_analyzers(account: str, region: str, query: dict[str, list[str]]) -> tuple[int, Any]:
    if (account, region) not in ACCESS_ANALYZERS:
        return _emulator_gap("IAM Access Analyzer backend")
    analyzers = ACCESS_ANALYZERS[(account, region)]
    wanted = query.get("type")
    if wanted:
        analyzers = [a for a in analyzers if a.get("type") in wanted]
    return 200, {"analyzers": analyzers}


def _get_enabled_standards(account: str, region: str,
                           query: dict[str, list[str]]) -> tuple[int, Any]:
    from moto.securityhub.models import securityhub_backends

    if not securityhub_backends[account][region].enabled:
        return 401, {"__type": "InvalidAccessException",
                     "Message": "Account is not subscribed to AWS Security Hub"}
    if (account, region) not in ENABLED_STANDARDS:
        return _emulator_gap("Security Hub standards endpoints")
    return 200, {"StandardsSubscriptions": [{
        "StandardsSubscriptionArn": f"arn:aws:securityhub:{region}:{account}:subscription/{part}",
        "StandardsArn": f"arn:aws:securityhub:{region}::standards/{part}",
        "StandardsInput": {}, "StandardsStatus": "READY"}
        for part in ENABLED_STANDARDS.get((account, region), [])]}


def _list_securityhub_admins(account: str, region: str,
                             query: dict[str, list[str]]) -> tuple[int, Any]:
    from moto.organizations.exceptions import AWSOrganizationsNotInUseException
    from moto.securityhub.models import securityhub_backends

    refused = organization_refusal("securityhub", "ListOrganizationAdminAccounts", account)
    if refused is not None:
        return 403, {"__type": "AccessDeniedException", "Message": refused}
    try:
        config = securityhub_backends[account][region]._get_org_config()
    except AWSOrganizationsNotInUseException:
        return 400, {"__type": "AWSOrganizationsNotInUseException",
                     "Message": "Your account is not a member of an organization."}
    admin = config.get("admin_account_id")
    return 200, {"AdminAccounts": [{"AccountId": admin, "Status": "ENABLED"}] if admin else []}


def _guardduty_master(account: str, region: str,
                      query: dict[str, list[str]]) -> tuple[int, Any]:
    """GetMasterAccount (deprecated for GetAdministratorAccount), from the same state."""
    from moto.guardduty.models import guardduty_backends

    if query["detectorId"][0] not in guardduty_backends[account][region].detectors:
        return 400, {"__type": "BadRequestException", "message": "The request is rejected "
                     "because the input detectorId is not owned by the current account."}
    master = GUARDDUTY_ADMINISTRATORS.get((account, region))
    return 200, {"master": master} if master else {}


def _guardduty_detector_of(account: str, region: str, arn: str) -> Any:
    from moto.guardduty.models import guardduty_backends

    detector_id = arn.rsplit("/", 1)[-1]
    return guardduty_backends[account][region].detectors.get(detector_id)


def _guardduty_tags(account: str, region: str, query: dict[str, list[str]]) -> tuple[int, Any]:
    """TagResource / UntagResource / ListTagsForResource on a detector: the aws provider tags
    an imported detector in place (stock moto keeps only the tags CreateDetector was given)."""
    import json

    detector = _guardduty_detector_of(account, region, query["resourceArn"][0])
    if detector is None:
        return 400, {"__type": "BadRequestException",
                     "message": "The request is rejected because the input resourceArn is not "
                                "owned by the current account."}
    if "_body" in query:  # TagResource
        detector.tags.update(json.loads(query["_body"][0] or "{}").get("tags", {}))
        return 200, {}
    if "tagKeys" in query:  # UntagResource
        for key in query["tagKeys"]:
            detector.tags.pop(key, None)
        return 200, {}
    return 200, {"tags": detector.tags}


def _stock_moto_lacks_guardduty_tagging() -> bool:
    from moto.guardduty import urls

    return not any("tags" in path for path in urls.url_paths)


def _stock_moto_lacks_guardduty_master() -> bool:
    from moto.guardduty import urls

    return not any(path.endswith("/master$") for path in urls.url_paths)


def _stock_moto_lacks_securityhub_org_admins() -> bool:
    from moto.securityhub import urls

    return not any(path.endswith("/organization/admin$") for path in urls.url_paths)


def _stock_moto_lacks_access_analyzer() -> bool:
    import importlib.util

    return importlib.util.find_spec("moto.accessanalyzer") is None


def _stock_moto_lacks_securityhub_standards() -> bool:
    from moto.securityhub import urls

    return not any("standards" in path for path in urls.url_paths)


ROUTES: list[tuple[str, str, str, str, Callable[..., tuple[int, Any]], Callable[[], bool]]] = [
    ("access-analyzer", "GET", "/analyzer", "access-analyzer:ListAnalyzers", _list_analyzers,
     _stock_moto_lacks_access_analyzer),
    ("securityhub", "POST", "/standards/get", "securityhub:GetEnabledStandards",
     _get_enabled_standards, _stock_moto_lacks_securityhub_standards),
    ("securityhub", "GET", "/organization/admin", "securityhub:ListOrganizationAdminAccounts",
     _list_securityhub_admins, _stock_moto_lacks_securityhub_org_admins),
    ("guardduty", "GET", "/detector/(?P<detectorId>[^/]+)/master", "guardduty:GetMasterAccount",
     _guardduty_master, _stock_moto_lacks_guardduty_master),
    ("guardduty", "POST", "/tags/(?P<resourceArn>arn:.+)", "guardduty:TagResource",
     _guardduty_tags, _stock_moto_lacks_guardduty_tagging),
    ("guardduty", "DELETE", "/tags/(?P<resourceArn>arn:.+)", "guardduty:UntagResource",
     _guardduty_tags, _stock_moto_lacks_guardduty_tagging),
    ("guardduty", "GET", "/tags/(?P<resourceArn>arn:.+)", "guardduty:ListTagsForResource",
     _guardduty_tags, _stock_moto_lacks_guardduty_tagging),
]


def install() -> None:
    """Route the reads stock moto lacks (idempotent; the dispatcher answers them)."""
    for service, method, path, action, handler, lacking in ROUTES:
        key = f"{service} {method} {path}"
        if key not in MISSING_IN_STOCK_MOTO:
            MISSING_IN_STOCK_MOTO[key] = lacking()
            if MISSING_IN_STOCK_MOTO[key]:
                ROUTED_ANSWERS.append((service, method, path, action, handler))
