"""`untrain new-provider` (issue 12, point 11): a scaffold of every file a page provider needs, whose
facts are FILL[…] placeholders the catalogue refuses until they are filled; filled, its replica scans
on, off and signed out in real Chromium through the shared harness, as its replica declares for the
replica contract, and the spec it wrote runs.

Each test scaffolds into a temporary checkout: a copy of the real scenarios/ and selectors/ (so the
whole catalogue is loaded with the scaffold in it, as in a real checkout) and empty test folders.
"""

from __future__ import annotations

import importlib.util
import inspect
import re
import shutil
from pathlib import Path

import pytest

from checker.catalogue.catalog import PLACEHOLDER, CatalogError, load_catalog
from checker.cli import main
from checker.results import Reason, Status
from checker.catalogue.scaffold import EVIDENCE, TEMPLATES, unfilled

from .. import harness
from .test_replica_contract import declared

ROOT = Path(__file__).resolve().parents[2]
PROVIDER = "acme-chat"
FILES = ["scenarios/acme-chat.yaml", "selectors/acme-chat.yaml", "tests/replicas/acme-chat/replica.yaml",
         "tests/replicas/acme-chat/app.html", "tests/replicas/acme-chat/README.md",
         "tests/providers/test_acme_chat.py"]

# What a contributor would look up, as sample values (example.com: nothing here is a real provider).
SAMPLE = {
    "name": "Example Chat", "vendor": "Example Corp", "product": "Example Chat (web)", "plan_scope": "every plan",
    "host": "chat.example.com", "start_url": "https://chat.example.com/",
    "deep_link": "https://chat.example.com/settings/privacy", "documented_path": "Open Privacy settings",
    "control_label": "Use my chats to train models", "default": "on",
    "fix_path": "Privacy settings → Use my chats to train models → Off",
    "account_role": "button", "account_name": "Account", "nav_role": "link", "nav_name": "Privacy settings",
    "sign_in_role": "heading", "sign_in_name": "Sign in to Example Chat",
    "allowed_value": "true", "disabled_value": "false",
    "source_id": "sample-help", "source_title": "A sample help page, written by this test",
    "source_date": "2026-12-01", "source_url": "https://example.com/help/privacy",
    "source": "sample-help", "confidence": "documented", "last_verified": "2026-12", "recheck_after": "2027-06",
    "replica_evidence": "the sample values of tests/providers/test_new_provider.py",
    "replica_inferred": "all of the markup, as scaffolded",
}


@pytest.fixture
def checkout(tmp_path):
    for folder in ("scenarios", "selectors"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    for folder in ("tests/replicas", "tests/providers"):
        (tmp_path / folder).mkdir(parents=True)
    return tmp_path


def scaffold(checkout, provider=PROVIDER) -> int:
    return main(["new-provider", provider, "--dir", str(checkout)])


def tree(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under root with its bytes and modification time."""
    return {str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(root.rglob("*"))
            if p.is_file()}


def fill(root: Path, values: dict[str, str]) -> None:
    """Replace each placeholder, with its hint (to the closing quote or the line's end), by its value."""
    for name in FILES:
        path = root / name
        path.write_text(re.sub(r'FILL\[([a-z0-9_]+)\](?::[^"\n]*)?', lambda m: values[m[1]], path.read_text()))


def test_scaffolding_writes_every_file_and_says_what_next(checkout, capsys):
    assert scaffold(checkout) == 0
    out = capsys.readouterr().out
    for name in FILES:
        path = checkout / name
        assert path.is_file(), name
        assert name in out, f"{name} is not among the files it says it wrote"
        text = path.read_text()
        assert "@@ID@@" not in text and PROVIDER in text, name
    # The next steps: which facts come from which evidence, the to-do list, and the spec's command.
    for where, keys in EVIDENCE:
        assert where in " ".join(out.split()) and all(key in out for key in keys), where
    assert "catalog" in out and f"-m pytest -q {FILES[-1]}" in out
    assert f"id: {PROVIDER}\n" in (checkout / FILES[0]).read_text()
    assert f"provider: {PROVIDER}\n" in (checkout / FILES[1]).read_text()
    assert f'PROVIDER = "{PROVIDER}"' in (checkout / FILES[-1]).read_text()


def test_a_second_run_refuses_and_touches_nothing(checkout, capsys):
    assert scaffold(checkout) == 0
    (checkout / FILES[0]).write_text((checkout / FILES[0]).read_text().replace("FILL[vendor]", "Example Corp"))
    before = tree(checkout)
    capsys.readouterr()
    assert scaffold(checkout) == 64
    err = capsys.readouterr().err
    assert f"provider '{PROVIDER}' is taken" in err and "Nothing was written" in err
    assert all(name in err for name in (FILES[0], FILES[1], "tests/replicas/acme-chat", FILES[-1]))
    assert tree(checkout) == before  # same files, same bytes, not even rewritten


def test_a_write_that_fails_leaves_nothing_behind(checkout, capsys, monkeypatch):
    # The disk fills up at the last file: the five written before it are taken back.
    from checker.catalogue import scaffold as module

    real_render = module.render

    def render(template, provider):
        if template == "spec.py.tmpl":
            raise OSError(28, "No space left on device", str(checkout / FILES[-1]))
        return real_render(template, provider)

    monkeypatch.setattr(module, "render", render)
    before = tree(checkout)
    assert scaffold(checkout) == 65
    err = capsys.readouterr().err
    assert "No space left on device" in err and "nothing was left behind" in err
    assert tree(checkout) == before and not (checkout / "tests/replicas/acme-chat").exists()


def test_an_id_the_catalogue_has_is_refused_whole(checkout, capsys):
    # mistral's scenario and selectors exist; its replica folder and spec do not (in this checkout):
    # still nothing is written, not even the missing ones.
    before = tree(checkout)
    assert scaffold(checkout, "mistral") == 64
    err = capsys.readouterr().err
    assert "scenarios/mistral.yaml" in err and "selectors/mistral.yaml" in err
    assert tree(checkout) == before and not (checkout / "tests/replicas/mistral").exists()


@pytest.mark.parametrize("provider", ["Acme", "1acme", "acme.chat", "acme chat", "../acme", "_acme", ""])
def test_a_bad_id_is_a_usage_error_that_says_the_rule(checkout, capsys, provider):
    before = tree(checkout)
    assert scaffold(checkout, provider) == 64
    err = capsys.readouterr().err
    assert f"{provider!r} is not a provider id" in err and "lower-case letters, digits" in err
    assert tree(checkout) == before


def test_a_folder_that_is_not_a_checkout_is_refused(tmp_path, capsys):
    assert scaffold(tmp_path) == 64
    assert "is not an Untrain checkout" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_the_linter_names_each_placeholder_and_the_catalogue_does_not_load(checkout):
    assert scaffold(checkout) == 0
    with pytest.raises(CatalogError) as raised:
        load_catalog(checkout / "scenarios", checkout / "selectors")
    problems = raised.value.problems
    # Exactly one problem per placeholder in the two catalogue files, at its line, and nothing else
    # (no pattern error beside a placeholder in a URL or a date, no other provider).
    expected = {(checkout / name, number, match[1])
                for name in FILES[:2]
                for number, line in enumerate((checkout / name).read_text().splitlines(), 1)
                if not line.lstrip().startswith("#") for match in PLACEHOLDER.finditer(line)}
    found = [(p.file, p.line, re.search(r"FILL\[(\w+)\]", p.message)[1]) for p in problems]
    assert sorted(found, key=str) == sorted(expected, key=str) and len(found) == len(expected)
    by_field = {p.field: p.message for p in problems}
    assert by_field["deep_links.0.url"] == ("not filled in: the settings page's address (https://…), as a source "
                                            "shows it (placeholder FILL[deep_link])")
    assert by_field["selectors.training_switch.candidates.0.name"].startswith(
        "not filled in: the switch's label, word for word as the settings page shows it")
    # Every message says what to put there.
    assert all("not filled in: the value a source shows" not in p.message for p in problems)


def test_every_placeholder_says_where_its_fact_comes_from():
    # The command's next steps group the placeholders by evidence: none may be left out of them.
    listed = [key for _, keys in EVIDENCE for key in keys]
    used = {match[1] for path in TEMPLATES.iterdir() for match in PLACEHOLDER.finditer(path.read_text())}
    assert len(listed) == len(set(listed)) and set(listed) == used
    assert set(SAMPLE) == used  # a new placeholder needs a sample value below


@pytest.fixture
def filled(checkout):
    assert scaffold(checkout) == 0
    fill(checkout, SAMPLE)
    harness.use_root(checkout)
    yield checkout
    harness.use_root(None)


def test_a_filled_scaffold_scans_on_off_and_signed_out_by_its_own_spec(engine, filled):
    assert unfilled(filled) == []
    entry = harness.catalog()[PROVIDER]  # the catalogue loads, with every other provider
    assert entry.scenario_file == filled / FILES[0]
    # scan_replica asserts after each scan that the replica logged no mutation and nothing escaped.
    on = harness.scan_replica(engine, PROVIDER, "on")
    assert (on.control("training").status, on.control("training").reason) == (Status.on, None)
    # The deep link already shows the switch: the click on the way there is skipped.
    assert [r.outcome for r in on.log.records if r.kind == "click"] == ["skipped"]
    off = harness.scan_replica(engine, PROVIDER, "off").control("training")
    assert (off.status, off.reason) == (Status.off, None)
    signed_out = harness.scan_replica(engine, PROVIDER, "signed_out").control("training")
    assert (signed_out.status, signed_out.reason) == (Status.unknown, Reason.signed_out)
    # What each scaffolded state declares for the replica contract is what it reads.
    replicas = filled / "tests" / "replicas"
    assert [declared(replicas, PROVIDER, state) for state in ("on", "off", "signed_out")] == [
        ((Status.on, None), {}), ((Status.off, None), {}), ((Status.unknown, Reason.signed_out), {})]
    # The spec it wrote runs as written, on the same harness.
    assert _run_spec(filled / FILES[-1], engine) == [
        "test_the_replica_has_no_placeholder_left", "test_the_documented_path_from_the_start_page"]


def _run_spec(path: Path, engine) -> list[str]:
    """Import a spec from outside tests/ as a module of tests.providers (its `..harness` is ours) and
    call each of its tests, in order, with the session's engine."""
    spec = importlib.util.spec_from_file_location(f"tests.providers.{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    ran = []
    for name, test in vars(module).items():
        if name.startswith("test_") and callable(test):
            params = inspect.signature(test).parameters
            assert set(params) <= {"engine"}, f"{name} needs fixtures this runner does not give: {list(params)}"
            test(**{param: engine for param in params})
            ran.append(name)
    return ran
