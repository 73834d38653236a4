"""The database: SQLAlchemy models, engines, Alembic migrations and backups.

Imports core only; knows nothing of Qt, handouts or use cases.
"""
