"""Build examples/html/cairo-book-fair-windows-1256.html: an old-style page in windows-1256.

Legacy Arabic sites still serve windows-1256 with the charset only in a ``<meta
http-equiv>`` tag; this example (an invented story on a fictional site) exercises that
path. Regenerate with ``.venv/bin/python scripts/make_example_html_cp1256.py``.
"""

from __future__ import annotations

from pathlib import Path

TARGET = Path(__file__).resolve().parent.parent / "examples" / "html"
NAME = "cairo-book-fair-windows-1256.html"

PAGE = """<!DOCTYPE html>
<html dir="rtl">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">
<title>معرض القاهرة للكتاب يستقبل مليوني زائر في أسبوعه الأول :: بوابة النيل</title>
<script>var _gaq = _gaq || []; _gaq.push(['_setAccount', 'UA-000000-1']);</script>
</head>
<body>
<table width="100%" class="header"><tr>
<td><a href="/"><img src="logo.gif" alt="بوابة النيل"></a></td>
<td class="date">الخميس، 23 يناير 2025 - 23 رجب 1446</td></tr></table>
<div id="menu"><a href="/">الرئيسية</a> | <a href="/news">أخبار مصر</a> |
<a href="/arts">فن وثقافة</a> | <a href="/sports">رياضة</a> | <a href="/archive">الأرشيف</a></div>
<div id="path"><a href="/">الرئيسية</a> &gt; <a href="/arts">فن وثقافة</a></div>
<div id="content">
<h2 class="title">معرض القاهرة للكتاب يستقبل مليوني زائر في أسبوعه الأول</h2>
<p class="byline">كتب: أحمد سمير</p>
<p>القاهرة - (خاص): قالت الهيئة المصرية العامة للكتاب إن الدورة السادسة والخمسين من معرض
القاهرة الدولي للكتاب استقبلت أكثر من مليوني زائر منذ افتتاحها يوم الخميس الماضي، في رقم يفوق
ما سجلته الدورة السابقة في الفترة نفسها.</p>
<p>وقال رئيس الهيئة في تصريحات صحفية من أرض المعارض بالتجمع الخامس: «الإقبال الكبير من الشباب
يؤكد أن الكتاب الورقي ما زال حيا، وأن القارئ المصري لا يبخل على نفسه بالمعرفة».</p>
<p>وأضاف أن جناح الطفل شهد زحاما غير مسبوق، وأن الهيئة قررت مد ساعات العمل حتى العاشرة مساء
خلال عطلة نهاية الأسبوع.</p>
<p>وأشارت دور النشر المشاركة إلى أن روايات الكتاب الشباب وكتب التاريخ تصدرت المبيعات، بينما عبر
عدد من الناشرين عن قلقهم من ارتفاع أسعار الورق، مؤكدين أنهم «يحاولون امتصاص الزيادة قدر
الإمكان».</p>
<p>ويستمر المعرض حتى الخامس من فبراير المقبل، بمشاركة 80 دولة وأكثر من ألف ومئتي دار نشر.</p>
</div>
<div id="more"><b>موضوعات متعلقة:</b><br>
<a href="/arts/1">تكريم اسم الراحل صلاح جاهين في حفل الافتتاح</a><br>
<a href="/arts/2">سلطنة عمان ضيف شرف الدورة المقبلة</a></div>
<div id="footer">حقوق النشر محفوظة لبوابة النيل © 2025 &nbsp;|&nbsp; <a href="/privacy">الخصوصية</a>
&nbsp;|&nbsp; <a href="#">طباعة</a> &nbsp;|&nbsp; <a href="#">أرسل لصديق</a></div>
</body>
</html>
"""


def main() -> None:
    TARGET.mkdir(parents=True, exist_ok=True)
    (TARGET / NAME).write_bytes(PAGE.encode("windows-1256"))
    print(f"→ examples/html/{NAME}")


if __name__ == "__main__":
    main()
