"""roedtraad: den røde tråd from council objectives to institution agreements."""

__version__ = "0.1.0"
