"""The CRF decodes several pages in one call: the same labels as page by page.

Batching changes how many sentences one Viterbi step covers and which word rows a call
makes, never a sentence's sums, so the labels must be exactly those of one page at a time.
"""

from __future__ import annotations

import numpy as np
import pytest

from khabar.arabic.tokens import normalise_words
from khabar.nlp.entities import _page, _tagger, recognise, recognise_many
from khabar.nlp.entities.crf import CrfTagger
from khabar.nlp.entities.viterbi import CompiledCrf

PAGES = [
    "وقال وزير الخارجية الروسي سيرجي لافروف في مؤتمر صحفي بموسكو إن بلاده ترفض القرار.\n"
    "وأضاف أن مجلس الأمن الدولي سيجتمع الأسبوع المقبل في نيويورك.",
    "أعلنت شركة أرامكو السعودية عن أرباحها. وقال الرئيس التنفيذي أمين الناصر إن الطلب قوي.",
    "",
    "فاز الهلال على النصر بهدفين في الرياض، وسجل سالم الدوسري الهدف الأول.",
    "استقبل خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز آل سعود في جدة رئيس وزراء "
    "باكستان عمران خان، وبحثا العلاقات الثنائية.",
    "؟؟ … " * 3,
    "التقى الرئيس المصري عبد الفتاح السيسي في القاهرة المبعوث الأممي إلى اليمن "
    "مارتن غريفيث.\nوناقش الجانبان تطورات الأزمة اليمنية والجهود الدولية لحلها.",
]


def _flat(texts: list[str]) -> list[tuple[list[str], list[int]]]:
    out = []
    for text in texts:
        page = _page(text)
        out.append((page.norm, [stop - begin for begin, stop in page.ranges]))
    return out


def _fresh_compiled() -> CompiledCrf:
    base = _tagger()
    return CrfTagger(base.model_path, base.lexicon, base.clusters).compiled()


@pytest.mark.parametrize("size", [2, 3, 7])
def test_one_decode_for_several_pages_gives_each_pages_labels(size: int) -> None:
    single = _fresh_compiled()
    batched = _fresh_compiled()  # its own word table: new words come in batches here
    pages = _flat(PAGES)
    alone = [single.tag_flat(norm, lengths) for norm, lengths in pages]
    for begin in range(0, len(pages), size):
        group = pages[begin : begin + size]
        flat = [word for norm, _ in group for word in norm]
        lengths = [n for _, sizes in group for n in sizes]
        labels = batched.tag_flat(flat, lengths)
        expected = np.concatenate([alone[begin + k] for k in range(len(group))])
        assert labels.tolist() == expected.tolist()
    assert any(len(a) and (a != a[0]).any() for a in alone)  # some names were found


def test_scores_of_a_batch_are_the_scores_of_its_pages() -> None:
    compiled = _fresh_compiled()
    pages = [(n, sizes) for n, sizes in _flat(PAGES) if n]
    alone = [compiled.scores_of(n, sizes) for n, sizes in pages]
    fresh = _fresh_compiled()
    flat = [word for n, _ in pages for word in n]
    together = fresh.scores_of(flat, [k for _, sizes in pages for k in sizes])
    assert np.array_equal(together, np.concatenate(alone))


def test_word_ids_repeat_and_new_words_get_rows() -> None:
    compiled = _fresh_compiled()
    words = normalise_words("قال لافروف إن لافروف قال".split())
    ids = compiled._ids_of(words)
    assert ids[0] == ids[4] and ids[1] == ids[3] and len(set(ids.tolist())) == 3
    assert (ids > 0).all()  # 0 is the padding row
    again = compiled._ids_of(["لافروف", "سوريا"])
    assert again[0] == ids[1] and again[1] not in ids


def test_recognise_many_with_empty_and_mark_only_texts() -> None:
    found = recognise_many(PAGES)
    assert found == [recognise(text) for text in PAGES]
    assert found[2] == [] and any(e.text == "سيرجي لافروف" for e in found[0])
