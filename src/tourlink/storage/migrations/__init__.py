"""Alembic migrations for the tourlink schema (run through ``tourlink.storage.migrate``)."""
