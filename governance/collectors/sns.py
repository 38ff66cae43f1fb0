"""SNS (regional): every subscription, once per region (who receives the alerts). A URL
endpoint is kept as scheme and host only (a webhook carries its token in the path)."""

from __future__ import annotations

from typing import Any

from governance.collectors import regional_reader
from governance.report.redact import redact_subscription


@regional_reader
def read_subscriptions(collector: Any, snapshot: Any, region: str) -> None:
    collector.read(snapshot, "sns:ListSubscriptions",
                   lambda: [redact_subscription(subscription) for subscription in collector.paginate(
                       "sns", "list_subscriptions", "Subscriptions", region)],
                   region=region)
