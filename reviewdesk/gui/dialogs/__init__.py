"""Dialogs (wizard, export, exchange, settings), each built with injected services."""
