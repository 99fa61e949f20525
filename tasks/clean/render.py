"""Clean stage: render an HTML page as block lines (one per paragraph, cell, list item or <br>) with DOM features."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bs4 import (
    BeautifulSoup,
    Comment,
    Declaration,
    Doctype,
    NavigableString,
    ProcessingInstruction,
    Tag,
)

# Elements whose text is never article text; cut before parsing so bs4 builds a smaller tree.
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
# Inline elements that carry no structure the cleaner reads; dropping the tags (not their text) halves bs4's work.
# A quoted value never spans a '<', so each match stops at the next tag and the pass stays linear.
_INLINE = re.compile(
    r"""</?(?:span|font|b|strong|em|i|u|small|big|img|wbr|label|abbr|cite|sup|sub|ins|del|input)\b(?:[^>"'<]|"[^"<]*"|'[^'<]*')*>""",
    re.I,
)
_SURROGATE = re.compile("[\ud800-\udfff]")
_SPACE = re.compile(r"[\s\u200b\ufeff]+")
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


def parse(html: str) -> BeautifulSoup:
    # lxml cannot encode lone surrogates, which broken decoders leave behind
    return BeautifulSoup(_SURROGATE.sub("\ufffd", strip_unparsed(html)), "lxml")


def read_head(soup: BeautifulSoup) -> Head:
    head = Head()
    title = soup.find("title")
    if title is not None:
        head.title = _SPACE.sub(" ", title.get_text(" ")).strip() or None
    for meta in soup.find_all("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        content = meta.get("content")
        if isinstance(key, str) and isinstance(content, str) and content.strip():
            head.meta.setdefault(key.strip().lower(), content.strip())
    link = soup.find("link", rel="canonical")
    if link is not None and isinstance(link.get("href"), str):
        head.canonical = link["href"].strip() or None
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

    def flush(self, path: tuple[int, ...]) -> None:
        text = _SPACE.sub(" ", "".join(self.parts)).strip()
        if text:
            self.lines.append(
                Line(
                    text,
                    links=min(self.link_chars, len(text)),
                    anchors=self.anchors,
                    heading=self.heading,
                    path=path,
                )
            )
        self.parts.clear()
        self.link_chars = 0
        self.anchors = 0
        self.heading = 0

    def add_text(self, text: str, in_link: bool, heading: int) -> None:
        if not text.strip():
            self.parts.append(" ")
            return
        self.parts.append(text)
        if in_link:
            self.link_chars += len(_SPACE.sub("", text))
        if heading and not self.heading:
            self.heading = heading

    def walk(self, root: Tag) -> list[Line]:
        path: list[int] = []
        frames: list[
            tuple[object, bool, int, bool]
        ] = []  # (children iterator, is block, heading, in link)
        frames.append((iter(root.contents), True, 0, False))
        while frames:
            children, _, heading, in_link = frames[-1]
            node = next(children, None)
            if node is None:
                _, was_block, _, _ = frames.pop()
                if was_block:
                    self.flush(tuple(path))
                    if path:
                        path.pop()
                continue
            if isinstance(node, Tag):
                self._enter(node, frames, path, heading, in_link)
            elif isinstance(node, NavigableString) and not isinstance(
                node, (Comment, Declaration, Doctype, ProcessingInstruction)
            ):
                self.add_text(str(node), in_link, heading)
        self.flush(())
        return self.lines

    def _enter(self, node: Tag, frames: list, path: list[int], heading: int, in_link: bool) -> None:
        name = node.name
        if name in SKIPPED or _hidden(node):
            return
        if name == "br" or name == "hr":
            self.flush(tuple(path))
            return
        if len(frames) > MAX_DEPTH:
            self.add_text(node.get_text(" "), in_link, heading)
            return
        if name == "a" and not in_link:
            self.anchors += 1
        if name == "tr" and self._data_row(node, path):
            return
        block = name in BLOCKS
        if block:
            self.flush(tuple(path))
            self.serial += 1
            path.append(self.serial)
        frames.append(
            (iter(node.contents), block, HEADINGS.get(name, heading), in_link or name == "a")
        )

    def _data_row(self, row: Tag, path: list[int]) -> bool:
        """A table row whose cells hold only text becomes one line, `cell | cell |`, as the metric extractor
        reads tables; a row of layout cells (holding paragraphs, lists, nested tables) or of label cells is
        walked as blocks."""
        cells = [
            cell
            for cell in row.contents
            if isinstance(cell, Tag) and cell.name in ("td", "th") and not _hidden(cell)
        ]
        if len(cells) < 2 or any(_holds_blocks(cell) for cell in cells):
            return False
        texts = [_SPACE.sub(" ", cell.get_text(" ")).strip() for cell in cells]
        if any(text.endswith(LABEL_ENDS) for text in texts):
            return False  # a metadata table (发文机关： | 某某政府): label and value stay lines of their own
        texts = [text for text in texts if text]
        self.flush(tuple(path))
        self.serial += 1
        if texts:  # a row of empty cells is border debris (`| | |`), not a line
            anchors = row.find_all("a")
            links = sum(len(_SPACE.sub("", a.get_text())) for a in anchors)
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


def _holds_blocks(cell: Tag) -> bool:
    """A plain walk, stopping at the first block: bs4's find() builds a filter per call, too slow per row."""
    return any(isinstance(node, Tag) and node.name in CELL_BLOCKS for node in cell.descendants)


def _hidden(node: Tag) -> bool:
    style = node.get("style")
    return isinstance(style, str) and bool(_HIDDEN.search(style))


def render(soup: BeautifulSoup) -> list[Line]:
    root = soup.body or soup
    return _Renderer().walk(root)
