"""Every PySide6 import lives under here. The GUI talks to services, never to the store."""
