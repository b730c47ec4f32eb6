"""Arabic letters and marks as named constants (no logic here)."""

from __future__ import annotations

ALEF = "\u0627"
ALEF_MADDA = "\u0622"
ALEF_HAMZA_ABOVE = "\u0623"
ALEF_HAMZA_BELOW = "\u0625"
ALEF_WASLA = "\u0671"
ALEF_MAKSURA = "\u0649"
YEH = "\u064a"
FARSI_YEH = "\u06cc"
TEH_MARBUTA = "\u0629"
HEH = "\u0647"
KAF = "\u0643"
KEHEH = "\u06a9"
TATWEEL = "\u0640"
SUPERSCRIPT_ALEF = "\u0670"

ALEF_FORMS = ALEF_MADDA + ALEF_HAMZA_ABOVE + ALEF_HAMZA_BELOW + ALEF_WASLA

# Harakat, tanwin, shadda, sukun and Quranic marks.
DIACRITICS = "".join(chr(c) for c in range(0x064B, 0x0660)) + SUPERSCRIPT_ALEF + "".join(
    chr(c) for c in range(0x06D6, 0x06EE) if c not in (0x06DD, 0x06DE, 0x06E5, 0x06E6, 0x06E9)
)

# Invisible controls that crawled pages carry: zero-width, bidi marks, embeddings and isolates.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
BIDI_CONTROLS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

ARABIC_INDIC_DIGITS = "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669"
EXTENDED_ARABIC_INDIC_DIGITS = "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9"

ARABIC_COMMA = "\u060c"
ARABIC_SEMICOLON = "\u061b"
ARABIC_QUESTION_MARK = "\u061f"
ARABIC_FULL_STOP = "\u06d4"

# Quotation marks seen in Arabic news, opening and closing.
OPENING_QUOTES = "\u201c\u00ab\u201e\u2018\u201a"  # “ « „ ‘ ‚
CLOSING_QUOTES = "\u201d\u00bb\u2019"  # ” » ’
SYMMETRIC_QUOTES = "\"'"
QUOTE_MARKS = OPENING_QUOTES + CLOSING_QUOTES + SYMMETRIC_QUOTES
