"""What the inputs are and reading them: the walk of the input folder, hashes for the ledger,
bytes within the size and time limits, batches. Everything that touches the file system before the
pure stages (tasks/pipeline.py) runs here."""

from __future__ import annotations

import errno
import hashlib
import os
import signal
import stat
import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from tasks import crawl
from tasks.decode import MAX_BYTES
from tasks.records import Crawled, Page, Reject, SourceFile, StageError

IGNORED_NAMES = frozenset({"README", "README.md", "README.txt"})  # describe a folder, are not pages
# Per file and stage. A healthy page takes milliseconds; one that takes this long is an attack or a dump.
STAGE_SECONDS_PER_FILE = 15.0


def discover(
    root: Path, errors: list[OSError] | None = None, follow_links: bool = False
) -> Iterator[tuple[str, Path | StageError]]:
    """Every file under root as (relative posix path, the file to read or why it is refused), in a
    stable order: a folder's files by name, then its subfolders, depth first.

    Iterative, so no depth of folders can exhaust the stack. A link is read only where it resolves
    inside root, unless `follow_links`; a linked folder is walked only with `follow_links`, once per
    folder, and otherwise accounted for as refused. Folders that cannot be listed are appended to
    `errors` so that the caller can report them.
    """
    real_root = root.resolve()
    walked = {_identity(root)}
    folders = [root]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as error:
            if errors is not None:
                errors.append(error)
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            relative = printable(path.relative_to(root).as_posix())
            if entry.is_symlink():
                target = _link_target(path, real_root, follow_links)
                if isinstance(target, Path) and target.is_dir():
                    if _first_visit(target, walked):
                        subfolders.append(path)
                        continue
                    target = StageError("linked_folder", "a link to a folder read already")
                yield relative, target
            elif entry.is_dir(follow_symlinks=False):
                if _first_visit(path, walked):
                    subfolders.append(path)
            elif entry.name not in IGNORED_NAMES:
                yield relative, path
        folders.extend(reversed(subfolders))


def _identity(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_dev, status.st_ino


def _first_visit(folder: Path, walked: set[tuple[int, int]]) -> bool:
    """True the first time a folder is met, under whatever name: links cannot make the walk loop."""
    identity = _identity(folder)
    if identity in walked:
        return False
    walked.add(identity)
    return True


def _link_target(link: Path, real_root: Path, follow_links: bool) -> Path | StageError:
    try:
        target = link.resolve(strict=True)
    except (OSError, RuntimeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        return StageError("unreadable", f"broken link: {reason}")
    inside = target == real_root or real_root in target.parents
    if not (inside or follow_links):
        return StageError(
            "outside_input",
            f"a link to {printable(str(target))}, outside the input folder "
            "(fupin run --follow-links reads such links)",
        )
    if target.is_dir() and not follow_links:
        return StageError(
            "linked_folder",
            f"a link to the folder {printable(str(target))}, inside the input folder and read "
            "where it is (fupin run --follow-links walks linked folders)",
        )
    return target


def printable(path: str) -> str:
    """A file name that is not valid UTF-8 (kept by Python as surrogates) with its bad bytes as \\xNN,
    so that the ledger, DuckDB and JSON can hold it; the same name gives the same text every run."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def doc_ids(paths: Iterable[str]) -> dict[str, str]:
    """File path without its extension, or the whole path where that id would not be unique
    (a.txt beside a.html, or a.html.1 whose stem is another file's path)."""
    paths = list(paths)
    stems = Counter(_stem(path) for path in paths)
    taken = set(paths)
    return {
        path: _stem(path) if stems[_stem(path)] == 1 and _stem(path) not in taken else path
        for path in paths
    }


def _stem(path: str) -> str:
    pure = PurePosixPath(path)
    return pure.with_suffix("").as_posix() if pure.suffix else path


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@contextmanager
def open_regular(path: Path) -> Iterator[BinaryIO]:
    """Open a page for reading without following a link put in its place and without blocking on a
    FIFO; anything but a regular file is refused before a byte is read."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise StageError("unreadable", "replaced by a link since it was found") from None
        raise
    with os.fdopen(descriptor, "rb") as handle:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            # A FIFO or a device would block the run or never end; a page is a regular file.
            raise StageError("not_a_file", f"not a regular file (mode {stat.filemode(mode)})")
        yield handle


def file_digest(path: Path) -> tuple[str, int]:
    """SHA-256 and size of a file, read in chunks so a huge file costs no memory."""
    digest = hashlib.sha256()
    size = 0
    with open_regular(path) as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def digested(
    path: str, doc_id: str, found: Path | StageError, stage: str
) -> tuple[SourceFile, Path] | Reject:
    """The file with its hash and size and where to read it, or a reject saying why it cannot be read."""
    try:
        if isinstance(found, StageError):
            raise found
        sha, size = file_digest(found)
    except StageError as error:
        return Reject(SourceFile(path, doc_id, "", 0), stage, error.reason, error.detail)
    except OSError as error:
        return Reject(SourceFile(path, doc_id, "", 0), stage, "unreadable", _os_reason(error))
    return SourceFile(path, doc_id, sha, size), found


@dataclass(frozen=True, slots=True)
class InContainer:
    """A page record inside a crawler container (WARC, JSON lines): where reading finds it."""

    container: Path
    offset: int


Location = Path | InContainer  # where an input's bytes are read from


def records_or_file(
    path: str, doc_id: str, found: Path | StageError, stage: str, skipped: Counter[str]
) -> Iterator[tuple[SourceFile, Location] | Reject]:
    """The inputs a found file holds: itself, or each record of a crawler container as an input of
    its own (path and id `<container>#<key>`, the key being the record's URL), so that re-runs are
    incremental per record. A record that is no page (a 404, an image) or is damaged is a reject
    that names its offset; records that are not pages at all (requests, metadata) are counted in
    `skipped`. A container that cannot be read is one reject."""
    if isinstance(found, StageError) or not crawl.is_container(found.name):
        yield digested(path, doc_id, found, stage)
        return
    try:
        with open_regular(found):
            pass  # the checks of a regular page: no FIFO, no link swapped in
        for entry in crawl.scan(found, skipped):
            key = printable(entry.key)
            file = SourceFile(f"{path}#{key}", f"{doc_id}#{key}", entry.sha256, entry.size)
            if entry.error is not None:
                yield Reject(file, stage, entry.error.reason, entry.error.detail)
            else:
                yield file, InContainer(found, entry.offset)
    except StageError as error:
        yield Reject(SourceFile(path, doc_id, "", 0), stage, error.reason, error.detail)
    except OSError as error:
        yield Reject(SourceFile(path, doc_id, "", 0), stage, "unreadable", _os_reason(error))


def _os_reason(error: OSError) -> str:
    return f"{type(error).__name__}: {error.strerror or error}"


def read_batch(files: list[tuple[SourceFile, Location]]) -> tuple[list[Page], list[Reject]]:
    """Bytes of each input, at most the cap plus one byte, within the time limit; one that vanished,
    grew too large, was swapped for something else or cannot be read becomes a reject. The records
    of one container are read in one pass over it.

    Batches are consecutive stretches of the inputs in order, so the container of a batch's last
    input is the only one the next batch may go on reading: a .jsonl.gz stays open for it, where
    this batch stopped (crawl.close_kept closes it at the end)."""
    last = files[-1][1] if files else None
    going_on = last.container if isinstance(last, InContainer) else None
    pages: dict[str, Page] = {}
    rejects = []
    in_containers: dict[Path, list[tuple[SourceFile, int]]] = {}
    for file, location in files:
        if isinstance(location, InContainer):
            in_containers.setdefault(location.container, []).append((file, location.offset))
            continue
        read = _read_file(file, location)
        if isinstance(read, Reject):
            rejects.append(read)
        else:
            pages[file.path] = read
    for container, records in in_containers.items():
        for read in _read_records(container, records, keep_open=container == going_on):
            if isinstance(read, Reject):
                rejects.append(read)
            else:
                pages[read.file.path] = read
    crawl.close_kept(but=going_on)
    order = [file.path for file, _ in files]
    return [pages[path] for path in order if path in pages], rejects


def _read_file(file: SourceFile, path: Path) -> Page | Reject:
    if file.size > MAX_BYTES:
        return Reject(file, "read", "too_large", f"{file.size:,} bytes, limit {MAX_BYTES:,}")
    try:
        with time_limit(STAGE_SECONDS_PER_FILE, "read"), open_regular(path) as handle:
            data = handle.read(MAX_BYTES + 1)
    except StageError as error:
        return Reject(file, "read", error.reason, error.detail)
    except OSError as error:
        return Reject(file, "read", "unreadable", _os_reason(error))
    if len(data) > MAX_BYTES:
        return Reject(file, "read", "too_large", f"grew past the limit of {MAX_BYTES:,} bytes")
    return Page(_as_read(file, data), data)


def _read_records(
    container: Path, records: list[tuple[SourceFile, int]], keep_open: bool
) -> Iterator[Page | Reject]:
    """The pages of these records of one container; the time limit is per record, as for files."""
    try:
        with time_limit(STAGE_SECONDS_PER_FILE * len(records), "read"):
            found = crawl.read(container, [offset for _, offset in records], keep_open)
    except (StageError, OSError) as error:
        reason = error.reason if isinstance(error, StageError) else "unreadable"
        detail = error.detail if isinstance(error, StageError) else _os_reason(error)
        for file, _ in records:
            yield Reject(file, "read", reason, detail)
        return
    for file, offset in records:
        record = found.get(offset)
        if record is None:
            yield Reject(file, "read", "unreadable", f"no record at offset {offset} any more")
        elif isinstance(record, StageError):
            yield Reject(file, "read", record.reason, record.detail)
        else:
            crawled = Crawled(
                record.url, record.fetch_time, record.kind_hint, record.extra, record.charset
            )
            yield Page(_as_read(file, record.data), record.data, crawled)


def _as_read(file: SourceFile, data: bytes) -> SourceFile:
    """The input as read: changed since discovery, the ledger must record the bytes actually processed."""
    if len(data) != file.size or sha256_of(data) != file.sha256:
        return SourceFile(file.path, file.doc_id, sha256_of(data), len(data))
    return file


def batches(
    files: list[tuple[SourceFile, Location]], count: int, max_bytes: int
) -> list[list[tuple[SourceFile, Location]]]:
    """Consecutive batches of at most `count` files and `max_bytes` of input (a single larger file
    alone): a batch's memory grows with its bytes, about 8 times the input at its peak."""
    grouped: list[list[tuple[SourceFile, Location]]] = []
    size = 0
    for item in files:
        if not grouped or len(grouped[-1]) >= count or size + item[0].size > max_bytes:
            grouped.append([])
            size = 0
        grouped[-1].append(item)
        size += item[0].size
    return grouped


@contextmanager
def time_limit(seconds: float, stage: str) -> Iterator[None]:
    """Raise StageError('timeout') in the block after `seconds`.

    SIGALRM interrupts Python code, not a single C call (one regex search, one lxml parse), which is
    stopped when it returns; every input is capped in size, so such a call is bounded too. Signals only
    reach the main thread: elsewhere (a thread pool) the block runs without the limit.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise StageError("timeout", f"{stage} took more than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def inputs(paths: list[Path]) -> list[tuple[str, str, Path | StageError]]:
    """(path as shown, doc id, file) for files and the files inside folders, in order.

    The id is the file name (inside a folder: the path within it) without its extension; where two
    inputs would share one, the path as given.
    """
    found: list[tuple[str, str, Path | StageError]] = []
    for path in paths:
        if path.is_dir():
            found += [
                (printable(str(path)) + "/" + relative, relative, absolute)
                for relative, absolute in discover(path)
            ]
        else:
            found.append((printable(str(path)), printable(path.name), path))
    relatives = Counter(relative for _, relative, _ in found)
    ids = doc_ids(relatives)
    return [
        (shown, ids[relative] if relatives[relative] == 1 else shown, absolute)
        for shown, relative, absolute in found
    ]


def read_inputs(
    paths: list[Path],
) -> tuple[list[str], list[Page], dict[str, Reject]]:
    """The inputs as given (a container's records each one input), in order, by path as shown;
    the pages read from them; and the rejects of those that could not be read."""
    shown_paths, readable, rejects = [], [], {}
    for shown, doc_id, absolute in inputs(paths):
        for found in records_or_file(shown, doc_id, absolute, "read", Counter()):
            if isinstance(found, Reject):
                rejects[found.file.path] = found
                shown_paths.append(found.file.path)
            else:
                readable.append(found)
                shown_paths.append(found[0].path)
    pages, failed = read_batch(readable)
    crawl.close_kept()  # one batch held every input: no next one goes on reading
    rejects.update((reject.file.path, reject) for reject in failed)
    return shown_paths, pages, rejects
