"""The HTML report: one self-contained page (inline CSS, no scripts, no external assets).

It shows the latest state of every control with its fix path and link, and a timeline of every
state history holds for it, so a person can see when a setting flipped back on. Controls are grouped
in one section per meaning, what counts first (training, human review), then what is shown but never
counted (ads, telemetry); providers with no switch (not trained, no opt-out) have their own section.
The summary pills count only what counts.
"""

from __future__ import annotations

from datetime import datetime, timezone
from html import escape

from ..store.history import ControlState, History, ProviderState
from ..results import COUNTED_MEANINGS, Status
from .labels import MEANING_ORDER, STATUS_TEXT, meaning_heading, state_words

# status -> (css class, sort order: what needs attention first)
STYLE = {
    Status.on: ("on", 0),
    Status.unknown: ("unknown", 1),
    Status.no_opt_out: ("noopt", 2),
    Status.off: ("off", 3),
    Status.not_trained: ("off", 4),  # settled like off: nothing to do, said in its own words
    Status.not_applicable: ("na", 5),
}

CSS = """
:root { --bg:#f6f7f9; --card:#fff; --ink:#1d2330; --muted:#5f6b7a; --line:#e3e7ee;
  --on:#c62828; --on-bg:#fdecec; --off:#1b7f3b; --off-bg:#e8f5ec; --unknown:#a66300; --unknown-bg:#fff4e0;
  --noopt:#7b3fa0; --noopt-bg:#f4ecfa; --na:#6b7280; --na-bg:#eef0f3; }
@media (prefers-color-scheme: dark) {
  :root { --bg:#12151b; --card:#1b2029; --ink:#e8ebf0; --muted:#9aa4b2; --line:#2b323e;
    --on-bg:#3a1a1c; --off-bg:#16301f; --unknown-bg:#35280f; --noopt-bg:#2c1d38; --na-bg:#262b33;
    --on:#ff6b6b; --off:#4cc27a; --unknown:#f0a63a; --noopt:#c28ae6; --na:#9aa4b2; } }
* { box-sizing: border-box; }
body { margin:0; background:var(--bg); color:var(--ink);
  font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Ubuntu,sans-serif; }
main { max-width: 980px; margin: 0 auto; padding: 32px 20px 48px; }
header h1 { margin:0; font-size: 28px; letter-spacing:-0.01em; }
header p { margin: 4px 0 0; color: var(--muted); }
.summary { display:flex; gap:10px; flex-wrap:wrap; margin: 20px 0 28px; }
.pill { padding: 6px 14px; border-radius: 999px; font-weight: 600; font-size: 14px; }
.pill.on { background:var(--on-bg); color:var(--on); } .pill.off { background:var(--off-bg); color:var(--off); }
.pill.unknown { background:var(--unknown-bg); color:var(--unknown); }
.pill.noopt { background:var(--noopt-bg); color:var(--noopt); } .pill.na { background:var(--na-bg); color:var(--na); }
.card { background:var(--card); border:1px solid var(--line); border-radius: 14px; margin-bottom: 18px;
  overflow:hidden; box-shadow: 0 1px 2px rgba(0,0,0,.04); }
.card > h3 { margin:0; padding: 14px 20px; font-size: 18px; border-bottom:1px solid var(--line); }
section.meaning > h2 { font-size: 20px; margin: 28px 0 10px; }
section.meaning > h2 small { color: var(--muted); font-weight: 500; font-size: 14px; }
.control { padding: 16px 20px; border-left: 5px solid transparent; }
.control + .control { border-top: 1px solid var(--line); }
.control.on { border-left-color: var(--on); } .control.off { border-left-color: var(--off); }
.control.unknown { border-left-color: var(--unknown); } .control.noopt { border-left-color: var(--noopt); }
.control.na { border-left-color: var(--na); }
.row { display:flex; align-items:center; gap: 12px; flex-wrap: wrap; }
.label { font-weight: 600; font-size: 16px; flex: 1 1 260px; }
.badge { font-weight: 700; padding: 2px 10px; border-radius: 6px; font-size: 13px; white-space: nowrap; }
.badge.on { background:var(--on-bg); color:var(--on); } .badge.off { background:var(--off-bg); color:var(--off); }
.badge.unknown { background:var(--unknown-bg); color:var(--unknown); }
.badge.noopt { background:var(--noopt-bg); color:var(--noopt); } .badge.na { background:var(--na-bg); color:var(--na); }
.meta { color: var(--muted); font-size: 13px; margin-top: 2px; }
.fix { margin-top: 10px; font-size: 14px; }
.fix a { color: inherit; font-weight: 600; }
.snippet { margin: 6px 0 0; padding: 8px 10px; background: var(--bg); border-radius: 6px; font-size: 13px; }
.detail { margin-top: 6px; font-size: 13px; color: var(--muted); }
.timeline { margin-top: 14px; }
.strip { display:flex; gap: 3px; align-items: stretch; height: 14px; }
.strip span { flex: 1 1 0; min-width: 6px; max-width: 48px; border-radius: 3px; }
.strip .on { background: var(--on); } .strip .off { background: var(--off); }
.strip .unknown { background: var(--unknown); } .strip .noopt { background: var(--noopt); } .strip .na { background: var(--na); }
.axis { display:flex; justify-content: space-between; color: var(--muted); font-size: 12px; margin-top: 3px; }
ol.changes { margin: 8px 0 0; padding-left: 18px; font-size: 13px; }
ol.changes li { margin: 1px 0; }
ol.changes .when { color: var(--muted); font-variant-numeric: tabular-nums; }
footer { color: var(--muted); font-size: 12px; margin-top: 28px; text-align: center; }
"""


def render(history: History, names: dict[str, str] | None = None, fixes: dict[tuple[str, str], tuple[str | None, str | None]] | None = None,
           generated_at: str | None = None, snippets: dict[tuple[str, str], str] | None = None,
           meanings: dict[tuple[str, str], str] | None = None) -> str:
    """names: provider id -> display name; fixes: (provider, control) -> (fix path, deep link);
    snippets: (provider, control) -> a local tool's fix snippet;
    meanings: (provider, control) -> meaning. All from the catalogue: fixes are used where history
    lacks them (e.g. a reading from the extension); the catalogue's meaning wins over history's, so
    a control it re-labelled shows where it belongs now."""
    names = {**(names or {}), **history.provider_names()}
    fixes = fixes or {}
    latest = history.latest_controls()
    for state in latest:
        state.meaning = (meanings or {}).get((state.provider, state.control)) or state.meaning or "training"
    pageless = history.latest_pageless()
    counted = [s for s in latest if s.meaning in COUNTED_MEANINGS]
    counts = {status: sum(1 for s in counted if s.status == status) + sum(1 for p in pageless if p.status == status)
              for status in STYLE}
    by_meaning: dict[str, list[ControlState]] = {}
    for state in latest:
        by_meaning.setdefault(state.meaning, []).append(state)
    sections = [_meaning_section(history, meaning, by_meaning[meaning], names, fixes, snippets or {})
                for meaning in sorted(by_meaning, key=_order)]
    if pageless:
        sections.append(_pageless_section(pageless))
    when = _short(generated_at or datetime.now(timezone.utc).isoformat(timespec="minutes"))
    pills = "".join(
        f'<span class="pill {STYLE[status][0]}">{counts[status]} {escape(STATUS_TEXT[status][1])}</span>'
        for status in STYLE if counts[status] or status in (Status.on, Status.off, Status.unknown))
    empty = "" if sections else '<p>No scans yet. Run <code>untrain scan</code>, then make this report again.</p>'
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        # No network at all: this file may be opened offline or mailed around.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>Untrain report</title><style>{CSS}</style></head><body><main>"
        "<header><h1>Which AI assistants may train on your conversations</h1>"
        f"<p>Untrain report · {escape(when)} · latest state of every control, and its history</p></header>"
        f'<div class="summary">{pills}</div>'
        "<p class=\"meta\">Counted: training and human review. Ads and telemetry are shown, never counted.</p>"
        f'{empty}{"".join(sections)}'
        "<footer>Made by Untrain from your local history. Untrain only reads these settings; "
        "it never changes them.</footer></main></body></html>\n"
    )


def _order(meaning: str) -> int:
    return MEANING_ORDER.index(meaning) if meaning in MEANING_ORDER else len(MEANING_ORDER)


def _meaning_section(history: History, meaning: str, states: list[ControlState], names: dict[str, str],
                     fixes: dict, snippets: dict) -> str:
    by_provider: dict[str, list[ControlState]] = {}
    for state in states:
        by_provider.setdefault(state.provider, []).append(state)
    cards = []
    # What needs attention comes first, within each meaning.
    for provider in sorted(by_provider, key=lambda p: (min(STYLE[s.status][1] for s in by_provider[p]),
                                                       names.get(p, p).lower())):
        controls = sorted(by_provider[provider], key=lambda s: (STYLE[s.status][1], s.label))
        body = "".join(_control(history, s, fixes.get((s.provider, s.control), (None, None)),
                                snippets.get((s.provider, s.control))) for s in controls)
        cards.append(f'<section class="card"><h3>{escape(names.get(provider, provider))}</h3>{body}</section>')
    title, _, note = meaning_heading(meaning).partition(" (")
    return (f'<section class="meaning" data-meaning="{escape(meaning)}"><h2>{escape(title)} '
            f'<small>({escape(note)}</small></h2>{"".join(cards)}</section>')


def _pageless_section(providers: list[ProviderState]) -> str:
    """Providers with no switch: "not trained" or "no opt-out", with what the catalogue says."""
    rows = []
    for p in sorted(providers, key=lambda p: (STYLE[p.status][1], p.name.lower())):
        css = STYLE[p.status][0]
        icon, word, _ = STATUS_TEXT[p.status]
        detail = f'<div class="detail">{escape(p.detail)}</div>' if p.detail else ""
        rows.append(f'<div class="control {css}" data-provider="{escape(p.provider)}" data-status="{p.status.value}">'
                    f'<div class="row"><span class="label">{escape(p.name)}</span>'
                    f'<span class="badge {css}">{escape(f"{icon} {word}")}</span></div>'
                    f'<div class="meta">as of {escape(_short(p.at))}</div>{detail}</div>')
    return ('<section class="meaning" data-meaning="none"><h2>No switch to read <small>(not trained, or no '
            f'opt-out)</small></h2><section class="card">{"".join(rows)}</section></section>')


def _control(history: History, state: ControlState, fallback: tuple[str | None, str | None],
             snippet: str | None = None) -> str:
    css = STYLE[state.status][0]
    fix_path = state.fix_path or fallback[0]
    link = fallback[1] if fallback[1] else state.url
    icon, word, _ = STATUS_TEXT[state.status]
    badge = f"{icon} {word}"
    reason = f" ({state_words(state.status, state.reason).split(' (', 1)[1]}" if state.reason else ""
    meta = f"as of {escape(_short(state.at))} · from {escape(state.source)}"
    fix = ""
    if fix_path or link:
        verb = ("Add this to" if snippet else "Turn it off") if state.status == Status.on else "Where it is"
        anchor = (f' · <a href="{escape(link)}" rel="noreferrer">open the setting</a>'
                  if link and link.startswith("https://") else "")
        fix = f'<div class="fix"><strong>{verb}:</strong> {escape(fix_path or "")}{anchor}</div>'
    if snippet and state.status in (Status.on, Status.unknown):  # a local tool: the JSON to add to that file
        fix += f'<pre class="snippet">{escape(snippet)}</pre>'
    # Why it is unknown, or why it does not apply (a business plan): the answer itself, not noise.
    shown = state.detail and state.status in (Status.unknown, Status.not_applicable)
    detail = f'<div class="detail">{escape(state.detail)}</div>' if shown else ""
    return (f'<div class="control {css}" data-provider="{escape(state.provider)}" data-control="{escape(state.control)}">'
            f'<div class="row"><span class="label">{escape(state.label or state.control)}</span>'
            f'<span class="badge {css}">{escape(badge)}{escape(reason)}</span></div>'
            f'<div class="meta">{meta}</div>{fix}{detail}{_timeline(history.timeline(state.provider, state.control))}</div>')


def _timeline(states: list[ControlState]) -> str:
    if not states:
        return ""
    strip = "".join(
        f'<span class="{STYLE[s.status][0]}" title="{escape(_short(s.at))} · '
        f'{escape(state_words(s.status, s.reason))} ({escape(s.source)})"></span>' for s in states[-60:])
    items = []
    previous = None
    for s in states:
        words = state_words(s.status, s.reason)
        if previous is None:
            items.append(f'<li><span class="when">{escape(_short(s.at))}</span> first seen {escape(words)}</li>')
        elif (previous.status, previous.reason) != (s.status, s.reason):
            items.append(f'<li><span class="when">{escape(_short(s.at))}</span> '
                         f'{escape(state_words(previous.status, previous.reason))} → <strong>{escape(words)}</strong></li>')
        previous = s
    count = f"{len(states)} check{'s' if len(states) != 1 else ''}"
    return (f'<div class="timeline"><div class="strip" aria-label="timeline">{strip}</div>'
            f'<div class="axis"><span>{escape(_short(states[0].at))}</span><span>{count}</span>'
            f'<span>{escape(_short(states[-1].at))}</span></div><ol class="changes">{"".join(items)}</ol></div>')


def _short(stamp: str) -> str:
    """'2026-11-28T09:00:00+00:00' -> '2026-11-28 09:00 UTC' (times are stored in UTC)."""
    try:
        return datetime.fromisoformat(stamp).astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    except ValueError:
        return stamp
