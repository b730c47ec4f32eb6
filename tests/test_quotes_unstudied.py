"""Quote rules found on pages of outlets the rules were not written on (session 5).

Every example is an invented sentence in the style of Arabic news copy, one per rule; none is
copied from a gold or held-out page.
"""

from __future__ import annotations

import pytest

from khabar.nlp.quotes import find_quotes

# (text, speakers of the quotes found, in order)
SPEAKER_CASES: list[tuple[str, list[str | None]]] = [
    # A spokesman "باسم" + pronoun: the title ends at أن, no name is taken from the clause.
    (
        "ووصل الوزير إلى المدينة، وأفاد المتحدث باسمه أن الرئيس سيزور الميناء غدا.",
        ["المتحدث باسمه"],
    ),
    # After باسم comes who is spoken for: an indefinite body is no personal name.
    (
        "وقال متحدث باسم حرس الحدود التونسي إن الدورية اعترضت قاربا قبالة السواحل.",
        ["متحدث باسم حرس الحدود التونسي"],
    ),
    # ... nor is a person spoken for the spokesman.
    (
        "وقالت المتحدثة باسم هيلاري كلينتون إن الحملة ستبدأ الأسبوع المقبل.",
        ["المتحدثة باسم هيلاري كلينتون"],
    ),
    # A definite body may still be followed by the spokesman's own name.
    (
        "وقال المتحدث باسم الخارجية الفرنسية رومان نادال إن باريس تدين الهجوم.",
        ["رومان نادال"],
    ),
    # باسم as a given name stays a name.
    ("ويقول باسم الخطيب الذي يدير مطعما في الحي إن الإقبال تراجع.", ["باسم الخطيب"]),
    # A title set after a name between commas names that person when used alone later.
    (
        "أكد محمد سالم، سفير المملكة في القاهرة والمندوب الدائم لدى الجامعة العربية، متانة"
        " العلاقات. ونفى المندوب الدائم لدى الجامعة العربية، أي زيارة، مؤكدا أن ما تردد غير صحيح.",
        ["محمد سالم"],
    ),
    # The outlet a source spoke to, put before the subject, is not the subject.
    (
        'وأوضح لـ"الصحيفة" مسؤول في وزارة المالية الكويتية، أنه تم رفع الدعم عن الوقود.',
        ["مسؤول في وزارة المالية الكويتية"],
    ),
    # ... and when the verb's object follows it, that object is no speaker either.
    (
        "وقال الوزير إن الوضع صعب. وقال لـ«رويترز» بالبريد الإلكتروني: «سنعلن الخطة قريبا».",
        ["الوزير", "الوزير"],
    ),
    # A four-part name closed by an ال- family name stays whole.
    (
        "وأكد قائد المنطقة الثالثة العميد محمد صالح ناجي العولقي أن الجبهة هادئة.",
        ["محمد صالح ناجي العولقي"],
    ),
    # An indefinite source "في" a construct body: the body belongs to the source.
    (
        "وأوضح مصدر في هيئة مكافحة الفساد أن التحقيق بدأ أمس.",
        ["مصدر في هيئة مكافحة الفساد"],
    ),
    # "وهي"/"وهو" after a foreign name gives the source's gender (the verbs agree with it).
    (
        "وقالت الوزارة إن الحادث وقع ليلا. وقالت بروين كارلسون وهي نائبة في البرلمان إن"
        " التحقيق مستمر. وذكرت أن الضحايا من الأطفال.",
        ["الوزارة", "بروين كارلسون وهي نائبة", "بروين كارلسون وهي نائبة"],
    ),
    # "اللاعب" alone is the player, not "وكيل اللاعب" (the agent) named before.
    (
        "وحضر وكيل اللاعب سالم العمري الاجتماع. وتحدث اللاعب فهد الزهراني مع اللجنة. وأفاد"
        " اللاعب بأنه تعرض لضغوط كبيرة من إدارة ناديه.",
        ["فهد الزهراني"],
    ),
    # A title whose complement is "على": the phrase runs on to the name.
    (
        "أكد عضو مجلس الإدارة والمشرف على فريق الشباب مروان الزهراني أن المدرب ممتاز.",
        ["عضو مجلس الإدارة والمشرف على فريق الشباب مروان الزهراني"],
    ),
    # "تواصلت الصحيفة مع X …، فأكد": the person contacted answers.
    (
        "وتواصلت الصحيفة مع رئيس اللجنة الدكتور سامي العتيبي لسؤاله عن القرار، فأكد أن"
        " القرار نهائي.",
        ["سامي العتيبي"],
    ),
    # A بـ-complement (بعدم، بضرورة) ends the subject phrase.
    (
        "وتعهد مدير مكتب العمل بعدم تكرار التأخير، مؤكدا أن الطلبات ستنجز خلال أسبوع.",
        ["مدير مكتب العمل"],
    ),
    # "وقالوا" after one named person: the last human plural named before it speaks.
    (
        "وقالت جوليا فيرنر لوكالة الأنباء إن القارب غرق. وأضافت أن المهاجرين جاءوا من مالي."
        " وقالوا إن المياه بدأت تتسرب إلى القارب.",
        ["جوليا فيرنر", "جوليا فيرنر", "المهاجرين"],
    ),
    # ... but no plural of things ("الملايين") is taken for a group of speakers.
    (
        "وقال الوزير إن الخطة تكلف الملايين. وقالوا إن التنفيذ يبدأ غدا.",
        ["الوزير", "الوزير"],
    ),
    # An adverb after the subject is not part of its name.
    ("ونفت طالبان فورا أنها تخطط لأي هجوم على العاصمة.", ["طالبان"]),
]


@pytest.mark.parametrize(
    ("text", "speakers"), SPEAKER_CASES, ids=[c[0][:30] for c in SPEAKER_CASES]
)
def test_speakers_on_unstudied_constructions(text: str, speakers: list[str | None]) -> None:
    assert [q.speaker for q in find_quotes(text)] == speakers


# (text, [(quote text, kind, speaker, cue), ...]) — every expected quote, in order.
CASES: list[tuple[str, list[tuple[str, str, str | None, str | None]]]] = [
    # A verb that reports speech only before a colon: زاد ("increased" elsewhere).
    (
        "وأضاف الوزير: الأسعار ارتفعت في كل المدن، وزاد: هناك نقص كبير في الأدوية والوقود.",
        [
            ("الأسعار ارتفعت في كل المدن", "direct", "الوزير", "أضاف"),
            ("هناك نقص كبير في الأدوية والوقود", "direct", "الوزير", "زاد"),
        ],
    ),
    ("وزاد عدد الزوار هذا العام: أكثر من مليون زائر.", []),
    # "، في حين قال" ("whereas") opens a new statement; "حين قال" ("when") does not.
    (
        "وأكد المدير أن الشركة تعطي الأولوية للسوق الهندي، في حين قال إن الخطة لن تتغير.",
        [
            ("الشركة تعطي الأولوية للسوق الهندي", "indirect", "المدير", "أكد"),
            ("الخطة لن تتغير", "indirect", "المدير", "قال"),
        ],
    ),
    # "، أما …" turns to a new topic: the clause before it ends there.
    (
        "وأفاد المدير بأن وضع المصنع جيد جدا، أما بخصوص التوسعة، فأفاد بأن القرار لم يتخذ بعد.",
        [
            ("وضع المصنع جيد جدا", "indirect", "المدير", "أفاد"),
            ("القرار لم يتخذ بعد", "indirect", "المدير", "أفاد"),
        ],
    ),
    # "، ولكنه أشار إلى …": a new statement (a noun phrase: no quote), the clause ends.
    (
        "وقال متحدث باسم الدفاع المدني: إنه لا يستطيع تأكيد الحصيلة، ولكنه أشار إلى عدم الوفيات.",
        [("لا يستطيع تأكيد الحصيلة", "indirect", "متحدث باسم الدفاع المدني", "قال")],
    ),
    # A participle cut from its أن by an adverbial phrase, with no comma before it.
    (
        "واعتبرت الدراسة أن البرنامج رفع نسبة التوظيف معتبرة في الوقت نفسه أن أثره محدود.",
        [
            ("البرنامج رفع نسبة التوظيف", "indirect", "الدراسة", "اعتبر"),
            ("أثره محدود", "indirect", "الدراسة", "اعتبر"),
        ],
    ),
    # A name set in marks after the subject's title is the speaker, not a quotation.
    (
        'كشف المبعوث إلى ليبيا "عبد الله الحسن"؛ عن خطة جديدة، وأوضح أن الحوار سيستأنف قريبا.',
        [("الحوار سيستأنف قريبا", "indirect", "عبد الله الحسن", "أوضح")],
    ),
    (
        'وقال "ولد الشيخ أحمد": نحن نعمل مع كل الأطراف من أجل السلام.',
        [("نحن نعمل مع كل الأطراف من أجل السلام", "direct", "ولد الشيخ أحمد", "قال")],
    ),
    # أن + quoted words + the rest of the clause: a mixed quotation, not the fragment alone.
    (
        "وأكد المحامي أن «الاحتجاز التعسفي للصحفيين» في هذه الظروف يعد خرقا للقانون.",
        [
            (
                "الاحتجاز التعسفي للصحفيين» في هذه الظروف يعد خرقا للقانون",
                "mixed",
                "المحامي",
                "أكد",
            )
        ],
    ),
    # ... but a quotation that ends the clause stays direct.
    (
        "وقال الوزير إن «الحكومة ستدعم المزارعين في كل المناطق».",
        [("الحكومة ستدعم المزارعين في كل المناطق", "direct", "الوزير", "قال")],
    ),
    # "، وقد أعلنوا أنه": a plural verb with no subject inside a singular source's clause
    # reports what the clause's subject said — one statement.
    (
        "ولفت المبعوث إلى أن الطرفين يؤكدون على الهدنة، وقد أعلنوا أنه لا مانع لديهم من الحوار.",
        [
            (
                "الطرفين يؤكدون على الهدنة، وقد أعلنوا أنه لا مانع لديهم من الحوار",
                "indirect",
                "المبعوث",
                "لفت",
            )
        ],
    ),
    # ... but with a plural source it is a second statement, and "وقد" stays out of the first.
    (
        "وقال السكان إن القصف استمر طوال الليل، وقد أكدوا أن المياه انقطعت.",
        [
            ("القصف استمر طوال الليل", "indirect", "السكان", "قال"),
            ("المياه انقطعت", "indirect", "السكان", "أكد"),
        ],
    ),
    # "، معلنة عن …" (a feminine participle the lexicon keeps out of the cues) ends a clause.
    (
        "وأرجعت الشركة نتائجها إلى تراجع الأسعار، مشيرة إلى أن هناك انخفاضا في التكاليف، معلنة"
        " عن توزيع أرباح على المساهمين.",
        [("هناك انخفاضا في التكاليف", "indirect", "الشركة", "أشار")],
    ),
    # "إما … وإما" ("either … or") folds like "أما" but opens no new topic.
    (
        "وأضافت مصادر أن الجماعة تتواصل مع زعماء آخرين، إما للإطاحة به وإما للانشقاق.",
        [
            (
                "الجماعة تتواصل مع زعماء آخرين، إما للإطاحة به وإما للانشقاق",
                "indirect",
                "مصادر",
                "أضاف",
            )
        ],
    ),
    # "، دون أن يذكر …" is the narrator's remark, not the source's words.
    (
        "وأضاف القائد أن القوات أسرت عددا من المسلحين، دون أن يذكر عددهم.",
        [("القوات أسرت عددا من المسلحين", "indirect", "القائد", "أضاف")],
    ),
    # A participle whose object stands before its بأن still ends the clause before it.
    (
        "وأضاف البيان أن هناك مخاوف من ارتفاع عدد القتلى واصفا الهجوم بأنه عمل جبان.",
        [("هناك مخاوف من ارتفاع عدد القتلى", "indirect", "البيان", "أضاف")],
    ),
    # A fronted attribution to a source named in marks.
    (
        'وبحسب "كي.بي.إم"، فإن عشرة أسواق ناشئة هي أسواق أساسية للتمويل.',
        [("عشرة أسواق ناشئة هي أسواق أساسية للتمويل", "indirect", "كي.بي.إم", "حسب")],
    ),
    # ... but when the sentence has its own cue, that cue reports it; the fronted source
    # stands in for a subject that names nobody.
    (
        "وبحسب المسح، قال 40 في المائة من المشاركين إنهم لا يثقون بالإعلانات.",
        [("لا يثقون بالإعلانات", "indirect", "المسح", "قال")],
    ),
    # "مصادر مؤكدة": the feminine participle is an adjective of the sources here.
    (
        "وعلمت الصحيفة من مصادر مؤكدة أن اللجنة ستصدر قرارها اليوم.",
        [("اللجنة ستصدر قرارها اليوم", "indirect", "مصادر مؤكدة", "علم")],
    ),
    # "يتوقع أن …" before anyone spoke: the passive "it is expected", no quotation.
    ("يتوقع أن يكون اللاعب ثاني صفقات النادي هذا الموسم.", []),
    # Speech right after قال with no subject, colon or marks.
    (
        "وقال المحافظ إن المشروع سينتهي قريبا. وقال لن نسمح بأي تأخير في التنفيذ.",
        [
            ("المشروع سينتهي قريبا", "indirect", "المحافظ", "قال"),
            ("لن نسمح بأي تأخير في التنفيذ", "direct", "المحافظ", "قال"),
        ],
    ),
    # A trailing attribution without a comma, its source followed by a relative clause.
    (
        "وارتفعت صادرات التمور بنسبة عشرة في المائة هذا العام بحسب التقرير الذي نشرته الهيئة أمس.",
        [
            (
                "وارتفعت صادرات التمور بنسبة عشرة في المائة هذا العام",
                "indirect",
                "التقرير",
                "حسب",
            )
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:30] for c in CASES])
def test_unstudied_constructions(
    text: str, expected: list[tuple[str, str, str | None, str | None]]
) -> None:
    quotes = find_quotes(text)
    assert [(q.text, q.kind, q.speaker, q.cue) for q in quotes] == expected
    for quote in quotes:
        assert text[quote.start : quote.end] == quote.text
