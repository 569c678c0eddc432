"""Canaries for the HAR sanitiser: unique strings planted in a HAR, and a search that finds any of
them in a sanitised HAR however it is written (any case, HTML references, JSON and JS escapes,
percent-encoding, base64 blobs, base64-encoded bodies)."""

from __future__ import annotations

import base64
import binascii
import html
import json
import re
from urllib.parse import unquote

BASE64_RUN = re.compile(r"[A-Za-z0-9+/_-]{12,}={0,2}")


def _unescape_js(text: str) -> str:
    return re.sub(r"\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})", lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def _base64_texts(text: str, depth: int = 0) -> list[str]:
    found = []
    if depth > 2:
        return found
    for run in BASE64_RUN.findall(text):
        trimmed = run.rstrip("=")
        for altchars in (None, b"-_"):
            try:
                raw = base64.b64decode(trimmed + "=" * (-len(trimmed) % 4), altchars=altchars)
            except (binascii.Error, ValueError):
                continue
            decoded = raw.decode("utf-8", "ignore")
            if decoded:
                found.append(decoded)
                found += _base64_texts(decoded, depth + 1)
    return found


def readable(har: dict) -> str:
    """Every way the HAR's text can be read, joined, lower-cased: the haystack for canaries."""
    text = json.dumps(har, ensure_ascii=False)
    views = [text, _unescape_js(text)]
    views += [html.unescape(v) for v in list(views)]
    views += [unquote(v) for v in list(views)]
    views += [unquote(v.replace("+", " ")) for v in list(views)]
    views += _base64_texts(text)
    for entry in har["log"]["entries"]:
        content = entry.get("response", {}).get("content", {})
        if content.get("encoding") == "base64" and content.get("text"):
            views.append(base64.b64decode(content["text"]).decode("utf-8", "ignore"))
    return "\n".join(views).lower()


def survivors(har: dict, canaries: dict[str, str]) -> list[str]:
    """The places whose canary can still be read anywhere in the HAR."""
    haystack = readable(har)
    squeezed = re.sub(r"\s+", " ", haystack)
    return [place for place, canary in canaries.items()
            if canary.lower() in haystack or canary.lower() in squeezed]
