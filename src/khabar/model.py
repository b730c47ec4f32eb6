"""Frozen records of the Article JSON contract (schema_version 1).

One text per article, every annotation a ``[start, end)`` character span into
``Article.text``. Records are immutable: a stage returns a new article with one
more layer (``dataclasses.replace``). ``to_json``/``from_json`` are the only
place the JSON shape is written down in code; see ``docs/DESIGN.md``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from typing import Any, Literal, TypeVar

T = TypeVar("T")

SCHEMA_VERSION = 1

QuoteKind = Literal["direct", "mixed", "indirect"]


@dataclass(frozen=True, slots=True)
class Span:
    """A character range ``[start, end)`` into ``Article.text``."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Entity:
    start: int
    end: int
    text: str
    label: str  # PER | ORG | GPE | LOC | MISC
    canonical: str
    entity_id: str | None = None
    source: str | None = None  # which recogniser found it: gazetteer | crf | pattern


@dataclass(frozen=True, slots=True)
class PageEntity:
    """An entity the page's chrome names, not the body text: no offsets into ``text``.

    The outlet (``source="outlet"``), the dateline place (``"dateline"``), credited
    agencies (``"credit"``) and the byline's reporters (``"byline"``) are entities of the
    article as annotators see it, but they stand in ``Article.outlet``/``dateline``/
    ``credits``/``byline``, not in ``Article.text``. In the JSON contract they sit in the one
    ``entities`` list with ``"start": null, "end": null``.
    """

    text: str
    label: str  # PER | ORG | GPE | LOC | MISC
    canonical: str
    entity_id: str | None = None
    source: str | None = None  # outlet | dateline | credit | byline


@dataclass(frozen=True, slots=True)
class Quote:
    start: int
    end: int
    text: str
    kind: QuoteKind
    cue: str | None = None
    speaker: str | None = None
    speaker_title: str | None = None
    speaker_entity: str | None = None
    # Extra (additive) fields: where the cue and the speaker mention are in the text.
    cue_start: int | None = None
    cue_end: int | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None


@dataclass(frozen=True, slots=True)
class Event:
    start: int
    end: int
    text: str
    type: str  # CAMEO root name: PROTEST, ASSAULT, FIGHT, CONSULT …
    actor: str | None = None
    target: str | None = None
    # Extra (additive) fields: the fine CAMEO code ("141") and where actor and target are.
    code: str | None = None
    actor_start: int | None = None
    actor_end: int | None = None
    target_start: int | None = None
    target_end: int | None = None


@dataclass(frozen=True, slots=True)
class PageWarning:
    """Something odd about a page, recorded instead of silently dropped."""

    code: str  # machine-readable, e.g. "encoding-guess", "date-mismatch", "empty-body"
    message: str


@dataclass(frozen=True, slots=True)
class Source:
    path: str | None = None
    url: str | None = None
    encoding: str | None = None
    record: str | None = None  # WARC record id or JSONL line number, when any


def article_id(text: str) -> str:
    """Stable id: hash of the normalised body (same story text → same id)."""
    from khabar.arabic.tokens import folded_text

    # normalise_words(text), from the body's fold that the entity stage reads again
    folded = " ".join(folded_text(text).split())
    return hashlib.blake2b(folded.encode("utf-8"), digest_size=12).hexdigest()


@dataclass(frozen=True, slots=True)
class Article:
    text: str
    id: str = ""
    source: Source = field(default_factory=Source)
    title: str | None = None
    section: str | None = None
    page_date: str | None = None
    page_date_hijri: str | None = None
    dateline: str | None = None
    outlet: str | None = None
    byline: str | None = None
    credits: tuple[str, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()
    warnings: tuple[PageWarning, ...] = ()
    schema_version: int = SCHEMA_VERSION
    # Additive (after the original fields, so positional construction is unchanged).
    page_entities: tuple[PageEntity, ...] = ()

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", article_id(self.text))

    def span_text(self, span: Span | Sentence | Entity | Quote) -> str:
        return self.text[span.start : span.end]

    def with_warning(self, code: str, message: str) -> Article:
        return with_fields(self, warnings=(*self.warnings, PageWarning(code, message)))

    # --- JSON -----------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        entities = _record_dicts(self.entities)
        if self.page_entities:
            entities += [_page_entity_dict(e) for e in self.page_entities]
        return {
            "schema_version": self.schema_version,
            "id": self.id,
            "source": _record_dict(self.source),
            "title": self.title,
            "section": self.section,
            "page_date": self.page_date,
            "page_date_hijri": self.page_date_hijri,
            "dateline": self.dateline,
            "outlet": self.outlet,
            "byline": self.byline,
            "credits": list(self.credits),
            "text": self.text,
            "sentences": _record_dicts(self.sentences),
            "entities": entities,
            "quotes": _record_dicts(self.quotes),
            "events": _record_dicts(self.events),
            "warnings": _record_dicts(self.warnings),
        }

    def to_json(self, *, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        version = data.get("schema_version", SCHEMA_VERSION)
        if version != SCHEMA_VERSION:
            from khabar.errors import SchemaError

            raise SchemaError(f"unsupported schema_version {version!r}")
        located, unlocated = _split_entities(data.get("entities") or ())
        return cls(
            text=data["text"],
            id=data.get("id") or "",
            source=_build(Source, data.get("source") or {}),
            title=data.get("title"),
            section=data.get("section"),
            page_date=data.get("page_date"),
            page_date_hijri=data.get("page_date_hijri"),
            dateline=data.get("dateline"),
            outlet=data.get("outlet"),
            byline=data.get("byline"),
            credits=tuple(data.get("credits") or ()),
            sentences=tuple(_build(Sentence, s) for s in data.get("sentences") or ()),
            entities=tuple(_build(Entity, e) for e in located),
            page_entities=tuple(_build(PageEntity, e) for e in unlocated),
            quotes=tuple(_build(Quote, q) for q in data.get("quotes") or ()),
            events=tuple(_build(Event, e) for e in data.get("events") or ()),
            warnings=tuple(_build(PageWarning, w) for w in data.get("warnings") or ()),
        )

    @classmethod
    def from_json(cls, text: str) -> Article:
        return cls.from_dict(json.loads(text))


def with_fields(article: Article, **changes: Any) -> Article:
    """``dataclasses.replace(article, **changes)``, cheaper: what each stage returns.

    ``replace`` reads every field by name and then runs ``Article``'s generated ``__init__``
    (eighteen ``object.__setattr__`` calls, interpreted) and ``__post_init__`` — ~4–8 µs,
    five times a page. Here the fields are copied slot by slot into a draft with the same
    slots, the changes set, and the draft becomes an ``Article``: the same record (equal,
    same hash, same JSON), ~1 µs. ``__post_init__`` only fills an empty ``id``, which a built
    article never has; an article without one, a subclass, or a name that is not a field
    goes through ``replace`` (which fills the id, or raises its ``TypeError``).

    >>> a = Article(text="قال الوزير إن الخطة ناجحة")
    >>> with_fields(a, title="خبر") == replace(a, title="خبر")
    True
    """
    if not article.id or type(article) is not Article or not _ARTICLE_NAMES.issuperset(changes):
        return replace(article, **changes)
    draft = _ArticleDraft()
    for name in _ARTICLE_FIELDS:
        setattr(draft, name, getattr(article, name))
    for name, value in changes.items():
        setattr(draft, name, value)
    draft.__class__ = Article
    made: Article = draft
    return made


_ARTICLE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Article))
_ARTICLE_NAMES = frozenset(_ARTICLE_FIELDS)
# Same slots as Article, not frozen: filled, then given Article's class (same layout).
_ArticleDraft: Any = type("_ArticleDraft", (), {"__slots__": _ARTICLE_FIELDS})


def record_maker(record_type: type[T]) -> Callable[..., T]:
    """A positional builder of a frozen slotted record, every field given, that stores the
    slots through their descriptors: ``record_maker(Sentence)(0, 5) == Sentence(0, 5)``,
    without the generated ``__init__`` (interpreted, one ``object.__setattr__`` per field;
    a page builds a dozen sentences). Only for records with no ``__post_init__``."""
    if hasattr(record_type, "__post_init__"):
        raise TypeError(f"{record_type.__name__} has a __post_init__: build it normally")
    names = [f.name for f in fields(record_type)]  # type: ignore[arg-type]
    if not all(name.isidentifier() for name in names):
        raise TypeError(f"{record_type.__name__}: field names must be identifiers")
    scope: dict[str, Any] = {"_new": object.__new__, "_type": record_type}
    lines = [f"def make({', '.join(names)}):", "    new = _new(_type)"]
    for name in names:
        scope[f"_set_{name}"] = record_type.__dict__[name].__set__
        lines.append(f"    _set_{name}(new, {name})")
    lines.append("    return new")
    exec("\n".join(lines), scope)
    maker: Callable[..., T] = scope["make"]
    return maker


def _record_dict(record: Any) -> dict[str, Any]:
    """A flat record (only str/int/None fields) as a dict: what ``dataclasses.asdict``
    gives, without its recursive deep copy, which made ``to_dict`` cost as much as
    extracting the article (about 50 entities and 8 quotes per news page)."""
    make = _DICT_MAKERS.get(type(record))
    if make is None:
        make = _DICT_MAKERS[type(record)] = _dict_maker(type(record))
    return make(record)


_DICT_MAKERS: dict[type, Callable[[Any], dict[str, Any]]] = {}


def _record_dicts(records: tuple[Any, ...]) -> list[dict[str, Any]]:
    """``[_record_dict(r) for r in records]``: one maker for a list of one record type (the
    usual case: ~50 entities a page), mapped in C, instead of a look-up and a call per record."""
    if not records:
        return []
    kind = type(records[0])
    if len(set(map(type, records))) != 1:
        return [_record_dict(r) for r in records]
    make = _DICT_MAKERS.get(kind)
    if make is None:
        make = _DICT_MAKERS[kind] = _dict_maker(kind)
    return list(map(make, records))


def _dict_maker(record_type: type) -> Callable[[Any], dict[str, Any]]:
    """``lambda r: {"start": r.start, "end": r.end, …}`` over the record type's fields, in
    their order: one dict display, half the cost of a comprehension of ``getattr`` calls.
    Generated from the fields (as ``dataclasses`` builds ``__init__``), so it follows them."""
    names = [f.name for f in fields(record_type)]
    if not all(name.isidentifier() for name in names):
        raise TypeError(f"{record_type.__name__}: field names must be identifiers")
    items = ", ".join(f"{name!r}: r.{name}" for name in names)
    maker: Callable[[Any], dict[str, Any]] = eval(f"lambda r: {{{items}}}")
    return maker


def _page_entity_dict(entity: PageEntity) -> dict[str, Any]:
    """A page entity in the JSON ``entities`` list: the body entity shape, null offsets."""
    return {"start": None, "end": None, **_record_dict(entity)}


def _split_entities(
    rows: Any,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Split the JSON ``entities`` list into body entities and page entities (null offsets)."""
    located: list[dict[str, Any]] = []
    unlocated: list[dict[str, Any]] = []
    for row in rows:
        (unlocated if row.get("start") is None else located).append(row)
    return located, unlocated


def _build(record_type: type[T], data: dict[str, Any]) -> T:
    """Build a record from a dict, ignoring keys a newer writer added."""
    known = {f.name for f in fields(record_type)}  # type: ignore[arg-type]
    return record_type(**{k: v for k, v in data.items() if k in known})
