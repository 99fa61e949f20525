"""The fupin-etl flow: raw pages in, the DuckDB warehouse out, one transaction per batch."""

from __future__ import annotations

import html
import re
import uuid
from pathlib import Path

from prefect import flow
from prefect.artifacts import create_link_artifact, create_markdown_artifact
from prefect.runtime import flow_run

from flows.batches import cluster_threads, load_batches
from tasks import stages
from tasks.publish import writer_lock
from tasks.stages import unwalked
from tasks.workers import cores

ARTIFACT_KEY = "fupin-etl-summary"
REPORT_ARTIFACT_KEY = "fupin-etl-report"


@flow(
    name="fupin-etl",
    description="Clean scraped poverty-alleviation pages and load articles and metrics into DuckDB.",
)
def etl(
    raw: str = "raw",
    db: str = "data/warehouse.duckdb",
    batch_size: int = 200,
    full_refresh: bool = False,
    drop_removed: bool = False,
    follow_links: bool = False,
    workers: int | None = None,
    dask_address: str | None = None,
) -> dict:
    """Process new and changed files under `raw` into the warehouse `db`.

    workers: batches whose pure stages run at once, each in a worker process (default: one per
    core); with `dask_address`, how many batches are sent to the cluster at once (default: its
    worker threads).
    dask_address: run the pure stages on the Dask cluster whose scheduler is there
    (tcp://HOST:PORT); the warehouse is still written by this process alone.
    full_refresh: reprocess unchanged files too (after upgrading fupin).
    drop_removed: delete the rows of files that are gone from `raw` (they are kept and marked otherwise).
    follow_links: read links that resolve outside `raw` and walk linked folders (else they are rejects).
    """
    raw_dir, db_path = Path(raw).resolve(), Path(db).resolve()
    if not raw_dir.is_dir():
        raise NotADirectoryError(f"input folder {raw_dir} does not exist")
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    if workers is not None and workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    with writer_lock(db_path):
        working = stages.start_working_copy(db_path)
        try:
            summary = _run(
                raw_dir,
                working,
                batch_size,
                full_refresh,
                drop_removed,
                follow_links,
                workers,
                dask_address,
            )
            stages.publish_warehouse(working, db_path)
        finally:
            # After a publish nothing is left; after a failure the copy is only a disk filler.
            stages.remove_working_copy(db_path)
    report = stages.write_report(db_path)
    create_markdown_artifact(
        key=ARTIFACT_KEY,
        markdown=summary_markdown(summary, db_path, report),
        description="The warehouse's headline figures, and what this fupin-etl run read, kept, rejected and loaded",
    )
    create_link_artifact(
        key=REPORT_ARTIFACT_KEY,
        link=report.as_uri(),
        link_text=f"fupin report of {db_path.name}",
        description="Self-contained HTML report: headline figures, conflicting claims, extraction quality",
    )
    summary["report"] = str(report)
    return summary


def _run(
    raw_dir: Path,
    db_path: Path,
    batch_size: int,
    full_refresh: bool,
    drop_removed: bool,
    follow_links: bool,
    workers: int | None,
    dask_address: str | None,
) -> dict:
    """Everything the run writes goes to `db_path`, the run's working copy."""
    run_id = flow_run.get_id() or f"cli-{uuid.uuid4()}"
    stages.prepare_warehouse(db_path, run_id, flow_run.get_name(), raw_dir)
    plan = stages.discover(raw_dir, db_path, full_refresh, follow_links)
    rejects = 0
    if plan.unreadable:
        unreadable = unwalked(plan.unreadable)
        stages.load_batch(
            db_path, run_id, unwalked([r.file for r in plan.unreadable]), [], unreadable
        )
        rejects += len(plan.unreadable)
    known = stages.site_knowledge(db_path, unwalked(plan.todo))
    if dask_address:
        from prefect_dask import DaskTaskRunner

        at_once = workers or cluster_threads(dask_address)
        with DaskTaskRunner(address=dask_address) as cluster:
            loaded = load_batches(db_path, run_id, plan.todo, batch_size, known, at_once, cluster)
    else:
        loaded = load_batches(db_path, run_id, plan.todo, batch_size, known, workers or cores())
    stages.update_ledger(db_path, run_id, plan.unchanged, plan.removed, drop_removed)
    story_counts = stages.update_stories(db_path, only_added=not (plan.changed or plan.removed))
    stages.apply_views(db_path)
    checks = stages.run_checks(db_path)
    failed_checks = [check.name for check in checks if not check.passed]
    summary = stages.finish_run(
        db_path,
        run_id,
        "checks_failed" if failed_checks else "completed",
        {
            "files_seen": plan.seen,
            "files_new": plan.new,
            "files_changed": plan.changed,
            "files_unchanged": len(plan.unchanged),
            "files_removed": len(plan.removed),
            "documents_loaded": loaded.documents,
            "metrics_loaded": loaded.metrics,
            "rejects_loaded": rejects + loaded.rejects,
            "checks_passed": len(checks) - len(failed_checks),
            "checks_failed": len(failed_checks),
        },
        {stage: round(seconds, 3) for stage, seconds in loaded.stage_seconds.items()},
    )
    summary["failed_checks"] = failed_checks
    summary["stories"] = story_counts
    summary["slowest_files"] = loaded.slowest_files
    return summary


# Control characters (a line break in a file name would end a table row) and every character that
# markdown or HTML would read as markup.
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]")
_MARKUP = re.compile(r"([\\`*_{}\[\]()#+\-.!|~:])")


def markdown_text(text: str) -> str:
    """Text from the input (file names, paths) shown as itself in a markdown artifact, also inside
    a table cell: nothing in it can end the table, make a heading, a link or an image, or HTML."""
    flat = _CONTROL.sub(" ", text)
    return html.escape(_MARKUP.sub(r"\\\1", flat), quote=True)


def summary_markdown(summary: dict, db_path: Path, report: Path | None = None) -> str:
    lines = [
        f"# fupin-etl run `{summary['run_id']}`",
        f"Warehouse: {markdown_text(str(db_path))}; status **{summary['status']}**.",
        "",
        *headline_markdown(summary.get("headlines", []), report),
        "| files seen | new | changed | unchanged | removed | documents loaded | metrics loaded | rejects | checks passed | checks failed |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        "| {files_seen} | {files_new} | {files_changed} | {files_unchanged} | {files_removed} | {documents_loaded} | "
        "{metrics_loaded} | {rejects_loaded} | {checks_passed} | {checks_failed} |".format(
            **summary
        ),
        "",
        "Warehouse totals: {files} files, {documents} documents, {metrics} metrics, {rejects} rejects.".format(
            **summary["totals"]
        ),
        "",
        "## Metrics per indicator class (whole warehouse)",
        "| indicator class | metrics |",
        "|---|---:|",
        *(f"| {name} | {count} |" for name, count in summary["metrics_by_class"].items()),
        "",
        "## Rejects by reason (whole warehouse)",
        "| stage: reason | files |",
        "|---|---:|",
        *(f"| {name} | {count} |" for name, count in summary["rejects_by_reason"].items()),
    ]
    if summary["slowest_files"]:
        lines += [
            "",
            "## Slowest files of this run (seconds in decode, clean, normalise and extract)",
            "| file | seconds |",
            "|---|---:|",
            *(
                f"| {markdown_text(path)} | {spent:.3f} |"
                for path, spent in summary["slowest_files"]
            ),
        ]
    if summary["failed_checks"]:
        lines += ["", "## Failed checks", *(f"- `{name}`" for name in summary["failed_checks"])]
    return "\n".join(lines) + "\n"


def headline_markdown(headlines: list[dict], report: Path | None) -> list[str]:
    """The analyst's first look: people lifted out of poverty, money invested and incidence by
    region and year (v_headline_figures, provinces first), and where the full report is."""
    lines = ["## Headline figures (each story counted once)"]
    if report is not None:
        lines.append(f"Full report with charts: [{markdown_text(report.name)}]({report.as_uri()})")
    if not headlines:
        return [*lines, "", "No single-year headline figure in the warehouse yet.", ""]
    return [
        *lines,
        "",
        "| figure | province | region | year | value | stories | copies | agree |",
        "|---|---|---|---:|---:|---:|---:|---|",
        *(
            f"| {row['label']} | {markdown_text(row['province'] or '')} | {markdown_text(row['region'])} "
            f"| {row['year']} | {headline_value(row['value'], row['unit'])} | {row['stories']} | {row['copies']} "
            f"| {'yes' if row['values_agree'] else '**no**'} |"
            for row in headlines
        ),
        "",
    ]


def headline_value(value: float, unit: str) -> str:
    """People in full, money in 亿元, rates in percent, as an analyst reads them."""
    if unit == "yuan":
        return f"{value / 1e8:,.4g} 亿元"
    if unit == "percent":
        return f"{value:g}%"
    return f"{value:,.0f}"
