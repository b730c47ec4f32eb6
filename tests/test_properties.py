"""Property tests: offset maps round-trip, every span is exactly its text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from khabar.arabic import letters as L
from khabar.arabic.normalise import normalise, normalised_view
from khabar.arabic.segment import sentence_spans, tokens
from khabar.extract.article import extract_article
from khabar.nlp.sentences import SentenceStage
from khabar.read.page import RawPage

ARABIC_WORDS = ["أحمد", "إيران", "الإرهاب", "مستشفى", "مدرسة", "قال", "ـــ", "لافروف", "آذار"]
ALPHABET = (
    "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئىة"
    + L.DIACRITICS
    + L.TATWEEL
    + L.ZERO_WIDTH
    + L.BIDI_CONTROLS
    + L.ARABIC_INDIC_DIGITS
    + "\ufefb\ufdf2\ufe8d\ufb50"  # presentation forms: لا، الله، alef, alef wasla
    + " \n.،؛؟!?«»“”\"'()-:0123456789abcXYZ"
)
arabic_text = st.lists(
    st.one_of(st.text(alphabet=ALPHABET, max_size=12), st.sampled_from(ARABIC_WORDS)), max_size=30
).map("".join)


@settings(max_examples=300, deadline=None)
@given(arabic_text)
def test_normalised_view_maps_back_to_source(text: str) -> None:
    view = normalised_view(text)
    assert view.text == normalise(text)
    for i, char in enumerate(view.text):
        start, end = view.to_original(i, i + 1)
        assert 0 <= start < end <= len(text)
        assert char in normalise(text[start:end])
    assert view.to_original(0, len(view.text))[1] <= len(text)


@settings(max_examples=300, deadline=None)
@given(arabic_text)
def test_sentence_spans_are_exact_and_ordered(text: str) -> None:
    spans = sentence_spans(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        piece = text[start:end]
        assert piece == piece.strip()
        assert "\n" not in piece
        previous_end = end
    covered = "".join(text[s:e] for s, e in spans)
    assert "".join(covered.split()) == "".join(text.split())


@settings(max_examples=300, deadline=None)
@given(arabic_text)
def test_tokens_are_exact_and_cover_the_text(text: str) -> None:
    spans = tokens(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert not text[start:end].isspace()
        previous_end = end
    invisible = set(L.ZERO_WIDTH + L.BIDI_CONTROLS)
    kept = "".join(text[s:e] for s, e in spans)
    assert kept == "".join(c for c in text if not c.isspace() and c not in invisible)


@settings(max_examples=100, deadline=None)
@given(arabic_text)
def test_extracted_articles_have_exact_sentence_spans(text: str) -> None:
    article = SentenceStage()(extract_article(RawPage(text.encode("utf-8"))))
    for sentence in article.sentences:
        assert 0 <= sentence.start < sentence.end <= len(article.text)
        assert article.text[sentence.start : sentence.end].strip()
