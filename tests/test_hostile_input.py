"""Hostile input through every pure stage, as `fupin clean` runs it: every file is a document or a
reject with a reason, nothing hangs, memory stays bounded."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from hostile import write_hostile_corpus

pytestmark = pytest.mark.slow

FUPIN = Path(sys.executable).with_name("fupin")
PEAK_MEMORY_LIMIT_KIB = 3 * 1024 * 1024


def test_every_hostile_file_is_a_document_or_a_reject(tmp_path):
    entries = write_hostile_corpus(tmp_path)
    result = subprocess.run(
        [str(FUPIN), "clean", "--jsonl", str(tmp_path)], capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == entries
    outcomes = {
        Path(r["path"]).name: r.get("rejected", {}).get("reason", "document") for r in records
    }
    assert outcomes["empty.html"] == "empty"
    assert outcomes["binary.bin"] == "binary"
    assert outcomes["nul_bytes.txt"] == "binary"
    assert outcomes["fifty_megabytes.html"] == "too_large"
    assert outcomes["named_pipe.txt"] == "not_a_file"
    assert outcomes["dangling_link.txt"] == outcomes["loop_a.txt"] == "unreadable"
    for name in (
        "invalid_utf8.txt",
        "invalid_gbk.html",
        "declares_utf8_is_gbk.html",
        "declares_gbk_is_utf8.html",
        "unclosed_tags.html",
        "truncated.html",
        "name_not_utf8_\\xff\\xfe.txt",
    ):
        assert outcomes[name] == "document", (name, outcomes[name])
    by_name = {Path(r["path"]).name: r for r in records}
    assert "3.25亿元" in by_name["declares_utf8_is_gbk.html"]["content"]
    for record in records:
        if "rejected" in record:
            assert record["rejected"]["detail"], record
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss < PEAK_MEMORY_LIMIT_KIB
