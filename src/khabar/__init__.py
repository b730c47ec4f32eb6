"""khabar (خبر): Arabic news pages to structured, searchable knowledge.

The public Python API is the short list in ``__all__``.
"""

from __future__ import annotations

from khabar.errors import KhabarError
from khabar.model import Article, Entity, PageWarning, Quote, Sentence, Source
from khabar.read.page import RawPage

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Entity",
    "KhabarError",
    "PageWarning",
    "Quote",
    "RawPage",
    "Sentence",
    "Source",
    "__version__",
]
