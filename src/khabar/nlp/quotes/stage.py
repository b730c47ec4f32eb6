"""The ``quotes`` pipeline stage: Article in, Article with ``quotes`` out."""

from __future__ import annotations

from dataclasses import dataclass

from khabar.model import Article

from .finder import find_quotes
from .lexicon import lexicon
from .records import with_quotes


@dataclass(frozen=True)
class QuoteStage:
    """Adds quotations to an article. Picklable; the word lists load once per process."""

    name: str = "quotes"

    def __reduce__(self) -> tuple[type[QuoteStage], tuple[str]]:
        # Pickle by constructor: the mypyc build's generic unpickling sets attributes one
        # by one, which a frozen dataclass refuses (FrozenInstanceError in Spark/pool workers).
        return (type(self), (self.name,))

    def __call__(self, article: Article) -> Article:
        lexicon()  # load lazily, once per worker
        try:
            quotes = find_quotes(article.text, article.entities)
        except (ValueError, IndexError, KeyError) as error:  # never crash a batch on one page
            return article.with_warning("quotes-failed", f"{type(error).__name__}: {error}")
        return with_quotes(article, tuple(quotes))  # replace(), without its interpreted __init__
