"""``extract_article``: one RawPage → one Article (clean body + metadata + warnings).

Text dumps go through template removal (``extract.template``) and the metadata
cascade (``extract.metadata``); HTML goes through the main-content extractor
(``extract.html``) and then the same Arabic cascade over its paragraphs. Whatever
is odd about a page becomes a ``PageWarning``; an empty or unreadable page is still
an Article (with ``empty-body``) — the pipeline decides whether that is a failure.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from khabar.arabic.dates import hijri_gap_days
from khabar.extract.dateline import Dateline, byline_from_author, parse_dateline
from khabar.extract.metadata import (
    find_credits,
    find_hijri_date,
    find_outlet_in_text,
    find_page_date,
    find_section,
    is_date_banner,
)
from khabar.extract.template import TextLayout, split_layout
from khabar.model import Article, PageWarning, Source
from khabar.read.encoding import decode_bytes
from khabar.read.page import RawPage


@dataclass(frozen=True, slots=True)
class ExtractSettings:
    """Knobs of extraction, passed as one object (not a dozen keyword arguments)."""

    # Printed Hijri dates follow moon sighting; Umm al-Qura may differ by a day or two.
    hijri_tolerance_days: int = 2
    # Dates an HTML extractor reports as YYYY-01-01 usually come from a copyright footer.
    trust_new_year_html_dates: bool = False
    # Look for the outlet in the body ("لـ«الوطن»") when the header does not name it.
    outlet_from_body: bool = True


DEFAULT_SETTINGS = ExtractSettings()


@dataclass(frozen=True, slots=True)
class Fields:
    """Metadata gathered before the Article is built."""

    text: str
    title: str | None = None
    section: str | None = None
    page_date: str | None = None
    page_date_hijri: str | None = None
    dateline: Dateline | None = None
    outlet: str | None = None
    warnings: tuple[PageWarning, ...] = field(default=())


def decode_page(page: RawPage) -> tuple[str, str | None, tuple[PageWarning, ...]]:
    """The page as text, the encoding used (``None`` for text given as ``str``) and warnings."""
    if isinstance(page.content, str):
        return page.content, page.declared_encoding, ()
    decoded = decode_bytes(page.content, page.declared_encoding)
    return decoded.text, decoded.encoding, decoded.warnings


def extract_article(page: RawPage, settings: ExtractSettings = DEFAULT_SETTINGS) -> Article:
    """Extract one page. Never raises for odd content: oddities become warnings.

    >>> page = RawPage("عنوان\\nالرياض: محمد العلي\\nقال الوزير إن الاجتماع مثمر.".encode())
    >>> a = extract_article(page)
    >>> a.title, a.dateline, a.byline, a.text
    ('عنوان', 'الرياض', 'محمد العلي', 'قال الوزير إن الاجتماع مثمر.')
    """
    text, encoding, decode_warnings = decode_page(page)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if page.media_type == "html":
        fields = fields_from_html(text, page.url, settings)
    else:
        fields = fields_from_text(text, settings)
    meta = dict(page.meta)
    title = fields.title or meta.get("title") or None
    dateline = fields.dateline or Dateline()
    outlet = dateline.outlet or fields.outlet or meta_outlet(meta)
    page_date = fields.page_date or meta_date(meta)
    credits = dateline.credits
    if outlet is None and len(credits) == 1 and credits[0] != "وكالات":
        outlet = credits[0]  # a page credited only to one agency is that agency's copy
    warnings = [*page.warnings, *decode_warnings, *fields.warnings]
    warnings.extend(date_warnings(page_date, fields.page_date_hijri, settings))
    if not fields.text.strip():
        warnings.append(PageWarning("empty-body", "no body text left after template removal"))
    if title is None:
        warnings.append(PageWarning("no-title", "no title line found"))
    return Article(
        text=fields.text,
        source=Source(path=page.path, url=page.url, encoding=encoding, record=page.record),
        title=title,
        section=fields.section,
        page_date=page_date,
        page_date_hijri=fields.page_date_hijri,
        dateline=dateline.place,
        outlet=outlet,
        byline=dateline.byline,
        credits=credits,
        warnings=tuple(warnings),
    )


# Container fields (a JSONL line's keys) that name the outlet or the date.
META_OUTLET_KEYS = ("outlet", "site_name", "source", "publisher")
META_DATE_KEYS = ("date", "page_date", "published")


def meta_outlet(meta: dict[str, str]) -> str | None:
    """The outlet a container named, if any (a page's own evidence comes first)."""
    for name in META_OUTLET_KEYS:
        value = meta.get(name, "").strip()
        if value:
            return value
    return None


def meta_date(meta: dict[str, str]) -> str | None:
    """A valid ISO date a container gave (``2025-04-03`` or a timestamp starting with one).

    >>> meta_date({"date": "2025-04-03T10:00:00Z"}), meta_date({"date": "أمس"})
    ('2025-04-03', None)
    """
    from khabar.arabic.dates import gregorian_iso

    for name in META_DATE_KEYS:
        value = meta.get(name, "").strip()
        if len(value) >= 10 and value[4] == "-" and value[7] == "-":
            try:
                iso = gregorian_iso(int(value[:4]), int(value[5:7]), int(value[8:10]))
            except ValueError:
                continue
            if iso:
                return iso
    return None


def fields_from_text(text: str, settings: ExtractSettings = DEFAULT_SETTINGS) -> Fields:
    """Metadata and body of a plain-text dump."""
    layout: TextLayout = split_layout(text)
    header = list(layout.header)
    dateline = layout.dateline
    closing_dates = [line for line in layout.footer if is_date_banner(line)]
    page_date = (
        find_page_date(header)
        or (dateline.date if dateline else None)
        or find_page_date(closing_dates)
    )
    footer_credits = find_credits(layout.footer)
    if footer_credits:
        dateline = dateline or Dateline()
        merged = tuple(dict.fromkeys((*dateline.credits, *footer_credits)))
        dateline = replace(dateline, credits=merged)
    outlet = None
    if settings.outlet_from_body and not (dateline and dateline.outlet):
        outlet = find_outlet_in_text(layout.body + "\n" + "\n".join(layout.footer))
    return Fields(
        text=layout.body,
        title=layout.title,
        section=find_section(layout.breadcrumb, layout.title),
        page_date=page_date,
        page_date_hijri=find_hijri_date(header),
        dateline=dateline,
        outlet=outlet,
    )


def fields_from_html(
    html: str, url: str | None, settings: ExtractSettings = DEFAULT_SETTINGS
) -> Fields:
    """Metadata and body of an HTML page: main content, then the Arabic cascade."""
    from khabar.extract.html import extract_html

    doc = extract_html(html, url, keep_header_lines=False)  # the layout below reads its own
    paragraphs = [p.strip() for p in doc.paragraphs if p.strip()]
    # The same cascade as text dumps over the paragraphs: a dateline under the title, a
    # glued dateline, footers and teasers; the title comes from the HTML metadata.
    layout = split_layout("\n".join(paragraphs), known_title=doc.title or "")
    body = layout.body
    date = doc.date_hint
    warnings = list(doc.warnings)
    if date and date.endswith("-01-01") and not settings.trust_new_year_html_dates:
        message = f"HTML date {date} looks like a copyright year"
        warnings.append(PageWarning("date-untrusted", message))
        date = None
    header = list(layout.header)
    dateline = html_byline(layout.dateline, doc.author, doc.site_name)
    outlet = None
    if settings.outlet_from_body and not (dateline and dateline.outlet):
        outlet = find_outlet_in_text(body) or doc.site_name
    return Fields(
        text=body,
        title=doc.title,
        section=doc.section or find_section(layout.breadcrumb, doc.title),
        page_date=find_page_date(header) or date or (dateline.date if dateline else None),
        page_date_hijri=find_hijri_date(header),
        dateline=dateline,
        outlet=outlet,
        warnings=tuple(warnings),
    )


def html_byline(
    dateline: Dateline | None, author: str | None, site_name: str | None
) -> Dateline | None:
    """The text's dateline, completed from the page's stated author (``<meta name="author">``,
    JSON-LD, a byline element) where the text says nothing.

    The byline comes from ``byline_from_author``. Sites also state a dateline there
    (``الرياض - واس``, ``لندن: «الشرق الأوسط»``): its place, outlet and agency credits
    fill the ones the text lacks. What the text prints wins: it is what readers see.
    """
    if not author:
        return dateline
    base = dateline or Dateline()
    stated = parse_dateline(author) or Dateline()
    completed = replace(
        base,
        byline=base.byline or byline_from_author(author, site_name),
        place=base.place or stated.place,
        outlet=base.outlet or stated.outlet,
        credits=base.credits or stated.credits,
    )
    return dateline if completed == base else completed


def date_warnings(
    gregorian: str | None, hijri: str | None, settings: ExtractSettings = DEFAULT_SETTINGS
) -> list[PageWarning]:
    """``date-mismatch`` when the printed Hijri and Gregorian dates disagree beyond tolerance.

    >>> date_warnings("2017-01-18", "1438-04-19")
    []
    >>> [w.code for w in date_warnings("2017-03-18", "1438-04-19")]
    ['date-mismatch']
    """
    if not gregorian or not hijri:
        return []
    gap = hijri_gap_days(hijri, gregorian)
    if gap is None or gap <= settings.hijri_tolerance_days:
        return []
    return [
        PageWarning(
            "date-mismatch",
            f"Hijri {hijri} is {gap} days from Gregorian {gregorian} (Umm al-Qura)",
        )
    ]
