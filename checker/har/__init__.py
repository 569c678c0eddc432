"""HAR files, which are untrusted both ways.

- sanitiser.py: what a HAR may keep before it is shared (an allowlist), and the scrubbing of what is kept;
- recorder.py: `untrain record`, a scan's walk recorded, then sanitised before it is written;
- sandbox.py: `scan --har` and `paths --har`, which serve the HAR and let its page reach nothing else.
"""

from .recorder import Recording, record
from .sandbox import SANDBOX_ARGS, CheckedHar, check_file, replay, side_file_warning
from .sanitiser import Sanitiser, sanitise

__all__ = ["SANDBOX_ARGS", "CheckedHar", "Recording", "Sanitiser", "check_file", "record", "replay", "sanitise",
           "side_file_warning"]
