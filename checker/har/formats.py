"""The body formats a HAR may keep, and how to read and rewrite each one.

Kept (a replay of a settings page needs them): documents, scripts, styles and JSON, the JSON
families included (server-sent events, newline-delimited JSON, Google's batchexecute). Any other
type loses its body. Every reader is depth-limited and gives up (None) instead of raising, so a
hostile body is dropped, never a crash.
"""

from __future__ import annotations

import json
import re

MAX_DEPTH = 48  # JSON nested deeper than this is cut off (a settings page's data is far shallower)
XSSI_PREFIX = ")]}'"  # Google prefixes its JSON with this, so that a <script> cannot read it

KINDS = {
    "text/html": "html", "application/xhtml+xml": "html",
    "text/javascript": "script", "application/javascript": "script", "application/x-javascript": "script",
    "application/ecmascript": "script", "text/ecmascript": "script",
    "text/css": "style",
    "text/event-stream": "sse",
    "application/x-ndjson": "ndjson", "application/ndjson": "ndjson", "application/jsonl": "ndjson",
    "application/x-jsonlines": "ndjson", "application/json-seq": "ndjson",
    "application/json": "json", "text/json": "json", "text/x-json": "json",
}


def kind_of(mime: str) -> str | None:
    """What a body of this content type is, or None when a HAR may not keep it."""
    base = (mime or "").split(";")[0].strip().lower()
    if base in KINDS:
        return KINDS[base]
    return "json" if base.endswith("+json") else None


def loads(text: str):
    """Parsed JSON, or None (invalid, or too deep for Python's parser)."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def deeper_than(text: str, limit: int = MAX_DEPTH) -> bool:
    """Whether brackets in the text nest deeper than `limit` (strings ignored): a body Python's
    parser gave up on is dropped, not kept as text."""
    depth, in_string, escaped = 0, False, False
    for char in text:
        if in_string:
            escaped, in_string = (False, True) if escaped else (char == "\\", char != '"')
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def too_deep(value, limit: int = MAX_DEPTH) -> bool:
    """Whether a parsed value nests deeper than `limit` (checked without recursion)."""
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return False


def parse_json_body(text: str):
    """A JSON body, with or without Google's XSSI prefix: ('json', prefix, value) or None."""
    stripped = text.lstrip()
    prefix = ""
    if stripped.startswith(XSSI_PREFIX):
        prefix, stripped = XSSI_PREFIX + "\n", stripped[len(XSSI_PREFIX):].lstrip()
    value = loads(stripped)
    if value is None and stripped not in ("null",):
        return None
    return prefix, value


def batch_chunks(text: str) -> list | None:
    """Google's batchexecute answer: `)]}'`, then chunks of JSON each after a length line.
    Returns the parsed chunks, or None when the body is not that."""
    stripped = text.lstrip()
    if not stripped.startswith(XSSI_PREFIX):
        return None
    chunks = []
    for line in stripped[len(XSSI_PREFIX):].splitlines():
        line = line.strip()
        if not line or line.isdigit():
            continue
        value = loads(line)
        if value is None:
            return None
        chunks.append(value)
    return chunks


def write_batch(chunks: list) -> str:
    parts = [XSSI_PREFIX, ""]
    for chunk in chunks:
        text = dumps(chunk)
        parts += [str(len(text) + 1), text]
    return "\n".join(parts) + "\n"


# Inline state in a document: <script type="application/json">…</script>, and JSON literals that
# a script assigns or passes (window.__STATE__ = {…}, self.__next_f.push([1,"…"]), AF_initDataCallback({…})).
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.I | re.S)
JSON_SCRIPT_TYPE = re.compile(r"""type\s*=\s*["']?application/(?:ld\+)?json""", re.I)
LITERAL_START = re.compile(r"[=(,:]\s*([\[{])")
MAX_LITERALS_PER_SCRIPT = 200


def inline_state(html: str):
    """Every JSON value a document carries inline, parsed."""
    decoder = json.JSONDecoder()
    for match in SCRIPT.finditer(html):
        attributes, body = match.group(1), match.group(2)
        if JSON_SCRIPT_TYPE.search(attributes):
            value = loads(body.strip())
            if value is not None:
                yield value
            continue
        end = 0
        for n, start in enumerate(LITERAL_START.finditer(body)):
            if n >= MAX_LITERALS_PER_SCRIPT:
                break
            if start.start(1) < end:
                continue
            try:
                value, end = decoder.raw_decode(body, start.start(1))
            except (ValueError, RecursionError):
                continue
            yield value


def nested_json(text: str):
    """A string that is itself JSON (or lines of JSON, as React's flight data): its values."""
    stripped = text.strip()
    if len(stripped) < 2 or stripped[0] not in "[{" and ":{" not in stripped and ':["' not in stripped:
        return
    value = loads(stripped)
    if value is not None:
        yield value
        return
    for line in stripped.splitlines():
        line = re.sub(r"^[0-9a-zA-Z]{1,8}:(?=[\[{\"])", "", line.strip())  # "1:{…}" flight rows
        if line[:1] in "[{":
            value = loads(line)
            if value is not None:
                yield value
