from support.db import app_paths, db_url, example_doc, pg_db, sqlite_db, store  # noqa: F401
