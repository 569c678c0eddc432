"""Learn, from the HAR itself, who the person is and what they wrote, before anything is rewritten.

- The account's name, handle and email come from the page's account data: a user/account/profile
  object in a JSON body or in the document's inline state (`window.__STATE__ = {…}`, a JSON
  <script>), or an object holding an email; and from the few ways a document labels its signed-in
  person in text ("Google Account: Jane Doe (jane@…)", "Signed in as …", a name right before an
  email).
- Every email address anywhere, however encoded (scrub.emails_in), and inside base64 blobs.
- Chat text: titles and messages in chat APIs and chat-like objects, and every sentence in a stream
  (server-sent events, ndjson) or a batchexecute answer, whose strings have no keys to go by.
What is learnt is then removed everywhere (scrub.Scrubber), the HTML's attributes and text included.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from . import formats
from .scrub import BASE64_RUN, Learned, decode_base64, decoded_views, emails_in

ACCOUNT_KEY = re.compile(
    r"^(name|full_?name|display_?name|given_?name|family_?name|first_?name|last_?name|user_?name|screen_?name"
    r"|nick_?name|login|handle|email|e_?mail|email_?address|primary_?email|account_?name|phone(_?number)?)$", re.I)
ACCOUNT_CONTEXT = re.compile(r"(user|account|profile|^me$|viewer|person|owner|author|member|identity|session)", re.I)
CONVERSATION_KEY = re.compile(
    r"^(title|name|content|contents|parts|text|message|messages|prompt|query|conversation|conversations"
    r"|snippet|summary|completion|input|output|transcript|question|answer|body|preview|delta)$", re.I)
CHAT_CONTEXT = re.compile(r"(conversation|message|chat|thread|history|mapping|recent|prompt|completion|transcript)",
                          re.I)
# Keys of a stream's events that hold structure, not words: everything else in a stream is text.
STREAM_STRUCTURE = re.compile(
    r"^(id|.*_id|type|event|object|role|status|model|model_slug|o|op|p|path|kind|finish_reason|created|"
    r"created_at|updated_at|timestamp|version|index|channel|recipient|content_type|format)$", re.I)
MIN_CONVERSATION = 8  # a shorter "title" is more likely the page's own UI word than a chat
ACCOUNT_LABEL = re.compile(
    r"(?:Google Account|Signed in as|Logged in as|Account of)\s*[:\-–]?\s*"
    r"([A-Z][\w'’.-]+(?:[ \u00a0][A-Z][\w'’.-]+){0,3})")
NAME_BEFORE_EMAIL = re.compile(
    r"([A-Z][\w'’.-]+(?:[ \u00a0][A-Z][\w'’.-]+){1,3})\s*[(<\n]\s*([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})")


def is_sentence(text: str) -> bool:
    """Words a person wrote, as opposed to an identifier or a number."""
    text = text.strip()
    return bool(text) and (" " in text or len(text) >= MIN_CONVERSATION) and not re.fullmatch(r"[\w.:/#+=-]+", text)


class Learner:
    def __init__(self, learned: Learned):
        self.learned = learned

    # -- JSON, wherever it is

    def value(self, value, key: str | None = None, person: bool = False, chat: bool = False,
              stream: bool = False, depth: int = 0) -> None:
        if depth > formats.MAX_DEPTH:
            return
        if isinstance(value, dict):
            person = person or bool(key and ACCOUNT_CONTEXT.search(key)) or any(
                isinstance(v, str) and formats_email(v) for v in value.values())
            chat = chat or bool(key and CHAT_CONTEXT.search(key))
            for k, v in value.items():
                self.value(v, str(k), person, chat, stream, depth + 1)
        elif isinstance(value, list):
            chat = chat or bool(key and CHAT_CONTEXT.search(key))
            for v in value:
                self.value(v, key, person, chat, stream, depth + 1)
        elif isinstance(value, str):
            self.string(value, key, person, chat, stream, depth)

    def string(self, value: str, key: str | None, person: bool, chat: bool, stream: bool, depth: int) -> None:
        for email in emails_in(value):
            self.learned.add_email(email, own=person)
        if key and person and ACCOUNT_KEY.match(key) and "@" not in value:
            self.learned.add_name(value)
        elif key and chat and CONVERSATION_KEY.match(key) and is_sentence(value):
            self.learned.add_text(value)
        elif stream and not (key and STREAM_STRUCTURE.match(key)) and is_sentence(value):
            self.learned.add_text(value)
        for nested in formats.nested_json(value):
            self.value(nested, key, person, chat, stream, depth + 1)
        self.text(value, depth)

    # -- free text: emails, labelled names, base64 blobs

    def text(self, text: str, depth: int = 0) -> None:
        for view in decoded_views(text):
            for email in emails_in(view):
                self.learned.add_email(email)
            for match in ACCOUNT_LABEL.finditer(view):
                self.learned.add_name(match.group(1))
            for match in NAME_BEFORE_EMAIL.finditer(view):
                self.learned.add_name(match.group(1))
                self.learned.add_email(match.group(2), own=True)
        if depth < 2:
            for run in BASE64_RUN.findall(text):
                decoded = decode_base64(run)
                if decoded:
                    self.text(decoded, depth + 1)
                    for nested in formats.nested_json(decoded):
                        self.value(nested, depth=depth + 1)

    # -- bodies, by kind

    def body(self, text: str, kind: str, url: str) -> None:
        chat = bool(CHAT_CONTEXT.search(urlsplit(url).path))
        if kind == "html":
            for state in formats.inline_state(text):
                self.value(state, chat=chat)
            self.text(text)
        elif kind == "json":
            parsed = formats.parse_json_body(text)
            chunks = formats.batch_chunks(text) if parsed is None else None
            if parsed is not None:
                self.value(parsed[1], chat=chat, stream="batchexecute" in url)
            elif chunks is not None:
                self.value(chunks, stream=True)
            self.text(text)
        elif kind in ("sse", "ndjson"):
            for line in text.splitlines():
                payload = line[5:].strip() if kind == "sse" and line.startswith("data:") else line
                value = formats.loads(payload) if payload[:1] in "[{\"" else None
                if value is not None:
                    self.value(value, stream=True)
                elif kind == "sse" and line.startswith("data:") and is_sentence(payload):
                    self.learned.add_text(payload)
            self.text(text)
        else:
            self.text(text)


def formats_email(value: str) -> bool:
    return "@" in value and bool(emails_in(value))
