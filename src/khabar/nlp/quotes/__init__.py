"""Who said what: quotations with their speaker and cue (the ``quotes`` stage).

``find_quotes(text)`` works on any body text; :class:`QuoteStage` adds the layer to an
:class:`~khabar.model.Article`, using its entities when another stage found them.
"""

from __future__ import annotations

from .finder import find_quotes
from .stage import QuoteStage

__all__ = ["QuoteStage", "find_quotes"]
