"""Where confirmed records go, through the outbox: a synced folder, a webhook (or a DingTalk / Feishu robot), a team
PostgreSQL database, a CalDAV calendar. Each kind declares its config and registers its factory in its own module;
`registry.SINK_MODULES` lists the modules, imported on demand.
"""

from .base import (
    ACTIONS,
    Action,
    Delivery,
    SettingField,
    Sink,
    SinkConfig,
    SinkError,
    SinkRejected,
    setting_fields,
)
from .registry import SINK_MODULES, make_sink, make_sinks, register_sink, sink_kind, sink_kinds

__all__ = [
    "ACTIONS",
    "SINK_MODULES",
    "Action",
    "Delivery",
    "SettingField",
    "Sink",
    "SinkConfig",
    "SinkError",
    "SinkRejected",
    "make_sink",
    "make_sinks",
    "register_sink",
    "setting_fields",
    "sink_kind",
    "sink_kinds",
]
