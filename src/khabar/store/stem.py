"""Search keys: normalised words with their proclitics stripped (light stemming).

Arabic writes the article and several particles as prefixes of the next word, so a search
for ``ايران`` must also find ``وإيران`` and ``لإيران``, and ``الارهاب`` must find
``للإرهاب``. The full-text index holds the *key* of each word and the query is keyed the
same way, so both sides agree by construction. The prefixes are those of Larkey, Ballesteros
& Connell's light10 stemmer (و، ال، وال، بال، كال، فال، لل) and ولل, plus ب and ل (after an
optional و or ف) before an alef (بإيران، وبإيران، لأمريكا), each removed only when enough of
the word remains. Suffixes are kept:
highlighting stays on whole words and plural/feminine forms stay distinct.

>>> search_keys("وإيران والإرهاب للأمم بالمملكة وبإيران وللمرة")
'ايران ارهاب امم مملكه ايران مره'
>>> search_keys("وزير لبنان بيت حزب الله")
'زير لبنان بيت حزب الله'
"""

from __future__ import annotations

import re

from khabar.arabic.normalise import normalise

# Longest first. Three letters must remain, so الله stays itself instead of becoming له.
_ARTICLE_PREFIXES = ("\u0648\u0644\u0644", "\u0648\u0627\u0644", "\u0628\u0627\u0644",
                     "\u0643\u0627\u0644", "\u0641\u0627\u0644", "\u0644\u0644",
                     "\u0627\u0644")  # ولل وال بال كال فال لل ال
_WAW = "\u0648"  # و
_WAW_FEH = "\u0648\u0641"  # و ف (may come before ب or ل)
_BEH_LAM = "\u0628\u0644"  # ب ل (stripped before an alef only)
_ALEF = "\u0627"

_WORD_CHAR = r"[^\W_]"
# Each alternative starts with its literal prefix and checks the word boundary *after* it
# (a lookbehind over the prefix and the character before it), so every alternative begins
# with a literal and the regex engine can skip to the few letters a prefix starts with
# instead of trying the whole alternation at every position (a fifth faster on a body).
# The order is that of the rule list: longest article prefixes first, then ب/ل before an
# alef (after an optional و or ف, the longer form first), then a bare و.
_BEH_LAM_FORMS = tuple(f"{first}{second}" for first in _WAW_FEH for second in _BEH_LAM) + tuple(
    _BEH_LAM
)


def _alternative(prefix: str, rest: str) -> str:
    return f"{prefix}(?<!{_WORD_CHAR}{prefix})(?={rest})"


_PREFIX_RE = re.compile(
    "|".join(
        [_alternative(p, _WORD_CHAR + "{3}") for p in _ARTICLE_PREFIXES]
        + [_alternative(p, _ALEF + _WORD_CHAR + "{2}") for p in _BEH_LAM_FORMS]
        + [_alternative(_WAW, _WORD_CHAR + "{3}")]
    )
)
# A broad net for highlighting: any of the prefixes, optionally, before a word.
PREFIX_PATTERN = (
    "(?:" + "|".join(_ARTICLE_PREFIXES) + f"|[{_WAW_FEH}]?[{_BEH_LAM}]|{_WAW})?"
)


def keys_of_normalised(folded: str) -> str:
    """Search keys of an already normalised text (one regex pass, word order kept)."""
    return _PREFIX_RE.sub("", folded)


def search_keys(text: str) -> str:
    """Normalise and strip proclitics: the form stored in and queried against FTS."""
    return keys_of_normalised(normalise(text))


def word_key(word: str) -> str:
    """The key of one normalised word."""
    return _PREFIX_RE.sub("", word, count=1)
