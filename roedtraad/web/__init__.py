"""The web door: a JSON API and a Danish dashboard over the same library as the CLI."""
from .app import create_app
from .state import WebState

__all__ = ["WebState", "create_app"]
