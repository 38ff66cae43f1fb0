"""SNS (regional): every subscription, once per region (who receives the alerts)."""

from __future__ import annotations

from typing import Any

from governance.collectors import regional_reader


@regional_reader
def read_subscriptions(collector: Any, snapshot: Any, region: str) -> None:
    collector.read(snapshot, "sns:ListSubscriptions",
                   lambda: collector.paginate("sns", "list_subscriptions", "Subscriptions", region),
                   region=region)
