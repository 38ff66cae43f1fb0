"""Test-only extensions of the in-process moto server: every patch of moto in one place.

Each entry answers a read that the aws provider or the tests need and stock moto lacks.
``install()`` records which ones stock moto really lacked, so a test
(tests/unit/test_moto_extensions.py) fails when a moto upgrade implements one and the
patch can go.

Extensions (moto 5.2.5):

* IAM ``ListMFADeviceTags``: read by aws_iam_virtual_mfa_device after create; stock moto
  answers 500 (not implemented). Answered with no tags.
* IAM ``ListServiceSpecificCredentials``: read by aws_iam_user with force_destroy = true
  before delete; stock moto answers 500. Answered with no credentials.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from moto.core.responses import ActionResult
from moto.iam.responses import IamResponse


def _list_mfa_device_tags(self: IamResponse) -> ActionResult:
    return ActionResult({"Tags": [], "IsTruncated": False})


def _list_service_specific_credentials(self: IamResponse) -> ActionResult:
    return ActionResult({"ServiceSpecificCredentials": []})


# (moto response class, method name, implementation, why)
EXTENSIONS: list[tuple[type, str, Callable[..., Any], str]] = [
    (IamResponse, "list_mfa_device_tags", _list_mfa_device_tags,
     "aws_iam_virtual_mfa_device reads ListMFADeviceTags after create"),
    (IamResponse, "list_service_specific_credentials", _list_service_specific_credentials,
     "aws_iam_user with force_destroy lists service-specific credentials before delete"),
]

MISSING_IN_STOCK_MOTO: dict[str, bool] = {}


def install() -> None:
    """Patch moto in this process (idempotent)."""
    for response_class, name, implementation, _ in EXTENSIONS:
        key = f"{response_class.__name__}.{name}"
        if key not in MISSING_IN_STOCK_MOTO:
            MISSING_IN_STOCK_MOTO[key] = name not in vars(response_class)
        if MISSING_IN_STOCK_MOTO[key]:
            setattr(response_class, name, implementation)
