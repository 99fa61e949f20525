"""Metric extraction: numerals to floats: Arabic (1,234.5), Chinese (两百, 十二, 二〇一五), multipliers, fractions."""

from __future__ import annotations

from functools import cache

from tasks.metrics.rules import table

DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
LARGE_UNITS = {"万": 10_000, "亿": 100_000_000}


def parse_chinese(text: str) -> float:
    """一千七百 -> 1700, 十二 -> 12, 三万五千 -> 35000, 一亿二千万 -> 120000000, 二〇一五 -> 2015."""
    if len(text) > 1 and all(ch in DIGITS for ch in text):
        return float("".join(str(DIGITS[ch]) for ch in text))
    total = section = digit = 0
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
        elif ch in SMALL_UNITS:
            section += (digit or 1) * SMALL_UNITS[ch]
            digit = 0
        elif ch == "万":
            total += (section + digit or 1) * LARGE_UNITS[ch]
            section = digit = 0
        elif ch == "亿":
            total = (total + section + digit or 1) * LARGE_UNITS[ch]
            section = digit = 0
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return float(total + section + digit)


def split_approximation(numeral: str) -> tuple[str, bool]:
    """七八 -> (七, True), 十七八万 -> (十七万, True), 一两 -> (一, True): neighbouring digits read
    "seven or eight"; the lower one is kept and the amount is approximate."""
    for i in range(len(numeral) - 1):
        first, second = DIGITS.get(numeral[i]), DIGITS.get(numeral[i + 1])
        if first and second == first + 1:
            return numeral[: i + 1] + numeral[i + 2 :], True
    return numeral, False


def parse_number(text: str) -> float:
    """An Arabic or a Chinese numeral."""
    text = text.strip()
    if text[:1].isdigit():
        return float(text.replace(",", ""))
    return parse_chinese(text)


@cache
def _multipliers() -> dict[str, float]:
    return {k: float(v) for k, v in table("units")["multipliers"].items()}


def multiplier(text: str) -> float:
    """万 -> 1e4, 万亿 -> 1e12, 千万 -> 1e7: compounds multiply."""
    factors = _multipliers()
    value = 1.0
    for ch in text:
        value *= factors[ch]
    return value


def fraction_percent(denominator: str, numerator: str) -> float:
    """四分之三 -> 75, 百分之三十 -> 30: a fraction as a percentage."""
    return parse_number(numerator) / parse_number(denominator) * 100
