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
# EMAIL, KEY_WORD and the learnt strings are matched on the text lowered (ASCII only, so every
# position stays where it was): Python's case-insensitive matching is about 20 times slower.
ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
EMAIL = re.compile(rf"(?<![a-z0-9._%+-])[a-z0-9._%+-]{{1,64}}{AT}[a-z0-9-]{{1,63}}(?:{DOT}[a-z0-9-]{{1,63}})*{DOT}[a-z]{{2,24}}")
PLAIN_EMAIL = re.compile(r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}")
# JWT (three parts) and JWE (five, the second often empty): a base64url JSON header first.
JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{4,}(?:\.[A-Za-z0-9_-]*){2,4}")
BEARER = re.compile(r"(?i)(?<![\w-])(bearer|basic|token)\s++[A-Za-z0-9._~+/=-]{8,}")
# Formats of keys and tokens that need no name beside them to be recognised.
KNOWN_TOKEN = re.compile(
    r"\b(?:AIza[0-9A-Za-z_-]{30,}|ya29\.[0-9A-Za-z_-]{20,}|sk-(?:proj-|ant-)?[A-Za-z0-9_-]{16,}"
    r"|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|xox[abprs]-[A-Za-z0-9-]{10,}"
    r"|AKIA[0-9A-Z]{16}|sess-[A-Za-z0-9]{16,})")
KEY_WORDS = r"(?:token|secret|passw|session|sess_?id|sid|csrf|xsrf|auth|api_?key|apikey|private_?key|signature|credential|bearer|cookie|nonce)"
# "access_token": "abc…", csrfToken = 'abc…' in scripts and documents (quoted), and bare
# x-goog-api-key: abc1… in text when the value looks like a token (long, with a digit): a bare
# `auth = settings.value` in a script is code, not a secret.
KEY_WORD = re.compile(KEY_WORDS)  # on lowered text
# After a key word: the rest of the name, an optional closing quote, `:` or `=`, an optional opening
# quote. Possessive, and tried only where a key word is: a long script is scanned once.
ASSIGNMENT_TAIL = re.compile(r"""[\w.-]*+(?:\\?["'])?\s*+[:=]\s*+(\\?["'])?""")
QUOTED_VALUE = re.compile(r"""[^"'\\\s<>]{8,}""")
BARE_VALUE = re.compile(r"""(?=[A-Za-z0-9._~+/%=-]*\d)[A-Za-z0-9._~+/%=-]{16,}""")
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
    """Every way a page writes one character: itself, HTML references, escapes, percent-encoding.
    Factored by first character (`&`, `\\`, `%`), which keeps the scan of a long script quick."""
    codes = sorted({ord(char), ord(char.upper())}) if char.isascii() else [ord(char)]
    escapes = [f"u{code:04x}" for code in codes] + [f"x{code:02x}" for code in codes if code < 256]
    references = [f"0*{code}" for code in codes] + [f"x0*{code:x}" for code in codes]
    others = []
    if char == " ":
        references += ["0*160", "xa0"]
        escapes.append("u00a0")
        others += [r"\+", "&nbsp;", "%c2%a0", r"\s"]
    elif char == "@":
        others.append("&commat;")
    elif char == ".":
        others.append("&period;")
    percent = "|".join(sorted({"".join(f"%{b:02x}" for b in c.encode("utf-8")) for c in {char, char.upper()}}))
    options = [re.escape(char), f"&#(?:{'|'.join(references)});", rf"\\(?:{'|'.join(escapes)})", percent, *others]
    # (the text is lowered before matching, so `char` is lower case and so are the hex digits)
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


@dataclass(frozen=True)
class _Secret:
    lowered: str  # matched on lowered text
    replacement: str
    kind: str
    as_word: bool

    def pattern(self, body: str) -> str:
        return rf"(?<![a-z0-9]){body}(?![a-z0-9])" if self.as_word else body


PLAIN_SPACE = r"(?:\s+|\+|%20|&nbsp;)"
ESCAPE_MARKS = ("&", "\\", "%")


class Scrubber:
    def __init__(self, learned: Learned, count):
        self.count = count
        secrets = ([_Secret(s, EMAIL_REPLACEMENT if "@" in s else NAME, "account names and emails", False)
                    for s in learned.names]
                   + [_Secret(s, NAME, "account names and emails", True) for s in learned.words]
                   + [_Secret(s, TEXT, "chat texts", False) for s in learned.texts])
        lowered = {}
        for secret in secrets:
            secret = _Secret(secret.lowered.translate(ASCII_LOWER), secret.replacement, secret.kind, secret.as_word)
            lowered.setdefault(secret.lowered, secret)
        # The longest first: a name before its parts.
        self._secrets = sorted(lowered.values(), key=lambda s: len(s.lowered), reverse=True)
        # Plain occurrences (any case, any run of spaces) in one pattern, quick to build; the pattern that
        # knows every encoding of every character is built for a secret only when a decoded view of a
        # text holds it (building them all at once took seconds).
        # The lookahead on first letters lets the scan skip most positions at once (6x faster on a
        # long script); a word's boundaries are checked when it matches.
        first = "".join(sorted({re.escape(s.lowered[0]) for s in self._secrets if s.lowered}))
        self._plain = re.compile(f"(?=[{first}])(?:" + "|".join(
            f"(?P<g{n}>{PLAIN_SPACE.join(map(re.escape, s.lowered.split(' ')))})"
            for n, s in enumerate(self._secrets)) + ")") if first else None
        self._encoded: dict[str, re.Pattern] = {}

    def _learned_sub(self, text: str) -> str:
        text = _sub_lowered(self._plain, text, self._plain_replacement)
        if not any(mark in text for mark in ESCAPE_MARKS):
            return text
        views = [" ".join(view.translate(ASCII_LOWER).replace("+", " ").split())
                 for view in decoded_views(text, chained=True)[1:]]
        for secret in self._secrets:
            if any(secret.lowered in view for view in views):
                pattern = self._encoded.get(secret.lowered)
                if pattern is None:
                    pattern = self._encoded[secret.lowered] = re.compile(secret.pattern(encoded_pattern(secret.lowered)))
                text = _sub_lowered(pattern, text, lambda m, s=secret: self._counted(s.kind, s.replacement))
        return text

    def _plain_replacement(self, match: re.Match) -> str:
        secret = self._secrets[int(match.lastgroup[1:])]
        if secret.as_word and not _word_at(match.string, match.start(), match.end()):
            return match.group(0)  # "Doe" in "Doesn't"
        return self._counted(secret.kind, secret.replacement)

    def text(self, text: str, depth: int = 0) -> str:
        """Free text with every recognised or learnt secret replaced."""
        if not text or not isinstance(text, str):
            return text
        text = self._sub(JWT, text, TOKEN, "tokens")
        text = self._sub(KNOWN_TOKEN, text, TOKEN, "tokens")
        text = BEARER.sub(lambda m: self._counted("tokens", f"{m.group(1)} {TOKEN}"), text)
        for tag in KEYED_TAG:
            text = tag.sub(self._assignment, text)
        text = self._assignments(text)
        if depth < MAX_BASE64_DEPTH:
            text = BASE64_RUN.sub(lambda m: self._base64(m.group(0), depth), text)
        if self._plain is not None:  # first: it knows each whole address, however it is encoded
            text = self._learned_sub(text)
        return _sub_lowered(EMAIL, text, lambda m: self._counted("email addresses", EMAIL_REPLACEMENT))

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

    def _assignments(self, text: str) -> str:
        """`"access_token": "abc…"`, `csrfToken = 'abc…'` (quoted values), and bare `x-api-key: abc1…`
        when the value looks like a token (16 or more characters, a digit among them): a bare
        `auth = settings.value` in a script is code, not a secret."""
        parts, last = [], 0
        for key in KEY_WORD.finditer(text.translate(ASCII_LOWER)):
            if key.start() < last:
                continue
            tail = ASSIGNMENT_TAIL.match(text, key.end())
            if not tail:
                continue
            value = (QUOTED_VALUE if tail.group(1) else BARE_VALUE).match(text, tail.end())
            if not value or value.group(0) in REPLACEMENTS:
                continue
            self.count("tokens")
            parts += [text[last:value.start()], TOKEN]
            last = value.end()
        return "".join(parts) + text[last:] if parts else text

    def _counted(self, kind: str, value: str) -> str:
        self.count(kind)
        return value


def _word_at(text: str, start: int, end: int) -> bool:
    return not (start > 0 and text[start - 1].isalnum() or end < len(text) and text[end].isalnum())


def _sub_lowered(pattern: re.Pattern, text: str, replace) -> str:
    """pattern.sub(replace, text), the pattern matched on the text's ASCII-lowered copy."""
    parts, last = [], 0
    for match in pattern.finditer(text.translate(ASCII_LOWER)):
        parts += [text[last:match.start()], replace(match)]
        last = match.end()
    return "".join(parts) + text[last:] if parts else text


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


def decoded_views(text: str, chained: bool = False) -> list[str]:
    """The text as written, HTML-unescaped, JS-unescaped and percent-decoded: what a reader sees.
    `chained`: also all three decodings one after the other (a name half in each encoding)."""
    views = [text]
    if "&" in text:
        views.append(html.unescape(text))
    if "\\u" in text or "\\x" in text:
        views.append(_unescape_js(text))
    if "%" in text:
        views.append(unquote(text))
    if chained and len(views) > 2:
        views.append(unquote(_unescape_js(html.unescape(text))))
    return views


def _unescape_js(text: str) -> str:
    return re.sub(r"\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})", lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def emails_in(text: str) -> set[str]:
    """Every email address in the text, however its characters are encoded, as plain text."""
    found = set()
    for view in decoded_views(text):
        found |= {m.group(0) for m in PLAIN_EMAIL.finditer(view)}
    return found - {EMAIL_REPLACEMENT}
