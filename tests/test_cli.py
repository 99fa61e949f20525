"""The `fupin` command's Prefect-free paths: clean, metrics, and refusals with clear messages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from flows.cli import main

REPO = Path(__file__).resolve().parents[1]

PAGE = """您当前的位置 : 某某新闻网 > 新闻中心 > 要闻

全县脱贫攻坚工作综述

2019-01-25 08:53    来源: 某某日报

  三年来,全县累计投入财政专项扶贫资金3.25亿元,46.3万人摆脱贫困,贫困发生率从18.7%下降到2.1%。

[责任编辑: 张三]
版权所有 ICP备05000000号
"""


def test_clean_jsonl_gives_one_object_per_input_including_rejects(tmp_path, capsys):
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    assert main(["clean", "--jsonl", str(tmp_path)]) == 0
    records = {r["id"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert records["page"]["title"] == "全县脱贫攻坚工作综述"
    assert records["page"]["publish_time"] == "2019-01-25T08:53"
    assert records["page"]["source"] == "某某日报"
    assert records["page"]["editor"] == "张三"
    assert "ICP" not in records["page"]["content"] and "3.25亿元" in records["page"]["content"]
    assert records["empty"]["rejected"]["reason"] == "empty"


def test_metrics_jsonl_gives_one_object_per_metric(tmp_path, capsys):
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")
    assert main(["metrics", "--jsonl", str(tmp_path / "page.txt")]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    by_quote = {row["quote"]: row for row in rows}
    assert by_quote["3.25亿元"]["value"] == 325_000_000 and by_quote["3.25亿元"]["unit"] == "yuan"
    assert by_quote["46.3万人"]["value"] == 463_000 and by_quote["46.3万人"]["unit"] == "person"
    assert {row["doc"] for row in rows} == {"page"}
    for row in rows:
        assert PAGE[row["start"] : row["end"]] == row["quote"]


def test_run_refuses_a_missing_folder_before_starting_prefect(tmp_path, capsys):
    assert main(["run", "--raw", str(tmp_path / "missing")]) == 2
    assert "no input folder" in capsys.readouterr().err


def test_sql_refuses_a_missing_warehouse(tmp_path, capsys):
    assert main(["sql", str(tmp_path / "none.duckdb")]) == 2
    assert "fupin run" in capsys.readouterr().err


def test_explain_shows_every_line_with_its_reason(tmp_path, capsys):
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")
    assert main(["clean", "--explain", "--jsonl", str(tmp_path / "page.txt")]) == 0
    [record] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    lines = {row["text"].strip(): row for row in record["lines"]}
    assert (
        lines["[责任编辑: 张三]"]["kept"] is False
        and lines["[责任编辑: 张三]"]["reason"] == "editor_line"
    )
    assert lines["版权所有 ICP备05000000号"]["reason"] == "footer"
    assert [row["kept"] for row in record["lines"]].count(True) == 1
    assert main(["clean", "--explain", str(tmp_path / "page.txt")]) == 0
    assert "CUT  furniture footer" in capsys.readouterr().out


def test_clean_and_metrics_never_import_prefect(tmp_path):
    """Prefect's import alone costs seconds; the Prefect-free commands must not pay it."""
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")
    probe = (
        "import sys\n"
        "from flows.cli import main\n"
        f"main(['clean', '--jsonl', {str(tmp_path)!r}])\n"
        f"main(['metrics', '--jsonl', {str(tmp_path)!r}])\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('prefect', 'duckdb'))\n"
        "print('LOADED', loaded, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "LOADED []" in result.stderr


def test_metrics_explain_names_the_words_behind_each_attribute(tmp_path, capsys):
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")
    assert main(["metrics", "--explain", str(tmp_path / "page.txt")]) == 0
    out = capsys.readouterr().out
    [block] = [part for part in out.split("\n\n") if part.lstrip("= \n").startswith("3.25亿元  [")]
    for attribute in ("unit", "region", "period", "indicator_class", "kind"):
        assert f"  {attribute} " in block
    assert "yuan" in block and "<-" in block and "@" in block
