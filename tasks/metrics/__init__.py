"""Metric extraction stage: quantities in normalised article text, with unit, qualifier, indicator, region, period and kind."""

from tasks.metrics.extract import extract_metrics

__all__ = ["extract_metrics"]
