"""The one wrapper of moto's server dispatcher: latency, faults, routed answers, replay.

moto's ``DomainDispatcherApplication.__call__`` (the WSGI entry of its server) is wrapped
once. Each request, in order:

1. ``POST /_harness/latency`` sets the latency (faults.py) and is answered here;
2. the drawn latency is waited (faults.py);
3. an injected fault answers (throttling) or closes the connection (faults.py);
4. a routed answer (routes.py) answers a read moto has no route for, ``deny()`` applied;
5. otherwise moto answers;

and the whole is wrapped by the replay of lost answers (replay.py). Not a moto gap in
itself: the plumbing of faults.py, routes.py and replay.py (their tests are named there).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from harness.moto.access import DENIED
from harness.moto.faults import LATENCY_PATH, _fault, set_latency_from_query, wait_latency
from harness.moto.replay import _replaying
from harness.moto.routes import ROUTED_ANSWERS


def _signing(environ: dict[str, Any]) -> tuple[str, str, str]:
    """(access key, region, service) from the SigV4 Authorization header."""
    import re

    match = re.search(r"Credential=([^/]+)/[^/]+/([^/]+)/([^/]+)/",
                      environ.get("HTTP_AUTHORIZATION", ""))
    return match.groups() if match else ("", "", "")  # type: ignore[return-value]


def _answer_routes(original: Callable[..., Any]) -> Callable[..., Any]:
    import json
    from urllib.parse import parse_qs

    def __call__(self: Any, environ: dict[str, Any], start_response: Any) -> Any:
        if environ.get("PATH_INFO") == LATENCY_PATH and environ.get("REQUEST_METHOD") == "POST":
            answer = set_latency_from_query(parse_qs(environ.get("QUERY_STRING", "")))
            start_response("200 OK", [("Content-Type", "application/json")])
            return [json.dumps(answer).encode()]
        wait_latency()
        access_key, region, service = _signing(environ)
        faulted = _fault(environ, access_key, service, start_response)
        if faulted is not None:
            return faulted
        for route_service, method, path, action, handler in ROUTED_ANSWERS:
            matched = re.fullmatch(path, environ.get("PATH_INFO") or "")
            if (service, environ.get("REQUEST_METHOD")) != (route_service, method) or not matched:
                continue
            from moto.iam.models import get_account_id_from

            account = get_account_id_from(access_key)
            if (account, action.lower()) in DENIED:
                status, body = 403, {"__type": "AccessDeniedException", "Message": (
                    f"User: arn:aws:sts::{account}:assumed-role/audit/governance is not "
                    f"authorized to perform: {action} (denied by the test harness)")}
            else:
                query = parse_qs(environ.get("QUERY_STRING", ""))
                query.update({name: [value] for name, value in matched.groupdict().items()})
                if method in ("POST", "PUT"):  # the body, for handlers that read one
                    length = int(environ.get("CONTENT_LENGTH") or 0)
                    query["_body"] = [environ["wsgi.input"].read(length).decode() if length
                                      else ""]
                status, body = handler(account, region, query)
            headers = [("Content-Type", "application/json")]
            if status >= 400:
                headers.append(("x-amzn-ErrorType", body["__type"]))
            start_response(f"{status} {'OK' if status == 200 else 'Error'}", headers)
            return [json.dumps(body).encode()]
        return original(self, environ, start_response)

    replaying = _replaying(__call__)
    replaying.wrapped = True  # type: ignore[attr-defined]
    return replaying


def install() -> None:
    """Wrap moto's server dispatcher (idempotent)."""
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication

    if not getattr(DomainDispatcherApplication.__call__, "wrapped", False):
        DomainDispatcherApplication.__call__ = _answer_routes(  # type: ignore[method-assign]
            DomainDispatcherApplication.__call__)
