"""Generate the extension's provider data and manifest from the catalogue (`untrain extension build`).

The extension never carries hand-written provider knowledge: deep links, documented paths, hosts,
steps, locator candidates and readers all come from scenarios/ + selectors/, so a catalogue fix
reaches the scanner and the extension at once. The output is deterministic (sorted, no
timestamps) so a test can tell when the committed files are stale.
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

from .. import __version__
from ..store import data_paths
from ..engine import page_modules
from ..catalogue.catalog import Catalog, load_catalog
from ..engine.local_tools import fix_snippet
from ..catalogue.models import ClickStep, Kind, Scenario, SelectorFile
from ..results import COUNTED_MEANINGS

EXTENSION_DIR = data_paths.extension_dir()  # the checkout's, or the copy a wheel carries
DATA_FILE = Path("data") / "catalog.js"
MANIFEST_FILE = Path("manifest.json")
HOST_NAME = "dev.untrain.host"
GECKO_ID = "untrain@untrain.dev"

# The public half of the key that fixes the extension id (base64 DER, SubjectPublicKeyInfo).
# The private half was thrown away: unpacked loading needs only this, and a store listing
# signs with the store's own key.
PUBLIC_KEY = (
    "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAq3oKmsGrGkog8A7IMWaOt50sKZeEUrba4ZK+ELbuBTkV19LSUaPvhm"
    "701j379Ek0tM+D0mvKS30qFlOTq9ajCimT0y7af+sLsD4tdw5mQOEJdSVcn6+4NMoGjUk+pZJ6LWFHHeirJMb8j+53ptyRtWe+dh"
    "dr9nzmuHKB01Ggb1hEXnJN7bMDMO9tFfLHPs77RA4dMRR5BuPNkFACfSLwlcg/U6dwrLuu873sGiKedQjAeTmZvz296UOg9tos"
    "eikfrJS2c0rvJPA41Cl94l3JhOuqmyNgWi4Z4Fv3AkM+zWVQHVA3bVJOmhuuqHVXk8Si9C8WwZRZgr35PXMPo/6J3wIDAQAB"
)


def extension_id(public_key_b64: str = PUBLIC_KEY) -> str:
    """Chromium's id for a `key`: the first 32 hex digits of sha256(DER), written with a-p."""
    digest = hashlib.sha256(base64.b64decode(public_key_b64)).hexdigest()[:32]
    return "".join(chr(ord("a") + int(c, 16)) for c in digest)


EXTENSION_ID = extension_id()
ORIGIN = f"chrome-extension://{EXTENSION_ID}/"


# --------------------------------------------------------------------------- provider data


def _step(sc: Scenario, index: int) -> dict:
    """A step as content.js reads it: its kind as `type`, its target, and its other fields as they are.
    A click step also carries `ahead` (Scenario.ahead): what later steps look for, so the extension
    skips a click whose purpose is met exactly as the scan does."""
    step = sc.steps[index]
    out = {"type": step.kind, "target": step.target, **step.model_dump(mode="json", exclude={step.kind})}
    if isinstance(step, ClickStep):
        out["ahead"] = [[later, name] for later, name in sc.ahead(index)]
    return out


def provider_data(sc: Scenario, selectors: SelectorFile | None) -> dict:
    return {
        "id": sc.id,
        "name": sc.name,
        "vendor": sc.vendor,
        "product": sc.product,
        "kind": sc.kind.value,
        "hosts": sc.hosts,
        "start_url": sc.start_url,
        "deep_link": sc.deep_link,
        "deep_links": [{"url": d.url, "confidence": d.confidence.value} for d in sc.deep_links],
        "documented_path": sc.documented_path.steps,
        "advice": sc.advice,
        "detect": sc.detect.model_dump(mode="json"),
        "steps": [_step(sc, i) for i in range(len(sc.steps))],
        "controls": [
            {
                "id": c.id,
                "label": c.label,
                "aliases": [a.label for a in c.aliases],
                "meaning": c.meaning.value,
                "severity": c.severity.value,
                "fix_path": c.fix_path,
                # Local tools: the JSON to paste into the file named by fix_path (the popup copies it).
                "fix_snippet": fix_snippet(c.local) if c.local else None,
                "risk": c.risk,
                # Of a witness only its request: webRequest shows the extension whether the page
                # loaded its settings from there, never the answer, so it cannot check agreement.
                "readings": [{**r.model_dump(mode="json", exclude={"witness"}),
                              **({"witness": {"request": r.witness.request}} if r.witness else {})}
                             for r in c.readings],
            }
            for c in sc.controls
        ],
        "gotchas": [g.text for g in sc.gotchas],
        "selectors": page_modules.page_selectors(selectors),
    }


def catalog_data(catalog: Catalog) -> dict:
    return {
        "version": __version__,
        "host": HOST_NAME,
        # The meanings that count toward the badge (checker/results.py), so the extension never
        # keeps its own copy of the rule.
        "counted_meanings": sorted(COUNTED_MEANINGS),
        "providers": [provider_data(e.scenario, e.selectors) for e in catalog.entries.values()],
    }


def render_data(catalog: Catalog) -> str:
    body = json.dumps(catalog_data(catalog), indent=1, ensure_ascii=False, sort_keys=True)
    return (
        "// GENERATED by `untrain extension build` from scenarios/ and selectors/. Do not edit.\n"
        "// Loaded by the popup, the service worker and the content script.\n"
        f"globalThis.UNTRAIN_CATALOG = {body};\n"
    )


# --------------------------------------------------------------------------- manifest


def host_patterns(catalog: Catalog) -> list[str]:
    """Only the providers' settings hosts: the content script and host permissions go nowhere else."""
    hosts = sorted({h for e in catalog.entries.values() if e.scenario.kind == Kind.page for h in e.scenario.hosts})
    return [f"https://{h}/*" for h in hosts]


def manifest(catalog: Catalog) -> dict:
    patterns = host_patterns(catalog)
    icons = {str(size): f"icons/icon{size}.png" for size in (16, 32, 48, 128)}
    return {
        "manifest_version": 3,
        "name": "Untrain",
        "short_name": "Untrain",
        "version": __version__,
        "description": "Which AI assistants may still train on your chats? One click to the switch that stops it.",
        "key": PUBLIC_KEY,
        "icons": icons,
        "action": {"default_title": "Untrain", "default_popup": "popup.html", "default_icon": icons},
        # Chrome uses service_worker; Firefox (web-ext lint) needs scripts. Each ignores the other.
        "background": {"service_worker": "sw.js", "scripts": ["data/catalog.js", "lib/page_provider.js", "lib/status.js", "sw.js"]},
        "permissions": ["alarms", "nativeMessaging", "storage", "webRequest"],
        "host_permissions": patterns,
        "content_scripts": [{
            "matches": patterns,
            "js": ["data/catalog.js", "lib/page_provider.js", "lib/aria.js", "lib/guard.js", "lib/read_state.js",
                   "lib/locate.js", "lib/neighbours.js", "lib/walls.js", "lib/modal.js", "lib/watch.js",
                   "lib/settle.js", "content.js"],
            "css": ["content.css"],
            "run_at": "document_idle",
        }],
        "content_security_policy": {"extension_pages": "script-src 'self'; object-src 'self'"},
        "browser_specific_settings": {
            "gecko": {
                "id": GECKO_ID,
                "strict_min_version": "140.0",
                "data_collection_permissions": {"required": ["none"]},
            }
        },
    }


def render_manifest(catalog: Catalog) -> str:
    return json.dumps(manifest(catalog), indent=2, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------- entry points


def outputs(catalog: Catalog | None = None) -> dict[Path, str]:
    catalog = catalog or load_catalog()
    return {MANIFEST_FILE: render_manifest(catalog), DATA_FILE: render_data(catalog)}


def stale_files(directory: Path | None = None, catalog: Catalog | None = None) -> list[Path]:
    directory = directory or EXTENSION_DIR
    stale = []
    for rel, text in outputs(catalog).items():
        path = directory / rel
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(path)
    return stale


def build(directory: Path | None = None, catalog: Catalog | None = None) -> list[Path]:
    directory = directory or EXTENSION_DIR
    written = []
    for rel, text in outputs(catalog).items():
        path = directory / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
