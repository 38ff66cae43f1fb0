"""Test-only extensions of the moto server, one module per concern; :func:`install` them all.

The one place that patches moto (tests, the harness and bench/ only; never the engine).
Each module says which moto gap it covers and the test that fails when stock moto no
longer needs it (moto 5.2.5):

==========================  ===============================================================
module                      concern
==========================  ===============================================================
actions.py                  actions stock moto lacks (HTTP 500): IAM ListMFADeviceTags, SSO
                            Admin tags, EC2 instance metadata defaults, ...
organization_features.py    organization-level features moto lacks: IAM centralized root
                            access, the Organizations delegation policy, CloudTrail's
                            delegated administrator (CIS v7.0.0 2.1.1, 2.1.5, 2.1.6)
routes.py                   reads moto has no route for: Access Analyzer ListAnalyzers,
                            Security Hub standards and admins, GuardDuty master and tags
gaps.py                     MISSING_IN_STOCK_MOTO: which of the above stock moto lacked
credentials.py              IAM state no API sets: the root user (set_root_state), old
                            credentials (age_credentials)
config.py                   AWS Config delivery (deliver_config_snapshot)
access.py                   deny(), refuse_assume_role(), AssumeRole judged by trust policy
as_aws.py                   AS_AWS switches; Organizations answered per caller
                            (organization_refusal)
brownfield.py               an existing account's singletons as AWS answers them (one
                            detector, one hub, trail names, trails by ARN, ...)
faults.py                   throttle(), reset_connections(), latency (fixed or drawn)
replay.py                   lost answers replayed to the SDK's retry (REPLAYED)
dispatcher.py               the one wrapper of moto's server: latency, faults, routes, replay
speed.py                    managed policies built once, one botocore loader (speed only)
==========================  ===============================================================

Each module keeps its mutable state (registries) together at its top and clears it with
its ``reset()``; :func:`reset` clears them all.
"""

from __future__ import annotations

from harness.moto import (
    access,
    actions,
    as_aws,
    brownfield,
    credentials,
    dispatcher,
    faults,
    organization_features,
    replay,
    routes,
    speed,
)
from harness.moto.access import DENIED, REFUSED_ROLES, deny, refuse_assume_role, trust_refusal
from harness.moto.actions import INSTANCE_METADATA_DEFAULTS
from harness.moto.as_aws import AS_AWS, organization_position, organization_refusal
from harness.moto.brownfield import GUARDDUTY_ADMINISTRATORS, set_guardduty_administrator
from harness.moto.config import deliver_config_snapshot
from harness.moto.credentials import ROOT_STATE, age_credentials, set_root_state
from harness.moto.faults import (
    LATENCY,
    LATENCY_PATH,
    RESET_SERVICES,
    THROTTLED,
    ConnectionResetByHarness,
    Latency,
    Throttling,
    reset_connections,
    throttle,
)
from harness.moto.gaps import MISSING_IN_STOCK_MOTO
from harness.moto.organization_features import ORGANIZATIONS_FEATURES, RESOURCE_POLICIES
from harness.moto.replay import ANSWER_KEPT_AT_MOST, ANSWERED, ANSWERED_BYTES, ANSWERED_KEPT, REPLAYED
from harness.moto.routes import (
    ACCESS_ANALYZERS,
    ENABLED_STANDARDS,
    ROUTES,
    set_access_analyzers,
    set_enabled_standards,
)

# Every action added to a moto response class (moto response class, method, implementation,
# why): tests/unit/test_harness.py checks that stock moto still lacks each.
EXTENSIONS = [*actions.EXTENSIONS, *organization_features.EXTENSIONS]

_CONCERNS = (credentials, access, as_aws, organization_features, brownfield, routes,
             dispatcher, actions, speed)


def install() -> None:
    """Patch moto in this process with every concern above (idempotent: each patch is
    made once, whatever the number of calls)."""
    for concern in _CONCERNS:
        concern.install()


def reset() -> None:
    """Clear every registry (seeded state, faults, kept answers), as in a fresh server;
    the AS_AWS switches and moto's own backends are left as they are."""
    for concern in (actions, credentials, access, organization_features, brownfield, routes,
                    faults, replay):
        concern.reset()


__all__ = [
    "ACCESS_ANALYZERS",
    "ANSWERED",
    "ANSWERED_BYTES",
    "ANSWERED_KEPT",
    "ANSWER_KEPT_AT_MOST",
    "AS_AWS",
    "DENIED",
    "ENABLED_STANDARDS",
    "EXTENSIONS",
    "GUARDDUTY_ADMINISTRATORS",
    "INSTANCE_METADATA_DEFAULTS",
    "LATENCY",
    "LATENCY_PATH",
    "MISSING_IN_STOCK_MOTO",
    "ORGANIZATIONS_FEATURES",
    "REFUSED_ROLES",
    "REPLAYED",
    "RESET_SERVICES",
    "RESOURCE_POLICIES",
    "ROOT_STATE",
    "ROUTES",
    "THROTTLED",
    "ConnectionResetByHarness",
    "Latency",
    "Throttling",
    "age_credentials",
    "deliver_config_snapshot",
    "deny",
    "install",
    "organization_position",
    "organization_refusal",
    "refuse_assume_role",
    "reset",
    "reset_connections",
    "set_access_analyzers",
    "set_enabled_standards",
    "set_guardduty_administrator",
    "set_root_state",
    "throttle",
    "trust_refusal",
]
