"""Send the public site's reads to a read replica when one is configured (DATABASE_REPLICA_URL).

Only reads made while serving a public page or CSV go to the replica (ReplicaReadsMiddleware
marks them); the admin, management commands and every write use the primary, so an editor
always reads what they just saved. The registry version behind ETags and the page cache is
read from the same database as the page's figures, so replication lag cannot pair old figures
with a new version.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"

_public_reads = ContextVar("public_reads", default=False)


@contextmanager
def public_reads():
    """Route the reads made inside the block to the replica, if there is one."""
    token = _public_reads.set(True)
    try:
        yield
    finally:
        _public_reads.reset(token)


class ReplicaRouter:
    """Public reads from the replica; everything else, and every migration, on the primary."""

    def db_for_read(self, model, **hints):
        if _public_reads.get() and REPLICA in connections.settings:
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same data, so objects read from either may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS
