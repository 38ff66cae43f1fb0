"""Keep sandbox runs away from real AWS: isolate credentials and refuse non-loopback requests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

from botocore.httpsession import URLLib3Session

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")

# Variables that could lead boto3 or Terraform to a real account.
AWS_ENVIRONMENT = (
    "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_ENDPOINT_URL", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "AWS_CONFIG_FILE",
    "AWS_SHARED_CREDENTIALS_FILE",
)


class StrayAwsRequest(RuntimeError):
    """A request left for a real AWS endpoint while running against the sandbox."""


def is_loopback(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return host in LOOPBACK_HOSTS or host.endswith(".127.0.0.1") or host.endswith(".localhost")


@contextmanager
def sandbox_only() -> Iterator[None]:
    """Within: fake credentials, no profile or config file, and any non-loopback request
    that botocore would send raises StrayAwsRequest instead."""
    # AWS_ENDPOINT_URL_<SERVICE> (e.g. _IAM) would send one service elsewhere
    service_endpoints = [name for name in os.environ if name.startswith("AWS_ENDPOINT_URL_")]
    saved = {name: os.environ.get(name) for name in (*AWS_ENVIRONMENT, *service_endpoints,
                                                     "AWS_EC2_METADATA_DISABLED")}
    for name in (*AWS_ENVIRONMENT, *service_endpoints):
        os.environ.pop(name, None)
    os.environ.update({
        "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_EC2_METADATA_DISABLED": "true",
    })
    try:
        with loopback_only():
            yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextmanager
def loopback_only() -> Iterator[None]:
    """Within: any non-loopback request that botocore would send raises StrayAwsRequest."""
    original_send = URLLib3Session.send

    def send_to_sandbox_only(self: URLLib3Session, request: Any) -> Any:
        if not is_loopback(request.url):
            raise StrayAwsRequest(
                f"refused a request to {request.url}: this run targets the moto sandbox and "
                "must never reach a real AWS endpoint (pass --target aws for a real account)"
            )
        return original_send(self, request)

    URLLib3Session.send = send_to_sandbox_only  # type: ignore[method-assign]
    try:
        yield
    finally:
        URLLib3Session.send = original_send  # type: ignore[method-assign]
