"""Reports built by hand (no browser) for history, alert and HTML report tests."""

from __future__ import annotations

from checker.results import ControlResult, ProviderResult, Reason, ScanReport, Status

FIX = "Profile icon → Settings → Data controls → Improve the model for everyone → Off"
LINK = "https://chatgpt.com/#settings/DataControls"


def chatgpt_report(status: Status, reason: Reason | None = None, *, at: str, label: str = "Improve the model for everyone",
                   extra: list[ProviderResult] | None = None) -> ScanReport:
    control = ControlResult(id="improve_model", label=label, status=status, reason=reason,
                            detail="Sign in once with `untrain login chatgpt`" if reason == Reason.signed_out else None,
                            fix_path=FIX, deep_link=LINK)
    provider = ProviderResult(id="chatgpt", name="ChatGPT", status=status, reason=reason, controls=[control])
    return ScanReport.build([provider, *(extra or [])], generated_at=at)


def day(n: int, hour: int = 9) -> str:
    return f"2026-11-{n:02d}T{hour:02d}:00:00+00:00"


def provider(pid: str, name: str, controls: list[tuple[str, str, Status, Reason | None]]) -> ProviderResult:
    results = [ControlResult(id=cid, label=label, status=status, reason=reason) for cid, label, status, reason in controls]
    return ProviderResult(id=pid, name=name, status=results[0].status, controls=results)


# Five scans over a week: ChatGPT flips back on after a signed-out day, Claude gets turned off,
# Gemini's audio toggle is read once by the extension.
CHATGPT_DAYS = [Status.off, Status.off, (Status.unknown, Reason.signed_out), Status.on, Status.on]
CLAUDE_DAYS = [Status.on, Status.on, Status.off, Status.off, Status.off]


def fill_sample_history(history) -> None:
    for n, (gpt, claude) in enumerate(zip(CHATGPT_DAYS, CLAUDE_DAYS), start=1):
        gpt_status, gpt_reason = gpt if isinstance(gpt, tuple) else (gpt, None)
        gemini = provider("gemini", "Google Gemini", [
            ("keep_activity", "Keep Activity", Status.unknown if n == 5 else Status.off,
             Reason.blocked if n == 5 else None)])
        report = chatgpt_report(gpt_status, gpt_reason, at=day(n), extra=[
            provider("claude", "Claude", [("help_improve", "Help improve our AI models", claude, None)]), gemini])
        report.changes = history.diff(report)
        history.record_scan(report)
    history.record_reading("gemini", "audio_improvement", Status.on, label=(
        "Improve Google services with your audio and Gemini Live videos & screenshares"),
        url="https://myactivity.google.com/product/gemini", source="extension")
