"""Screens: the library and the review workspace with its pages."""
