"""What discovery and reading take from the file system: nothing from outside the input folder unless
asked, every entry accounted for, and reads that cannot hang, balloon or follow a swapped link."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tasks.decode import MAX_BYTES
from tasks.inputs import batches, digested, discover, read_batch, sha256_of
from tasks.records import Reject, SourceFile, StageError


def outcomes(root: Path, follow_links: bool = False) -> dict[str, str]:
    """Each entry discovery found: 'read' with its digest taken, or the reason it was refused."""
    found = {}
    for relative, target in discover(root, follow_links=follow_links):
        digest = digested(relative, relative, target, "discover")
        found[relative] = digest.reason if isinstance(digest, Reject) else "read"
    return found


@pytest.fixture
def raw(tmp_path) -> Path:
    raw = tmp_path / "raw"
    (raw / "pages").mkdir(parents=True)
    (raw / "pages" / "a.txt").write_text("正文", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("root:x:0:0", encoding="utf-8")
    return raw


def test_a_link_out_of_the_input_folder_is_a_reject_unless_links_are_followed(raw):
    (raw / "passwd.txt").symlink_to(raw.parent / "outside" / "secret.txt")
    (raw / "inside.txt").symlink_to(raw / "pages" / "a.txt")
    assert outcomes(raw) == {
        "inside.txt": "read",
        "passwd.txt": "outside_input",
        "pages/a.txt": "read",
    }
    assert outcomes(raw, follow_links=True)["passwd.txt"] == "read"


def test_linked_folders_are_accounted_for_and_walked_once_when_followed(raw):
    (raw / "elsewhere").symlink_to(raw.parent / "outside", target_is_directory=True)
    (raw / "again").symlink_to(raw / "pages", target_is_directory=True)
    (raw / "pages" / "loop").symlink_to(raw, target_is_directory=True)
    assert outcomes(raw) == {
        "again": "linked_folder",
        "elsewhere": "outside_input",
        "pages/a.txt": "read",
        "pages/loop": "linked_folder",
    }
    followed = outcomes(raw, follow_links=True)
    assert followed["elsewhere/secret.txt"] == "read"
    assert followed["again/a.txt"] == "read", "the linked folder comes first by name"
    assert followed["again/loop"] == "linked_folder", "a link back up is walked no more than once"
    assert "pages/a.txt" not in followed


def test_a_thousand_folders_deep_is_walked_without_recursion(tmp_path):
    folder = tmp_path
    for _ in range(1000):  # one level at a time: mkdir(parents=True) itself recurses
        folder = folder / "d"
        folder.mkdir()
    try:
        (folder / "deep.txt").write_text("正文", encoding="utf-8")
        [(relative, target)] = list(discover(tmp_path))
        assert relative.count("/") == 1000 and isinstance(target, Path)
    finally:
        # shutil.rmtree, which pytest cleans up with, recurses too: take the tree down level by level
        (folder / "deep.txt").unlink(missing_ok=True)
        while folder != tmp_path:
            folder.rmdir()
            folder = folder.parent


def test_the_walk_order_is_files_then_folders_by_name(tmp_path):
    for name in ("b.txt", "a/z.txt", "a/b/y.txt", "c/x.txt", "a.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [relative for relative, _ in discover(tmp_path)] == [
        "a.txt",
        "b.txt",
        "a/z.txt",
        "a/b/y.txt",
        "c/x.txt",
    ]


def found_as(page: Path) -> tuple[SourceFile, Path]:
    digest = digested(page.name, page.stem, page, "discover")
    assert not isinstance(digest, Reject)
    return digest


def test_a_page_swapped_for_a_fifo_after_discovery_is_a_reject_not_a_hang(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("正文", encoding="utf-8")
    found = found_as(page)
    page.unlink()
    os.mkfifo(page)
    kept, [reject] = read_batch([found])
    assert (kept, reject.reason) == ([], "not_a_file")


def test_a_page_swapped_for_a_link_after_discovery_is_not_followed(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("正文", encoding="utf-8")
    found = found_as(page)
    page.unlink()
    page.symlink_to("/dev/zero")
    kept, [reject] = read_batch([found])
    assert (kept, reject.reason) == ([], "unreadable")
    assert "link" in reject.detail


def test_a_page_that_grew_past_the_cap_is_read_no_further(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("正文", encoding="utf-8")
    found = found_as(page)
    with page.open("ab") as handle:
        handle.truncate(MAX_BYTES + 10_000_000)
    kept, [reject] = read_batch([found])
    assert (kept, reject.reason) == ([], "too_large")


def test_a_refusal_from_discovery_becomes_its_reject():
    reject = digested(
        "x.txt", "x", StageError("outside_input", "a link to /etc/passwd"), "discover"
    )
    assert isinstance(reject, Reject) and reject.reason == "outside_input"


def test_batches_hold_a_bounded_number_of_bytes():
    def file(size: int) -> tuple[SourceFile, Path]:
        return SourceFile(f"{size}", "", sha256_of(b""), size), Path("x")

    sizes = [30, 30, 30, 100, 5, 5, 5, 5]
    grouped = batches([file(size) for size in sizes], count=3, max_bytes=64)
    assert [[f.size for f, _ in batch] for batch in grouped] == [
        [30, 30],
        [30],
        [100],
        [5, 5, 5],
        [5],
    ]
