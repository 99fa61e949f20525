"""Scale benchmark of issue #11: fupin against the glue pipeline on corpora of 1k, 10k and 100k pages.

    .venv/bin/python -m tests.benchmarks.scale --sizes 1000,10000,100000 --out docs/scale.md

For each size: build (or reuse) a corpus of real pages copied until there are N of them, each copy
unique; run `fupin run` and then the glue pipeline (../shared/tools/glue_pipeline) on the same
pages and cores, sampling the peak RSS of each process tree; on the largest size, time an unchanged
re-run and a re-run after adding 1% of new pages. Prints one JSON line per measurement and writes
the report. It asserts nothing about time: benchmarks report figures.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import psutil

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("FUPIN_SHARED", REPO.parent / "shared"))
FUPIN = REPO / ".venv" / "bin" / "fupin"
PYTHON = REPO / ".venv" / "bin" / "python"
WORK = Path(tempfile.gettempdir()) / "fupin-scale"
# Bump when the way copies are made changes: corpora built the old way are rebuilt, not reused.
LAYOUT_VERSION = 1
SAMPLE_SECONDS = 0.2
MIB = 1024 * 1024
SECTIONS = ("xwzx", "zwgk", "tpgj", "gzdt")
SITES = 16
# The goals for a 2-core machine.
GOAL_100K_SECONDS = 20 * 60
GOAL_RSS_BYTES = 1.5 * 1024 * MIB
GOAL_INCREMENTAL_SHARE = 0.10
GOAL_SPEEDUP = 2.0


@dataclass(frozen=True)
class Source:
    """A real page and where a copy's unique sentence goes: after each place its anchor stands."""

    name: str
    data: bytes
    anchor_ends: tuple[int, ...]  # byte offsets just after each occurrence of the anchor
    suffix: str  # .html or .txt


@dataclass
class Measurement:
    size: int
    tool: str
    run: str  # full, unchanged, incremental
    pages: int
    seconds: float
    peak_rss_tree: int
    peak_rss_process: int
    cpu_seconds: float
    warehouse_bytes: int
    documents: int | None
    metrics: int | None
    rejects: int | None
    load_before: float
    load_after: float
    stage_seconds: dict[str, float] | None = None
    extra: dict = field(default_factory=dict)

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.seconds

    def json_line(self) -> str:
        figures = {
            key: value
            for key, value in vars(self).items()
            if key not in ("extra",) and value is not None
        }
        figures["pages_per_s"] = round(self.pages_per_s, 2)
        figures["seconds"] = round(self.seconds, 2)
        figures["cpu_seconds"] = round(self.cpu_seconds, 2)
        return json.dumps({**figures, **self.extra}, ensure_ascii=False)


# Corpus ----------------------------------------------------------------------------------------


def load_sources(shared: Path) -> list[Source]:
    """The HTML pages of both extraction corpora and the seed/dev2 texts, in a fixed order.

    The gold .json is used only to find where a page's article text is: the tail of its longest
    gold paragraph that stands verbatim in the page's bytes (in the page's own encoding).
    """
    sources = []
    for folder in ("extraction", "extraction-2"):
        for page in sorted((shared / "corpus" / folder).glob("*.html")):
            gold = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
            data = page.read_bytes()
            # gb18030+replace: a few bytes are invalid; utf-8-sig: encoding a tail must not add a BOM.
            encoding = gold["encoding"].split("+")[0].removesuffix("-sig")
            sources.append(Source(page.stem, data, _html_anchors(data, gold, encoding), ".html"))
    texts = sorted((shared / "seeds").glob("*.txt")) + sorted(
        (shared / "corpus" / "metrics" / "dev2" / "texts").glob("*.txt")
    )
    for text in texts:
        data = text.read_bytes()
        longest = max(data.split(b"\n"), key=len)
        sources.append(Source(text.stem, data, (data.index(longest) + len(longest),), ".txt"))
    return sources


def _html_anchors(data: bytes, gold: dict, encoding: str) -> tuple[int, ...]:
    """Every place the tail of the page's longest gold paragraph stands: pages repeat their text
    in a description or a script (where some extractors read it), so the sentence goes in each."""
    for paragraph in sorted(gold["content"].split("\n"), key=len, reverse=True):
        tail = paragraph.strip()[-12:]
        if len(tail) < 12 or "\ufffd" in tail:
            continue
        encoded, ends, found = tail.encode(encoding), [], data.find(tail.encode(encoding))
        while found >= 0:
            end = found + len(encoded)
            # A byte match in a multi-byte encoding could start inside a character: keep only
            # one whose decoded prefix really ends with the tail.
            if data[:end].decode(encoding, errors="replace").endswith(tail):
                ends.append(end)
            found = data.find(encoded, end)
        if ends:
            return tuple(ends)
    raise ValueError(f"no gold paragraph of {gold['id']} stands verbatim in its page")


def serial_letters(serial: int) -> str:
    """The serial in letters (0 -> AAAAA): digits would fold to one template line key in fupin
    and be numbers to a metric regex, letters leave both alone."""
    letters = []
    for _ in range(5):
        serial, digit = divmod(serial, 26)
        letters.append(chr(ord("A") + digit))
    return "".join(reversed(letters))


def copy_of(source: Source, serial: int) -> bytes:
    """The page with one unique sentence at the end of its longest paragraph.

    The sentence is ASCII without markup characters, so it is the same bytes in UTF-8 and GBK and
    the same text in HTML and plain text: the page keeps its encoding and its structure.
    """
    sentence = f" Scale copy {serial_letters(serial)}.".encode("ascii")
    starts = (0, *source.anchor_ends)
    ends = (*source.anchor_ends, len(source.data))
    return sentence.join(source.data[start:end] for start, end in zip(starts, ends, strict=True))


def copy_path(source: Source, serial: int) -> str:
    """Site-like nesting: host, section, then folders of 1,000 pages, as a crawler mirrors a portal."""
    site = f"www.site{serial % SITES:02d}.gov.cn"
    section = SECTIONS[serial // SITES % len(SECTIONS)]
    return f"{site}/{section}/{serial // 1000:03d}/{source.name}-{serial:06d}{source.suffix}"


def write_copies(sources: list[Source], serials: range, tree: Path) -> list[str]:
    paths = []
    for serial in serials:
        source = sources[serial % len(sources)]
        relative = copy_path(source, serial)
        target = tree / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(copy_of(source, serial))
        paths.append(relative)
    return paths


def tree_digest(tree: Path) -> tuple[int, str]:
    """(files, sha256 over every file's path and bytes, in path order) of the whole tree."""
    digest, count = hashlib.sha256(), 0
    for path in sorted(p for p in tree.rglob("*") if p.is_file()):
        digest.update(path.relative_to(tree).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
        count += 1
    return count, digest.hexdigest()


def recipe(sources: list[Source], size: int) -> str:
    digest = hashlib.sha256(f"{LAYOUT_VERSION}:{size}".encode())
    for source in sources:
        digest.update(source.name.encode() + hashlib.sha256(source.data).digest())
    return digest.hexdigest()


def corpus(sources: list[Source], size: int, work: Path) -> tuple[Path, Path, bool]:
    """(nested tree for fupin, flat folder for the glue pipeline, reused?) holding `size` pages.

    Reused when its manifest was made from the same sources and layout and the tree still hashes
    to what was built (a crash during the incremental run leaves extra files: that rebuilds).
    The glue pipeline reads only the files directly in its folder, so it gets hard links to the
    same files: the same bytes, and the same page cache.
    """
    home = work / "corpus" / str(size)
    tree, flat, manifest = home / "tree", home / "flat", home / "manifest.json"
    wanted = recipe(sources, size)
    if manifest.exists():
        stored = json.loads(manifest.read_text())
        if (
            stored["recipe"] == wanted
            and tree_digest(tree) == (stored["files"], stored["digest"])
            and len(os.listdir(flat)) == stored["files"]
        ):
            return tree, flat, True
    shutil.rmtree(home, ignore_errors=True)
    tree.mkdir(parents=True)
    flat.mkdir()
    for relative in write_copies(sources, range(size), tree):
        os.link(tree / relative, flat / relative.rsplit("/", 1)[1])
    files, digest = tree_digest(tree)
    manifest.write_text(json.dumps({"recipe": wanted, "files": files, "digest": digest}))
    return tree, flat, False


# Running and measuring -------------------------------------------------------------------------


def environment(prefect_home: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PREFECT_")}
    return env | {
        "PREFECT_HOME": str(prefect_home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
    }


@dataclass
class Sampled:
    seconds: float
    peak_tree: int
    peak_process: int
    cpu_seconds: float
    stdout: str


def sampled_run(command: list[str], env: dict[str, str], log: Path) -> Sampled:
    """Run `command` to its end, sampling the summed RSS of its process tree every SAMPLE_SECONDS;
    its stderr goes to `log`, its stdout beside it.

    CPU seconds are those of the processes it reaped (getrusage of children), which covers a
    server or workers that the run starts and stops itself.
    """
    peaks = [0, 0]
    done = threading.Event()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with log.open("w") as stderr:
        process = psutil.Popen(
            command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=stderr, text=True
        )

        def sample() -> None:
            while not done.is_set():
                try:
                    tree = [process, *process.children(recursive=True)]
                except psutil.NoSuchProcess:
                    return
                sizes = []
                for member in tree:
                    try:
                        sizes.append(member.memory_info().rss)
                    except (psutil.NoSuchProcess, psutil.AccessDenied):
                        continue  # ended between the listing and the reading
                peaks[0] = max(peaks[0], sum(sizes))
                peaks[1] = max([peaks[1], *sizes])
                done.wait(SAMPLE_SECONDS)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        stdout, _ = process.communicate()
        seconds = time.perf_counter() - started
        done.set()
        sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    log.with_suffix(".stdout").write_text(stdout)
    if process.returncode != 0:
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-30:])
        raise RuntimeError(f"{' '.join(command)} exited {process.returncode}:\n{tail}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Sampled(seconds, peaks[0], peaks[1], cpu, stdout)


def warehouse_counts(db: Path, tables: tuple[str, ...]) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {
            table: con.execute(f"select count(*) from {table}").fetchone()[0] for table in tables
        }


def last_run(db: Path) -> dict:
    """The newest row of `runs`, with `stage_seconds` parsed when the column exists."""
    with duckdb.connect(str(db), read_only=True) as con:
        cursor = con.execute("select * from runs order by started_at desc limit 1")
        names = [column[0] for column in cursor.description]
        row = dict(zip(names, cursor.fetchone(), strict=True))
    if isinstance(row.get("stage_seconds"), str):
        row["stage_seconds"] = json.loads(row["stage_seconds"])
    return row


def fupin_workers_flag() -> bool:
    """Whether this fupin has `run --workers` (issue #11 adds it)."""
    shown = subprocess.run(
        [str(FUPIN), "run", "--help"], cwd=REPO, capture_output=True, text=True, check=True
    )
    return "--workers" in shown.stdout


def run_fupin(
    size: int, run: str, tree: Path, db: Path, home: Path, workers: int | None
) -> Measurement:
    command = [str(FUPIN), "run", "--raw", str(tree), "--db", str(db)]
    if workers is not None:
        command += ["--workers", str(workers)]
    load_before = os.getloadavg()[0]
    sampled = sampled_run(command, environment(home / "prefect-home"), home / f"fupin-{run}.log")
    row = last_run(db)
    return measurement(
        size,
        "fupin",
        run,
        row["files_seen"],
        sampled,
        db,
        ("documents", "metrics", "rejects"),
        load_before,
        row.get("stage_seconds"),
        {
            "command": command,
            "files_processed": row["files_new"] + row["files_changed"],
            "status": row["status"],
        },
    )


def run_glue(size: int, flat: Path, home: Path, shared: Path) -> Measurement:
    db = home / "glue.duckdb"
    db.unlink(missing_ok=True)
    script = shared / "tools" / "glue_pipeline" / "glue_pipeline.py"
    command = [str(PYTHON), str(script), str(flat), str(db), "--extractor", "trafilatura"]
    load_before = os.getloadavg()[0]
    sampled = sampled_run(command, dict(os.environ), home / "glue.log")
    printed = json.loads(sampled.stdout.strip().splitlines()[-1])
    # No rejects: the glue pipeline keeps a page it cannot extract as an empty document.
    return measurement(
        size,
        "glue",
        "full",
        printed["files"],
        sampled,
        db,
        ("documents", "metrics"),
        load_before,
        printed["seconds"],
        {"command": command, "extract_failed": printed["extract_failed"]},
    )


def measurement(
    size: int,
    tool: str,
    run: str,
    pages: int,
    sampled: Sampled,
    db: Path,
    tables: tuple[str, ...],
    load_before: float,
    stage_seconds: dict | None,
    extra: dict,
) -> Measurement:
    """What one timed run measured, with the counts of its warehouse's tables."""
    counts = warehouse_counts(db, tables)
    return Measurement(
        size=size,
        tool=tool,
        run=run,
        pages=pages,
        seconds=sampled.seconds,
        peak_rss_tree=sampled.peak_tree,
        peak_rss_process=sampled.peak_process,
        cpu_seconds=sampled.cpu_seconds,
        warehouse_bytes=db.stat().st_size,
        documents=counts["documents"],
        metrics=counts["metrics"],
        rejects=counts.get("rejects"),
        load_before=load_before,
        load_after=os.getloadavg()[0],
        stage_seconds=stage_seconds,
        extra=extra,
    )


def incremental_runs(
    sources: list[Source], size: int, tree: Path, db: Path, home: Path, workers: int | None
) -> list[Measurement]:
    """An unchanged re-run, then one after adding 1% new pages (the next serials, so unique);
    the added pages are removed afterwards so that the corpus stays the one its manifest hashes."""
    measured = [run_fupin(size, "unchanged", tree, db, home, workers)]
    added = write_copies(sources, range(size, size + max(1, size // 100)), tree)
    try:
        measured.append(run_fupin(size, "incremental", tree, db, home, workers))
    finally:
        for relative in added:
            (tree / relative).unlink()
            try:
                (tree / relative).parent.rmdir()  # a folder the added pages opened
            except OSError:
                pass  # still holds corpus pages
    return measured


# Report ----------------------------------------------------------------------------------------


def mib(value: int) -> str:
    return f"{value / MIB:,.0f}"


def count(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


def size_table(fupin: Measurement, glue: Measurement | None) -> list[str]:
    rows = [
        ("pages/s end to end", lambda m: f"{m.pages_per_s:.2f}"),
        ("wall seconds", lambda m: f"{m.seconds:,.1f}"),
        ("CPU seconds (all its processes)", lambda m: f"{m.cpu_seconds:,.1f}"),
        ("peak RSS, process tree summed (MiB)", lambda m: mib(m.peak_rss_tree)),
        ("peak RSS, largest process (MiB)", lambda m: mib(m.peak_rss_process)),
        ("warehouse on disk (MiB)", lambda m: f"{m.warehouse_bytes / MIB:,.1f}"),
        ("documents", lambda m: count(m.documents)),
        ("metrics", lambda m: count(m.metrics)),
        ("rejects", lambda m: count(m.rejects)),
        (
            "1-min load average before / after",
            lambda m: f"{m.load_before:.2f} / {m.load_after:.2f}",
        ),
    ]
    lines = ["| | fupin | glue pipeline |", "|---|---:|---:|"]
    lines += [f"| {name} | {show(fupin)} | {show(glue) if glue else '—'} |" for name, show in rows]
    if glue:
        ratio = fupin.pages_per_s / glue.pages_per_s
        lines.append(f"| **fupin / glue pages/s** | **{ratio:.2f}x** | goal ≥ {GOAL_SPEEDUP:g}x |")
    return lines


def stage_lines(fupin: Measurement) -> list[str]:
    if fupin.stage_seconds is None:
        return [
            "Per-stage figures: **missing** — this fupin's `runs` table has no `stage_seconds` column."
        ]
    lines = [
        f"fupin per stage (`runs.stage_seconds`; {fupin.extra['files_processed']:,} files processed; "
        "seconds in worker processes are summed over the workers, so pages/s is per worker there):",
        "",
        "| stage | seconds | pages/s |",
        "|---|---:|---:|",
    ]
    for stage, seconds in fupin.stage_seconds.items():
        rate = f"{fupin.extra['files_processed'] / seconds:,.1f}" if seconds else "—"
        lines.append(f"| {stage} | {seconds:,.2f} | {rate} |")
    return lines


def goal_lines(measured: list[Measurement]) -> list[str]:
    full = {m.size: m for m in measured if m.tool == "fupin" and m.run == "full"}
    glue = {m.size: m for m in measured if m.tool == "glue"}
    largest = max(full)
    lines = ["| goal (issue #11, 2-core machine) | measured | |", "|---|---|---|"]

    if 100_000 in full:
        minutes = full[100_000].seconds / 60
        lines.append(
            f"| 100k pages in ≤ 20 min | {minutes:.1f} min | {verdict(minutes * 60 <= GOAL_100K_SECONDS)} |"
        )
    else:
        guess = full[largest].seconds * 100_000 / largest / 60
        lines.append(
            f"| 100k pages in ≤ 20 min | not run; {guess:,.0f} min if linear from {largest:,} pages | — |"
        )

    peak = max(m.peak_rss_tree for m in full.values())
    lines.append(
        f"| peak RSS < 1.5 GiB | {peak / MIB / 1024:.2f} GiB (largest over sizes, tree summed) "
        f"| {verdict(peak < GOAL_RSS_BYTES)} |"
    )
    if 10_000 in full and 100_000 in full:
        growth = full[100_000].peak_rss_tree / full[10_000].peak_rss_tree
        lines.append(
            f"| peak RSS flat from 10k to 100k | {growth:.2f}x from 10k to 100k | "
            f"{verdict(growth <= 1.2)} (flat read as ≤ 1.2x) |"
        )
    else:
        lines.append("| peak RSS flat from 10k to 100k | needs both sizes | — |")

    incremental = [m for m in measured if m.run == "incremental"]
    if incremental:
        share = incremental[0].seconds / full[incremental[0].size].seconds
        lines.append(
            f"| 1% incremental run < 10% of the full run | {share:.1%} at {incremental[0].size:,} pages "
            f"| {verdict(share < GOAL_INCREMENTAL_SHARE)} |"
        )
    for size in sorted(glue):
        ratio = full[size].pages_per_s / glue[size].pages_per_s
        lines.append(
            f"| ≥ 2x the glue pipeline's pages/s | {ratio:.2f}x at {size:,} pages | {verdict(ratio >= GOAL_SPEEDUP)} |"
        )
    return lines


def verdict(met: bool) -> str:
    return "met" if met else "**not met**"


def machine_facts() -> dict[str, str]:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or platform.machine(),
    )
    commit = subprocess.run(
        ["git", "describe", "--always", "--dirty"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    return {
        "cpu": f"{model}, {os.cpu_count()} cores ({len(os.sched_getaffinity(0))} usable)",
        "memory": f"{psutil.virtual_memory().total / 1024**3:.1f} GiB",
        "python": platform.python_version(),
        "fupin": commit or "unknown",
    }


def write_report(
    out: Path,
    measured: list[Measurement],
    facts: dict[str, str],
    started: datetime,
    loads: tuple[tuple[float, ...], tuple[float, ...]],
    commands: list[str],
    notes: list[str],
) -> None:
    lines = [
        "# Scale: fupin against the glue pipeline",
        "",
        f"Measured {started:%Y-%m-%d %H:%M} by `tests/benchmarks/scale.py` (issue #11 §5). "
        "Figures only, no assertions: the machine is shared, so compare the two tools within one run "
        "(same pages, same cores, one after the other) rather than across runs.",
        "",
        f"- Machine: {facts['cpu']}, {facts['memory']} RAM, Python {facts['python']}, fupin {facts['fupin']}.",
        "- Load average (1, 5, 15 min) before: {} — after: {}.".format(
            *(", ".join(f"{value:.2f}" for value in load) for load in loads)
        ),
        *(f"- {note}" for note in notes),
        "",
        "Commands:",
        "",
        "```",
        *commands,
        "```",
        "",
        "## Goals",
        "",
        *goal_lines(measured),
    ]
    for size in sorted({m.size for m in measured}):
        fupin = next(
            m for m in measured if m.size == size and m.tool == "fupin" and m.run == "full"
        )
        glue = next((m for m in measured if m.size == size and m.tool == "glue"), None)
        lines += ["", f"## {size:,} pages", "", *size_table(fupin, glue), "", *stage_lines(fupin)]
    reruns = [m for m in measured if m.run != "full"]
    if reruns:
        full = next(
            m
            for m in measured
            if m.size == reruns[0].size and m.tool == "fupin" and m.run == "full"
        )
        lines += [
            "",
            f"## Re-runs on the {full.size:,}-page warehouse",
            "",
            "The unchanged re-run processes no file: its time is the fixed cost of a run, which the "
            "incremental run pays too.",
            "",
            "| run | files processed | wall seconds | share of the full run | peak RSS tree (MiB) |",
            "|---|---:|---:|---:|---:|",
            *(
                f"| {m.run} | {m.extra['files_processed']:,} | {m.seconds:,.1f} | "
                f"{m.seconds / full.seconds:.1%} | {mib(m.peak_rss_tree)} |"
                for m in reruns
            ),
        ]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


# Entry point -----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000", help="pages per corpus, comma-separated")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "scale.md", help="report file")
    parser.add_argument(
        "--work", type=Path, default=WORK, help=f"corpora, warehouses and logs (default: {WORK})"
    )
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared folder")
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count(),
        help="passed to `fupin run --workers` when fupin has it (default: all cores)",
    )
    parser.add_argument(
        "--glue",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also run the glue pipeline on each corpus",
    )
    parser.add_argument(
        "--glue-up-to",
        type=int,
        default=None,
        metavar="N",
        help="run the glue pipeline only on corpora of at most N pages (at 100k it takes an hour "
        "and more; its pages/s are flat from 1k on)",
    )
    parser.add_argument(
        "--keep-corpus",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="keep each corpus for the next run (100k pages take about 10 GB)",
    )
    args = parser.parse_args(argv)
    sizes = sorted(int(size) for size in args.sizes.split(","))
    started, load_start = datetime.now(), os.getloadavg()
    sources = load_sources(args.shared)
    workers = args.workers if fupin_workers_flag() else None
    notes = [
        f"Pages: copies of {len(sources)} real pages "
        "(HTML of the extraction and extraction-2 corpora, seed and dev2 texts), round robin, "
        "each with a unique ASCII sentence at the end of its longest paragraph, in "
        f"{SITES} site folders. Copies of one page share their short lines, which fupin's site "
        "templates then remove, and join one story: more template and story work than real sites.",
        f"fupin workers: {workers}" if workers else "fupin workers: this fupin has no `--workers`",
        "Peak RSS: summed RSS of the process tree sampled every 0.2 s (shared pages counted "
        "in every process), and the largest single process.",
    ]
    commands = [
        "$ .venv/bin/python -m tests.benchmarks.scale "
        + " ".join(sys.argv[1:] if argv is None else argv),
        f"# then per size N, with WORK={args.work}:",
        f"{FUPIN.relative_to(REPO)} run --raw WORK/corpus/N/tree --db WORK/N/fupin.duckdb"
        + (f" --workers {workers}" if workers else "")
        + "   # PREFECT_HOME=WORK/N/prefect-home, new per size",
    ]
    if args.glue:
        commands.append(
            f"{PYTHON.relative_to(REPO)} ../shared/tools/glue_pipeline/glue_pipeline.py "
            "WORK/corpus/N/flat WORK/N/glue.duckdb --extractor trafilatura"
            "   # flat: hard links to the same files"
        )
    measured: list[Measurement] = []

    def record(measurement: Measurement) -> None:
        measured.append(measurement)
        print(measurement.json_line(), flush=True)

    for size in sizes:
        building = time.perf_counter()
        tree, flat, reused = corpus(sources, size, args.work)
        print(
            json.dumps(
                {
                    "size": size,
                    "corpus": str(tree),
                    "reused": reused,
                    "seconds": round(time.perf_counter() - building, 2),
                }
            ),
            flush=True,
        )
        home = args.work / str(size)
        shutil.rmtree(home, ignore_errors=True)
        home.mkdir(parents=True)
        db = home / "fupin.duckdb"
        record(run_fupin(size, "full", tree, db, home, workers))
        if args.glue and (args.glue_up_to is None or size <= args.glue_up_to):
            record(run_glue(size, flat, home, args.shared))
        if size == sizes[-1]:
            for measurement in incremental_runs(sources, size, tree, db, home, workers):
                record(measurement)
        if not args.keep_corpus:
            shutil.rmtree(tree.parent)
    write_report(
        args.out, measured, machine_facts(), started, (load_start, os.getloadavg()), commands, notes
    )
    print(json.dumps({"report": str(args.out)}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
