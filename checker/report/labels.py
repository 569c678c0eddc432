"""How statuses and meanings read to a person: words and icons, never colour alone."""

from ..results import COUNTED_MEANINGS, ControlChange, Reason, Status

STATUS_TEXT = {
    Status.on: ("●", "ON", "red"),
    Status.off: ("✓", "off", "green"),
    Status.unknown: ("?", "unknown", "yellow"),
    Status.no_opt_out: ("✗", "no opt-out", "magenta"),
    Status.not_trained: ("✓", "not trained (no switch)", "green"),
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


# A control's meaning, as a heading (HTML, Markdown) and as a note after its label. In report order:
# what counts first. "informational" is version 1's word, still found in old history.
MEANING_TEXT = {
    "training": "Training",
    "human_review": "Human review",
    "ads": "Ads",
    "telemetry": "Telemetry and product settings",
    "informational": "For your information",
}
MEANING_ORDER = list(MEANING_TEXT)


def meaning_heading(meaning: str) -> str:
    counted = "counted" if meaning in COUNTED_MEANINGS else "shown, never counted"
    return f"{MEANING_TEXT.get(meaning, meaning)} ({counted})"


def meaning_note(meaning: str) -> str:
    """After a label: '' for training, else ' (ads, not counted)' and the like."""
    if meaning == "training":
        return ""
    name = MEANING_TEXT.get(meaning, meaning).lower()
    return f" ({name})" if meaning in COUNTED_MEANINGS else f" ({name}, not counted)"


def status_words(status: Status, reason: Reason | None) -> str:
    icon, word, _ = STATUS_TEXT[status]
    return f"{icon} {word}" + (f" ({REASON_TEXT[reason]})" if reason else "")


def state_words(status: Status, reason: Reason | None) -> str:
    """How a state reads in a line of text, without icons: 'off', 'on', 'unknown (signed out)'."""
    words = {Status.no_opt_out: "no opt-out", Status.not_trained: "not trained (no switch)",
             Status.not_applicable: "n/a"}.get(status, status.value)
    return f"{words} ({REASON_TEXT[reason]})" if reason else words


def change_words(change: ControlChange | str) -> str:
    """'ChatGPT · Improve the model for everyone: off → on'. A change written before report schema 3
    and history migration 6 is already that line of text."""
    if isinstance(change, str):
        return change
    return (f"{change.provider_name} · {change.label}: {state_words(change.before, change.before_reason)} → "
            f"{state_words(change.after, change.after_reason)}")
