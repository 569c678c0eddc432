"""Make a HAR from a bundled replica with this repo's own code (`untrain record --replica`).

    python -m tests.har.make_har chatgpt off /tmp/chatgpt-off.har

The recording walks the provider's settings page headless, read-only, exactly as a scan does, and
the HAR is sanitised before it is written. Tests use `make_har()`; nobody writes HARs by hand.
"""

from __future__ import annotations

import sys
from pathlib import Path

from checker.cli import main


def make_har(provider: str, state: str, out: Path, *extra: str) -> int:
    return main(["record", provider, "--replica", state, "--out", str(out), "--timeout", "4", *extra])


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: python -m tests.har.make_har PROVIDER STATE OUT.har")
    sys.exit(make_har(sys.argv[1], sys.argv[2], Path(sys.argv[3])))
