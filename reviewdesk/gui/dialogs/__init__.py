"""Dialogs: first run, your details, the new-review wizard, the case record, help."""
