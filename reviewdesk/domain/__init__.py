"""Plain-Python core of ReviewDesk: no Qt, no SQLAlchemy, nothing else of ours."""
