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
