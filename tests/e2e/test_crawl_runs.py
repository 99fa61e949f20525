"""`fupin run` over crawler output: WARC and JSON-lines records become documents with their URL and
fetch time, re-runs are incremental per record, and a damaged record costs only itself."""

from __future__ import annotations

import json

import duckdb
import pytest
from test_crawl import article, response, write_warc

pytestmark = pytest.mark.e2e


def jsonl(path, records) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")


def test_crawler_records_load_incrementally_and_a_damaged_one_is_a_reject(
    tmp_path, prefect_env, prefect_server, run_fupin
):
    env = {**prefect_env, "PREFECT_API_URL": prefect_server}

    def run(raw, db, env) -> str:
        return run_fupin("run", "--raw", str(raw), "--db", str(db), env=env).stdout

    raw, db = tmp_path / "raw", tmp_path / "w.duckdb"
    raw.mkdir()
    warc = write_warc(
        raw / "crawl.warc",
        [response(f"http://www.example.gov.cn/news/{n}.html", article(n)) for n in range(3)],
    )
    damaged = bytearray(warc.read_bytes())
    second = damaged.index(b"WARC/1.", damaged.index(b"news/1.html") - 400)
    damaged[second + 300 : second + 310] = b"XXXXXXXXXX"  # inside record 1's headers and block
    warc.write_bytes(bytes(damaged))
    feed = [
        {
            "url": f"https://fp.example.cn/{n}",
            "text": f"全县脱贫人口达到{n}.5万人。",
            "fetch_time": f"2024-05-0{n}",
        }
        for n in range(1, 3)
    ]
    jsonl(raw / "feed.jsonl", feed)

    assert "loaded 4 documents" in run(raw, db, env)
    with duckdb.connect(str(db), read_only=True) as con:
        documents = con.execute(
            "select path, url, site, fetched_at from documents order by path"
        ).fetchall()
        rejects = con.execute("select path, stage, reason, detail from rejects").fetchall()
    assert [row[0].split("#")[1] for row in documents] == [
        "http://www.example.gov.cn/news/0.html",
        "http://www.example.gov.cn/news/2.html",
        "https://fp.example.cn/1",
        "https://fp.example.cn/2",
    ]
    assert documents[0][1:3] == ("http://www.example.gov.cn/news/0.html", "www.example.gov.cn")
    assert documents[2][3] == "2024-05-01T00:00:00"
    [(path, stage, reason, detail)] = rejects
    assert (path.startswith("crawl.warc#"), stage, reason) == (True, "discover", "corrupt")
    assert "byte" in detail

    jsonl(raw / "feed.jsonl", [*feed, {"url": "https://fp.example.cn/3", "text": "新增一条。"}])
    again = run(raw, db, env)
    # Only the new record is processed; the damaged one is tried again on every run, like an
    # unreadable file, in case it was repaired.
    assert "(1 new, 1 changed, 4 unchanged, 0 removed); loaded 1 documents" in again, again
