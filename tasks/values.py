"""Metric extraction: figures as the text states them, the binary noise of multiplying out 万 and 亿
removed once where values are made, so the warehouse, the tables and the JSON lines all agree."""

from __future__ import annotations


def stated_value(value: float) -> float:
    """3.01万 multiplied out is 30099.999999999996 in binary floating point; no page states a figure
    to more than 12 significant digits, so rounding there removes the noise and nothing the page said."""
    return float(f"{value:.12g}")
