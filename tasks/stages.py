"""Prefect tasks: one thin task per stage and batch around the plain functions of tasks/.

I/O tasks (discover, read, load) retry on transient errors; pure tasks do not, since they would fail
the same way again. No task caches: inputs are page batches, hashing them would cost more than the work.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import quote

from tasks import inputs, pipeline, publish, report, warehouse
from tasks.records import (
    BatchResult,
    Document,
    Page,
    Reject,
    SourceFile,
    StageError,
    TemplateLine,
)
from tasks.regions import load_gazetteer
from tasks.workers import InProcess, LocalWorkers

IO_RETRIES = 2
IO_RETRY_DELAY_SECONDS = 2


def _transient(task, task_run, state) -> bool:
    """Retry what may pass on a second try; a full disk or a warehouse that cannot be used safely
    fails the same way again, sooner said."""
    try:
        state.result()
    except (publish.RunInProgress, publish.WarehouseProblem):
        return False
    except Exception as error:
        return not publish.disk_full(error)
    return True


IO_TASK: dict[str, Any] = {
    "cache_policy": NO_CACHE,
    "retries": IO_RETRIES,
    "retry_delay_seconds": IO_RETRY_DELAY_SECONDS,
    "retry_condition_fn": _transient,
}


Value = TypeVar("Value")


def unwalked(value: Value) -> Value:
    """`value` as a task parameter that Prefect passes on without first walking every object in it
    for futures to wait on: for a batch's pages or documents that walk took longer than the load."""
    return cast(Value, quote(value))


@dataclass(slots=True)
class Plan:
    """What discovery found: files to process, and what the ledger says of the rest."""

    todo: list[tuple[SourceFile, inputs.Location]] = field(default_factory=list)
    unreadable: list[Reject] = field(default_factory=list)
    new: int = 0
    changed: int = 0
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped_records: Counter[str] = field(default_factory=Counter)  # crawler requests, metadata...

    @property
    def seen(self) -> int:
        return self.new + self.changed + len(self.unchanged)


@task(name="working-copy", **IO_TASK)
def start_working_copy(db: Path) -> Path:
    working = publish.start_working_copy(db)
    get_run_logger().info("writing to %s; %s stays readable until the run publishes", working, db)
    return working


@task(name="remove-working-copy", cache_policy=NO_CACHE)
def remove_working_copy(db: Path) -> None:
    publish.remove_working_copy(db)


@task(name="publish", **IO_TASK)
def publish_warehouse(working: Path, db: Path) -> None:
    publish.publish(working, db)
    get_run_logger().info("published %s", db)


@task(name="prepare-warehouse", **IO_TASK)
def prepare_warehouse(db: Path, run_id: str, flow_run_name: str | None, raw: Path) -> None:
    with warehouse.connect(db) as con:
        warehouse.apply_schema(con)
        if warehouse.sync_regions(con, load_gazetteer().rows()):
            get_run_logger().info("regions table (re)loaded from the shipped gazetteer")
        warehouse.start_run(con, run_id, flow_run_name, str(raw))


@task(name="discover", **IO_TASK)
def discover(raw: Path, db: Path, full_refresh: bool, follow_links: bool = False) -> Plan:
    with warehouse.connect(db) as con:
        known = warehouse.ledger(con)
    walk_errors: list[OSError] = []
    found: list[tuple[str, Path | StageError]] = list(
        inputs.discover(raw, walk_errors, follow_links)
    )
    found += [
        (inputs.printable(Path(error.filename).relative_to(raw).as_posix()), Path(error.filename))
        for error in walk_errors
    ]
    ids = inputs.doc_ids(path for path, _ in found)
    plan = Plan()
    present = set()
    for path, absolute in found:
        for item in inputs.records_or_file(
            path, ids[path], absolute, "discover", plan.skipped_records
        ):
            file = item.file if isinstance(item, Reject) else item[0]
            present.add(file.path)
            previous = known.get(file.path)
            if isinstance(item, Reject):
                plan.unreadable.append(item)
            elif (
                previous
                and previous[0] == file.sha256
                and previous[1] != "removed"
                and not full_refresh
            ):
                plan.unchanged.append(file.path)
                continue
            else:
                plan.todo.append(item)
            plan.new += previous is None
            plan.changed += previous is not None
    plan.removed = sorted(
        path for path, (_, status) in known.items() if path not in present and status != "removed"
    )
    get_run_logger().info(
        "%d inputs: %d new, %d changed, %d unchanged, %d unreadable; %d gone from %s",
        plan.seen,
        plan.new,
        plan.changed,
        len(plan.unchanged),
        len(plan.unreadable),
        len(plan.removed),
        raw,
    )
    if plan.skipped_records:
        get_run_logger().info(
            "crawler records that are not pages, left out: %s",
            ", ".join(f"{count} {kind}" for kind, count in plan.skipped_records.most_common()),
        )
    return plan


@task(name="read", **IO_TASK)
def read_batch(files: list[tuple[SourceFile, inputs.Location]]) -> tuple[list[Page], list[Reject]]:
    return inputs.read_batch(files)


@task(name="site-knowledge", **IO_TASK)
def site_knowledge(
    db: Path, todo: list[tuple[SourceFile, inputs.Location]]
) -> pipeline.SiteKnowledge:
    """What the warehouse knows of every site's pages when the run starts, the pages about to be
    processed again left out: every batch learns its site templates from this and its own pages."""
    with warehouse.connect(db) as con:
        return warehouse.site_lines(
            con, warehouse.known_sites(con), {file.doc_id for file, _ in todo}
        )


@task(name="process", cache_policy=NO_CACHE)
def process_batch(pages: list[Page], workers: InProcess | LocalWorkers) -> BatchResult:
    """The pure stages of one batch (decode, clean, templates, normalise, extract), run by `workers`:
    a worker process of this machine, or this very process where the task itself runs on Dask."""
    result = workers.run(pages)
    logger = get_run_logger()
    logger.info(
        "process: %d documents, %d metrics, %d rejects; %s",
        len(result.documents),
        sum(len(document.metrics) for document in result.documents),
        len(result.rejects),
        ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in result.stage_seconds.items()),
    )
    for reject in result.rejects:
        logger.warning(
            "%s rejected %s: %s (%s)", reject.stage, reject.file.path, reject.reason, reject.detail
        )
    return result


@task(name="load", **IO_TASK)
def load_batch(
    db: Path,
    run_id: str,
    files: list[SourceFile],
    documents: list[Document],
    rejects: list[Reject],
    learnt: Sequence[TemplateLine] = (),
) -> None:
    with warehouse.connect(db) as con:
        warehouse.load_batch(con, run_id, files, documents, rejects, learnt)
    get_run_logger().info(
        "load: %d documents, %d metrics, %d rejects in one transaction",
        len(documents),
        sum(len(d.metrics) for d in documents),
        len(rejects),
    )


@task(name="ledger", **IO_TASK)
def update_ledger(
    db: Path, run_id: str, unchanged: list[str], removed: list[str], drop_removed: bool
) -> None:
    with warehouse.connect(db) as con:
        warehouse.touch_unchanged(con, run_id, unchanged)
        warehouse.mark_removed(con, run_id, removed, drop_removed)


@task(name="views", **IO_TASK)
def apply_views(db: Path) -> list[str]:
    with warehouse.connect(db) as con:
        return warehouse.apply_views(con)


@task(name="checks", **IO_TASK)
def run_checks(db: Path) -> list[warehouse.CheckResult]:
    with warehouse.connect(db) as con:
        results = warehouse.run_checks(con)
    for result in results:
        if not result.passed:
            get_run_logger().error(
                "check %s failed: %d offending rows", result.name, result.offending_rows
            )
    return results


@task(name="finish-run", **IO_TASK)
def finish_run(
    db: Path, run_id: str, status: str, counts: dict[str, int], stage_seconds: dict[str, float]
) -> dict:
    with warehouse.connect(db) as con:
        warehouse.finish_run(con, run_id, status, counts, stage_seconds)
        return warehouse.run_summary(con, run_id)


@task(
    name="stories",
    cache_policy=NO_CACHE,
    retries=IO_RETRIES,
    retry_delay_seconds=IO_RETRY_DELAY_SECONDS,
)
def update_stories(db: Path, only_added: bool = False) -> dict[str, int]:
    with warehouse.connect(db) as con:
        counts = warehouse.update_stories(con, only_added)
    get_run_logger().info(
        "stories: %d bodies signed, %d new copy links; %d documents in %d stories",
        counts["signed"],
        counts["new_links"],
        counts["documents"],
        counts["stories"],
    )
    return counts


@task(
    name="report",
    cache_policy=NO_CACHE,
    retries=IO_RETRIES,
    retry_delay_seconds=IO_RETRY_DELAY_SECONDS,
)
def write_report(db: Path) -> Path:
    path = report.write_report(db, report.default_report_path(db))
    get_run_logger().info("report: %s (%d bytes)", path, path.stat().st_size)
    return path
