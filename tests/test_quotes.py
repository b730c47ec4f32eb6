"""Quote stage: one small invented Arabic news text per construction (no gold text here)."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khabar.arabic.normalise import FOLD_TABLE, normalise
from khabar.model import Article, Entity
from khabar.nlp.quotes import QuoteStage, find_quotes
from khabar.nlp.quotes.lexicon import generate_cue_forms, lexicon
from khabar.nlp.quotes.marks import pair_quote_marks
from khabar.nlp.quotes.tokens import fast_normalise

# (text, [(quote text, kind, speaker, cue), ...]) — every expected quote, in order.
CASES: list[tuple[str, list[tuple[str, str, str | None, str | None]]]] = [
    # Indirect speech: cue + subject + أن/إن clause to the sentence end.
    (
        "وقال وزير المالية المغربي محمد بنشعبون إن الحكومة ستخفض العجز هذا العام.",
        [("الحكومة ستخفض العجز هذا العام", "indirect", "محمد بنشعبون", "قال")],
    ),
    (
        "أكدت الشرطة أن المشتبه به اعتقل فجر اليوم في حي الشاطئ.",
        [("المشتبه به اعتقل فجر اليوم في حي الشاطئ", "indirect", "الشرطة", "أكد")],
    ),
    # Present tense and plural cues, base form as cue.
    (
        "ويرى محللون اقتصاديون أن أسعار النفط ستبقى منخفضة حتى نهاية العام.",
        [("أسعار النفط ستبقى منخفضة حتى نهاية العام", "indirect", "محللون اقتصاديون", "رأى")],
    ),
    (
        "وأوضحت المتحدثة باسم البلدية سلمى العلي أن أعمال الصيانة تنتهي غدا.",
        [("أعمال الصيانة تنتهي غدا", "indirect", "سلمى العلي", "أوضح")],
    ),
    # Direct speech in each kind of mark.
    (
        "وقال رئيس النادي خالد الزهراني «نحن جاهزون للموسم الجديد بكل قوة».",
        [("نحن جاهزون للموسم الجديد بكل قوة", "direct", "خالد الزهراني", "قال")],
    ),
    (
        'وقال المدرب "لن نستسلم أبدا مهما كانت الظروف" بعد المباراة.',
        [("لن نستسلم أبدا مهما كانت الظروف", "direct", "المدرب", "قال")],
    ),
    (
        "وأضاف الوزير “سنفتح ثلاث مدارس جديدة في الجنوب”.",
        [("سنفتح ثلاث مدارس جديدة في الجنوب", "direct", "الوزير", "أضاف")],
    ),
    # Reversed marks and a one-letter clitic before the mark.
    (
        "وقالت الطالبة لـ”الصحيفة” ”كنا ننتظر هذا القرار منذ سنوات”.",
        [("كنا ننتظر هذا القرار منذ سنوات", "direct", "الطالبة", "قال")],
    ),
    # Direct speech after a colon, without marks, to the sentence end.
    (
        "وقال مدير المستشفى: نستقبل مئة مريض كل يوم ونحتاج إلى أطباء جدد.",
        [("نستقبل مئة مريض كل يوم ونحتاج إلى أطباء جدد", "direct", "مدير المستشفى", "قال")],
    ),
    # Colon followed by إن: an indirect clause.
    (
        "وقال الناطق باسم الجيش: إن القوات سيطرت على الجسر.",
        [("القوات سيطرت على الجسر", "indirect", "الناطق باسم الجيش", "قال")],
    ),
    # Mixed: a clause containing a quoted fragment of three words or more.
    (
        "وأكد السفير أن بلاده “ستواصل دعم جهود السلام” في المنطقة.",
        [("بلاده “ستواصل دعم جهود السلام” في المنطقة", "mixed", "السفير", "أكد")],
    ),
    # A one- or two-word fragment does not change the kind.
    (
        "وقالت الوزارة إن الوضع “مستقر” في جميع المحافظات.",
        [("الوضع “مستقر” في جميع المحافظات", "indirect", "الوزارة", "قال")],
    ),
    # Continuation: a cue without subject keeps the current speaker.
    (
        "وقال الرئيس التونسي قيس سعيد إن الانتخابات ستجري في موعدها. وأضاف أن الدستور واضح.",
        [
            ("الانتخابات ستجري في موعدها", "indirect", "قيس سعيد", "قال"),
            ("الدستور واضح", "indirect", "قيس سعيد", "أضاف"),
        ],
    ),
    # Participles continue the subject of their sentence and end the previous clause.
    (
        "وأكد المحافظ أن المشروع سينتهي قريبا، مشيرا إلى أن التكلفة بلغت مليون دينار.",
        [
            ("المشروع سينتهي قريبا", "indirect", "المحافظ", "أكد"),
            ("التكلفة بلغت مليون دينار", "indirect", "المحافظ", "أشار"),
        ],
    ),
    (
        "وتابع المدير قائلا: علينا أن نعمل أكثر من أجل الطلاب.",
        [("علينا أن نعمل أكثر من أجل الطلاب", "direct", "المدير", "تابع")],
    ),
    # Short names resolve to the full name printed earlier.
    (
        "وصل وزير الخارجية الألماني هايكو ماس إلى عمان. وقال ماس إن المحادثات كانت مثمرة.",
        [("المحادثات كانت مثمرة", "indirect", "هايكو ماس", "قال")],
    ),
    # Title-only mentions resolve to a person named earlier with that title.
    (
        "استقبل الرئيس اللبناني ميشال عون الوفد. وقال الرئيس اللبناني إن الحوار ضروري الآن.",
        [("الحوار ضروري الآن", "indirect", "ميشال عون", "قال")],
    ),
    # Honorific before a family name.
    (
        "وأكد اللواء الشمري أن الطريق أعيد فتحه أمام السيارات.",
        [("الطريق أعيد فتحه أمام السيارات", "indirect", "الشمري", "أكد")],
    ),
    # Anonymous sources and organisations.
    (
        "وكشفت مصادر مطلعة لـ«الخبر» أن الشركة ستعلن أرباحها الأسبوع المقبل.",
        [("الشركة ستعلن أرباحها الأسبوع المقبل", "indirect", "مصادر مطلعة", "كشف")],
    ),
    (
        "وأفاد بيان صادر عن وزارة الداخلية بأن الحدود أغلقت مؤقتا.",
        [("الحدود أغلقت مؤقتا", "indirect", "بيان صادر عن وزارة الداخلية", "أفاد")],
    ),
    # Relayed speech: the original source speaks.
    (
        "ونقلت الوكالة عن مصادر ميدانية أن الاشتباكات توقفت مساء أمس.",
        [("الاشتباكات توقفت مساء أمس", "indirect", "مصادر ميدانية", "نقل")],
    ),
    (
        "وقالت رويترز نقلا عن مسؤول أمني إن الانفجار وقع قرب السوق.",
        [("الانفجار وقع قرب السوق", "indirect", "مسؤول أمني", "قال")],
    ),
    # A quotation followed by its cue.
    (
        "«سنعود أقوى في الموسم المقبل»، هذا ما قاله قائد الفريق بعد الخسارة.",
        [("سنعود أقوى في الموسم المقبل", "direct", "قائد الفريق", "قال")],
    ),
    # A quotation with no cue continues the current speaker.
    (
        "وقال الوزير إن الخطة جاهزة. «لن نتأخر يوما واحدا عن الموعد المحدد للتنفيذ».",
        [
            ("الخطة جاهزة", "indirect", "الوزير", "قال"),
            ("لن نتأخر يوما واحدا عن الموعد المحدد للتنفيذ", "direct", "الوزير", None),
        ],
    ),
    # Preposed attribution.
    (
        "وبحسب صحيفة الأيام فإن الاجتماع سيعقد في القاهرة.",
        [("الاجتماع سيعقد في القاهرة", "indirect", "صحيفة الأيام", "حسب")],
    ),
    # Trailing attributions attach the clause before them to a source.
    (
        "وارتفع عدد الضحايا إلى عشرين شخصا في المدينة، بحسب مصادر طبية.",
        [("وارتفع عدد الضحايا إلى عشرين شخصا في المدينة", "indirect", "مصادر طبية", "حسب")],
    ),
    (
        "وستفتتح المدارس أبوابها في الأسبوع الأول من سبتمبر، وفقا لبيان وزارة التعليم.",
        [
            (
                "وستفتتح المدارس أبوابها في الأسبوع الأول من سبتمبر",
                "indirect",
                "بيان وزارة التعليم",
                "وفق",
            )
        ],
    ),
    # "وفق ما" + a rule, not a source: no attribution.
    ("وتجري الانتخابات كل أربع سنوات في البلاد، وفق ما ينص عليه القانون.", []),
    (
        "وقال المدرب إن الفريق جاهز. واللاعبون في أفضل حالاتهم الآن، على حد قوله.",
        [
            ("الفريق جاهز", "indirect", "المدرب", "قال"),
            ("واللاعبون في أفضل حالاتهم الآن", "indirect", "المدرب", "قال"),
        ],
    ),
    # Subject before the cue, and the pluperfect "وكان X قد أعلن".
    (
        "الوزير أكد أن المفاوضات ستستأنف الشهر المقبل.",
        [("المفاوضات ستستأنف الشهر المقبل", "indirect", "الوزير", "أكد")],
    ),
    (
        "وكان المتحدث باسم الحكومة قد أعلن أن الانتخابات ستجري في موعدها.",
        [("الانتخابات ستجري في موعدها", "indirect", "المتحدث باسم الحكومة", "أعلن")],
    ),
    # A relative clause inside the subject, and a passive relay "ونقل عن X قوله".
    (
        "وأضاف المصدر، الذي طلب عدم الكشف عن اسمه، أن الاتفاق سيوقع غدا.",
        [("الاتفاق سيوقع غدا", "indirect", "المصدر", "أضاف")],
    ),
    (
        "ونقل عن رئيس البلدية قوله إن الطرق ستفتح قبل المساء.",
        [("الطرق ستفتح قبل المساء", "indirect", "رئيس البلدية", "نقل")],
    ),
    # Documents through جاء في / ورد في; written and tweeted statements.
    (
        "وجاء في البيان الختامي للقمة أن الدول الأعضاء تدعم الحل السياسي.",
        [("الدول الأعضاء تدعم الحل السياسي", "indirect", "البيان الختامي للقمة", "جاء")],
    ),
    ("جاء ذلك خلال لقائه بالوفد الزائر أمس في مكتبه.", []),
    (
        "وكتب الوزير على حسابه في تويتر: نحن فخورون بهذا الإنجاز الكبير.",
        [("نحن فخورون بهذا الإنجاز الكبير", "direct", "الوزير", "كتب")],
    ),
    (
        "وغرد المتحدث قائلا: «الوضع تحت السيطرة تماما الآن».",
        [("الوضع تحت السيطرة تماما الآن", "direct", "المتحدث", "غرد")],
    ),
    # بين as a preposition is not بيّن.
    ("وتنوعت الآراء ما بين مؤيد للقرار وبين معارض له وأنه جاء متأخرا.", []),
    # "طالبا عدم الكشف عن اسمه" is not a dual verb; "، فإن" after a preposed source.
    (
        "وقال مصدر أمني لوكالة فرانس برس طالبا عدم الكشف عن اسمه إن الهجوم نفذه انتحاري.",
        [("الهجوم نفذه انتحاري", "indirect", "مصدر أمني", "قال")],
    ),
    (
        "وبحسب وكالة الأنباء الفرنسية، فإن الهجوم أسفر عن مقتل 12 شخصا.",
        [("الهجوم أسفر عن مقتل 12 شخصا", "indirect", "وكالة الأنباء الفرنسية", "حسب")],
    ),
    # "حذر من أن “…”": a complementizer right before the marks gives a direct quote.
    (
        'وحذر الرئيس الفرنسي إيمانويل ماكرون من أن "أوروبا تواجه خطرا وجوديا حقيقيا".',
        [("أوروبا تواجه خطرا وجوديا حقيقيا", "direct", "إيمانويل ماكرون", "حذر")],
    ),
    # The verb's gender picks the continued speaker among the recent ones.
    (
        "وقال الوزير أحمد سالم إن الخطة جاهزة. وقالت النائبة سلمى العلي إن الخطة متأخرة. "
        "وأضاف أن التمويل متوفر. وأضافت أن الرقابة ضعيفة.",
        [
            ("الخطة جاهزة", "indirect", "أحمد سالم", "قال"),
            ("الخطة متأخرة", "indirect", "سلمى العلي", "قال"),
            ("التمويل متوفر", "indirect", "أحمد سالم", "أضاف"),
            ("الرقابة ضعيفة", "indirect", "سلمى العلي", "أضاف"),
        ],
    ),
    # Relayed speech: a feminine verb agreeing with the relaying agency keeps the source.
    (
        "وذكرت الوكالة نقلا عن متحدث باسم الهيئة أن القرار نهائي. وأضافت أن التنفيذ يبدأ غدا.",
        [
            ("القرار نهائي", "indirect", "متحدث باسم الهيئة", "ذكر"),
            ("التنفيذ يبدأ غدا", "indirect", "متحدث باسم الهيئة", "أضاف"),
        ],
    ),
    # An opener after a colon never closed: the quotation runs to the paragraph end.
    (
        "وقال مسؤول محلي: «رغم المنع خرج المواطنون إلى الشوارع. ولم يتراجع أحد.\n"
        "وأعلنت الشرطة أن الطريق مغلق.",
        [
            ("رغم المنع خرج المواطنون إلى الشوارع. ولم يتراجع أحد.", "direct", "مسؤول محلي", "قال"),
            ("الطريق مغلق", "indirect", "الشرطة", "أعلن"),
        ],
    ),
    # A stray opener elsewhere is dropped at the paragraph end.
    (
        "واستخدم الحزب «اللبناني الذي يتلقى الأوامر من الخارج.\nوقال الوزير إن الأمر انتهى.",
        [("الأمر انتهى", "indirect", "الوزير", "قال")],
    ),
    # Attribution phrases from the word list: بالقول، على لسان، وفقا لـ (attached).
    (
        "ورفض المتحدث التعليق واكتفى بالقول إن التحقيق مستمر.",
        [("التحقيق مستمر", "indirect", "المتحدث التعليق", "قال")],
    ),
    (
        "ونقلت الصحيفة على لسان مسؤول كبير أن الصفقة ألغيت.",
        [("الصفقة ألغيت", "indirect", "مسؤول كبير", "نقل")],
    ),
    (
        "ووفقا لمصادر مطلعة، فإن الوزير سيستقيل قريبا.",
        [("الوزير سيستقيل قريبا", "indirect", "مصادر مطلعة", "وفق")],
    ),
    # Mid-sentence بين is a preposition; "لفت النظر" keeps the object out of the speaker.
    ("وينص الاتفاق بين إيران والدول الكبرى على أنه يبقى سرا.", []),
    (
        "ولفت المحافظ النظر إلى أن الطرق ستغلق ليلا.",
        [("الطرق ستغلق ليلا", "indirect", "المحافظ", "لفت")],
    ),
    # A participle's speaker is the subject of the sentence's verb, whatever it is.
    (
        "ووجد الباحثون أن النوم المبكر مفيد، مؤكدين أن النتائج أولية.",
        [("النتائج أولية", "indirect", "الباحثون", "أكد")],
    ),
    # A cue without subject continues the last named person who did something.
    (
        "كرم المدير العام عبد العزيز الرفاعي الطلاب المتفوقين. وأكد أنهم قدوة لزملائهم.",
        [("قدوة لزملائهم", "indirect", "عبد العزيز الرفاعي", "أكد")],
    ),
    # "م." (engineer) does not end the sentence; a preposed source before "، أن".
    (
        "وأفاد م. محمد العمرة أن فكرة الباص تطبق للمرة الأولى.",
        [("فكرة الباص تطبق للمرة الأولى", "indirect", "محمد العمرة", "أفاد")],
    ),
    (
        "وبحسب مدير التعليم ناصر العشوان، أن إدارته تسعى إلى تطوير الغرف، مضيفا أن العمل مستمر.",
        [
            ("إدارته تسعى إلى تطوير الغرف", "indirect", "ناصر العشوان", "حسب"),
            ("العمل مستمر", "indirect", "ناصر العشوان", "أضاف"),
        ],
    ),
    # "المصدر نفسه" is the same source as before, by its head noun.
    (
        "وقال مصدر أمني رفيع إن الهجوم فشل. وقال الوزير إن التحقيق بدأ. "
        "وأضاف المصدر نفسه أن المهاجمين فروا.",
        [
            ("الهجوم فشل", "indirect", "مصدر أمني رفيع", "قال"),
            ("التحقيق بدأ", "indirect", "الوزير", "قال"),
            ("المهاجمين فروا", "indirect", "مصدر أمني رفيع", "أضاف"),
        ],
    ),
    # A person's name inside an institution's name is not the speaker's name.
    (
        "وأكد مدير مركز الملك سلمان للإغاثة عبدالله الربيعة أن المساعدات وصلت.",
        [("المساعدات وصلت", "indirect", "عبدالله الربيعة", "أكد")],
    ),
    (
        "وأكد مركز الملك سلمان للإغاثة أن المساعدات وصلت.",
        [("المساعدات وصلت", "indirect", "مركز الملك سلمان للإغاثة", "أكد")],
    ),
    # A trailing attribution makes its source the current speaker.
    (
        "وقتل خمسة أشخاص في هجوم على فندق في المدينة، حسب مصدر عسكري. "
        "وأوضح أن الهجوم عملية احتجاز رهائن.",
        [
            ("وقتل خمسة أشخاص في هجوم على فندق في المدينة", "indirect", "مصدر عسكري", "حسب"),
            ("الهجوم عملية احتجاز رهائن", "indirect", "مصدر عسكري", "أوضح"),
        ],
    ),
    # A person's name inside an institution's name, after a title.
    (
        "وأكد المتحدث الرسمي لمركز الملك سلمان للإغاثة رأفت الصباغ أن السفينة وصلت.",
        [("السفينة وصلت", "indirect", "رأفت الصباغ", "أكد")],
    ),
    # A participle followed directly by first-person or conditional speech.
    (
        "وقال المدرب إن الفريق جاهز، مضيفا لن نقبل بأقل من الفوز في المباراة.",
        [
            ("الفريق جاهز", "indirect", "المدرب", "قال"),
            ("لن نقبل بأقل من الفوز في المباراة", "indirect", "المدرب", "أضاف"),
        ],
    ),
    # Speech inside speech: "بعد أن أكد X" does not cut the colon speech around it.
    (
        "وقال القائد: بعد أن أكد المحافظ أن الأمن عاد سنبدأ إعادة الإعمار فورا.",
        [
            (
                "بعد أن أكد المحافظ أن الأمن عاد سنبدأ إعادة الإعمار فورا",
                "direct",
                "القائد",
                "قال",
            )
        ],
    ),
    # Quotes spanning sentences, nested and mismatched marks.
    (
        'وقال المتحدث “نحن نعمل ليلا ونهارا. كل الناس تقول “نريد الماء” ولن نخذلهم".',
        [
            (
                "نحن نعمل ليلا ونهارا. كل الناس تقول “نريد الماء” ولن نخذلهم",
                "direct",
                "المتحدث",
                "قال",
            )
        ],
    ),
    # Not quotations: names of operations, outlets, programmes in marks; narration.
    ("أطلق الجيش عملية «عاصفة الشمال الكبرى» فجر اليوم.", []),
    ('وبث برنامج "صباح الخير يا عرب" حلقة خاصة.', []),
    ("يذكر أن المهرجان يقام كل عام في الصيف.", []),
    ("تجدر الإشارة إلى أن الطريق مغلق منذ شهر.", []),
    # Names of events or works in marks inside a sentence, even without a head noun right before.
    ("وافتتح الملتقى العلمي «أمن وسلامة المنشآت السياحية» أعماله أمس.", []),
    ("ويمكن للزوار تحميل «دليل المستخدم الخاص بنظام الحماية» من الموقع.", []),
    # A long quotation with no cue and no source in sight is not attributed to anyone.
    ("ومن الأمثال الشائعة في البلاد «من جد وجد ومن زرع حصد ومن سار على الدرب وصل».", []),
    # A cue with only a noun phrase is not a reported clause.
    ("وأكد الوزير دعم بلاده للمبادرة.", []),
    ("ولم تكشف الشرطة عن هوية المشتبه به.", []),
    # Scare quotes of one or two words alone are not quotations.
    ("وصف المقال الخطة بأنها “ناجحة” جدا.", []),
    # A long circumstantial adjunct between subject and أن-clause (past the usual room).
    (
        "وأوضح المتحدث باسم الهيئة في تصريح صحفي عقب الاجتماع الذي عقد أمس في مقر الهيئة"
        " بالعاصمة بحضور عدد كبير من المسؤولين والخبراء والمهتمين، أن الخطة ستنفذ على ثلاث مراحل.",
        [("الخطة ستنفذ على ثلاث مراحل", "indirect", "المتحدث باسم الهيئة", "أوضح")],
    ),
    # ... with the cue's own preposition (شدد على أن); names inside the adjunct are not the source.
    (
        "وشدد الوزير خلال مؤتمر صحفي مشترك عقده مع نظيره في ختام مباحثات الرئيس ورئيس"
        " الحكومة ووزير الدفاع والأمين العام للمجلس الأعلى للتخطيط المهندس سامر الخطيب، في"
        " الوقت ذاته على أن التعاون بين البلدين ضرورة.",
        [("التعاون بين البلدين ضرورة", "indirect", "الوزير", "شدد")],
    ),
    # أن governed inside a long adjunct (بعد أن) is not what the cue reports.
    (
        "وقال المحافظ خلال زيارته للمدينة التي شهدت فيضانات واسعة الأسبوع الماضي وألحقت أضرارا"
        " كبيرة بالمنازل والطرق والجسور والمدارس بعد أن هطلت أمطار غزيرة على المنطقة.",
        [],
    ),
    # "واعتبره …، وأن …": a coordinated clause after a cue with a pronoun object; the
    # speaker is the sentence's subject (a title's apposed name after a dash counts).
    (
        "وانتقد النائب سامي الخطيب القانون الجديد بشدة، واعتبره وصمة عار، وأن الحكومة فقدت"
        " كل التعقل.",
        [("الحكومة فقدت كل التعقل", "indirect", "سامي الخطيب", "اعتبر")],
    ),
    (
        "وانتقد النائب العربي في البرلمان - محمد الخطيب، القانون الجديد، واعتبره وصمة عار، وأن"
        " الحكومة فقدت كل التعقل.",
        [("الحكومة فقدت كل التعقل", "indirect", "محمد الخطيب", "اعتبر")],
    ),
    # Trailing "، وفقا لما أعلنته X": لما + verb before the source.
    (
        "وارتفع عدد المصابين في الحادث إلى 30 شخصا، وفقا لما أعلنته وزارة الصحة.",
        [("وارتفع عدد المصابين في الحادث إلى 30 شخصا", "indirect", "وزارة الصحة", "وفق")],
    ),
    (
        "وارتفع عدد المصابين في الحادث إلى 30 شخصا، على ما أفاد مصدر طبي.",
        [("وارتفع عدد المصابين في الحادث إلى 30 شخصا", "indirect", "مصدر طبي", "أفاد")],
    ),
    # "، وإن كان …" is concessive, not a statement.
    ("وانتقد النائب سامي الخطيب القرار بشدة، واعتبره خطأ فادحا، وإن كان قد صدر بالإجماع.", []),
    # ... nor is أن inside a relative clause, or أن + imperfect verb (a wish) after a comma.
    (
        "وقال رئيس الغرفة التجارية في كلمته خلال افتتاح المعرض السنوي للصناعات الوطنية"
        " بمشاركة عشرات الشركات من مختلف المناطق والمعرض هو الذي من شأنه أن يفتح أسواقا جديدة.",
        [],
    ),
    (
        "وتحدث إمام المسجد في خطبة الجمعة أمس أمام جموع المصلين الذين امتلأت بهم ساحات"
        " الجامع الكبير وسط المدينة عن فضل العمل التطوعي، أن يجعله الله في ميزان حسناتهم.",
        [],
    ),
    # "يذكر أنه …" with a pronoun on أن is the journalist's narration too.
    ("وافتتح الوزير المعرض أمس.\nيذكر أنه أقيم للمرة الأولى قبل عشر سنوات في المدينة.", []),
    # "ندد بما قال إنها «…»": what he called so, a naming, not a statement.
    ("وندد الوزير بما قال إنها «ممارسات استفزازية» في المنطقة.", []),
    # A cue after a condition ("في حال صرّح") stays inside the clause it belongs to.
    (
        "وبحسب اللائحة الجديدة، يمكن للمستشفى نقل المريض في حال صرّح الطبيب بأن حالته مستقرة.",
        [
            (
                "يمكن للمستشفى نقل المريض في حال صرّح الطبيب بأن حالته مستقرة",
                "indirect",
                "اللائحة الجديدة",
                "حسب",
            )
        ],
    ),
    # أصر على أنّ + clause reports a claim; أصر على أنْ + verb is a wish.
    (
        "وأصر المتحدث باسم الوزارة على أن الإجراءات لم تتغير منذ العام الماضي.",
        [
            (
                "الإجراءات لم تتغير منذ العام الماضي",
                "indirect",
                "المتحدث باسم الوزارة",
                "أصر",
            )
        ],
    ),
    ("وأصر اللاعب على أن يبقى في النادي حتى نهاية الموسم.", []),
    # "بن علي": after بن, علي is the father's name, not the preposition على.
    (
        "وأكد سالم بن علي الحربي أنه تم توقيع العقد مع المدرب الجديد.",
        [("تم توقيع العقد مع المدرب الجديد", "indirect", "سالم بن علي الحربي", "أكد")],
    ),
    # A long quotation with clauses after "رئيس النادي" is speech, not the club's name.
    (
        "وأضاف رئيس النادي «الفريق جاهز، ولدينا لاعبون قادرون على المنافسة في كل البطولات»",
        [
            (
                "الفريق جاهز، ولدينا لاعبون قادرون على المنافسة في كل البطولات",
                "direct",
                "رئيس النادي",
                "أضاف",
            )
        ],
    ),
    # "وقال X، CLAUSE": after قال and a named speaker, a comma and a whole clause.
    (
        "وقال المتحدث الرسمي باسم الدفاع المدني سعد الغامدي، أسفر الحريق عن إصابة أربعة"
        " أشخاص بجروح طفيفة.",
        [
            (
                "أسفر الحريق عن إصابة أربعة أشخاص بجروح طفيفة",
                "indirect",
                "سعد الغامدي",
                "قال",
            )
        ],
    ),
    # ... not after "كما أضاف X،" (an as-clause), nor when أضاف means "added" a thing.
    ("وستصل الطائرات غدا، كما أضاف الوزير، لكن دون توضيح حمولتها الكاملة حتى الآن.", []),
    ("وأضاف المشروع الجديد قواعد جديدة للدعم، تم إقرارها بعد نقاش طويل في البرلمان.", []),
    # "لقد"، "نحن" right after the named speaker open verbatim speech.
    (
        "وقال الفارس سالم العتيبي لقد سررت بنجاح المسيرة التي شارك فيها الأهالي.",
        [
            (
                "لقد سررت بنجاح المسيرة التي شارك فيها الأهالي",
                "indirect",
                "سالم العتيبي",
                "قال",
            )
        ],
    ),
    # A relative clause with a suffixed cue ("مؤتمر صحافي نقله التلفزيون") is an adjunct.
    (
        "وقال الوزير في مؤتمر صحافي نقله التلفزيون الرسمي على الهواء، إن المفاوضات ستستأنف.",
        [("المفاوضات ستستأنف", "indirect", "الوزير", "قال")],
    ),
    # قال takes إنّ (hamza below) even after a long adjunct without a comma.
    (
        "وقال الوزير في مؤتمر صحافي عقده في العاصمة بشأن الاتفاق الذي وقعته الحكومة مع"
        " الشركات الكبرى يوم الخميس الماضي إن الأسعار ستنخفض.",
        [("الأسعار ستنخفض", "indirect", "الوزير", "قال")],
    ),
    # A country or a capital speaks for its government.
    (
        "وأعلنت موسكو رسميا بدء المناورات. وأكدت أنها لن تستهدف أي دولة مجاورة.",
        [("لن تستهدف أي دولة مجاورة", "indirect", "موسكو", "أكد")],
    ),
    # "ولكن X تقول إن": the subject put before its verb after ولكن speaks, known or not.
    (
        "وقالت الوزارة إن العدد بلغ مئة، ولكن لجان المراقبة تقول إن العدد تجاوز مئتين.",
        [
            ("العدد بلغ مئة", "indirect", "الوزارة", "قال"),
            ("العدد تجاوز مئتين", "indirect", "لجان المراقبة", "قال"),
        ],
    ),
    # A trailing "بحسب X" without a comma attributes the clause when X ends the sentence ...
    (
        "ولا يزال الدولار منخفضا خمسة في المئة في الشهر الأخير بحسب ما نقلته وكالة رويترز.",
        [
            (
                "ولا يزال الدولار منخفضا خمسة في المئة في الشهر الأخير",
                "indirect",
                "وكالة رويترز",
                "حسب",
            )
        ],
    ),
    # ... but "حسب الاختصاص" (no source) attributes nothing.
    ("وسلمت الجثتان للشرطة لإكمال الإجراءات اللازمة حسب الاختصاص.", []),
    # A cue in a relative clause about the subject ("الذي أصر على …") is an adjunct.
    (
        "وأوضح أبو سالم، الذي أصر على الخروج بأسرته إلى البر، أن الأجواء جميلة هذا العام.",
        [("الأجواء جميلة هذا العام", "indirect", "أبو سالم", "أوضح")],
    ),
    # "وبحسب X، الذي …، فإنه …": the relative clause on the source is not what it says.
    (
        "وبحسب النظام الجديد، الذي اقترحه وزير النقل - سالم العلي، فإنه يمكن للبلديات"
        " إغلاق الطرق في الحالات الطارئة.",
        [
            (
                "يمكن للبلديات إغلاق الطرق في الحالات الطارئة",
                "indirect",
                "النظام الجديد",
                "حسب",
            )
        ],
    ),
    # Past a long adjunct, أنّ + a definite noun needs no comma (أنْ is followed by a verb) ...
    (
        "وبينت الدراسة التي أجريت في مراكز الأبحاث التابعة لكلية الطب في الجامعة الأميركية"
        " بمدينة شيكاغو خلال العامين الماضيين أن المعدل الطبيعي للاستخدام ساعة واحدة.",
        [("المعدل الطبيعي للاستخدام ساعة واحدة", "indirect", "الدراسة", "بين")],
    ),
    # ... unless a connective starts the narrator's own clause ("إلى جانب أن"، "غير أن").
    (
        "وأعلن النادي نقل المباراة إلى ملعب آخر بسبب سوء أرضية الملعب وارتفاع درجة الحرارة"
        " في المدينة خلال فترة بعد الظهر الى جانب أن المباراة محتسبة على أرضه.",
        [],
    ),
    # ... while a short quoted name after نادي stays a name.
    ("وتعاقد نادي «النجوم الصاعدة للرياضة» مع مدرب جديد لموسمين.", []),
    # "…، لكن الحكومة تصر على أنه …": the subject placed before its verb after لكن.
    (
        "وانتقدت المعارضة الخطة بشدة، لكن الحكومة تصر على أنها ستخفض الأسعار.",
        [("ستخفض الأسعار", "indirect", "الحكومة", "أصر")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:30] for c in CASES])
def test_constructions(text: str, expected: list[tuple[str, str, str | None, str | None]]) -> None:
    quotes = find_quotes(text)
    got = [(q.text, q.kind, q.speaker, q.cue) for q in quotes]
    assert got == expected


@pytest.mark.parametrize("text", [c[0] for c in CASES], ids=[c[0][:30] for c in CASES])
def test_spans_are_exact(text: str) -> None:
    for quote in find_quotes(text):
        assert text[quote.start : quote.end] == quote.text
        if quote.cue_start is not None and quote.cue_end is not None:
            assert quote.cue_end <= quote.start or quote.cue_start >= quote.end
        if quote.speaker_start is not None and quote.speaker_end is not None:
            assert 0 <= quote.speaker_start < quote.speaker_end <= len(text)


def test_offsets_survive_diacritics_and_tatweel() -> None:
    text = "وقالَ المديـرُ إنّ المشروعَ سيكتمل قريباً."
    (quote,) = find_quotes(text)
    assert quote.text == "المشروعَ سيكتمل قريباً"
    assert text[quote.start : quote.end] == quote.text


def test_speaker_title_is_split_from_the_name() -> None:
    (quote,) = find_quotes("وقال وزير الخارجية القطري محمد بن عبدالرحمن إن الوساطة مستمرة.")
    assert quote.speaker == "محمد بن عبدالرحمن"
    assert quote.speaker_title == "وزير الخارجية القطري"


def test_dual_title_coordination_resolves_each_person() -> None:
    text = (
        "التقى الوزيران الأردني أيمن الصفدي والمصري سامح شكري في عمان. "
        "وقال الوزير المصري إن التنسيق بين البلدين كامل."
    )
    (quote,) = find_quotes(text)
    assert quote.speaker == "سامح شكري"


def test_speaker_entity_comes_from_an_overlapping_entity() -> None:
    text = "وقالت وزارة الصحة إن عدد الإصابات انخفض."
    entity = Entity(6, 16, "وزارة الصحة", "ORG", "وزارة الصحة", "e1")
    (quote,) = find_quotes(text, [entity])
    assert quote.speaker_entity == "e1"


def test_an_entity_heads_a_subject_that_no_word_list_knows() -> None:
    text = "وكانت حماس أبرز الغائبين عن المؤتمر اعتبرت أن التحالف غير شرعي."
    start = text.index("حماس")
    entity = Entity(start, start + 4, "حماس", "ORG", "حماس", "o1")
    assert [(q.speaker, q.speaker_entity) for q in find_quotes(text)] == [(None, None)]
    (quote,) = find_quotes(text, [entity])
    assert quote.speaker is not None and quote.speaker.startswith("حماس")
    assert quote.speaker_entity == "o1"


def test_a_country_heads_a_subject_without_entities() -> None:
    """Countries and capitals are in the word lists: no entity needed for them."""
    text = "وكانت إيران أبرز الغائبين عن المؤتمر اعتبرت أن التحالف غير شرعي."
    assert [q.speaker for q in find_quotes(text)] == ["إيران أبرز الغائبين"]


def test_stage_adds_quotes_and_pickles() -> None:
    stage = pickle.loads(pickle.dumps(QuoteStage()))
    article = stage(Article(text="وقال الوزير إن الخطة جاهزة للتنفيذ."))
    assert stage.name == "quotes"
    assert [q.text for q in article.quotes] == ["الخطة جاهزة للتنفيذ"]


@pytest.mark.parametrize(
    "text", ["", "   ", "\n\n", "“", "»«", "وقال", "وقال:", "إن أن", "، علي", "، بحسب"]
)
def test_degenerate_input_gives_no_quote(text: str) -> None:
    assert find_quotes(text) == []


def test_cue_forms_are_generated_with_prefixes_and_genders() -> None:
    forms = generate_cue_forms("أكد", "أكد", "يؤكد", "مؤكدا", "say")
    assert forms["واكدت"].gender == "f"
    assert forms["يؤكدون"].lemma == "أكد"
    assert forms["مؤكدين"].form == "participle"
    assert "فاكد" in forms


def test_lexicon_loads_all_lists() -> None:
    lex = lexicon()
    assert lex.cues["وقال"].lemma == "قال"
    assert lex.cues["قائلا"].form == "participle"
    assert "بعنوان" in lex.non_quote_heads
    assert "مصادر" in lex.source_heads


@pytest.mark.parametrize(
    ("text", "inner"),
    [
        ("قال «نعمل معا»", ["نعمل معا"]),
        ('قال “نعمل “معا” الآن"', ["نعمل “معا” الآن"]),
        ('لـ"الوطن" أن "كل شيء بخير"', ["الوطن", "كل شيء بخير"]),
        ("بـ”الكلاب”، وقال", ["الكلاب"]),
        ("قال “بلا إغلاق\nثم سطر جديد”", []),
        ("O'Brien قال", []),
    ],
)
def test_mark_pairing(text: str, inner: list[str]) -> None:
    marks = [i for i, c in enumerate(text) if c in "“”«»\"'"]
    assert [text[a + 1 : b] for a, b in pair_quote_marks(text, marks)] == inner


def test_pairing_many_marks_is_linear_and_safe() -> None:
    text = "قال “نص قصير” " * 50_000
    marks = [i for i, c in enumerate(text) if c in "“”"]
    assert len(pair_quote_marks(text, marks)) == 50_000
    stacked = "“" * 50_000 + "نص" + "”" * 50_000
    pairs = pair_quote_marks(stacked, [i for i, c in enumerate(stacked) if c in "“”"])
    assert all(a < b for a, b in pairs)


def test_many_cues_do_not_explode() -> None:
    text = "وقال " * 20_000 + "إن الأمر انتهى."
    quotes = find_quotes(text)
    assert all(text[q.start : q.end] == q.text for q in quotes)


_PIECES = [
    "وقال",
    "قالت",
    "وأضاف",
    "مشيرا",
    "إلى",
    "أن",
    "إن",
    "الوزير",
    "أحمد",
    "سالم",
    "مصادر",
    "“",
    "”",
    "«",
    "»",
    '"',
    "'",
    ":",
    "،",
    ".",
    "\n",
    "في",
    "عن",
    "نقلا",
    "بحسب",
    "الشيخ",
    "اللواء",
    "الخطة",
    "جاهزة",
    "ً",
    "ـ",
    "(",
    ")",
    "د.",
    "وبحسب",
    "فإن",
    "قائلا",
    "بين",
    "علي",
    "\u200f",  # a bidi mark
    "\u200c",  # a zero-width non-joiner
    "\ufefb",  # the lam-alef ligature (a presentation form)
    "\ufdfa",  # a presentation form that expands to four words
    "م.",
    "٢٠١٥",
    "بالقول",
    "نفسه",
    "المصدر",
]


@given(st.lists(st.sampled_from(_PIECES), max_size=60))
@settings(max_examples=300, deadline=None)
def test_any_token_soup_gives_exact_spans(pieces: list[str]) -> None:
    text = " ".join(pieces)
    for quote in find_quotes(text):
        assert text[quote.start : quote.end] == quote.text
        assert quote.text.strip() == quote.text
        assert quote.kind in ("direct", "mixed", "indirect")


_FOLD_ALPHABET = (
    "".join(sorted({chr(k) for k in FOLD_TABLE} | set('ابتثجحخدذرزسشصضطظعغفقكلمنهويءؤئ .،\n"«»“”')))
    + "\ufefb\ufdfa"
)


@given(st.text(alphabet=_FOLD_ALPHABET, max_size=200))
@settings(max_examples=300, deadline=None)
def test_fast_normalise_equals_normalise(text: str) -> None:
    assert fast_normalise(text) == normalise(text)


# Speaker attribution across constructions of news writing: (text, speakers in quote order).
# Invented sentences; each row is one construction the speaker rules must generalise to.
SPEAKER_CASES: list[tuple[str, list[str | None]]] = [
    # A father's given name inside a three-part name stays in the name.
    ("وقال وزير الخارجية الإيراني محمد جواد ظريف إن بلاده لن تتراجع.", ["محمد جواد ظريف"]),
    ("وأكد المدير العام أحمد سعيد الصالح أن المشروع سينتهي قريبا.", ["أحمد سعيد الصالح"]),
    # A foreign first name the lists do not know, after a definite title: part of the name.
    ("وقال المهاجم خوسيه أنطونيو ريس إن الفريق سيعود أقوى.", ["خوسيه أنطونيو ريس"]),
    ("وقال المدافع ماركو أنطونيو سيلفا إن الدفاع تحسن كثيرا.", ["ماركو أنطونيو سيلفا"]),
    # A title with a لـ + organisation complement (the club's own name) before the person.
    (
        "وقال المدير الفني لنادي فالنسيا الإسباني بيدرو غارسيا إن فريقه جاهز للمباراة.",
        ["بيدرو غارسيا"],
    ),
    (
        "وقال الباحث في الشؤون الاقتصادية سمير حداد إن الأسعار سترتفع.",
        ["سمير حداد"],
    ),
    # A short name opening a subject that runs on into the object resolves to the full name.
    (
        "وقال وزير الدفاع مارك جونسون إن الجيش مستعد. ورغم الانتقادات، دعا جونسون البرلمان"
        " لدعم الخطة، وقال إنها «تمثل خطوة مهمة نحو الاستقرار في المنطقة».",
        ["مارك جونسون", "مارك جونسون"],
    ),
    # The subject ends before the بالـ complement of the verb; the participle keeps it.
    (
        "وقال المدرب الفني لنادي الشباب بيدرو سانشيز إن فريقه جاهز. وأشاد سانشيز بالمدير"
        " الفني للنصر كارلوس ألبرتو، مؤكدا أنه مدرب كبير.",
        ["بيدرو سانشيز", "بيدرو سانشيز"],
    ),
]

SPEAKER_CASES += [
    # A subject fronted by a connective ("إلا أن X، …، قال:") is the speaker, not the last one.
    (
        "وقال الطبيب أحمد سالم إن المصابين نقلوا إلى المستشفى. إلا أن مسؤولاً محلياً، طلب"
        " عدم ذكر اسمه، قال: «الجنود أطلقوا النار على المدنيين عمدا».",
        ["أحمد سالم", "مسؤولاً محلياً"],
    ),
    # A subordinate clause with a negated verb before the subject; the next sentence's cue
    # without subject continues that subject, not the last speaker.
    (
        "وقال المحللون إن الخطة ضعيفة. وبينما لم يدخل الجنرال كيفن براون في جدال مع النواب،"
        " أيد الخطة. وقال: «من المهم أن تكون لدينا خطة واضحة».",
        ["المحللون", "كيفن براون"],
    ),
    # A subject set off by dashes.
    (
        "وقال رئيس الهيئة سعيد العلي إن القرار ظالم. وقال النائب في البرلمان - سامي حداد: إن"
        " القانون ظالم. وأضاف - العلي - إن الحكومة ستسقط قريبا.",
        ["سعيد العلي", "سامي حداد", "سعيد العلي"],
    ),
    # A cue inside another cue's أن-clause belongs to the reported content.
    (
        "وأضاف الوزير سامر خليل أن الرئيس أكد ضرورة أن يكون البلدان متضامنين في الأزمات.",
        ["سامر خليل"],
    ),
    # A coordinated feminine cue shares the subject of the sentence's first verb.
    (
        "وقال الوزير سامر خليل إن الحوار مستمر. وأصدرت الجمعية الخيرية بيانا عن الحملة،"
        " وقالت فيه إن التبرعات تضاعفت هذا العام.",
        ["سامر خليل", "الجمعية الخيرية"],
    ),
    # A mission named by where it serves; a group of sources with من + where they come from.
    (
        "وأوضحت بعثة الأمم المتحدة في ليبيا أن الحوار سيستأنف الأسبوع المقبل.",
        ["بعثة الأمم المتحدة في ليبيا"],
    ),
    (
        "وقال مسؤولون من وزارة الدفاع إن التدريبات ستبدأ غدا.",
        ["مسؤولون من وزارة الدفاع"],
    ),
    ("وقال مسؤولون من جهتهم إن التدريبات ستبدأ غدا.", ["مسؤولون"]),
    ("وقالت السفارة في بيان إن الرحلات ستستأنف غدا.", ["السفارة"]),
]


@pytest.mark.parametrize(
    ("text", "speakers"), SPEAKER_CASES, ids=[c[0][:30] for c in SPEAKER_CASES]
)
def test_speaker_constructions(text: str, speakers: list[str | None]) -> None:
    assert [q.speaker for q in find_quotes(text)] == speakers


SPEAKER_CASES_MORE: list[tuple[str, list[str | None]]] = [
    # A nisba after an anonymous source noun is an adjective even when it is also a name.
    (
        "وارتفع عدد القتلى إلى عشرة أشخاص في الهجوم، بحسب مصادر أمنية وطبية.",
        ["مصادر أمنية وطبية"],
    ),
    # A لـ + noun complement after a name is not part of it (بن + name is).
    (
        "وجاءت زيارة الوزير زيد الحمد لدولة الكويت بعد الاتفاق. وقال زيد الحمد إن الزيارة مهمة.",
        ["زيد الحمد"],
    ),
    ("وقال الأمير فيصل بن بندر الحربي إن الخطة جاهزة.", ["فيصل بن بندر الحربي"]),
    # A family name with ال- opening a subject that runs into a بـ complement.
    (
        "وقال مدرب الفريق حسن البياوي إن الفوز مستحق. من جانبه أشاد البياوي بأداء اللاعبين"
        ' قائلا: "كانوا رائعين طوال المباراة كلها".',
        ["حسن البياوي", "حسن البياوي"],
    ),
    # A title keeps its بـ-place; an apposed title after a name too.
    (
        "وصرح المتحدث الأمني بوزارة الداخلية بأنه تم القبض على المتهمين.",
        ["المتحدث الأمني بوزارة الداخلية"],
    ),
    # A construct complement with لـ inside a title (لشؤون مجلس الوزراء).
    (
        "وقال وزير الدولة لشؤون مجلس الوزراء سامي العلي إن الحكومة مستمرة.",
        ["سامي العلي"],
    ),
    # A nisba starting with بـ (بريطانية) is no complement of ذكر.
    ("وذكرت تقارير صحفية بريطانية، أن الطائرة هبطت بسلام.", ["تقارير صحفية بريطانية"]),
    # A quantifier with منهم is one source.
    ('وقال عدد منهم لـ"الصحيفة": "نحن نعاني منذ سنوات طويلة".', ["عدد منهم"]),
    # Particles of names: بو (Gulf أبو), دا (Portuguese), a nisba-looking name after بن.
    (
        "وقال رئيس الغرفة سالم بو خاطر إن القطاع ينمو. وقال بو خاطر إن النمو مستمر.",
        ["سالم بو خاطر", "سالم بو خاطر"],
    ),
    ("وقال المدرب لويس دا كوستا إن الفريق جاهز للمباراة.", ["لويس دا كوستا"]),
    ("واعتبر الأمير علي بن الحسين أن الانتخابات نزيهة.", ["علي بن الحسين"]),
    # Compound given names with الدين/الله, then the family name.
    ("وقال الجنرال بدر الدين سالم إن التحقيقات مستمرة.", ["بدر الدين سالم"]),
    ("وأوضح الدكتور حبيب الله كريمي أن الاقتصاد ينمو.", ["حبيب الله كريمي"]),
    # A لـ/بـ complement with ة after a full name ends it; a foreign name with ب does not.
    ("وقال الوزير سالم بن محمد الحربي بهذه المناسبة إن المهرجان ناجح.", ["سالم بن محمد الحربي"]),
    ("وقال رئيس النادي جوزيب ماريا بارتوميو إن الفريق سيفوز.", ["جوزيب ماريا بارتوميو"]),
    # After a rank, على before ذلك/هذا is the preposition; a possessive noun ends a name.
    (
        'وقال الشيخ سعد الماجد إن الاتهام ظالم. وعلق الشيخ على ذلك بالقول: "إن هذا الاتهام'
        ' ظالم جدا لكل الناس".',
        ["سعد الماجد", "سعد الماجد"],
    ),
    (
        "وقال المدرب كيفن لوكا إن الفوز مستحق. وأكد المهاجم ماركو لوكا رغبته في البقاء،"
        " وقال إن الفريق قوي.",
        ["كيفن لوكا", "ماركو لوكا"],
    ),
    # The family name after آل ends the name.
    ("وقال متعب آل ثواب مشرف العمل المسرحي إن العروض متنوعة.", ["متعب آل ثواب"]),
    # Chains of ancestors (بن … بن …), علي after بن, a family name after one بن.
    (
        "وأوضح الأمير تركي بن محمد بن فهد بن عبدالعزيز رئيس الجمعية أن الدعم مستمر.",
        ["تركي بن محمد بن فهد بن عبدالعزيز"],
    ),
    ("وقال رئيس الحملة وليد بن علي الجلال إن الحملة مستمرة.", ["وليد بن علي الجلال"]),
    ("وأكد الدكتور بندر بن محمد حجار وزير الحج أن الخطة جاهزة.", ["بندر بن محمد حجار"]),
    # A rank after the title's complements: the rank and its qualifier stay in the title.
    (
        "وكشف مدير الإعلام بشرطة المنطقة الملازم أول فهد العنزي أن الحملة مستمرة.",
        ["فهد العنزي"],
    ),
    # An indefinite noun with a لـلـ genitive is one source ("جماعات للدفاع").
    ("وقالت جماعات للدفاع عن البيئة إن المصنع يلوث النهر.", ["جماعات للدفاع"]),
    # An attached preposition is not an unknown first name: "بمنع" stays out of the name.
    (
        "وأمر القاضي بمنع جون سميث من السفر. وقال سميث إن القرار ظالم وسيطعن فيه.",
        ["جون سميث"],
    ),
    # An elative with its accusative of specification stays in the source phrase.
    (
        "وقالت الصحيفة الأوسع انتشارا في البلاد إن الحكومة ستستقيل.",
        ["الصحيفة الأوسع انتشارا"],
    ),
    # A rank qualifier (المتقاعد، البحري) after an honorific is not the name.
    ("وقال اللواء المتقاعد محمود سالم إن الجيش قادر على حماية الحدود.", ["محمود سالم"]),
    ("وقال العميد البحري عبدالله بن حمد الغامدي إن الدوريات مستمرة.", ["عبدالله بن حمد الغامدي"]),
    # After a rank, علي is the given name, not the preposition على.
    ("وقال الرقيب علي العتيبي: نعمل طوال أيام العيد لخدمة المواطنين.", ["علي العتيبي"]),
    # A subject phrase ends before a complement with an attached pronoun.
    (
        "وقال المحامي سامي حداد إن موكله بريء. وتطالب السلطات الفرنسية بتسليمها المتهم منذ"
        " شهر. وقد مثل حداد أمام المحكمة حيث أكد أنه سيواصل الدفاع عن موكله.",
        ["سامي حداد", "سامي حداد"],
    ),
]


@pytest.mark.parametrize(
    ("text", "speakers"), SPEAKER_CASES_MORE, ids=[c[0][:30] for c in SPEAKER_CASES_MORE]
)
def test_speaker_constructions_ranks_and_complements(text: str, speakers: list[str | None]) -> None:
    assert [q.speaker for q in find_quotes(text)] == speakers


def _per(text: str, name: str) -> Entity:
    start = text.index(name)
    return Entity(start, start + len(name), name, "PER", name, None, "crf")


# (text, PER entity names, speaker): a PER entity names the person where the lists cannot.
ENTITY_SPEAKER_CASES: list[tuple[str, list[str], str]] = [
    # Name first, then the title as an apposition without a comma.
    (
        "وقال تيم هاردي الرئيس التنفيذي لشركة النور إن المبيعات ارتفعت.",
        ["تيم هاردي"],
        "تيم هاردي",
    ),
    # Indefinite title and organisation before a name no list knows.
    (
        "وقال مهاجم فريق ليفربول الإنجليزي دانييل ستوريدج إن الفريق سيعود أقوى.",
        ["دانييل ستوريدج"],
        "دانييل ستوريدج",
    ),
    # A person in the genitive of the head noun is not the speaker.
    (
        "وقال محامي ماركوس هيل إن موكله بريء.",
        ["ماركوس هيل"],
        "محامي ماركوس هيل",
    ),
    # A kinship construct: the named person is in the genitive, the mother speaks.
    (
        "وقالت والدة العداء الكيني كيرو تانغا إنها فخورة بابنها.",
        ["كيرو تانغا"],
        "والدة العداء الكيني كيرو تانغا",
    ),
    # A definite apposition before the name is fine ("الزائر"، "المواطن").
    (
        "وقال الزائر للمعرض مطلق العتيبي إن التنظيم ممتاز.",
        ["مطلق العتيبي"],
        "مطلق العتيبي",
    ),
    # A name after نادي / شركة is the organisation's, even when tagged PER.
    ("وقال رئيس نادي سبورت بويز إن الفريق سيفوز.", ["سبورت بويز"], "رئيس نادي سبورت بويز"),
    # A lone word tagged PER is too weak to replace the phrase.
    ("وقال منتقدو الصفقة إنها ستضر بالاقتصاد.", ["منتقدو"], "منتقدو الصفقة"),
]


@pytest.mark.parametrize(
    ("text", "names", "speaker"),
    ENTITY_SPEAKER_CASES,
    ids=[c[0][:30] for c in ENTITY_SPEAKER_CASES],
)
def test_person_entities_name_the_speaker(text: str, names: list[str], speaker: str) -> None:
    (quote,) = find_quotes(text, [_per(text, name) for name in names])
    assert quote.speaker == speaker


_TOKEN_ALPHABET = 'دمقالأإة ى١5.،,:\t\n\u00a0\u200f\u064e\u064b\u0640«»"_()-؟x\U0001f600\ufdfa'


@given(st.text(alphabet=_TOKEN_ALPHABET, max_size=80))
@settings(max_examples=600, deadline=None)
def test_fast_tokeniser_equals_the_token_regex(text: str) -> None:
    """The numpy tokenizer (character classes, joined numbers, "د." / "م." joined afterwards,
    marks dropped by normalisation) gives the spans of TOKEN_RE less the mark-only tokens,
    and the same words as the regex split."""
    from khabar.nlp.quotes.tokens import TOKEN_RE, _tokenize_block, tokenize, tokenize_general

    expected = [(m.start(), m.end()) for m in TOKEN_RE.finditer(text) if fast_normalise(m.group())]
    reference = tokenize_general(text)
    # tokenize() hands texts this short to the regex split: the numpy path is checked directly.
    for tokens in (tokenize(text), _tokenize_block(text)):
        assert list(zip(tokens.starts, tokens.ends, strict=True)) == expected
        assert (tokens.words, tokens.folded) == (reference.words, reference.folded)


TOKENISER_CASES = [
    # (text, words, original text of the last token): numbers keep their "." / ","; a word
    # glued after them starts a token; marks stay inside the span of the word they ride on.
    ("ارتفع 5.7 في المئة", ["ارتفع", "5.7", "في", "المئه"], "المئة"),
    ("بلغ 2.5مليون دولار", ["بلغ", "2.5", "مليون", "دولار"], "دولار"),
    ("قال د. أحمد: «نعم».", ["قال", "د.", "احمد", ":", "«", "نعم", "»", "."], "."),
    ("جداً، وقالَ", ["جدا", "،", "وقال"], "وقالَ"),
    ("نحو 8.\u200f1 متر", ["نحو", "8", ".", "1", "متر"], "متر"),
]


@pytest.mark.parametrize(
    ("text", "words", "last"), TOKENISER_CASES, ids=[c[0] for c in TOKENISER_CASES]
)
def test_tokeniser_cases(text: str, words: list[str], last: str) -> None:
    from khabar.nlp.quotes.tokens import _tokenize_block, tokenize

    for tokens in (tokenize(text), _tokenize_block(text)):  # the regex and the numpy path
        assert tokens.words == words
        assert text[tokens.starts[-1] : tokens.ends[-1]] == last
