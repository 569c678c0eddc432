"""The catalogue linter: one clear message per problem, naming file, line and field."""

import json
import shutil
from pathlib import Path

import pytest

from checker.catalogue import schema
from checker.catalogue.catalog import CatalogError, load_catalog

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def tmp_catalog(tmp_path):
    """A copy of the ChatGPT entry to break in one place."""
    for folder in ("scenarios", "selectors"):
        (tmp_path / folder).mkdir()
        shutil.copy(ROOT / folder / "chatgpt.yaml", tmp_path / folder / "chatgpt.yaml")
    return tmp_path


def _problems(tmp_catalog) -> list[str]:
    with pytest.raises(CatalogError) as exc:
        load_catalog(tmp_catalog / "scenarios", tmp_catalog / "selectors")
    return [str(p) for p in exc.value.problems]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_the_bundled_catalogue_is_valid():
    catalog = load_catalog()
    assert "chatgpt" in catalog.ids


def test_broken_yaml_names_file_and_line(tmp_catalog):
    path = tmp_catalog / "scenarios" / "chatgpt.yaml"
    _edit(path, "vendor: OpenAI", "vendor: [OpenAI")
    [problem] = _problems(tmp_catalog)
    assert problem.startswith(f"{path}:") and "invalid YAML" in problem
    assert int(problem.split(":")[1]) >= _line_of(path, "vendor: [OpenAI")


def test_unknown_key_names_line_and_field(tmp_catalog):
    path = tmp_catalog / "scenarios" / "chatgpt.yaml"
    _edit(path, "    severity: high", "    severity: high\n    colour: red")
    [problem] = _problems(tmp_catalog)
    assert problem == f"{path}:{_line_of(path, 'colour: red')}: controls.0.colour: unknown key"


def test_bad_enum_value(tmp_catalog):
    path = tmp_catalog / "scenarios" / "chatgpt.yaml"
    _edit(path, "    severity: high", "    severity: extreme")
    [problem] = _problems(tmp_catalog)
    assert f":{_line_of(path, 'severity: extreme')}: controls.0.severity:" in problem


def test_unknown_selector_reference(tmp_catalog):
    path = tmp_catalog / "scenarios" / "chatgpt.yaml"
    _edit(path, "  - click: settings_menu_item", "  - click: settings_item")
    [problem] = _problems(tmp_catalog)
    assert "unknown selector 'settings_item'" in problem and f":{_line_of(path, 'click: settings_item')}:" in problem


def test_clicking_a_control_is_refused_by_the_linter(tmp_catalog):
    path = tmp_catalog / "scenarios" / "chatgpt.yaml"
    _edit(path, "  - click: improve_model_row", "  - click: improve_model_switch")
    problems = _problems(tmp_catalog)
    assert any("a scan never clicks a control" in p for p in problems)


def test_fact_needs_a_known_source(tmp_catalog):
    path = tmp_catalog / "scenarios" / "chatgpt.yaml"
    _edit(path, "  source: [guide-2026, openai-data-controls-faq]\n  confidence: documented\ndetect",
          "  source: nowhere\n  confidence: documented\ndetect")
    [problem] = _problems(tmp_catalog)
    assert "documented_path.source: unknown source 'nowhere'" in problem


def test_source_needs_a_date(tmp_catalog):
    path = tmp_catalog / "scenarios" / "chatgpt.yaml"
    _edit(path, "    date: 2026-03-07\n", "")
    [problem] = _problems(tmp_catalog)
    assert "sources.1.date: Field required" in problem


def test_duplicate_control_ids(tmp_catalog):
    path = tmp_catalog / "scenarios" / "chatgpt.yaml"
    text = path.read_text()
    block = text[text.index("  - id: improve_model"):text.index("business_default:")]
    path.write_text(text.replace(block, block + block))
    assert any("duplicate control id 'improve_model'" in p for p in _problems(tmp_catalog))


def test_positional_css_is_rejected(tmp_catalog):
    path = tmp_catalog / "selectors" / "chatgpt.yaml"
    _edit(path, "      - test_id: settings-menu-item", "      - css: 'div > div:nth-child(2)'")
    [problem] = _problems(tmp_catalog)
    assert "positional CSS is not allowed" in problem and str(path) in problem


def test_hashed_class_names_are_rejected(tmp_catalog):
    path = tmp_catalog / "selectors" / "chatgpt.yaml"
    _edit(path, "      - test_id: settings-menu-item", "      - css: 'div.css-175oi2r'")
    assert any("hashed" in p for p in _problems(tmp_catalog))


def test_selector_names_must_be_sorted(tmp_catalog):
    path = tmp_catalog / "selectors" / "chatgpt.yaml"
    text = path.read_text()
    block = text[text.index("  cloudflare_challenge:"):text.index("  data_controls_tab:")]
    path.write_text(text.replace(block, "") + block)
    assert any("selector names must be sorted" in p for p in _problems(tmp_catalog))


def test_schema_reference_is_required(tmp_catalog):
    path = tmp_catalog / "scenarios" / "chatgpt.yaml"
    path.write_text(path.read_text().split("\n", 1)[1])
    [problem] = _problems(tmp_catalog)
    assert problem == f"{path}:1: first line must reference the schema (# yaml-language-server: $schema=...)"


def test_committed_schemas_are_fresh():
    for name, entry in schema.SCHEMAS.items():
        committed = (ROOT / "checker" / "schemas" / name).read_text()
        assert json.loads(committed) == json.loads(schema.render(entry)), f"run `untrain schema` ({name} is stale)"


def test_every_yaml_references_its_schema():
    for folder, name in (("scenarios", "scenario"), ("selectors", "selectors")):
        for path in (ROOT / folder).glob("*.yaml"):
            first = path.read_text().splitlines()[0]
            assert first == f"# yaml-language-server: $schema=../checker/schemas/{name}.schema.json", path


def test_the_first_deep_link_must_not_be_inferred(tmp_catalog):
    # `untrain open` and the extension send people to the first link: it must be one a source shows.
    path = tmp_catalog / "scenarios" / "chatgpt.yaml"
    _edit(path, "    source: evidence\n    confidence: verified\n    note: Linked",
          "    source: evidence\n    confidence: inferred\n    note: Linked")
    [problem] = _problems(tmp_catalog)
    assert f"{path}:{_line_of(path, 'confidence: inferred')}: deep_links.0:" in problem
    assert "must not be inferred" in problem


# --------------------------------------------------------------------------- facts the sources disagree on


def _bundled():
    return load_catalog(ROOT / "scenarios", ROOT / "selectors")


def test_a_contested_fact_names_both_sides():
    # "Where sources disagree, record both with their dates": a contested fact cites at least two sources.
    from checker.catalogue.catalog import _facts

    for entry in _bundled().entries.values():
        for loc, fact in _facts(entry.scenario):
            if fact.confidence.value == "contested":
                assert len(set(fact.source)) >= 2, (entry.scenario.id, loc)


def test_recorded_disagreements_keep_both_dates():
    catalog = _bundled()
    # GitHub Copilot: the guide (no training by default, 2026-03-07) is superseded by GitHub's own
    # 2026 policy (on from 2026-04-24 unless you opt out): the default is on, and both dates are kept.
    default = catalog["github-copilot"].scenario.control("model_training").default
    assert (default.value, default.confidence.value) == ("on", "documented")
    assert "2026-03-07" in default.note and "2026-04-24" in default.note
    assert {"github-policy-2026", "guide-2026"} <= set(default.source)
    sources = {s.id: s.date for s in catalog["github-copilot"].scenario.sources}
    assert sources["github-policy-2026"] == "2026" and sources["github-blog-2026"] == "2026-03-25"
    # Claude: the older "not by default" against the 2025 terms change; the newer (on) stands.
    default = catalog["claude"].scenario.control("help_improve").default
    assert (default.value, default.confidence.value) == ("on", "contested")
    assert {"older-article", "lifehacker-2025"} <= set(default.source)
    # Grok: the default differs by region.
    default = catalog["grok"].scenario.control("improve_model").default
    assert default.value == "varies" and "EEA" in default.note
    # Copilot and Meta AI: an older "no opt-out" article against the newer sources.
    for provider in ("copilot", "meta-ai"):
        contested = [g for g in catalog[provider].scenario.gotchas if g.confidence.value == "contested"]
        assert contested and "older" in contested[0].text, provider


def test_grok_x_default_is_reported_by_the_2024_press():
    # Fact check 2026-12 §A: the 2024 press say plainly it was on by default; no longer inferred.
    default = _bundled()["grok-x"].scenario.control("grok_training").default
    assert (default.value, default.confidence.value) == ("on", "reported")
    assert "press-2024" in default.source and "2024-07" in default.note and "2024-09-04" in default.note


def test_an_entry_past_its_recheck_date_is_pointed_out(monkeypatch, capsys):
    # Facts age: `recheck_after` says when to look again, and `untrain catalog` says which are due.
    import datetime as dt

    from checker import cli
    from checker.catalogue.catalog import load_catalog
    from checker.commands import catalog as catalog_command

    mistral = load_catalog()["mistral"].scenario.model_copy(update={"recheck_after": "2026-10-13"})
    assert not mistral.recheck_due(dt.date(2026, 10, 12)) and mistral.recheck_due(dt.date(2026, 10, 13))
    month = mistral.model_copy(update={"recheck_after": "2026-12"})
    assert not month.recheck_due(dt.date(2026, 11, 30)) and month.recheck_due(dt.date(2026, 12, 1))

    monkeypatch.setattr(catalog_command, "today", lambda: dt.date(2100, 1, 1))  # everything is due
    assert cli.main(["catalog", "--json"]) == 0
    assert all(entry["recheck_due"] for entry in json.loads(capsys.readouterr().out))
    monkeypatch.setattr(catalog_command, "today", lambda: dt.date(2000, 1, 1))  # nothing is
    assert cli.main(["catalog"]) == 0
    assert "recheck due" not in capsys.readouterr().out
    monkeypatch.setattr(catalog_command, "today", lambda: dt.date(2100, 1, 1))
    assert cli.main(["catalog"]) == 0
    assert "Due for a recheck" in capsys.readouterr().out


def test_a_page_control_needs_a_reading(tmp_catalog):
    path = tmp_catalog / "scenarios" / "chatgpt.yaml"
    text = path.read_text()
    start = text.index("    readings:\n      # The row's button")
    end = text.index("    fix_path: Profile icon → Settings → Data controls")
    path.write_text(text[:start] + text[end:])
    problems = _problems(tmp_catalog)
    assert any("controls.0.readings: a page entry's control needs readings" in p for p in problems)


def test_an_advice_control_is_never_read(tmp_path):
    for folder in ("scenarios", "selectors"):
        (tmp_path / folder).mkdir()
    path = tmp_path / "scenarios" / "chatgpt-atlas.yaml"
    shutil.copy(ROOT / "scenarios" / "chatgpt-atlas.yaml", path)
    _edit(path, "    fix_path: Atlas", "    readings:\n      - {locator: x, reader: checked, training_allowed: ['true'],"
          " training_disabled: ['false']}\n    fix_path: Atlas")
    problems = _problems(tmp_path)
    assert any("controls.0.readings: a advice entry is never scanned" in p for p in problems)


# --------------------------------------------------------------------------- freshness (issue 14, point 4)


def test_no_entry_ships_past_its_recheck_date():
    # Today's date from the clock: when an entry's (or a dated fact's) `recheck_after` comes, this
    # fails the build until someone rechecks it or decides what to do, so the date is never a silent pass.
    import datetime as dt

    from checker.catalogue.freshness import due_items

    due = due_items(_bundled(), dt.date.today())
    assert due == [], "past their recheck date (run `untrain catalog --due`): " + ", ".join(
        f"{item.provider} {item.field or 'entry'} since {item.due_since}" for item in due)


def _day_of(date_text: str):
    import datetime as dt

    year, month, day = (int(part) for part in (date_text + "-01-01").split("-")[:3])
    return dt.date(year, month, day)


def test_due_lists_an_entry_once_its_date_has_passed():
    import datetime as dt

    from checker.catalogue.freshness import due_items

    catalog = _bundled()
    mistral = catalog["mistral"].scenario
    day = _day_of(mistral.recheck_after)  # a fake "today", injected; the catalogue is not edited
    def mistral_entries(today):
        return [item for item in due_items(catalog, today) if (item.provider, item.scope) == ("mistral", "entry")]

    assert mistral_entries(day - dt.timedelta(days=1)) == []
    [item] = mistral_entries(day)
    assert (item.scope, item.field, item.due_since) == ("entry", None, mistral.recheck_after)
    # What to check live, in the entry's own words: the path, the deep link, each label and default.
    assert any(" → ".join(mistral.documented_path.steps) in check for check in item.checks)
    assert any(mistral.deep_links[0].url in check for check in item.checks)
    for control in mistral.controls:
        assert any(f'labelled "{control.label}"' in check for check in item.checks)
        assert any(f'default of "{control.label}"' in check for check in item.checks)
    assert item.command == "untrain paths --live mistral"
    # An entry with no page to walk says what to check, with no command.
    advice = next(e.scenario for e in catalog.entries.values() if e.scenario.kind.value == "advice")
    [item] = [i for i in due_items(catalog, _day_of(advice.recheck_after)) if i.provider == advice.id]
    assert item.command is None and any(advice.advice in check for check in item.checks)


def test_due_lists_a_fact_with_its_own_earlier_date():
    import datetime as dt

    from checker.catalogue.catalog import Catalog, Entry
    from checker.catalogue.freshness import due_items

    entry = _bundled()["copilot"]
    gotchas = list(entry.scenario.gotchas)
    gotchas[0] = gotchas[0].model_copy(update={"recheck_after": "2026-12-10"})
    scenario = entry.scenario.model_copy(update={"gotchas": gotchas, "recheck_after": "2099-01-01"})
    catalog = Catalog({"copilot": Entry(scenario, entry.selectors, entry.scenario_file, entry.selectors_file)})
    assert due_items(catalog, dt.date(2026, 12, 9)) == []
    [item] = due_items(catalog, dt.date(2026, 12, 10))
    assert (item.provider, item.scope, item.field, item.due_since) == ("copilot", "fact", "gotchas.0", "2026-12-10")
    assert item.checks == [f"still true: {gotchas[0].text}"]
    # Once the whole entry is due, the fact is one of its checks, not a second item.
    assert [i.scope for i in due_items(catalog, dt.date(2099, 1, 1))] == ["entry"]


def test_dated_facts_in_the_catalogue_come_due_on_their_own_day():
    # The YAML form (`recheck_after` on a fact): Mistral's contested default and Copilot's unverified
    # "August 2026 update" claim want a live look before their entries do.
    import datetime as dt

    from checker.catalogue.freshness import due_items

    catalog = _bundled()
    default = catalog["mistral"].scenario.control("allow_training").default
    claim = next(g for g in catalog["copilot"].scenario.gotchas if "August 2026 update" in g.text)
    for provider, field, fact in (("mistral", "controls.0.default", default), ("copilot", None, claim)):
        day = _day_of(fact.recheck_after)
        before = [i for i in due_items(catalog, day - dt.timedelta(days=1)) if i.provider == provider]
        [item] = [i for i in due_items(catalog, day) if i.provider == provider]
        assert before == [] and item.scope == "fact" and item.due_since == fact.recheck_after
        assert field is None or item.field == field


def test_github_copilot_trains_by_default_for_every_individual_plan():
    # Issue 14, acceptance 1: the training control defaults to on, with its 2026 source; Max is in scope.
    scenario = _bundled()["github-copilot"].scenario
    assert scenario.control("model_training").default.value.value == "on"
    assert all(plan in scenario.plan_scope for plan in ("Free", "Pro", "Pro+", "Max"))
    dates = {s.id: s.date for s in scenario.sources}
    assert all(dates[ref].startswith("2026") for ref in ("github-policy-2026", "github-blog-2026"))


def test_catalog_due_command(monkeypatch, capsys):
    import datetime as dt

    from checker import cli
    from checker.commands import catalog as catalog_command

    mistral = _bundled()["mistral"].scenario
    monkeypatch.setattr(catalog_command, "today", lambda: _day_of(mistral.recheck_after))
    assert cli.main(["catalog", "--due"]) == 0
    out = capsys.readouterr().out
    assert f"mistral (Mistral Le Chat (Vibe)): the whole entry, due since {mistral.recheck_after}" in out
    assert "Walk the path: untrain paths --live mistral" in out and "How you can help" in out
    assert cli.main(["catalog", "--due", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {"provider": "mistral", "scope": "entry"}.items() <= next(
        i for i in listed if i["provider"] == "mistral").items()
    monkeypatch.setattr(catalog_command, "today", lambda: dt.date(2000, 1, 1))
    assert cli.main(["catalog", "--due"]) == 0
    assert "Nothing in the catalogue is past its recheck date (2000-01-01)." in capsys.readouterr().out
    assert cli.main(["catalog", "--due", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


# Point 7 of issue 12: every name a selector looks for traces to a source, or says it is a guess.

def test_a_name_no_source_shows_must_cite_one_or_say_it_is_inferred(tmp_catalog):
    path = tmp_catalog / "selectors" / "chatgpt.yaml"
    _edit(path, "        name: Log in\n        source: [evidence]\n", "        name: Log in\n")
    [problem] = _problems(tmp_catalog)
    assert problem == (f"{path}:{_line_of(path, 'name: Log in')}: selectors.login_button.candidates.0.name: "
                       "'Log in' is not in the documented path or a control's label or aliases: "
                       "cite the source that shows it (source: [id]) or mark it `inferred: true`")


def test_a_name_on_the_documented_path_needs_no_citation(tmp_catalog):
    # "Settings" is a step of ChatGPT's documented path: it traces without a `source`.
    path = tmp_catalog / "selectors" / "chatgpt.yaml"
    assert "name: Settings\n        exact: true\n      - test_id: settings-menu-item" in path.read_text()
    load_catalog(tmp_catalog / "scenarios", tmp_catalog / "selectors")
    _edit(path, "        name: Settings\n        exact: true\n", "        name: Preferences\n        exact: true\n")
    [problem] = _problems(tmp_catalog)
    assert "selectors.settings_menu_item.candidates.0.name: 'Preferences' is not in the documented path" in problem


def test_a_cited_source_must_be_one_of_the_scenarios(tmp_catalog):
    path = tmp_catalog / "selectors" / "chatgpt.yaml"
    _edit(path, "        name: Log in\n        source: [evidence]\n", "        name: Log in\n        source: [a-blog]\n")
    [problem] = _problems(tmp_catalog)
    assert "selectors.login_button.candidates.0.source: unknown source 'a-blog'" in problem


def test_an_inferred_name_is_never_the_only_way_through_a_step(tmp_catalog):
    path = tmp_catalog / "selectors" / "chatgpt.yaml"
    # Only the test id stands beside the guessed name: without it, a guess would be the only way.
    _edit(path, "        name: Settings\n        exact: true\n      - test_id: settings-menu-item\n",
          "        name: Settings\n        inferred: true\n        exact: true\n")
    [problem] = _problems(tmp_catalog)
    assert problem == (f"{path}:{_line_of(path, '- role: menuitem')}: selectors.settings_menu_item.candidates.0: "
                       "every candidate is an inferred name: add one a source shows, or one found by place "
                       "(css, test_id), so that a guess is never the only way through this step")


def test_inferred_and_source_say_where_a_name_comes_from(tmp_catalog):
    path = tmp_catalog / "selectors" / "chatgpt.yaml"
    _edit(path, "        source: [evidence]\n        exact: true\n", "        source: [evidence]\n        inferred: true\n        exact: true\n")
    [problem] = _problems(tmp_catalog)
    assert "either shown by a source or inferred, not both" in problem


def test_each_placeholder_left_is_one_problem_saying_what_to_put_there(tmp_catalog):
    # `untrain new-provider` writes FILL[key]: hint where a fact belongs. Each one left is refused by
    # name, and alone: the URL pattern the deep link's placeholder also breaks adds no second message.
    scenario, selectors = tmp_catalog / "scenarios" / "chatgpt.yaml", tmp_catalog / "selectors" / "chatgpt.yaml"
    _edit(scenario, "vendor: OpenAI", 'vendor: "FILL[vendor]: the company that runs it"')
    _edit(scenario, "  - url: https://chatgpt.com/#settings/DataControls",
          "  - url: \"FILL[deep_link]: the settings page's address,\n      as a source shows it\"")
    _edit(selectors, "        name: Log in\n", "        name: FILL[sign_in_name]\n")
    assert _problems(tmp_catalog) == [
        f"{scenario}:{_line_of(scenario, 'FILL[vendor]')}: vendor: not filled in: the company that runs it "
        "(placeholder FILL[vendor])",
        f"{scenario}:{_line_of(scenario, 'FILL[deep_link]')}: deep_links.0.url: not filled in: the settings "
        "page's address, as a source shows it (placeholder FILL[deep_link])",
        f"{selectors}:{_line_of(selectors, 'FILL[sign_in_name]')}: selectors.login_button.candidates.0.name: "
        "not filled in: the value a source shows (placeholder FILL[sign_in_name])",
    ]
