"""The compiled CRF decoder agrees with crfsuite and with brute-force search."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from khabar.nlp.entities import _tagger
from khabar.nlp.entities.viterbi import viterbi

SENTENCES = [
    "وقال وزير الخارجية الروسي سيرجي لافروف إن موسكو لن تقبل ذلك .",
    "التقى الرئيس المصري عبد الفتاح السيسي في القاهرة وفدا من البنك الدولي .",
    "وأعلنت شركة تويوتا اليابانية أمس عن طراز جديد .",
    "فاز الأهلي على الزمالك في الدوري المصري بهدفين .",
    "لندن : معد فياض",
    "سوريا",
    "",
]


def _brute(emit: np.ndarray, trans: np.ndarray) -> list[int]:
    best: tuple[float, tuple[int, ...]] = (-np.inf, ())
    for path in itertools.product(range(emit.shape[1]), repeat=emit.shape[0]):
        score = emit[0, path[0]] + sum(
            trans[a, b] + emit[i + 1, b] for i, (a, b) in enumerate(itertools.pairwise(path))
        )
        if score > best[0]:
            best = (score, path)
    return list(best[1])


def test_viterbi_matches_brute_force_on_ragged_batches() -> None:
    rng = np.random.default_rng(7)
    trans = rng.normal(size=(3, 3))
    emits = [rng.normal(size=(n, 3)) for n in (1, 4, 2, 5, 0, 3)]
    paths = viterbi(emits, trans)
    assert [len(p) for p in paths] == [1, 4, 2, 5, 0, 3]
    for emit, path in zip(emits, paths, strict=True):
        if len(emit):
            assert path == _brute(emit, trans)


@pytest.mark.parametrize("batch", [False, True])
def test_compiled_tags_equal_crfsuite(batch: bool) -> None:
    tagger = _tagger()
    sentences = [s.split() for s in SENTENCES]
    expected = [tagger.tag_crfsuite(words) for words in sentences]
    got = tagger.tag_many(sentences) if batch else [tagger.tag(words) for words in sentences]
    assert got == expected
    assert any(tag != "O" for tags in got for tag in tags)


def test_compiled_tags_survive_cache_resets() -> None:
    """A tiny word-row cache is emptied between batches; tags stay crfsuite's."""
    from khabar.nlp.entities.crf import CrfTagger

    base = _tagger()
    small = CrfTagger(base.model_path, base.lexicon, base.clusters)
    small.compiled().cache_size = 5
    sentences = [s.split() for s in SENTENCES]
    for _ in range(2):
        for words in sentences:
            assert small.tag_many([words, words[::-1]]) == [
                base.tag_crfsuite(words),
                base.tag_crfsuite(words[::-1]),
            ]


def test_compiled_scores_keep_sentences_apart() -> None:
    """Neighbour and bigram weights never cross a sentence boundary in a batch."""
    tagger = _tagger().compiled()
    first, second = SENTENCES[0].split(), SENTENCES[1].split()
    alone = tagger.scores([first])[0], tagger.scores([second])[0]
    together = tagger.scores([first, [], second])
    assert np.allclose(together[0], alone[0])
    assert together[1].shape == (0, len(tagger.labels))
    assert np.allclose(together[2], alone[1])


def _stored_pointers(emit: np.ndarray, trans: np.ndarray) -> list[int]:
    """Textbook Viterbi with stored back-pointers (first maximum wins), one sentence."""
    if not len(emit):
        return []
    delta = emit[0].copy()
    back = []
    for t in range(1, len(emit)):
        candidates = delta[:, None] + trans
        back.append(candidates.argmax(axis=0))
        delta = candidates.max(axis=0) + emit[t]
    label = int(delta.argmax())
    path = [label]
    for pointers in reversed(back):
        label = int(pointers[label])
        path.append(label)
    return path[::-1]


def test_viterbi_breaks_ties_like_stored_back_pointers() -> None:
    """Scores rounded to one decimal tie often; the batched decoder, which recomputes
    back-pointers while walking back, picks the same path as stored first-maximum pointers."""
    rng = np.random.default_rng(11)
    for _ in range(200):
        trans = rng.normal(size=(4, 4)).round(1)
        sizes = rng.integers(0, 9, size=rng.integers(1, 7))
        emits = [rng.normal(size=(int(n), 4)).round(1) for n in sizes]
        assert viterbi(emits, trans) == [_stored_pointers(e, trans) for e in emits]


@pytest.mark.parametrize(
    "words",
    [
        ["وقال", "لافروف", "للعراق", "والسعودية", "بالقاهرة", "الفرنسية"],
        ["", "٣٤", "3.5", "Abc", "ﷺ", "إيران", "مُحَمَّد", "ـالرياض"],
    ],
)
def test_word_columns_read_row_wise_are_word_values(words: list[str]) -> None:
    """The column form the compiled tagger sums is each word's pairs, in the same order."""
    from khabar.nlp.entities.features import word_columns, word_values
    from khabar.nlp.entities.resources import load_clusters, load_lexicon

    lex, clu = load_lexicon(), load_clusters()
    stats = _tagger()._extract.stats
    norms, columns = word_columns(words, lex, clu, stats)
    for k, word in enumerate(words):
        norm, pairs = word_values(word, lex, clu, stats)
        assert norms[k] == norm
        assert [(kind, col[k]) for kind, col in columns if col[k] is not None] == pairs


def test_evicting_half_the_cache_keeps_scores_exact() -> None:
    """A full word cache keeps its most used half (rows moved, bigram cache dropped):
    scores stay bit-identical to a tagger that never evicts."""
    from khabar.nlp.entities.crf import CrfTagger

    base = _tagger()
    small = CrfTagger(base.model_path, base.lexicon, base.clusters).compiled()
    small.cache_size = 30
    big = base.compiled()
    # the sentences seen most often are not the first seen: kept rows really move
    often = [SENTENCES[0].split(), SENTENCES[1].split()]
    batches = [[s.split()] for s in SENTENCES[2:]]
    batches = [b for batch in batches for b in (batch, often, often)]
    evictions = 0  # seen from outside (no patched method: the mypyc build has native classes)
    for _ in range(3):
        for sentences in batches:
            expected = big.flat_scores(sentences)
            before = len(small._ids)
            assert np.array_equal(small.flat_scores(sentences), expected)
            evictions += len(small._ids) < before  # an eviction halves the cache first
    assert evictions > 3
    # the moved state: each cached word's row and bigram flag are its own
    size = len(small._norms)
    assert size == len(small._ids) + 1
    by_id = sorted(small._ids, key=small._ids.__getitem__)
    assert np.array_equal(small._table[:, 1:size], big._table[:, big._ids_of(by_id)])
    firsts = [small._first_words.get(word, -1) for word in small._norms[1:]]
    assert small._pair_first[1:size].tolist() == firsts
    seconds = [small._second_words.get(word, -1) for word in small._norms[1:]]
    assert small._pair_second[1:size].tolist() == seconds
    assert small._uses[1 : len(small._norms)].max() > 1  # words seen again keep their rows


def test_flat_tags_are_the_batched_tags() -> None:
    """``tag_flat`` (normalised tokens, one label array) gives ``tag_many``'s tags."""
    from khabar.arabic.tokens import normalise_words

    tagger = _tagger().compiled()
    sentences = [s.split() for s in SENTENCES]
    expected = [tag for tags in tagger.tag_many(sentences) for tag in tags]
    flat = normalise_words([word for words in sentences for word in words])
    labels = tagger.tag_flat(flat, [len(words) for words in sentences])
    assert [tagger.labels[k] for k in labels.tolist()] == expected
    assert tagger.tag_flat([], []).tolist() == []


def test_bigram_weights_are_added_pair_by_pair() -> None:
    """The numbered pair search adds the weights of exactly the pair strings the model has."""
    from khabar.arabic.tokens import normalise_words
    from khabar.nlp.entities.crf import CrfTagger

    base = _tagger()
    tagger = base.compiled()
    plain = CrfTagger(base.model_path, base.lexicon, base.clusters).compiled()
    plain._pair_codes = plain._pair_codes[:0]  # the same model without its bigrams
    pairs = sorted(tagger._previous_pairs)[::50] + sorted(tagger._next_pairs)[::50]
    words = [w for pair in pairs for w in pair.partition("|")[::2]] + SENTENCES[0].split()
    flat = normalise_words(words)
    expected = plain.scores_of(flat, [len(flat)])
    for i in range(len(flat) - 1):
        key = flat[i] + "|" + flat[i + 1]
        if flat[i] in tagger._pair_heads:
            expected[i + 1] += tagger._previous_pairs.get(key, 0.0)
            expected[i] += tagger._next_pairs.get(key, 0.0)
    got = tagger.scores_of(flat, [len(flat)])
    assert np.allclose(got, expected, rtol=0, atol=1e-12)
    assert not np.allclose(got, plain.scores_of(flat, [len(flat)]))  # pairs were found


def test_label_spans_equal_per_sentence_bio_spans() -> None:
    """Spans read from all tokens' label indexes at once are the per-sentence BIO spans:
    an I- tag after a sentence break starts a new span, never continues the last one."""
    from khabar.nlp.entities import _crf_spans, _label_spans

    names = ("O", "B-PERS", "I-PERS", "B-LOC", "I-LOC", "I-ORG")
    rng = np.random.default_rng(5)
    for _ in range(300):
        size = int(rng.integers(1, 30))
        labels = rng.choice(len(names), size=size, p=[0.5, 0.1, 0.15, 0.1, 0.1, 0.05])
        cuts = sorted({0, size, *rng.integers(0, size, size=3).tolist()})
        ranges = list(itertools.pairwise(cuts))
        expected = []
        for begin, stop in ranges:
            tags = [names[k] for k in labels[begin:stop]]
            expected += [(begin + a, begin + b, lab) for a, b, lab in _crf_spans(tags)]
        assert _label_spans(labels, names, ranges) == expected


def test_word_table_grows_for_a_call_with_more_new_words_than_it_has_rows() -> None:
    """One call bringing more new word types than the table has free rows grows the table
    (and the per-id arrays with it); scores stay those of a tagger with room to spare."""
    from khabar.nlp.entities.crf import CrfTagger

    base = _tagger()
    small = CrfTagger(base.model_path, base.lexicon, base.clusters).compiled()
    small.cache_size = 30
    small._reset()  # a table of cache_size + 1024 rows
    rows = small._table.shape[1]
    letters = "بتثجحخدذرزسشصضطظعغفقكلمنهوي"
    words = ["".join(p) for p in itertools.product(letters, repeat=3)][: rows + 200]
    sentences = [words[i : i + 40] for i in range(0, len(words), 40)]
    expected = base.compiled().flat_scores(sentences)
    assert np.array_equal(small.flat_scores(sentences), expected)
    assert small._table.shape[1] > rows
    size = len(small._norms)
    assert len(small._pair_first) == len(small._pair_second) == len(small._uses)
    assert len(small._uses) >= size


def test_packed_flat_decode_breaks_ties_like_stored_back_pointers() -> None:
    """The packed decoder (one row per token, no padded positions × sentences array) gives
    every sentence the stored-pointer path, empty sentences and ties included, in the flat
    token order."""
    from khabar.nlp.entities.viterbi import decode_flat

    rng = np.random.default_rng(23)
    for _ in range(200):
        trans = rng.normal(size=(3, 3)).round(1)
        sizes = [int(n) for n in rng.integers(0, 12, size=rng.integers(1, 9))]
        if not any(sizes):
            continue
        flat = rng.normal(size=(sum(sizes), 3)).round(1)
        bounds = np.cumsum([0, *sizes])
        expected = [
            label
            for a, b in itertools.pairwise(bounds.tolist())
            for label in (_stored_pointers(flat[a:b], trans) if b > a else [])
        ]
        assert decode_flat(flat, sizes, trans).tolist() == expected
