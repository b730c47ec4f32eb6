"""A cheap main-content finder for ordinary news pages: the paragraphs' container.

Most news pages hold the story as a run of ``<p>`` elements inside one container
(``<div class="article-body">``, ``<div id="articleBody">``). This module finds that
container in one pass over the ``<p>`` elements of the parsed tree and reads its text,
so the common page never reaches the general-purpose extractor (trafilatura), whose
tree copies and dozens of XPath sweeps cost several times more than everything else
in HTML extraction.

It answers only when the page is plainly of that shape and returns ``None`` otherwise
(no sizeable paragraphs, or paragraphs scattered so that no element below ``<body>``
holds most of their text); the caller then asks the general extractor.

How the container is chosen:

* every ``<p>`` outside page chrome (``nav``, ``aside``, ``footer``, ``form``, or an
  element whose class/id names comments, related stories, share bars, sidebars …) with
  at least ``MIN_PARAGRAPH_CHARS`` characters, at most half of them link text, counts
  with its non-link characters;
* when more such text sits in chrome than outside it (long reader comments, or a story
  wrapped in a class that merely looks like chrome), the page is left to the general
  extractor;
* the container is the deepest element holding ``CONTAINER_SHARE`` of all counted
  characters and at least two counted paragraphs (when there are two);
* sizeable text outside paragraphs (``<div>`` text between ``<br>``) outside the container
  vetoes it: the story may be that text;
* counted paragraphs just before the container under its parent or grandparent are the
  lead (a standfirst in a sibling ``<div class="excerpt">``); what follows the story is
  comments and boxes, never taken;
* its text is read block by block (each block element and ``<br>`` ends a paragraph),
  chrome subtrees, byline/meta blocks, scripts, figures, forms and tables left out (as
  the general extractor leaves them out by default).

Checked against the trafilatura path in the same run: identical Articles on 500 pages
of the benchmark layout, the two html_dev pages and the example pages, and on 100 pages
each of eight other layouts (byline paragraph, lead in a sibling block, related stories
and a tweet inside the body, comments, per-paragraph wrappers …) but one page, where
trafilatura took the page header into the body.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

# A <p> shorter than this is a caption, a button or a date line, not story text.
MIN_PARAGRAPH_CHARS = 25
# A <p> whose link text is more than this share of its text is a teaser or a menu.
MAX_LINK_SHARE = 0.5
# The container must hold this share of the counted paragraph text …
CONTAINER_SHARE = 0.8
# … and at least this many characters of it; below, the page is not plainly an article.
MIN_CONTENT_CHARS = 200

# The container's text as read must keep at least this share of its counted paragraph
# text (subtrees left out when reading — tables, figures, byline blocks — may hold it).
READ_SHARE = 0.5
# Lead paragraphs are looked for this many levels above the container.
LEAD_LEVELS = 2
# Sizeable text outside paragraphs, links and headings (``<div>`` text between ``<br>``)
# outside the container may be at most this share of the container's paragraph text.
LOOSE_TEXT_SHARE = 0.5
_LOOSE_TEXT = etree.XPath(
    f".//text()[string-length(.) >= {MIN_PARAGRAPH_CHARS}]"
    f"[string-length(normalize-space(.)) >= {MIN_PARAGRAPH_CHARS}]"
    "[not(ancestor::p or ancestor::a or ancestor::h1 or ancestor::h2 or ancestor::h3"
    " or ancestor::h4 or ancestor::h5 or ancestor::h6 or ancestor::script or ancestor::style"
    " or ancestor::noscript or ancestor::template or ancestor::title)]",
)

# Elements that are page chrome wherever they are.
CHROME_TAGS = frozenset({"nav", "aside", "footer", "form", "menu"})
# Elements whose text is never story text.
SKIPPED_TAGS = frozenset(
    {"script", "style", "noscript", "template", "svg", "head", "title", "iframe", "figure",
     "picture", "video", "audio", "object", "embed", "canvas", "map", "button", "select",
     "textarea", "input", "label", "nav", "aside", "footer", "form", "menu", "table"}
)
# Class/id words (split at non-letters) that mark chrome: share bars, related stories …
CHROME_WORDS = frozenset(
    {"comment", "comments", "related", "share", "sharing", "social", "sidebar", "widget",
     "newsletter", "popular", "most", "breadcrumb", "breadcrumbs", "menu", "navbar", "nav",
     "ad", "ads", "adv", "advert", "advertisement", "banner", "tags", "promo", "recommended",
     "subscribe", "cookie", "cookies", "footer", "copyright", "signup", "login", "ticker",
     "toolbar", "pagination", "outbrain", "taboola", "disqus", "readmore", "more"}
)
# Class/id words of the byline and date block inside a story (``<p class="byline">كتب:
# …</p>``): left out of the text, as the general extractor leaves them out; the author is
# read from that element by ``extract.html``. Not chrome: a whole story may sit in a
# ``post-meta`` wrapper, so these words never stop a paragraph from counting.
BYLINE_WORDS = frozenset({"byline", "author", "authors", "meta", "timestamp"})
# Block elements: each one (and each <br>) ends a paragraph.
BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 "
    "h5 h6 header hr li main nav ol p pre section table tbody td th thead tr ul".split()
)
_WORD = re.compile(r"[a-z]+")


def is_chrome_name(value: str | None) -> bool:
    """Whether a class or id value names page chrome.

    >>> is_chrome_name("post-share-bar"), is_chrome_name("article-body"), is_chrome_name(None)
    (True, False, False)
    """
    if not value:
        return False
    return any(word in CHROME_WORDS for word in _WORD.findall(value.lower()))


def is_chrome(element: Any) -> bool:
    """Whether an element is page chrome by its tag, class or id."""
    return (
        element.tag in CHROME_TAGS
        or is_chrome_name(element.get("class"))
        or is_chrome_name(element.get("id"))
    )


def element_text(element: Any) -> str:
    """``element.text_content()``: the text of the element and everything below it.

    An element without children (most paragraphs and links) holds it all in ``.text``;
    reading that skips the XPath evaluation ``text_content`` runs on every call.
    """
    if len(element) == 0:
        return element.text or ""
    return str(element.text_content())


def _counted_chars(paragraph: Any) -> int:
    """Non-link characters of a ``<p>`` worth counting, 0 when it does not count."""
    text = element_text(paragraph)
    if len(text) < MIN_PARAGRAPH_CHARS:  # collapsing whitespace only shortens it
        return 0
    size = len(" ".join(text.split()))
    if size < MIN_PARAGRAPH_CHARS:
        return 0
    linked = sum(len(" ".join(element_text(a).split())) for a in paragraph.iter("a"))
    if linked > MAX_LINK_SHARE * size:
        return 0
    return size - linked


@dataclass(frozen=True, slots=True)
class Story:
    """Where a page's story is: its container, and the lead paragraphs just before it
    (a standfirst in a sibling ``<div class="excerpt">``), in document order."""

    container: Any
    leads: tuple[Any, ...] = ()
    weight: int = 0  # counted paragraph characters inside the container


def content_container(root: Any) -> Any | None:
    """The deepest element under ``root`` holding most of the story paragraphs' text, or
    None when the page is not plainly a run of paragraphs."""
    story = find_story(root)
    return story.container if story is not None else None


def find_story(root: Any) -> Story | None:
    """The story's container and lead paragraphs under ``root``; None when the page is
    not plainly a run of paragraphs."""
    weights: dict[Any, int] = {}
    counts: dict[Any, int] = {}  # counted paragraphs under each element
    chrome: dict[Any, bool] = {}  # per ancestor, memoised: pages nest deep
    counted: list[tuple[Any, list[Any]]] = []  # counted paragraphs with their ancestors
    total = in_chrome = 0
    for paragraph in root.iter("p"):
        ancestors = [paragraph]
        for element in paragraph.iterancestors():
            if element is root:
                break  # <body class="… sidebar-right">: the page's own classes say nothing
            ancestors.append(element)
        size = _counted_chars(paragraph)
        if not size:
            continue
        if any(_memo_chrome(element, chrome) for element in ancestors):
            in_chrome += size
            continue
        total += size
        counted.append((paragraph, ancestors))
        for element in ancestors[1:]:
            weights[element] = weights.get(element, 0) + size
            counts[element] = counts.get(element, 0) + 1
    # More paragraph text in chrome than outside it: long reader comments, or a story
    # wrapped in a class that merely looks like chrome ("elementor-widget-…"). Either
    # way the page is not plainly a run of story paragraphs.
    if total < MIN_CONTENT_CHARS or in_chrome > total:
        return None
    best = None
    best_depth = -1
    needed = CONTAINER_SHARE * total
    # A container of one paragraph is no container when there are more: one long
    # paragraph may hold most of a story whose every paragraph has its own <div>.
    paragraphs_needed = min(2, len(counted))
    for element, weight in weights.items():
        if weight < needed or counts[element] < paragraphs_needed:
            continue
        depth = sum(1 for _ in element.iterancestors())
        if depth > best_depth:
            best, best_depth = element, depth
    if best is None or best.tag in ("body", "html"):
        return None
    allowed = LOOSE_TEXT_SHARE * weights[best]
    # All the text outside the container bounds the loose text there: when even that is
    # within the allowance, the node-by-node look is skipped.
    outside = len(root.text_content()) - len(best.text_content())
    if outside > allowed and _loose_text_outside(root, best, chrome) > allowed:
        return None
    return Story(best, _leads(best, root, counted), weights[best])


def _leads(container: Any, root: Any, counted: list[tuple[Any, list[Any]]]) -> tuple[Any, ...]:
    """Counted paragraphs before the container, under its parent or grandparent (below
    ``root``): a lead or standfirst set apart from the body. Paragraphs after it are
    left out — what follows a story is comments, related stories and boxes."""
    near: list[Any] = []
    element = container.getparent()
    while element is not None and element is not root and len(near) < LEAD_LEVELS:
        near.append(element)
        element = element.getparent()
    leads: list[Any] = []
    for paragraph, ancestors in counted:
        if container in ancestors:
            break  # document order: the story has started
        shared = next((i for i, element in enumerate(ancestors) if element in near), None)
        # Below the shared ancestor, nothing the story's own reading would leave out
        # (a <p class="byline"> is the author, not a lead).
        if shared is not None and not any(_skipped(e) for e in ancestors[:shared]):
            leads.append(paragraph)
    return tuple(leads)


def _loose_text_outside(root: Any, container: Any, chrome: dict[Any, bool]) -> int:
    """Characters of sizeable text outside any ``<p>``, link or heading, outside
    ``container`` and outside chrome: story text written as ``<div>`` text between
    ``<br>`` that the paragraph count cannot see."""
    size = 0
    for text in _LOOSE_TEXT(root):
        owner = text.getparent()
        if text.is_tail:
            owner = owner.getparent()
        chain = []  # the text's element and its ancestors below root (root's classes: none)
        while owner is not None and owner is not root:
            chain.append(owner)
            owner = owner.getparent()
        if any(element is container for element in chain):
            continue
        if any(_memo_chrome(element, chrome) for element in chain):
            continue
        size += len(" ".join(text.split()))
    return size


def _memo_chrome(element: Any, memo: dict[Any, bool]) -> bool:
    found = memo.get(element)
    if found is None:
        found = memo[element] = is_chrome(element)
    return found


def walk_pieces(
    root: Any, skip: Callable[[Any], bool], blocks: frozenset[str]
) -> Iterator[str | None]:
    """Text pieces under ``root`` in document order, ``None`` where a block element starts
    or ends; a subtree ``skip`` rejects (never ``root`` itself) is left out, its tail kept.

    One C-level walk (``etree.iterwalk``) instead of a generator per element: the
    recursive walk cost more than reading the text.
    """
    walker = etree.iterwalk(root, events=("start", "end"))
    skipped = None  # the element whose subtree is being skipped (its end event still comes)
    for event, element in walker:
        tag = element.tag
        if event == "start":
            if element is not root and (not isinstance(tag, str) or skip(element)):
                walker.skip_subtree()
                skipped = element
                continue
            if tag in blocks:
                yield None
            if element.text:
                yield element.text
            continue
        if element is skipped:
            skipped = None
        elif tag in blocks:
            yield None
        if element is not root and element.tail:
            yield element.tail


def walk_blocks(
    root: Any, skip: Callable[[Any], bool], blocks: frozenset[str], newline_ends: bool = False
) -> Iterator[tuple[str, bool]]:
    """The text of ``root`` cut at block elements, as ``(text, last)``: the text between
    two block boundaries (never empty), then the text after the last one (``last`` True,
    possibly empty). A subtree ``skip`` rejects (never ``root`` itself) is left out, its
    tail kept; with ``newline_ends`` a text node that is exactly ``"\n"`` is a boundary too.

    ``walk_pieces`` joined by its consumer, without a generator step per text piece.
    """
    walker = etree.iterwalk(root, events=("start", "end"))
    skipped = None  # the element whose subtree is being skipped (its end event still comes)
    buffer: list[str] = []
    for event, element in walker:
        tag = element.tag
        if event == "start":
            if element is not root and (not isinstance(tag, str) or skip(element)):
                walker.skip_subtree()
                skipped = element
                continue
            if tag in blocks and buffer:
                yield "".join(buffer), False
                buffer = []
            piece = element.text
        else:
            if element is skipped:
                skipped = None
            elif tag in blocks and buffer:
                yield "".join(buffer), False
                buffer = []
            piece = element.tail if element is not root else None
        if piece:
            if newline_ends and piece == "\n":
                if buffer:
                    yield "".join(buffer), False
                    buffer = []
            else:
                buffer.append(piece)
    yield "".join(buffer), True


def _skipped(element: Any) -> bool:
    return (
        element.tag in SKIPPED_TAGS
        or is_chrome(element)
        or _names_any(element.get("class"), BYLINE_WORDS)
        or _names_any(element.get("id"), BYLINE_WORDS)
    )


def _names_any(value: str | None, words: frozenset[str]) -> bool:
    if not value:
        return False
    return any(word in words for word in _WORD.findall(value.lower()))


def block_pieces(element: Any) -> Iterator[str | None]:
    """Text pieces of ``element`` in order, ``None`` where a block starts or ends; chrome
    and non-text subtrees (below the element) are left out, their tails kept."""
    return walk_pieces(element, _skipped, BLOCK_TAGS)


def container_paragraphs(container: Any) -> tuple[str, ...]:
    """The container's text as paragraphs, whitespace collapsed, empty ones dropped."""
    paragraphs: list[str] = []
    for raw, _last in walk_blocks(container, _skipped, BLOCK_TAGS):
        text = " ".join(raw.split())
        if text:
            paragraphs.append(text)
    return tuple(paragraphs)


def body_of(tree: Any) -> Any:
    """The ``<body>`` of a parsed document (the parser always makes one), else the root.

    A look at the root's children: ``find(".//body")`` parses its path on every call.
    """
    for child in tree:
        if child.tag == "body":
            return child
    return tree


def dense_paragraphs(tree: Any) -> tuple[str, ...] | None:
    """The story paragraphs of a page whose story is a run of ``<p>`` in one container;
    None when the page does not plainly have that shape (ask a general extractor)."""
    story = find_story(body_of(tree))
    if story is None:
        return None
    body = container_paragraphs(story.container)
    if sum(len(text) for text in body) < READ_SHARE * story.weight:
        # The reading left out most of what was counted (story paragraphs inside a
        # table, a figure or a block named like a byline): not plainly a run of <p>.
        return None
    leads = tuple(text for lead in story.leads for text in container_paragraphs(lead))
    return leads + body or None
