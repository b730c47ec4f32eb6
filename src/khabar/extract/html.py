"""HTML page → main-content paragraphs and the metadata the page states explicitly.

Main content comes from trafilatura (a well-kept extractor), metadata from a cascade
of small pure functions over the parsed tree, each trying one explicit clue
(``<meta property="article:published_time">``, JSON-LD ``datePublished``, a breadcrumb …).
Trafilatura's own date guess is deliberately not used: on Arabic pages it invents
``YYYY-01-01`` from copyright footers.

Two guards keep bad HTML from silently yielding nothing:

* libxml2 stops building the tree past 256 nested elements, so extractors return
  nothing on deeply nested pages. When libxml2 reports hitting that limit, a tag scan
  measures the depth; a deeper page is flattened (wrapper tags beyond the limit dropped,
  their text kept), parsed again and flagged ``html-too-deep``.
* when the extractor finds no main content, every ``<p>`` (then every text block) is
  taken instead and flagged ``html-fallback``; when even the tree holds no text (libxml2
  truncated it: nested tables and lists reach its limit before the tag scan notices), the
  text blocks come from the standard library's parser, which has no nesting limit.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import json
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from typing import Any

from lxml import etree  # type: ignore[import-untyped]
from lxml import html as lxml_html

from khabar.model import PageWarning

# libxml2's hard nesting limit for HTML; stay clearly below it after flattening.
LIBXML2_MAX_DEPTH = 256
FLATTEN_TO_DEPTH = 200

# Elements whose end tag is optional or absent: they do not nest in the depth scan.
_NO_NESTING = frozenset(
    "area base br col embed hr img input link meta param source track wbr "
    "p li dt dd tr td th option thead tbody tfoot colgroup rp rt".split()
)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)\b[^>]*?(/?)>")
# ``_TAG`` with the attributes greedy (one scan to the first ``>``, no lazy step per
# character): the same tags and names; the tag closes itself when its attributes end in "/".
_TAG_PARTS = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)\b([^>]*)>")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_TITLE_SEPARATORS = (" - ", " | ", " – ", " — ", " :: ", " « ", " » ")
# A paragraph of at most this many words, this share of them link text, is chrome.
LINK_CHROME_MAX_WORDS = 12
LINK_CHROME_RATIO = 0.6
UI_PHRASE_MAX_WORDS = 6
# Minimum length of a <p> kept by the fallback: shorter ones are menu items and buttons.
FALLBACK_MIN_CHARS = 40
_NOT_TEXT = ("script", "style", "noscript", "template", "svg", "head", "title", "iframe")
_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 "
    "h4 h5 h6 header hr li main nav ol p pre section table td th tr ul".split()
)
# At most this many lines above the main content are passed on as header lines.
MAX_HEADER_LINES = 40

_DATE_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "dc.date.issued",
    "dc.date",
    "dcterms.date",
    "sailthru.date",
    "parsely-pub-date",
)
_AUTHOR_META = ("author", "article:author", "dc.creator", "sailthru.author", "parsely-author")
_CRUMB_SEPARATORS = re.compile(r"\s*[>»›/\\<«‹]\s*")
_BYLINE_MARKERS = (
    "author", "byline", "by-line", "writer", "writeby", "write-by", "reporter", "kateb"
)
# "كتب:", "بقلم:", "كتبت -" before a name in a byline element.
_BYLINE_CUE = re.compile(r"^\s*(?:كتبت|كتب|بقلم|إعداد|تقرير)\s*[:\-–—]?\s*")
_SITE_META = ("og:site_name", "application-name", "twitter:site")
_SECTION_META = ("article:section", "og:article:section", "section", "parsely-section")
_TITLE_META = ("og:title", "twitter:title", "headline")
_ARTICLE_TYPES = frozenset(
    {"newsarticle", "article", "reportagenewsarticle", "blogposting", "analysisnewsarticle",
     "opinionnewsarticle", "webpage", "reviewnewsarticle", "backgroundnewsarticle"}
)


@dataclass(frozen=True, slots=True)
class HtmlDocument:
    """What an HTML page says: main-content paragraphs in order and explicit metadata."""

    title: str | None = None
    paragraphs: tuple[str, ...] = ()
    date_hint: str | None = None  # ISO date from explicit article metadata only
    author: str | None = None
    site_name: str | None = None
    section: str | None = None
    language: str | None = None
    warnings: tuple[PageWarning, ...] = ()
    # Visible text lines of the page above the main content (date banner, breadcrumb,
    # byline …), in order, for the text-dump metadata cascade; never part of the body.
    header_lines: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class HtmlSettings:
    """Knobs of the main-content extractor (one object instead of many keyword arguments).

    ``fast`` (trafilatura's own option) skips its readability/jusText comparison: that
    second opinion cost about half of HTML extraction and, on the youm7 dev pages and 200
    generated news pages, changed no recovered paragraph. ``fast=False`` turns it back on.

    ``container`` lets ``extract.content`` answer first on pages whose story is plainly a
    run of ``<p>`` in one container (about a fifth of trafilatura's cost); it does so only
    with the other knobs at their defaults. ``container=False`` is trafilatura alone.
    """

    favor_precision: bool = False
    favor_recall: bool = False
    include_tables: bool = False
    fast: bool = True
    container: bool = True


DEFAULT_SETTINGS = HtmlSettings()


# --- depth guard ------------------------------------------------------------


def html_depth(html: str) -> int:
    """Maximum element nesting, by a cheap tag scan (optional-end-tag elements ignored).

    >>> html_depth("<html><body><div><div>خبر</div></div></body></html>")
    4
    """
    depth = deepest = 0
    for closing, name, attributes in _TAG_PARTS.findall(html):
        if attributes.endswith("/") or name.lower() in _NO_NESTING:
            continue
        if closing:
            if depth:
                depth -= 1
        else:
            depth += 1
            if depth > deepest:
                deepest = depth
    return deepest


def flatten_html(html: str, limit: int = FLATTEN_TO_DEPTH) -> str:
    """Drop the tags that would nest deeper than ``limit``, keeping all text.

    A dropped opening tag also drops its matching closing tag, so the result stays
    balanced wherever the input was.
    """
    out: list[str] = []
    kept: list[bool] = []  # per open element: was its tag kept?
    kept_open = 0  # how many of them are True (a running count: summing is quadratic)
    last = 0
    for match in _TAG.finditer(html):
        closing, name, self_closing = match.groups()
        out.append(html[last : match.start()])
        last = match.end()
        if name.lower() in _NO_NESTING or self_closing:
            out.append(match.group(0))
        elif closing:
            if not kept:
                out.append(match.group(0))
            elif kept.pop():
                kept_open -= 1
                out.append(match.group(0))
        else:
            keep = kept_open < limit
            kept.append(keep)
            if keep:
                kept_open += 1
                out.append(match.group(0))
    out.append(html[last:])
    return "".join(out)


# --- parsing ----------------------------------------------------------------


def parse_html(html: str) -> Any | None:
    """An lxml tree of the page, or None when there is nothing to parse."""
    return parse_checked(html)[0]


def parse_checked(html: str) -> tuple[Any | None, bool]:
    """An lxml tree of the page (None when there is nothing to parse), and whether libxml2
    hit one of its resource limits on it (its 256-level nesting limit, past which it
    silently stops building the tree)."""
    html = _XML_DECLARATION.sub("", html, count=1)
    if not html.strip():
        return None, False
    parser = _parser()
    try:
        tree = lxml_html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError):
        tree = None
    limited = any(e.type == _RESOURCE_LIMIT for e in parser.error_log)
    return tree, limited


_RESOURCE_LIMIT = etree.ErrorTypes.ERR_RESOURCE_LIMIT


_PARSERS = threading.local()


def _parser() -> Any:
    """This thread's HTML parser (lxml parsers must not be shared between threads).

    Comments and processing instructions are dropped while parsing, as trafilatura's own
    parser does: nothing reads them, and every later walk and copy of the tree is shorter.
    Element ids are not indexed (nothing looks elements up by id).
    """
    parser = getattr(_PARSERS, "parser", None)
    if parser is None:
        parser = lxml_html.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False)
        _PARSERS.parser = parser
    return parser


# --- metadata cascade: one clue per function ---------------------------------


def meta_values(tree: Any) -> dict[str, str]:
    """``<meta>`` tags as ``{lower-cased name|property|itemprop: content}``, first one wins."""
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        content = (meta.get("content") or "").strip()
        if key and content:
            found.setdefault(key.strip().lower(), content)
    return found


def json_ld_objects(tree: Any) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page, ``@graph`` members and lists unfolded."""
    objects: list[dict[str, Any]] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "", strict=False)
        except ValueError:
            continue
        objects.extend(_unfold_json_ld(data))
    return objects


def _unfold_json_ld(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _unfold_json_ld(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _unfold_json_ld(data["@graph"])


def _types(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.lower() for k in kinds if isinstance(k, str)}


def _name_of(value: Any) -> str | None:
    """A person/organisation name from a JSON-LD value (string, object or list)."""
    if isinstance(value, str):
        return _clean(value)
    if isinstance(value, dict):
        return _name_of(value.get("name"))
    if isinstance(value, list):
        names = [n for n in (_name_of(v) for v in value) if n]
        return "، ".join(names) if names else None
    return None


def iso_date(value: str | None) -> str | None:
    """The ``YYYY-MM-DD`` part of a machine-readable date, validated.

    >>> iso_date("2024-05-13T10:20:00+03:00"), iso_date("13/05/2024")
    ('2024-05-13', None)
    """
    if not value:
        return None
    match = _ISO_DATE.search(value)
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    if not (1900 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def date_from_meta(meta: dict[str, str]) -> str | None:
    """Publication date from an explicit ``<meta>`` tag."""
    return next((d for d in (iso_date(meta.get(k)) for k in _DATE_META) if d), None)


def date_from_json_ld(objects: list[dict[str, Any]]) -> str | None:
    """Publication date from JSON-LD ``datePublished`` (article-like objects first)."""
    ordered = sorted(objects, key=lambda o: not (_types(o) & _ARTICLE_TYPES))
    for obj in ordered:
        found = iso_date(obj.get("datePublished") if isinstance(obj.get("datePublished"), str)
                         else None)
        if found:
            return found
    return None


def date_from_time_tag(tree: Any) -> str | None:
    """``<time itemprop="datePublished" datetime=…>`` or ``<time pubdate datetime=…>``."""
    for time in tree.iter("time"):
        if time.get("itemprop") == "datePublished" or time.get("pubdate") is not None:
            found = iso_date(time.get("datetime"))
            if found:
                return found
    return None


def title_from_meta(meta: dict[str, str]) -> str | None:
    return next((t for t in (_clean(meta.get(k)) for k in _TITLE_META) if t), None)


def title_from_json_ld(objects: list[dict[str, Any]]) -> str | None:
    for obj in objects:
        if _types(obj) & _ARTICLE_TYPES and isinstance(obj.get("headline"), str):
            return _clean(obj["headline"])
    return None


def title_from_h1(tree: Any) -> str | None:
    """The first ``<h1>`` that is not the site logo (logos are usually links or images)."""
    for h1 in tree.iter("h1"):
        text = _clean(h1.text_content())
        if text and len(text.split()) >= 3:
            return text
    return None


def title_tag_parts(tree: Any) -> list[str]:
    """The ``<title>`` split at decoration separators: ``["headline", "Site"]``."""
    titles = tree.findall(".//title")
    text = _clean(titles[0].text_content()) if titles else None
    if not text:
        return []
    parts = [text]
    for sep in _TITLE_SEPARATORS:
        parts = [piece for part in parts for piece in part.split(sep)]
    return [clean for clean in (_clean(part) for part in parts) if clean]


def headings(tree: Any) -> list[str]:
    """Texts of ``<h1>``–``<h3>`` in document order."""
    found = (_clean(h.text_content()) for h in tree.iter("h1", "h2", "h3"))
    return [h for h in found if h]


def title_from_heading_in_title_tag(tree: Any) -> str | None:
    """A heading that is also a part of ``<title>``: the headline, confirmed twice."""
    parts = title_tag_parts(tree)
    if len(parts) < 2:
        return None
    folded = {_fold(part): part for part in parts}
    for heading in headings(tree):
        if _fold(heading) in folded:
            return heading
    return None


def title_from_title_tag(tree: Any) -> str | None:
    """The longest part of ``<title>`` (the headline is longer than the site name)."""
    parts = title_tag_parts(tree)
    return max(parts, key=len) if parts else None


def site_from_title_tag(tree: Any, title: str | None) -> str | None:
    """The shorter part of a two-part ``<title>`` whose other part is the headline."""
    parts = title_tag_parts(tree)
    if not title or len(parts) != 2:
        return None
    folded = _fold(title)
    others = [part for part in parts if _fold(part) != folded]
    return others[0] if len(others) == 1 and len(others[0].split()) <= 5 else None


def strip_site_name(title: str, site_name: str | None) -> str:
    """Remove a ``- Site`` / ``Site |`` decoration from a title.

    >>> strip_site_name("وزير يصل إلى دبي - الخليج اليوم", "الخليج اليوم")
    'وزير يصل إلى دبي'
    """
    if not site_name:
        return title
    for sep in _TITLE_SEPARATORS:
        if title.endswith(sep + site_name):
            return title[: -len(sep + site_name)].strip()
        if title.startswith(site_name + sep):
            return title[len(site_name + sep) :].strip()
    return title


def author_from_meta(meta: dict[str, str]) -> str | None:
    for key in _AUTHOR_META:
        value = _clean(meta.get(key))
        if value and not value.startswith(("http://", "https://", "@")):
            return value
    return None


def author_from_json_ld(objects: list[dict[str, Any]]) -> str | None:
    for obj in objects:
        if _types(obj) & _ARTICLE_TYPES and obj.get("author"):
            name = _name_of(obj["author"])
            if name:
                return name
    return None


def elements_marked(tree: Any, words: tuple[str, ...]) -> list[Any]:
    """Elements whose ``class`` or ``id`` contains one of ``words`` (ASCII, any case).

    One XPath ``translate()`` per word and attribute on every element cost 13 ms on a
    500 KB page. Instead every ``class``/``id`` value is fetched in one query (in document
    order, each knowing its element), the values are joined and searched once, lower-cased,
    and each hit is mapped back to its value by offset. Same elements, same order.
    """
    values = _CLASS_AND_ID_VALUES(tree)
    folded = "\0".join(values).translate(_ASCII_LOWER)  # one character for one
    hits: set[int] = set()
    for word in words:
        at = folded.find(word)
        while at != -1:
            hits.add(at)
            at = folded.find(word, at + 1)
    if not hits:
        return []
    ends = list(itertools.accumulate(len(value) + 1 for value in values))  # past each "\0"
    found: list[Any] = []
    for index in sorted({bisect.bisect_right(ends, at) for at in hits}):
        element = values[index].getparent()
        if not found or found[-1] is not element:  # class and id of one element both hit
            found.append(element)
    return found


_CLASS_AND_ID_VALUES = etree.XPath("//@class | //@id")
# XPath's translate() lower-cased ASCII letters only; so does this table.
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def author_from_byline_element(tree: Any) -> str | None:
    """A short element whose class or id says author/byline, its ``كتب:`` cue removed."""
    for element in elements_marked(tree, _BYLINE_MARKERS):
        if element.tag in _NOT_TEXT:
            continue
        text = _clean(_BYLINE_CUE.sub("", element.text_content()))
        if text and 1 <= len(text.split()) <= 6:
            return text
    return None


def site_from_meta(meta: dict[str, str]) -> str | None:
    for key in _SITE_META:
        value = _clean(meta.get(key))
        if value and not value.startswith("@"):
            return value
    return None


def site_from_json_ld(objects: list[dict[str, Any]]) -> str | None:
    for obj in objects:
        if _types(obj) & _ARTICLE_TYPES and obj.get("publisher"):
            name = _name_of(obj["publisher"])
            if name:
                return name
    return None


def section_from_meta(meta: dict[str, str]) -> str | None:
    return next((s for s in (_clean(meta.get(k)) for k in _SECTION_META) if s), None)


def section_from_json_ld(objects: list[dict[str, Any]]) -> str | None:
    """``articleSection``, else the last-but-one item of a ``BreadcrumbList``."""
    for obj in objects:
        section = obj.get("articleSection")
        if isinstance(section, list):
            section = section[0] if section else None
        if isinstance(section, str) and _clean(section):
            return _clean(section)
    for obj in objects:
        if "breadcrumblist" in _types(obj):
            names = [_name_of(item.get("item")) or _name_of(item)
                     for item in obj.get("itemListElement") or [] if isinstance(item, dict)]
            crumbs = [n for n in names if n]
            return _section_of_crumbs(crumbs)
    return None


def section_from_breadcrumb(tree: Any) -> str | None:
    """The section named by an HTML breadcrumb (an element whose class or id says so)."""
    for element in elements_marked(tree, ("breadcrumb",)):
        crumbs = [_clean(a.text_content()) for a in element.iter("a", "li", "span")
                  if not len(a.findall(".//a"))]
        found = _section_of_crumbs([c for c in crumbs if c])
        if found:
            return found
    return None


def section_from_crumb_line(lines: tuple[str, ...]) -> str | None:
    """The section of a breadcrumb written as one line above the content.

    ``الرئيسية > فن وثقافة``: a line that starts with a home crumb (the extract layer's
    ``[home]`` phrases) and has crumb separators. ``|`` is not one — menus use it. The
    line nearest the content wins (the breadcrumb sits just above the headline).
    """
    from khabar.extract.lexicon import key, ui_phrases

    homes = ui_phrases().home
    for line in reversed(lines):
        crumbs = [c for c in (_clean(part) for part in _CRUMB_SEPARATORS.split(line)) if c]
        if len(crumbs) >= 2 and key(crumbs[0]) in homes:
            found = _section_of_crumbs(crumbs)
            if found:
                return found
    return None


def _section_of_crumbs(crumbs: list[str]) -> str | None:
    """The section in a crumb trail: the first crumb after home that is a section name.

    Crumbs are ``home > section [> subsection] [> article title]``; a crumb much longer than
    a section name is the article title. The first one, as for text dumps
    (``metadata.find_section``): the same page gives the same section as text or HTML, the
    top-level sections are a small set to filter on, and a short title at the end of the
    trail is never taken for the section.
    """
    deduped = [c for i, c in enumerate(crumbs) if c not in crumbs[:i]]
    inner = [c for c in deduped[1:] if len(c.split()) <= 4]
    return inner[0] if inner else None


def language_of(tree: Any, meta: dict[str, str]) -> str | None:
    """Primary language subtag from ``<html lang>``, ``content-language`` or ``og:locale``."""
    for value in (tree.get("lang"), tree.get("xml:lang"), meta.get("content-language"),
                  meta.get("og:locale"), meta.get("language")):
        if value and value.strip():
            return re.split(r"[-_]", value.strip().lower())[0] or None
    return None


def language_from_script(paragraphs: tuple[str, ...]) -> str | None:
    """``ar`` when Arabic letters are most of the letters of the main content."""
    sample = "".join(paragraphs)[:4000]
    letters = [char for char in sample if char.isalpha()]
    if not letters:
        return None
    arabic = sum(1 for char in letters if "\u0600" <= char <= "\u06ff")
    return "ar" if arabic / len(letters) > 0.5 else None


def text_pieces(element: Any) -> Iterator[str]:
    """Visible text of an element in document order, ``"\n"`` around block elements."""
    from khabar.extract.content import walk_pieces

    if not isinstance(element.tag, str) or element.tag in _NOT_TEXT:
        return
    for piece in walk_pieces(element, _not_text, _BLOCK_TAGS):
        yield "\n" if piece is None else piece


def _not_text(element: Any) -> bool:
    return element.tag in _NOT_TEXT


def visible_lines(tree: Any) -> Iterator[str]:
    """The page's visible text as lines, one per block element, scripts and styles left out.

    Lazy: a caller that needs only the top of the page stops the walk early.
    """
    from khabar.extract.content import body_of, walk_blocks

    root = body_of(tree)
    if not isinstance(root.tag, str) or root.tag in _NOT_TEXT:
        return
    # A text node that is just a newline ends a line as a block does ("\n" pieces of
    # ``text_pieces``); what follows the last boundary is one line, newlines and all.
    for text, last in walk_blocks(root, _not_text, _BLOCK_TAGS, newline_ends=True):
        if last:
            tail = _clean(text)
            if tail:
                yield tail
            continue
        for raw in text.split("\n"):
            line = _clean(raw)
            if line:
                yield line


def lines_above(
    lines: Iterable[str], paragraphs: tuple[str, ...], title: str | None
) -> tuple[str, ...]:
    """The visible lines before the main content starts (or before the title heading)."""
    markers = [m[:40] for m in (paragraphs[0] if paragraphs else None, title) if m]
    if not markers:
        return ()
    above: list[str] = []
    for line in lines:
        if any(line.startswith(m) or (m.startswith(line[:40]) and len(line) > 20) for m in markers):
            return tuple(above[:MAX_HEADER_LINES])
        above.append(line)
    return ()


def _first(*clues: Callable[[], str | None]) -> str | None:
    """The first clue that yields a value (clues are tried lazily, in order)."""
    for clue in clues:
        value = clue()
        if value:
            return value
    return None


# --- main content -------------------------------------------------------------


def main_paragraphs(tree: Any, url: str | None, settings: HtmlSettings) -> tuple[str, ...]:
    """Main-content paragraphs: the paragraphs' container when the page plainly has one
    (``extract.content``), else trafilatura's; empty when neither finds any.

    The container finder answers only with the default settings (tables left out, no
    precision/recall bias, ``fast``); other settings ask trafilatura directly.
    """
    if settings.container and replace(settings, container=True) == DEFAULT_SETTINGS:
        from khabar.extract.content import dense_paragraphs

        found = dense_paragraphs(tree)
        if found:
            return found
    import trafilatura

    document = trafilatura.bare_extraction(tree, options=_extractor_options(settings, url))
    body = getattr(document, "body", None) if document is not None else None
    return paragraphs_of_body(body) if body is not None else ()


def _extractor_options(settings: HtmlSettings, url: str | None) -> Any:
    """Trafilatura's options for ``settings``, built once per settings and copied per URL.

    Building them reads trafilatura's config file values and formats today's date each
    time. The ``xml`` output format only spares trafilatura rendering a plain-text copy
    of the body that khabar does not use (``paragraphs_of_body`` reads the XML body);
    formatting is off as it is for the default text format.
    """
    from copy import copy

    template = _options_template(settings)
    if not url:
        return template
    options = copy(template)
    options.url = url
    options.source = url.encode("utf-8", "replace").decode("utf-8")
    return options


@functools.lru_cache(maxsize=8)
def _options_template(settings: HtmlSettings) -> Any:
    from trafilatura.settings import Extractor

    return Extractor(
        output_format="xml",
        fast=settings.fast,
        precision=settings.favor_precision,
        recall=settings.favor_recall,
        comments=False,
        tables=settings.include_tables,
        images=False,
        links=False,
        formatting=False,
        dedup=False,
        with_metadata=False,
    )


def paragraphs_of_body(body: Any) -> tuple[str, ...]:
    """Paragraphs of trafilatura's XML body, without the ``- ``/``|`` decorations of its
    plain-text output.

    Every block (``p``, ``head``, ``quote``, list ``item``, table ``cell`` …), every
    line break (``lb``) and every newline in a text node ends a paragraph: Arabic news
    sites separate paragraphs with ``<br>`` far more often than they wrap a sentence with
    one, and their paragraphs often end without a full stop, so a break cannot be judged
    by the punctuation before it.
    """
    paragraphs: list[str] = [""]
    for piece in _xml_pieces(body):
        # A newline inside a text node is a break too: trafilatura's fallback extractors
        # return whole blocks as one element with the lines joined by newlines.
        for index, line in enumerate([None] if piece is None else piece.split("\n")):
            if (line is None or index > 0) and paragraphs[-1].strip():
                paragraphs.append("")
            if line:
                paragraphs[-1] += line
    return tuple(p for p in (_clean(raw) for raw in paragraphs) if p)


_XML_BLOCKS = frozenset(
    {"p", "head", "quote", "item", "list", "table", "row", "cell", "code", "div", "section",
     "article", "figure", "caption", "ab", "note", "fw", "lb"}
)


def _xml_pieces(element: Any) -> Iterator[str | None]:
    """Text pieces of trafilatura's XML in order, ``None`` where a block starts or ends."""
    if not isinstance(element.tag, str):
        return
    block = element.tag in _XML_BLOCKS
    if block:
        yield None
    if element.text:
        yield element.text
    for child in element:
        yield from _xml_pieces(child)
        if child.tail:
            yield child.tail
    if block:
        yield None


def fallback_paragraphs(tree: Any) -> tuple[str, ...]:
    """Every sizeable ``<p>``; failing that, every sizeable text block of the body."""
    paragraphs = [_clean(p.text_content()) for p in tree.iter("p")]
    kept = tuple(p for p in paragraphs if p and len(p) >= FALLBACK_MIN_CHARS)
    if kept:
        return kept
    body = tree.find(".//body")
    root = body if body is not None else tree
    blocks = []
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag in _NOT_TEXT:
            continue
        for piece in (element.text, element.tail if element is not root else None):
            parent = element if piece is element.text else element.getparent()
            if piece and parent is not None and parent.tag not in _NOT_TEXT:
                cleaned = _clean(piece)
                if cleaned:
                    blocks.append(cleaned)
    return tuple(b for b in blocks if len(b) >= FALLBACK_MIN_CHARS) or tuple(blocks)


_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption footer h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table tbody td th thead tr ul".split()
)


class _TextBlocks(HTMLParser):
    """Text split at block tags, by a parser that keeps no tree (so has no depth limit)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._current: list[str] = []
        self._hidden = 0  # inside script, style …

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _NOT_TEXT:
            self._hidden += 1
        elif tag in _BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _NOT_TEXT:
            self._hidden = max(0, self._hidden - 1)
        elif tag in _BLOCK_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self._current.append(data)

    def _flush(self) -> None:
        cleaned = _clean("".join(self._current))
        if cleaned:
            self.blocks.append(cleaned)
        self._current = []

    def close(self) -> None:
        super().close()
        self._flush()


def scanned_paragraphs(html: str) -> tuple[str, ...]:
    """Sizeable text blocks found without building a tree: the last resort."""
    parser = _TextBlocks()
    parser.feed(html)
    parser.close()
    return tuple(b for b in parser.blocks if len(b) >= FALLBACK_MIN_CHARS) or tuple(parser.blocks)


def anchor_texts(tree: Any) -> frozenset[str]:
    """Cleaned texts of every link on the page (menus, related stories, tags …)."""
    from khabar.extract.content import element_text

    found = (_clean(element_text(anchor)) for anchor in tree.iter("a"))
    return frozenset(text for text in found if text)


def is_link_chrome(paragraph: str, anchors: frozenset[str]) -> bool:
    """Whether a short paragraph is mostly link text (a menu line, an ``اقرأ أيضا`` promo)
    or has no letters at all (a lone ``-`` or ``|`` between menu items).

    Long paragraphs are never judged: a real paragraph may well contain links.
    """
    if not any(char.isalpha() for char in paragraph):
        return True
    words = paragraph.split(None, LINK_CHROME_MAX_WORDS + 1)  # all of them when few
    if len(words) > LINK_CHROME_MAX_WORDS:
        return False
    return min(_linked_words(paragraph, words, anchors), len(words)) >= (
        LINK_CHROME_RATIO * len(words)
    )


def _linked_words(paragraph: str, words: list[str], anchors: frozenset[str]) -> int:
    """Words of the distinct link texts that occur in ``paragraph`` as whole words.

    A link text is cleaned (single spaces, none at the ends), so in a cleaned paragraph it
    occurs as whole words exactly when it is one of the paragraph's runs of consecutive
    words: at most 78 runs for 12 words, looked up in the set — a page of thousands of
    links and short lines is not scanned link by link for every line (quadratic).
    """
    if len(anchors) > 78 and " ".join(words) == paragraph:
        count = len(words)
        runs = {" ".join(words[i:j]) for i in range(count) for j in range(i + 1, count + 1)}
        return sum(len(run.split()) for run in runs & anchors)
    padded = f" {paragraph} "
    return sum(len(a.split()) for a in anchors if f" {a} " in padded or a == paragraph)


def is_ui_phrase(paragraph: str) -> bool:
    """Whether a short paragraph is just a template phrase (``اقرأ أيضا:``, ``طباعة``).

    The phrases are the extract layer's list (``resources/ui_phrases.txt``); only an
    exact match counts, so a sentence that merely starts with ``شارك`` stays.
    """
    from khabar.extract.lexicon import key, ui_phrases
    from khabar.extract.template import more_words_than

    if more_words_than(paragraph, UI_PHRASE_MAX_WORDS):
        return False
    return key(paragraph.strip(" :：-–—|»«.،")) in ui_phrases().line


def drop_link_chrome(paragraphs: tuple[str, ...], tree: Any) -> tuple[str, ...]:
    """The paragraphs without link-made chrome and lone template phrases the main-content
    extractor let through.

    The page's link texts are gathered only when a paragraph is short enough to be judged:
    a story of long paragraphs never pays for reading every link on the page.
    """
    anchors: frozenset[str] | None = None
    kept: list[str] = []
    for paragraph in paragraphs:
        long = len(paragraph.split(None, LINK_CHROME_MAX_WORDS + 1)) > LINK_CHROME_MAX_WORDS
        if not (long and any(char.isalpha() for char in paragraph)):
            if anchors is None:
                anchors = anchor_texts(tree)
            if is_link_chrome(paragraph, anchors):
                continue
        if not is_ui_phrase(paragraph):
            kept.append(paragraph)
    return tuple(kept)


def drop_title_heading(paragraphs: tuple[str, ...], title: str | None) -> tuple[str, ...]:
    """Remove the headline when the extractor kept it as the first paragraph.

    The title is reported on its own; repeated in the body it would be counted twice
    (sentences, quotes). Compared on the normalised form so spelling variants match.
    """
    if not title or not paragraphs:
        return paragraphs
    folded = _fold(title)
    start = 0
    while start < min(len(paragraphs), 3) and _fold(paragraphs[start]) == folded:
        start += 1
    return paragraphs[start:]


def _fold(text: str) -> str:
    from khabar.arabic.normalise import normalise

    return " ".join(normalise(text).split()).strip(" .:-|")


def _clean(value: str | None) -> str | None:
    """Whitespace-collapsed text, or None when nothing is left."""
    if value is None:
        return None
    text = " ".join(value.split())
    return text or None


# --- entry point ----------------------------------------------------------------


def extract_html(
    html: str,
    url: str | None = None,
    settings: HtmlSettings = DEFAULT_SETTINGS,
    *,
    keep_header_lines: bool = True,
) -> HtmlDocument:
    """Main-content paragraphs and explicit metadata of an HTML page; never raises on bad HTML.

    ``keep_header_lines=False`` leaves ``header_lines`` empty for a caller that does not read
    them (the walk over the page's top costs as much as a tenth of the extraction); they are
    still read when the section has no other clue, and the section is the same either way.

    >>> doc = extract_html("<html lang='ar'><body><article><p>" + "قال الوزير إن الحوار مستمر. " * 5
    ...                    + "</p></article></body></html>")
    >>> doc.language, doc.paragraphs[0][:10]
    ('ar', 'قال الوزير')
    """
    warnings: list[PageWarning] = []
    tree, limited = parse_checked(html)
    # The tag scan runs only when libxml2 reports that it hit a limit: on every other page
    # the tree is whole, and the scan would cost a regex pass over the page for nothing.
    depth = html_depth(html) if limited else 0
    if depth > LIBXML2_MAX_DEPTH - 6:
        html = flatten_html(html)
        warnings.append(
            PageWarning(
                "html-too-deep",
                f"elements nest {depth} deep (libxml2 stops at {LIBXML2_MAX_DEPTH}); "
                f"flattened to {FLATTEN_TO_DEPTH}",
            )
        )
        tree = parse_html(html)
    if tree is None:
        return HtmlDocument(warnings=tuple(warnings))
    meta = meta_values(tree)
    objects = json_ld_objects(tree)
    site_name = _first(lambda: site_from_meta(meta), lambda: site_from_json_ld(objects))
    title = _first(
        lambda: title_from_meta(meta),
        lambda: title_from_json_ld(objects),
        lambda: title_from_heading_in_title_tag(tree),
        lambda: title_from_h1(tree),
        lambda: title_from_title_tag(tree),
    )
    site_name = site_name or site_from_title_tag(tree, title)
    title = strip_site_name(title, site_name) if title else None
    paragraphs = drop_link_chrome(main_paragraphs(tree, url, settings), tree)
    paragraphs = drop_title_heading(paragraphs, title)
    if not paragraphs:
        paragraphs = fallback_paragraphs(tree)
        if paragraphs:
            warnings.append(
                PageWarning("html-fallback", "main-content extractor found nothing; took all <p>")
            )
    if not paragraphs:
        paragraphs = scanned_paragraphs(html)
        if paragraphs:
            warnings.append(
                PageWarning("html-fallback", "the parsed tree held no text; took scanned text")
            )
    section = _first(
        lambda: section_from_meta(meta),
        lambda: section_from_json_ld(objects),
        lambda: section_from_breadcrumb(tree),
    )
    # The lines above the content, read at most once: when asked for, or as the section's
    # last clue. (No nested function that a lambda calls: compiled, such a closure and its
    # environment would form a reference cycle holding the page's tree until the cyclic
    # collector runs.)
    header: tuple[str, ...] = ()
    if keep_header_lines or not section:
        header = lines_above(visible_lines(tree), paragraphs, title)
        section = section or section_from_crumb_line(header)
    return HtmlDocument(
        title=title,
        paragraphs=paragraphs,
        date_hint=_first(
            lambda: date_from_meta(meta),
            lambda: date_from_json_ld(objects),
            lambda: date_from_time_tag(tree),
        ),
        author=_first(
            lambda: author_from_meta(meta),
            lambda: author_from_json_ld(objects),
            lambda: author_from_byline_element(tree),
        ),
        site_name=site_name,
        section=section or None,
        language=language_of(tree, meta) or language_from_script(paragraphs),
        warnings=tuple(warnings),
        header_lines=header if keep_header_lines else (),
    )
