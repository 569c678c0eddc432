"""How close is an element on the page to the label the catalogue expected?

Providers rename labels around the same few ideas ("Chat history & training" became "Improve the
model for everyone"; "Gemini Apps Activity" became "Keep Activity"), so plain string similarity
misses the renames that matter. The score is the best of:
- difflib's ratio on the normalised strings (catches small edits: "Data controls" / "Data control");
- a token-set overlap after folding words into concepts (catches renames around the same idea).
A role factor then prefers elements of the expected role. Scores are in [0, 1].
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

# Words that carry no meaning in a settings label, and state words that trail a row's name.
STOPWORDS = {
    "a", "an", "the", "for", "of", "to", "and", "or", "in", "on", "off", "your", "our", "my", "with",
    "by", "from", "this", "that", "all", "everyone", "settings",
}
# Synonym groups: a provider renaming a training toggle keeps to one of these ideas. A word maps
# to its group's name, so "training" and "improve the model" meet on "~train".
CONCEPTS = {
    "~train": {"train", "training", "trained", "improve", "improvement", "improving", "model", "models", "ai"},
    "~history": {"history", "activity", "memory", "memories", "chats", "conversations", "conversation"},
    "~privacy": {"privacy", "private", "data"},
    "~settings": {"preferences", "preference", "controls", "control", "options", "manage"},
    "~profile": {"profile", "account", "avatar", "user", "me"},
}
_CONCEPT_OF = {word: concept for concept, words in CONCEPTS.items() for word in words}
STATE_SUFFIX = re.compile(r"\s+(on|off)$", re.I)

# Roles people and providers swap for the same navigation element (a tab becomes a link...).
CLICKABLE = {"button", "tab", "link", "menuitem", "option", "treeitem", "row", "gridcell"}
TOGGLES = {"switch", "checkbox", "menuitemcheckbox", "radio", "combobox", "listbox"}


def normalise(text: str) -> str:
    text = STATE_SUFFIX.sub("", " ".join(text.split()))
    return text.lower().replace("&", " and ")


def tokens(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9]+", normalise(text))
    return {_CONCEPT_OF.get(w, _CONCEPT_OF.get(w.removesuffix("s"), w.removesuffix("s") if len(w) > 3 else w))
            for w in words if w not in STOPWORDS}


def name_similarity(expected: str, found: str) -> float:
    a, b = normalise(expected), normalise(found)
    if not a or not b:
        return 0.0
    ratio = SequenceMatcher(None, a, b).ratio()
    ta, tb = tokens(expected), tokens(found)
    dice = 2 * len(ta & tb) / (len(ta) + len(tb)) if ta and tb else 0.0
    return max(ratio, dice)


def role_factor(expected_role: str | None, role: str) -> float:
    if not expected_role:
        # A step's element is something to click or read, rarely a heading that repeats its label.
        return 1.0 if role in CLICKABLE | TOGGLES else 0.85
    if expected_role == role:
        return 1.0
    for family in (CLICKABLE, TOGGLES):
        if expected_role in family and role in family:
            return 0.9
    return 0.75


def score(expected_labels: list[str], expected_role: str | None, name: str, role: str) -> float:
    best = max((name_similarity(label, name) for label in expected_labels), default=0.0)
    return round(best * role_factor(expected_role, role), 2)
