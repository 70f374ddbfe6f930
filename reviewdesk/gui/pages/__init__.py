"""Screens (one module or package per screen)."""
