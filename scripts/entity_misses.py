"""Per-page diff of khabar's entities against gold: what was missed, why, and what is extra.

``khabar eval`` says how many gold (label, canonical) pairs a page's entities find; this says
which ones are missed and what khabar predicted over their surfaces, so misses can be
classified and fixed by class rather than page by page. Scoring is the one of
``khabar eval`` (:func:`khabar.evaluate.gold.score_entities`): a gold pair is found when a
predicted entity (body or page entity) of that label has a text or canonical form equal to
one of the gold surfaces or the canonical, after the comparison normalisation.

For every missed gold entity the class is one of:

- ``label``: a prediction has the right form but another label (ORG read as GPE …);
- ``span``: predictions of the right label overlap an occurrence, with other text
  (too long, too short, a title included …);
- ``span+label``: overlapping predictions, other label and other text;
- ``none``: the surface occurs in the text, nothing predicted over it;
- ``absent``: no gold surface occurs in the text (a page entity: outlet, dateline, byline;
  or a surface the annotator spelled differently).

Predicted entities whose forms equal no gold surface or canonical of any label are listed
as ``extra`` (the score counts recall only; entity lists of some held-out sets are partial,
so an extra is not necessarily wrong — read each set's README).

    .venv/bin/python scripts/entity_misses.py ../shared/gold-dev [/work/heldout-dev ...]
        [--extras] [--json]

Never run it on the score-only blind sets (their pages and gold are not to be read).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from khabar.arabic.normalise import normalise, normalised_view
from khabar.evaluate.gold import gold_pairs, normalise_for_comparison
from khabar.model import Article
from khabar.pipeline import Failure, Pipeline
from khabar.read import read_pages


@dataclass
class Prediction:
    label: str
    text: str
    canonical: str
    source: str
    start: int = -1
    end: int = -1


@dataclass
class Miss:
    label: str
    canonical: str
    surfaces: list[str]
    kind: str
    near: list[Prediction] = field(default_factory=list)


@dataclass
class PageDiff:
    name: str
    found: int
    total: int
    misses: list[Miss]
    extras: list[Prediction]
    error: str | None = None


def predictions(article: Article) -> list[Prediction]:
    """Body entities (with offsets) and page entities (without) of an article."""
    out = [
        Prediction(e.label, e.text, e.canonical, e.source or "", e.start, e.end)
        for e in article.entities
    ]
    out += [
        Prediction(e.label, e.text, e.canonical, f"page:{e.source}") for e in article.page_entities
    ]
    return out


def _forms(p: Prediction) -> set[str]:
    return {normalise_for_comparison(p.text), normalise_for_comparison(p.canonical)}


def _occurrences(text: str, surfaces: list[str]) -> list[tuple[int, int]]:
    """Original spans of every occurrence of a surface (folded with ``normalise``)."""
    view = normalised_view(text)
    spans: list[tuple[int, int]] = []
    for surface in surfaces:
        key = normalise(surface).strip()
        if len(key) < 2:
            continue
        at = view.text.find(key)
        while at != -1:
            spans.append(view.to_original(at, at + len(key)))
            at = view.text.find(key, at + 1)
    return spans


def diff_page(name: str, gold: dict[str, Any], article: Article) -> PageDiff:
    """The missed gold entities of a page (classified) and its predictions with no gold pair."""
    predicted = predictions(article)
    misses: list[Miss] = []
    found = 0
    all_gold_forms: set[str] = set()
    entities = list(gold.get("entities") or [])
    for entity in entities:
        surfaces = [s for s in entity.get("surface", []) if s]
        wanted = {normalise_for_comparison(s) for s in [entity.get("canonical", ""), *surfaces]}
        wanted.discard("")
        all_gold_forms |= wanted
        label = entity.get("label", "")
        if any(p.label == label and _forms(p) & wanted for p in predicted):
            found += 1
            continue
        same_form = [p for p in predicted if _forms(p) & wanted]
        spans = _occurrences(article.text, surfaces or [entity.get("canonical", "")])
        near = [
            p
            for p in predicted
            if p.start >= 0 and any(p.start < e and s < p.end for s, e in spans)
        ]
        if same_form:
            kind, shown = "label", same_form
        elif near and any(p.label == label for p in near):
            kind, shown = "span", near
        elif near:
            kind, shown = "span+label", near
        elif spans:
            kind, shown = "none", []
        else:
            kind, shown = "absent", []
        unique = {(p.label, p.text, p.canonical, p.source): p for p in shown}
        canonical = entity.get("canonical", "")
        misses.append(Miss(label, canonical, surfaces, kind, list(unique.values())))
    extras: dict[tuple[str, str], Prediction] = {}
    for p in predicted:
        if not _forms(p) & all_gold_forms:
            extras.setdefault((p.label, normalise_for_comparison(p.canonical)), p)
    return PageDiff(name, found, len(entities), misses, list(extras.values()))


def diff_folder(folder: Path, pipeline: Pipeline) -> list[PageDiff]:
    """Run the real pipeline (as ``khabar eval`` does) on every gold page of a folder."""
    out: list[PageDiff] = []
    for page_path, gold in gold_pairs(folder):
        name = f"{folder.name}/{page_path.name}"
        pages = list(read_pages([page_path])) if page_path.exists() else []
        total = len(gold.get("entities") or [])
        if not pages:
            out.append(PageDiff(name, 0, total, [], [], error="page missing or unreadable"))
            continue
        result = pipeline.process_one(pages[0])
        if isinstance(result, Failure):
            out.append(PageDiff(name, 0, total, [], [], error=result.reason))
            continue
        out.append(diff_page(name, gold, result))
    return out


def _show(p: Prediction) -> str:
    canonical = "" if p.canonical == p.text else f" → {p.canonical}"
    return f"{p.label} «{p.text}»{canonical} [{p.source}]"


def print_report(diffs: list[PageDiff], extras: bool) -> None:
    kinds: Counter[str] = Counter()
    found = total = 0
    for d in diffs:
        found += d.found
        total += d.total
        if d.error:
            print(f"## {d.name}: ERROR {d.error}")
            continue
        print(f"## {d.name}: {d.found}/{d.total}")
        for m in d.misses:
            kinds[m.kind] += 1
            forms = " | ".join(m.surfaces)
            print(f"  MISS {m.kind:10} {m.label} {m.canonical}  [{forms}]")
            for p in m.near:
                print(f"       got {_show(p)}")
        if extras:
            for p in d.extras:
                print(f"  extra {_show(p)}")
    print(f"\nfound {found}/{total}; misses by class: {dict(kinds.most_common())}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--extras", action="store_true", help="list predictions with no gold")
    parser.add_argument("--json", action="store_true", help="print the diffs as JSON")
    args = parser.parse_args(argv)
    for folder in args.folders:
        if "blind" in folder.resolve().name:
            parser.error(f"{folder}: score-only set; use `khabar eval` on it, never this script")
    pipeline = Pipeline()
    diffs = [d for folder in args.folders for d in diff_folder(folder, pipeline)]
    if args.json:
        json.dump([_as_dict(d) for d in diffs], sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        print_report(diffs, args.extras)
    return 0


def _as_dict(d: PageDiff) -> dict[str, Any]:
    return {
        "page": d.name,
        "found": d.found,
        "total": d.total,
        "error": d.error,
        "misses": [
            {
                "label": m.label,
                "canonical": m.canonical,
                "surfaces": m.surfaces,
                "class": m.kind,
                "near": [p.__dict__ for p in m.near],
            }
            for m in d.misses
        ],
        "extras": [p.__dict__ for p in d.extras],
    }


if __name__ == "__main__":
    raise SystemExit(main())
