"""Faults from outside, through the real `fupin run`: a full disk and links out of the input folder
end in rejects or one clear line, never in a traceback, lost rows or leftover files."""

from __future__ import annotations

import subprocess
from pathlib import Path

import duckdb
import pytest

from tests.e2e.conftest import FUPIN, REPO

pytestmark = pytest.mark.e2e


def fupin_run(raw: Path, db: Path, env: dict[str, str], *options: str):
    return subprocess.run(
        [str(FUPIN), "run", "--raw", str(raw), "--db", str(db), *options],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MiB file system of its own (tmpfs), too small for a warehouse."""
    mount = tmp_path / "small-disk"
    mount.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(
            f"cannot mount a small tmpfs here (needs root): {mounted.stderr.decode().strip()}"
        )
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_a_full_disk_ends_in_one_clear_line_and_leaves_nothing_behind(
    prefect_env, prefect_server, raw_with_bad_files, small_disk
):
    db = small_disk / "warehouse.duckdb"
    result = fupin_run(raw_with_bad_files, db, {**prefect_env, "PREFECT_API_URL": prefect_server})
    assert result.returncode == 3, result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(f"fupin run: the disk holding {db} is full"), last
    assert "free some space and run again" in last
    assert sorted(path.name for path in small_disk.iterdir()) == ["warehouse.duckdb.lock"]


def test_links_out_of_the_input_folder_are_rejects_unless_followed(
    prefect_env, prefect_server, tmp_path
):
    raw, outside = tmp_path / "raw", tmp_path / "outside"
    raw.mkdir()
    outside.mkdir()
    (outside / "secret.txt").write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    (outside / "folder").mkdir()
    (outside / "folder" / "page.txt").write_text(
        "全县脱贫攻坚\n\n全县46.3万人摆脱贫困。\n", encoding="utf-8"
    )
    (raw / "passwd.txt").symlink_to(outside / "secret.txt")
    (raw / "linked").symlink_to(outside / "folder", target_is_directory=True)
    env = {**prefect_env, "PREFECT_API_URL": prefect_server}
    db = tmp_path / "warehouse.duckdb"

    assert fupin_run(raw, db, env).returncode == 0
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select count(*) from documents").fetchone()[0] == 0
        assert dict(con.execute("select path, reason from rejects").fetchall()) == {
            "passwd.txt": "outside_input",
            "linked": "outside_input",
        }

    assert fupin_run(raw, db, env, "--follow-links").returncode == 0
    with duckdb.connect(str(db), read_only=True) as con:
        documents = {row[0] for row in con.execute("select path from documents").fetchall()}
        rejects = dict(con.execute("select path, stage from rejects").fetchall())
    assert "linked/page.txt" in documents
    assert "passwd.txt" in documents or rejects["passwd.txt"] != "discover", "read, then judged"
