"""The extension's generated data, manifest, fixed id and permissions."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from checker.extension_host import extension_build
from checker.catalogue.catalog import load_catalog
from checker.extension_host.extension_build import EXTENSION_DIR, EXTENSION_ID

ROOT = Path(__file__).resolve().parents[2]
WEB_EXT = ROOT / "node_modules" / ".bin" / "web-ext"


def manifest() -> dict:
    return json.loads((EXTENSION_DIR / "manifest.json").read_text(encoding="utf-8"))


def test_committed_extension_data_is_not_stale():
    stale = extension_build.stale_files()
    assert not stale, (
        "the extension's generated files differ from scenarios/ + selectors/: "
        f"{', '.join(str(p.relative_to(ROOT)) for p in stale)}. Fix: run `untrain extension build` and commit them."
    )


def test_stale_data_is_detected(tmp_path):
    copy = tmp_path / "extension"
    shutil.copytree(EXTENSION_DIR, copy)
    extension_build.build(copy)
    assert extension_build.stale_files(copy) == []
    data = copy / "data" / "catalog.js"
    data.write_text(data.read_text(encoding="utf-8").replace("Improve the model for everyone", "Improve it"), encoding="utf-8")
    assert extension_build.stale_files(copy) == [data]


def test_generated_data_carries_the_locator_data():
    catalog = load_catalog()
    data = extension_build.catalog_data(catalog)
    chatgpt = next(p for p in data["providers"] if p["id"] == "chatgpt")
    assert chatgpt["deep_link"] == catalog["chatgpt"].scenario.deep_link
    assert chatgpt["documented_path"] == catalog["chatgpt"].scenario.documented_path.steps
    assert chatgpt["selectors"]["improve_model_switch"]["kind"] == "control"
    first = chatgpt["selectors"]["improve_model_switch"]["candidates"][0]
    assert first == {"role": "switch", "name": "Improve the model for everyone",
                     "shows_label": "Improve the model for everyone", "strategy": "role"}
    assert chatgpt["controls"][0]["readings"][0]["reader"] == "state"  # the default: read by meaning
    assert [s["type"] for s in chatgpt["steps"]][:2] == ["goto", "click"]
    assert [p["id"] for p in data["providers"]] == catalog.ids


def test_every_click_step_carries_what_the_scan_skips_ahead_to():
    # content.js skips a click exactly when the scan does: from the same list, built once.
    catalog = load_catalog()
    data = extension_build.catalog_data(catalog)
    for provider in data["providers"]:
        scenario = catalog[provider["id"]].scenario
        for index, step in enumerate(provider.get("steps", [])):
            if step["type"] == "click":
                assert step["ahead"] == [list(pair) for pair in scenario.ahead(index)], (provider["id"], index)
    chatgpt = next(p for p in data["providers"] if p["id"] == "chatgpt")
    # Profile → Settings → Data controls → the row, then the switch the row's modal holds.
    assert [name for _, name in chatgpt["steps"][1]["ahead"]] == [
        "settings_menu_item", "data_controls_tab", "improve_model_row", "improve_model_switch"]


def test_generated_data_carries_meanings_what_counts_and_the_no_switch_kinds():
    from checker.catalogue.models import Meaning
    from checker.results import COUNTED_MEANINGS

    data = extension_build.catalog_data(load_catalog())
    # The extension takes the counting rule from here, never from a copy of its own.
    assert set(data["counted_meanings"]) == COUNTED_MEANINGS
    providers = {p["id"]: p for p in data["providers"]}
    assert {c["meaning"] for p in data["providers"] for c in p["controls"]} <= {m.value for m in Meaning}
    assert {c["id"]: c["meaning"] for c in providers["chatgpt"]["controls"]} == {
        "improve_model": "training", "ad_personalization": "ads"}
    assert [p for p in providers if providers[p]["kind"] == "not_trained"] == [
        "apple-intelligence", "duck-ai", "notion-ai", "zoom"]
    # No page to read for an entry with no switch: no host permission is asked for it.
    assert all(not providers[p]["hosts"] for p in providers if providers[p]["kind"] != "page")


def test_fixed_id_comes_from_the_manifest_key():
    key = manifest()["key"]
    digest = hashlib.sha256(base64.b64decode(key)).hexdigest()[:32]
    assert EXTENSION_ID == "".join("abcdefghijklmnop"[int(c, 16)] for c in digest)
    assert len(EXTENSION_ID) == 32 and set(EXTENSION_ID) <= set("abcdefghijklmnop")
    assert "PRIVATE" not in json.dumps(manifest())


def test_permissions_are_minimal():
    m = manifest()
    everything = json.dumps(m)
    assert "<all_urls>" not in everything and "*://*/*" not in everything
    assert "cookies" not in m["permissions"]
    # webRequest only observes (MV3 cannot block), and only the hosts below: the settle rule counts
    # a provider tab's requests in flight. Nothing that could change or redirect a request.
    assert set(m["permissions"]) == {"alarms", "nativeMessaging", "storage", "webRequest"}
    assert not {"webRequestBlocking", "declarativeNetRequest", "declarativeNetRequestWithHostAccess"} & set(m["permissions"])
    hosts = sorted({h for e in load_catalog().entries.values() if e.scenario.kind.value == "page" for h in e.scenario.hosts})
    assert m["host_permissions"] == [f"https://{h}/*" for h in hosts]
    assert m["content_scripts"][0]["matches"] == m["host_permissions"]
    # No remote code: every script the extension runs is a file inside it.
    csp = m["content_security_policy"]["extension_pages"]
    assert "script-src 'self'" in csp and "http" not in csp
    for page in ("popup.html",):
        html = (EXTENSION_DIR / page).read_text(encoding="utf-8")
        assert "http://" not in html and "https://" not in html
    for script in [*m["background"]["scripts"], *m["content_scripts"][0]["js"]]:
        assert (EXTENSION_DIR / script).is_file(), script


def test_permissions_are_explained_in_the_readme():
    readme = (EXTENSION_DIR / "README.md").read_text(encoding="utf-8")
    for permission in manifest()["permissions"] + ["host_permissions"]:
        assert f"`{permission}`" in readme, permission


@pytest.mark.skipif(not WEB_EXT.exists(), reason="web-ext is not installed (npm install); CI installs it")
def test_web_ext_lint_reports_zero_errors():
    proc = subprocess.run([str(WEB_EXT), "lint", "--source-dir", str(EXTENSION_DIR), "--output", "json",
                           "--no-config-discovery"],
                          capture_output=True, text=True, timeout=120, env={**os.environ, "NO_UPDATE_NOTIFIER": "1"})
    report = json.loads(proc.stdout[proc.stdout.index("{"):])
    assert report["errors"] == [], report["errors"]
    assert report["summary"]["errors"] == 0


def test_the_scan_reads_with_the_very_files_the_extension_ships():
    from checker.engine import guard, page_modules, settle, steps

    content_scripts = manifest()["content_scripts"][0]["js"]
    shared = [page_modules.ARIA, page_modules.GUARD, page_modules.READ_STATE, page_modules.LOCATE,
              page_modules.NEIGHBOURS, page_modules.MODAL, page_modules.WATCH]
    # The content script loads the shared modules, in order, before the code that uses them.
    positions = [content_scripts.index(name) for name in shared]
    assert positions == sorted(positions) and positions[-1] < content_scripts.index("lib/settle.js")
    # The read-only rule at click time: the guard's facts and judgement, before and during the click.
    judged = "\n".join((EXTENSION_DIR / name).read_text(encoding="utf-8") for name in (page_modules.ARIA, page_modules.GUARD))
    assert judged in guard.FACTS_JS and judged in guard._ARM_JS
    # Every candidate kind is found by the extension's own locate.js, run by the scan as a selector engine.
    locate = "\n".join((EXTENSION_DIR / name).read_text(encoding="utf-8") for name in (page_modules.ARIA, page_modules.LOCATE))
    assert locate in page_modules.candidate_engine()
    # Reading, through the settle watch (has the control held still?), and the last look for an
    # unlisted modal.
    watched = "\n".join((EXTENSION_DIR / name).read_text(encoding="utf-8")
                         for name in (page_modules.ARIA, page_modules.READ_STATE, page_modules.WATCH))
    assert watched in settle._HOLD_JS
    looked = "\n".join((EXTENSION_DIR / name).read_text(encoding="utf-8") for name in (page_modules.WATCH, page_modules.MODAL))
    assert looked in settle._LAST_LOOK_JS
    # Whether an off has an unlisted training-like switch on beside it.
    beside = "\n".join((EXTENSION_DIR / name).read_text(encoding="utf-8") for name in (
        page_modules.ARIA, page_modules.READ_STATE, page_modules.LOCATE, page_modules.NEIGHBOURS))
    assert beside in steps._UNLISTED_BESIDE_JS


ESBUILD = ROOT / "node_modules" / ".bin" / "esbuild"


@pytest.mark.skipif(not ESBUILD.exists(), reason="esbuild is not installed (npm ci); CI installs it")
def test_the_committed_accessibility_bundle_is_what_the_pinned_library_builds(tmp_path):
    # lib/aria.js is generated (npm run build:aria) and committed, so the extension and the wheel
    # need no Node. Rebuild it from the pinned dom-accessibility-api and compare.
    script = json.loads((ROOT / "package.json").read_text())["scripts"]["build:aria"]
    rebuilt = tmp_path / "aria.js"
    proc = subprocess.run(script.replace("extension/lib/aria.js", str(rebuilt)), shell=True, cwd=ROOT,
                          env={**os.environ, "PATH": f"{ESBUILD.parent}{os.pathsep}{os.environ['PATH']}"},
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert rebuilt.read_text() == (EXTENSION_DIR / "lib" / "aria.js").read_text(), (
        "extension/lib/aria.js is stale: run `npm run build:aria` and commit it")
