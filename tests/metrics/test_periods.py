"""The year or span a figure refers to (GUIDELINE §2: period)."""

import pytest

from tasks.metrics.periods import calendar
from tasks.records import DocumentContext

from .helpers import only, run


@pytest.mark.parametrize(
    "text, published, period",
    [
        ("2018年全县脱贫1.2万人。", "2019-06-01", "2018"),
        ("2016年以来，全市脱贫8万人。", "2019-06-01", "2016-2019"),
        ("2016年以来，全市脱贫8万人。", "2019-01-25", "2016-2018"),
        ("三年来，全市脱贫8万人。", "2019-06-01", "2017-2019"),
        ("近三年有11名学生考上大学。", "2018-10-16", "2016-2018"),
        ("今年全市脱贫2万人。", "2019-06-01", "2019"),
        ("去年全市脱贫2万人。", "2019-06-01", "2018"),
        ("明年达到75%以上。", "2015-07-01", "2016"),
        ("到2020年人均收入达到1万元。", "2018-03-01", "2020"),
        ("2015-2019年减贫30万人。", "2019-06-01", "2015-2019"),
        ("“十二五”以来，全市投入资金9亿元。", "2015-08-05", "2011-2015"),
        ("“十三五”期间搬迁3846户。", "2020-05-11", "2016-2020"),
        ("全市有贫困人口5万人。", "2019-06-01", "2019"),
        ("对287个“十三五”贫困村进行再识别，共划分出七类。", "2015-08-05", "2015"),
        ("6个2018年预摘帽县全力冲刺。", "2019-01-25", "2018"),
        ("今年到2020年，中央新增教育资金70亿元。", "2018-12-25", "2018-2020"),
        ("去年年底统计，植被覆盖度提高到81.3%。", "2019-05-07", "2018"),
        ("党的十八大以来，到2020年，9899万农村贫困人口全部脱贫。", "2021-10-17", "2012-2020"),
        ("党的十八大以来，全国累计减贫8239万人。", "2019-10-17", "2012-2019"),
        ("贫困发生率将从2017年3.1%再降到2%。", "2018-12-25", "2018"),
        ("和去年相比，增幅达到了191%。", "2015-10-25", "2015"),
        ("党的十八大以来，成效显著。\n目前，贫困人口累计减少93.7万人。", "2020-06-06", "2012-2020"),
        ("全县累计投入资金8亿元。", "2020-06-06", "2020"),
        ("他两年前还是贫困户，家有3口人。", "2016-10-30", "2014"),
        ("二十年前，全村有贫困户120户。", "2019-05-07", "1999"),
        ("2016年以来，安排林草资金1500亿元。贫困户户均获得收入9000元。", "2020-06-06", "2016-2020"),
        (
            "扶贫纪实\n这五年，5564万人摆脱贫困。就在这些天，34户贫困户搬进新房。",
            "2017-05-18",
            "2017",
        ),
        ("2018年，全县脱贫1.2万人。全县有贫困村12个。", "2019-06-01", "2019"),
        ("贫困发生率从年的22.9%下降到年的0.47%。", "2020-03-06", None),
        (
            "到2020年，贫困人口全部脱贫。8年间，总书记先后7次主持召开座谈会。",
            "2021-10-17",
            "2013-2020",
        ),
    ],
)
def test_period(text, published, period):
    assert [m for m in run(text, publish_time=published) if not m.optional][-1].period == period


def test_a_bare_duration_counts_back_from_the_year_before_it():
    found = run(
        "由2010年底的74万人减少到2014年底的40万人，4年脱贫人口34万人。", publish_time="2015-08-05"
    )
    assert [m.period for m in found if not m.optional] == ["2010", "2014", "2011-2014"]


def test_a_rule_stated_without_a_time_has_no_period_but_an_allocation_has_the_documents():
    assert only("考核得分在90分以上的评定为好。").period is None
    assert only("小学生每年补助1000元。").period == "2019"


def test_a_run_of_whole_years_ends_a_since_span_in_its_sentence():
    text = "党的十八大以来，累计减贫8239万人，连续六年每年减贫1200万人以上，发生率由原来的10.7%下降到1.7%。"
    found = run(text, publish_time="2019-10-17")
    assert [m.period for m in found if not m.optional] == ["2012-2018", "2013-2018", "2012", "2018"]


def test_a_run_of_years_without_a_since_span_is_a_duration():
    found = run("今后再连续三年、每年补贴一万元。", publish_time="2015-10-25")
    assert [m.period for m in found if not m.optional] == ["2015"]


def test_a_band_that_sorts_an_observed_count_shares_its_time():
    found = run("得3分的户主有333万人，得2分的有377万人。", publish_time="2016-10-30")
    assert [(m.quote, m.kind, m.period) for m in found] == [
        ("3分", "standard", "2016"),
        ("333万人", "actual", "2016"),
        ("2分", "standard", "2016"),
        ("377万人", "actual", "2016"),
    ]


def test_a_review_title_sets_the_default_span():
    metric = only("全市脱贫46.3万人。", title="攻坚奋进这三年", publish_time="2019-01-25")
    assert metric.period == "2016-2018"


def test_the_date_is_read_from_the_page_header_when_the_context_has_none():
    cal = calendar("圆满小康梦\n05.08.2015  19:52\n正文", DocumentContext(doc_id="x"))
    assert (cal.year, cal.reference) == (2015, 2015)


def test_an_undated_speech_is_dated_the_year_before_its_first_deadline():
    cal = calendar("确保2017年全县脱贫摘帽，力争到2016年实现目标。", DocumentContext(doc_id="x"))
    assert cal.year == 2015


def test_a_masked_year_is_the_documents_own():
    metric = only("20xx年实现45个村整体脱贫，确保2017年全县摘帽。", publish_time=None)
    assert metric.period == "2016"


@pytest.mark.parametrize(
    "title, published, default, year",
    [
        ("(山西省)2018年娄烦县人民政府工作报告(全文)", "2021-07-27", (2017, 2017), 2018),
        ("2018年国民经济和社会发展统计公报", "2019-02-28", (2018, 2018), 2019),
        ("2021年度脱贫攻坚成效考核情况通报", None, (2021, 2021), 2022),
    ],
)
def test_a_dated_title_of_a_known_genre_beats_a_reposting_timestamp(
    title, published, default, year
):
    cal = calendar("正文", DocumentContext(doc_id="x", title=title, publish_time=published))
    assert (cal.default, cal.year) == (default, year)


def test_an_undated_text_is_dated_by_a_milestone():
    cal = calendar("年是决战脱贫攻坚的收官之年。", DocumentContext(doc_id="x"))
    assert cal.year == 2020


def test_an_undated_review_of_a_plan_period_covers_the_plan():
    metric = only("“十三五”时期，全市改造危房10.4万户。", publish_time=None)
    assert metric.period == "2016-2020"


def test_a_plan_document_covers_the_plans_years():
    metric = only("搬迁对象共约981万人。", title="“十三五”易地扶贫搬迁规划今天发布")
    assert metric.period == "2016-2020"


def test_the_change_between_the_ends_of_a_from_to_pair_spans_them():
    text = "全国农村贫困人口由2012年的9899万人减少至2016年的4335万人，累计减少5564万人。"
    assert [m.period for m in run(text)] == ["2012", "2016", "2012-2016"]


def test_a_multiple_of_a_base_year_spans_base_to_compared_year():
    text = "2016年，人均收入8452元，是2012年的1.6倍；实际水平是2010年的2倍。"
    assert [m.period for m in run(text)] == ["2016", "2012-2016", "2010-2016"]


def test_the_ends_of_a_change_over_a_span_take_the_years_before_and_at_its_end():
    text = "5年间贫困人口数量从750万减少到了171万。"
    found = run(text, publish_time="2018-02-09")
    assert [m.period for m in found if not m.optional] == ["2012", "2017"]


def test_an_undated_text_reporting_a_years_closing_figures_was_written_after_that_year():
    text = "4月29日，省政府发布公告。贫困人口从2014年的100万人减少到2019年的2.47万人。去年以来，全市脱贫1万人。"
    cal = calendar(text, DocumentContext(doc_id="x"))
    assert (cal.year, cal.reference, cal.cue.rule) == (2020, 2019, "closing_year")
    assert [m.period for m in run(text, publish_time=None)][-1] == "2019"


def test_an_undated_news_text_is_dated_by_its_lead_sentence():
    text = "标题\n人民网北京2月25日电 近日,2016年全国省级两会全部结束。确保2016年脱贫10万人。"
    cal = calendar(text, DocumentContext(doc_id="x", title="标题"))
    assert (cal.year, cal.cue.rule) == (2016, "lead_sentence")
