"""Faults a real run meets, injected into the moto server: throttling, resets, latency.

Stock moto answers every request at once and never fails one; an audit against AWS meets
throttling, dropped connections and slow answers. Nothing here patches a moto gap that a
moto upgrade could close: these are harness features, exercised by
tests/seeded/test_faults.py (throttle, reset_connections), tests/apply/test_apply_faults.py
(the fixed latency: a window to interrupt an apply in) and tests/unit/test_moto_gaps.py
(the drawn latency).

* :func:`throttle`: answer a share of one account's requests (e.g. 30%) with the throttling
  error its protocol uses (Throttling, ThrottlingException, SlowDown,
  RequestLimitExceeded), seeded so a run is repeatable; counts what it injected.
* :func:`reset_connections`: close the connection of every request of one account to one
  service without an answer (a reset mid-audit, as a dropped network path looks to
  botocore: ConnectionClosedError).
* Latency: ``POST /_harness/latency?seconds=S`` makes the server wait S seconds before each
  later answer; ``?low=A&high=B&seed=N`` a uniform random wait in [A, B] seconds per
  answer, drawn from one seeded ``random.Random`` under the fault lock (a run is
  repeatable, threads draw in turn); ``seconds=0`` or ``low=0&high=0`` turns it off
  (harness.moto_sandbox.MotoServerProcess.set_latency).

The registries (:data:`THROTTLED`, :data:`RESET_SERVICES`, :data:`LATENCY`) are cleared by
:func:`reset`.
"""

from __future__ import annotations

import json
import random
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Throttling:
    """Throttling injected into one account: ``rate`` of its requests answered with a
    throttling error; ``injected`` counts them, ``requests`` counts all of its requests."""

    account_id: str
    rate: float
    random: random.Random
    injected: int = 0
    requests: int = 0


@dataclass
class Latency:
    """The wait before each answer: uniform in [``low``, ``high``] seconds (``low == high``:
    a fixed wait; 0 and 0: none), drawn from ``random`` (seeded by :meth:`set`)."""

    low: float = 0.0
    high: float = 0.0
    seed: int = 0
    random: random.Random = field(default_factory=lambda: random.Random(0), repr=False)

    def set(self, low: float, high: float | None = None, seed: int = 0) -> None:
        """From now on wait ``low`` seconds (``high`` None) or a draw in [low, high]."""
        high = low if high is None else high
        if low < 0 or high < low:
            raise ValueError(f"latency needs 0 <= low <= high, not low={low}, high={high}")
        with _FAULT_LOCK:
            self.low, self.high, self.seed = float(low), float(high), seed
            self.random = random.Random(seed)

    def draw(self) -> float:
        """The seconds to wait before the next answer (0.0 when latency is off)."""
        if not self.high:
            return 0.0
        if self.low == self.high:
            return self.low
        with _FAULT_LOCK:
            return self.random.uniform(self.low, self.high)

    def answer(self) -> dict[str, Any]:
        """What ``POST /_harness/latency`` answers: the wait now in force."""
        return {"seconds": self.low if self.low == self.high else None,
                "low": self.low, "high": self.high, "seed": self.seed}


THROTTLED: dict[str, Throttling] = {}
RESET_SERVICES: set[tuple[str, str]] = set()
LATENCY = Latency()
LATENCY_PATH = "/_harness/latency"
_FAULT_LOCK = threading.Lock()


def reset() -> None:
    """No fault injected (the state of a fresh server)."""
    THROTTLED.clear()
    RESET_SERVICES.clear()
    LATENCY.set(0.0)


@contextmanager
def throttle(account_id: str, rate: float = 0.3, seed: int = 0) -> Iterator[Throttling]:
    """Within: each request of the account is throttled with probability ``rate`` (a seeded
    draw, so a run is repeatable), answered as AWS throttles that protocol."""
    if not 0 < rate < 1:
        raise ValueError(f"rate must be between 0 and 1, not {rate}")
    state = Throttling(account_id, rate, random.Random(seed))
    THROTTLED[account_id] = state
    try:
        yield state
    finally:
        THROTTLED.pop(account_id, None)


@contextmanager
def reset_connections(account_id: str, service: str) -> Iterator[None]:
    """Within: every request of the account to ``service`` (its SigV4 signing name, e.g.
    cloudtrail, iam, s3) has its connection closed without an answer."""
    RESET_SERVICES.add((account_id, service))
    try:
        yield
    finally:
        RESET_SERVICES.discard((account_id, service))


def set_latency_from_query(query: dict[str, list[str]]) -> dict[str, Any]:
    """Apply a ``POST /_harness/latency`` query (``seconds=S`` or ``low=A&high=B&seed=N``);
    the wait now in force, as the server answers it."""
    if "low" in query or "high" in query:
        low = float(query.get("low", ["0"])[0])
        LATENCY.set(low, float(query.get("high", [str(low)])[0]),
                    int(query.get("seed", ["0"])[0]))
    else:
        LATENCY.set(float(query.get("seconds", ["0"])[0]))
    return LATENCY.answer()


def wait_latency() -> None:
    """Sleep the drawn latency (nothing when it is off)."""
    seconds = LATENCY.draw()
    if seconds:
        import time

        time.sleep(seconds)


def _throttled_answer(environ: dict[str, Any], service: str) -> tuple[str, list[Any], bytes]:
    """(status, headers, body) of a throttling error in the request's protocol."""
    message = "Rate exceeded (throttled by the test harness)"
    if environ.get("HTTP_X_AMZ_TARGET"):  # JSON protocol
        return ("400 Bad Request", [("Content-Type", "application/x-amz-json-1.1")],
                json.dumps({"__type": "ThrottlingException", "message": message}).encode())
    if service == "ec2":
        return ("503 Service Unavailable", [("Content-Type", "text/xml")], (
            "<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>"
            f"{message}</Message></Error></Errors><RequestID>throttled</RequestID></Response>"
        ).encode())
    if service in {"s3", "s3control"}:
        return ("503 Slow Down", [("Content-Type", "application/xml")], (
            f"<Error><Code>SlowDown</Code><Message>{message}</Message>"
            "<RequestId>throttled</RequestId></Error>").encode())
    if "x-www-form-urlencoded" in environ.get("CONTENT_TYPE", ""):  # query protocol
        return ("400 Bad Request", [("Content-Type", "text/xml")], (
            "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>"
            f"{message}</Message></Error><RequestId>throttled</RequestId></ErrorResponse>"
        ).encode())
    return ("429 Too Many Requests", [("Content-Type", "application/json"),  # rest-json
                                      ("x-amzn-ErrorType", "ThrottlingException")],
            json.dumps({"message": message}).encode())


def _fault(environ: dict[str, Any], access_key: str, service: str,
           start_response: Any) -> list[bytes] | None:
    """The answer of an injected fault for this request, or None (no fault)."""
    if not (THROTTLED or RESET_SERVICES) or not access_key:
        return None
    from moto.iam.models import get_account_id_from

    account = get_account_id_from(access_key)
    if (account, service) in RESET_SERVICES:
        import socket

        connection = environ.get("werkzeug.socket")
        if connection is not None:
            connection.shutdown(socket.SHUT_RDWR)
            connection.close()
        raise ConnectionResetByHarness(f"{service} request of {account} reset")
    state = THROTTLED.get(account)
    if state is None:
        return None
    with _FAULT_LOCK:
        state.requests += 1
        hit = state.random.random() < state.rate
        state.injected += hit
    if not hit:
        return None
    status, headers, body = _throttled_answer(environ, service)
    start_response(status, headers)
    return [body]


class ConnectionResetByHarness(ConnectionError):
    """Raised after closing a request's connection (werkzeug then has nothing to answer)."""
