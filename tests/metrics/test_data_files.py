"""The data files under tasks/metrics/data stay within the guideline's closed lists."""

import re

from tasks.metrics.rules import table

UNITS = {
    "person",
    "person_time",
    "household",
    "village",
    "township",
    "county",
    "prefecture",
    "province",
    "organization",
    "dwelling",
    "item",
    "times",
    "yuan",
    "mu",
    "m",
    "km",
    "m2",
    "km2",
    "kg",
    "ton",
    "percent",
    "percentage_point",
    "permille",
    "multiple",
    "age_year",
    "score_point",
    "day",
    "week",
    "month",
    "year",
}
CLASSES = {
    "poverty_population",
    "poverty_exits",
    "area_exits",
    "incidence_rate",
    "income",
    "funds_invested",
    "loans_finance",
    "relocation",
    "housing",
    "education_aid",
    "health",
    "employment",
    "industry",
    "infrastructure",
    "social_security",
    "cadres_assistance",
    "governance_oversight",
    "other",
}


def test_unit_forms_map_to_the_closed_unit_list():
    forms = table("units")["forms"]
    assert {f["unit"] for f in forms} <= UNITS
    assert {f["kind"] for f in forms} == {"measure", "classifier", "duration"}
    assert len({f["form"] for f in forms}) == len(forms)


def test_heads_and_noun_units_are_units():
    units = table("units")
    assert set(units["heads"]) <= UNITS
    assert set(units["noun_units"]) <= UNITS
    assert all(set(allowed) <= UNITS for allowed in units["head_classes"].values())


def test_indicator_rules_use_the_closed_taxonomy():
    data = table("indicators")
    groups = data["unit_groups"]
    assert {u for units in groups.values() for u in units} <= UNITS
    for rule in data["rules"]:
        assert rule["class"] in CLASSES | {"none"}
        assert rule["tier"] in (0, 1, 2, 3)
        assert set(rule.get("units", [])) <= set(groups)
        assert rule["words"]


def test_qualifier_labels_are_the_guidelines():
    qualifiers = table("qualifiers")
    labels = {"approx", "at_least", "at_most", "more_than", "less_than"}
    assert set(qualifiers["before"]) <= labels and set(qualifiers["after"]) <= labels


def test_patterns_compile():
    exclusions = table("exclusions")
    for pattern in exclusions["patterns"] + exclusions["names"] + exclusions["slogans"]["patterns"]:
        re.compile(pattern)
    kinds = table("kinds")
    for pattern in kinds["target"]["patterns"] + kinds["neutral"]["patterns"]:
        re.compile(pattern)


def test_a_kind_cue_has_one_meaning():
    kinds = table("kinds")
    lists = [
        kinds["target"]["strong"],
        kinds["target"]["weak"],
        kinds["target"]["weak_clause"],
        kinds["standard"]["sentence"],
        kinds["standard"]["money"],
        kinds["standard"]["clause"],
        kinds["standard"]["rate_clause"],
        kinds["standard"]["average"],
        kinds["actual"]["cues"],
        kinds["neutral"]["words"],
    ]
    words = [w for words in lists for w in words]
    assert len(words) == len(set(words))


def test_place_levels_are_gazetteer_levels():
    assert set(table("places")["levels"]) <= {
        "country",
        "province",
        "prefecture",
        "county",
        "district",
    }


def test_spoken_level_words_are_level_words():
    places = table("places")
    levels = {word for words in places["levels"].values() for word in words}
    assert set(places["document"]["spoken_words"]) <= levels
