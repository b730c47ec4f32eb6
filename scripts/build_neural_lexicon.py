"""Mine person-name parts from SaudiNewsNet with high-precision title patterns.

Reproducible, offline:  ``.venv/bin/python scripts/build_neural_lexicon.py [--articles N]``

Pattern: a person title (``titles.txt``: الرئيس، وزير الخارجية، الأمير، الدكتور …) with an
attached و/ف/ب/ل allowed, then at most two descriptors (nisba adjectives such as الأمريكي،
السعودي and ministry complements: words with the article), then the name: one to three
tokens without the article's ``ال`` on the first one, stopping at punctuation, digits,
a function word, a reporting verb or a word with an attached و/ب/ل/ف/ك (``attached``).
The first name token counts as a *given* name, a last one (of a two- or three-token name)
as a *family* name. Also the word right after a head without the article: نادي/فريق X →
*club*, شركة/صحيفة/وكالة/جامعة/بنك/مصرف/قناة/مؤسسة X → *org* (``نادي الهلال``، ``شركة
أرامكو``).

A word becomes ``mined-given``, ``mined-family``, ``mined-club`` or ``mined-org`` when it
was seen in that slot at least ``MIN_COUNT`` times and in at least ``MIN_SHARE`` of all its
corpus occurrences (so common words that sometimes follow a title — «إن»، «خلال» — stay
out). Output: ``src/khabar/nlp/resources/entities/neural_lexicon.tsv`` (normalised word,
classes), read only by the neural tagger
(:func:`khabar.nlp.entities.neural.load_neural_lexicon`). Only words and their classes are
shipped, never corpus text.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import articles, word_counts

from khabar.arabic.normalise import normalise
from khabar.nlp.entities.resources import load_lexicon, load_titles
from khabar.nlp.entities.tokens import has_article, strip_proclitics, tokenize

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src/khabar/nlp/resources/entities/neural_lexicon.tsv"
COUNTS_CACHE = Path("/tmp/khabar_build_counts.tsv")
MIN_COUNT = 3
MIN_SHARE = 0.15
MAX_NAME = 3
MAX_DESCRIPTORS = 2
ARTICLE = "\u0627\u0644"  # ال
# words that end a name: common function words and reporting verbs (normalised forms)
STOP = frozenset(
    normalise(w)
    for w in (
        "في من على إلى عن مع أن إن أنه إنه الذي التي الذين و أو ثم قد لقد كان كانت "
        "قال وقال أكد وأكد أوضح وأوضح أشار وأشار أعلن وأعلن قالت أكدت خلال بعد قبل "
        "حيث كما لدى عند منذ حتى هو هي هذا هذه ذلك تلك اليوم أمس غدا يوم عام "
        "بن بنت"  # kept out of the lexicon but do not end the name: handled below
    ).split()
)
# heads whose next word names a sports club or an organisation (without the article on the
# head: «الفريق» is also a military rank)
HEADS = {
    normalise(w): cls
    for ws, cls in (
        ("نادي فريق", "mined-club"),
        ("شركة صحيفة جريدة وكالة جامعة بنك مصرف مجموعة قناة مؤسسة", "mined-org"),
    )
    for w in ws.split()
}
JOINERS = frozenset(normalise(w) for w in ("بن", "بنت", "ابن", "أبو", "عبد", "آل"))


def _is_wordlike(word: str) -> bool:
    return len(word) >= 2 and all("\u0621" <= ch <= "\u064a" for ch in word)


def _title_ends(words: list[str], titles: dict[int, set[str]]) -> list[int]:
    """Positions just after each title occurrence (longest title at each start)."""
    ends: list[int] = []
    for i in range(len(words)):
        for n in sorted(titles, reverse=True):
            phrase = words[i : i + n]
            if len(phrase) < n:
                continue
            first = strip_proclitics(phrase[0]) if phrase[0][:2] != ARTICLE else phrase[0]
            if " ".join([first, *phrase[1:]]) in titles[n] or " ".join(phrase) in titles[n]:
                ends.append(i + n)
                break
    return ends


def attached(word: str, counts: Mapping[str, int]) -> bool:
    """Whether a word (without the article) carries a proclitic و/ب/ل/ف/ك: its bare form is
    at least as frequent as it (``ومحمد`` → محمد), which names that merely start with those
    letters are not (``باراك`` → اراك، ``وليد`` → ليد)."""
    bare = strip_proclitics(word)
    if bare == word or word.startswith(ARTICLE):
        return False
    if has_article(word):  # وال، بال، لل …: a preposition or conjunction on a definite word
        return True
    return counts.get(bare, 0) >= counts.get(word, 0)


def name_after(words: list[str], at: int, counts: Mapping[str, int]) -> list[str]:
    """The name tokens after a title ending at ``at`` (empty when the pattern fails)."""
    k = at
    skipped = 0
    while k < len(words) and skipped < MAX_DESCRIPTORS and words[k].startswith(ARTICLE):
        k += 1
        skipped += 1
    name: list[str] = []
    while k < len(words) and len(name) < MAX_NAME:
        w = words[k]
        if not _is_wordlike(w) or (w in STOP and w not in JOINERS):
            break
        if attached(w, counts):
            break  # و/ب/ل/ف/ك attached: a conjunction or preposition ends the name
        if not name and has_article(w):
            return []
        name.append(w)
        k += 1
    while name and name[-1] in JOINERS:
        name.pop()
    return name


LEXICON = ROOT / "src/khabar/nlp/resources/entities/lexicon.tsv"
LEXICON_MARK = "# appended by scripts/build_neural_lexicon.py --append-lexicon (mined name parts)"
# mined class → the shared lexicon's classes (CRF features, name-part tests of the recogniser);
# mined given names become ``first`` only: the given-name pattern trusts ``given``, which stays
# reserved for the clean lists
SHARED_CLASSES = {
    "mined-given": "first",
    "mined-family": "name",
    "mined-club": "ORG",
    "mined-org": "ORG",
}


def append_to_lexicon(mined: Path, lexicon: Path) -> int:
    """Replace the mined block at the end of ``lexicon.tsv`` (idempotent); rows written.

    ``scripts/build_gazetteers.py`` rewrites ``lexicon.tsv`` without it: run this again after.
    """
    text = lexicon.read_text(encoding="utf-8")
    head = text.split(LEXICON_MARK)[0].rstrip("\n") + "\n"
    rows = []
    for line in mined.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        word, _, classes = line.partition("\t")
        shared = sorted({SHARED_CLASSES[c] for c in classes.split(",") if c in SHARED_CLASSES})
        if shared:
            rows.append(f"{word}\t{','.join(shared)}")
    lexicon.write_text(head + LEXICON_MARK + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=40000)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--sample", type=int, default=0, help="print N random entries per class")
    parser.add_argument(
        "--append-lexicon",
        action="store_true",
        help="only append the mined file (--out) to lexicon.tsv under shared class names",
    )
    parser.add_argument("--lexicon", type=Path, default=LEXICON)
    parser.add_argument("--min-count", type=int, default=MIN_COUNT)
    parser.add_argument("--min-share", type=float, default=MIN_SHARE)
    args = parser.parse_args()
    if args.append_lexicon:
        n = append_to_lexicon(args.out, args.lexicon)
        print(f"{args.lexicon}: {n} mined rows appended")
        return
    titles: dict[int, set[str]] = {}
    for title in load_titles():
        words = title.split()
        titles.setdefault(len(words), set()).add(title)
    counts = word_counts(COUNTS_CACHE)  # corpus frequencies (cached, as build_gazetteers)
    given: Counter[str] = Counter()
    family: Counter[str] = Counter()
    after_head: dict[str, Counter[str]] = {cls: Counter() for cls in HEADS.values()}
    total: Counter[str] = Counter()
    started = time.time()
    for k, content in enumerate(articles()):
        if k >= args.articles:
            break
        for line in content.splitlines():
            words = [normalise(t.text) for t in tokenize(line)]
            words = [w for w in words if w]
            total.update(words)
            for i in range(len(words) - 1):
                head = HEADS.get(strip_proclitics(words[i]))
                nxt = words[i + 1]
                if head and not has_article(words[i]) and _is_wordlike(nxt) and nxt not in STOP:
                    after_head[head][nxt] += 1
            for end in _title_ends(words, titles):
                name = name_after(words, end, counts)
                if not name:
                    continue
                if name[0] not in JOINERS:
                    given[name[0]] += 1
                if len(name) >= 2 and name[-1] not in JOINERS:
                    family[name[-1]] += 1
    known = load_lexicon()
    rows: dict[str, set[str]] = {}
    mined = [("mined-given", given), ("mined-family", family), *after_head.items()]
    for cls, counts in mined:
        for word, n in counts.items():
            if n >= args.min_count and n >= args.min_share * total[word] and word not in JOINERS:
                if {"GPE", "LOC", "common"} & set(known.get(word, ())):
                    continue
                rows.setdefault(word, set()).add(cls)
    lines = ["# normalised word\tclasses  (built by scripts/build_neural_lexicon.py)"]
    lines += [f"{w}\t{','.join(sorted(c))}" for w, c in sorted(rows.items())]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    sizes = {cls: sum(cls in c for c in rows.values()) for cls, _ in mined}
    print(
        f"{args.out}: {len(rows)} words {sizes} "
        f"from {min(k + 1, args.articles)} articles in {time.time() - started:.0f}s"
    )
    if args.sample:
        import random

        rng = random.Random(7)
        for cls, _ in mined:
            words = sorted(w for w, c in rows.items() if cls in c)
            print(cls, " ".join(rng.sample(words, min(args.sample, len(words)))))


if __name__ == "__main__":
    main()
