"""Which of the harness's moto patches stock moto really needed, recorded at install.

:data:`MISSING_IN_STOCK_MOTO` maps a patch's key (``Response.method`` of an action,
``service METHOD path`` of a routed answer, ``organizations trusted service ...``) to True
when stock moto lacked it at install, so a test fails when a moto upgrade implements one
and the patch can go: tests/unit/test_harness.py::test_each_moto_extension_is_still_needed
(the actions), tests/seeded/test_organization_as_aws.py,
tests/seeded/test_identity_controls.py, tests/seeded/test_brownfield_as_aws.py,
tests/seeded/test_organization_controls.py (the routes and principals).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

MISSING_IN_STOCK_MOTO: dict[str, bool] = {}

# (moto response class, method name, implementation, why)
Extension = tuple[type, str, Callable[..., Any], str]


def add_missing_actions(extensions: list[Extension]) -> None:
    """Give each moto response class the actions it lacks (idempotent); record which."""
    for response_class, name, implementation, _ in extensions:
        key = f"{response_class.__name__}.{name}"
        if key not in MISSING_IN_STOCK_MOTO:
            # hasattr, not vars(): EC2Response inherits its actions from mixins.
            MISSING_IN_STOCK_MOTO[key] = not hasattr(response_class, name)
        if MISSING_IN_STOCK_MOTO[key]:
            setattr(response_class, name, implementation)
