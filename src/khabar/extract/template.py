"""Template removal for text dumps: split a page into header, dateline, body and footer.

General heuristics only — line shape, position, repetition and known UI phrases
(``resources/ui_phrases.txt``) — never the template of one outlet:

- header (top): date banners, a breadcrumb, UI lines, then the title and its repeats;
- dateline: a short line under the title that reads as a dateline/byline, or a
  dateline glued to the start of the first paragraph (``فلان - جدة: انطلقت …``);
- footer (bottom): UI lines (``إلى الأعلى``، ``طباعة``، copyright) and the short teaser
  lines between them, plus a link footer cut out of the last paragraph
  (``رابط الخبر بصحيفة …``).

The body keeps its paragraphs, one per line, each stripped, empty lines dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from khabar.arabic.normalise import normalise
from khabar.extract.dateline import Dateline, parse_dateline, split_glued_dateline
from khabar.extract.lexicon import key, ui_phrases
from khabar.extract.metadata import (
    breadcrumb_crumbs,
    dateline_in_banner,
    is_breadcrumb,
    is_date_banner,
    same_text,
)

# How many lines at the top may be header before the title.
MAX_HEADER_LINES = 6
# A UI line is short; a long line that happens to start with "شارك" is body.
MAX_UI_LINE_WORDS = 8
# How far down a repeated title is looked for, how long a title and a junk line may be.
TITLE_WINDOW = 6
MAX_TITLE_WORDS = 30
MAX_JUNK_WORDS = 4
# Footer teasers are short lines without sentence punctuation.
MAX_TEASER_WORDS = 16
# How far from the bottom the footer search looks.
FOOTER_WINDOW = 15
_SENTENCE_END_RE = re.compile(r"[.!?\u061f\u061b\u2026][\"'»”)]*\s*$")


@dataclass(frozen=True, slots=True)
class TextLayout:
    """The parts of a text dump. ``header`` holds banner/date lines (date evidence)."""

    title: str | None
    breadcrumb: str | None
    header: tuple[str, ...]
    dateline: Dateline | None
    dateline_text: str | None
    body: str
    footer: tuple[str, ...]


def page_lines(text: str) -> list[str]:
    """Non-empty lines, stripped (inner spacing kept: body offsets are the page's own)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def more_words_than(text: str, count: int) -> bool:
    """Whether ``text`` has more than ``count`` whitespace-separated words, splitting no
    further than needed (``len(text.split()) > count`` splits a whole paragraph).

    >>> more_words_than("قال الوزير إن الحوار مستمر", 4), more_words_than("إلى الأعلى", 2)
    (True, False)
    """
    pattern = _MORE_WORDS.get(count)
    if pattern is None:
        pattern = _MORE_WORDS[count] = _more_words_pattern(count)
    return pattern.match(text) is not None


def _more_words_pattern(count: int) -> re.Pattern[str]:
    """``count + 1`` whitespace-separated words at the start of a text: ``len(text.split(None,
    count + 1)) > count`` without making the pieces (``\\s`` is ``str.isspace``, as for
    ``split``; ``\\S+`` and ``\\s+`` never overlap, so the match cannot backtrack far)."""
    return re.compile(r"\s*(?:\S+\s+){" + str(count) + r"}\S")


_MORE_WORDS: dict[int, re.Pattern[str]] = {}


def is_ui_line(line: str) -> bool:
    """A navigation/sharing/copyright line.

    >>> is_ui_line("إلى الأعلى"), is_ui_line("شارك الوزير في المؤتمر الذي عقد أمس في الرياض وبحث")
    (True, False)
    """
    if "\u00a9" in line:
        return True
    if not line.strip() or more_words_than(line, MAX_UI_LINE_WORDS):
        return False
    k = key(line).strip(" :|-")
    phrases = _line_phrases()
    return k in phrases or _phrase_then(k, " ", phrases)


def is_inline_ui_line(line: str) -> bool:
    """A UI line that may sit between paragraphs: exactly a phrase, or ``phrase: link``.

    Stricter than :func:`is_ui_line` ("شارك في الحفل عدد من المسؤولين" is body).

    >>> is_inline_ui_line("اقرأ أيضا: ارتفاع أسعار النفط")
    True
    >>> is_inline_ui_line("شارك في الحفل مسؤولون")
    False
    """
    if more_words_than(line, MAX_TEASER_WORDS + 4):
        return False
    k = key(line).strip(" |-")
    phrases = _line_phrases()
    return k in phrases or _phrase_then(k, ":", phrases) or _phrase_then(k, " :", phrases)


@lru_cache(maxsize=1)
def _line_phrases() -> frozenset[str]:
    """The ``[line]`` UI phrases as a set: one lookup per candidate prefix, not a scan."""
    return frozenset(ui_phrases().line)


def _phrase_then(k: str, separator: str, phrases: frozenset[str]) -> bool:
    """Whether ``k`` starts with a phrase followed by ``separator`` (every occurrence of the
    separator is tried as the end of the phrase: ``any(k.startswith(p + separator))``)."""
    at = k.find(separator)
    while at != -1:
        if k[:at] in phrases:
            return True
        at = k.find(separator, at + 1)
    return False


def cut_link_footer(line: str) -> str:
    """The line without a trailing link/copyright footer (``رابط الخبر بصحيفة الوئام: …``).

    >>> cut_link_footer("بالضوء. رابط الخبر بصحيفة الوئام: بالصور")
    'بالضوء.'
    """
    words = _cut_first_words()
    if words is not None:
        folded_line = normalise(line)
        if not any(word in folded_line for word in words):
            return line  # no phrase can be in the line's key (see _cut_first_words)
    folded = key(line)
    for phrase in ui_phrases().cut:
        at = folded.find(phrase)
        if at < 0:
            continue
        # key() keeps one character per original character except folded spacing/dots,
        # so find the phrase again on the original by a loose regex.
        pattern = r"\s*".join(re.escape(c) for c in phrase.replace(" ", ""))
        m = re.search(_loose_letters(pattern), line)
        if m:
            return line[: m.start()].rstrip()
    return line


@lru_cache(maxsize=1)
def _cut_first_words() -> tuple[str, ...] | None:
    """The first word of every ``[cut]`` phrase, or None when one is not all Arabic letters.

    A phrase is found in the line's :func:`~khabar.extract.lexicon.key`: its ``normalise``
    with dots and no-break spaces made spaces, lower-cased, spacing folded. A word of Arabic
    letters only (no space, no dot) found there is found in the line's ``normalise`` too —
    lower-casing makes no Arabic letter — so a line whose ``normalise`` holds none of these
    words holds no phrase, and the costlier key is not needed. (Most lines asked about are
    the story's last paragraphs.)
    """
    words = tuple(dict.fromkeys(phrase.split(" ", 1)[0] for phrase in ui_phrases().cut))
    if all(word and all("\u0621" <= char <= "\u064a" for char in word) for word in words):
        return words
    return None


def _loose_letters(pattern: str) -> str:
    """Let a folded phrase match any hamza/alef, ى/ي and ة/ه spelling."""
    return (
        pattern.replace("ا", "[اأإآٱ]").replace("ي", "[يى]").replace("ه", "[هة]")
    )


# The page's tags glued after the story's last sentence: "… من جميع الجوانب. سمات طلاب
# مبدعون مكة" (a label word, then a few keywords and no sentence punctuation).
_TAG_TAIL_RE = re.compile(
    r"(?<=[.!?\u061f\u201d\"\u00bb)])\s+"
    r"(?:سمات|الوسوم|وسوم|الكلمات الدالة|كلمات دالة|الكلمات المفتاحية|كلمات مفتاحية)"
    r"\s*:?\s+[^.!?\u061f:]{1,120}$"
)
MAX_TAG_TAIL_WORDS = 12


def cut_tag_tail(line: str) -> str:
    """The line without a tag list glued after its last sentence.

    >>> cut_tag_tail("وانتهى الحفل بتكريم الفائزين. سمات جدة مهرجان الصيف")
    'وانتهى الحفل بتكريم الفائزين.'
    >>> cut_tag_tail("قال إن للقيادة سمات كثيرة. سمات القائد واضحة للجميع.")
    'قال إن للقيادة سمات كثيرة. سمات القائد واضحة للجميع.'
    """
    m = _TAG_TAIL_RE.search(line)
    if m is None or len(m.group().split()) > MAX_TAG_TAIL_WORDS + 1:
        return line
    return line[: m.start()]


def split_footer(lines: list[str]) -> tuple[list[str], list[str]]:
    """``(body_lines, footer_lines)``: cut from the topmost UI line of the bottom block."""
    lines = list(lines)
    footer: list[str] = []
    # A link footer glued to one of the last lines.
    for i in range(len(lines) - 1, max(-1, len(lines) - 4), -1):
        cut = cut_link_footer(lines[i])
        if cut == lines[i] and i == len(lines) - 1:
            cut = cut_tag_tail(cut)
        if cut != lines[i]:
            footer = [lines[i][len(cut) :].strip(), *lines[i + 1 :]]
            lines = lines[:i] + ([cut] if cut else [])
            break
    cut_at: int | None = None
    for i in range(len(lines) - 1, max(-1, len(lines) - FOOTER_WINDOW), -1):
        line = lines[i]
        if is_ui_line(line) or is_inline_ui_line(line) or is_breadcrumb(line) or is_wire_mark(line):
            cut_at = i
        elif is_date_banner(line) and i == len(lines) - 1:
            cut_at = i  # "نشر بتاريخ 12 مارس 2025" under the text
        elif len(line.split()) <= MAX_TEASER_WORDS and not _SENTENCE_END_RE.search(line):
            continue
        else:
            break
    if cut_at is not None:
        footer = lines[cut_at:] + footer
        lines = lines[:cut_at]
    return lines, footer


# Wire-copy end marks and transmission stamps under the text: "// انتهى //", "(يتبع)",
# "ـ انتهى ـ", "17:58 ت م" (Makkah time), "1758 ت غ" (GMT), "14:05 GMT".
_WIRE_MARK_RE = re.compile(
    r"^[\s/\\()\-ـ–—*.]*(?:انتهى|إنتهى|يتبع)[\s/\\()\-ـ–—*.]*$"
    r"|^\d{1,2}:\d{2}(?:\s*(?:ت\.?\s*[مغ]\.?|GMT|UTC))?$"
    r"|^\d{3,4}\s*(?:ت\.?\s*[مغ]\.?|GMT|UTC)$",
    re.IGNORECASE,
)


def is_wire_mark(line: str) -> bool:
    """An agency end mark or transmission time stamp printed under the story.

    >>> is_wire_mark("// يتبع //"), is_wire_mark("17:58 ت م"), is_wire_mark("انتهى الاجتماع")
    (True, True, False)
    """
    return bool(_WIRE_MARK_RE.match(line.strip()))


def is_junk_line(line: str) -> bool:
    """A short line above a title: a site name, a menu (``أخبار | رياضة | فن``)."""
    return len(line.split()) <= MAX_JUNK_WORDS or line.count("|") >= 2


def repeated_title_at(lines: list[str], start: int, breadcrumb: str | None) -> int:
    """Where the title is when short junk lines (site name, menu) precede it.

    A title is printed twice (two lines, or a line and the last crumb): if such a line
    follows a few short lines, those lines are header. Otherwise ``start``.

    >>> repeated_title_at(["الأفق نت", "أخبار | رياضة", "العنوان", "العنوان", "نص."], 0, None)
    2
    """
    crumbs = breadcrumb_crumbs(breadcrumb) if breadcrumb else []
    window = lines[start : start + TITLE_WINDOW]
    for offset, line in enumerate(window):
        if offset == 0:
            continue
        if len(line.split()) > MAX_TITLE_WORDS or is_ui_line(line) or same_text(line, window[0]):
            break
        echoed = any(same_text(line, other) for other in window[offset + 1 :]) or (
            crumbs and same_text(line, crumbs[-1])
        )
        if echoed:
            if parse_dateline(line) is None and all(
                is_junk_line(junk) for junk in window[:offset]
            ):
                return start + offset
            break
    return start


@dataclass(frozen=True, slots=True)
class _Top:
    """What the top of a page held, and where the rest starts."""

    next_line: int
    header: tuple[str, ...]
    breadcrumb: str | None
    title: str | None
    dateline: Dateline | None = None
    dateline_text: str | None = None


def _read_header(lines: list[str], known_title: str | None) -> _Top:
    """Banners, a breadcrumb and UI lines at the top, then the title (unless known)."""
    header: list[str] = []
    breadcrumb: str | None = None
    i = 0
    while i < len(lines) and i < MAX_HEADER_LINES:
        line = lines[i]
        if is_date_banner(line):
            header.append(line)
        elif breadcrumb is None and is_breadcrumb(line):
            breadcrumb = line
        elif not is_ui_line(line):
            break
        i += 1
    if known_title is not None:
        return _Top(i, tuple(header), breadcrumb, known_title)
    skipped = repeated_title_at(lines, i, breadcrumb)
    header.extend(lines[i:skipped])
    i = skipped
    title: str | None = None
    if i < len(lines) and (len(lines) - i > 1 or breadcrumb):
        title = lines[i]
        i += 1
    return _Top(i, tuple(header), breadcrumb, title)


def _read_under_title(lines: list[str], top: _Top) -> _Top:
    """Under the title: its repeats, date lines and at most one dateline/byline line."""
    i = top.next_line
    header = list(top.header)
    dateline: Dateline | None = None
    dateline_text: str | None = None
    while i < len(lines) and top.title is not None:
        line = lines[i]
        if same_text(line, top.title):
            i += 1
            continue
        if dateline is None and i + 1 < len(lines):
            found = parse_dateline(line, allow_bare_name=True)
            if found is not None:
                dateline, dateline_text = found, line
                if found.date:
                    header.append(line)
                i += 1
                continue
        if dateline_text is not None and same_text(line, dateline_text):
            i += 1  # the dateline printed again at the top of the body
            continue
        if is_date_banner(line):
            header.append(line)
            if dateline is None and (in_banner := dateline_in_banner(line)) is not None:
                dateline, dateline_text = in_banner, line
            i += 1
            continue
        break
    return _Top(i, tuple(header), top.breadcrumb, top.title, dateline, dateline_text)


def after_repeated_dateline(paragraph: str, dateline_text: str) -> str:
    """The paragraph without the dateline line read above it, when the body opens by
    printing that line again ("فلان - سبق - متابعة:" above, "فلان - سبق - متابعة: كشف …"
    below); otherwise the paragraph as it is.

    >>> after_repeated_dateline("جدة - فلان: افتتح الأمير معرض الكتاب", "جدة - فلان:")
    'افتتح الأمير معرض الكتاب'
    >>> after_repeated_dateline("جدة تستضيف المعرض الدولي للكتاب", "جدة")
    'جدة تستضيف المعرض الدولي للكتاب'
    """
    head = dateline_text.strip()
    if not paragraph.startswith(head) or not _DATELINE_PARTS_RE.search(head):
        return paragraph  # a bare place or name may just be the sentence's first words
    rest = paragraph[len(head) :]
    if rest[:1] not in (" ", "\t"):
        return paragraph  # the dateline's last word continues: not a repeat of the line
    rest = rest.strip()
    return rest if len(rest.split()) >= MIN_REPEAT_REST_WORDS else paragraph


# A repeated dateline is cut only from a paragraph that goes on with real text, and only
# when it has the parts of a dateline (a colon, a dash, a bracketed source).
MIN_REPEAT_REST_WORDS = 4
_DATELINE_PARTS_RE = re.compile("[:(\u00ab\u0640\u2013\u2014-]")


def split_layout(text: str, known_title: str | None = None) -> TextLayout:
    """Split a text dump into header, title, dateline, body and footer.

    ``known_title`` is for text whose title is known from elsewhere (an HTML ``<title>``;
    ``""`` when there is none): no line is taken as the title, repeats of it are dropped.

    >>> page = "الرئيسية / محليات\\nعنوان الخبر\\nالرياض: محمد العلي\\nنص الخبر.\\nإلى الأعلى"
    >>> layout = split_layout(page)
    >>> layout.title, layout.dateline.place, layout.body, layout.footer
    ('عنوان الخبر', 'الرياض', 'نص الخبر.', ('إلى الأعلى',))
    """
    lines, footer = split_footer(page_lines(text))
    top = _read_under_title(lines, _read_header(lines, known_title))
    dateline, dateline_text = top.dateline, top.dateline_text
    # "اقرأ أيضا: …" between paragraphs is a teaser, not text.
    body_lines = [line for line in lines[top.next_line :] if not is_inline_ui_line(line)]
    if body_lines and dateline_text:
        rest = after_repeated_dateline(body_lines[0], dateline_text)
        body_lines = ([rest] if rest else []) + body_lines[1:]
    if body_lines:
        glued = split_glued_dateline(body_lines[0])
        if glued is not None:
            found, at = glued
            if dateline is None:
                dateline, dateline_text = found, body_lines[0][:at].strip()
            rest = body_lines[0][at:].strip()
            body_lines = ([rest] if rest else []) + body_lines[1:]
    title = top.title
    if top.breadcrumb and title is None:
        crumbs = breadcrumb_crumbs(top.breadcrumb)
        title = crumbs[-1] if len(crumbs) > 1 else None
    return TextLayout(
        title=title or None,
        breadcrumb=top.breadcrumb,
        header=top.header,
        dateline=dateline,
        dateline_text=dateline_text,
        body="\n".join(body_lines),
        footer=tuple(footer),
    )
