"""`python -m checker.native_host`: what the launcher `untrain extension install` writes execs when
the browser starts the extension's native host. The name stays, so launchers installed by an
earlier version keep working; the host itself is checker/extension_host/native_host.py."""

import sys

from .extension_host.native_host import main

if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
