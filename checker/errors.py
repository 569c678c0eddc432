"""Errors the CLI turns into exit codes (see cli.py). Raise these; never print and exit."""


class UsageError(Exception):
    """Exit 64: the command line asked for something that cannot be."""


class DataError(Exception):
    """Exit 65: bad input data (a file, a database, a HAR, a config value). Say which and where."""


class BrowserError(Exception):
    """Exit 2: the browser could not be started, so nothing was verified."""
