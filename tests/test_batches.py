"""The batch loop's account of a run: what it keeps does not grow with the number of files."""

from __future__ import annotations

from flows.batches import SLOWEST_FILES, Loaded


def test_only_the_slowest_files_are_kept_across_batches():
    loaded = Loaded()
    for batch in range(50):
        loaded.add_file_seconds(
            {f"b{batch}/f{n}.html": (batch * 200 + n) / 1000 for n in range(200)}
        )
    assert len(loaded.slowest_files) == SLOWEST_FILES
    assert loaded.slowest_files == [
        (f"b49/f{n}.html", (49 * 200 + n) / 1000) for n in range(199, 199 - SLOWEST_FILES, -1)
    ]
