"""Build ``src/khabar/extract/resources/given_names.txt``: Arabic given names.

Used only to accept a bare name under a title as a byline ("محمد العواجي") while a short
subtitle ("تداخل الأمعاء") stays in the body. Derived from AKhateeb/arabic-names (MIT:
male and female first names in Arabic script) plus a hand list of given names common in
Arabic bylines. Run: ``.venv/bin/python scripts/build_given_names.py``.
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NAMES = REPO.parent / "shared" / "data" / "gazetteers" / "arabic_names"
OUT = REPO / "src" / "khabar" / "extract" / "resources" / "given_names.txt"
EXTRA = """
فيصل صالح حامد عبدالله عبدالرحمن عبدالعزيز عبدالكريم عبدالرحيم عبداللطيف عبدالمجيد عبدالمحسن
عبدالهادي عبدالسلام عبدالإله متعب نايف حذيفة هناء دلشاد تركي بندر سلطان مشعل فهد خالد سعود
عبير منيرة نورة هيفاء أمل رنا رانيا رغد لجين جواهر العنود الجوهرة شيخة موضي بشائر حصة
مساعد ممدوح منصور مبارك عائض عوض عايض غازي ثامر زياد رائد وائل وليد طلال بدر ضيف مفرح
شلاش ناصر جاسر راشد فواز عماد هشام حسام إيهاب أيمن أنس يوسف يحيى زكريا إسماعيل إبراهيم
سليمان عثمان عمر علي حسن حسين مصطفى محمود أحمد محمد مازن ماجد سامي سامر نبيل كمال جمال
"""


def main() -> int:
    names: set[str] = set()
    for fname in ("male-first--names-in-arabic.txt", "female-first-names-in-arabic.txt"):
        path = NAMES / fname
        if path.exists():
            names |= {line.strip() for line in path.read_text("utf-8-sig").splitlines()}
    names |= set(EXTRA.split())
    names = {n for n in names if n and " " not in n}
    OUT.write_text(
        "# Arabic given names; built by scripts/build_given_names.py (see NOTICE.md)\n"
        + "\n".join(sorted(names))
        + "\n",
        encoding="utf-8",
    )
    print(f"{OUT}: {len(names)} names")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
