"""What reports, history and logs may keep of a URL or an error: the page, never what rode along.

A URL keeps its host (not its userinfo) and path (ids replaced), and a fragment only when it is a
client-side route; an error keeps its first line, with every URL in it redacted the same way.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit


# A fragment that is a client-side route (#settings/DataControls) is kept; one that could carry a
# token or an id (#access_token=..., #/c/6f1e9a...) is not.
_ROUTE_FRAGMENT = re.compile(r"^[A-Za-z][A-Za-z_/-]{0,60}$")
# A path segment that is an id, not a word: a UUID, 12+ hex digits, or 8+ decimal digits. It would
# say which conversation or account the page was; the route around it is evidence enough.
_ID_SEGMENT = re.compile(r"^([0-9a-fA-F]{8}-[0-9a-fA-F-]{4,}|[0-9a-fA-F]{12,}|\d{8,})$")


def redact_url(url: str) -> str:
    """The URL as reports keep it: never credentials (`user:password@`) or a query string, a
    fragment only if it is a route, and ids in its path replaced by `:id`."""
    parts = urlsplit(url)
    host = parts.hostname or ""  # the authority without its userinfo
    if ":" in host:
        host = f"[{host}]"  # an IPv6 address
    try:
        if parts.port is not None:
            host = f"{host}:{parts.port}"
    except ValueError:
        pass  # a port that is not one: keep the host alone
    fragment = f"#{parts.fragment}" if _ROUTE_FRAGMENT.match(parts.fragment) else ""
    path = "/".join(":id" if _ID_SEGMENT.match(segment) else segment for segment in parts.path.split("/"))
    return f"{parts.scheme}://{host}{path}{fragment}"


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_URL = re.compile(r"https?://[^\s\"'<>]+")


def error_line(exc: BaseException, *, with_type: bool = True) -> str:
    """An unexpected error as reports and history keep it: its type and first line, without
    terminal colour codes, with every URL redacted like evidence URLs, and not too long. A browser
    error's first line can name the page it was on, query string and all."""
    text = str(exc).splitlines()[0] if str(exc) else ""
    text = _URL.sub(lambda m: redact_url(m.group()), _ANSI.sub("", text))
    line = f"{type(exc).__name__}: {text}" if with_type and text else text or type(exc).__name__
    return line if len(line) <= 300 else line[:299] + "…"
