"""Lost answers replayed: a retried SDK request gets the answer its first attempt lost.

Every request, always on (dispatcher.py wraps moto's server with :func:`_replaying`).
A retried SDK request (``amz-sdk-request: attempt=N``, N > 1, the
``amz-sdk-invocation-id`` of an operation the server already answered 2xx) gets that answer
again instead of being run twice. Between the aws provider and moto, about one answer in
10^5 is lost on the way (read: use of closed network connection; aws-sdk-go-v2 retries it,
as on AWS); run again, a create then fails with "already exists" (a role, a network ACL
rule) and the whole stack with it. AWS makes such retries safe with client tokens; moto
cannot, so the server keeps the last 2xx answers by invocation id (at most
:data:`ANSWERED_KEPT` answers and :data:`ANSWERED_BYTES` bytes; an answer over
:data:`ANSWER_KEPT_AT_MOST`, a read's page, is not kept and its retry reads again) and lists
the replays in :data:`REPLAYED` (the suite's summary prints them: conftest.py). Throttled,
failed and reset requests are never kept: their retries run for real.

Not a moto gap a moto upgrade closes (a transport loss); tests:
tests/unit/test_harness.py::test_a_retried_request_whose_answer_was_lost_gets_that_answer_not_a_second_run
and ::test_a_large_answer_is_not_kept_for_a_retry.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

ANSWERED_KEPT = 4096
ANSWERED_BYTES = 32 * 1024 * 1024
ANSWER_KEPT_AT_MOST = 256 * 1024
ANSWERED: OrderedDict[str, tuple[str, list[tuple[str, str]], bytes]] = OrderedDict()
_ANSWERED_SIZE = [0]  # bytes of the bodies in ANSWERED
REPLAYED: list[tuple[str, str]] = []  # (invocation id, operation) answered again, in order
_ANSWERED_LOCK = threading.Lock()
_ATTEMPT = re.compile(r"attempt=(\d+)")


def reset() -> None:
    """No answer kept, none replayed."""
    with _ANSWERED_LOCK:
        ANSWERED.clear()
        _ANSWERED_SIZE[0] = 0
        REPLAYED.clear()


def _operation(environ: dict[str, Any], answer: bytes) -> str:
    """The operation of a request, for the run's summary: its X-Amz-Target, else the root of
    its XML answer (query protocol: ``AttachRolePolicyResponse``), else method and path."""
    named = re.match(rb"\s*(?:<\?xml[^>]*>\s*)?<(\w+?)(?:Response|Result)?[\s>]", answer)
    return (environ.get("HTTP_X_AMZ_TARGET") or (named and named.group(1).decode())
            or f"{environ.get('REQUEST_METHOD')} {environ.get('PATH_INFO')}")


def _replaying(dispatch: Callable[..., Any]) -> Callable[..., Any]:
    """``dispatch`` with lost answers replayed (see the module docstring)."""

    def __call__(self: Any, environ: dict[str, Any], start_response: Any) -> Any:
        invocation = environ.get("HTTP_AMZ_SDK_INVOCATION_ID")
        if not invocation:
            return dispatch(self, environ, start_response)
        attempt = _ATTEMPT.search(environ.get("HTTP_AMZ_SDK_REQUEST", ""))
        if attempt and int(attempt.group(1)) > 1:
            with _ANSWERED_LOCK:
                kept = ANSWERED.get(invocation)
                if kept is not None:
                    REPLAYED.append((invocation, _operation(environ, kept[2])))
            if kept is not None:
                status, headers, body = kept
                start_response(status, list(headers))
                return [body]
        answer: dict[str, Any] = {}

        def recording(status: str, headers: list[tuple[str, str]], *exc_info: Any) -> Any:
            answer.update(status=status, headers=list(headers))
            return start_response(status, headers, *exc_info)

        chunks = dispatch(self, environ, recording)
        try:
            body = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        if str(answer.get("status", "")).startswith("2") and len(body) <= ANSWER_KEPT_AT_MOST:
            with _ANSWERED_LOCK:
                if invocation in ANSWERED:
                    _ANSWERED_SIZE[0] -= len(ANSWERED.pop(invocation)[2])
                ANSWERED[invocation] = (answer["status"], answer["headers"], body)
                _ANSWERED_SIZE[0] += len(body)
                while len(ANSWERED) > ANSWERED_KEPT or _ANSWERED_SIZE[0] > ANSWERED_BYTES:
                    _ANSWERED_SIZE[0] -= len(ANSWERED.popitem(last=False)[1][2])
        return [body]

    return __call__

