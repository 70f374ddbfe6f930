"""Qt item models over the domain's read models (set_rows, roles), testable without a window."""
