"""Build ``src/khabar/nlp/resources/events/cues.tsv`` and ``actors.tsv``: CAMEO event cues.

Source: the UniversalPetrarch Arabic CAMEO verb dictionary (``CAMEO.ar.0.5.txt``, Open Event
Data Alliance, MIT) and its agent list (``agents.all.ar_v3.txt``), read from
``../shared/data/cameo_arabic_dicts``. That dictionary is machine-aligned from the English one
and noisy: lemmas are roots or stems (``لقى`` for ألقى), the code on a verb line is often the
code of an unrelated English sense (``وضع [139]``, ``تلقى [141]``), and frequent news verbs are
missing (هدد، التقى، اغتال، انتقد). A mechanical import gives mostly wrong codes, so the cue
table below is reviewed by hand: one row per lemma with the CAMEO code it carries in news copy
(CAMEO 1.1b3 codebook). For every row the script records whether the Arabic CAMEO dictionary
attests the lemma (as a verb lemma: ``cameo-verb``; inside a verb pattern or synonym set:
``cameo-pattern``) or whether it was added here (``added``), so the share taken from CAMEO is
visible in the data file.

Left out on purpose: pure speech verbs (قال، أكد، أعلن، أشار …; CAMEO 01 "make public statement"
and 02 "appeal" would tag almost every sentence and the quotes stage already covers them), and
forms that are mostly another word in news (طالب "student", فجر "dawn", احتل "ranked", طرد
"sent off" in football, بحث "research").

The script expands each lemma into its surface forms on the normalised spelling of
:func:`khabar.arabic.normalise.normalise` (أ/إ/آ → ا, ى → ي, ة → ه): perfect and imperfect,
third person singular, plural and dual, and for nouns the plural and the accusative ``-ا``.
Proclitics (و، ف for verbs; ال، و، ب، ل، ف، ك and their combinations for nouns) are added at
load time from the ``clitics`` column, so the file stays small.

Run: ``.venv/bin/python scripts/build_event_lexicon.py``.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from khabar.arabic.normalise import normalise  # noqa: E402

CAMEO = REPO.parent / "shared" / "data" / "cameo_arabic_dicts"
OUT = REPO / "src" / "khabar" / "nlp" / "resources" / "events"


@dataclass(frozen=True)
class Verb:
    """A verb lemma: CAMEO code, perfect 3ms, imperfect 3ms ('-' none), extra object words."""

    code: str
    past: str
    present: str = ""
    objects: tuple[str, ...] = ()  # when set, the verb is a cue only before one of these
    # The bare 3ms perfect: "yes"; "conj": only as وطالب/فطالب (bare طالب is "student",
    # bare تجمع "gathering"); "no": never (فجر "dawn").
    past_m_sg: str = "yes"


@dataclass(frozen=True)
class Noun:
    code: str
    singular: str
    plural: str = "-"


@dataclass(frozen=True)
class Phrase:
    """A fixed multi-word cue; code "-" blocks a match (وقف إطلاق النار is not shooting)."""

    code: str
    words: str
    agreement: str = "-"  # "s"/"p": a verbal phrase (ألقت القبض), else nominal


# --- The reviewed cue table --------------------------------------------------------------
# Codes: CAMEO 1.1b3. Spelling as in news copy; normalised by the script.
VERBS: tuple[Verb, ...] = (
    # 04 CONSULT
    Verb("040", "اجتمع", "يجتمع"),
    Verb("040", "تباحث", "يتباحث"),
    Verb("040", "تشاور", "يتشاور"),
    Verb("042", "زار", "يزور"),
    Verb("043", "استقبل", "يستقبل"),
    Verb("043", "استضاف", "يستضيف"),
    Verb("044", "التقى", "يلتقي"),
    Verb("046", "تفاوض", "يتفاوض"),
    # 05 DIPLOMATIC COOPERATION
    Verb("051", "أشاد", "يشيد"),
    Verb(
        "057",
        "وقع",
        "يوقع",
        objects=("اتفاق", "اتفاقا", "اتفاقية", "اتفاقيات", "مذكرة", "معاهدة", "بروتوكول"),
    ),
    # 06 MATERIAL COOPERATION, 07 AID
    Verb("070", "تبرع", "يتبرع"),
    # 08 YIELD
    Verb("0841", "أفرج", "يفرج"),
    # 10 DEMAND
    Verb("100", "طالب", "يطالب", past_m_sg="conj"),
    # 11 DISAPPROVE
    Verb("111", "ندد", "يندد"),
    Verb("111", "انتقد", "ينتقد"),
    Verb("111", "استنكر", "يستنكر"),
    Verb("111", "أدان", "يدين"),
    Verb("112", "اتهم", "يتهم"),
    # 12 REJECT
    Verb("120", "رفض", "يرفض"),
    # 13 THREATEN
    Verb("130", "هدد", "يهدد"),
    Verb("130", "توعد", "يتوعد"),
    # 14 PROTEST
    Verb("140", "احتج", "يحتج"),
    Verb("141", "تظاهر", "يتظاهر"),
    Verb("141", "تجمهر", "يتجمهر"),
    Verb("141", "اعتصم", "يعتصم"),
    Verb("143", "أضرب", "-"),  # present يضرب is "hits"
    Verb("141", "احتشد", "يحتشد"),
    Verb("141", "تجمع", "يتجمع", past_m_sg="conj"),
    Verb("141", "هتف", "يهتف"),
    Verb("141", "ردد", "يردد", objects=("هتافات", "الهتافات", "شعارات", "الشعارات")),
    Verb("141", "رفع", "يرفع", objects=("لافتات", "اللافتات", "شعارات", "الشعارات")),
    Verb("145", "أضرم", "يضرم", objects=("النار", "النيران")),
    Verb("145", "رشق", "يرشق"),
    # 15 EXHIBIT FORCE POSTURE
    Verb("154", "حشد", "يحشد"),
    # 17 COERCE
    Verb("1711", "صادر", "يصادر"),
    Verb("1712", "هدم", "يهدم"),
    Verb("1712", "دمر", "يدمر"),
    Verb("171", "داهم", "يداهم"),
    Verb("173", "اعتقل", "يعتقل"),
    Verb("173", "احتجز", "يحتجز"),
    # 18 ASSAULT
    Verb("180", "اعتدى", "يعتدي"),
    Verb("181", "اختطف", "يختطف"),
    Verb("181", "خطف", "يخطف"),
    Verb("1823", "قتل", "يقتل"),
    Verb("183", "فجر", "يفجر", past_m_sg="no"),
    Verb("183", "انفجر", "ينفجر"),
    Verb("1821", "اغتصب", "يغتصب"),
    Verb("186", "اغتال", "يغتال"),
    # 19 FIGHT
    Verb("190", "هاجم", "يهاجم"),
    Verb("190", "استهدف", "يستهدف"),
    Verb("190", "اشتبك", "يشتبك"),
    Verb("190", "قصف", "يقصف"),
    Verb("191", "حاصر", "يحاصر"),
    Verb("192", "اقتحم", "يقتحم"),
    Verb(
        "190",
        "شن",
        "يشن",
        objects=(
            "هجوم",
            "هجوما",
            "هجمات",
            "غارة",
            "غارات",
            "حملة",
            "حربا",
            "حرب",
            "عملية",
            "عمليات",
            "قصفا",
        ),
    ),
    Verb(
        "193",
        "أطلق",
        "يطلق",
        objects=("النار", "نارا", "الرصاص", "الصواريخ", "صواريخ", "صاروخا", "قذائف", "القذائف"),
    ),
)

# Nouns that name an incident. Left out: nouns that in news mostly name a state, an allegation or
# a past case (حصار "siege", تعذيب، اغتصاب، اغتيال فلان "the assassination of"), which gave a
# false event in most sentences; their verbs stay.
NOUNS: tuple[Noun, ...] = (
    Noun("040", "اجتماع", "اجتماعات"),
    Noun("040", "مباحثات"),
    Noun("040", "محادثات"),
    Noun("040", "مشاورات"),
    Noun("046", "مفاوضات"),
    Noun("042", "زيارة", "زيارات"),
    Noun("070", "مساعدات"),
    Noun("073", "إغاثة"),
    Noun("111", "إدانة"),
    Noun("111", "تنديد"),
    Noun("111", "استنكار"),
    Noun("140", "احتجاج", "احتجاجات"),
    Noun("141", "مظاهرة", "مظاهرات"),
    Noun("141", "تظاهرة", "تظاهرات"),
    Noun("141", "اعتصام", "اعتصامات"),
    Noun("143", "إضراب", "إضرابات"),
    Noun("173", "اعتقال", "اعتقالات"),
    Noun("173", "احتجاز"),
    Noun("174", "ترحيل"),
    Noun("1712", "هدم"),
    Noun("180", "اعتداء", "اعتداءات"),
    Noun("181", "اختطاف"),
    Noun("181", "خطف"),
    Noun("183", "تفجير", "تفجيرات"),
    Noun("183", "انفجار", "انفجارات"),
    Noun("190", "هجوم", "هجمات"),
    Noun("190", "اشتباك", "اشتباكات"),
    Noun("190", "قصف"),
    Noun("192", "اقتحام"),
    Noun("195", "غارة", "غارات"),
    Noun("202", "مجزرة", "مجازر"),
    Noun("141", "مسيرات"),
    Noun("145", "شغب"),
    Noun("1823", "مقتل"),
)

PHRASES: tuple[Phrase, ...] = (
    Phrase("040", "اتصالا هاتفيا"),
    Phrase("040", "اتصال هاتفي"),
    Phrase("062", "مناورات مشتركة"),
    Phrase("062", "تدريبات مشتركة"),
    Phrase("071", "مساعدات مالية"),
    Phrase("071", "مساعدات اقتصادية"),
    Phrase("072", "مساعدات عسكرية"),
    Phrase("073", "مساعدات إنسانية"),
    Phrase("0841", "الإفراج عن"),
    Phrase("0841", "إطلاق سراح"),
    Phrase("0841", "أطلق سراح", "s"),
    Phrase("0841", "أطلقت سراح", "s"),
    Phrase("0871", "وقف إطلاق النار"),
    Phrase("0871", "وقف لإطلاق النار"),
    Phrase("0871", "هدنة"),
    Phrase("141", "وقفة احتجاجية"),
    Phrase("141", "مسيرة احتجاجية"),
    # Protest idioms of news copy: took to the streets, a human chain, chanting / carrying
    # banners (the circumstantial participle: the crowd is doing it as told).
    Phrase("141", "إلى الشوارع"),
    Phrase("141", "سلسلة بشرية"),
    Phrase("141", "مرددين هتافات"),
    Phrase("141", "مرددين شعارات"),
    Phrase("141", "رافعين لافتات"),
    Phrase("141", "رافعين شعارات"),
    Phrase("141", "حاملين لافتات"),
    # Bare تجمع is mostly the noun "gathering"; before a quantity it is the verb (تجمع نحو 40).
    Phrase("141", "تجمع نحو", "s"),
    Phrase("141", "تجمع حوالي", "s"),
    Phrase("141", "تجمع مئات", "s"),
    Phrase("141", "تجمع عشرات", "s"),
    Phrase("141", "تجمع آلاف", "s"),
    Phrase("152", "حالة التأهب"),
    Phrase("152", "حالة الاستنفار"),
    Phrase("154", "حشود عسكرية"),
    Phrase("160", "قطع العلاقات"),
    Phrase("160", "قطعت علاقاتها", "s"),
    Phrase("163", "فرض عقوبات"),
    Phrase("163", "فرضت عقوبات", "s"),
    Phrase("163", "يفرض عقوبات", "s"),
    Phrase("163", "تفرض عقوبات", "s"),
    Phrase("173", "القبض على"),
    Phrase("173", "ألقى القبض", "s"),
    Phrase("173", "ألقت القبض", "s"),
    Phrase("173", "ألقوا القبض", "p"),
    Phrase("173", "يلقي القبض", "s"),
    Phrase("173", "تلقي القبض", "s"),
    Phrase("1831", "تفجير انتحاري"),
    Phrase("1831", "هجوم انتحاري"),
    Phrase("1831", "عملية انتحارية"),
    Phrase("1831", "فجر نفسه", "s"),
    Phrase("1831", "فجرت نفسها", "s"),
    Phrase("1831", "فجرا نفسيهما", "p"),
    Phrase("1831", "فجروا أنفسهم", "p"),
    Phrase("1832", "سيارة مفخخة"),
    Phrase("1833", "عبوة ناسفة"),
    Phrase("193", "إطلاق النار"),
    Phrase("193", "إطلاق نار"),
    Phrase("193", "إطلاق الرصاص"),
    Phrase("193", "أعيرة نارية"),
    Phrase("193", "عيارات نارية"),
    Phrase("195", "ضربة جوية"),
    Phrase("195", "ضربات جوية"),
    Phrase("145", "أعمال شغب"),
    Phrase("2042", "هجوم كيماوي"),
    Phrase("2042", "هجوم كيميائي"),
    Phrase("203", "إبادة جماعية"),
    Phrase("203", "تطهير عرقي"),
    # Blockers: common phrases around a cue word that are no event.
    Phrase("-", "رفض الكشف"),
    Phrase("-", "رفض ذكر"),
    Phrase("-", "رفض الإفصاح"),
    Phrase("-", "رفضت الكشف"),
    Phrase("-", "طلب عدم"),
    Phrase("-", "زيارة ميدانية"),
    Phrase("-", "قتل الوقت"),
)

# Agent nouns that act (or are acted on) in events but are not named entities: CAMEO agent
# heads (agents.all.ar_v3.txt: مسلح [UAF], متظاهر [OPP], شرطة [COP] …) in the plural and
# definite forms news copy uses. "construct" heads take the next word as their genitive
# (قوات الأمن، آلاف المتظاهرين).
ACTORS: tuple[tuple[str, str], ...] = (
    ("مسلحون مسلحين المسلحون المسلحين مسلح", "UAF"),
    ("مجهولون مجهولين", "UAF"),
    ("متظاهرون متظاهرين المتظاهرون المتظاهرين متظاهر متظاهرا", "OPP"),
    ("محتجون محتجين المحتجون المحتجين محتج محتجا", "OPP"),
    ("شخص شخصا أشخاص الأشخاص", "CVL"),
    ("معتصمون معتصمين المعتصمون المعتصمين", "OPP"),
    ("ناشطون ناشطين الناشطون الناشطين", "OPP"),
    ("طلاب الطلاب عمال العمال", "CVL"),
    ("مواطنون مواطنين المواطنون المواطنين", "CVL"),
    ("الشرطة الجيش الأمن", "COP"),
    ("جنود الجنود جندي", "MIL"),
    ("مقاتلون مقاتلين المقاتلون المقاتلين", "REB"),
    ("متمردون متمردين المتمردون المتمردين", "REB"),
    ("المعارضة", "OPP"),
    ("متشددون متشددين المتشددون المتشددين", "REB"),
    ("إرهابيون إرهابيين الإرهابيون الإرهابيين", "REB"),
    ("انتحاري الانتحاري انتحاريا انتحارية الانتحارية انتحاريون انتحاريين", "UAF"),
    ("مهاجمون مهاجمين المهاجمون المهاجمين مهاجم", "UAF"),
    ("مسلحا جنودا", "UAF"),
    ("شبان الشبان الناس المحتشدون المحتشدين", "CVL"),
    ("مستوطنون مستوطنين المستوطنون المستوطنين", "CVL"),
    ("الحكومة الرئيس الوزير السلطات", "GOV"),
    ("القوات الطائرات المقاتلات الميليشيات الفصائل المروحيات", "MIL"),
    ("اللجنة المجلس الاتحاد الحزب الحركة التنظيم الجماعة المنظمة الهيئة", "ORG"),
)
CONSTRUCT_HEADS = (
    "قوات قوة آلاف ألوف مئات عشرات عناصر أنصار طائرات مقاتلات أفراد مجموعة جماعة عدد "
    "سلطات حكومة وزارة وزير رئيس قائد زعيم جيش شرطة ميليشيا ميليشيات فصائل وحدات دبابات "
    "وحدة فرقة كتيبة دورية دوريات مسلحو عصابة خلية مجموعات أجهزة قوى سلاح مروحيات زوارق "
    "أهالي سكان حشود جموع آلاف تنظيم حركة منظمة حزب جبهة كتائب مجلس لجنة هيئة اتحاد "
    "مروحيات مروحيتان مروحيتين طائرتان طائرتين"
)


def _norm(word: str) -> str:
    return normalise(word).strip()


def verb_forms(verb: Verb) -> list[tuple[str, str, str]]:
    """(form, agreement, tense) triples: agreement 's' singular (subject may follow), 'p'
    plural/dual (subject before); tense 'past' or 'present'."""
    past = _norm(verb.past)
    forms: list[tuple[str, str]] = []
    if past.endswith("ي"):  # defective: التقى → التقت، التقوا، التقيا
        stem = past[:-1]
        forms += [
            (past, "s"),
            (stem + "ت", "s"),
            (stem + "وا", "p"),
            (stem + "تا", "p"),
            (past + "ا", "p"),
        ]
    else:
        forms += [
            (past, "s"),
            (past + "ت", "s"),
            (past + "وا", "p"),
            (past + "تا", "p"),
            (past + "ا", "p"),
        ]
    if verb.past_m_sg != "yes":  # the bare form and the dual (طالبا "demanding") go
        forms = [(f, a) for f, a in forms if f not in (past, past + "ا")]
    triples = [(f, a, "past") for f, a in forms]
    present = _norm(verb.present) if verb.present and verb.present != "-" else ""
    if present:
        stem = present[1:]  # drop the imperfect prefix ي
        plural = stem[:-1] + "ون" if stem.endswith("ي") else stem + "ون"
        triples += [
            ("ي" + stem, "s", "present"),
            ("ت" + stem, "s", "present"),
            ("ي" + plural, "p", "present"),
            ("ي" + stem + "ان", "p", "present"),
            ("ت" + stem + "ان", "p", "present"),
        ]
    return triples


def noun_forms(noun: Noun) -> list[str]:
    singular = _norm(noun.singular)
    forms = [singular]
    if not singular.endswith(("ه", "ا", "ات")):
        forms.append(singular + "ا")  # accusative indefinite: هجوما، احتجاجا
    if noun.plural != "-":
        forms.append(_norm(noun.plural))
    return forms


def _lemma_token(raw: str) -> str:
    return _norm(raw.split("+")[0].split()[0]) if raw.strip() else ""


def cameo_attestations() -> tuple[set[str], set[str]]:
    """Normalised verb lemmas and words of verb patterns/synsets in the Arabic CAMEO dictionary."""
    verbs: set[str] = set()
    words: set[str] = set()
    in_patterns = False
    for line in (CAMEO / "CAMEO.ar.0.5.txt").read_text(encoding="utf-8").splitlines():
        if "VERB PATTERNS" in line:
            in_patterns = True
            continue
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        if text.startswith("---"):
            verbs.add(_lemma_token(text.strip("- ").split("[")[0]))
            continue
        if text.startswith("-") or text.startswith("+") or text.startswith("&"):
            for word in re.findall(r"[\u0621-\u064a]+", text):
                words.add(_norm(word))
            continue
        if in_patterns:
            verbs.add(_lemma_token(text.split("[")[0]))
    for line in (CAMEO / "synsets.ar.txt").read_text(encoding="utf-8").splitlines():
        for word in re.findall(r"[\u0621-\u064a]+", line):
            words.add(_norm(word))
    return verbs, words


def agent_words() -> set[str]:
    words: set[str] = set()
    for line in (CAMEO / "agents.all.ar_v3.txt").read_text(encoding="utf-8").splitlines():
        for word in re.findall(r"[\u0621-\u064a]+", line.split("#", 1)[0]):
            words.add(_norm(word))
    return words


def provenance(lemma: str, verbs: set[str], words: set[str]) -> str:
    if lemma in verbs:
        return "cameo-verb"
    if lemma in words or any(lemma in w.split() for w in words):
        return "cameo-pattern"
    return "added"


def build_rows(verbs: set[str], words: set[str]) -> list[str]:
    rows: list[str] = []
    for verb in VERBS:
        lemma = _norm(verb.past)
        source = provenance(lemma, verbs, words)
        for form, agreement, tense in verb_forms(verb):
            objects = ",".join(_norm(o) for o in verb.objects) or "-"
            cells = (form, verb.code, "verb", agreement, "v", lemma, source, objects, tense)
            rows.append("\t".join(cells))
        if verb.past_m_sg == "conj":
            for conj in ("و", "ف"):
                rows.append(
                    "\t".join(
                        (conj + lemma, verb.code, "verb", "s", "-", lemma, source, "-", "past")
                    )
                )
    for noun in NOUNS:
        lemma = _norm(noun.singular)
        source = provenance(lemma, verbs, words)
        for form in noun_forms(noun):
            rows.append("\t".join((form, noun.code, "noun", "-", "n", lemma, source, "-", "-")))
    for phrase in PHRASES:
        words_ = _norm(phrase.words)
        head = words_.split()[0]
        kind = "block" if phrase.code == "-" else "phrase"
        source = provenance(head, verbs, words) if kind == "phrase" else "added"
        clitics = "v" if phrase.agreement != "-" else "n"
        tense = "-" if phrase.agreement == "-" else ("present" if head[0] in "يت" else "past")
        rows.append(
            "\t".join(
                (words_, phrase.code, kind, phrase.agreement, clitics, words_, source, "-", tense)
            )
        )
    seen: set[str] = set()
    unique: list[str] = []
    for row in rows:  # the first row of a form wins (verbs before nouns before phrases)
        if row.split("\t", 1)[0] not in seen:
            seen.add(row.split("\t", 1)[0])
            unique.append(row)
    return unique


def build_actor_rows(agents: set[str]) -> list[str]:
    rows: list[str] = []
    for forms, role in ACTORS:
        for form in forms.split():
            word = _norm(form)
            bare = word[2:] if word.startswith("ال") else word
            source = "cameo-agent" if any(bare[:4] in a for a in agents) else "added"
            rows.append("\t".join((word, role, "agent", source)))
    for head in CONSTRUCT_HEADS.split():
        rows.append("\t".join((_norm(head), "-", "construct", "added")))
    return rows


def main() -> int:
    verbs, words = cameo_attestations()
    rows = build_rows(verbs, words)
    actor_rows = build_actor_rows(agent_words())
    OUT.mkdir(parents=True, exist_ok=True)
    header = (
        "# CAMEO event cues on the normalised spelling; built by scripts/build_event_lexicon.py\n"
        "# from the UniversalPetrarch Arabic CAMEO dictionary (MIT) plus a reviewed table.\n"
        "# form\tcode\tkind(verb|noun|phrase|block)\tagreement(s|p|-)\tclitics(v|n)\tlemma"
        "\tprovenance\tobjects(a verb is a cue only when one follows within 3 words)"
        "\ttense(past|present|-)\n"
    )
    (OUT / "cues.tsv").write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    (OUT / "actors.tsv").write_text(
        "# Agent nouns (role from CAMEO agents) and construct heads;"
        " scripts/build_event_lexicon.py\n"
        "# form\trole\tkind(agent|construct)\tprovenance\n" + "\n".join(actor_rows) + "\n",
        encoding="utf-8",
    )
    counts: dict[str, int] = {}
    for row in rows:
        source = row.rsplit("\t", 1)[1]
        counts[source] = counts.get(source, 0) + 1
    lemmas: dict[str, str] = {}
    for row in rows:
        cells = row.split("\t")
        lemmas[cells[5]] = cells[6]
    by_source: dict[str, int] = {}
    for source in lemmas.values():
        by_source[source] = by_source.get(source, 0) + 1
    print(
        f"{OUT / 'cues.tsv'}: {len(rows)} forms, {len(lemmas)} lemmas/phrases; "
        f"lemmas by provenance {by_source}"
    )
    print(f"{OUT / 'actors.tsv'}: {len(actor_rows)} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
