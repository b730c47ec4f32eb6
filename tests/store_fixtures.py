"""Hand-built annotated articles for the store, API and web UI tests (no pipeline needed)."""

from __future__ import annotations

from pathlib import Path

from khabar.model import Article, Entity, Event, Quote, Sentence, Source


def _span(text: str, needle: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def make_article(
    body: str,
    *,
    title: str,
    outlet: str,
    date: str,
    url: str,
    quotes: tuple[tuple[str, str, str], ...] = (),
    entities: tuple[tuple[str, str, str, str | None], ...] = (),
) -> Article:
    """An article with quotes ``(quote text, speaker, kind)`` and entities ``(text, label,
    canonical, entity_id)`` located in ``body`` by search, so offsets are always true."""
    built_quotes = []
    for quote_text, speaker, kind in quotes:
        start, end = _span(body, quote_text)
        built_quotes.append(
            Quote(start, end, quote_text, kind, cue="قال", speaker=speaker,  # type: ignore[arg-type]
                  speaker_title=None, speaker_entity=None)
        )
    built_entities = []
    for text, label, canonical, entity_id in entities:
        start, end = _span(body, text)
        built_entities.append(Entity(start, end, text, label, canonical, entity_id))
    return Article(
        text=body, title=title, outlet=outlet, page_date=date,
        source=Source(path=None, url=url, encoding="utf-8"),
        quotes=tuple(built_quotes), entities=tuple(built_entities),
    )


LAVROV_BODY = (
    "قال وزير الخارجية الروسي سيرجي لافروف إن \"الحل في سوريا يجب أن يكون سياسيا\" "
    "وأضاف لافروف أن موسكو تدعم المفاوضات بين الأطراف السورية في أستانا.\n"
    "وأكد أن إيران شريك مهم في مكافحة الإرهاب، مشيرا إلى أن مُحَمَّد جواد ظريف سيزور موسكو "
    "الأسبوع المقبل لبحث الأزمة."
)

WIRE_BODY = (
    "أعلنت وزارة الصحة السعودية تسجيل حالات جديدة من فيروس كورونا في منطقة الرياض، "
    "وأوضحت الوزارة في بيان نشرته على موقعها الإلكتروني أن الحالات تتلقى العلاج في "
    "المستشفيات المتخصصة، داعية المواطنين والمقيمين إلى الالتزام بالإرشادات الصحية "
    "وتجنب الأماكن المزدحمة خلال الفترة المقبلة."
)

HOSTILE_BODY = (
    "نشر موقع إخباري نصا يحتوي على <script>alert('x')</script> ضمن تقرير عن الأمن "
    "السيبراني، وقال الخبير أحمد علي إن \"الهجمات <b>تتزايد</b> & تتطور\" بسرعة كبيرة."
)


def corpus() -> list[Article]:
    """Four articles: Lavrov (quotes + entities), a wire story and its copy, a hostile page."""
    lavrov = make_article(
        LAVROV_BODY, title="لافروف: الحل في سوريا سياسي", outlet="الوطن", date="2017-01-18",
        url="https://example.com/a/1",
        quotes=(("الحل في سوريا يجب أن يكون سياسيا", "سيرجي لافروف", "direct"),
                ("موسكو تدعم المفاوضات بين الأطراف السورية في أستانا", "سيرجي لافروف",
                 "indirect")),
        entities=(("سيرجي لافروف", "PER", "سيرجي لافروف", "Q1"),
                  ("سوريا", "GPE", "سوريا", "Q2"),
                  ("موسكو", "GPE", "موسكو", "Q3"),
                  ("إيران", "GPE", "إيران", "Q4"),
                  ("مُحَمَّد جواد ظريف", "PER", "محمد جواد ظريف", "Q5")),
    )
    wire = make_article(
        WIRE_BODY, title="تسجيل حالات جديدة من كورونا", outlet="سبق", date="2015-08-01",
        url="https://example.com/w/1",
        entities=(("وزارة الصحة السعودية", "ORG", "وزارة الصحة", None),
                  ("الرياض", "GPE", "الرياض", "Q6")),
    )
    # The same wire story in another outlet, with a changed first words and an extra line.
    wire_copy = make_article(
        WIRE_BODY.replace("أعلنت", "كشفت") + "\nمن جهة أخرى ارتفعت درجات الحرارة.",
        title="الصحة: حالات جديدة من كورونا", outlet="عكاظ", date="2015-08-02",
        url="https://example.com/w/2",
        entities=(("الرياض", "GPE", "الرياض", "Q6"),),
    )
    hostile = make_article(
        HOSTILE_BODY, title="<img src=x onerror=alert(1)> تقرير", outlet="الوطن",
        date="2017-01-19", url="https://example.com/h/1",
        quotes=(("الهجمات <b>تتزايد</b> & تتطور", "أحمد علي", "direct"),),
        entities=(("أحمد علي", "PER", "أحمد علي", None),),
    )
    return [lavrov, wire, wire_copy, hostile]


def corpus_db(folder: Path) -> Path:
    """A ``khabar.db`` in ``folder`` holding :func:`corpus` (shared by store and API tests)."""
    from khabar.store import Store

    path = folder / "khabar.db"
    with Store(path) as store:
        store.add_articles(corpus())
    return path


PROTEST_BODY = (
    "تظاهر آلاف الطلاب في القاهرة أمس احتجاجا على رفع الرسوم الدراسية.\n"
    "وقالت الشرطة المصرية إنها اعتقلت عشرة محتجين قرب الجامعة."
)


def _protest_span(needle: str) -> tuple[int, int]:
    start = PROTEST_BODY.index(needle)
    return start, start + len(needle)


def protest_article() -> Article:
    """Two events by hand: a protest with an agent-noun actor, an arrest by an entity."""
    first_end = PROTEST_BODY.index("\n")
    sentences = (Sentence(0, first_end), Sentence(first_end + 1, len(PROTEST_BODY)))
    police = _protest_span("الشرطة المصرية")
    entities = (
        Entity(*_protest_span("القاهرة"), "القاهرة", "GPE", "القاهرة", "Q85"),
        Entity(*police, "الشرطة المصرية", "ORG", "الشرطة المصرية", None),
    )
    students, held = _protest_span("آلاف الطلاب"), _protest_span("عشرة محتجين")
    protest = Event(*_protest_span("تظاهر"), "تظاهر", "PROTEST", actor="آلاف الطلاب",
                    code="141", actor_start=students[0], actor_end=students[1])
    arrest = Event(*_protest_span("اعتقلت"), "اعتقلت", "COERCE", actor="الشرطة المصرية",
                   target="عشرة محتجين", code="173",
                   actor_start=police[0], actor_end=police[1],
                   target_start=held[0], target_end=held[1])
    return Article(text=PROTEST_BODY, title="مظاهرة طلابية", outlet="الأهرام",
                   page_date="2016-03-01", sentences=sentences, entities=entities,
                   events=(protest, arrest))
