"""Quote rules found on heldout-dev7 (session 7, engineer B): pages with few quotations —
columns, feature and cultural reports — where a passive verb, a noun or a relative clause
reads like a reporting cue. Every example is an invented sentence in the style of Arabic news
copy; none is copied from a held-out page.
"""

from __future__ import annotations

import pytest

from khabar.nlp.quotes import find_quotes

# Text with no quotation at all: each line once gave a false one.
NO_QUOTE: list[str] = [
    # يُعتبر "is considered" with a predicate after it, and a far "كما أن" clause.
    "إن وجود الشاشة الكبيرة في الهاتف يعتبر ميزة مهمة، حيث يسهل القراءة عليه،"
    " كما أن هناك منفذا لبطاقة الذاكرة.",
    # تُعتبر + غير …, and a conditional إن far after it.
    "فهذه الأرقام تعتبر غير مفيدة إذا لم يتم تحليلها في الوقت المناسب (وهي مسألة حاسمة"
    " إن صح القول) في أيام الأزمات.",
    # The noun رأي ("opinion") folds to the verb رأى; its "subject" is an adjective.
    "للفقهاء رأي واضح في هذه المسألة، ولذلك فإن على اللجنة أن تستمع إليهم قبل أي قرار.",
    # "آخر ما كتب X": a relative clause ends at its comma; the song title is not its content.
    "والأغنية الأولى هي آخر ما كتب الشاعر قبل رحيله، والثانية هي «يا ليل الصب متى غده»"
    " من ألحان فرقة قديمة.",
    # وصف + a word in ب that is no preposition + noun (a name: بيشة، باتل): no description
    # starting inside a word.
    "كتبت مقالا قبل سنوات. وفي المقال وصفت حال بيشة التي شاهدتها، وبعد هذه السنين هل تغير الحال؟",
    "وقدم المدرب شكره للاعبين، وفي المؤتمر وصف أداء باتل الذي سجل هدفين في المباراة.",
]

# A verse, a hadith or a prayer the writer cites is no statement of a news source.
CITATIONS: list[str] = [
    "وقد قال تعالى: «وتعاونوا على البر والتقوى ولا تعاونوا على الإثم والعدوان».",
    "يقول رسول الله صلى الله عليه وسلم: «من لا يشكر الناس لا يشكر الله».",
    "وقال النبي ﷺ: «الدين النصيحة لله ولكتابه ولرسوله ولأئمة المسلمين».",
    "عن ابن عباس رضي الله عنهما قال: «فرض رسول الله زكاة الفطر طهرة للصائم من اللغو».",
    'كما جاء في قوله تعالى "وعلى الذين يطيقونه فدية طعام مسكين فمن تطوع خيرا فهو خير له".',
    "وهنأ المحافظ الأهالي بالعيد، داعيا الله تعالى أن يعيده على الجميع بالخير والبركات.",
]

# (text, quoted texts that must be found, in order)
FOUND: list[tuple[str, list[str]]] = [
    # The same verbs still report when what was said follows the subject …
    ("ورأى محللون أن الأسعار سترتفع خلال العام المقبل.", ["الأسعار سترتفع خلال العام المقبل"]),
    ("واعتبر الوزير أن القرار يخدم مصلحة المواطنين.", ["القرار يخدم مصلحة المواطنين"]),
    # … or follows an apposition closed by a comma.
    (
        "في المقابل يرى سكان الحي القديم، وهم من كبار السن، أن الخدمات تراجعت كثيرا.",
        ["الخدمات تراجعت كثيرا"],
    ),
    # واصفا X بأنه + a clause: what was said, as after أن.
    (
        "وقالت الوزيرة إن الوضع صعب، واصفة الأزمة بأنها نتيجة طبيعية لسنوات من الإهمال"
        " المتراكم في القطاع.",
        ["الوضع صعب", "نتيجة طبيعية لسنوات من الإهمال المتراكم في القطاع"],
    ),
    # … but three words or fewer are a description, not a statement.
    ("وقال الوزير إن الوضع صعب، واصفا الهجوم بأنه عمل جبان.", ["الوضع صعب"]),
]

# (text, speakers of the quotes found, in order)
SPEAKERS: list[tuple[str, list[str | None]]] = [
    # A fronted subject of the main verb is the participle's subject: a title, a place
    # phrase, the name, then the verb.
    (
        "المدير السابق في هيئة الطيران المدني خالد السالم تحدث في لقاء نشرته الصحيفة عن"
        " الخطة مؤكدا على أن «المطار سيفتتح صالة جديدة للرحلات الداخلية قبل نهاية العام».",
        ["خالد السالم"],
    ),
    # A verbal noun with the subject's pronoun after the name is the verb's object: the
    # short name then resolves to the full one named before.
    (
        "وقالت الباحثة منى السالم إن العمل بدأ قبل عامين. وتتابع الباحثة منى حديثها: لقد"
        " جمعنا بيانات كثيرة من المستشفيات.",
        ["منى السالم", "منى السالم"],
    ),
    # A بـ-complement after the first verb (ونوهت بالحضور) is no subject: the participle
    # after it continues the current speaker.
    (
        "وقالت المسؤولة سارة الأحمد إن المعرض نجح في جذب الزوار. ونوهت بالحضور الكبير للزوار،"
        " واصفة إياه بالمحفز للأسر المشاركة في المعرض.",
        ["سارة الأحمد", "سارة الأحمد"],
    ),
    # A circumstantial clause (وهي تحمل …) after the cue is no subject.
    (
        "وقالت الأم فاطمة الحربي إن ابنها خرج صباحا ولم يعد. وقالت وهي تحمل صورته بين يديها:"
        ' "لن أفقد الأمل أبدا في عودته إلى البيت".',
        ["فاطمة الحربي", "فاطمة الحربي"],
    ),
    # … but حديثة ("recent", with ة) is an adjective of the subject.
    ("وأكدت دراسة حديثة أن الأطفال ينامون أقل من حاجتهم.", ["دراسة حديثة"]),
]


@pytest.mark.parametrize("text", NO_QUOTE)
def test_no_quote(text: str) -> None:
    assert [q.text for q in find_quotes(text)] == []


@pytest.mark.parametrize("text", CITATIONS)
def test_citations_are_not_quotes(text: str) -> None:
    assert [q.text for q in find_quotes(text)] == []


def test_a_formula_before_the_cue_clause_does_not_silence_it() -> None:
    # "ونحمد الله تعالى على ذلك،" closes before the participle: its clause is still reported.
    text = "ونحمد الله تعالى على ذلك، مؤكدا أن ما تحقق جاء بفضل رجال الأمن."
    assert [q.text for q in find_quotes(text)] == ["ما تحقق جاء بفضل رجال الأمن"]


@pytest.mark.parametrize(("text", "expected"), FOUND)
def test_found(text: str, expected: list[str]) -> None:
    quotes = find_quotes(text)
    assert [q.text for q in quotes] == expected
    for q in quotes:
        assert text[q.start : q.end] == q.text


@pytest.mark.parametrize(("text", "expected"), SPEAKERS)
def test_speakers(text: str, expected: list[str | None]) -> None:
    quotes = find_quotes(text)
    assert [q.speaker for q in quotes] == expected
    for q in quotes:
        assert text[q.start : q.end] == q.text
