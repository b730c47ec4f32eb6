"""The entity tagging path's shortcuts give what the plain computations give, bit for bit.

Session 9 (issue 6): sentence-final marks found in the text instead of a test of every
token; the CRF's scores gathered straight into the batched Viterbi's packed order; a new
word's score row summed by grouped whole-array adds in numpy's own order instead of
``np.add.reduceat``; pages joined by list extension.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from khabar.arabic.tokens import normalise_words, split_tokens
from khabar.nlp.entities import (
    _SENTENCE_END,
    _final_mark_tokens,
    _page,
    _tagger,
    flat_sentences,
)
from khabar.nlp.entities.viterbi import Layout, decode_flat

_MARK_PIECES = st.lists(
    st.sampled_from(
        ["كلمة", ".", "؟", "!", "?", "…", "...", "3.5", "١٫٥", "هادي.وقال", "،", "\n", "x!y", "«؟»"]
    ),
    max_size=120,
)


@settings(max_examples=300, deadline=None)
@given(_MARK_PIECES, st.sampled_from([" ", "", "  "]))
def test_final_marks_found_in_the_text_are_the_tokens_that_are_marks(
    pieces: list[str], joiner: str
) -> None:
    text = joiner.join(pieces)
    words, starts, _ = split_tokens(text)
    expected = {i for i, word in enumerate(words) if word in _SENTENCE_END}
    assert _final_mark_tokens(words, starts, text) == expected


def test_final_marks_inside_numbers_and_words_are_no_sentence_ends() -> None:
    text = "بلغ النمو 3.5 في المئة… وقال: هل يكفي؟ نعم! انتهى."
    words, starts, _ = split_tokens(text)
    found = sorted(_final_mark_tokens(words, starts, text))
    assert [words[i] for i in found] == ["…", "؟", "!", "."]


_TEXTS = [
    "وقال وزير الخارجية الروسي سيرجي لافروف إن موسكو لن تقبل ذلك.\nالتقى الرئيس المصري "
    "عبد الفتاح السيسي في القاهرة وفدا من البنك الدولي. وأعلنت شركة تويوتا اليابانية أمس.",
    "فاز الأهلي على الزمالك في الدوري المصري بهدفين؟ نعم! سوريا",
    "لندن : معد فياض",
    " ".join(["كلمة"] * 130) + " .",
]


def test_flat_sentences_join_the_pages_in_order() -> None:
    pages = [_page(text) for text in _TEXTS]
    flat, lengths = flat_sentences(pages)
    assert flat == [word for page in pages for word in page.norm]
    assert lengths == [stop - begin for page in pages for begin, stop in page.ranges]
    assert sum(lengths) == len(flat)


def test_packed_scores_are_the_flat_scores_in_the_viterbi_order() -> None:
    """The scores gathered straight into the packed cells are, bit for bit, the flat score
    matrix laid out by :meth:`Layout.emissions` (sentence edges included), and the tags are
    those of decoding the flat matrix."""
    crf = _tagger().compiled()
    pages = [_page(text) for text in _TEXTS]
    flat, lengths = flat_sentences(pages)
    for sizes in (lengths, [0, *lengths, 0], [len(flat)], [1] * len(flat)):
        ids = crf.ids_of(flat)
        layout = Layout(sizes)
        packed = crf._packed_scores(ids, sizes, layout)
        expected = layout.emissions(crf.scores_of_ids(ids, sizes))
        assert packed.tobytes() == expected.tobytes()
        tags = crf.tag_flat(flat, sizes)
        assert (
            tags.tolist()
            == decode_flat(crf.scores_of(flat, sizes), sizes, crf.transitions).tolist()
        )


def test_layout_cells_cover_every_token_once() -> None:
    sizes = [3, 0, 5, 1, 5, 2]
    layout = Layout(sizes)
    assert sorted(layout.where.tolist()) == list(range(sum(sizes)))
    assert layout.active[0] == sum(1 for n in sizes if n)
    assert layout.longest == 5
    ends = sorted(layout.where[layout.ends].tolist())
    bounds = np.cumsum(sizes)
    assert ends == sorted((bounds[np.array(sizes) > 0] - 1).tolist())


def test_new_word_rows_equal_reduceat_sums_bit_for_bit() -> None:
    """A new word's score row, summed by grouped whole-array adds, is the ``reduceat`` sum of
    its (kind, value) rows (numpy's pairwise order: first row + the rest 8 lanes at a time),
    for random rows with zeros and negative zeros and any number of rows per word."""
    from khabar.nlp.entities.viterbi import row_sums

    rng = np.random.default_rng(11)
    for _ in range(300):
        rows, width = int(rng.integers(2, 200)), int(rng.integers(1, 50))
        matrix = rng.standard_normal((rows, width)) * 10 ** rng.uniform(-6, 3, (rows, width))
        matrix[rng.random((rows, width)) < 0.2] = 0.0
        matrix[rng.random((rows, width)) < 0.1] = -0.0
        words, kinds = int(rng.integers(1, 60)), int(rng.integers(1, 45))
        ids = rng.integers(0, rows, (words, kinds))
        ids[rng.random((words, kinds)) < rng.random()] = -1
        expected = np.zeros((words, width))
        present = ids >= 0
        counts = present.sum(axis=1)
        if counts.any():
            starts = np.cumsum(counts) - counts
            filled = counts > 0
            expected[filled] = np.add.reduceat(
                np.take(matrix, ids[present], axis=0), starts[filled], axis=0
            )
        padded = np.vstack((matrix, np.full((1, width), -0.0)))
        assert row_sums(padded, ids).tobytes() == expected.tobytes()


def test_new_word_rows_of_real_words_equal_reduceat_sums() -> None:
    """The same on the shipped model's rows for the words of real sentences."""
    from itertools import repeat

    from khabar.nlp.entities.viterbi import row_sums

    crf = _tagger().compiled()
    words = list(dict.fromkeys(normalise_words(" ".join(_TEXTS).split())))
    _, columns = crf._word_columns(words, crf._wanted)
    found = [
        np.fromiter(map(crf._kind_rows[kind].get, column, repeat(-1)), dtype=np.intp)
        for kind, column in columns
        if kind in crf._kind_rows
    ]
    ids = np.stack(found, axis=1)
    present = ids >= 0
    counts = present.sum(axis=1)
    starts = np.cumsum(counts) - counts
    expected = np.add.reduceat(np.take(crf._matrix, ids[present], axis=0), starts, axis=0)
    assert row_sums(crf._padded, ids).tobytes() == expected.tobytes()


def test_lexicon_class_columns_read_row_wise_are_word_values() -> None:
    """The lexicon-class columns (one per class of the richest word, filled for the words
    that have that many) read row-wise are each word's classes, in order — for words with
    none, one and many classes, clitics on and off."""
    from khabar.nlp.entities.features import word_columns, word_values
    from khabar.nlp.entities.resources import load_clusters, load_lexicon

    lex, clu = load_lexicon(), load_clusters()
    stats = _tagger()._extract.stats
    rich = sorted(lex, key=lambda w: (-len(lex[w]), w))[:20]
    words = ["كلمة", "وقال", *rich, *("و" + w for w in rich[:5]), "بالقاهرة", "3.5", ""]
    assert max(len(lex[w]) for w in rich) >= 3
    norms, columns = word_columns(words, lex, clu, stats)
    classes = [
        sum(1 for kind, _ in word_values(w, lex, clu, stats)[1] if kind == "g") for w in words
    ]
    assert sum(1 for kind, _ in columns if kind == "g") == max(classes) >= 3
    for k, word in enumerate(words):
        norm, pairs = word_values(word, lex, clu, stats)
        assert norms[k] == norm
        assert [(kind, col[k]) for kind, col in columns if col[k] is not None] == pairs


def _strip_by_slices(word: str, min_rest: int = 3) -> str:
    """The clitic stripping before session 9 (an index and slices looked up in sets)."""
    from khabar.nlp.entities.tokens import PROCLITICS

    if not word or word[0] not in {p[0] for p in PROCLITICS}:
        return word
    for size in sorted({len(p) for p in PROCLITICS}, reverse=True):
        if size <= len(word) - min_rest and word[:size] in {
            p for p in PROCLITICS if len(p) == size
        }:
            return word[size:]
    return word


def test_clitic_helpers_by_startswith_equal_the_slice_lookups() -> None:
    """``strip_proclitics`` and ``has_article`` by ``str.startswith`` give what the index and
    slice look-ups gave, on every proclitic sequence before short and long stems, the
    lexicon's words and the empty word."""
    from khabar.nlp.entities.resources import load_lexicon
    from khabar.nlp.entities.tokens import PROCLITICS, has_article, strip_proclitics

    definite = tuple(p for p in PROCLITICS if p.endswith(("ال", "لل")))
    stems = ["", "ا", "ب", "لد", "ولد", "سوريا", "ال", "لل", "عراق", "x1"]
    words = [p + stem for p in ("", *PROCLITICS) for stem in stems]
    words += sorted(normalise_words(list(load_lexicon())))[::7]
    for word in words:
        for rest in (0, 1, 3, 5):
            assert strip_proclitics(word, rest) == _strip_by_slices(word, rest), (word, rest)
        assert has_article(word) == (
            bool(word) and word[0] in {p[0] for p in PROCLITICS} and word.startswith(definite)
        )
