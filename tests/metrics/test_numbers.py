import pytest

from tasks.metrics.numbers import (
    fraction_percent,
    multiplier,
    parse_chinese,
    parse_number,
    split_approximation,
)


@pytest.mark.parametrize(
    "numeral, value",
    [
        ("一", 1),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("两百", 200),
        ("一千七百", 1700),
        ("一百零五", 105),
        ("三万五千", 35000),
        ("五十万", 500000),
        ("一亿二千万", 120000000),
        ("三万亿", 3e12),
        ("万", 10000),
        ("二〇一五", 2015),
        ("两", 2),
    ],
)
def test_chinese_numerals(numeral, value):
    assert parse_chinese(numeral) == value


def test_arabic_numerals_with_thousands_separators_and_decimals():
    assert parse_number("1,234.5") == 1234.5
    assert parse_number("3.01") == 3.01


def test_multipliers_compound():
    assert multiplier("万") == 1e4
    assert multiplier("亿") == 1e8
    assert multiplier("万亿") == 1e12
    assert multiplier("千万") == 1e7
    assert multiplier("") == 1


def test_fractions_become_percentages():
    assert fraction_percent("四", "三") == 75
    assert fraction_percent("百", "三十") == 30
    assert fraction_percent("3", "1") == pytest.approx(33.3333, rel=1e-4)


def test_a_word_is_not_a_numeral():
    with pytest.raises(ValueError):
        parse_chinese("十字")


@pytest.mark.parametrize(
    "numeral, kept, approximate",
    [
        ("七八", "七", True),
        ("十七八万", "十七万", True),
        ("两三", "两", True),
        ("一两", "一", True),
        ("二十", "二十", False),
        ("二〇一五", "二〇一五", False),
    ],
)
def test_neighbouring_digits_are_an_approximation(numeral, kept, approximate):
    assert split_approximation(numeral) == (kept, approximate)


def test_a_minus_sign_before_a_number_is_kept():
    from tasks.metrics import extract_metrics
    from tasks.records import DocumentContext

    text = "全县农民收入下降-150%,贫困发生率变化-1.5个百分点。2016-2020年全县1-3万元的项目。"
    by_quote = {m.quote: m.value for m in extract_metrics(text, DocumentContext(doc_id="d"))}
    assert by_quote["-150%"] == -150
    assert by_quote["-1.5个百分点"] == -1.5
    assert all(value > 0 for quote, value in by_quote.items() if not quote.startswith("-"))
