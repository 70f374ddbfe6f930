"""Dialogs: each built with injected services and shown by the main window."""
