"""Scrub free text (documents, scripts, JSON strings, URLs, titles) of what identifies a person.

Two kinds of things go:
- what a pattern recognises: JWTs and JWEs, bearer strings, known API key formats, values assigned
  to key-like names, and email addresses with the `@` written any way (`@`, `%40`, `&#64;`,
  `&#x40;`, `&commat;`, `\\u0040`, `\\x40`), also inside base64 blobs;
- what was learnt from this HAR (learn.py): the account's name, handle and emails, and chat text.
  Each is removed in any encoding a page writes it in: plain, any case, HTML character references,
  JSON and JS escapes, percent-encoding, a `+` or `&nbsp;` for a space, and inside base64 blobs.
"""

from __future__ import annotations

import base64
import binascii
import html
import re
from dataclasses import dataclass, field
from urllib.parse import unquote

TOKEN = "REDACTED"
NAME = "Person"
EMAIL_REPLACEMENT = "person@example.invalid"
TEXT = "[redacted]"
REPLACEMENTS = {TOKEN, NAME, EMAIL_REPLACEMENT, TEXT}

# `@` as pages write it: plain, percent-encoded, HTML references, JSON/JS escapes.
AT = r"(?:@|%40|&#0*64;|&#x0*40;|&commat;|\\u0040|\\x40)"
DOT = r"(?:\.|%2e|&#0*46;|&#x0*2e;|&period;|\\u002e)"
EMAIL = re.compile(rf"[a-z0-9._%+-]{{1,64}}{AT}[a-z0-9-]{{1,63}}(?:{DOT}[a-z0-9-]{{1,63}})*{DOT}[a-z]{{2,24}}", re.I)
PLAIN_EMAIL = re.compile(r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}")
# JWT (three parts) and JWE (five, the second often empty): a base64url JSON header first.
JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{4,}(?:\.[A-Za-z0-9_-]*){2,4}")
BEARER = re.compile(r"(?i)\b(bearer|basic|token)\s+[A-Za-z0-9._~+/=-]{8,}")
# Formats of keys and tokens that need no name beside them to be recognised.
KNOWN_TOKEN = re.compile(
    r"\b(?:AIza[0-9A-Za-z_-]{30,}|ya29\.[0-9A-Za-z_-]{20,}|sk-(?:proj-|ant-)?[A-Za-z0-9_-]{16,}"
    r"|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|xox[abprs]-[A-Za-z0-9-]{10,}"
    r"|AKIA[0-9A-Z]{16}|sess-[A-Za-z0-9]{16,})")
KEY_WORDS = r"(?:token|secret|passw|session|sess_?id|sid|csrf|xsrf|auth|api_?key|apikey|private_?key|signature|credential|bearer|cookie|nonce)"
# "access_token": "abc…", csrfToken = 'abc…' in scripts and documents (quoted), and bare
# x-goog-api-key: abc1… in text when the value looks like a token (long, with a digit): a bare
# `auth = settings.value` in a script is code, not a secret.
ASSIGNMENT_QUOTED = re.compile(
    rf"""(?i)((?:\\?["'])?[\w.-]*{KEY_WORDS}[\w.-]*(?:\\?["'])?\s*[:=]\s*\\?["'])([^"'\\\s<>]{{8,}})""")
ASSIGNMENT_BARE = re.compile(
    rf"""(?i)(\b[\w.-]*{KEY_WORDS}[\w.-]*\s*[:=]\s*)(?=[A-Za-z0-9._~+/%=-]*\d)([A-Za-z0-9._~+/%=-]{{16,}})""")
# <meta name="csrf-token" content="…">, <input type="hidden" name="authenticity_token" value="…">,
# in either order of the attributes.
KEYED_TAG = [re.compile(
    rf"""(?is)(<(?:meta|input)\b[^>]*?\b(?:name|property|id)\s*=\s*["'][^"']*{KEY_WORDS}[^"']*["'][^>]*?"""
    r"""\b(?:content|value)\s*=\s*["'])([^"']{6,})"""),
    re.compile(rf"""(?is)(<(?:meta|input)\b[^>]*?\b(?:content|value)\s*=\s*["'])([^"']{{6,}})(?=["'][^>]*?"""
               rf"""\b(?:name|property|id)\s*=\s*["'][^"']*{KEY_WORDS})""")]
BASE64_RUN = re.compile(r"[A-Za-z0-9+/_-]{20,}={0,2}")
MAX_BASE64_DEPTH = 2


def _char_pattern(char: str) -> str:
    """Every way a page writes one character: itself, HTML references, escapes, percent-encoding."""
    code = ord(char)
    options = [re.escape(char), f"&#0*{code};", f"&#x0*{code:x};", rf"\\u{code:04x}"]
    if code < 256:
        options.append(rf"\\x{code:02x}")
    options.append("".join(f"%{b:02x}" for b in char.encode("utf-8")))
    if char == " ":
        options += [r"\+", "&nbsp;", "&#0*160;", "&#xa0;", r"\\u00a0", "%c2%a0", r"\s"]
    elif char == "@":
        options.append("&commat;")
    elif char == ".":
        options.append("&period;")
    return "(?:" + "|".join(options) + ")"


def encoded_pattern(text: str) -> str:
    return "".join(_char_pattern(c) for c in text)


@dataclass
class Learned:
    """What this HAR told us about the person, to remove everywhere."""

    names: set[str] = field(default_factory=set)  # full names, handles, emails: removed wherever they are
    words: set[str] = field(default_factory=set)  # parts of a name: removed as whole words
    texts: set[str] = field(default_factory=set)  # chat titles and messages

    def add_email(self, email: str, *, own: bool = False) -> None:
        email = email.strip()
        self.names.add(email)
        local = email.split("@", 1)[0]
        if own and len(local) >= 4:  # the account's own address: its local part is often the handle
            self.names.add(local)

    def add_name(self, name: str) -> None:
        name = " ".join(name.split())
        if len(name) < 3 or name.lower() in STOP_WORDS or name in REPLACEMENTS:
            return
        self.names.add(name)
        for part in re.split(r"[\s.]+", name):
            if len(part) >= 3 and part.lower() not in STOP_WORDS:
                self.words.add(part)

    def add_text(self, text: str) -> None:
        text = " ".join(text.split())
        if text and text not in REPLACEMENTS:
            self.texts.add(text)


# Values that would scrub ordinary page words if learnt as a name.
STOP_WORDS = {"user", "users", "account", "name", "null", "none", "true", "false", "unknown", "anonymous", "admin",
              "guest", "person", "default", "personal", "free", "plus", "pro", "team", "owner", "member"}


class Scrubber:
    def __init__(self, learned: Learned, count):
        self.count = count
        entries = ([(s, EMAIL_REPLACEMENT if "@" in s else NAME, False) for s in learned.names]
                   + [(s, NAME, True) for s in learned.words] + [(s, TEXT, False) for s in learned.texts])
        entries.sort(key=lambda e: len(e[0]), reverse=True)  # the longest first: a name before its parts
        self._replacement = {}
        alternatives = []
        for n, (text, replacement, as_word) in enumerate(entries):
            group = f"g{n}"
            self._replacement[group] = (replacement, "chat texts" if replacement == TEXT else "account names and emails")
            body = encoded_pattern(text)
            alternatives.append(rf"(?<![A-Za-z0-9])(?P<{group}>{body})(?![A-Za-z0-9])" if as_word
                                else f"(?P<{group}>{body})")
        self._learned = re.compile("|".join(alternatives), re.I) if alternatives else None

    def text(self, text: str, depth: int = 0) -> str:
        """Free text with every recognised or learnt secret replaced."""
        if not text or not isinstance(text, str):
            return text
        text = self._sub(JWT, text, TOKEN, "tokens")
        text = self._sub(KNOWN_TOKEN, text, TOKEN, "tokens")
        text = BEARER.sub(lambda m: self._counted("tokens", f"{m.group(1)} {TOKEN}"), text)
        for assignment in (*KEYED_TAG, ASSIGNMENT_QUOTED, ASSIGNMENT_BARE):
            text = assignment.sub(self._assignment, text)
        if depth < MAX_BASE64_DEPTH:
            text = BASE64_RUN.sub(lambda m: self._base64(m.group(0), depth), text)
        if self._learned is not None:  # first: it knows each whole address, however it is encoded
            text = self._learned.sub(self._learned_replacement, text)
        return self._sub(EMAIL, text, EMAIL_REPLACEMENT, "email addresses")

    def changes(self, text: str, depth: int) -> bool:
        return self.text(text, depth) != text

    def _base64(self, run: str, depth: int) -> str:
        decoded = decode_base64(run)
        if decoded is None or not self._quiet_changes(decoded, depth + 1):
            return run
        self.count("base64 blobs")
        return TOKEN

    def _quiet_changes(self, text: str, depth: int) -> bool:
        count, self.count = self.count, lambda *a, **k: None  # a look, not a removal
        try:
            return self.text(text, depth) != text
        finally:
            self.count = count

    def _learned_replacement(self, match: re.Match) -> str:
        replacement, kind = self._replacement[match.lastgroup]
        self.count(kind)
        return replacement

    def _sub(self, pattern: re.Pattern, text: str, replacement: str, kind: str) -> str:
        def replace(match):
            if match.group(0) in REPLACEMENTS:
                return match.group(0)
            self.count(kind)
            return replacement
        return pattern.sub(replace, text)

    def _assignment(self, match: re.Match) -> str:
        if match.group(2) in REPLACEMENTS:
            return match.group(0)
        self.count("tokens")
        return match.group(1) + TOKEN + match.group(0)[len(match.group(1)) + len(match.group(2)):]

    def _counted(self, kind: str, value: str) -> str:
        self.count(kind)
        return value


def decode_base64(run: str) -> str | None:
    """The UTF-8 text a base64 (or base64url) run holds, or None when it holds none."""
    trimmed = run.rstrip("=")
    for alphabet in (None, b"-_"):
        try:
            raw = base64.b64decode(trimmed + "=" * (-len(trimmed) % 4), altchars=alphabet, validate=True)
        except (binascii.Error, ValueError):
            continue
        try:
            decoded = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        printable = sum(c.isprintable() or c in "\n\r\t" for c in decoded)
        if decoded and printable >= 0.9 * len(decoded):
            return decoded
    return None


def decoded_views(text: str) -> list[str]:
    """The text as written, HTML-unescaped, JS-unescaped and percent-decoded: what a reader sees."""
    views = [text]
    if "&" in text:
        views.append(html.unescape(text))
    if "\\u" in text or "\\x" in text:
        views.append(re.sub(r"\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})",
                            lambda m: chr(int(m.group(1) or m.group(2), 16)), text))
    if "%" in text:
        views.append(unquote(text))
    return views


def emails_in(text: str) -> set[str]:
    """Every email address in the text, however its characters are encoded, as plain text."""
    found = set()
    for view in decoded_views(text):
        found |= {m.group(0) for m in PLAIN_EMAIL.finditer(view)}
    return found - {EMAIL_REPLACEMENT}
