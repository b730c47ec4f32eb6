"""Quote rules found on a held-out batch scored before it was studied (session 6).

Every example is an invented sentence in the style of Arabic news copy, one or two per rule;
none is copied from a gold or held-out page. Each table row is (text, what must come out).
"""

from __future__ import annotations

import pytest

from khabar.nlp.quotes import find_quotes

# (text, [(quote text, speaker), ...]) — every quote found, in order.
CASES: list[tuple[str, list[tuple[str, str | None]]]] = [
    # First-person speech right after a subjectless قال, no colon and no mark: the word in نا
    # is what was said, not a subject, and the current speaker goes on.
    (
        "وأكد الوزير سامي العتيبي أن الخطة جاهزة. وقال بلادنا لن تتراجع عن موقفها أبدا.",
        [
            ("الخطة جاهزة", "سامي العتيبي"),
            ("بلادنا لن تتراجع عن موقفها أبدا", "سامي العتيبي"),
        ],
    ),
    (
        "وأوضح المدير خالد الزهراني أن المشروع تأخر. وقال هدفنا هو إنهاء العمل قبل الصيف.",
        [
            ("المشروع تأخر", "خالد الزهراني"),
            ("هدفنا هو إنهاء العمل قبل الصيف", "خالد الزهراني"),
        ],
    ),
    # A name in ـنا stays a subject: followed by أن, another name or a preposition.
    (
        "وقالت إيلينا بتروفا إن الاجتماع تأجل إلى الأسبوع المقبل.",
        [("الاجتماع تأجل إلى الأسبوع المقبل", "إيلينا بتروفا")],
    ),
    (
        "وقالت المتحدثة كاترينا فولر إن الشركة ستغلق المصنع. وأضافت كاترينا أن العمال سيعوضون.",
        [
            ("الشركة ستغلق المصنع", "كاترينا فولر"),
            ("العمال سيعوضون", "كاترينا فولر"),
        ],
    ),
    # ... and so does a noun with نا that is spoken about ("مرافقنا": our guide) before إن.
    (
        "ويقول مرافقنا إن القلعة بنيت قبل ثلاثة قرون.",
        [("القلعة بنيت قبل ثلاثة قرون", "مرافقنا")],
    ),
    # A verbal noun with the subject's pronoun right after the cue is its object: the
    # participle that follows keeps the current speaker.
    (
        "وأكد النائب فهد السالم أن الميزانية كافية. وكرر مطالبته للحكومة بالإسراع قائلا:"
        " «لا وقت لدينا للانتظار أبدا».",
        [
            ("الميزانية كافية", "فهد السالم"),
            ("لا وقت لدينا للانتظار أبدا", "فهد السالم"),
        ],
    ),
    # A preposition with a pronoun after the cue ("أكد خلالها") is no subject either: the
    # speaker is whoever gave the speech, the subject of the sentence's verb — which may be
    # written أل… (ألقى) and is no noun with the article.
    (
        "وقال الوزير عادل منصور إن الاقتصاد ينمو. من جانبه ألقى وزير المالية الياباني هيروشي"
        " تاناكا كلمة أكد خلالها ، أن العلاقات بين البلدين متينة.",
        [
            ("الاقتصاد ينمو", "عادل منصور"),
            ("العلاقات بين البلدين متينة", "هيروشي تاناكا"),
        ],
    ),
    (
        "ألقى المحافظ سعد الحربي كلمة أكد فيها أن المهرجان سيقام سنويا.",
        [("المهرجان سيقام سنويا", "سعد الحربي")],
    ),
    # A trailing source that goes on speaking in a relative clause (بحسب X الذي قال إن …)
    # still attributes the clause before it, and the relative clause's cue — and the cues
    # without a subject after it — report that source, not whoever spoke before.
    (
        "وقالت الوزارة إن القرار نهائي. وفي عام 2010، أغلقت السلطات المدرسة مما دفع الأهالي"
        ' للاحتجاج بحسب رئيس لجنة الأهالي سالم العمري الذي قال ان السلطات "تريد إغلاق كل'
        ' مدارسنا في المنطقة". وأضاف "لن نسكت عن هذا الظلم أبدا".',
        [
            ("القرار نهائي", "الوزارة"),
            (
                "وفي عام 2010، أغلقت السلطات المدرسة مما دفع الأهالي للاحتجاج",
                "سالم العمري",
            ),
            ('السلطات "تريد إغلاق كل مدارسنا في المنطقة', "سالم العمري"),
            ("لن نسكت عن هذا الظلم أبدا", "سالم العمري"),
        ],
    ),
    # A relative clause's cue after a person named in the sentence reports that person.
    (
        "وقالت الوزارة إن القرار نهائي. والتقى الوفد بالمحافظ سالم العمري الذي قال إن"
        " المشروع سينتهي قريبا.",
        [("القرار نهائي", "الوزارة"), ("المشروع سينتهي قريبا", "سالم العمري")],
    ),
    # ... also when the mention ends with a reflexive (عباس نفسه).
    (
        "وأعلن المذيع أحمد عباس استقالته. وجاء ذلك حسب إفادة عباس نفسه الذي قال في تغريدته"
        " «لقد عملت مع فريق عظيم وأتمنى لهم التوفيق».",
        [("لقد عملت مع فريق عظيم وأتمنى لهم التوفيق", "أحمد عباس")],
    ),
    # A fronted attribution answered by فقد + a past verb attributes the clause after فقد;
    # فقد is never the start of a name after a title (المتحدث باسم الشرطة فقد اعتقل …).
    (
        "وبحسب المتحدث باسم الشرطة فقد اعتقل ثلاثة مشتبه بهم في الحي الشمالي.",
        [("اعتقل ثلاثة مشتبه بهم في الحي الشمالي", "المتحدث باسم الشرطة")],
    ),
    (
        "ووفقا لوزارة الصحة فقد ارتفع عدد المصابين إلى مئة وعشرين شخصا.",
        [("ارتفع عدد المصابين إلى مئة وعشرين شخصا", "وزارة الصحة")],
    ),
    # A church rank is followed by a name, also after "في <place>" inside a title.
    (
        "وقال رئيس الطائفة السريانية في سوريا الأسقف جورج صليبا لـ«الصحيفة»، إن المخطوفين بخير.",
        [("المخطوفين بخير", "جورج صليبا")],
    ),
    # A short quotation right after a cue and before أن / نقلا عن names the subject (an
    # organisation in marks), it is no direct quote; relayed speech is the original source's.
    (
        "وقال الناشط سامر إن الوضع سيئ. وأفادت «اللجنة السورية لحقوق الإنسان» أن قوات النظام"
        " قصفت البلدة بالبراميل المتفجرة.",
        [
            ("الوضع سيئ", "سامر"),
            ("قوات النظام قصفت البلدة بالبراميل المتفجرة", "اللجنة السورية لحقوق الإنسان"),
        ],
    ),
    (
        "وأفادت «اللجنة السورية لحقوق الإنسان» نقلاً عن ناشطين محليين في ريف إدلب أن قوات"
        " النظام قصفت البلدة.",
        [("قوات النظام قصفت البلدة", "ناشطين محليين")],
    ),
    # أنه/أنها after a long adjunct closed by a comma is the cue's own complement (a pronoun
    # on أنّ rules out the أنْ a verb inside the adjunct would govern).
    (
        "وأوضح الوزير خلال مؤتمر صحفي عقده أمس بمقر الوزارة في العاصمة بمناسبة قرب انطلاق"
        " المرحلة الأولى من حملة التطعيم الوطنية، التي تشمل (الأطفال وكبار السن)، أنه تم"
        " توفير جميع اللقاحات المطلوبة.",
        [("تم توفير جميع اللقاحات المطلوبة", "الوزير")],
    ),
    # A fronted topic (وعن …، وحول …، وبشأن …) names who is spoken about: a cue without a
    # subject after it keeps the current speaker.
    (
        "وقال المدرب خالد العمري إن الفريق جاهز للمباراة. وعن اللاعب سعيد المولد، قال إنه"
        " سيغيب بسبب الإصابة.",
        [("الفريق جاهز للمباراة", "خالد العمري"), ("سيغيب بسبب الإصابة", "خالد العمري")],
    ),
    (
        "وأكد الوزير فهد السالم أن الميزانية كافية. وحول تصريحات النائب محمد الشمري، أضاف أن"
        " الحكومة لن ترد عليها.",
        [("الميزانية كافية", "فهد السالم"), ("الحكومة لن ترد عليها", "فهد السالم")],
    ),
    (
        "وأكد الوزير فهد السالم أن الميزانية كافية. وبشأن الرئيس السابق علي الحسن، أوضح أنه"
        " لم يلتق به منذ سنوات.",
        [("الميزانية كافية", "فهد السالم"), ("لم يلتق به منذ سنوات", "فهد السالم")],
    ),
    # ... while a subject of its own after the topic still speaks.
    (
        "وأكد الوزير فهد السالم أن الميزانية كافية. وعن اللاعب سعيد المولد، قال المدرب خالد"
        " العمري إنه سيغيب عن المباراة.",
        [("الميزانية كافية", "فهد السالم"), ("سيغيب عن المباراة", "خالد العمري")],
    ),
    # A reported clause ends at a comma before a participle of praise, welcome or wish
    # (مثمنا، مبدية، متمنيا): what follows is the speaker's next act, not the claim.
    (
        "وأكد الوزير فهد السالم أن الميزانية كافية لتغطية المشاريع، مثمنا دعم القيادة للقطاع.",
        [("الميزانية كافية لتغطية المشاريع", "فهد السالم")],
    ),
    (
        "وأكدت الوزيرة هند السالم أن الخطة تسير وفق الجدول، مبدية استعدادها للتعاون مع الجميع.",
        [("الخطة تسير وفق الجدول", "هند السالم")],
    ),
    # "نظيره الروسي" heads the next person's title: no part of the name before it, so a
    # later title-only mention of the first person resolves to him, not to the second.
    (
        "التقى وزير الخارجية السعودي عادل الجبير نظيره الروسي سيرغي لافروف. وأكد وزير"
        " الخارجية السعودي أن المملكة تدعم الحل السياسي.",
        [("المملكة تدعم الحل السياسي", "عادل الجبير")],
    ),
    # A coordinated title (والمستشارة الألمانية) starts the second person's title.
    (
        "أعلن الرئيس الفرنسي فرانسوا هولاند والمستشارة الألمانية أنغيلا ميركل دعمهما"
        " للاتفاق. وقالت المستشارة الألمانية إن أوروبا موحدة.",
        [("أوروبا موحدة", "أنغيلا ميركل")],
    ),
    # "، خاصة أن X قال …"، "، لا سيما أن X …"، "لأن X أعلن …": the connective and أنّ open a
    # clause with a subject of its own before its cue; the clause before ends there.
    (
        "وأكد الوزير سالم الحربي أن الخطة ناجحة، خاصة أن المدير خالد العلي قال إن الخطة ستغير"
        " وجه المدينة.",
        [("الخطة ناجحة", "سالم الحربي"), ("الخطة ستغير وجه المدينة", "خالد العلي")],
    ),
    (
        "وأكد الوزير سالم الحربي أن الخطة ناجحة، لا سيما أن الشركة تقول إن التمويل متوفر.",
        [("الخطة ناجحة", "سالم الحربي"), ("التمويل متوفر", "الشركة")],
    ),
    (
        "وأكد الوزير سالم الحربي أن الخطة ناجحة لأن المدير خالد العلي أعلن أن التمويل متوفر.",
        [("الخطة ناجحة", "سالم الحربي"), ("التمويل متوفر", "خالد العلي")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:30] for c in CASES])
def test_heldout5_constructions(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert [(q.text, q.speaker) for q in find_quotes(text)] == expected
