"""Applied stacks shared by the apply tests.

``complete_stack``: examples/complete applied once per test module to a disposable moto
account (home region us-east-1, secondary region eu-west-1), with the settings moto needs
(harness/examples.py). Tests that use it belong to
``pytest.mark.xdist_group("complete-baseline")`` so they run in order on one worker; the
module's last test (or stack_factory's finalizer) destroys it.
"""

from __future__ import annotations

import time

import pytest

from harness.examples import COMPLETE_ON_MOTO

SECONDARY_REGION = COMPLETE_ON_MOTO.provider_aliases["secondary"]


@pytest.fixture(scope="module")
def complete_stack(stack_factory):
    """examples/complete applied on moto; ``stack.timings`` holds the measured seconds."""
    stack = stack_factory("examples/complete")
    stack.timings = {}
    started = time.monotonic()
    stack.apply()
    stack.timings["apply"] = round(time.monotonic() - started, 1)
    return stack
