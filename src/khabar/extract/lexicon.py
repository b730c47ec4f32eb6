"""Word lists of the extract layer (places, agencies, outlets, template phrases), loaded once.

Keys are folded with :func:`key` (hamza/alef, ى/ي, ة/ه, tatweel and dots dropped,
case and spacing folded), so a lookup does not depend on how a page spells a name.

>>> key("أ.ف.ب") == key("ا ف ب")
True
>>> is_place("جدة"), is_place("محمد العواجي")
(True, False)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from khabar.arabic.normalise import normalise


def key(text: str) -> str:
    """Lookup key of a name: normalised, dots as spaces, spacing folded, lower case.

    Keys of short strings are remembered: the same names, places, agency names and template
    lines come back page after page, and one dateline segment is looked up in several lists
    (labels, places, agencies, outlets), each asking for its key.
    """
    if len(text) > _KEY_CACHE_CHARS:
        return _key(text)
    found = _KEYS.get(text)
    if found is None:
        if len(_KEYS) >= _KEY_CACHE_SIZE:
            _KEYS.clear()
        found = _KEYS[text] = _key(text)
    return found


def _key(text: str) -> str:
    folded = normalise(text).replace(".", " ").replace("\u00a0", " ").lower()
    return " ".join(folded.split())


# Strings up to this length (names, dateline segments, short lines) have their key cached;
# the cache is emptied when it holds this many, so it stays bounded on any corpus.
_KEY_CACHE_CHARS = 80
_KEY_CACHE_SIZE = 50_000
_KEYS: dict[str, str] = {}


def _lines(name: str) -> list[str]:
    raw = resources.files("khabar.extract").joinpath(f"resources/{name}").read_text("utf-8")
    return [line.strip() for line in raw.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def places() -> frozenset[str]:
    """Keys of the place gazetteer (cities, countries, regions)."""
    return frozenset(key(line) for line in _lines("places.txt"))


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Keys of common Arabic given names (a bare byline starts with one)."""
    return frozenset(key(line) for line in _lines("given_names.txt"))


def _aliases(name: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for line in _lines(name):
        forms = [form.strip() for form in line.split("|") if form.strip()]
        for form in forms:
            table.setdefault(key(form), forms[0])
    return table


@lru_cache(maxsize=1)
def agencies() -> dict[str, str]:
    """Agency spelling key → the form reported in ``credits``."""
    return _aliases("agencies.txt")


@lru_cache(maxsize=1)
def outlets() -> dict[str, str]:
    """Outlet spelling key → the form reported in ``outlet``."""
    return _aliases("outlets.txt")


@dataclass(frozen=True, slots=True)
class UiPhrases:
    """Template phrases by role (see ``resources/ui_phrases.txt``)."""

    line: tuple[str, ...]
    cut: tuple[str, ...]
    home: frozenset[str]


@lru_cache(maxsize=1)
def ui_phrases() -> UiPhrases:
    sections: dict[str, list[str]] = {"line": [], "cut": [], "home": []}
    current = "line"
    for line in _lines("ui_phrases.txt"):
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            continue
        sections.setdefault(current, []).append(key(line))
    return UiPhrases(
        line=tuple(sections["line"]),
        cut=tuple(sections["cut"]),
        home=frozenset(sections["home"]),
    )


def is_place(text: str) -> bool:
    """True for a known place name (spelling-insensitive)."""
    return key(text) in places()


def agency_of(text: str) -> str | None:
    """The reported form of an agency name, or ``None``."""
    return agencies().get(key(text))


def outlet_of(text: str) -> str | None:
    """The reported form of a known outlet name, or ``None``."""
    return outlets().get(key(text))
