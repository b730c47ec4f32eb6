"""SentenceStage: fills ``Article.sentences`` with offsets from ``arabic.segment``."""

from __future__ import annotations

from itertools import starmap
from typing import Final

from khabar.arabic.segment import sentence_spans
from khabar.model import Article, Sentence, record_maker, with_fields

# ``Sentence(start, end)`` without the dataclass's interpreted ``__init__`` (a dozen a page).
_sentence: Final = record_maker(Sentence)


class SentenceStage:
    """Split the body into sentences (quote- and punctuation-aware); text is unchanged."""

    name = "sentences"

    def __call__(self, article: Article) -> Article:
        spans = tuple(starmap(_sentence, sentence_spans(article.text)))
        return with_fields(article, sentences=spans)
