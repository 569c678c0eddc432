"""Answer HTTP requests for a replica the way the provider's host would, and log every mutation.

A site is pure: `handle(method, url, headers, body) -> Response`. Adapters (Playwright routing,
a local HTTPS server for the extension tests) call it. Nothing here touches the network.
"""

from __future__ import annotations

import fnmatch
import json
import mimetypes
import re
import threading
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import yaml

from ..store import data_paths
from ..catalogue.catalog import SAFE_LOADER

SESSION_COOKIE = "untrain_replica_session"
CONSENT_COOKIE = "untrain_replica_consent"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    delay: float = 0.0  # seconds the adapter waits before answering, as a slow server would
    abort: bool = False  # drop the connection instead of answering, as a broken one would


# How long a replica in a `hydrate_slowly` state takes to answer its settings request: longer than
# any fixed wait a reader might hope is enough (the engine once waited 0.25 s).
HYDRATE_SECONDS = 1.0
# `hydrate_very_slowly`: slower than 3 s, the age at which the engine once took a request for a
# stream and stopped waiting for it.
SLOW_HYDRATE_SECONDS = 3.5


@dataclass(frozen=True)
class Account:
    """The signed-in person a replica shows. The pages are written with the default one (Jane Doe,
    @janedoe); a site with another account serves its values in their place. The page's boot state
    carries the whole account (name, email, handle, recent chat titles), as a real app's HTML carries
    its user: the HAR tests record replicas with an account made of canaries."""

    name: str = "Jane Doe"
    email: str = "jane.doe@example.com"
    handle: str = "janedoe"
    chats: tuple[str, ...] = ("Plan a birthday party",)

    @property
    def boot_state(self) -> dict:
        return {"user": {"name": self.name, "email": self.email, "username": self.handle},
                "recent_chats": [{"id": f"c{n}", "title": title} for n, title in enumerate(self.chats, 1)]}

    def put_in(self, html: str) -> str:
        """The page with this account's name, first name and handle where the default's are."""
        if self == DEFAULT_ACCOUNT:
            return html
        values = {"Jane Doe": self.name, "janedoe": self.handle, "Jane": self.name.split()[0]}
        return re.sub("|".join(map(re.escape, values)), lambda m: values[m.group()], html)


DEFAULT_ACCOUNT = Account()


@dataclass(frozen=True)
class Mutation:
    """A state-changing request or a toggle flip. A scan must leave none."""

    provider: str
    method: str
    url: str
    body: str


@dataclass
class Route:
    path: str
    file: str
    host: str | None = None
    status: int = 200


@dataclass
class SettingsRequest:
    """The provider's own settings request, where the evidence names it: GET `path` answers
    {wrap: settings} (or the settings alone without `wrap`)."""

    path: str
    wrap: str | None = None


@dataclass
class Manifest:
    provider: str
    hosts: list[str]
    routes: list[Route]
    states: dict[str, dict]
    default_state: str
    directory: Path
    settings_request: SettingsRequest | None = None


def load_manifest(provider: str, root: Path | None = None) -> Manifest:
    directory = (root or data_paths.replicas_dir()) / provider
    raw = yaml.load((directory / "replica.yaml").read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    return Manifest(
        provider=raw["provider"],
        hosts=list(raw["hosts"]),
        routes=[Route(**r) for r in raw["routes"]],
        states={name: (spec or {}) for name, spec in raw["states"].items()},
        default_state=raw.get("default_state", next(iter(raw["states"]))),
        directory=directory,
        settings_request=SettingsRequest(**raw["settings_request"]) if raw.get("settings_request") else None,
    )


def available_providers(root: Path | None = None) -> list[str]:
    root = root or data_paths.replicas_dir()
    return sorted(p.name for p in root.iterdir() if (p / "replica.yaml").is_file())


class ReplicaSite:
    def __init__(self, provider: str, state: str | None = None, root: Path | None = None,
                 account: Account | None = None):
        self.manifest = load_manifest(provider, root)
        self.provider = provider
        self.account = account or DEFAULT_ACCOUNT
        self.state = state or self.manifest.default_state
        if self.state not in self.manifest.states:
            raise ValueError(
                f"replica {provider!r} has no state {self.state!r} (states: {', '.join(self.manifest.states)})"
            )
        spec = self.manifest.states[self.state]
        self.flags: list[str] = list(spec.get("flags", []))
        self.settings: dict = dict(spec.get("settings", {}))
        self.mutations: list[Mutation] = []
        self.logins: list[str] = []
        # Consent-wall choices ("reject" / "accept"): a cookie, not a setting, so not a mutation;
        # tests assert a scan only ever rejected.
        self.consents: list[str] = []
        self._lock = threading.Lock()
        # A second tree of replicas (tests/blind_replicas) may bring no helpers of its own: it then
        # gets the bundled ones, so its pages can load /__replica__/shared/replica.js like any other.
        own_shared = self.manifest.directory.parent / "_shared"
        self._shared = own_shared if own_shared.is_dir() else data_paths.replicas_dir() / "_shared"

    @property
    def hosts(self) -> list[str]:
        return self.manifest.hosts

    def signed_in(self, headers: dict[str, str]) -> bool:
        if "signed_out" in self.flags:
            return False
        if "login_required" in self.flags:
            cookie = SimpleCookie(headers.get("cookie", ""))
            return cookie.get(SESSION_COOKIE) is not None and cookie[SESSION_COOKIE].value == self.provider
        return True

    def handle(self, method: str, url: str, headers: dict[str, str], body: bytes | None) -> Response:
        headers = {k.lower(): v for k, v in headers.items()}
        parts = urlsplit(url)
        method = method.upper()
        text = (body or b"").decode("utf-8", "replace")
        if parts.path.startswith("/__replica__/"):
            return self._handle_api(method, parts, headers, text)
        if method not in SAFE_METHODS:
            self._log(method, url, text)
            return _json({"ok": True})
        wanted = self.manifest.settings_request
        if wanted and parts.path == wanted.path:
            return self._settings_answer({wanted.wrap: self.settings} if wanted.wrap else self.settings)
        for route in self.manifest.routes:
            if route.host and route.host != parts.hostname:
                continue
            if fnmatch.fnmatchcase(parts.path, route.path):
                return self._page(route, headers)
        return Response(404, {"content-type": "text/plain"}, b"not found in replica")

    def route_specificity(self, host: str, path: str) -> int:
        """How specifically this replica's routes claim `path` on `host`: the length of the longest
        matching route's fixed prefix (before any wildcard), or -1 when none matches."""
        best = -1
        for route in self.manifest.routes:
            if (route.host and route.host != host) or not fnmatch.fnmatchcase(path, route.path):
                continue
            best = max(best, len(re.split(r"[*?\[]", route.path, maxsplit=1)[0]))
        return best

    # -- internals

    def _log(self, method: str, url: str, text: str) -> None:
        with self._lock:
            self.mutations.append(Mutation(self.provider, method, url, text[:2000]))

    def _page(self, route: Route, headers: dict[str, str]) -> Response:
        path = self.manifest.directory / route.file
        content = path.read_bytes()
        ctype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix == ".html":
            content = self._inject(content.decode("utf-8"), headers).encode("utf-8")
            ctype = "text/html; charset=utf-8"
        return Response(route.status, {"content-type": ctype, "cache-control": "no-store"}, content)

    def _settings_answer(self, data) -> Response:
        """The page loading the person's real setting after painting a placeholder: at once, late
        (`hydrate_slowly`, `hydrate_very_slowly`), failing (`settings_fail`) or broken off
        (`settings_abort`)."""
        delay = (SLOW_HYDRATE_SECONDS if "hydrate_very_slowly" in self.flags
                 else HYDRATE_SECONDS if "hydrate_slowly" in self.flags else 0.0)
        headers = {"content-type": "application/json", "cache-control": "no-store"}
        if "settings_fail" in self.flags:
            return Response(500, headers, b'{"detail": "Internal Server Error"}', delay)
        return Response(200, headers, json.dumps(data).encode(), delay, abort="settings_abort" in self.flags)

    def _inject(self, html: str, headers: dict[str, str]) -> str:
        state = {
            "provider": self.provider,
            "state": self.state,
            "flags": self.flags,
            "settings": self.settings,
            "signed_in": self.signed_in(headers),
            **(self.account.boot_state if self.signed_in(headers) else {}),
        }
        html = self.account.put_in(html)
        tag = f"<script>window.__REPLICA__ = {json.dumps(state)};</script>"
        return html.replace("<head>", "<head>" + tag, 1) if "<head>" in html else tag + html

    def _handle_api(self, method: str, parts, headers: dict[str, str], text: str) -> Response:
        endpoint = parts.path.removeprefix("/__replica__/")
        if endpoint.startswith("shared/") and method in SAFE_METHODS:
            path = (self._shared / endpoint.removeprefix("shared/")).resolve()
            if self._shared.resolve() not in path.parents or not path.is_file():
                return Response(404, {"content-type": "text/plain"}, b"no such shared file")
            ctype = mimetypes.guess_type(path.name)[0] or "application/javascript"
            return Response(200, {"content-type": ctype}, path.read_bytes())
        if endpoint == "state" and method in SAFE_METHODS:
            return _json({"state": self.state, "flags": self.flags, "settings": self.settings,
                          "signed_in": self.signed_in(headers)})
        if endpoint == "settings" and method == "GET":
            return self._settings_answer(self.settings)
        if endpoint == "settings" and method not in SAFE_METHODS:
            # A toggle flip in the page. It is a mutation, whatever changed.
            self._log(method, parts.geturl(), text)
            try:
                self.settings.update(json.loads(text or "{}"))
            except (ValueError, TypeError):
                pass
            return _json({"ok": True, "settings": self.settings})
        if endpoint == "consent" and method == "POST":
            # The replica's consent wall (e.g. consent.google.com): record the choice, set the
            # consent cookie for the whole site, go back to where the wall interrupted.
            form = parse_qs(text)
            choice = form.get("choice", ["?"])[0]
            with self._lock:
                self.consents.append(choice)
            back = form.get("continue", [""])[0]
            back_host = urlsplit(back).hostname
            if not back.startswith("https://") or back_host not in self.hosts:
                back = "/"
            domain = _common_domain(self.hosts) or parts.hostname
            return Response(303, {"location": back,
                                  "set-cookie": f"{CONSENT_COOKIE}={choice}; Domain={domain}; Path=/; Secure"}, b"")
        if endpoint == "login" and method == "POST":
            # The replica's sign-in form. Not a settings mutation; no password is kept.
            with self._lock:
                self.logins.append(self.provider)
            next_url = parse_qs(text).get("next", ["/"])[0]
            if not next_url.startswith("/"):
                next_url = "/"
            # Max-Age like a real provider's session: Chromium drops cookies without one when the
            # browser closes, and `untrain login` then `untrain scan` are two browser runs.
            return Response(303, {"location": next_url,
                                  "set-cookie": f"{SESSION_COOKIE}={self.provider}; Path=/; Max-Age=2592000; "
                                                "Secure; HttpOnly"}, b"")
        if method not in SAFE_METHODS:
            # A write to an endpoint the replica does not know is still a write.
            self._log(method, parts.geturl(), text)
        return Response(404, {"content-type": "text/plain"}, b"unknown replica endpoint")


def _common_domain(hosts: list[str]) -> str:
    """The domain every replica host shares ("google.com" for myactivity./consent.google.com)."""
    labels = [h.split(".")[::-1] for h in hosts]
    common = []
    for parts in zip(*labels):
        if len(set(parts)) != 1:
            break
        common.append(parts[0])
    return ".".join(reversed(common)) if len(common) >= 2 else ""


def _json(data) -> Response:
    return Response(200, {"content-type": "application/json"}, json.dumps(data).encode())


@dataclass
class ReplicaWorld:
    """Several replicas at once (one per provider), each in a chosen state."""

    sites: dict[str, ReplicaSite] = field(default_factory=dict)
    # Writes to hosts that have no replica. The routing refuses them, and logs them here: a refused
    # write is still one the scan tried to make.
    stray: list[Mutation] = field(default_factory=list)

    @classmethod
    def build(cls, states: dict[str, str | None], root: Path | None = None,
              account: Account | None = None) -> "ReplicaWorld":
        return cls({provider: ReplicaSite(provider, state, root, account) for provider, state in states.items()})

    def site_for(self, url: str, headers: dict[str, str]) -> ReplicaSite | None:
        """The replica that answers `url`. Several may serve one host (myactivity.google.com holds
        Gemini's activity page and Activity controls): a page goes to the one whose route for its
        path is the most specific, and a replica endpoint (`/__replica__/…`) to the one that served
        the page calling it (its Referer). Ties go to the first, as with a single replica."""
        parts = urlsplit(url)
        host = parts.hostname or ""
        sites = [s for s in self.sites.values() if host in s.hosts]
        if len(sites) <= 1:
            return sites[0] if sites else None
        path = parts.path
        if path.startswith("/__replica__/"):
            referer = urlsplit({k.lower(): v for k, v in headers.items()}.get("referer", ""))
            if referer.hostname == host:
                path = referer.path
        return max(sites, key=lambda site: site.route_specificity(host, path))

    @property
    def mutations(self) -> list[Mutation]:
        return [m for site in self.sites.values() for m in site.mutations] + list(self.stray)

    def log_stray(self, method: str, url: str, body: bytes | None) -> None:
        if method.upper() not in SAFE_METHODS:
            self.stray.append(Mutation("(no replica)", method.upper(), url, (body or b"").decode("utf-8", "replace")[:2000]))

    def handle(self, method: str, url: str, headers: dict[str, str], body: bytes | None) -> Response:
        site = self.site_for(url, headers)
        if site is None:
            return Response(502, {"content-type": "text/plain"}, b"no replica for this host")
        return site.handle(method, url, headers, body)
