"""AWS Config delivery: a recorder's status as after a delivered configuration snapshot.

moto leaves a started recorder's lastStatus PENDING forever (it never delivers), which the
audit shows as NOT_PROVABLE (CIS 3.3 needs SUCCESS): :func:`deliver_config_snapshot` sets
lastStatus SUCCESS, as AWS does after delivering. Test that fails when stock moto delivers:
tests/unit/test_moto_gaps.py::test_stock_moto_never_delivers_a_config_snapshot (and
tests/apply/test_complete_baseline.py, which sees PENDING before the delivery).
"""

from __future__ import annotations


def deliver_config_snapshot(account_id: str, region: str, recorder: str) -> None:
    """Mark a started recorder's last delivery SUCCESS, as AWS does after delivering."""
    from moto.config.models import config_backends

    status = config_backends[account_id][region].recorders[recorder].status
    if not status.recording:
        raise ValueError(f"recorder {recorder} is not recording: start it first")
    status.last_status = "SUCCESS"

