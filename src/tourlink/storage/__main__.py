"""``python -m tourlink.storage``: the Alembic command line over the packaged migrations.

See :func:`tourlink.storage.migrate.main`; the database is ``TOURLINK_DATABASE_URL``.
"""

from tourlink.storage.migrate import main

main()
