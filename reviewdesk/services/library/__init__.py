"""The library wing: the library file kept safe on this computer.

Where it may live (location.py), one ReviewDesk at a time (instance.py), backups (backups.py),
encryption at rest and its journaled changes (encryption.py, key_change.py), the open library's
lock (lock.py), the full health check (integrity.py) and retention with the deletion log
(retention.py). Like the services package, this one imports nothing itself.
"""
