"""Build examples/warc/arabic-news-sample.warc.gz: three Arabic news pages as WARC responses.

The pages are written for khabar (fictional outlets, invented but realistic stories), so the
example can be shipped and regenerated:

    .venv/bin/python scripts/make_example_warc.py

Each record is its own gzip member (as crawlers write them). Besides the three HTML
responses the file holds a ``warcinfo`` record, a redirect and a stylesheet, which a
reader must skip.
"""

from __future__ import annotations

import gzip
from pathlib import Path

from khabar.read.warc import warc_response_record

REPO = Path(__file__).resolve().parent.parent
TARGET = REPO / "examples" / "warc" / "arabic-news-sample.warc.gz"

PAGE = """<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="{charset}">
<title>{title} - {site}</title>
<meta property="og:site_name" content="{site}">
{date_meta}
</head><body>
<header><div class="date-bar">{banner}</div>
<nav><a href="/">الرئيسية</a> <a href="/politics">سياسة</a> <a href="/economy">اقتصاد</a>
<a href="/sport">رياضة</a> <a href="/culture">ثقافة</a>
<a href="/contact">اتصل بنا</a></nav></header>
<div class="breadcrumbs"><a href="/">الرئيسية</a> » <a href="/{section_slug}">{section}</a></div>
<article><h1>{title}</h1>
{paragraphs}
</article>
<aside><h4>اقرأ أيضا</h4><ul>{related}</ul></aside>
<footer><p>© {year} {site}. جميع الحقوق محفوظة</p><a href="#">إلى الأعلى</a></footer>
<script>var ads = {{"slot": "top"}};</script>
</body></html>
"""

ARTICLES = [
    {
        "url": "https://www.sada-alsham.example/politics/2025/02/05/water-talks",
        "site": "صدى الشام",
        "charset": "utf-8",
        "title": "لبنان وسوريا يتفقان على لجنة مشتركة لإدارة مياه نهر العاصي",
        "banner": "الأربعاء ٥ شباط ٢٠٢٥",
        "date_meta": '<meta property="article:published_time" content="2025-02-05T11:00:00+02:00">',
        "section": "سياسة",
        "section_slug": "politics",
        "year": "2025",
        "paragraphs": [
            "بيروت - رويترز: اتفق لبنان وسوريا، أمس الثلاثاء، على تشكيل لجنة فنية مشتركة لإدارة "
            "مياه نهر العاصي، بعد سنوات من الخلاف حول حصص الري في سهل البقاع وريف حمص.",
            "وقال وزير الطاقة والمياه اللبناني في مؤتمر صحفي عقب الاجتماع: «الماء لا يعرف الحدود، "
            "وعلينا أن نتعلم كيف نتقاسمه قبل أن يتقاسمنا الجفاف».",
            "وأضاف أن اللجنة ستعقد أول اجتماعاتها في الأول من آذار المقبل في مدينة زحلة، على أن "
            "ترفع تقريرها الأول إلى الحكومتين قبل نهاية حزيران.",
            "من جانبه، أكد نظيره السوري أن بلاده «ملتزمة بكل ما ورد في اتفاقية عام 1994»، لافتا "
            "إلى أن محطات الضخ المتضررة ستعود إلى العمل خلال الصيف.",
        ],
        "related": ["ارتفاع منسوب سد القرعون بعد العاصفة", "مزارعو البقاع يطالبون بتعويضات"],
    },
    {
        "url": "https://www.assabah-maghrib.example/economie/2025/01/14/olive-oil",
        "site": "الصباح المغاربي",
        "charset": "windows-1256",
        "title": "تونس تتوقع صادرات قياسية من زيت الزيتون هذا الموسم",
        "banner": "الثلاثاء 14 جانفي 2025",
        "date_meta": "",
        "section": "اقتصاد",
        "section_slug": "economie",
        "year": "2025",
        "paragraphs": [
            "تونس ـ (وات) ـ توقع الديوان الوطني للزيت أن تبلغ صادرات تونس من زيت الزيتون نحو "
            "220 ألف طن خلال موسم 2024-2025، وهو أعلى مستوى منذ عشر سنوات.",
            "وقال المدير العام للديوان في تصريح لوكالة تونس إفريقيا للأنباء إن «الأمطار التي "
            "شهدتها البلاد في الخريف أنقذت الموسم بعد عامين من الجفاف».",
            "وأشار إلى أن الأسعار في الأسواق الأوروبية تراجعت بنحو الربع منذ شهر أكتوبر، داعيا "
            "المصدرين إلى البحث عن أسواق جديدة في آسيا وأمريكا الشمالية.",
        ],
        "related": ["انطلاق موسم جني الزيتون في صفاقس", "البنك المركزي يبقي على نسبة الفائدة"],
    },
    {
        "url": "https://www.alwaha-news.example/local/1446/07/15/riyadh-metro",
        "site": "الواحة",
        "charset": "utf-8",
        "title": "قطار الرياض ينقل مليون راكب في أسبوعه الأول",
        "banner": "الأربعاء 15 رجب 1446 هـ الموافق 15 يناير 2025 م",
        "date_meta": '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"datePublished": "2025-01-15", "author": {"@type": "Person", "name": "سارة العتيبي"}}'
        "</script>",
        "section": "محليات",
        "section_slug": "local",
        "year": "2025",
        "paragraphs": [
            "الرياض: سارة العتيبي",
            "أعلنت الهيئة الملكية لمدينة الرياض أن قطار الرياض نقل أكثر من مليون راكب خلال "
            "الأسبوع الأول من تشغيل خطوطه الثلاثة الأولى، متجاوزا التوقعات بنحو ثلاثين في المئة.",
            "وأوضح المتحدث باسم الهيئة أن «نسبة الالتزام بالمواعيد بلغت 99 في المئة»، مؤكدا أن "
            "الخطوط الثلاثة المتبقية ستدخل الخدمة تباعا قبل نهاية شهر شعبان.",
            "وقال أحد الركاب، ويعمل موظفا في حي العليا: «كنت أقضي ساعة في الزحام كل صباح، "
            "والآن أصل في عشرين دقيقة».",
        ],
        "related": ["تمديد ساعات عمل الحافلات في رمضان", "أمانة الرياض تفتتح حديقة جديدة"],
    },
]


def render(article: dict[str, object]) -> bytes:
    """The HTML bytes of one example article, in its own charset."""
    paragraphs = "\n".join(f"<p>{p}</p>" for p in article["paragraphs"])  # type: ignore[attr-defined]
    related = "".join(f'<li><a href="#">{r}</a></li>' for r in article["related"])  # type: ignore[attr-defined]
    html = PAGE.format(**{**article, "paragraphs": paragraphs, "related": related})
    return html.encode(str(article["charset"]))


def warcinfo_record() -> bytes:
    payload = b"software: khabar scripts/make_example_warc.py\r\nformat: WARC File Format 1.0\r\n"
    head = (
        "WARC/1.0\r\nWARC-Type: warcinfo\r\n"
        "WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-000000000000>\r\n"
        "WARC-Date: 2025-02-06T00:00:00Z\r\nContent-Type: application/warc-fields\r\n"
        f"Content-Length: {len(payload)}\r\n\r\n"
    ).encode()
    return head + payload + b"\r\n\r\n"


def build() -> bytes:
    """The whole example WARC, each record its own gzip member."""
    records = [warcinfo_record()]
    for article in ARTICLES:
        records.append(
            warc_response_record(
                str(article["url"]),
                render(article),
                content_type=f"text/html; charset={article['charset']}",
                date="2025-02-06T00:00:00Z",
            )
        )
    records.append(
        warc_response_record(
            "https://www.alwaha-news.example/old-link", b"", status="301 Moved Permanently"
        )
    )
    records.append(
        warc_response_record(
            "https://www.alwaha-news.example/static/site.css",
            b"body { direction: rtl; }",
            content_type="text/css",
        )
    )
    return b"".join(gzip.compress(record, mtime=0) for record in records)


def main() -> None:
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_bytes(build())
    print(f"{len(ARTICLES)} pages → {TARGET.relative_to(REPO)}")


if __name__ == "__main__":
    main()
