"""KMS (regional): every key's metadata, and the rotation status of enabled customer-managed
symmetric keys (the keys CIS 3.6 covers)."""

from __future__ import annotations

from typing import Any

from governance.collect import each
from governance.collectors import regional_reader


def rotation_applies(metadata: dict[str, Any]) -> bool:
    """Customer managed, symmetric, enabled, key material from KMS (rotation is possible)."""
    return (metadata.get("KeyManager") == "CUSTOMER"
            and metadata.get("KeySpec", "SYMMETRIC_DEFAULT") == "SYMMETRIC_DEFAULT"
            and metadata.get("KeyState") == "Enabled"
            and metadata.get("Origin", "AWS_KMS") == "AWS_KMS")


@regional_reader
def read_kms(collector: Any, snapshot: Any, region: str) -> None:
    kms = collector.client("kms", region)
    keys = collector.read(snapshot, "kms:ListKeys",
                          lambda: collector.paginate("kms", "list_keys", "Keys", region),
                          region=region)
    if keys is None:
        return
    metadata = collector.read(snapshot, "kms:DescribeKey",
                              lambda: each([key["KeyId"] for key in keys], lambda key_id:
                                           kms.describe_key(KeyId=key_id)["KeyMetadata"]),
                              region=region)
    if metadata is None:
        return
    customer = [key_id for key_id, data in metadata.items() if rotation_applies(data)]
    collector.read(snapshot, "kms:GetKeyRotationStatus",
                   lambda: each(customer, lambda key_id: kms.get_key_rotation_status(
                       KeyId=key_id)["KeyRotationEnabled"]), region=region)
