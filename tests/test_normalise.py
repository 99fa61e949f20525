"""Normalise stage: Simplified script, half-width digits, debris removed, offsets kept."""

from __future__ import annotations

from tasks.normalise import normalise, source_span, to_simplified


def test_traditional_becomes_simplified_and_is_recorded():
    result = normalise("全縣精準扶貧工作會議上的發言")
    assert result.text == "全县精准扶贫工作会议上的发言"
    assert result.script == "traditional"


def test_script_is_named_by_the_share_of_hanzi_conversion_changes():
    assert normalise("全县精准扶贫工作会议").script == "simplified"
    assert normalise("全县精准扶贫工作会议，参会人员三百人，發言").script == "mixed"
    assert normalise("2019-12-01, 100 %").script == "none"


def test_pinyin_debris_is_removed_and_offsets_point_to_the_original():
    original = "扶貧開發(fā)工作,貧困地區(qū)黨委"
    result = normalise(original)
    assert result.text == "扶贫开发工作,贫困地区党委"
    assert result.debris_removed == 2
    start = result.text.index("地区")
    source_start, source_end = source_span(result.index, start, start + 2)
    assert original[source_start:source_end] == "地區"


def test_parentheses_that_are_not_debris_stay():
    for text in ("本科、高职(专科)学生", "布放(ATM)机具", "县(市、区)", "龙州县(0.5280)"):
        assert normalise(text).debris_removed == 0


def test_full_width_digits_and_letters_become_half_width():
    result = normalise("投入１２．５万元，占比３０％，ＡＴＭ机")
    assert result.text == "投入12.5万元,占比30%,ATM机".replace(",", "，")
    assert result.script == "simplified"


def test_simplified_text_is_unchanged_and_index_is_identity():
    text = "赣州市46.3万人摆脱贫困"
    result = normalise(text)
    assert result.text == text
    assert list(result.index) == list(range(len(text) + 1))


def test_conversion_keeps_one_character_per_character():
    text = "萬億戶個鄉鎮區縣"
    assert len(to_simplified(text)) == len(text)
    assert to_simplified(text) == "万亿户个乡镇区县"
