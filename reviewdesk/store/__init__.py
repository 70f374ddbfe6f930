"""SQLAlchemy 2 storage. No Qt. SQLite-only features live behind the named seams in engine.py."""
