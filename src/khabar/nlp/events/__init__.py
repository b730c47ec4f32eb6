"""Who did what to whom: CAMEO-coded events (the ``events`` stage).

``find_events(text, entities, quotes)`` works on any body text; :class:`EventStage` adds the
layer to an :class:`~khabar.model.Article`. Cues come from the Arabic CAMEO verb dictionary
(``scripts/build_event_lexicon.py``); ``Event.type`` is the CAMEO root name (PROTEST, ASSAULT,
FIGHT, CONSULT …) and ``Event.code`` the fine code. PROTEST and ASSAULT/FIGHT/MASS VIOLENCE
cues pass a learned filter (:mod:`.incident`) that keeps only sentences telling a specific,
new incident; ``incidents_only=False`` gives the cue rules alone.
"""

from __future__ import annotations

from .finder import find_events
from .lexicon import ROOT_NAMES, event_lexicon
from .stage import EventStage

__all__ = ["ROOT_NAMES", "EventStage", "event_lexicon", "find_events"]
