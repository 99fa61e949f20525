"""The GB/T 2260 gazetteer: the shipped CSV, name resolution and mention finding."""

from __future__ import annotations

import csv
import time
from collections import Counter
from pathlib import Path

import pytest

from tasks.regions import Region, load_gazetteer
from tasks.regions.build_regions import build_rows, check
from tasks.regions.gazetteer import DATA, ethnic_endings, short_form

REPO = Path(__file__).resolve().parents[2]
KNOWN = {
    "100000": "全国",
    "620000": "甘肃省",
    "621100": "定西市",
    "621121": "通渭县",
    "620700": "张掖市",
    "620702": "甘州区",
    "360700": "赣州市",
    "360703": "南康区",
    "360722": "信丰县",
    "360723": "大余县",
    "360729": "全南县",
    "360731": "于都县",
    "360781": "瑞金市",
    "451400": "崇左市",
    "451421": "扶绥县",
    "451423": "龙州县",
    "522600": "黔东南苗族侗族自治州",
    "522628": "锦屏县",
}


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with (DATA / "regions.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


def region(code: str) -> Region:
    found = load_gazetteer().get(code)
    assert found is not None, code
    return found


def mentions(text: str, context: Region | None = None) -> list[tuple[str, str]]:
    return [
        (text[start:end], found.code) for start, end, found in load_gazetteer().find(text, context)
    ]


# --- the CSV ---------------------------------------------------------------------------------------


def test_csv_columns_and_levels(rows):
    assert list(rows[0]) == ["code", "name", "level", "parent_code"]
    levels = Counter(row["level"] for row in rows)
    assert levels["country"] == 1
    assert levels["province"] == 34
    assert 330 <= levels["prefecture"] <= 340
    assert 2800 <= levels["county"] <= 2900
    assert set(levels) == {"country", "province", "prefecture", "county"}


def test_codes_are_unique_six_digit(rows):
    codes = [row["code"] for row in rows]
    assert len(codes) == len(set(codes))
    assert all(len(code) == 6 and code.isdigit() for code in codes)


def test_every_parent_exists_one_level_up_and_shares_the_code_prefix(rows):
    by_code = {row["code"]: row for row in rows}
    allowed = {
        "province": {"country"},
        "prefecture": {"province"},
        "county": {"province", "prefecture"},
    }
    for row in rows:
        if row["level"] == "country":
            assert row["parent_code"] == ""
            continue
        parent = by_code[row["parent_code"]]
        assert parent["level"] in allowed[row["level"]], row
        if parent["level"] == "province":
            assert row["code"][:2] == parent["code"][:2], row
        if parent["level"] == "prefecture":
            assert row["code"][:4] == parent["code"][:4], row


def test_no_pseudo_rows_and_no_duplicate_names_under_one_parent(rows):
    names = {row["name"] for row in rows}
    assert not names & {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
    siblings = Counter((row["parent_code"], row["name"]) for row in rows)
    assert max(siblings.values()) == 1


@pytest.mark.parametrize(("code", "name"), KNOWN.items())
def test_known_codes(rows, code, name):
    assert {row["code"]: row["name"] for row in rows}[code] == name


def test_municipalities_and_province_administered_counties_hang_under_the_province(gazetteer):
    assert gazetteer.get("110100") is None
    assert gazetteer.get("110101").parent_code == "110000"  # 东城区
    assert gazetteer.get("500105").parent_code == "500000"  # 江北区, added by a source patch
    assert gazetteer.get("429004").parent_code == "420000"  # 仙桃市
    assert gazetteer.get("710000").name == "台湾省"
    assert not [code for code in gazetteer.regions if code.startswith("71") and code != "710000"]


def test_rows_match_the_csv(rows, gazetteer):
    loaded = gazetteer.rows()
    assert len(loaded) == len(rows)
    assert ("621121", "通渭县", "county", "621100") in loaded
    assert ("100000", "全国", "country", None) in loaded


def test_build_rows_drops_municipal_pseudo_prefectures_and_keeps_parents_valid():
    source = {
        "110000": "北京市",
        "110100": "北京市",
        "110101": "东城区",
        "420000": "湖北省",
        "420100": "武汉市",
        "420102": "江岸区",
        "429004": "仙桃市",
        "710000": "台湾省",
        "710100": "台北市",
        "990000": "苏鲁交界",
    }
    built = build_rows(source)
    assert built == [
        ("100000", "全国", "country", ""),
        ("110000", "北京市", "province", "100000"),
        ("110101", "东城区", "county", "110000"),
        ("420000", "湖北省", "province", "100000"),
        ("420100", "武汉市", "prefecture", "420000"),
        ("420102", "江岸区", "county", "420100"),
        ("429004", "仙桃市", "county", "420000"),
        ("710000", "台湾省", "province", "100000"),
    ]
    assert check(built) == Counter({"province": 3, "county": 3, "country": 1, "prefecture": 1})


# --- hierarchy -------------------------------------------------------------------------------------


def test_parent_and_ancestors(gazetteer):
    tongwei = region("621121")
    assert gazetteer.parent(tongwei).code == "621100"
    assert [r.code for r in gazetteer.ancestors(tongwei)] == ["621100", "620000"]
    assert [r.code for r in gazetteer.ancestors(region("110101"))] == ["110000"]
    assert gazetteer.ancestors(region("620000")) == []
    assert gazetteer.parent(region("620000")).code == "100000"
    assert gazetteer.parent(region("100000")) is None


# --- resolve ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("赣州市", "360700"),
        ("通渭县", "621121"),
        ("甘肃省", "620000"),
        ("黔东南苗族侗族自治州", "522600"),
        ("广西壮族自治区", "450000"),
        (" 瑞金市 ", "360781"),
        ("赣州", "360700"),
        ("通渭", "621121"),
        ("扶绥", "451421"),
        ("甘肃", "620000"),
        ("广西", "450000"),
        ("黔东南", "522600"),
        ("南康", "360703"),
        ("内蒙古", "150000"),
        ("新疆", "650000"),
        ("香港", "810000"),
        ("龙胜", "450328"),
        ("沙县", "350405"),
        ("贛州市", "360700"),
        ("通渭縣", "621121"),
        ("黔東南", "522600"),
        ("全国", "100000"),
        ("中国", "100000"),
        ("全国各地", "100000"),
        ("海南州", "632500"),
        ("南康市", "360703"),
        ("恩施州", "422800"),
        ("和县", "340523"),
        ("合作市", "623001"),
    ],
)
def test_resolve(gazetteer, name, code):
    resolved = gazetteer.resolve(name)
    assert resolved is not None and resolved.code == code


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("吉林", "220000"),
        ("海南", "460000"),
        ("恩施", "422800"),
        ("河南", "410000"),
        ("长沙", "430100"),
    ],
)
def test_resolve_prefers_the_higher_level(gazetteer, name, code):
    assert gazetteer.resolve(name).code == code


def test_resolve_prefers_the_candidate_inside_the_context(gazetteer):
    assert gazetteer.resolve("吉林", context=region("220200")).code == "220200"
    assert gazetteer.resolve("吉林", context=region("220000")).code == "220000"
    assert gazetteer.resolve("朝阳区", context=region("110000")).code == "110105"
    assert gazetteer.resolve("朝阳区", context=region("220100")).code == "220104"
    assert gazetteer.resolve("通州", context=region("320600")).code == "320612"
    assert gazetteer.resolve("白云区", context=region("522628")).code == "520113"  # same province


@pytest.mark.parametrize("name", ["朝阳区", "通州", "白云", "白云区", "鼓楼区"])
def test_resolve_refuses_to_guess_between_provinces(gazetteer, name):
    assert gazetteer.resolve(name) is None
    assert gazetteer.resolve(name, context=region("621121")) is None  # a context that does not help


@pytest.mark.parametrize("name", ["合作", "资源", "和平", "城关", "新城", "振兴", "富民", "乐业"])
def test_resolve_refuses_stop_listed_short_forms(gazetteer, name):
    assert gazetteer.resolve(name) is None


@pytest.mark.parametrize("name", ["", "忠", "赣州县", "鄂温克", "火星", "中国区"])
def test_resolve_unknown(gazetteer, name):
    assert gazetteer.resolve(name) is None


def test_short_forms_drop_suffix_and_ethnic_part():
    endings = ethnic_endings(["苗", "侗", "蒙古", "藏", "鄂温克", "土家"])
    assert short_form("黔东南苗族侗族自治州", endings) == "黔东南"
    assert short_form("海西蒙古族藏族自治州", endings) == "海西"
    assert short_form("内蒙古自治区", endings) == "内蒙古"
    assert short_form("鄂温克族自治旗", endings) is None
    assert short_form("忠县", endings) is None
    assert short_form("神农架林区", endings) == "神农架"
    assert short_form("香港特别行政区", endings) == "香港"
    assert short_form("全国", endings) is None


# --- find ------------------------------------------------------------------------------------------


def test_find_offsets_and_hierarchy_chain():
    text = "江西省赣州市南康区和信丰县，以及甘肃定西通渭县。"
    assert load_gazetteer().find(text)[:2] == [(0, 3, region("360000")), (3, 6, region("360700"))]
    assert mentions(text) == [
        ("江西省", "360000"),
        ("赣州市", "360700"),
        ("南康区", "360703"),
        ("信丰县", "360722"),
        ("甘肃", "620000"),
        ("定西", "621100"),
        ("通渭县", "621121"),
    ]


def test_find_takes_the_longest_name():
    assert mentions("黔东南苗族侗族自治州锦屏县") == [
        ("黔东南苗族侗族自治州", "522600"),
        ("锦屏县", "522628"),
    ]
    assert mentions("黔东南州锦屏县") == [("黔东南州", "522600"), ("锦屏县", "522628")]
    assert mentions("赣州市瑞金市") == [("赣州市", "360700"), ("瑞金市", "360781")]


def test_find_keeps_offsets_in_traditional_text():
    assert mentions("甘肅省定西市通渭縣") == [
        ("甘肅省", "620000"),
        ("定西市", "621100"),
        ("通渭縣", "621121"),
    ]


def test_find_short_forms_only_where_the_word_ends():
    assert mentions("于都、寻乌等县") == [("于都", "360731"), ("寻乌", "360734")]
    assert mentions("锦屏:一条龙发力") == [("锦屏", "522628")]
    assert mentions("江西赣州瑞金的脱贫") == [
        ("江西", "360000"),
        ("赣州", "360700"),
        ("瑞金", "360781"),
    ]
    assert mentions("通渭脱贫攻坚") == []
    assert mentions("总结推广赣州经验") == []


def test_find_a_province_short_form_wherever_it_stands():
    assert mentions("甘肃脱贫攻坚") == [("甘肃", "620000")]
    assert mentions("其中,湖北提出今年") == [("湖北", "420000")]
    assert mentions("被北京大学录取") == []


@pytest.mark.parametrize(
    "text",
    [
        "全县新建和平发展东方红",
        "乡村振兴，加强合作。",
        "市和县两级，管理县域经济，建设示范县",
        "《办法》和县委办公室",
        "大城市",
        "完全国有",
        "稳定和安全的饮用水",
        "[责任编辑: 李崇阳]",
        "城区和郊区的资源",
        "致富带头人安居乐业，",
    ],
)
def test_find_no_false_hit_in_ordinary_sentences(text):
    assert mentions(text) == []


def test_find_two_character_full_names_need_a_word_start():
    assert mentions("在岷县与漳县") == [("岷县", "621126"), ("漳县", "621125")]
    assert mentions("阿坝州理县") == [("阿坝州", "513200"), ("理县", "513222")]
    assert mentions("保全国有资产，在全国") == [("全国", "100000")]


def test_find_uses_the_touching_mention_then_the_given_context():
    assert mentions("北京朝阳区") == [("北京", "110000"), ("朝阳区", "110105")]
    assert mentions("吉林省吉林市") == [("吉林省", "220000"), ("吉林市", "220200")]
    assert mentions("朝阳区，") == []
    assert mentions("朝阳区，", context=region("220200")) == [("朝阳区", "220104")]


def test_find_drops_short_county_names_from_other_provinces_given_a_context():
    text = "实现陇阳、陇川、碧玉，借鉴陇南、兰州等地的经验"
    assert mentions(text) == [("陇川", "533124"), ("陇南", "621200"), ("兰州", "620100")]
    assert mentions(text, context=region("621121")) == [("陇南", "621200"), ("兰州", "620100")]


def test_find_on_the_sample_pages_reports_the_expected_places():
    page = (REPO / "raw" / "000_3cf6b686c3e19f6a.txt").read_text(encoding="utf-8")
    found = {code for _, code in mentions(page, context=region("360700"))}
    assert {"360700", "360723", "360729", "360731", "360703"} <= found
    assert "421223" not in found  # 崇阳县: the editor 李崇阳


@pytest.mark.benchmark
def test_find_throughput():
    pages = [path.read_text(encoding="utf-8") for path in sorted((REPO / "raw").glob("0*.txt"))]
    text = "\n".join(pages) * 25
    gazetteer = load_gazetteer()
    started = time.perf_counter()
    found = gazetteer.find(text)
    seconds = time.perf_counter() - started
    megabytes = len(text.encode("utf-8")) / 1e6
    print(
        f"\nfind: {len(text) / seconds:,.0f} chars/s, {megabytes / seconds:.1f} MB/s UTF-8, {len(found)} mentions"
    )
    assert len(found) >= 25 * 40


def test_find_a_short_form_right_after_a_region_containing_it():
    assert mentions("河南濮阳把平台对接") == [("河南", "410000"), ("濮阳", "410900")]
