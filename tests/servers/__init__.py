"""Real servers on 127.0.0.1 for tests and benches: a webhook receiver that can be told to fail, and a throwaway
PostgreSQL cluster. Nothing here is a mock: clients talk to them over real sockets."""

from .postgres import PostgresServer, postgres_unavailable
from .webhook import FlakyWebhookServer

__all__ = ["FlakyWebhookServer", "PostgresServer", "postgres_unavailable"]
