"""Untrain: which of your AI assistants may still train on your conversations?"""

__version__ = "0.1.0"
