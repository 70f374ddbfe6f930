"""Dialogs: the new-review wizard, export, import, settings."""
