"""The command line as a person meets it: exit codes, messages, reports."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ..harness import PageCount

ROOT = Path(__file__).resolve().parents[2]


def untrain(*args, env=None, cwd=None):
    return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, cwd=cwd or ROOT, timeout=120)


def test_version_and_help():
    assert untrain("--version").stdout.startswith("untrain ")
    out = untrain("--help").stdout
    for command in ("scan", "catalog", "open"):
        assert command in out


def test_unknown_provider_exits_64_and_lists_known_ids():
    run = untrain("scan", "--demo", "--provider", "nosuch")
    assert run.returncode == 64
    assert "unknown provider: nosuch" in run.stderr and "chatgpt" in run.stderr


def test_bad_option_exits_64():
    assert untrain("scan", "--no-such-flag").returncode == 64


def test_broken_yaml_exits_65_naming_file_and_line(tmp_path):
    for folder in ("scenarios", "selectors"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    broken = tmp_path / "scenarios" / "chatgpt.yaml"
    broken.write_text(broken.read_text().replace("vendor: OpenAI", "vendor: [OpenAI"))
    run = untrain("catalog", env={"UNTRAIN_SCENARIOS": str(tmp_path / "scenarios"),
                                  "UNTRAIN_SELECTORS": str(tmp_path / "selectors")})
    assert run.returncode == 65
    assert f"{broken}:" in run.stderr and "invalid YAML" in run.stderr
    assert "Traceback" not in run.stderr


def test_demo_scan_json_report(untrain_home):
    run = untrain("scan", "--demo", "--provider", "chatgpt", "--json", "-", env={"UNTRAIN_HOME": str(untrain_home)})
    report = json.loads(run.stdout)
    assert report["schema_version"] == 3 and report["demo"] is True
    [provider] = report["providers"]
    assert provider["id"] == "chatgpt"
    control, ads = provider["controls"]
    assert set(control) >= {"id", "label", "status", "reason", "drift", "fix_path", "deep_link", "meaning"}
    assert (control["id"], control["meaning"], control["status"]) == ("improve_model", "training", "on")
    assert run.returncode == report["exit_code"] == 0  # a demo is not the person's state: it worked
    # The ads switch is on too, shown with its meaning, and not counted in the summary.
    assert (ads["id"], ads["meaning"], ads["status"]) == ("ad_personalization", "ads", "on")
    assert report["summary"]["on"] == 1


def test_missing_browser_says_how_to_install(untrain_home):
    run = untrain("scan", "--demo", "--provider", "chatgpt",
                  env={"UNTRAIN_BROWSER": "/nonexistent/chrome", "UNTRAIN_HOME": str(untrain_home)})
    assert run.returncode == 2
    assert "playwright install chromium" in run.stderr and "apt-get install chromium" in run.stderr


def test_bad_har_exits_65(tmp_path, untrain_home):
    bad = tmp_path / "bad.har"
    bad.write_text("{not json")
    run = untrain("scan", "--har", str(bad), "--provider", "chatgpt", env={"UNTRAIN_HOME": str(untrain_home)})
    assert run.returncode == 65 and "not a HAR file" in run.stderr
    assert run.stderr.startswith("error: ") and "[red]" not in run.stderr


def test_open_prints_link_and_path():
    run = untrain("open", "chatgpt", "--print")
    assert run.returncode == 0
    assert "https://chatgpt.com/#settings/DataControls" in run.stdout and "Data Controls" in run.stdout


def test_installed_wheel_carries_the_catalogue(tmp_path):
    """A non-editable install into a fresh venv must find the catalogue without the checkout."""
    import sysconfig
    import venv

    wheel_dir, fresh, source = tmp_path / "wheel", tmp_path / "venv", tmp_path / "source"
    # Built from a clean copy: setuptools reuses a checkout's build/ folder, and a stale one would
    # carry files the package data no longer lists.
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        "build", "*.egg-info", ".git", ".venv", "node_modules", "__pycache__", ".pytest_cache"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(wheel_dir), str(source)], check=True, capture_output=True, timeout=300)
    [wheel] = wheel_dir.glob("untrain-*.whl")
    venv.create(fresh, with_pip=False)
    python = fresh / "bin" / "python"
    fresh_site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                     capture_output=True, text=True, check=True).stdout.strip())
    # Dependencies come from this test run's environment (tests never download anything).
    (fresh_site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    # --ignore-installed: deps.pth also exposes the development install of untrain (same version),
    # and pip would otherwise call the wheel "already satisfied" and install nothing.
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
                    "--ignore-installed", "-q", str(wheel)], check=True, capture_output=True, timeout=300)
    target = fresh_site
    env = {k: v for k, v in os.environ.items() if k not in ("UNTRAIN_SCENARIOS", "UNTRAIN_SELECTORS", "PYTHONPATH")}
    run = subprocess.run([str(fresh / "bin" / "untrain"), "catalog", "--json"], capture_output=True, text=True,
                         env=env, cwd=tmp_path, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "chatgpt" in {p["id"] for p in json.loads(run.stdout)}
    # Every sub-package is in the wheel itself (pyproject lists them by hand; `checker.har` once was
    # missing). Asked of the wheel's file list: the fresh venv can also see this checkout.
    import zipfile

    shipped = set(zipfile.ZipFile(wheel).namelist())
    packages = {str(p.parent.relative_to(ROOT)) for p in (ROOT / "checker").rglob("__init__.py")
                if "_bundled" not in p.parts}
    assert {f"{p}/__init__.py" for p in packages} <= shipped, packages - {n.rsplit("/", 1)[0] for n in shipped}
    # ...and the templates `untrain new-provider` writes from, which are package data, not a package.
    templates = {str(p.relative_to(ROOT)) for p in (ROOT / "checker" / "templates").rglob("*") if p.is_file()}
    assert templates and templates <= shipped, templates - shipped
    # The README's main command ends in `.venv/bin/untrain scan --demo`: it exits 0 (a demo that
    # worked), and the command it prints next works as printed, venv path and all.
    env["UNTRAIN_HOME"] = str(tmp_path / "home")
    env["COLUMNS"] = "200"  # one printed command per line
    demo = subprocess.run([".venv/bin/untrain", "scan", "--demo", "chatgpt", "meta-ai"], capture_output=True,
                          text=True, env=env, cwd=_as_dot_venv(fresh), timeout=120)
    assert demo.returncode == 0, demo.stdout + demo.stderr
    assert "Traceback" not in demo.stdout + demo.stderr
    [printed] = [line.split("See it as a page:", 1)[1].split("(")[0].strip()
                 for line in demo.stdout.splitlines() if "See it as a page:" in line]
    assert printed.startswith(".venv/bin/untrain report --demo --html ")
    shown = subprocess.run(printed.split(), capture_output=True, text=True, env=env, cwd=_as_dot_venv(fresh),
                           timeout=120)
    assert shown.returncode == 0, shown.stderr
    assert "ChatGPT" in (_as_dot_venv(fresh) / printed.split()[-1]).read_text()
    assert (target / "checker" / "_bundled" / "replicas" / "chatgpt" / "app.html").is_file()
    # ...and the unpacked extension, which `untrain extension install` tells the person to load.
    bundled_extension = target / "checker" / "_bundled" / "extension"
    assert (bundled_extension / "manifest.json").is_file() and (bundled_extension / "lib" / "locate.js").is_file()
    run = subprocess.run([str(python), "-c", "from checker.extension_host.extension_install import load_instructions as l; "
                          "print(l('chromium'))"], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert run.returncode == 0, run.stderr
    assert str(bundled_extension) in run.stdout


def _as_dot_venv(venv_dir: Path) -> Path:
    """A folder where `.venv` is that venv, as after the README's `python3 -m venv .venv`."""
    project = venv_dir.parent / "project"
    project.mkdir(exist_ok=True)
    link = project / ".venv"
    if not link.exists():
        link.symlink_to(venv_dir)
    return project


def test_first_scan_before_any_login_says_what_to_do(untrain_home):
    run = untrain("scan", "--provider", "chatgpt", env={"UNTRAIN_HOME": str(untrain_home)})
    assert run.returncode == 2
    assert "untrain login chatgpt" in run.stderr and "untrain scan --demo" in run.stderr
    assert not (untrain_home / "profile").exists()  # no browser was started against a real site


def test_every_command_has_help(capsys):
    from checker.cli import COMMANDS, main

    for command in COMMANDS:
        assert main([command, "--help"]) == 0, command
        out = capsys.readouterr().out
        assert out.startswith(f"usage: untrain {command}"), command
        assert len(out.splitlines()) > 3, f"`untrain {command} --help` says almost nothing"


def test_providers_can_be_named_without_the_flag(untrain_home):
    # `untrain scan chatgpt claude`, like `untrain login chatgpt`; the same as --provider.
    run = untrain("scan", "--demo", "claude", "chatgpt", "--json", "-", env={"UNTRAIN_HOME": str(untrain_home)})
    assert sorted(p["id"] for p in json.loads(run.stdout)["providers"]) == ["chatgpt", "claude"]
    wrong = untrain("scan", "--demo", "chatgtp")
    assert wrong.returncode == 64 and "unknown provider: chatgtp" in wrong.stderr


def _drivers_running() -> int:
    """Playwright drivers ("node … run-driver") among this test process's descendants."""
    parent, drivers = {}, set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            if b"run-driver" in (entry / "cmdline").read_bytes():
                drivers.add(int(entry.name))
        except OSError:
            continue
    mine = 0
    for pid in drivers:
        walker = pid
        while walker > 1 and walker != os.getpid():
            walker = parent.get(walker, 0)
        mine += walker == os.getpid()
    return mine


@pytest.mark.parametrize("command, args, code", [
    ("scan", ["--demo", "--provider", "chatgpt"], 0),  # the demo read as declared
    ("paths", ["chatgpt"], 0),  # every documented step found on the replica
])
def test_the_driver_is_spawned_before_the_command_starts_up_and_stopped_after(untrain_home, monkeypatch,
                                                                                command, args, code):
    # Playwright's driver takes about 0.5 s to boot; `untrain scan` and `paths` spawn it first and
    # import, parse and load the catalogue meanwhile (checker/engine/early_driver.py). The session's own
    # engine may have a driver running too, hence counts.
    import importlib

    from checker import cli

    module = importlib.import_module(f"checker.commands.{command}")
    before = _drivers_running()
    seen = []
    load_catalog = module.load_catalog

    def spy():
        seen.append(_drivers_running() - before)
        return load_catalog()

    monkeypatch.setattr(module, "load_catalog", spy)
    assert cli.main([command, *args]) == code
    assert seen == [1]
    assert _drivers_running() == before
    # Node kept the driver's compiled code for the next boot, and nothing else saw the setting.
    assert any((untrain_home / "cache" / "node-compile-cache").iterdir())
    assert "NODE_COMPILE_CACHE" not in os.environ
    # A command that ends before it needs the browser stops the driver too.
    assert cli.main([command, "--provider", "chatgtp"]) == 64
    assert seen == [1, 1] and _drivers_running() == before


def test_only_commands_that_drive_a_browser_start_one_early(monkeypatch):
    from checker import cli
    from checker.engine import early_driver

    started = []
    monkeypatch.setattr(early_driver, "start", lambda: started.append(True))
    assert cli.main(["scan", "--help"]) == 0 and cli.main(["catalog"]) == 0
    assert started == []


def test_a_cache_folder_that_cannot_be_made_does_not_stop_a_scan(untrain_home):
    # The compile cache only makes the driver boot faster; a scan must not depend on it.
    untrain_home.mkdir(parents=True)
    (untrain_home / "cache").write_text("a file where the cache folder would go")
    from checker import cli

    assert cli.main(["scan", "--demo", "--provider", "chatgpt"]) == 0  # the demo read as declared
    assert "NODE_COMPILE_CACHE" not in os.environ


def test_demo_scan_shows_every_provider_scanned_at_once_in_one_browser(untrain_home, monkeypatch, capsys):
    # Issue 3, point 4: `untrain scan --demo` shows every catalogue entry (pages and no-opt-out in the
    # report, advice entries as "check manually" lines) and reads the pages in parallel in one browser.
    from checker import cli
    from checker.catalogue.catalog import load_catalog
    from checker.engine import sources
    from checker.catalogue.models import Kind
    from checker.engine.runner import DEFAULT_CONCURRENCY

    launches = []
    real_launch = sources.launch

    async def counting_launch(*args, **kwargs):
        launches.append(True)
        return await real_launch(*args, **kwargs)

    monkeypatch.setattr(sources, "launch", counting_launch)
    pages = PageCount.install(monkeypatch)
    assert cli.main(["scan", "--demo", "--json", "-"]) == 0  # every replica read as declared
    out = capsys.readouterr()
    entries = load_catalog().entries.values()
    reported = {p["id"] for p in json.loads(out.out)["providers"]}
    assert reported == {e.scenario.id for e in entries if e.scenario.kind != Kind.advice}
    for entry in entries:
        if entry.scenario.kind == Kind.advice:
            assert entry.scenario.name in out.err, entry.scenario.name  # shown as "check manually"
    assert len(launches) == 1
    assert 1 < pages.most_at_once <= DEFAULT_CONCURRENCY


BAD_FLAG_VALUES = [
    ("scan", "--demo", "--timeout", "-1"),
    ("scan", "--demo", "--timeout", "0"),
    ("scan", "--demo", "--timeout", "nan"),
    ("scan", "--demo", "--timeout", "inf"),
    ("scan", "--demo", "--concurrency", "0"),
    ("scan", "--demo", "--concurrency", "-3"),
    ("record", "chatgpt", "--out", "x.har", "--timeout", "-1"),
    ("paths", "--timeout", "nan"),
    ("paths", "--gone-after", "0"),
    ("history", "--limit", "-5"),
]


@pytest.mark.parametrize("argv", BAD_FLAG_VALUES, ids=" ".join)
def test_bad_flag_values_are_usage_errors_naming_the_flag(argv, untrain_home, tmp_path):
    # A negative timeout made every control "timeout" (exit 2) and concurrency 0 was quietly
    # turned into 1: the person typed something wrong and was never told.
    run = untrain(*argv, env={"UNTRAIN_HOME": str(untrain_home)}, cwd=tmp_path)  # record's x.har lands here
    flag = argv[-2]
    assert run.returncode == 64, run.stderr
    assert f"argument {flag}" in run.stderr and argv[-1] in run.stderr
    assert "Traceback" not in run.stderr
    assert not (untrain_home / "history.sqlite3").exists()  # nothing ran


@pytest.mark.parametrize("argv", [("history",), ("scan", "chatgpt"), ("report", "--html", "out.html"),
                                  ("schedule", "status"), ("paths", "--live", "chatgpt")], ids=" ".join)
def test_a_data_folder_that_cannot_be_made_is_a_clear_error(argv, tmp_path):
    # A file where the folder would go (as root, chmod cannot make a folder unwritable in a test).
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    home = blocker / "untrain"
    run = untrain(*argv, env={"UNTRAIN_HOME": str(home), "UNTRAIN_CONFIG_HOME": str(home / "config")}, cwd=tmp_path)
    assert "Traceback" not in run.stderr, run.stderr
    assert run.returncode == 65, run.stderr
    assert str(home) in run.stderr and "UNTRAIN_HOME" in run.stderr


def test_a_demo_scan_needs_no_data_or_config_folder(tmp_path):
    # Nothing of the person's is read or written by a demo, so a broken data folder must not stop it.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    home = blocker / "untrain"
    run = untrain("scan", "--demo", "chatgpt", env={"UNTRAIN_HOME": str(home), "UNTRAIN_CONFIG_HOME": str(home)})
    assert "Traceback" not in run.stderr, run.stderr
    assert run.returncode == 0  # the demo read as declared; not keeping it is only a warning
    assert "the demo was not kept" in run.stdout


@pytest.mark.parametrize("command, flag", [("scan", "--json"), ("scan", "--markdown"), ("paths", "--json"),
                                           ("paths", "--junit")])
def test_a_report_path_in_a_missing_folder_is_refused_before_scanning(command, flag, untrain_home, tmp_path):
    # It used to be found only after the whole scan, as a FileNotFoundError traceback.
    target = tmp_path / "no-such-folder" / "report.out"
    run = untrain(command, "chatgpt", flag, str(target), *(["--demo"] if command == "scan" else []),
                  env={"UNTRAIN_HOME": str(untrain_home)})
    assert run.returncode == 64, run.stderr
    assert "Traceback" not in run.stderr and str(target.parent) in run.stderr
    assert "Scanning" not in run.stderr + run.stdout and "ChatGPT" not in run.stdout


def test_personal_scan_reports_are_private_even_under_a_permissive_umask(untrain_home, tmp_path):
    # A report lists which of the person's accounts still train; like `untrain report --html`, only
    # they may read it, also when the file already existed with wider permissions.
    json_out, md_out = tmp_path / "scan.json", tmp_path / "scan.md"
    json_out.write_text("old")
    json_out.chmod(0o644)
    run = subprocess.run([sys.executable, "-m", "checker", "scan", "--replica", "chatgpt=on",
                          "--json", str(json_out), "--markdown", str(md_out)],
                         capture_output=True, text=True, cwd=ROOT, timeout=120, umask=0)
    assert run.returncode == 1, run.stderr  # the replica's ChatGPT is on
    assert json.loads(json_out.read_text())["providers"][0]["id"] == "chatgpt"
    for path in (json_out, md_out):
        assert (path.stat().st_mode & 0o777) == 0o600, path


def test_history_of_an_unknown_provider_is_a_usage_error_not_no_scans_yet(untrain_home):
    # A typo in --provider used to print "No scans yet. Run `untrain scan`." even with a full history.
    from checker.store.history import History
    from tests.scheduling.helpers import chatgpt_report, day
    from checker.results import Status

    with History() as history:
        history.record_scan(chatgpt_report(Status.off, at=day(1)))
    env = {"UNTRAIN_HOME": str(untrain_home)}
    typo = untrain("history", "--provider", "chatgtp", env=env)
    assert typo.returncode == 64 and "unknown provider: chatgtp" in typo.stderr and "chatgpt" in typo.stderr
    assert "No scans yet" not in typo.stdout
    never = untrain("history", "--provider", "claude", env=env)  # known, just never scanned
    assert never.returncode == 0 and "No scans of claude yet" in never.stdout
    assert "ChatGPT" in untrain("history", "--provider", "chatgpt", env=env).stdout


def test_record_out_that_is_a_folder_is_refused_before_recording(untrain_home, tmp_path):
    run = untrain("record", "chatgpt", "--replica", "on", "--out", str(tmp_path), env={"UNTRAIN_HOME": str(untrain_home)})
    assert run.returncode == 64, run.stderr
    assert f"--out {tmp_path}" in run.stderr and "is a folder" in run.stderr
    assert "Recording" not in run.stdout


def test_a_bug_is_an_internal_error_not_exit_1(monkeypatch, capsys):
    # Exit 1 means "a control is on": a crash must not raise that alarm, nor print a traceback.
    from checker.cli import main
    from checker.commands import catalog

    def broken(args):
        raise RuntimeError("something the code did not expect\nsecond line")

    monkeypatch.setattr(catalog, "run", broken)
    monkeypatch.delenv("UNTRAIN_DEBUG", raising=False)
    assert main(["catalog"]) == 70
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: something the code did not expect" in err
    assert "nothing was verified" in err and "UNTRAIN_DEBUG=1" in err
    assert "Traceback" not in err and "second line" not in err

    monkeypatch.setenv("UNTRAIN_DEBUG", "1")
    assert main(["catalog"]) == 70
    assert "Traceback" in capsys.readouterr().err


def test_the_json_reports_are_described_by_their_committed_schemas(untrain_home):
    # Whoever reads `--json` gets a schema: every key the demo writes is one the schema declares,
    # and every key the schema requires is written (nested providers and controls included).
    schemas = ROOT / "checker" / "schemas"
    run = untrain("scan", "--demo", "--json", "-", env={"UNTRAIN_HOME": str(untrain_home)})
    report = json.loads(run.stdout)
    schema = json.loads((schemas / "scan-report.schema.json").read_text())

    def keys_match(data: dict, definition: dict, where: str):
        declared = set(definition["properties"])
        assert set(data) <= declared, f"{where}: written but not in the schema: {set(data) - declared}"
        assert set(definition.get("required", [])) <= set(data), f"{where}: required but missing"

    keys_match(report, schema, "report")
    assert report["exit_code"] == run.returncode == 0
    for provider in report["providers"]:
        keys_match(provider, schema["$defs"]["ProviderResult"], provider["id"])
        for control in provider["controls"]:
            keys_match(control, schema["$defs"]["ControlResult"], f"{provider['id']}.{control['id']}")

    paths_run = untrain("paths", "chatgpt", "--json", "-", env={"UNTRAIN_HOME": str(untrain_home)})
    paths_report = json.loads(paths_run.stdout)
    paths_schema = json.loads((schemas / "paths-report.schema.json").read_text())
    keys_match(paths_report, paths_schema, "paths report")
    assert paths_report["exit_code"] == paths_run.returncode == 0
    for provider in paths_report["providers"]:
        keys_match(provider, paths_schema["$defs"]["ProviderPaths"], provider["id"])
        for link in provider["deep_links"]:
            keys_match(link, paths_schema["$defs"]["DeepLinkReport"], link["url"])


def test_a_demo_that_misreads_a_replica_fails(untrain_home, monkeypatch, capsys):
    # Exit 0 means the demo worked; a replica read otherwise than declared is a failure (exit 2).
    from checker import cli
    from checker.replicas import demo

    monkeypatch.setitem(demo.DEMO_EXPECTED, "chatgpt", "off")
    report = untrain_home / "demo.json"
    assert cli.main(["scan", "--demo", "chatgpt", "claude", "--json", str(report)]) == 2
    out = capsys.readouterr().out
    assert "did not read as declared" in out and "ChatGPT: expected off, read on" in out
    assert "Claude" not in out.split("did not read as declared")[1]
    # The report carries what went wrong, and so its exit code, without asking the demo again.
    saved = json.loads(report.read_text())
    assert saved["exit_code"] == 2 and saved["demo_misread"] == ["ChatGPT: expected off, read on"]


def test_the_results_layer_imports_nothing_above_it():
    # results.py is what every layer reports in: an import of anything else in checker/ (the demo's
    # expectations once) is a cycle.
    import ast

    import checker.results

    tree = ast.parse(Path(checker.results.__file__).read_text())
    relative = [node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level]
    assert relative == []


def test_the_demo_is_kept_apart_and_report_demo_shows_it(untrain_home, tmp_path):
    env = {"UNTRAIN_HOME": str(untrain_home), "COLUMNS": "200"}
    fresh = untrain("report", "--demo", "--html", str(tmp_path / "none.html"), env=env)
    assert fresh.returncode == 64 and "untrain scan --demo" in fresh.stderr  # nothing kept yet: say what to run
    run = untrain("scan", "--demo", "chatgpt", "claude", env=env)
    assert run.returncode == 0, run.stderr
    assert "untrain report --demo --html demo.html" in run.stdout  # the closing lines say what to look at
    assert not (untrain_home / "history.sqlite3").exists()  # never in the person's history
    page = tmp_path / "demo.html"
    shown = untrain("report", "--demo", "--html", str(page), env=env)
    assert shown.returncode == 0, shown.stderr
    text = page.read_text()
    assert "Demo:" in text and "ChatGPT" in text and "Claude" in text
    # A second demo replaces the first: the page shows the last one.
    assert untrain("scan", "--demo", "claude", env=env).returncode == 0
    assert untrain("report", "--demo", "--html", str(page), env=env).returncode == 0
    assert "ChatGPT" not in page.read_text() and "Claude" in page.read_text()
    # The person's own report says why it is empty, and where the demo is.
    own = untrain("report", "--html", str(tmp_path / "own.html"), env=env)
    assert own.returncode == 0 and "history is empty" in own.stdout and "report --demo" in own.stdout


def test_at_80_columns_the_demo_cuts_no_link_and_wraps_no_fix_path_mid_word(untrain_home, tmp_path):
    out = tmp_path / "demo.json"
    run = untrain("scan", "--demo", "--json", str(out), env={"UNTRAIN_HOME": str(untrain_home), "COLUMNS": "80"})
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert max(len(line) for line in lines if "https://" not in line) <= 80
    assert "…" not in run.stdout
    words = " ".join(run.stdout.split())
    checked = 0
    for provider in json.loads(out.read_text())["providers"]:
        for control in provider["controls"]:
            if control["status"] == "on":
                if control["deep_link"]:
                    assert any(line.strip() == control["deep_link"] for line in lines), control["deep_link"]
                fix = ' '.join(control['fix_path'].split())
                if control.get("fix_snippet"):  # a local tool: the JSON to paste, printed after the report
                    assert f"Fix: add the JSON below to {fix}" in words, fix
                else:
                    assert f"Turn it off: {fix}" in words, fix
                checked += 1
    assert checked >= 3


def test_catalog_prints_every_id_whole_at_80_columns():
    from checker.catalogue.catalog import load_catalog

    run = untrain("catalog", env={"COLUMNS": "80"})
    assert run.returncode == 0, run.stderr
    assert max(len(line) for line in run.stdout.splitlines()) <= 80
    tokens = set(run.stdout.replace("│", " ").replace("┃", " ").split())
    for provider_id in load_catalog().entries:
        assert provider_id in tokens, provider_id


@pytest.mark.parametrize("argv", [["--help"], ["--version"], []], ids=repr)
def test_help_and_version_load_no_command_no_playwright_no_catalogue(argv):
    # `untrain --help` took 4x a bare Python start-up: it imported Playwright and the catalogue.
    # (Timings are in bench/run.py and docs/performance.md; this checks the cause stays away.)
    code = ("import sys\nfrom checker.cli import main\ncode = main(%r)\n"
            "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('playwright', 'pydantic', 'yaml', 'rich')"
            " or (m.startswith('checker.') and m != 'checker.cli'))\n"
            "print('HEAVY', heavy, code)" % (argv,))
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert run.stdout.splitlines()[-1] == f"HEAVY [] {64 if not argv else 0}", run.stdout + run.stderr


def test_the_help_summaries_are_the_ones_each_command_registers():
    import argparse
    import importlib

    from checker.cli import COMMANDS, EXIT_USAGE, SUMMARIES
    from checker.results import ExitCode

    assert EXIT_USAGE == ExitCode.USAGE
    sub = argparse.ArgumentParser().add_subparsers()
    for name in COMMANDS:
        importlib.import_module(f"checker.commands.{name.replace('-', '_')}").register(sub)
    registered = {action.dest: action.help for action in sub._choices_actions}
    assert registered == SUMMARIES


def test_docs_and_bench_name_no_machine_specific_paths():
    # docs/performance.md and bench/run.py printed one machine's interpreter path.
    import re

    machine_path = re.compile(r"(?<![\w.~])(/root/|/home/\w|/work/\w|/Users/\w|/tmp/pytest|[A-Z]:\\Users\\)")
    files = [*ROOT.glob("docs/**/*.md"), *ROOT.glob("bench/**/*.py"), ROOT / "README.md"]
    found = [f"{path.relative_to(ROOT)}:{number}: {line.strip()}" for path in files
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if machine_path.search(line)]
    assert found == []


def test_a_reader_that_stops_early_is_not_an_internal_error(untrain_home):
    # `untrain catalog --json | head -c 1`: the reader leaves, and the next write fails. That
    # printed "internal error … This is a bug in Untrain" and exited 70. It is the shell's SIGPIPE
    # convention instead: quiet, 128 + 13.
    process = subprocess.Popen([sys.executable, "-m", "checker", "catalog", "--json"], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout.read(1) == b"["
    process.stdout.close()  # far more than a pipe's buffer is still to come
    err = process.stderr.read().decode()
    assert process.wait(timeout=60) == 141, err
    assert err == ""
