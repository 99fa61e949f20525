"""Stories: copies of one article grouped, different articles kept apart, the same ids however loaded."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pytest
from tests_support_analyst import build_warehouse, load_files

from tasks import stories, warehouse

ARTICLE = [
    "2018年,大余县坚持把脱贫攻坚作为头等大事,全县脱贫12000人,贫困发生率下降到1.2%。",
    "县里整合财政涉农资金3亿元,修建通村公路120公里,新建扶贫车间15个,带动贫困群众就近就业。",
    "在池江镇,记者看到新建的安置点整齐划一,搬迁群众住上了新房,孩子们在新学校里读书。",
    "县委书记表示,下一步将巩固脱贫成果,防止返贫,推动脱贫攻坚与乡村振兴有效衔接。",
    "截至年底,全县累计培训贫困劳动力5600人次,发放扶贫小额信贷1.8亿元,惠及贫困户4000户。",
]
OTHER = [
    "2018年,上犹县坚持精准扶贫,全县减贫8000人,贫困发生率降至2.3%,贫困村退出20个。",
    "上犹县发展茶叶、油茶等特色产业,建成产业基地30个,贫困户户均增收3000元以上。",
    "在紫阳乡,村民们正在茶园里采摘新茶,合作社负责人介绍,今年茶叶收购价比去年高两成。",
    "县扶贫办负责人说,今后将继续加强产业扶贫,让贫困群众持续稳定增收,确保高质量脱贫。",
]


def page(
    title: str, paragraphs: list[str], furniture: str = "", time: str = "2019-01-25 08:53"
) -> str:
    body = "\n\n".join(f"  {p}" for p in paragraphs)
    return f"{furniture}\n\n{title}\n\n{time}    来源: 某某日报\n\n{body}\n\n{furniture}\n"


def test_copies_with_other_furniture_edits_or_cuts_are_one_story_and_other_articles_are_not():
    full = stories.signature("full", "\n".join(ARTICLE))
    edited = stories.signature(
        "edited", "\n".join(["本网讯 " + ARTICLE[0], *ARTICLE[1:3], ARTICLE[4]])
    )
    cut = stories.signature("cut", "\n".join(ARTICLE[:2]))
    other = stories.signature("other", "\n".join(OTHER))
    copies = stories.find_copies(
        stories.Signatures.of([full, edited, cut, other]), ["full", "edited", "cut", "other"]
    )
    assert set(copies.pairs()) == {
        ("cut", "full"),
        ("edited", "full"),
        ("cut", "edited"),
    }
    members = [
        stories.Member("full", 500, date(2019, 1, 26)),
        stories.Member("edited", 400, date(2019, 1, 25)),
        stories.Member("cut", 200, date(2019, 1, 24)),
        stories.Member("other", 300, None),
    ]
    assert stories.stories(members, copies.pairs()) == {
        "full": "full",
        "edited": "full",
        "cut": "full",
        "other": "other",
    }, "the most complete copy represents the story"


def test_the_bands_are_those_datasketch_chooses_for_the_candidate_threshold():
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=stories.CANDIDATE_JACCARD, num_perm=stories.PERMUTATIONS)
    assert (lsh.b, lsh.r) == (stories.BANDS, stories.ROWS)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "脱贫",  # shorter than a shingle: itself
        "\n".join(ARTICLE),
        "\n".join(OTHER) * 40,  # many shingles, repeated
        "Poverty alleviation 2020: 98,990,000 people, 832 counties.",
    ],
)
def test_signatures_are_datasketchs_affine32_minhash_value_for_value(text):
    from datasketch import MinHash

    expected = MinHash(num_perm=stories.PERMUTATIONS, seed=stories.SEED, scheme=stories.SCHEME)
    grams = stories.shingles(text)
    expected.update_batch([gram.encode("utf-8") for gram in grams])
    signature = stories.signature("a", text)
    assert signature.shingles == len(grams)
    assert signature.hashvalues.dtype == np.uint32
    assert signature.hashvalues.tolist() == expected.hashvalues.tolist()


def test_a_story_copied_many_times_is_one_story_with_links_that_grow_linearly():
    def copies(count: int) -> list[stories.Signature]:
        return [
            stories.signature(f"copy{n:04d}", "\n".join([*ARTICLE, f"第{n}版"]))
            for n in range(count)
        ]

    other = stories.signature("other", "\n".join(OTHER))
    many = copies(400)
    links = stories.find_copies(
        stories.Signatures.of([*many, other]), [s.doc_id for s in [*many, other]]
    )
    story_of = stories.stories(
        [stories.Member(s.doc_id, 100, None) for s in [*many, other]], links.pairs()
    )
    assert len({story_of[s.doc_id] for s in many}) == 1
    assert story_of["other"] == "other"
    half = copies(200)
    fewer = stories.find_copies(stories.Signatures.of(half), [s.doc_id for s in half])
    assert len(links) < 2.5 * len(fewer), "all pairs would be four times as many"


def test_links_found_run_by_run_are_the_links_one_run_finds():
    signatures = [
        stories.signature(name, "\n".join(text))
        for name, text in (("a", ARTICLE), ("b", ARTICLE[:3]), ("c", OTHER), ("d", ARTICLE[1:]))
    ]
    every = stories.Signatures.of(signatures)
    at_once = stories.find_copies(every, ["a", "b", "c", "d"])
    first = stories.find_copies(stories.Signatures.of(signatures[:2]), ["a", "b"])
    second = stories.find_copies(every, ["c", "d"])
    assert sorted([*first.pairs(), *second.pairs()]) == list(at_once.pairs())
    assert sorted([*first.jaccard, *second.jaccard]) == sorted(at_once.jaccard)


def test_warehouse_stories_are_incremental_and_the_views_count_a_story_once(tmp_path):
    pages = {
        "xinhua.txt": page("大余县脱贫攻坚综述", ARTICLE, "新华网首页 | 新闻 | 时政"),
        "county.txt": page(
            "大余县脱贫攻坚综述",
            ARTICLE[:3],
            "大余县人民政府门户网站 首页 政务公开",
            "2019-01-26 10:00",
        ),
        "other.txt": page("上犹县产业扶贫见闻", OTHER),
    }
    for name, text in pages.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    one_go = build_warehouse(sorted(tmp_path.glob("*.txt")), tmp_path / "one.duckdb")
    in_steps = build_warehouse(
        [tmp_path / "other.txt", tmp_path / "county.txt"], tmp_path / "steps.duckdb"
    )
    with warehouse.connect(in_steps) as con:
        warehouse.start_run(con, "second", "second", str(tmp_path))
        load_files(con, "second", [tmp_path / "xinhua.txt"])
        counts = warehouse.update_stories(con)
        warehouse.apply_views(con)
        assert counts["signed"] == 1, "old pages are not signed again"
    query = "select doc_id, story_id from documents order by doc_id"
    with (
        duckdb.connect(str(one_go), read_only=True) as a,
        duckdb.connect(str(in_steps), read_only=True) as b,
    ):
        assert (
            a.execute(query).fetchall()
            == b.execute(query).fetchall()
            == [
                ("county", "xinhua"),
                ("other", "other"),
                ("xinhua", "xinhua"),
            ]
        )
        assert a.execute("select story_id, copies from v_stories order by story_id").fetchall() == [
            ("other", 1),
            ("xinhua", 2),
        ]
        exits = a.execute(
            "select stories, copies, values_agree from v_claims "
            "where region = '大余县' and indicator_class = 'poverty_exits'"
        ).fetchall()
        assert exits == [(1, 2, True)], (
            "a reposted figure is one story stated twice, not two claims"
        )
        assert a.execute("select count(*) from v_conflicting_claims").fetchone()[0] == 0


def test_rerunning_the_stories_stage_changes_nothing(sample_warehouse, tmp_path, fingerprint):
    copy = tmp_path / "again.duckdb"
    copy.write_bytes(Path(sample_warehouse).read_bytes())
    with warehouse.connect(copy) as con:
        before = fingerprint(con), con.execute("select * from story_links").fetchall()
        assert warehouse.update_stories(con)["signed"] == 0
        assert (fingerprint(con), con.execute("select * from story_links").fetchall()) == before
