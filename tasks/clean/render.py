"""Clean stage: render an HTML page as block lines (one per paragraph, cell, list item or <br>) with DOM features."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from tasks.patterns import scanning

# Elements whose text is never article text; cut before parsing so lxml builds a smaller tree.
UNPARSED = (
    "script",
    "style",
    "noscript",
    "svg",
    "iframe",
    "select",
    "textarea",
    "template",
    "object",
    "button",
)
_OPENER = re.compile(r"<!--|<(" + "|".join(UNPARSED) + r")\b", re.I)
_CLOSERS = {name: re.compile(rf"</{name}\s*>", re.I) for name in UNPARSED} | {
    None: re.compile("-->")
}
# Inline elements that carry no structure the cleaner reads; dropping the tags (not their text) shrinks the tree.
INLINE_TAGS = (
    "span font b strong em i u small big img wbr label abbr cite sup sub ins del input".split()
)
# A quoted value never spans a '<', so each match stops at the next tag and the pass stays linear. After
# each '<', a class of first letters (matched ignoring case, as the names are) and a trie of the
# names spare the engine trying every name in turn.
_INLINE = re.compile(
    rf"""</?{scanning(INLINE_TAGS)}\b(?:[^>"'<]|"[^"<]*"|'[^'<]*')*>""",
    re.I,
)
_SURROGATE = re.compile("[\ud800-\udfff]")
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
BLOCKS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd table tbody thead tfoot tr td th section article header footer nav aside "
    "blockquote pre form fieldset hr br center figure figcaption main address caption legend details summary body html".split()
)
SKIPPED = frozenset(
    "head title meta link script style noscript svg iframe select textarea template object button input option map area audio video canvas".split()
)
CELL_BLOCKS = tuple(
    BLOCKS - {"br", "td", "th"}
)  # a cell holding one of these is page layout, not data
CELL_SEPARATOR = " | "
LABEL_ENDS = ("：", ":")
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# Cell, link and title text (read in one piece, not walked) leaves out what lies under these: ruby annotations
# (pinyin over the characters) and code. It is how bs4's get_text read them, kept so the port to lxml changed no output.
TEXT_KINDS = ("rt", "rp", "script", "style", "template")
MAX_DEPTH = 500  # deeper than any real page; what lies below is read as plain text


@dataclass(slots=True)
class Line:
    """A block of text as the page shows it, with where it sits in the rendering and in the DOM."""

    text: str
    start: int = 0
    links: int = 0  # characters inside <a>
    anchors: int = 0  # <a> elements holding text
    cells: int = 0  # non-empty cells when the line is a row of a data table: `湖北 | 147万 |`
    heading: int = 0  # 1-6 when inside <h1>-<h6>
    path: tuple[int, ...] = ()  # serial numbers of the enclosing block elements, outermost first


@dataclass(slots=True)
class Head:
    """What the page states outside its body: <title>, meta tags, canonical link."""

    title: str | None = None
    meta: dict[str, str] = field(
        default_factory=dict
    )  # lower-cased name/property/itemprop -> content
    canonical: str | None = None


def _words(text: str) -> list[str]:
    """The text split at whitespace, zero-width spaces and byte order marks (str.split is several
    times faster than a regex on the short strings rendered here)."""
    return text.replace("\u200b", " ").replace("\ufeff", " ").split()


def _spaced(text: str) -> str:
    """Each run of whitespace as one space, none at the ends."""
    return " ".join(_words(text))


def _visible_length(text: str) -> int:
    return sum(map(len, _words(text)))


def strip_unparsed(html: str) -> str:
    """Closed script/style/... blocks and comments out; an unclosed one is left to lxml, which keeps it out too."""
    return _INLINE.sub("", _drop_blocks(html))


def _drop_blocks(html: str) -> str:
    """One pass; a closer found missing once is not searched for again, so unclosed blocks cost no quadratic rescans."""
    kept, position, missing = [], 0, set()
    for opener in _OPENER.finditer(html):
        name = opener.group(1).lower() if opener.group(1) else None
        if opener.start() < position or name in missing:
            continue
        closer = _CLOSERS[name].search(html, opener.end())
        if closer is None:
            missing.add(name)
            continue
        kept.append(html[position : opener.start()])
        kept.append(" ")
        position = closer.end()
    kept.append(html[position:])
    return "".join(kept)


def parse(html: str) -> tuple[list[etree._Element], bool]:
    """The page's top-level nodes, and whether lxml read all of the page: it stops at a fatal error, such as nesting
    deeper than 2048 elements (256 without huge_tree). lxml's root is the first <html>; what follows a closed
    </html> is in a second one, a sibling of the root."""
    parser = etree.HTMLParser(huge_tree=True, collect_ids=False, encoding="utf-8")
    stripped = strip_unparsed(html)
    try:
        page = stripped.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates, which broken decoders leave behind
        page = _SURROGATE.sub("\ufffd", stripped).encode("utf-8")
    root = etree.fromstring(page, parser)
    whole = not any(error.level == etree.ErrorLevels.FATAL for error in parser.error_log)
    if root is None:  # no element at all
        return [], whole
    return [*reversed(list(root.itersiblings(preceding=True))), root, *root.itersiblings()], whole


def _first(document: list[etree._Element], name: str) -> etree._Element | None:
    return next((node for top in document for node in top.iter(name)), None)


def read_head(document: list[etree._Element]) -> Head:
    head = Head()
    title = _first(document, "title")
    if title is not None:
        head.title = _spaced(_text(title, " ")) or None
    for meta in (meta for top in document for meta in top.iter("meta")):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        content = meta.get("content")
        if key is not None and content is not None and content.strip():
            head.meta.setdefault(key.strip().lower(), content.strip())
    links = (link for top in document for link in top.iter("link"))
    link = next((link for link in links if "canonical" in link.get("rel", "").split()), None)
    if link is not None and link.get("href") is not None:
        head.canonical = link.get("href").strip() or None
    return head


class _Renderer:
    """One iterative walk over the tree: recursion would fail on deeply nested hostile pages."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.parts: list[str] = []
        self.link_chars = 0
        self.anchors = 0
        self.heading = 0
        self.serial = 0

    def flush(self, path: list[int]) -> None:
        """End the line being gathered, if it holds text; `path` is its enclosing blocks."""
        if not self.parts:  # most block boundaries end no line: nothing was gathered since the last
            self.anchors = 0
            return
        text = _spaced("".join(self.parts))
        if text:
            self.lines.append(
                Line(
                    text,
                    links=min(self.link_chars, len(text)),
                    anchors=self.anchors,
                    heading=self.heading,
                    path=tuple(path),
                )
            )
        self.parts.clear()
        self.link_chars = 0
        self.anchors = 0
        self.heading = 0

    def add_text(self, text: str, in_link: bool, heading: int) -> None:
        if not text.strip():
            if self.parts:  # a space between texts; one before the first would be stripped, and
                self.parts.append(" ")  # a line of spaces alone is no line
            return
        self.parts.append(text)
        if in_link:
            self.link_chars += _visible_length(text)
        if heading and not self.heading:
            self.heading = heading

    def walk(self, text: str | None, children: Iterator[etree._Element]) -> list[Line]:
        """Render `text` then `children`, as the content of the (block) root of the rendering."""
        path: list[int] = []
        # (children iterator, element whose children they are, is block, heading, in link); an element's tail is
        # text of its parent, rendered when its frame is popped
        frames: list[tuple[Iterator[etree._Element], etree._Element | None, bool, int, bool]] = [
            (children, None, True, 0, False)
        ]
        if text:
            self.add_text(text, False, 0)
        while frames:
            children, _, _, heading, in_link = frames[-1]
            node = next(children, None)
            if node is None:
                _, element, was_block, _, _ = frames.pop()
                if was_block:
                    self.flush(path)
                    if path:
                        path.pop()
                if element is not None and element.tail:
                    _, _, _, heading, in_link = frames[-1]
                    self.add_text(element.tail, in_link, heading)
                continue
            # comments and processing instructions (tag not a str) render nothing but their tail
            if not (
                isinstance(node.tag, str) and self._enter(node, frames, path, heading, in_link)
            ):
                if node.tail:
                    self.add_text(node.tail, in_link, heading)
        self.flush([])
        return self.lines

    def _enter(
        self, node: etree._Element, frames: list, path: list[int], heading: int, in_link: bool
    ) -> bool:
        """Render an element that has no frame of its own, or push one for its children: True when pushed."""
        name = node.tag
        if name in SKIPPED or _hidden(node):
            return False
        if name == "br" or name == "hr":
            self.flush(path)
            return False
        if len(frames) > MAX_DEPTH:
            self.add_text(_text(node, " "), in_link, heading)
            return False
        if name == "a" and not in_link:
            self.anchors += 1
        if name == "tr" and self._data_row(node, path):
            return False
        block = name in BLOCKS
        if block:
            self.flush(path)
            self.serial += 1
            path.append(self.serial)
        heading, in_link = HEADINGS.get(name, heading), in_link or name == "a"
        frames.append((iter(node), node, block, heading, in_link))
        if node.text:
            self.add_text(node.text, in_link, heading)
        return True

    def _data_row(self, row: etree._Element, path: list[int]) -> bool:
        """A table row whose cells hold only text becomes one line, `cell | cell |`, as the metric extractor
        reads tables; a row of layout cells (holding paragraphs, lists, nested tables) or of label cells is
        walked as blocks."""
        cells = [cell for cell in row if cell.tag in ("td", "th") and not _hidden(cell)]
        if len(cells) < 2 or any(_holds_blocks(cell) for cell in cells):
            return False
        texts = [_spaced(_text(cell, " ")) for cell in cells]
        if any(text.endswith(LABEL_ENDS) for text in texts):
            return False  # a metadata table (发文机关： | 某某政府): label and value stay lines of their own
        texts = [text for text in texts if text]
        self.flush(path)
        self.serial += 1
        if texts:  # a row of empty cells is border debris (`| | |`), not a line
            anchors = list(row.iterdescendants("a"))
            links = sum(_visible_length(_text(a)) for a in anchors)
            line = CELL_SEPARATOR.join(texts) + (" |" if len(texts) > 1 else "")
            self.lines.append(
                Line(
                    line,
                    links=min(links, len(line)),
                    anchors=len(anchors),
                    heading=0,
                    path=(*path, self.serial),
                    cells=len(texts),
                )
            )
        return True


def _holds_blocks(cell: etree._Element) -> bool:
    return next(cell.iterdescendants(*CELL_BLOCKS), None) is not None


def _hidden(node: etree._Element) -> bool:
    style = node.get("style")
    return style is not None and bool(_HIDDEN.search(style))


def _text(node: etree._Element, separator: str = "") -> str:
    """The strings under `node` joined by `separator`, but those under a TEXT_KINDS element (when `node` is one: those
    under another kind). Comments give their tail only."""
    kinds = [next((above.tag for above in node.iterancestors(*TEXT_KINDS)), None)]
    wanted = node.tag if node.tag in TEXT_KINDS else None
    pieces = []
    for event, element in etree.iterwalk(node, events=("start", "end", "comment", "pi")):
        if event == "start":
            kinds.append(element.tag if element.tag in TEXT_KINDS else kinds[-1])
            text = element.text
        else:
            if event == "end":
                kinds.pop()
            text = element.tail if element is not node else None
        if text and kinds[-1] == wanted:
            pieces.append(text)
    return separator.join(pieces)


def render(document: list[etree._Element]) -> list[Line]:
    body = _first(document, "body")
    if body is None:  # the whole document, each <html> a block of its own
        return _Renderer().walk(None, iter(document))
    return _Renderer().walk(body.text, iter(body))
