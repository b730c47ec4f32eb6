"""Convert the Wojood nested-NER sample into flat ANERcorp-convention CoNLL (extra training data).

Wojood (SinaLab, MIT; ``../shared/data/wojood_sample``) tags 21 nested types in several
columns; ANERcorp tags four flat ones (PERS, LOC, ORG, MISC). The mapping follows ANERcorp's
own conventions, checked on its train split:

- PERS → PERS; GPE and LOC → LOC; ORG → ORG; CURR (دولار، يورو: MISC in ANERcorp) and EVENT
  (wars, uprisings: MISC in ANERcorp) → MISC; every other type (DATE, OCC, NORP, FAC, LAW,
  CARDINAL …) → O. Nationalities (NORP) are untagged in ANERcorp, so they stay O.
- Nesting: the outermost mapped span wins (``جامعة بيرزيت`` ORG keeps its inner GPE inside
  the ORG, as ANERcorp does); a span overlapping one already chosen is dropped; an unmapped
  outer span (``سكرتير اللجنة القومية`` OCC) lets the mapped inner ones through.
- ANERcorp leaves the generic head of a place outside the name (``مدينة/O القدس/B-LOC``):
  leading مدينة، قرية، قضاء، محافظة، مخيم، منطقة، ولاية are cut off LOC spans.
- ANERcorp tags a country as LOC whatever its role; Wojood tags a country acting as a
  government ORG (``روسيا`` B-ORG). An ORG span that is exactly a gazetteer country or city
  becomes LOC.
- The segment marks ``$#$`` are dropped.

The output is training data only (written under /tmp, never shipped):

    .venv/bin/python scripts/convert_wojood.py --out /tmp/d_ner/wojood.txt
"""

from __future__ import annotations

import argparse
from pathlib import Path

from khabar.arabic.normalise import normalise
from khabar.nlp.entities.resources import load_gazetteer

ROOT = Path(__file__).resolve().parents[1]
WOJOOD = ROOT.parent / "shared" / "data" / "wojood_sample"
TYPE_MAP = {
    "PERS": "PERS",
    "GPE": "LOC",
    "LOC": "LOC",
    "ORG": "ORG",
    "CURR": "MISC",
    "EVENT": "MISC",
}
PLACE_HEADS = frozenset(
    normalise(w)
    for w in (
        "\u0645\u062f\u064a\u0646\u0629",  # مدينة
        "\u0642\u0631\u064a\u0629",  # قرية
        "\u0642\u0636\u0627\u0621",  # قضاء
        "\u0645\u062d\u0627\u0641\u0638\u0629",  # محافظة
        "\u0645\u062e\u064a\u0645",  # مخيم
        "\u0645\u0646\u0637\u0642\u0629",  # منطقة
        "\u0648\u0644\u0627\u064a\u0629",  # ولاية
    )
)

Span = tuple[str, int, int]  # Wojood type, start, end (exclusive)


def read_sentences(path: Path) -> list[list[list[str]]]:
    """Sentences as lists of rows (token, tag, tag …), blank-line separated."""
    sentences: list[list[list[str]]] = []
    current: list[list[str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts:
            if current:
                sentences.append(current)
            current = []
        elif parts[0] != "$#$":
            current.append(parts)
    if current:
        sentences.append(current)
    return sentences


def column_spans(rows: list[list[str]]) -> list[list[Span]]:
    """Spans of each tag column (column 1 is the outermost nesting level)."""
    depth = max(len(r) for r in rows) - 1
    out: list[list[Span]] = []
    for col in range(1, depth + 1):
        spans: list[Span] = []
        open_type, start = "", 0
        for i, row in enumerate(rows):
            tag = row[col] if col < len(row) else "O"
            if open_type and not (tag.startswith("I-") and tag[2:] == open_type):
                spans.append((open_type, start, i))
                open_type = ""
            if tag.startswith("B-") or (tag.startswith("I-") and not open_type):
                open_type, start = tag[2:], i
        if open_type:
            spans.append((open_type, start, len(rows)))
        out.append(spans)
    return out


def flat_tags(rows: list[list[str]], places: frozenset[str]) -> list[str]:
    """ANERcorp BIO tags of one Wojood sentence (rules in the module docstring)."""
    tokens = [r[0] for r in rows]
    tags = ["O"] * len(rows)
    taken = [False] * len(rows)
    for spans in column_spans(rows):
        for kind, start, end in spans:
            label = TYPE_MAP.get(kind)
            if label is None or any(taken[start:end]):
                continue
            if label == "ORG" and normalise(" ".join(tokens[start:end])) in places:
                label = "LOC"
            if label == "LOC":
                while end - start > 1 and normalise(tokens[start]) in PLACE_HEADS:
                    start += 1
            for i in range(start, end):
                taken[i] = True
                tags[i] = ("B-" if i == start else "I-") + label
    return tags


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--parts", default="train,val,test", help="Wojood files to convert")
    parser.add_argument(
        "--skip-labels",
        default="",
        help="drop sentences with any of these ANERcorp labels (conventions differ most there)",
    )
    args = parser.parse_args()
    places = frozenset(
        normalise(e.surface)
        for e in load_gazetteer()
        if e.label in ("GPE", "LOC") and e.kind in ("country", "city", "alias")
    )
    skip = frozenset(filter(None, args.skip_labels.split(",")))
    lines: list[str] = []
    counts: dict[str, int] = {}
    n = 0
    for part in args.parts.split(","):
        for rows in read_sentences(WOJOOD / f"{part}.txt"):
            tags = flat_tags(rows, places)
            if any(t[2:] in skip for t in tags if t != "O"):
                continue
            for row, tag in zip(rows, tags, strict=True):
                lines.append(f"{row[0]} {tag}")
                if tag.startswith("B-"):
                    counts[tag[2:]] = counts.get(tag[2:], 0) + 1
            lines.append("")
            n += 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{args.out}: {n} sentences, entities {dict(sorted(counts.items()))}")


if __name__ == "__main__":
    main()
