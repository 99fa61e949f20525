"""Offline GB/T 2260 gazetteer: regions, their hierarchy, name resolution and mention finding."""

from tasks.regions.gazetteer import Gazetteer, Region, load_gazetteer

__all__ = ["Gazetteer", "Region", "load_gazetteer"]
