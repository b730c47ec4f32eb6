"""The person registry's shortcuts take exactly what the plain candidate walk takes.

``build_registry`` skips two kinds of candidates without calling ``_register_at``: على
(normalised علي, a given name that is also a preposition) when no rank stands before it, and
ranks that are no title (اللواء), which never name anybody themselves. The reference below is
the walk without those shortcuts; both must register the same persons, in the same order.
"""

from __future__ import annotations

import pytest

from conftest import GOLD_DEV, SEED_PAGE, needs_shared
from khabar.nlp.quotes.lexicon import lexicon
from khabar.nlp.quotes.speakers import Registry, _register_at, build_registry
from khabar.nlp.quotes.tokens import Tokens, tokenize

SENTENCES = [
    "وقال الرقيب علي العتيبي إن الدوريات مستمرة على مدار الساعة.",
    "وعلق الشيخ على ذلك بأن القرار نهائي، وأكد اللواء علي بن حسن الحربي أن التحقيق جار.",
    "أكد اللواء الركن محمد الحذيفي على أهمية التنسيق، فيما قال الفريق علي محسن إن الوضع مستقر.",
    "قال أحمد بن علي الدوسري إن أبو علي وصل إلى الرياض على متن طائرة خاصة.",
    "وأشار العميد المتقاعد علي إلى أن اللواء عبدالله سالم زار على عجل مقر القيادة.",
    "اللواء اللواء علي علي العقيد على الحدود",  # ranks and names back to back
]


def _persons(registry: Registry) -> list[tuple[object, ...]]:
    return [(p.name, p.first, p.last, p.title, p.title_first) for p in registry.persons]


def _reference(tokens: Tokens) -> Registry:
    """Every candidate through ``_register_at`` (the walk before the shortcuts)."""
    lex = lexicon()
    words = tokens.words
    quoted = [False] * len(words)
    registry = Registry()
    done = -1
    for k, word in enumerate(words):
        is_compound = len(word) > 5 and word[:3] in ("عبد", "ابو")
        if (word not in lex.person_heads and not is_compound) or k <= done:
            continue
        done = _register_at(tokens, quoted, lex, registry, k)
        if k + 1 < len(words) and word in lex.honorifics and k + 1 > done:
            done = _register_at(tokens, quoted, lex, registry, k + 1)
    return registry


def _fast(tokens: Tokens) -> Registry:
    return build_registry(tokens, [False] * len(tokens.words), lexicon())


@pytest.mark.parametrize("text", SENTENCES)
def test_shortcuts_register_the_same_persons(text: str) -> None:
    tokens = tokenize(text)
    assert _persons(_fast(tokens)) == _persons(_reference(tokens))


def test_a_rank_before_ali_still_names_him() -> None:
    tokens = tokenize(SENTENCES[0])
    names = [" ".join(p.name) for p in _fast(tokens).persons]
    assert "علي العتيبي" in names


@needs_shared
def test_shortcuts_on_the_gold_pages() -> None:
    pages = [SEED_PAGE, *sorted(GOLD_DEV.glob("*.txt"))]
    for page in pages:
        tokens = tokenize(page.read_text(encoding="utf-8"))
        assert _persons(_fast(tokens)) == _persons(_reference(tokens)), page.name
