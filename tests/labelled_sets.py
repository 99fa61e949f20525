"""Labelled sets built at test time from the real pages of ../shared (never copied into the repository).

Stories: every real article (the seeds, the dev2 metric texts, the gold bodies of both extraction
corpora) is an original; each article long enough to be syndicated also gets three copies dressed
in the furniture of another real page (its navigation and footer lines as fupin's cleaner cut them):
  - `furniture`: the same body under another site's header, source and footer;
  - `edited`: another site, a reporter's lead added, one inner paragraph dropped, a few phrases
    rewritten, the headline given a column prefix;
  - `cut`: only the first 35-60% of the body, closed by a "read the original" line.
The gold story of a page is its original. Different originals, many on the same topic (poverty
alleviation), must stay apart.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

COPY_KINDS = ("furniture", "edited", "cut")
MIN_COPIED_CHARS = 400
EDITS = ("相关部门", "有关方面", "当地", "据介绍,", "记者了解到,")


@dataclass(frozen=True, slots=True)
class Original:
    name: str
    title: str
    publish_time: str
    source: str
    paragraphs: list[str]


@dataclass(frozen=True, slots=True)
class LabelledPage:
    name: str
    story: str
    kind: str  # original, furniture, edited or cut
    text: str


def originals(shared: Path) -> list[Original]:
    found = []
    for path in sorted((shared / "seeds").glob("*.txt")) + sorted(
        (shared / "corpus" / "metrics" / "dev2" / "texts").glob("*.txt")
    ):
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
        lines = [line for line in lines if line]
        found.append(Original(path.stem, lines[0], lines[1], "", lines[2:]))
    for gold in sorted((shared / "corpus").glob("extraction*/*.json")):
        record = json.loads(gold.read_text(encoding="utf-8"))
        paragraphs = [line.strip() for line in (record.get("content") or "").splitlines()]
        found.append(
            Original(
                gold.stem,
                record.get("title") or "",
                record.get("publish_time") or "",
                record.get("source") or "",
                [line for line in paragraphs if line],
            )
        )
    return [original for original in found if original.paragraphs]


def furniture(shared: Path) -> list[tuple[list[str], list[str]]]:
    """(lines above the body, lines below it) of each real HTML page, as fupin's cleaner cut them."""
    from tasks.pipeline import explain_paths
    from tasks.records import Reject

    hosts = []
    pages = sorted((shared / "corpus").glob("extraction*/*.html"))
    for _, decisions in explain_paths(pages):
        if isinstance(decisions, Reject):
            continue
        body = [i for i, d in enumerate(decisions) if d.kept]
        if not body:
            continue
        above = [d.text for d in decisions[: body[0]] if not d.kept and 1 < len(d.text) < 40]
        below = [d.text for d in decisions[body[-1] + 1 :] if not d.kept and 1 < len(d.text) < 60]
        if len(above) >= 3 and len(below) >= 2:
            hosts.append((above[-12:], below[:8]))
    return hosts


def story_pages(shared: Path) -> list[LabelledPage]:
    hosts = furniture(shared)
    pages = []
    for number, original in enumerate(originals(shared)):
        pages.append(
            LabelledPage(original.name, original.name, "original", _page(original, ([], [])))
        )
        if sum(map(len, original.paragraphs)) < MIN_COPIED_CHARS:
            continue
        rng = random.Random(number)
        for kind in COPY_KINDS:
            host = hosts[rng.randrange(len(hosts))]
            copy = _edited(original, rng) if kind == "edited" else original
            if kind == "cut":
                copy = _cut(original, rng)
            pages.append(
                LabelledPage(f"{original.name}~{kind}", original.name, kind, _page(copy, host, rng))
            )
    return pages


def write(pages: list[LabelledPage], folder: Path) -> Iterator[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    for page in pages:
        path = folder / f"{page.name}.txt"
        path.write_text(page.text, encoding="utf-8")
        yield path


def _page(
    original: Original, host: tuple[list[str], list[str]], rng: random.Random | None = None
) -> str:
    above, below = host
    header = [original.title, f"{original.publish_time}  来源:{original.source}".rstrip(":")]
    body = [f"  {paragraph}" for paragraph in original.paragraphs]
    editor = [f"责任编辑:{rng.choice('王李张刘陈')}某"] if rng else []
    return "\n\n".join([*above, *header, *body, *editor, *below]) + "\n"


def _edited(original: Original, rng: random.Random) -> Original:
    paragraphs = list(original.paragraphs)
    if len(paragraphs) >= 4:
        del paragraphs[rng.randrange(1, len(paragraphs) - 1)]
    for _ in range(3):
        index = rng.randrange(len(paragraphs))
        text = paragraphs[index]
        if len(text) > 20:
            start = rng.randrange(len(text) - 8)
            text = text[:start] + rng.choice(EDITS) + text[start + 4 :]
        paragraphs[index] = text
    lead = f"本网讯(记者 {rng.choice('王李张刘陈')}某)"
    paragraphs[0] = lead + paragraphs[0]
    return Original(
        original.name, f"【扶贫动态】{original.title}", original.publish_time, "", paragraphs
    )


def _cut(original: Original, rng: random.Random) -> Original:
    """The first 35-60% of the body's characters, at a paragraph end where there is one."""
    total = sum(map(len, original.paragraphs))
    keep = total * rng.uniform(0.35, 0.6)
    paragraphs, kept = [], 0
    for paragraph in original.paragraphs:
        if kept + len(paragraph) > keep:
            if not paragraphs:
                paragraphs.append(paragraph[: int(keep)])
            break
        paragraphs.append(paragraph)
        kept += len(paragraph)
    return Original(
        original.name,
        original.title,
        original.publish_time,
        original.source,
        [*paragraphs, "(未完,点击阅读原文)"],
    )


# Claims: real figures restated by other stories, some with the number changed.
CLAIM_SOURCES = ("seeds/*.txt", "corpus/metrics/dev2/texts/*.txt")
FACTS_PER_DOCUMENT = 3
CONFLICT_FACTOR = 1.37
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


@dataclass(frozen=True, slots=True)
class Fact:
    """A figure of an original text: the sentence stating it, and its number as written."""

    number: int
    doc_id: str
    title: str
    dateline: str
    sentence: str
    quote: str


def claim_originals(shared: Path) -> list[Path]:
    return [path for pattern in CLAIM_SOURCES for path in sorted(shared.glob(pattern))]


def filler(shared: Path) -> Iterator[str]:
    """Paragraphs with no figure (no digit, 万, 亿 or percent) from the extraction corpora's gold
    bodies, each given out once: the body of a restating story, so that no two labelled pages are
    copies of one story."""
    for gold in sorted((shared / "corpus").glob("extraction*/*.json")):
        content = json.loads(gold.read_text(encoding="utf-8")).get("content") or ""
        for paragraph in content.splitlines():
            paragraph = paragraph.strip()
            if 60 <= len(paragraph) <= 600 and not re.search(r"[0-9０-９万亿%％]", paragraph):
                yield paragraph


def claim_pages(shared: Path, facts: list[Fact]) -> list[LabelledPage]:
    """Per fact: `restated` (another story states the same figure), `conflict` (another story states
    a different number) and `copy` (a syndicated copy of the original with the number changed, which
    is the same story and must not conflict with it). The story label is the fact's number."""
    bodies = filler(shared)
    pages = []
    originals = {path.stem: path for path in claim_originals(shared)}
    for fact in facts:
        altered = fact.sentence.replace(fact.quote, _altered(fact.quote), 1)
        for kind, sentence in (("restated", fact.sentence), ("conflict", altered)):
            text = "\n\n".join(
                [
                    f"{fact.title}(摘编)",
                    fact.dateline,
                    f"  {next(bodies)}",
                    f"  {sentence}",
                    f"  {next(bodies)}",
                ]
            )
            pages.append(
                LabelledPage(f"fact{fact.number:03d}-{kind}", str(fact.number), kind, text + "\n")
            )
        original = originals[fact.doc_id].read_text(encoding="utf-8")
        if fact.sentence in original:
            copy = "网站首页 > 新闻中心 > 扶贫动态\n\n" + original.replace(
                fact.sentence, altered, 1
            )
            pages.append(
                LabelledPage(f"fact{fact.number:03d}-copy", str(fact.number), "copy", copy)
            )
    return pages


def _altered(quote: str) -> str:
    """The quote with its number scaled by CONFLICT_FACTOR, written with as many decimals."""
    match = _NUMBER.search(quote)
    assert match, quote
    written = match.group()
    decimals = len(written.partition(".")[2])
    changed = f"{float(written) * CONFLICT_FACTOR:.{decimals}f}"
    return quote[: match.start()] + changed + quote[match.end() :]
