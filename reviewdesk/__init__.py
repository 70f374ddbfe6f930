"""ReviewDesk: a private desktop workspace for learning from serious safeguarding incidents."""

__version__ = "0.1.0"
APP_NAME = "ReviewDesk"
