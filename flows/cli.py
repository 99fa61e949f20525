"""The `fupin` command: run the flow, clean or extract without Prefect, serve the schedule, open SQL."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

DEFAULT_DB = "data/warehouse.duckdb"
DEFAULT_CRON = "0 2 * * *"
DEFAULT_TIMEZONE = "Asia/Shanghai"
# Columns of the plain `fupin metrics` table; optional marks slogans, programme names and durations.
METRIC_COLUMNS = (
    "doc",
    "quote",
    "value",
    "unit",
    "qualifier",
    "indicator",
    "indicator_class",
    "region",
    "period",
    "kind",
    "optional",
)
PREFECT_HELP = (
    "Give it longer (PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS, in seconds), or keep a server "
    "running (`fupin serve`, or `prefect server start`) and point runs at it with "
    "PREFECT_API_URL=http://127.0.0.1:4200/api"
)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.handler(args)
    except BrokenPipeError:
        # `fupin clean ... | head`: the reader has what it wanted; say nothing more.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fupin", description=__doc__)
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="run the fupin-etl flow over a folder into the warehouse")
    run.add_argument("--raw", default="raw", help="input folder (default: raw)")
    run.add_argument("--db", default=DEFAULT_DB, help=f"warehouse file (default: {DEFAULT_DB})")
    run.add_argument(
        "--batch-size",
        type=_positive,
        default=200,
        help="files per batch and transaction (default: 200)",
    )
    run.add_argument("--full-refresh", action="store_true", help="reprocess unchanged files too")
    run.add_argument(
        "--drop-removed", action="store_true", help="delete rows of files gone from the folder"
    )
    run.add_argument(
        "--follow-links",
        action="store_true",
        help="read links that lead outside the input folder and walk linked folders "
        "(by default each is a reject with its reason)",
    )
    run.add_argument(
        "--workers",
        type=_positive,
        default=None,
        help="batches processed at once, each in a worker process (default: one per core); "
        "with --dask-address, batches sent to the cluster at once (default: its worker threads)",
    )
    run.add_argument(
        "--dask-address",
        metavar="tcp://HOST:PORT",
        default=None,
        help="run the pure stages on an existing Dask cluster (its scheduler's address); the "
        "warehouse is still written by this process",
    )
    run.set_defaults(handler=_run)

    clean = commands.add_parser(
        "clean",
        help="clean pages; one JSON object per input (no Prefect, no database); --explain shows why",
    )
    clean.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders")
    clean.add_argument(
        "--jsonl", action="store_true", help="one JSON object per line (the scorer's format)"
    )
    clean.add_argument(
        "--explain", action="store_true", help="show every line kept or removed, and why"
    )
    clean.set_defaults(handler=_clean)

    metrics = commands.add_parser(
        "metrics", help="clean, then extract metrics; one JSON object per metric"
    )
    metrics.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders")
    metrics.add_argument(
        "--jsonl", action="store_true", help="one JSON object per line (the scorer's format)"
    )
    metrics.add_argument(
        "--explain",
        action="store_true",
        help="show, for each figure, the words (and where they stand) that decided its unit, "
        "region, period, class and kind",
    )
    metrics.set_defaults(handler=_metrics)

    serve = commands.add_parser("serve", help="serve the scheduled deployment fupin-etl/daily")
    serve.add_argument("--cron", default=DEFAULT_CRON, help=f"schedule (default: '{DEFAULT_CRON}')")
    serve.add_argument(
        "--timezone",
        default=DEFAULT_TIMEZONE,
        help=f"of the schedule (default: {DEFAULT_TIMEZONE})",
    )
    serve.add_argument("--raw", default="raw", help="input folder of the scheduled runs")
    serve.add_argument("--db", default=DEFAULT_DB, help="warehouse file of the scheduled runs")
    serve.add_argument(
        "--port",
        type=int,
        default=4200,
        help="port of the local Prefect server started when PREFECT_API_URL is not set",
    )
    serve.set_defaults(handler=_serve)

    sql = commands.add_parser(
        "sql",
        help="the duckdb shell on the warehouse, read-only; -c and -f run queries and exit",
        description="Opens the pinned duckdb shell read-only. As with the duckdb CLI, -c runs a "
        "query and -f a file of queries (each may be repeated, run in order), then it exits; "
        "SQL piped to standard input runs too. Output that is not a terminal carries no colours.",
    )
    sql.add_argument(
        "file", nargs="?", default=DEFAULT_DB, help=f"warehouse file (default: {DEFAULT_DB})"
    )
    # One list for both options, so that queries and files run in the order given.
    sql.add_argument(
        "-c",
        dest="statements",
        action="append",
        default=[],
        type=lambda query: ("-c", query),
        metavar="QUERY",
        help="run QUERY",
    )
    sql.add_argument(
        "-f",
        dest="statements",
        action="append",
        type=lambda path: ("-f", path),
        metavar="SQLFILE",
        help="run the statements of SQLFILE",
    )
    sql.set_defaults(handler=_sql)

    export = commands.add_parser(
        "export", help="write tables or views to Parquet or CSV (UTF-8 with a BOM, for Excel)"
    )
    export.add_argument("names", nargs="+", metavar="NAME", help="tables or views, e.g. v_claims")
    export.add_argument("--format", choices=("parquet", "csv"), default="parquet")
    export.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder")
    export.add_argument("--db", default=DEFAULT_DB, help=f"warehouse file (default: {DEFAULT_DB})")
    export.set_defaults(handler=_export)

    report = commands.add_parser(
        "report",
        help="write a self-contained HTML report of the warehouse (charts, conflicts, quality)",
    )
    report.add_argument("--db", default=DEFAULT_DB, help=f"warehouse file (default: {DEFAULT_DB})")
    report.add_argument(
        "--out",
        type=Path,
        metavar="FILE.html",
        help="where to write it (default: next to the warehouse, <name>.report.html)",
    )
    report.set_defaults(handler=_report)
    return parser


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _prefect_defaults() -> None:
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")


def _own_server(port: int, api_only: bool):
    """A local server when no PREFECT_API_URL is configured, started before Prefect is imported so
    its start overlaps fupin's imports, and stopped at exit, after Prefect's own exit handlers have
    sent their last logs; None when the user's server is used."""
    import atexit

    from flows.prefect_server import LocalServer

    if os.environ.get("PREFECT_API_URL"):
        return None
    server = LocalServer(port, api_only=api_only).start()
    atexit.register(server.stop)
    os.environ["PREFECT_API_URL"] = server.api_url
    return server


def _run(args: argparse.Namespace) -> int:
    if not Path(args.raw).is_dir():
        print(f"fupin run: no input folder at {args.raw}", file=sys.stderr)
        return 2
    _prefect_defaults()
    from flows.prefect_server import ServerDidNotStart, free_port, start_budget

    server = _own_server(free_port(), api_only=True)
    import duckdb

    from flows.etl import etl
    from tasks.publish import RunInProgress, WarehouseProblem, disk_full, room_needed

    try:
        if server is not None:
            server.wait_until_healthy(start_budget())
        summary = etl(
            raw=args.raw,
            db=args.db,
            batch_size=args.batch_size,
            full_refresh=args.full_refresh,
            drop_removed=args.drop_removed,
            follow_links=args.follow_links,
            workers=args.workers,
            dask_address=args.dask_address,
        )
    except ServerDidNotStart as error:
        print(f"fupin run: {error}. {PREFECT_HELP}", file=sys.stderr)
        return 4
    except (RunInProgress, WarehouseProblem) as error:
        print(f"fupin run: {error}", file=sys.stderr)
        return 3
    except (duckdb.Error, OSError) as error:
        if not disk_full(error):
            raise
        print(
            f"fupin run: the disk holding {args.db} is full ({str(error).strip().splitlines()[0]}); "
            f"a run needs about {room_needed(Path(args.db)) / 2**20:,.0f} MiB free beside the "
            "warehouse: free some space and run again. The published warehouse is unchanged",
            file=sys.stderr,
        )
        return 3
    print(
        f"fupin-etl {summary['status']}: {summary['files_seen']} files "
        f"({summary['files_new']} new, {summary['files_changed']} changed, {summary['files_unchanged']} unchanged, "
        f"{summary['files_removed']} removed); loaded {summary['documents_loaded']} documents, "
        f"{summary['metrics_loaded']} metrics, {summary['rejects_loaded']} rejects into {args.db}"
    )
    print(f"report: {summary['report']}")
    for name in summary["failed_checks"]:
        print(f"check failed: {name} (see sql/checks/{name}.sql)", file=sys.stderr)
    return 0 if summary["status"] == "completed" else 1


def _clean(args: argparse.Namespace) -> int:
    """Exit status 1 when no input became a document."""
    from tasks.pipeline import clean_record, process_paths, reject_record
    from tasks.records import Reject

    if args.explain:
        return _explain(args)
    documents = 0
    for shown, result in process_paths(args.paths):
        if isinstance(result, Reject):
            record = reject_record(result, shown)
        else:
            documents += 1
            record = clean_record(result, shown)
        if args.jsonl:
            print(json.dumps(record, ensure_ascii=False))
        else:
            _print_document(record)
    return 0 if documents else 1


def _explain(args: argparse.Namespace) -> int:
    from tasks.pipeline import explain_paths
    from tasks.records import Reject

    explained = 0
    for shown, result in explain_paths(args.paths):
        if isinstance(result, Reject):
            print(f"== {shown}\n{_rejection(result)}\n")
            continue
        explained += 1
        rows: list[dict[str, Any]] = [
            {"kept": d.kept, "role": d.role, "reason": d.reason, "detail": d.detail, "text": d.text}
            for d in result
        ]
        if args.jsonl:
            print(json.dumps({"path": shown, "lines": rows}, ensure_ascii=False))
            continue
        print(f"== {shown}")
        for row in rows:
            why = f"{row['reason']} ({row['detail']})" if row["detail"] else row["reason"]
            print(
                f"{'KEEP' if row['kept'] else 'CUT '} {row['role']:<9} {why[:60]:<60} | {row['text'][:100]}"
            )
        print()
    return 0 if explained else 1


def _rejection(reject) -> str:
    return f"rejected at {reject.stage}: {reject.reason} ({reject.detail})"


def _print_document(record: dict) -> None:
    print(f"== {record['path']}")
    if "rejected" in record:
        rejected = record["rejected"]
        print(f"rejected at {rejected['stage']}: {rejected['reason']} ({rejected['detail']})\n")
        return
    for key in (
        "title",
        "publish_time",
        "source",
        "author",
        "editor",
        "site",
        "url",
        "encoding",
        "script",
    ):
        if record.get(key):
            print(f"{key:>12}: {record[key]}")
    print()
    print(record["content"])
    print()


def _metrics(args: argparse.Namespace) -> int:
    """Exit status 1 when no input became a document; rejected inputs are named on stderr."""
    from tasks.pipeline import explain_document_metrics, metric_records, process_paths
    from tasks.records import Reject

    if args.explain:
        explained = 0
        for shown, result in process_paths(args.paths):
            if isinstance(result, Reject):
                print(f"== {shown}\n{_rejection(result)}\n")
                continue
            explained += 1
            print(f"== {shown}\n{explain_document_metrics(result)}")
        return 0 if explained else 1
    documents = 0
    header_printed = False
    for shown, result in process_paths(args.paths):
        if isinstance(result, Reject):
            print(
                f"{shown}: {_rejection(result)}",
                file=sys.stderr,
            )
            continue
        documents += 1
        for record in metric_records(result):
            if args.jsonl:
                print(json.dumps(record, ensure_ascii=False))
            else:
                if not header_printed:
                    print("\t".join(METRIC_COLUMNS))
                    header_printed = True
                print(
                    "\t".join(
                        "" if record[key] is None else str(record[key]) for key in METRIC_COLUMNS
                    )
                )
    return 0 if documents else 1


def _serve(args: argparse.Namespace) -> int:
    """Serve fupin-etl/daily against PREFECT_API_URL, or against a local server started here."""
    _prefect_defaults()
    from flows.prefect_server import ServerDidNotStart, start_budget

    server = _own_server(args.port, api_only=False)
    if server is not None:
        try:
            server.wait_until_healthy(start_budget())
        except ServerDidNotStart as error:
            print(
                f"fupin serve: {error} (port {args.port} in use?). {PREFECT_HELP}", file=sys.stderr
            )
            return 4
    from prefect.schedules import Cron

    from flows.etl import etl

    ui = os.environ["PREFECT_API_URL"].removesuffix("/api")
    print(
        f"serving fupin-etl/daily ({args.cron}, {args.timezone}); Prefect UI at {ui}; Ctrl-C stops it",
        flush=True,
    )
    etl.serve(
        name="daily",
        schedules=[Cron(args.cron, timezone=args.timezone)],
        parameters={"raw": str(Path(args.raw).resolve()), "db": str(Path(args.db).resolve())},
    )
    return 0


def _sql(args: argparse.Namespace) -> int:
    shell = Path(sys.executable).with_name("duckdb")
    if not Path(args.file).exists():
        print(f"no warehouse at {args.file}: run `fupin run` first", file=sys.stderr)
        return 2
    missing = [
        text for option, text in args.statements if option == "-f" and not Path(text).is_file()
    ]
    if missing:
        print(f"fupin sql: no SQL file at {', '.join(missing)}", file=sys.stderr)
        return 2
    command = [str(shell), "-readonly"]
    if not sys.stdout.isatty():
        # The shell colours its output even into a pipe or a file.
        command += ["-cmd", ".highlight off"]
    for option, text in args.statements:
        command += [option, text]
    os.execv(shell, [*command, args.file])


def _export(args: argparse.Namespace) -> int:
    import duckdb

    from tasks.export import UnknownRelation, export

    if not Path(args.db).exists():
        print(f"no warehouse at {args.db}: run `fupin run` first", file=sys.stderr)
        return 2
    with duckdb.connect(args.db, read_only=True) as con:
        try:
            written = export(con, args.names, args.format, args.out)
        except UnknownRelation as error:
            print(f"fupin export: {error}", file=sys.stderr)
            return 2
    for path in written:
        print(path)
    return 0


def _report(args: argparse.Namespace) -> int:
    from tasks.report import default_report_path, write_report

    db = Path(args.db)
    if not db.exists():
        print(f"no warehouse at {args.db}: run `fupin run` first", file=sys.stderr)
        return 2
    print(write_report(db, args.out or default_report_path(db)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
