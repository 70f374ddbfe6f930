"""Reusable widgets: small, each with one job."""
