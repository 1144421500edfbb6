"""The framework files: the Connect 2020 catalogue is complete, a new framework needs no code."""

from __future__ import annotations

from pathlib import Path

import pytest

from indicators.catalogue import CatalogueError, available_frameworks, load_framework, load_named
from indicators.registry import load_registry
from indicators.scoring import Scorer
from indicators.table import load_default

HERE = Path(__file__).parent
REGISTRY = load_registry()
EXPECTED_IDS = [
    "1.1",
    "1.2",
    "1.3",
    "2.1.A",
    "2.1.B",
    "2.2.A",
    "2.2.B",
    "2.3.A",
    "2.3.B",
    "2.4",
    "2.5.A",
    "2.5.B",
    "3.1",
    "3.2",
    "3.3",
    "4.1",
    "4.2",
]


def test_connect2020_has_four_goals_and_the_seventeen_targets_in_order():
    framework = load_named("connect2020", registry=REGISTRY)
    assert [g.name for g in framework.goals] == [
        "Growth",
        "Inclusiveness",
        "Sustainability",
        "Innovation and partnership",
    ]
    assert [t.id for t in framework.targets] == EXPECTED_IDS
    assert all(t.target_year == 2020 for t in framework.targets)
    assert {t.id for t in framework.targets if t.is_qualitative} == {"4.1", "4.2"}
    assert all(t.reason for t in framework.targets if t.is_qualitative)


def test_target_types_and_values_match_the_official_wording():
    framework = load_named("connect2020", registry=REGISTRY)
    t = {x.id: x for x in framework.targets}
    assert (t["1.1"].type, t["1.1"].target_value, t["1.1"].economy) == ("level", 55, "WLD")
    assert (t["2.2.B"].target_value, t["2.2.B"].economy) == (20, "LDC")
    assert (t["1.3"].type, t["1.3"].change, t["1.3"].direction) == ("relative_change", -0.4, "lower")
    assert (t["2.3.A"].type, t["2.3.A"].reference_economy) == ("gap_reduction", "DEVELOPED")
    assert (t["2.3.B"].type, t["2.3.B"].target_value) == ("ceiling", 5)
    assert (t["2.5.A"].type, t["2.5.A"].band) == ("parity", (0.98, 1.02))
    assert (t["3.1"].change, t["3.1"].published_target_value) == (0.4, 0.39)
    assert "e-waste" in t["3.2"].wording and "per device" in t["3.3"].wording  # numbering trap
    for target in framework.targets:
        for number in [str(int(v)) for v in (target.target_value,) if v]:
            assert number in target.wording or "all countries" in target.wording, target.id
    assert (t["2.5.B"].type, t["2.5.B"].target_value) == ("level", 193)  # "all countries": the Member States


def test_a_second_framework_is_a_new_file_and_scores_without_code_changes():
    framework = load_named(str(HERE / "data" / "frameworks" / "connect2030_excerpt.toml"), registry=REGISTRY)
    assert framework.target_year == 2023 and [t.id for t in framework.targets] == ["2.1", "3.2"]
    scores = Scorer(framework, load_default(), REGISTRY).scorecard()
    households = scores[0]
    assert households.target_value == 60 and households.target_year == 2023
    assert households.baseline_year == 2017 and households.status in ("probably_not_achieved", "too_close_to_call")
    assert (scores[1].value, scores[1].year) == (pytest.approx(22.3), 2022)  # e-waste recycled share, 2024 Monitor
    assert "connect2030_excerpt" in available_frameworks(HERE / "data" / "frameworks")


BROKEN = {
    "missing-field": ('wording = "w"\n', "", "target 9.9: missing field 'wording'"),
    "bad-type": ('type = "level"', 'type = "lvl"', "target 9.9: field 'type' is 'lvl'"),
    "bad-number": ("target_value = 5", 'target_value = "five"', "target 9.9: field 'target_value' must be"),
    "unknown-indicator": (
        'indicator = "internet_users"',
        'indicator = "internet_user"',
        "target 9.9: field 'indicator' names unknown indicator 'internet_user'",
    ),
    "unknown-economy": ('economy = "WLD"', 'economy = "WORLD"', "field 'economy' names unknown economy 'WORLD'"),
    "unknown-goal": ('goal = "1"', 'goal = "7"', "target 9.9: field 'goal' names unknown goal '7'"),
    "bad-direction": ('direction = "higher"', 'direction = "up"', "field 'direction' is 'up'"),
    "year-as-word": (
        "target_value = 5",
        'target_value = 5\ntarget_year = "soon"',
        "target 9.9: field 'target_year' must be int, found 'soon'",
    ),
    "year-as-fraction": (
        "target_value = 5",
        "target_value = 5\nbaseline_year = 2014.5",
        "target 9.9: field 'baseline_year' must be int, found 2014.5",
    ),
    "context-as-string": (
        "target_value = 5",
        'target_value = 5\ncontext_indicators = "internet_users"',
        "target 9.9: field 'context_indicators' must be a list of text values",
    ),
    "no-publisher": ('publisher = "ITU"\n', "", "[framework]: missing field 'publisher'"),
    "misspelt-field": ("target_value = 5", "target_vlaue = 5", "target 9.9: unknown field 'target_vlaue'"),
    "misspelt-framework-field": (
        "target_year = 2020",
        'target_year = 2020\nadopt = "2014"',
        "[framework]: unknown field 'adopt'",
    ),
    "note-as-number": ('wording = "w"', 'wording = "w"\nnote = 3', "target 9.9: field 'note' must be str, found 3"),
}

GOOD = """
[framework]
id = "t"
name = "Test"
target_year = 2020
publisher = "ITU"
[[goals]]
id = "1"
name = "G"
[[targets]]
id = "9.9"
goal = "1"
short_title = "x"
wording = "w"
type = "level"
indicator = "internet_users"
economy = "WLD"
target_value = 5
direction = "higher"
"""


def test_the_good_test_framework_loads(tmp_path):
    path = tmp_path / "t.toml"
    path.write_text(GOOD)
    assert load_framework(path, REGISTRY).targets[0].target_value == 5


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_frameworks_name_the_target_and_the_field(tmp_path, case):
    old, new, message = BROKEN[case]
    assert old in GOOD
    path = tmp_path / f"{case}.toml"
    path.write_text(GOOD.replace(old, new, 1))
    with pytest.raises(CatalogueError) as caught:
        load_framework(path, REGISTRY)
    assert message in str(caught.value)
    assert str(caught.value).startswith(f"{case}.toml: ")


def test_relative_change_contradicting_its_direction_is_refused(tmp_path):
    text = GOOD.replace('type = "level"', 'type = "relative_change"').replace("target_value = 5", "change = 0.4")
    path = tmp_path / "c.toml"
    path.write_text(text.replace('direction = "higher"', 'direction = "lower"\nbaseline_year = 2014'))
    with pytest.raises(CatalogueError, match="contradicts direction"):
        load_framework(path, REGISTRY)


def test_invalid_toml_and_unknown_names_are_one_line_errors(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("[framework\n")
    with pytest.raises(CatalogueError, match="bad.toml: not valid TOML"):
        load_framework(path)
    with pytest.raises(CatalogueError, match="unknown framework 'nope'"):
        load_named("nope")
