"""SentenceStage: fills ``Article.sentences`` with offsets from ``arabic.segment``."""

from __future__ import annotations

from dataclasses import replace

from khabar.arabic.segment import sentence_spans
from khabar.model import Article, Sentence


class SentenceStage:
    """Split the body into sentences (quote- and punctuation-aware); text is unchanged."""

    name = "sentences"

    def __call__(self, article: Article) -> Article:
        spans = tuple(Sentence(start, end) for start, end in sentence_spans(article.text))
        return replace(article, sentences=spans)
