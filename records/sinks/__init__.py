"""Where confirmed records go, through the outbox: a synced folder, a webhook (or a DingTalk / Feishu robot), a team
PostgreSQL database, a CalDAV calendar. Each sink module registers its kind with `register_sink` when imported;
`make_sink` imports the built-in ones on demand.
"""

from .base import (
    ACTIONS,
    Action,
    Delivery,
    Sink,
    SinkConfig,
    SinkError,
    SinkRejected,
    make_sink,
    make_sinks,
    register_sink,
)

__all__ = [
    "ACTIONS",
    "Action",
    "Delivery",
    "Sink",
    "SinkConfig",
    "SinkError",
    "SinkRejected",
    "make_sink",
    "make_sinks",
    "register_sink",
]
