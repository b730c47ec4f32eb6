"""CoNLL reading and writing (token per line, tag in the last column, blank line between sentences).

The format is the one ANERcorp and AQMAR use and conlleval scores: the first column
is the token, the last column (when there are two or more) the gold tag.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from khabar.errors import ReadError


class ConllError(ReadError):
    """A CoNLL file that cannot be read."""


@dataclass(frozen=True, slots=True)
class ConllSentence:
    """One sentence: its tokens, the gold tags when the file has them, and the raw lines."""

    tokens: tuple[str, ...]
    gold: tuple[str, ...] | None
    lines: tuple[str, ...]


def parse_conll(lines: Iterable[str]) -> Iterator[ConllSentence]:
    """Sentences of a CoNLL stream; ``-DOCSTART-`` lines are kept as their own sentences."""
    block: list[str] = []
    for raw in lines:
        line = raw.rstrip("\r\n")
        if line.strip():
            block.append(line)
        elif block:
            yield _sentence(block)
            block = []
    if block:
        yield _sentence(block)


def _sentence(block: list[str]) -> ConllSentence:
    columns = [line.split() for line in block]
    tokens = tuple(c[0] for c in columns)
    has_tags = all(len(c) >= 2 for c in columns)
    gold = tuple(c[-1] for c in columns) if has_tags else None
    return ConllSentence(tokens, gold, tuple(block))


def read_conll(path: Path) -> list[ConllSentence]:
    """All sentences of a CoNLL file (UTF-8, BOM tolerated)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ConllError(f"cannot read CoNLL file {path}: {error}") from error
    return list(parse_conll(text.splitlines()))


def format_conll(sentences: Iterable[ConllSentence], predicted: Iterable[list[str]]) -> str:
    """CoNLL text with the predicted tag appended as a new last column."""
    out: list[str] = []
    for sentence, tags in zip(sentences, predicted, strict=True):
        for line, tag in zip(sentence.lines, tags, strict=True):
            out.append(f"{line} {tag}")
        out.append("")
    return "\n".join(out) + ("\n" if out else "")


# Label maps onto the ANERcorp scheme (PERS/LOC/ORG/MISC) so one scorer serves all sets.
_AQMAR_TYPES = {"PER": "PERS", "LOC": "LOC", "ORG": "ORG"}


def to_anercorp_tag(tag: str) -> str:
    """Map a BIO tag from AQMAR or khabar labels onto ANERcorp's (PER→PERS, MIS*→MISC…).

    Unknown or malformed tags become ``O`` (AQMAR has a few typos such as ``IO``).

    >>> to_anercorp_tag("B-PER"), to_anercorp_tag("I-MIS1"), to_anercorp_tag("B-GPE")
    ('B-PERS', 'I-MISC', 'B-LOC')
    """
    if len(tag) < 3 or tag[1] != "-" or tag[0] not in "BI":
        return "O"
    kind = tag[2:].strip("-`")
    if kind in ("PERS", "LOC", "ORG", "MISC"):
        mapped = kind
    elif kind.startswith("MIS"):
        mapped = "MISC"
    elif kind == "GPE":
        mapped = "LOC"
    elif kind in _AQMAR_TYPES:
        mapped = _AQMAR_TYPES[kind]
    else:
        return "O"
    return f"{tag[0]}-{mapped}"
