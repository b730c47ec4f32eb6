"""The C text loops (``khabar/arabic/_ctext.c``) equal their pure-Python definitions.

The compiled build serves ``khabar.arabic._ctext``; ``normalise``, ``normalised_view``,
``text_view``, ``split_tokens`` and the quote stage's ``tokenize`` then take one C pass.
Each must give exactly what the Python code gives (the fold, the offset map, the same tokens
and offsets): compared here on the seed, gold-dev, 2,000 SaudiNewsNet pages and generated
text (Arabic letters, marks, tatweel, presentation forms, digits, separators, Latin, emoji,
NUL, lone surrogates). Without the build (pure Python) the comparisons skip; the last test
checks that pure Python never imports the extension.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import GOLD_DEV, SEED_PAGE, SHARED, needs_shared
from khabar.arabic import letters as L
from khabar.arabic import tokens as arabic_tokens
from khabar.arabic.normalise import (
    NATIVE,
    normalise,
    normalised_view,
    python_normalise,
    python_view,
)
from khabar.nlp.quotes import tokens as quote_tokens

needs_native = pytest.mark.skipif(
    NATIVE is None, reason="the C text loops run only in a fresh compiled build"
)
SAUDI = SHARED / "data" / "saudinewsnet" / "dataset"
PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]")


def check_text(text: str) -> None:
    """Every C entry point against its Python definition on one text."""
    assert normalise(text) == python_normalise(text)
    expected = python_view(text)
    view = normalised_view(text)
    assert (view.text, view.offsets) == (expected.text, expected.offsets)
    cached = arabic_tokens.text_view(text)
    assert (cached.text, cached.offsets) == (expected.text, expected.offsets)
    assert arabic_tokens.split_tokens(text) == arabic_tokens.split_tokens_regex(text)
    words = arabic_tokens.split_tokens_regex(text).words
    for listed in (words, text.split("\n"), [text, "", text]):
        assert arabic_tokens.normalise_words(listed) == [python_normalise(w) for w in listed]
    got, want = quote_tokens.tokenize(text), quote_tokens.tokenize_python(text)
    assert (got.starts, got.ends, got.words, got.folded) == (
        want.starts,
        want.ends,
        want.words,
        want.folded,
    )
    assert got.starts.typecode == want.starts.typecode == "q"


CASES = [
    "",
    " ",
    "\n",
    "قال لافروف: نعم",
    "الإرهابيّة ١٤٣٨ هـ",
    "مُحَمَّدٌ  ـــ  \u200fسوريا\u200e",
    "بلغ 3.5 مليون و1,000 و٣٫٥ و2،5 و2.5.6ب",
    "abc3.5def x1.2.3y 4.5",
    "د. أحمد و م. علي ود.خالد (د.\tسعيد)",
    "ﻻ إله ﷺ ﷲ ﺍﻟﺴﻼﻡ",
    "نص 😀 عربي 𝐀𝐁 \U0001f1f8\U0001f1e6",
    "a_b _ __init__ ١_٢",
    "\x00قال\x00",
    "\ud800 منفرد \udfff",
    "\u064b\u064c\u0640 \u200b",
    "وقالَ: «نعمـل»\n\nسطر",
]


@needs_native
@pytest.mark.parametrize("text", CASES)
def test_c_loops_equal_python_on_chosen_texts(text: str) -> None:
    check_text(text)


@needs_native
@needs_shared
def test_c_loops_equal_python_on_seed_and_gold_dev() -> None:
    pages = [SEED_PAGE, *sorted(GOLD_DEV.glob("*.txt"))]
    assert len(pages) >= 11
    for page in pages:
        check_text(page.read_text(encoding="utf-8"))


def saudi_texts(count: int) -> Iterator[str]:
    """The first ``count`` SaudiNewsNet article bodies (archives in name order)."""
    found = 0
    for archive in sorted(SAUDI.glob("*.zip")):
        with zipfile.ZipFile(archive) as bundle:
            for name in bundle.namelist():
                for record in json.loads(bundle.read(name)):
                    content = record.get("content") or ""
                    if content:
                        yield content
                        found += 1
                        if found >= count:
                            return


@needs_native
@pytest.mark.skipif(not SAUDI.is_dir(), reason=f"SaudiNewsNet not found at {SAUDI}")
def test_c_loops_equal_python_on_2000_saudinewsnet_pages() -> None:
    texts = list(saudi_texts(2000))
    assert len(texts) == 2000
    presentation = 0
    for text in texts:
        check_text(text)
        presentation += PRESENTATION.search(text) is not None
    assert presentation > 0  # pages with presentation forms (ﻻ، ﷺ) are among them


ALPHABET = st.sampled_from(
    [
        *"قالوزيرخارجيةسوريالأمن",
        *"أإآٱىةیک",
        *L.DIACRITICS[:6],
        L.TATWEEL,
        *L.ZERO_WIDTH,
        *L.BIDI_CONTROLS[:4],
        *"ﻻﷺﷲﺍﻟﺴﻼﻡ\ufe70\ufdfa",
        *L.ARABIC_INDIC_DIGITS[:4],
        *L.EXTENDED_ARABIC_INDIC_DIGITS[:2],
        *"0123",
        *".,،٫:;«»\"'()-_/",
        "د",
        "م",
        *" \t\n\r\u00a0\u3000",
        *"abcXYZé²½",
        "😀",
        "\U0001d400",
        "\x00",
        "\ud800",
    ]
)


@needs_native
@settings(max_examples=600, deadline=None)
@given(st.lists(ALPHABET, max_size=60).map("".join))
def test_c_loops_equal_python_on_generated_text(text: str) -> None:
    check_text(text)


@needs_native
@settings(max_examples=200, deadline=None)
@given(st.lists(ALPHABET, min_size=400, max_size=900).map("".join))
def test_c_loops_equal_python_on_long_generated_text(text: str) -> None:
    """Past SHORT_CHARS the Python tokenizer takes its numpy path: compared too."""
    check_text(text)


def test_pure_python_never_imports_the_extension() -> None:
    code = (
        "import sys, khabar\n"
        "from khabar.nlp.quotes.tokens import tokenize\n"
        "from khabar.arabic.tokens import split_tokens, text_view\n"
        "text = 'قال الوزيرُ: نعم 3.5'\n"
        "tokenize(text); split_tokens(text); text_view(text)\n"
        "print(khabar.build_kind()); print('khabar.arabic._ctext' in sys.modules)\n"
    )
    src = Path(__file__).resolve().parent.parent / "src"
    env = {**os.environ, "KHABAR_COMPILED": "0", "PYTHONPATH": str(src)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.splitlines() == ["pure Python (KHABAR_COMPILED=0)", "False"]
    assert NATIVE is None or "khabar.arabic._ctext" in sys.modules
