"""argparse types for numbers a person types: a bad value is a usage error (exit 64) that names the
flag and the value, instead of a scan that quietly times out everywhere or ignores what was asked."""

from __future__ import annotations

import argparse
import math

MAX_SECONDS = 600.0  # the config file's `timeout` has the same ceiling


def seconds(text: str) -> float:
    """A wait in seconds: more than 0, at most MAX_SECONDS ('nan' and 'inf' parse as floats)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not math.isfinite(value) or not 0 < value <= MAX_SECONDS:
        raise argparse.ArgumentTypeError(f"{text} must be more than 0 and at most {MAX_SECONDS:g} seconds")
    return value


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


def at_least_one(text: str) -> int:
    value = _whole(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} must be 1 or more")
    return value


def zero_or_more(text: str) -> int:
    value = _whole(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text} must be 0 or more")
    return value
