"""Build :class:`~khabar.model.Quote` records, and the stage's Article, without the dataclass
``__init__``.

``Quote`` is a frozen, slotted dataclass: its generated ``__init__`` is interpreted Python
that sets each of its twelve fields through ``object.__setattr__`` (a name lookup and a call
per field). A quote-dense page builds a few dozen quotes, and in the compiled build that
``__init__`` was the single most expensive step of the rule walk (8 % of a page).

Here the fields are stored into a *draft*: a plain class with exactly ``Quote``'s slots (made
from the dataclass's fields, in their order, so it follows the record), which has no frozen
``__setattr__``; the finished draft then becomes a ``Quote`` by ``__class__`` assignment, which
CPython allows between classes of the same slot layout (and refuses with ``TypeError`` if the
layouts ever differ). The result is a ``Quote`` equal to ``Quote(...)`` with the same arguments
(tests compare them: equality, hash, pickling, ``replace``, JSON, frozenness).

The stage's result, the article with its quotes, is made the same way by
:func:`khabar.model.with_fields` (:func:`with_quotes`): ``dataclasses.replace`` reads every
field by name, then runs ``Article``'s interpreted ``__init__`` (eighteen
``object.__setattr__`` calls) and ``__post_init__`` — ~13 µs, about 2 % of a page's quote stage.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any, Final

from khabar.model import Article, Quote, QuoteKind, with_fields

_FIELDS: Final[tuple[str, ...]] = tuple(f.name for f in fields(Quote))
# new_quote below stores exactly these: a field added to the record must be added there too.
_STORED: Final[tuple[str, ...]] = (
    "start",
    "end",
    "text",
    "kind",
    "cue",
    "speaker",
    "speaker_title",
    "speaker_entity",
    "cue_start",
    "cue_end",
    "speaker_start",
    "speaker_end",
)
if _FIELDS != _STORED:
    raise TypeError(f"records.new_quote stores {_STORED}, but Quote has {_FIELDS}")
# A plain class (made at run time, so the compiled build keeps it an ordinary Python class)
# with Quote's slots in field order.
_Draft: Final[Any] = type("_QuoteDraft", (), {"__slots__": _FIELDS})


def new_quote(
    start: int,
    end: int,
    text: str,
    kind: QuoteKind,
    cue: str | None,
    speaker: str | None,
    speaker_title: str | None,
    speaker_entity: str | None,
    cue_start: int | None,
    cue_end: int | None,
    speaker_start: int | None,
    speaker_end: int | None,
) -> Quote:
    """``Quote(start, end, …, speaker_end)`` (all twelve fields, positional), cheaper.

    >>> new_quote(0, 3, "نعم", "direct", "قال", None, None, None, 5, 8, None, None) == Quote(
    ...     0, 3, "نعم", "direct", "قال", cue_start=5, cue_end=8)
    True
    """
    draft = _Draft()
    draft.start = start
    draft.end = end
    draft.text = text
    draft.kind = kind
    draft.cue = cue
    draft.speaker = speaker
    draft.speaker_title = speaker_title
    draft.speaker_entity = speaker_entity
    draft.cue_start = cue_start
    draft.cue_end = cue_end
    draft.speaker_start = speaker_start
    draft.speaker_end = speaker_end
    draft.__class__ = Quote
    quote: Quote = draft
    return quote


def with_quotes(article: Article, quotes: tuple[Quote, ...]) -> Article:
    """``dataclasses.replace(article, quotes=quotes)``, cheaper: :func:`khabar.model.with_fields`.

    >>> from dataclasses import replace
    >>> a = Article(text="قال الوزير إن الخطة ناجحة")
    >>> with_quotes(a, ()) == replace(a, quotes=())
    True
    """
    return with_fields(article, quotes=quotes)
