"""Load stage on a throwaway DuckDB file: schema, comments, idempotent batches, replacement, views, checks."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tasks import warehouse
from tasks.inputs import doc_ids, sha256_of
from tasks.pipeline import process_batch
from tasks.records import Page, SourceFile
from tasks.regions import load_gazetteer

RUN = "test-run"


def batch_of(paths: list[Path]) -> list[Page]:
    ids = doc_ids(path.name for path in paths)
    return [
        Page(
            SourceFile(p.name, ids[p.name], sha256_of(p.read_bytes()), p.stat().st_size),
            p.read_bytes(),
        )
        for p in paths
    ]


@pytest.fixture()
def con(tmp_path):
    with warehouse.connect(tmp_path / "w.duckdb") as connection:
        warehouse.apply_schema(connection)
        warehouse.sync_regions(connection, load_gazetteer().rows())
        warehouse.start_run(connection, RUN, "test", str(tmp_path))
        yield connection


def load(con, files):
    outcome = process_batch(files)
    sources = [d.file for d in outcome.documents] + [r.file for r in outcome.rejects]
    warehouse.load_batch(con, RUN, sources, outcome.documents, outcome.rejects)
    return outcome


def table_counts(con) -> dict[str, int]:
    return {
        t: con.execute(f"select count(*) from {t}").fetchone()[0]
        for t in ("documents", "metrics", "rejects", "source_files")
    }


def test_every_table_and_column_is_commented(con):
    missing = con.execute(
        "select table_name || '.' || column_name from duckdb_columns() "
        "where not internal and database_name = current_database() and (comment is null or comment = '')"
    ).fetchall()
    assert missing == []
    tables = con.execute(
        "select table_name from duckdb_tables() where not internal and (comment is null or comment = '')"
    ).fetchall()
    assert tables == []


def test_loading_the_same_batch_twice_changes_nothing(con, raw_samples, fingerprint):
    files = batch_of(sorted(raw_samples.glob("*.txt")))
    load(con, files)
    first = fingerprint(con)
    load(con, files)
    assert fingerprint(con) == first
    assert first["documents"][0] == 5 and first["metrics"][0] > 100


def test_a_changed_file_replaces_its_document_and_metrics(con, raw_samples, tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(
        (raw_samples / "003_785cc2d76d97de3e.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    load(con, batch_of([page]))
    before = con.execute("select count(*) from metrics where doc_id = 'page'").fetchone()[0]
    page.write_text(
        page.read_text(encoding="utf-8") + "\n  全市新增投入扶贫资金5亿元,帮助3000人脱贫。\n",
        encoding="utf-8",
    )
    load(con, batch_of([page]))
    assert con.execute("select count(*) from documents where doc_id = 'page'").fetchone()[0] == 1
    assert con.execute("select count(*) from metrics where doc_id = 'page'").fetchone()[0] > before


def test_a_file_that_turns_bad_becomes_a_reject_and_loses_its_document(con, raw_samples, tmp_path):
    page = tmp_path / "page.txt"
    page.write_bytes((raw_samples / "000_3cf6b686c3e19f6a.txt").read_bytes())
    load(con, batch_of([page]))
    page.write_bytes(b"\x00\x01binary now")
    load(con, batch_of([page]))
    assert table_counts(con)["documents"] == 0
    assert con.execute("select stage, reason from rejects").fetchall() == [("decode", "binary")]
    assert con.execute("select status from source_files").fetchall() == [("rejected",)]


def test_a_failing_batch_leaves_the_warehouse_as_it_was(con, raw_samples, monkeypatch):
    load(con, batch_of(sorted(raw_samples.glob("*.txt"))[:2]))
    before = table_counts(con)
    outcome = process_batch(batch_of(sorted(raw_samples.glob("*.txt"))[2:]))
    files = [d.file for d in outcome.documents]
    real_sql = warehouse.sql

    def failing_after_the_inserts(name: str) -> str:
        text = real_sql(name)
        return (
            text + "\nselect * from table_that_does_not_exist;"
            if name == "load/insert_batch.sql"
            else text
        )

    monkeypatch.setattr(warehouse, "sql", failing_after_the_inserts)
    with pytest.raises(duckdb.CatalogException):
        warehouse.load_batch(con, RUN, files, outcome.documents, outcome.rejects)
    assert table_counts(con) == before


def test_views_select_and_checks_pass(con, raw_samples):
    load(con, batch_of(sorted(raw_samples.glob("*.txt"))))
    views = warehouse.apply_views(con)
    assert {
        "v_region_tree",
        "v_metrics",
        "v_region_year",
        "v_poverty_exits",
        "v_funds_invested",
        "v_incidence_rate",
        "v_document_quality",
        "v_rejects",
        "v_claims",
        "v_conflicting_claims",
    } <= set(views)
    for view in views:
        con.execute(f"select * from {view}").fetchall()
    failed = [check for check in warehouse.run_checks(con) if not check.passed]
    assert failed == []


def test_checks_catch_what_they_guard(con):
    con.execute(
        "insert into source_files values ('lost.txt', 'lost', 'x', 1, 'document', 'r', 'r', now(), now())"
    )
    con.execute(
        "insert into metrics (doc_id, position, quote, source_start, source_end, sentence, value, unit, "
        "indicator_class, kind, optional, run_id) values ('ghost', 0, '5人', 0, 2, '', 5, 'persons', "
        "'other', 'actual', false, 'r')"
    )
    failed = {check.name for check in warehouse.run_checks(con) if not check.passed}
    assert {
        "files_accounted_for",
        "metrics_have_document",
        "metrics_fields_in_vocabulary",
    } <= failed


def test_regions_are_loaded_once_and_kept_in_step_with_the_gazetteer(con):
    rows = load_gazetteer().rows()
    assert warehouse.sync_regions(con, rows) is False
    assert warehouse.sync_regions(con, rows[:-1]) is True
    assert con.execute("select count(*) from regions").fetchone()[0] == len(rows) - 1


def report(title: str, body: str) -> str:
    return f"{title}\n\n2019-01-25 08:53    来源: 某某日报\n\n  {body}\n"


def test_claims_roll_up_and_conflicts_between_documents(con, tmp_path):
    pages = {
        "a.txt": report("大余县扶贫工作综述", "2018年,大余县脱贫12000人,投入扶贫资金3亿元。"),
        "b.txt": report("大余县脱贫攻坚报道", "2018年,大余县脱贫15000人,投入扶贫资金3亿元。"),
    }
    for name, text in pages.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    load(con, batch_of([tmp_path / name for name in pages]))
    warehouse.apply_views(con)

    exits = con.execute(
        "select values_agree, stated_values, story_ids from v_claims "
        "where region = '大余县' and indicator_class = 'poverty_exits' and period_start = 2018"
    ).fetchall()
    assert exits == [(False, [12000.0, 15000.0], ["a", "b"])]
    funds = con.execute(
        "select values_agree from v_claims where region = '大余县' and unit = 'yuan'"
    ).fetchall()
    assert funds == [(True,)]

    conflicts = con.execute(
        "select story_a, story_b, value_a, value_b, unit from v_conflicting_claims"
    ).fetchall()
    assert conflicts == [("a", "b", 12000.0, 15000.0, "person")]

    rolled = con.execute(
        "select scope, region, figures, stories from v_region_year "
        "where indicator_class = 'poverty_exits' and year = 2018 order by scope"
    ).fetchall()
    assert rolled == [
        ("prefecture", "赣州市", 2, 2),
        ("province", "江西省", 2, 2),
        ("stated", "大余县", 2, 2),
    ]


def test_site_templates_are_learnt_from_the_warehouse_and_the_batch_and_shown(con, tmp_path):
    """Two runs of three pages of one site: the second learns from what the first stored."""
    from tests_support_pages import site_page

    paths = []
    for number in range(1, 7):
        (tmp_path / f"page{number}.txt").write_text(site_page(number), encoding="utf-8")
        paths.append(tmp_path / f"page{number}.txt")
    for batch in (paths[:3], paths[3:]):
        pages = batch_of(batch)
        known = warehouse.site_lines(
            con, warehouse.known_sites(con), {page.file.doc_id for page in pages}
        )
        outcome = process_batch(pages, known)
        documents = outcome.documents
        warehouse.load_batch(con, RUN, [d.file for d in documents], documents, [], outcome.learnt)
    warehouse.apply_views(con)

    contents = dict(con.execute("select doc_id, content from documents").fetchall())
    assert all("踊跃提供新闻线索" in contents[f"page{n}"] for n in (1, 2, 3)), (
        "learnt only once 5 pages were seen"
    )
    assert all("踊跃提供新闻线索" not in contents[f"page{n}"] for n in (4, 5, 6))
    assert con.execute(
        "select site, line, pages_seen, site_pages from v_site_templates"
    ).fetchall() == [("某某新闻网", "本网欢迎各界踊跃提供新闻线索", 6, 6)]
    assert con.execute("select count(distinct doc_id) from page_lines").fetchone()[0] == 6


@pytest.mark.parametrize(
    ("value", "unit", "indicator_class", "region_code"),
    [
        (1.2e22, "person", "poverty_exits", None),  # more people than live on earth
        (2.0e8, "person", "poverty_exits", "360700"),  # more than live in 赣州市
        (1.5e24, "yuan", "funds_invested", None),  # １．５亿亿亿元
        (100000, "percent", "incidence_rate", None),  # an incidence of 100000%
        (-3, "village", "area_exits", None),  # a negative count of villages
    ],
)
def test_the_plausibility_check_flags_absurd_values(con, value, unit, indicator_class, region_code):
    con.execute(
        "insert into metrics (doc_id, position, quote, source_start, source_end, sentence, value, unit, "
        "indicator_class, kind, optional, region_code, run_id) "
        "values ('d', 0, 'x', 0, 1, '', ?, ?, ?, 'actual', false, ?, 'r')",
        [value, unit, indicator_class, region_code],
    )
    failed = {check.name for check in warehouse.run_checks(con) if not check.passed}
    assert "metrics_plausible" in failed


def test_the_plausibility_check_passes_large_real_figures(con):
    real = [
        (98_990_000, "person", "poverty_exits", None),  # 9899万 rural poor lifted out, nationally
        (1.6e12, "yuan", "funds_invested", None),  # 1.6万亿元 of central funds
        (-1.2, "percentage_point", "incidence_rate", "360700"),  # a fall, sign kept
        (250, "percent", "income", None),  # income grew by 250%
        (4_000_000, "year", "other", None),  # geology is not this check's business
    ]
    for position, (value, unit, indicator_class, region_code) in enumerate(real):
        con.execute(
            "insert into metrics (doc_id, position, quote, source_start, source_end, sentence, value, "
            "unit, indicator_class, kind, optional, region_code, run_id) "
            "values ('d', ?, 'x', 0, 1, '', ?, ?, ?, 'actual', false, ?, 'r')",
            [position, value, unit, indicator_class, region_code],
        )
    failed = {check.name for check in warehouse.run_checks(con) if not check.passed}
    assert "metrics_plausible" not in failed


def test_while_batches_load_duckdb_holds_the_loading_limit_and_the_whole_limit_after(tmp_path):
    db = tmp_path / "w.duckdb"

    def limit_mib() -> float:
        with warehouse.connect(db) as con:
            (value,) = con.execute("select current_setting('memory_limit')").fetchone() or ("",)
        number, unit = value.split()
        assert unit == "MiB", value
        return float(number)

    whole = limit_mib()
    with warehouse.held_open(db):
        loading = limit_mib()  # a batch's connection shares the held database and its limit
    assert loading == pytest.approx(whole / 2, rel=0.01)
    assert limit_mib() == whole
