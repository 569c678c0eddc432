"""How statuses read to a person: words and icons, never colour alone."""

from ..results import Reason, Status

STATUS_TEXT = {
    Status.on: ("●", "ON", "red"),
    Status.off: ("✓", "off", "green"),
    Status.unknown: ("?", "unknown", "yellow"),
    Status.no_opt_out: ("✗", "no opt-out", "magenta"),
    Status.not_applicable: ("–", "n/a", "dim"),
}

REASON_TEXT = {
    Reason.signed_out: "signed out",
    Reason.blocked: "blocked by a bot check or wall",
    Reason.path_missing: "path missing",
    Reason.pending_consent: "terms or first-run choice waiting",
    Reason.ambiguous: "ambiguous",
    Reason.timeout: "timed out",
    Reason.error: "error",
}


def status_words(status: Status, reason: Reason | None) -> str:
    icon, word, _ = STATUS_TEXT[status]
    return f"{icon} {word}" + (f" ({REASON_TEXT[reason]})" if reason else "")
