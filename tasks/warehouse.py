"""Load stage: the DuckDB warehouse — schema, ledger, one transaction per batch, views and checks.

SQL text lives in sql/ (schema/, views/, checks/, load/); this module only runs it and hands DuckDB
the batch as Arrow tables built with polars.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import numpy as np
import polars as pl

from tasks import stories
from tasks.publish import LOADING_MEMORY_LIMIT, RUN_DUCKDB_CONFIG
from tasks.records import Document, Reject, SiteLines, SourceFile, TemplateLine

if TYPE_CHECKING:
    from polars._typing import PolarsDataType

    Columns = dict[str, PolarsDataType]

SQL_DIR = Path(__file__).resolve().parents[1] / "sql"
HEADLINES_IN_SUMMARY = 30

_FILES_SCHEMA: Columns = {
    "path": pl.Utf8,
    "doc_id": pl.Utf8,
    "sha256": pl.Utf8,
    "size_bytes": pl.Int64,
    "status": pl.Utf8,
    "run_id": pl.Utf8,
    "seen_at": pl.Datetime("us"),
}
_DOCUMENTS_SCHEMA: Columns = {
    "doc_id": pl.Utf8,
    "path": pl.Utf8,
    "sha256": pl.Utf8,
    "input_kind": pl.Utf8,
    "site": pl.Utf8,
    "url": pl.Utf8,
    "title": pl.Utf8,
    "publish_time": pl.Utf8,
    "publish_date": pl.Date,
    "publish_year": pl.Int32,
    "source": pl.Utf8,
    "authors": pl.List(pl.Utf8),
    "editor": pl.Utf8,
    "content": pl.Utf8,
    "content_original": pl.Utf8,
    "script": pl.Utf8,
    "encoding": pl.Utf8,
    "declared_charset": pl.Utf8,
    "decode_method": pl.Utf8,
    "replaced_chars": pl.Int32,
    "debris_removed": pl.Int32,
    "bytes_in": pl.Int64,
    "chars_decoded": pl.Int32,
    "chars_content": pl.Int32,
    "chars_removed": pl.Int32,
    "removed_by_reason": pl.List(pl.Struct({"reason": pl.Utf8, "chars": pl.Int32})),
    "paragraphs": pl.Int32,
    "run_id": pl.Utf8,
    "fetched_at": pl.Utf8,
    "crawl_fields": pl.Utf8,
}
_METRICS_SCHEMA: Columns = {
    "doc_id": pl.Utf8,
    "position": pl.Int32,
    "quote": pl.Utf8,
    "source_start": pl.Int32,
    "source_end": pl.Int32,
    "sentence": pl.Utf8,
    "value": pl.Float64,
    "unit": pl.Utf8,
    "qualifier": pl.Utf8,
    "indicator": pl.Utf8,
    "indicator_class": pl.Utf8,
    "region": pl.Utf8,
    "region_code": pl.Utf8,
    "period_start": pl.Int32,
    "period_end": pl.Int32,
    "kind": pl.Utf8,
    "optional": pl.Boolean,
    "run_id": pl.Utf8,
}
_PAGE_LINES_SCHEMA: Columns = {
    "doc_id": pl.Utf8,
    "site": pl.Utf8,
    "line_key": pl.Utf8,
    "line": pl.Utf8,
}
_TEMPLATES_SCHEMA: Columns = {
    "site": pl.Utf8,
    "line_key": pl.Utf8,
    "line": pl.Utf8,
    "pages_seen": pl.Int32,
    "site_pages": pl.Int32,
    "run_id": pl.Utf8,
}
_REJECTS_SCHEMA: Columns = {
    "path": pl.Utf8,
    "sha256": pl.Utf8,
    "stage": pl.Utf8,
    "reason": pl.Utf8,
    "detail": pl.Utf8,
    "run_id": pl.Utf8,
}


@dataclass(frozen=True, slots=True)
class CheckResult:
    name: str
    offending_rows: int

    @property
    def passed(self) -> bool:
        return self.offending_rows == 0


def sql(name: str) -> str:
    return (SQL_DIR / name).read_text(encoding="utf-8")


def connect(db_path: Path) -> duckdb.DuckDBPyConnection:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(str(db_path), config=RUN_DUCKDB_CONFIG)


@contextmanager
def held_open(db_path: Path) -> Iterator[None]:
    """Keep the database open in this process for the block: the connections opened and closed
    inside it (one per batch) share it, instead of each opening the file and folding the log into it
    when it closes. They share its memory limit too: LOADING_MEMORY_LIMIT, until the block ends."""
    with connect(db_path) as con:
        con.execute(f"set memory_limit = '{LOADING_MEMORY_LIMIT}'")
        yield


def apply_schema(con: duckdb.DuckDBPyConnection) -> None:
    for path in sorted((SQL_DIR / "schema").glob("*.sql")):
        con.execute(path.read_text(encoding="utf-8"))


def apply_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Reload the reference lists the views read, then create or replace every view of sql/views
    with its comments, in file-name order; returns the view names."""
    sync_reference(con)
    names = []
    for path in sorted((SQL_DIR / "views").glob("*.sql")):
        con.execute(path.read_text(encoding="utf-8"))
        names.append(path.stem.split("_", 1)[1] if path.stem[:2].isdigit() else path.stem)
    return names


def sync_reference(con: duckdb.DuckDBPyConnection) -> None:
    """Make each table of sql/reference/<table>.csv hold exactly the file's rows."""
    for path in sorted((SQL_DIR / "reference").glob("*.csv")):
        with _transaction(con):
            con.execute(f"delete from {path.stem}")
            con.execute(
                f"insert into {path.stem} by name select * from read_csv(?, header = true, all_varchar = true)",
                [str(path)],
            )


def run_checks(con: duckdb.DuckDBPyConnection) -> list[CheckResult]:
    """Each file of sql/checks returns offending rows: none means the check passed."""
    results = []
    for path in sorted((SQL_DIR / "checks").glob("*.sql")):
        (offending,) = con.execute(
            f"select count(*) from ({path.read_text(encoding='utf-8').rstrip().rstrip(';')})"
        ).fetchone() or (0,)
        results.append(CheckResult(path.stem, offending))
    return results


def sync_regions(
    con: duckdb.DuckDBPyConnection, rows: list[tuple[str, str, str, str | None]]
) -> bool:
    """Make the regions table equal to the shipped gazetteer; returns True when it had to be rewritten."""
    frame = pl.DataFrame(
        rows,
        schema={"code": pl.Utf8, "name": pl.Utf8, "level": pl.Utf8, "parent_code": pl.Utf8},
        orient="row",
    )
    con.register("gazetteer_rows", frame.to_arrow())
    try:
        (current,) = con.execute(sql("load/regions_current.sql")).fetchone() or (False,)
        if current:
            return False
        with _transaction(con):
            con.execute(sql("load/replace_regions.sql"))
        return True
    finally:
        con.unregister("gazetteer_rows")


def ledger(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str]]:
    return {
        path: (sha, status) for path, sha, status in con.execute(sql("load/ledger.sql")).fetchall()
    }


def start_run(
    con: duckdb.DuckDBPyConnection, run_id: str, flow_run_name: str | None, raw_dir: str
) -> None:
    con.execute(
        sql("load/start_run.sql"),
        {
            "run_id": run_id,
            "flow_run_name": flow_run_name,
            "started_at": datetime.now(),
            "raw_dir": raw_dir,
        },
    )


def finish_run(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    status: str,
    counts: dict[str, int],
    stage_seconds: dict[str, float],
) -> None:
    con.execute(
        sql("load/finish_run.sql"),
        {
            "run_id": run_id,
            "finished_at": datetime.now(),
            "status": status,
            "stage_seconds": json.dumps(stage_seconds),
            **counts,
        },
    )


def known_sites(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Every site the warehouse holds pages of."""
    return {site for (site,) in con.execute(sql("load/known_sites.sql")).fetchall()}


def site_lines(
    con: duckdb.DuckDBPyConnection, sites: set[str], doc_ids: set[str]
) -> dict[str, SiteLines]:
    """What the warehouse knows of these sites' pages, the given documents (about to be replaced) left out."""
    known = {site: SiteLines() for site in sites}
    if not sites:
        return known
    con.register(
        "batch_sites", pl.DataFrame({"site": sorted(sites)}, schema={"site": pl.Utf8}).to_arrow()
    )
    con.register(
        "batch_docs",
        pl.DataFrame({"doc_id": sorted(doc_ids)}, schema={"doc_id": pl.Utf8}).to_arrow(),
    )
    try:
        for site, pages in con.execute(sql("load/site_pages.sql")).fetchall():
            known[site].pages = pages
        for site, key, pages in con.execute(sql("load/site_line_counts.sql")).fetchall():
            known[site].counts[key] = pages
    finally:
        con.unregister("batch_sites")
        con.unregister("batch_docs")
    return known


def load_batch(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    files: list[SourceFile],
    documents: list[Document],
    rejects: list[Reject],
    learnt: Sequence[TemplateLine] = (),
) -> None:
    """Replace everything the batch's files produced before, in one transaction."""
    seen_at = datetime.now()
    rejected = {reject.file.path for reject in rejects}
    tables = {
        "batch_files": pl.DataFrame(
            [
                (
                    f.path,
                    f.doc_id,
                    f.sha256,
                    f.size,
                    "rejected" if f.path in rejected else "document",
                    run_id,
                    seen_at,
                )
                for f in files
            ],
            schema=_FILES_SCHEMA,
            orient="row",
        ),
        "batch_documents": documents_frame(documents, run_id),
        "batch_metrics": metrics_frame(documents, run_id),
        "batch_rejects": pl.DataFrame(
            [(r.file.path, r.file.sha256, r.stage, r.reason, r.detail, run_id) for r in rejects],
            schema=_REJECTS_SCHEMA,
            orient="row",
        ),
        "batch_page_lines": pl.DataFrame(
            [
                (d.file.doc_id, d.article.site, key, line)
                for d in documents
                if d.article.site
                for key, line in d.page_lines.items()
            ],
            schema=_PAGE_LINES_SCHEMA,
            orient="row",
        ),
        "batch_signatures": signatures_frame(
            (d.file.doc_id, d.content, d.signature) for d in documents if d.signature is not None
        ),
        "batch_site_templates": pl.DataFrame(
            [(t.site, t.line_key, t.line, t.pages_seen, t.site_pages, run_id) for t in learnt],
            schema=_TEMPLATES_SCHEMA,
            orient="row",
        ),
    }
    for name, frame in tables.items():
        con.register(name, frame.to_arrow())
    try:
        with _transaction(con):
            con.execute(sql("load/delete_batch.sql"))
            con.execute(sql("load/insert_batch.sql"))
    finally:
        for name in tables:
            con.unregister(name)


def run_summary(con: duckdb.DuckDBPyConnection, run_id: str) -> dict:
    """The run's counts and the warehouse totals, for the run's artifact."""
    run = con.execute(sql("load/run_row.sql"), {"run_id": run_id}).pl().to_dicts()[0]
    run["metrics_by_class"] = dict(con.execute(sql("load/metrics_by_class.sql")).fetchall())
    run["rejects_by_reason"] = dict(con.execute(sql("load/rejects_by_reason.sql")).fetchall())
    run["totals"] = con.execute(sql("load/totals.sql")).pl().to_dicts()[0]
    run["headlines"] = (
        con.execute(sql("load/headlines.sql"), {"limit": HEADLINES_IN_SUMMARY}).pl().to_dicts()
    )
    return run


def touch_unchanged(con: duckdb.DuckDBPyConnection, run_id: str, paths: list[str]) -> None:
    _with_paths(con, "unchanged_files", paths, [sql("load/touch_unchanged.sql")], run_id)


def mark_removed(
    con: duckdb.DuckDBPyConnection, run_id: str, paths: list[str], drop_rows: bool
) -> None:
    statements = [sql("load/mark_removed.sql")] + (
        [sql("load/drop_removed.sql")] if drop_rows else []
    )
    _with_paths(con, "removed_files", paths, statements, run_id)


def _with_paths(
    con: duckdb.DuckDBPyConnection, table: str, paths: list[str], statements: list[str], run_id: str
) -> None:
    con.register(table, pl.DataFrame({"path": paths}, schema={"path": pl.Utf8}).to_arrow())
    try:
        with _transaction(con):
            for statement in statements:
                parameters = (
                    {"run_id": run_id, "seen_at": datetime.now()}
                    if "$run_id" in statement
                    else None
                )
                con.execute(statement, parameters)
    finally:
        con.unregister(table)


@contextmanager
def _transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """begin/commit, rollback on any exception: a failed batch leaves the warehouse as it was."""
    con.execute("begin transaction")
    try:
        yield
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")


def documents_frame(documents: list[Document], run_id: str) -> pl.DataFrame:
    rows = []
    for doc in documents:
        article, decoded = doc.article, doc.decoded
        removed = article.removed_chars()
        date = _publish_date(article.publish_time)
        rows.append(
            (
                doc.file.doc_id,
                doc.file.path,
                doc.file.sha256,
                decoded.kind,
                article.site,
                article.url,
                doc.title,
                article.publish_time,
                date,
                date.year if date else None,
                article.source,
                list(article.authors),
                article.editor,
                doc.content,
                doc.content_original,
                doc.script,
                decoded.encoding,
                decoded.declared,
                decoded.method,
                decoded.replaced,
                doc.debris_removed,
                doc.file.size,
                doc.chars_decoded,
                len(doc.content),
                sum(removed.values()),
                [{"reason": reason, "chars": chars} for reason, chars in sorted(removed.items())],
                len(doc.paragraphs),
                run_id,
                doc.crawl.fetched_at if doc.crawl else None,
                json.dumps(doc.crawl.fields, ensure_ascii=False, default=str)
                if doc.crawl
                else None,
            )
        )
    return pl.DataFrame(rows, schema=_DOCUMENTS_SCHEMA, orient="row")


def metrics_frame(documents: list[Document], run_id: str) -> pl.DataFrame:
    rows = [
        (
            doc.file.doc_id,
            position,
            m.quote,
            m.start,
            m.end,
            m.sentence,
            m.value,
            m.unit,
            m.qualifier,
            m.indicator,
            m.indicator_class,
            m.region,
            m.region_code,
            m.period_start,
            m.period_end,
            m.kind,
            m.optional,
            run_id,
        )
        for doc in documents
        for position, m in enumerate(doc.metrics)
    ]
    return pl.DataFrame(rows, schema=_METRICS_SCHEMA, orient="row")


def _publish_date(publish_time: str | None):
    if not publish_time:
        return None
    try:
        return datetime.fromisoformat(publish_time[:10]).date()
    except ValueError:
        return None


_SIGNATURES_SCHEMA: Columns = {
    "doc_id": pl.Utf8,
    "content_md5": pl.Utf8,
    "shingles": pl.Int32,
    "minhash": pl.List(pl.UInt64),
    "linked": pl.Boolean,
}
_LINKS_SCHEMA: Columns = {
    "doc_a": pl.Utf8,
    "doc_b": pl.Utf8,
    "jaccard": pl.Float64,
    "containment": pl.Float64,
}


def update_stories(con: duckdb.DuckDBPyConnection, only_added: bool = False) -> dict[str, int]:
    """Link the bodies signed since the last time (in their batches, or here for documents loaded
    before bodies were signed in batches) to their copies among every current document, and give
    each document its story; old pages are never read again. Returns what changed and the totals.

    `only_added`: the run only added documents, so every story stands and can only grow: each
    document's story so far stands in for the links that made it, which are not read again. A run
    that changed or removed documents reads every link, since a story may have lost its bridge."""
    with _transaction(con):
        _sign_stale(con)
        new = [doc_id for (doc_id,) in con.execute(sql("load/stories_unlinked.sql")).fetchall()]
        (unsettled,) = con.execute(sql("load/stories_unassigned.sql")).fetchone() or (0,)
        if not new and not unsettled:
            # Nothing new, nothing gone: every story stands as it was (an unchanged re-run).
            return _story_totals(con, 0, 0)
        # Links only ever involve a newly signed body: with none, every signature need not be read
        # and indexed again.
        found = stories.find_copies(_current_signatures(con), new) if new else stories.Copies.none()
        known = con.execute(
            sql("load/stories_so_far.sql" if only_added else "load/stories_links.sql")
        ).fetchall()
        members = [
            stories.Member(*row) for row in con.execute(sql("load/stories_members.sql")).fetchall()
        ]
        story_of = stories.stories(members, itertools.chain(known, found.pairs()))
        tables = {
            "new_links": _links_frame(found),
            "story_assignments": pl.DataFrame(
                sorted(story_of.items()),
                schema={"doc_id": pl.Utf8, "story_id": pl.Utf8},
                orient="row",
            ),
        }
        for name, frame in tables.items():
            con.register(name, frame.to_arrow())
        try:
            con.execute(sql("load/stories_assign.sql"))
        finally:
            for name in tables:
                con.unregister(name)
    return _story_totals(con, len(new), len(found))


def _links_frame(found: stories.Copies) -> pl.DataFrame:
    doc_ids = pl.Series(found.doc_ids, dtype=pl.Utf8)
    return pl.DataFrame(
        {
            "doc_a": doc_ids.gather(found.a),
            "doc_b": doc_ids.gather(found.b),
            "jaccard": found.jaccard,
            "containment": found.containment,
        },
        schema=_LINKS_SCHEMA,
    )


def _story_totals(con: duckdb.DuckDBPyConnection, signed: int, new_links: int) -> dict[str, int]:
    documents, story_count = con.execute(sql("load/stories_totals.sql")).fetchone() or (0, 0)
    return {
        "signed": signed,
        "new_links": new_links,
        "documents": documents,
        "stories": story_count,
    }


STALE_CHUNK = 1000  # bodies signed at a time where a warehouse holds documents without signatures
SIGNATURES_AT_ONCE = 10_000  # signatures read from the warehouse at a time to look for copies


def _sign_stale(con: duckdb.DuckDBPyConnection) -> int:
    """Sign the current bodies that have no signature of their present text (documents loaded by an
    older fupin), a chunk at a time, and forget signatures and links of documents that are gone."""
    stale = con.execute(sql("load/stories_stale.sql"))
    frames = []
    while rows := stale.fetchmany(STALE_CHUNK):
        frames.append(
            signatures_frame(
                (doc_id, body, stories.signature(doc_id, body)) for doc_id, body in rows
            )
        )
    new_signatures = pl.concat(frames) if frames else signatures_frame(())
    con.register("new_signatures", new_signatures.to_arrow())
    try:
        con.execute(sql("load/stories_replace_signatures.sql"))
    finally:
        con.unregister("new_signatures")
    return new_signatures.height


def signatures_frame(signed: Iterable[tuple[str, str, stories.Signature]]) -> pl.DataFrame:
    """These (doc_id, body, signature of the body) as story_signatures stores them: not linked yet."""
    return pl.DataFrame(
        [
            (
                doc_id,
                hashlib.md5(body.encode("utf-8")).hexdigest(),
                signature.shingles,
                signature.hashvalues.tolist(),
                False,
            )
            for doc_id, body, signature in signed
        ],
        schema=_SIGNATURES_SCHEMA,
        orient="row",
    )


def _current_signatures(con: duckdb.DuckDBPyConnection) -> stories.Signatures:
    """Every current document's signature as one uint32 matrix (512 bytes a document), read
    SIGNATURES_AT_ONCE at a time: never all of them as Python integers (4.5 KiB a document) or as
    one Arrow table of 64-bit values beside the matrix."""
    doc_ids: list[str] = []
    shingles, values = [], []
    reader = con.execute(sql("load/stories_signatures.sql")).to_arrow_reader(SIGNATURES_AT_ONCE)
    for chunk in reader:
        doc_ids += chunk.column("doc_id").to_pylist()
        shingles.append(chunk.column("shingles").to_numpy().astype(np.int64))
        minhash = chunk.column("minhash").flatten().to_numpy().astype(np.uint32)
        values.append(minhash.reshape(chunk.num_rows, stories.PERMUTATIONS))
    if not doc_ids:
        return stories.Signatures.of([])
    return stories.Signatures(doc_ids, np.concatenate(shingles), np.concatenate(values))
