"""Make a HAR safe to share: keep only what a replay needs, then scrub what is kept.

A HAR of a signed-in visit holds everything that identifies the person: cookies, bearer tokens,
CSRF tokens, the account's name and email, chat titles and messages. This is an allowlist:

Kept (and scrubbed):
- requests to the provider's own hosts (the scenario's `hosts`);
- the bodies of documents, scripts, styles and JSON (server-sent events, ndjson and Google's
  batchexecute included); other bodies (images, fonts, media, binary, plain text) are emptied,
  their status and type kept so the page's request still gets its answer;
- a handful of headers a replay needs (content type, location, caching, CORS);
- the HAR fields that describe a request and its response, and the pages' ids, times and titles.

Dropped: other hosts, WebSocket frames (`_webSocketMessages`), every other field (initiators,
security details, comments, server addresses), cookies and cookie headers, every other header
(so every one whose name says key, token, secret, auth, session or csrf), bodies that cannot be
decoded, and JSON nested deeper than formats.MAX_DEPTH.

Scrubbed: see scrub.py (tokens, emails in any encoding, base64 blobs) and learn.py (the account's
name, handle and email, and chat text, learnt from this HAR and removed wherever they appear). In
JSON, values under key-like names are tokens, under account keys are the account, and under
conversation keys are text, whatever they look like.

It never raises on odd input: an entry it cannot read is dropped and counted.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from . import formats
from .learn import (ACCOUNT_CONTEXT, ACCOUNT_KEY, CHAT_CONTEXT, CONVERSATION_KEY, STREAM_STRUCTURE, Learner,
                    formats_email, is_sentence)
from .scrub import EMAIL_REPLACEMENT, NAME, TEXT, TOKEN, Learned, Scrubber

SENSITIVE_KEY = re.compile(
    r"(token|secret|passw|pwd|session|sess_?id|^sid$|auth|csrf|xsrf|api_?key|apikey|^key$|private_?key|signature"
    r"|^sig$|credential|jwt|bearer|nonce|^code$|^state$|refresh|cookie)", re.I)
CREDENTIAL_HEADER = re.compile(r"(key|token|secret|auth|session|csrf|xsrf|signature|credential|cookie)", re.I)
REQUEST_HEADERS = {"accept", "content-type"}
RESPONSE_HEADERS = {"content-type", "location", "cache-control", "expires", "vary", "content-language",
                    "x-content-type-options", "access-control-allow-origin", "access-control-allow-methods",
                    "access-control-allow-headers", "access-control-allow-credentials",
                    "access-control-expose-headers"}
URL_HEADERS = {"location"}
ENTRY_FIELDS = ("pageref", "startedDateTime", "time", "request", "response", "cache", "timings")
REQUEST_FIELDS = ("method", "url", "httpVersion", "headers", "queryString", "cookies", "headersSize", "bodySize",
                  "postData")
RESPONSE_FIELDS = ("status", "statusText", "httpVersion", "headers", "cookies", "content", "redirectURL",
                   "headersSize", "bodySize")
PAGE_FIELDS = ("startedDateTime", "id", "title", "pageTimings")
# Fields a Playwright trace needs to show its network log (checker/qa/artifacts.py keeps them).
TRACE_FIELDS = ("_frameref", "_monotonicTime", "_resourceType", "_wasFulfilled", "_apiRequest", "_file", "_sha1")


@dataclass
class Sanitiser:
    """One pass over one HAR. `hosts`: whose requests stay (None: all, for a trace's network log).
    `extra`: text the person asked to remove too (`untrain record --redact`)."""

    hosts: list[str] | None = None
    extra: list[str] = field(default_factory=list)
    trace: bool = False  # a trace's network log: keep its own fields (its bodies are files in the trace)
    removed: dict[str, int] = field(default_factory=dict)
    learned: Learned = field(default_factory=Learned)

    def __post_init__(self):
        for text in self.extra:  # exactly this text, in any case or encoding (not its words one by one)
            if text.strip():
                self.learned.names.add(text.strip())
        self.scrubber = Scrubber(self.learned, self.count)

    def count(self, what: str, n: int = 1) -> None:
        self.removed[what] = self.removed.get(what, 0) + n

    # -- the whole file

    def run(self, har: dict) -> dict:
        log = har.get("log") if isinstance(har, dict) else None
        if not isinstance(log, dict):
            return {"log": {"version": "1.2", "creator": {"name": "untrain", "version": "0"}, "pages": [],
                            "entries": []}}
        entries = [e for e in log.get("entries") or [] if isinstance(e, dict)] if isinstance(
            log.get("entries"), list) else []
        kept_entries = [e for e in entries if self._wanted(e)]
        for entry in kept_entries:
            self.learn(entry)
        for page in log.get("pages") or [] if isinstance(log.get("pages"), list) else []:
            if isinstance(page, dict) and isinstance(page.get("title"), str):
                Learner(self.learned).text(page["title"])
        self.scrubber = Scrubber(self.learned, self.count)
        clean_entries = []
        for entry in kept_entries:
            clean = self.entry(entry)
            if clean is not None:
                clean_entries.append(clean)
        pages = []
        for page in log.get("pages") or [] if isinstance(log.get("pages"), list) else []:
            if isinstance(page, dict):
                page = {k: page[k] for k in PAGE_FIELDS if k in page}
                if isinstance(page.get("title"), str):
                    page["title"] = self.scrubber.text(page["title"])
                pages.append(page)
        creator = log.get("creator") if isinstance(log.get("creator"), dict) else {}
        return {"log": {"version": str(log.get("version", "1.2")),
                        "creator": {"name": str(creator.get("name", "")), "version": str(creator.get("version", ""))},
                        "pages": pages, "entries": clean_entries}}

    def _wanted(self, entry: dict) -> bool:
        request = entry.get("request")
        url = request.get("url") if isinstance(request, dict) else None
        if not isinstance(url, str) or not isinstance(entry.get("response"), dict):
            self.count("unreadable entries")
            return False
        if self.hosts is not None:
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or (parts.hostname or "") not in self.hosts:
                self.count("requests to other hosts")
                return False
        return True

    # -- pass 1: learn

    def learn(self, entry: dict) -> None:
        learner = Learner(self.learned)
        url = entry["request"]["url"]
        try:
            learner.text(url)
            post = entry["request"].get("postData")
            if isinstance(post, dict) and isinstance(post.get("text"), str):
                learner.body(post["text"], formats.kind_of(post.get("mimeType", "")) or "text", url)
            body = _body_text(entry["response"].get("content"))
            kind = formats.kind_of(_mime(entry["response"].get("content")))
            if body is not None and kind:
                learner.body(body, kind, url)
        except (RecursionError, ValueError, TypeError, AttributeError):  # learn what can be learnt
            pass

    # -- pass 2: rewrite

    def entry(self, entry: dict) -> dict | None:
        """The entry as it may be kept, or None when nothing of it can be."""
        try:
            return self._entry(entry)
        except (RecursionError, ValueError, TypeError, AttributeError, KeyError):
            self.count("unreadable entries")
            return None

    def _entry(self, entry: dict) -> dict:
        if "_webSocketMessages" in entry:
            self.count("websocket frames", len(entry["_webSocketMessages"]) if isinstance(
                entry["_webSocketMessages"], list) else 1)
        fields = ENTRY_FIELDS + (TRACE_FIELDS if self.trace else ())
        dropped = [k for k in entry if k not in fields and k != "_webSocketMessages"]
        if dropped:
            self.count("other fields", len(dropped))
        out = {k: entry[k] for k in fields if k in entry}
        out["cache"], out["timings"] = {}, _timings(entry.get("timings"))
        out["request"] = self.request(entry["request"])
        out["response"] = self.response(entry["response"], entry["request"].get("url", ""))
        return out

    def request(self, request: dict) -> dict:
        fields = REQUEST_FIELDS + (TRACE_FIELDS if self.trace else ())
        out = {k: request[k] for k in fields if k in request}
        out["url"] = self.url(request["url"])
        self._cookies(request)
        out["cookies"], out["headersSize"] = [], -1
        out["headers"] = self.headers(request.get("headers"), REQUEST_HEADERS)
        out["queryString"] = [{"name": str(q.get("name", "")), "value": self.param(str(q.get("name", "")),
                                                                                   str(q.get("value", "")))}
                              for q in request.get("queryString") or [] if isinstance(q, dict)]
        post = request.get("postData")
        if isinstance(post, dict):
            out["postData"] = self.post(post)
        return out

    def response(self, response: dict, url: str) -> dict:
        fields = RESPONSE_FIELDS + (TRACE_FIELDS if self.trace else ())
        out = {k: response[k] for k in fields if k in response}
        self._cookies(response)
        out["cookies"], out["headersSize"] = [], -1
        out["headers"] = self.headers(response.get("headers"), RESPONSE_HEADERS)
        if isinstance(response.get("redirectURL"), str):
            out["redirectURL"] = self.url(response["redirectURL"])
        if isinstance(response.get("statusText"), str):
            out["statusText"] = self.scrubber.text(response["statusText"])
        out["content"] = self.content(response.get("content"), url)
        return out

    def content(self, content, url: str) -> dict:
        content = content if isinstance(content, dict) else {}
        mime = _mime(content)
        out = {"size": 0, "mimeType": self.scrubber.text(mime)}
        if self.trace:
            out.update({k: content[k] for k in TRACE_FIELDS if k in content})
        if "text" not in content:
            return out
        kind = formats.kind_of(mime)
        text = _body_text(content)
        if kind is None:
            self.count("bodies of other types")
            return out
        if text is None:
            self.count("undecodable bodies")
            return out
        clean = self.body(text, kind, url)
        if clean is None:
            self.count("undecodable bodies")
            return out
        out["text"], out["size"] = clean, len(clean.encode("utf-8"))
        return out

    def post(self, post: dict) -> dict:
        mime = str(post.get("mimeType", ""))
        out = {"mimeType": mime}
        text = post.get("text")
        if "x-www-form-urlencoded" in mime and isinstance(text, str):
            out["text"] = urlencode([(k, self.param(k, v)) for k, v in parse_qsl(text, keep_blank_values=True)])
        elif isinstance(text, str) and (kind := formats.kind_of(mime) or ("json" if _is_json(text) else None)):
            clean = self.body(text, kind, "")
            if clean is not None:
                out["text"] = clean
            else:
                self.count("undecodable bodies")
        elif isinstance(text, str) and text:
            self.count("request bodies of other types")
        if isinstance(post.get("params"), list):
            out["params"] = [{"name": str(p.get("name", "")), "value": self.param(str(p.get("name", "")),
                                                                                   str(p.get("value", "")))}
                             for p in post["params"] if isinstance(p, dict) and "fileName" not in p]
        return out

    def _cookies(self, part: dict) -> None:
        if isinstance(part.get("cookies"), list) and part["cookies"]:
            self.count("cookies", len(part["cookies"]))

    def headers(self, headers, allowed: set[str]) -> list[dict]:
        kept = []
        for header in headers if isinstance(headers, list) else []:
            name = str(header.get("name", "")) if isinstance(header, dict) else ""
            lower = name.lower()
            if lower not in allowed:
                self.count("cookie headers" if lower in ("cookie", "set-cookie", "set-cookie2")
                           else "credential headers" if CREDENTIAL_HEADER.search(lower) else "other headers")
                continue
            value = str(header.get("value", ""))
            kept.append({"name": name, "value": self.url(value) if lower in URL_HEADERS else self.scrubber.text(value)})
        return kept

    # -- URLs

    def param(self, name: str, value: str) -> str:
        if not value:
            return value
        if SENSITIVE_KEY.search(name):
            self.count("tokens")
            return TOKEN
        if ACCOUNT_KEY.match(name):
            self.count("account names and emails")
            return EMAIL_REPLACEMENT if "@" in value else NAME
        if CONVERSATION_KEY.match(name) or name.lower() == "q":
            self.count("chat texts")  # what the person typed: a search, a prompt
            return TEXT
        return self.scrubber.text(value)

    def url(self, url: str) -> str:
        if not url or "://" not in url:
            return self.scrubber.text(url)
        parts = urlsplit(url)
        query = self._query(parts.query)
        fragment = self._query(parts.fragment) if "=" in parts.fragment else self.scrubber.text(parts.fragment)
        netloc = parts.netloc
        if "@" in netloc:  # https://user:password@host/: the credentials go, the host stays
            self.count("url credentials")
            netloc = netloc.rpartition("@")[2]
        return urlunsplit((parts.scheme, netloc, self.scrubber.text(parts.path), query, fragment))

    def _query(self, query: str) -> str:
        if not query:
            return query
        return urlencode([(k, self.param(k, v)) for k, v in parse_qsl(query, keep_blank_values=True)],
                         quote_via=quote, safe="/:,")

    # -- bodies

    def body(self, text: str, kind: str, url: str) -> str | None:
        """The body scrubbed, or None when it cannot be read as its kind says."""
        if kind in ("html", "script", "style"):
            return self.scrubber.text(text)
        if kind == "json":
            parsed = formats.parse_json_body(text)
            if parsed is not None and not formats.too_deep(parsed[1]):
                prefix, value = parsed
                chat = bool(CHAT_CONTEXT.search(urlsplit(url).path))
                return prefix + formats.dumps(self.json(value, None, stream="batchexecute" in url, chat=chat))
            chunks = formats.batch_chunks(text)
            if chunks is not None and not formats.too_deep(chunks):
                return formats.write_batch([self.json(c, None, stream=True) for c in chunks])
            return None
        if kind in ("sse", "ndjson"):
            return "\n".join(self._stream_line(line, kind) for line in text.split("\n"))
        return None

    def _stream_line(self, line: str, kind: str) -> str:
        if kind == "sse" and not line.startswith("data:"):
            return self.scrubber.text(line)
        payload = line[5:].strip() if kind == "sse" else line
        value = formats.loads(payload) if payload[:1] in "[{\"" else None
        if value is not None and not formats.too_deep(value):
            clean = formats.dumps(self.json(value, None, stream=True))
        elif payload in ("", "[DONE]"):
            clean = payload
        else:
            self.count("chat texts")
            clean = TEXT
        return f"data: {clean}" if kind == "sse" else clean

    def json(self, value, key: str | None, stream: bool = False, depth: int = 0, person: bool = False,
             chat: bool = False):
        """A JSON value scrubbed. `person`: inside the account's object; `chat`: inside chat data;
        `stream`: a stream's event, where every sentence is what someone wrote."""
        if depth > formats.MAX_DEPTH:
            self.count("values nested too deep")
            return None
        if isinstance(value, dict):
            person = person or bool(key and ACCOUNT_CONTEXT.search(key)) or any(
                isinstance(v, str) and formats_email(v) for v in value.values())
            chat = chat or bool(key and CHAT_CONTEXT.search(key))
            return {str(k): self.json(v, str(k), stream, depth + 1, person, chat) for k, v in value.items()}
        if isinstance(value, list):
            chat = chat or bool(key and CHAT_CONTEXT.search(key))
            return [self.json(v, key, stream, depth + 1, person, chat) for v in value]
        if not isinstance(value, str) or not value:
            return value
        if key and SENSITIVE_KEY.search(key):
            self.count("tokens")
            return TOKEN
        if key and ACCOUNT_KEY.match(key) and (person or key.lower() != "name"):
            self.count("account names and emails")
            return EMAIL_REPLACEMENT if "@" in value else NAME
        if key and CONVERSATION_KEY.match(key) and (chat or stream):
            self.count("chat texts")
            return TEXT
        nested = formats.loads(value) if value[:1] in "[{" else None
        if nested is None and value[:1] in "[{" and formats.deeper_than(value, formats.MAX_DEPTH - depth):
            self.count("values nested too deep")
            return None
        if isinstance(nested, (dict, list)):  # JSON in a string: scrubbed as JSON, by its keys
            if formats.too_deep(nested, formats.MAX_DEPTH - depth):
                self.count("values nested too deep")
                return None
            return formats.dumps(self.json(nested, key, stream, depth + 1, person, chat))
        if stream and not (key and STREAM_STRUCTURE.match(key)) and is_sentence(value):
            self.count("chat texts")
            return TEXT
        return self.scrubber.text(value)


def _mime(content) -> str:
    return str(content.get("mimeType", "")) if isinstance(content, dict) else ""


def _body_text(content) -> str | None:
    """A response body as text: decoded from base64 when it is, None when it is not UTF-8."""
    if not isinstance(content, dict) or not isinstance(content.get("text"), str):
        return None
    text = content["text"]
    if content.get("encoding") == "base64":
        try:
            return base64.b64decode(text, validate=False).decode("utf-8")
        except (binascii.Error, ValueError):
            return None
    return text


def _is_json(text: str) -> bool:
    return text.lstrip()[:1] in "[{" and formats.loads(text) is not None


def _timings(timings) -> dict:
    timings = timings if isinstance(timings, dict) else {}
    return {k: timings[k] if isinstance(timings.get(k), (int, float)) else -1 for k in ("send", "wait", "receive")}


def sanitise(har: dict, extra: list[str] | None = None, hosts: list[str] | None = None) -> tuple[dict, dict[str, int]]:
    """A sanitised copy of a parsed HAR, and a count of what was removed, by kind."""
    sanitiser = Sanitiser(hosts=list(hosts) if hosts is not None else None, extra=[e for e in (extra or []) if e])
    return sanitiser.run(har), sanitiser.removed
