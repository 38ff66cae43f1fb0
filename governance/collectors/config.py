"""AWS Config (regional): recorders, their status, delivery channels and rules."""

from __future__ import annotations

from typing import Any

from governance.collectors import regional_reader


@regional_reader
def read_config(collector: Any, snapshot: Any, region: str) -> None:
    config = collector.client("config", region)
    collector.read(snapshot, "config:DescribeConfigurationRecorders",
                   lambda: config.describe_configuration_recorders()["ConfigurationRecorders"],
                   region=region)
    collector.read(snapshot, "config:DescribeConfigurationRecorderStatus",
                   lambda: config.describe_configuration_recorder_status()[
                       "ConfigurationRecordersStatus"], region=region)
    collector.read(snapshot, "config:DescribeDeliveryChannels",
                   lambda: config.describe_delivery_channels()["DeliveryChannels"], region=region)
    collector.read(snapshot, "config:DescribeConfigRules",
                   lambda: collector.paginate("config", "describe_config_rules", "ConfigRules",
                                              region), region=region)
