"""harness.moto: the moto gaps it fills are still gaps, and its faults behave as documented.

Each patch of moto in harness/moto/ names the test that fails once stock moto no longer
needs it; the ones without a behaviour test elsewhere are here (through
``MISSING_IN_STOCK_MOTO`` and the ``_stock_moto_lacks_*`` probes). The drawn latency of
harness/moto/faults.py (helper of bench/) is tested here too.
"""

from __future__ import annotations

import json
import time
import urllib.request

import pytest

from harness import moto as harness_moto
from harness.moto import (
    access,
    actions,
    brownfield,
    credentials,
    faults,
    organization_features,
    replay,
    routes,
)
from harness.moto.faults import LATENCY, LATENCY_PATH, Latency, set_latency_from_query


def test_a_drawn_latency_stays_within_its_bounds_and_repeats_with_its_seed():
    latency = Latency()
    latency.set(0.01, 0.05, seed=7)
    first = [latency.draw() for _ in range(200)]
    assert all(0.01 <= seconds <= 0.05 for seconds in first)
    assert len(set(first)) > 100  # drawn, not fixed
    assert min(first) < 0.02 and max(first) > 0.04  # spread over the range
    latency.set(0.01, 0.05, seed=7)
    assert [latency.draw() for _ in range(200)] == first
    latency.set(0.01, 0.05, seed=8)
    assert [latency.draw() for _ in range(200)] != first


def test_a_fixed_latency_and_off():
    latency = Latency()
    assert latency.draw() == 0.0
    latency.set(0.15)
    assert {latency.draw() for _ in range(5)} == {0.15}
    latency.set(0)
    assert latency.draw() == 0.0
    latency.set(0.02, 0.04)
    latency.set(0, 0)
    assert latency.draw() == 0.0
    with pytest.raises(ValueError, match="low <= high"):
        latency.set(0.5, 0.1)


def test_the_latency_query_sets_what_the_server_waits():
    try:
        assert set_latency_from_query({"seconds": ["0.2"]})["seconds"] == 0.2
        assert LATENCY.draw() == 0.2
        answer = set_latency_from_query({"low": ["0.1"], "high": ["0.3"], "seed": ["3"]})
        assert answer == {"seconds": None, "low": 0.1, "high": 0.3, "seed": 3}
        assert 0.1 <= LATENCY.draw() <= 0.3
        set_latency_from_query({"low": ["0"], "high": ["0"]})
        assert LATENCY.draw() == 0.0
    finally:
        set_latency_from_query({"seconds": ["0"]})
    assert LATENCY.draw() == 0.0


def test_the_server_waits_the_drawn_latency_before_answering(moto_sandbox):
    def post(query: str) -> dict:
        request = urllib.request.Request(f"{moto_sandbox.endpoint}{LATENCY_PATH}?{query}",
                                         method="POST")
        with urllib.request.urlopen(request, timeout=10) as answer:
            return json.loads(answer.read())

    def answer_time() -> float:
        started = time.monotonic()
        urllib.request.urlopen(f"{moto_sandbox.endpoint}/moto-api/", timeout=10).close()
        return time.monotonic() - started

    try:
        assert post("low=0.2&high=0.3&seed=1")["high"] == 0.3
        assert answer_time() >= 0.2
    finally:
        assert post("seconds=0")["high"] == 0.0
    assert answer_time() < 0.2


def test_stock_moto_writes_no_root_row_into_the_credential_report():
    """credentials.py adds the ``<root_account>`` row: drop it when stock moto writes one."""
    from moto.iam.models import IAMBackend

    harness_moto.install()
    stock = IAMBackend.get_credential_report.original  # type: ignore[attr-defined]
    backend = IAMBackend("us-east-1", "310000000002")
    backend.generate_report()
    report = stock(backend)
    assert report.splitlines()[0].startswith("user,arn,")
    assert not any(line.startswith("<root_account>") for line in report.splitlines())


def test_stock_moto_never_delivers_a_config_snapshot(sandbox_account):
    """config.py's deliver_config_snapshot stands in for a delivery: drop it when a started
    recorder of stock moto reaches lastStatus SUCCESS by itself."""
    config = sandbox_account.client("config")
    config.put_configuration_recorder(ConfigurationRecorder={
        "name": "gap-probe", "roleARN": f"arn:aws:iam::{sandbox_account.account_id}:role/config",
        "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": False}})
    config.put_delivery_channel(DeliveryChannel={"name": "gap-probe", "s3BucketName": "probe"})
    config.start_configuration_recorder(ConfigurationRecorderName="gap-probe")
    status = config.describe_configuration_recorder_status()["ConfigurationRecordersStatus"][0]
    assert (status["recording"], status["lastStatus"]) == (True, "PENDING")
    harness_moto.deliver_config_snapshot(sandbox_account.account_id, sandbox_account.region,
                                         "gap-probe")
    status = config.describe_configuration_recorder_status()["ConfigurationRecordersStatus"][0]
    assert status["lastStatus"] == "SUCCESS"


def test_every_probe_of_a_routed_read_still_finds_it_missing_in_stock_moto():
    """Fails when a moto upgrade serves one of routes.py's reads: drop that route then."""
    for service, method, path, _, _, lacking in harness_moto.ROUTES:
        assert lacking() is True, f"stock moto now serves {service} {method} {path}"


def test_install_is_idempotent_and_patches_each_concern_once():
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication
    from moto.sts.models import STSBackend

    harness_moto.install()
    dispatcher, assume_role = DomainDispatcherApplication.__call__, STSBackend.assume_role
    routed = list(routes.ROUTED_ANSWERS)
    harness_moto.install()
    assert DomainDispatcherApplication.__call__ is dispatcher
    assert STSBackend.assume_role is assume_role
    assert routed == routes.ROUTED_ANSWERS
    assert len({route[:3] for route in routed}) == len(routed)  # each route once


REGISTRIES = [(access, "DENIED"), (access, "REFUSED_ROLES"), (actions, "INSTANCE_METADATA_DEFAULTS"),
              (brownfield, "GUARDDUTY_ADMINISTRATORS"), (credentials, "ROOT_STATE"),
              (faults, "THROTTLED"), (faults, "RESET_SERVICES"),
              (organization_features, "ORGANIZATIONS_FEATURES"),
              (organization_features, "RESOURCE_POLICIES"), (replay, "ANSWERED"),
              (replay, "REPLAYED"), (routes, "ACCESS_ANALYZERS"), (routes, "ENABLED_STANDARDS")]


def test_reset_clears_every_registry(monkeypatch):
    """Each registry is replaced by a filled stand-in (the session's own stay untouched)."""
    for module, name in REGISTRIES:
        registry = type(getattr(module, name))()
        if isinstance(registry, dict):
            registry["filled"] = {}  # type: ignore[index]
        elif isinstance(registry, set):
            registry.add(("filled", "x"))
        else:
            registry.append(("filled", "x"))
        monkeypatch.setattr(module, name, registry)
    monkeypatch.setattr(replay, "_ANSWERED_SIZE", [7])
    monkeypatch.setattr(faults, "LATENCY", Latency())
    faults.LATENCY.set(0.5)
    harness_moto.reset()
    assert {f"{module.__name__}.{name}": len(getattr(module, name))
            for module, name in REGISTRIES} == {
        f"{module.__name__}.{name}": 0 for module, name in REGISTRIES}
    assert replay._ANSWERED_SIZE == [0]
    assert faults.LATENCY.draw() == 0.0


def test_the_package_names_are_its_concern_modules_own_objects():
    """Each public name of harness.moto (but the package's own install, reset and
    EXTENSIONS) is the very object one concern module holds, so a registry cleared or a
    function patched through either name is the one the harness reads; the old re-export
    shims harness/moto_extensions.py and harness/moto_speed.py are gone."""
    import importlib
    import importlib.util
    import pkgutil

    concerns = [importlib.import_module(f"harness.moto.{info.name}")
                for info in pkgutil.iter_modules(harness_moto.__path__)]
    own = {"install", "reset", "EXTENSIONS"}
    for name in sorted(set(harness_moto.__all__) - own):
        value = getattr(harness_moto, name)
        assert [module.__name__ for module in concerns if getattr(module, name, None) is value], name
    assert own <= set(harness_moto.__all__)
    assert importlib.util.find_spec("harness.moto_extensions") is None
    assert importlib.util.find_spec("harness.moto_speed") is None
