"""Clean stage: why each rendered line was kept or cut, so a wrong cut can be seen and reported (`fupin clean --explain`)."""

from __future__ import annotations

from dataclasses import dataclass

from tasks.clean import meta
from tasks.clean.boilerplate import evidence
from tasks.clean.document import BODY, TITLE, Analysis, Cut, Page, page_owner


@dataclass(frozen=True, slots=True)
class Decision:
    """One rendered line and what the cleaner made of it."""

    text: str  # the block/line as rendered
    kept: bool  # part of the article body
    role: str  # body | title | metadata | furniture | outside (outside the chosen body run, no rule matched)
    reason: str  # rule or evidence: a boilerplate.toml table, label:来源, date, credit, title, density, in_body, ...
    detail: str = ""  # the pattern or label that matched, or the figures that decided


def decisions(analysis: Analysis) -> list[Decision]:
    """One Decision per line, in page order; the kept ones are the Article's paragraphs."""
    return [_decision(analysis, index, cut) for index, cut in enumerate(analysis.cuts)]


def _decision(analysis: Analysis, index: int, cut: Cut) -> Decision:
    page = analysis.page
    text = page.lines[index].text
    verdict = page.verdicts[index]
    if cut == BODY:
        return Decision(text, True, cut.role, cut.reason, page.density(index))
    if cut == TITLE:
        return Decision(text, False, cut.role, cut.reason, analysis.title_evidence)
    if verdict is not None:
        detail = evidence(text, verdict.reason)
        owner = meta.copyright_owner(text)
        if owner and analysis.article.authors == [owner] and page_owner(page) == owner:
            detail += (
                f"; names the page's owner {owner}, taken as the author (nothing nearer names one)"
            )
        return Decision(text, False, cut.role, cut.reason, detail)
    if cut.role == "metadata":
        return Decision(text, False, cut.role, *_metadata(page, index, cut.reason))
    if cut.role == "outside" and analysis.thread is not None and index >= analysis.thread:
        return Decision(
            text,
            False,
            cut.role,
            "comment_thread",
            f"below line {analysis.thread + 1}, the first of several dated stamp lines after the article",
        )
    if cut.role == "outside":
        run = (
            f"outside the body run (lines {analysis.first + 1}-{analysis.last + 1})"
            if analysis.last >= analysis.first
            else "no body run"
        )
        return Decision(text, False, cut.role, "density", f"{run}: {page.density(index)}")
    if cut.reason == "repeated_headline":
        return Decision(
            text, False, cut.role, cut.reason, f"part of the title: {analysis.article.title.text}"
        )
    return Decision(text, False, cut.role, cut.reason, page.density(index))


def _metadata(page: Page, index: int, recorded: str) -> tuple[str, str]:
    """`label:来源` for a labelled line, `date` for a bare dateline, `credit` for `记者 刘涛`; the values read as detail."""
    text = page.lines[index].text
    if not page.is_metadata(index):
        if recorded == "source_credit":
            return "credit", f"{recorded}: source {meta.closing_source(text)}"
        names = meta.credit_names(text)
        if names is None:  # cut as a byline, yet no credit: a name alone under the headline
            return "credit", f"{recorded}: a name alone under the headline, {text.strip()}"
        return "credit", f"{recorded}: " + (
            f"names {'、'.join(names)}" if names else "credit for work other than writing"
        )
    found = page.fields_of(index)
    values = [f"source {found.source}"] if found.source else []
    values += [f"authors {'、'.join(found.authors)}"] if found.authors else []
    values += [f"editor {found.editor}"] if found.editor else []
    values += [f"date {hit.iso()}" for hit in found.dates]
    reason = f"label:{found.labels[0]}" if found.labels else "date"
    return reason, f"{recorded}: {'; '.join(values or found.labels)}"
