"""--explain: the cue behind each attribute of each figure, with its words and offsets."""

from tasks.metrics.explain import explain_metrics
from tasks.normalise import normalise
from tasks.records import DocumentContext

CONTEXT = DocumentContext(doc_id="x", title="赣州市扶贫综述", publish_time="2019-05-01")


def _explained(text: str) -> str:
    return explain_metrics(normalise(text).text, CONTEXT)


def test_each_attribute_names_the_words_that_decided_it_and_where_they_stand():
    text = "赣州市2018年脱贫4.6万人。"
    block = _explained(text)
    assert block.splitlines()[0] == "4.6万人  [10:15]  46000 person"
    assert "region           赣州市" in block
    assert "nearest_in_sentence:named “赣州市” @0-3" in block
    assert "nearest_before “2018年” @3-8" in block
    assert "keyword:tier1 “脱贫” @8-10" in block
    assert text[3:8] == "2018年"


def test_a_decision_taken_from_the_document_says_so():
    block = _explained("投入资金3亿元。")
    assert "publish_time “2019-05-01” @document" in block
    assert "document_region “赣州市” @document" in block


def test_a_target_names_its_cue():
    block = _explained("力争减贫2万人。")
    assert "kind             target                   <- strong_target “力争” @0-2" in block


def test_one_block_per_figure_and_nothing_for_a_text_without_figures():
    assert _explained("全县召开大会。") == ""
    assert _explained("脱贫1万人，投入资金2亿元。").count("\n\n") == 1


def test_offsets_can_be_shown_in_the_source_file():
    shifted = explain_metrics(
        "脱贫1万人。", CONTEXT, to_source=lambda start, end: (start + 100, end + 100)
    )
    assert shifted.splitlines()[0] == "1万人  [102:105]  10000 person"
    assert "keyword:tier1 “脱贫” @100-102" in shifted


def test_a_rule_without_a_time_says_why_it_has_no_period():
    block = _explained("考核得分在90分以上的评定为好。")
    assert "period           null                     <- standard_without_time" in block


def test_a_span_ended_by_a_later_run_of_years_shows_both():
    block = _explained("党的十八大以来，累计减贫8239万人，连续六年每年减贫1200万人以上。")
    assert "nearest_before “十八大以来，累计减贫8239万人，连续六年” @2-23" in block


def test_rules_added_for_periods_and_kinds_name_their_words():
    assert "cumulative_since “三年来” @0-3" in _explained(
        "三年来，成效显著。\n全市累计投入资金3亿元。"
    )
    block = _explained("包括贫困发生率超过18%的贫困县。")
    assert "threshold “率超过” @6-9" in block
    assert "standard_without_time “率超过” @6-9" in block
