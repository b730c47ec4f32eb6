"""Arabic text utilities: letters → normalise (with offset map) → segment → numerals/calendars.

Knows no task: nothing here imports from the rest of khabar.
"""

from khabar.arabic.normalise import NormalisedView, normalise, normalised_view

__all__ = ["NormalisedView", "normalise", "normalised_view"]
