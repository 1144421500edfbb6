"""'Verdicts that would change' on the Data page, in the publish confirmation and in the History diff."""

from __future__ import annotations

import pytest

from indicators.store import open_store
from tests.helpers import make_table
from tests.page_helpers import PAGES
from tests.test_app_upload import HASH, WORLD_BANK, sign_in, upload

# ITU's Facts and Figures 2021 release gives the world 61% online in 2020 itself: 1.2, scored on ITU's series
# (its latest release, 2022-11, with earlier years from older releases), turns from achieved late (2021) into achieved.
MET_IN_2020 = (
    b"indicator,economy,year,value,unit,source,edition,kind,publisher\n"
    b"internet_users,WLD,2020,61.0,percent,Test figures 2021,2021-11,observation,ITU\n"
)
HEADING = "**Verdicts that would change**"


@pytest.fixture
def analysts(monkeypatch):
    monkeypatch.setenv("INDICATORS_ANALYSTS", f"alice:{HASH}")


def verdicts(at):
    found = [d.value for d in at.dataframe if list(d.value.columns[:3]) == ["target", "before", "after"]]
    assert len(found) == 1, "expected one table of verdict changes"
    return found[0].set_index("target")


def test_a_file_that_changes_a_verdict_says_so_above_the_figures_and_in_the_publish_confirmation(app, analysts):
    at = upload(app, "met.csv", MET_IN_2020)
    markdown = [m.value for m in at.markdown]
    assert f"{HEADING} (1)" in markdown
    assert markdown.index(f"{HEADING} (1)") < markdown.index("**Changes by series** (indicator and economy)")
    change = verdicts(at).loc["1.2"]
    assert (change["before"], change["after"]) == ("≈✖ Probably not achieved", "✔ Achieved")
    assert change["verdict of"] == "Official verdict"
    assert change["value before"] == change["value after"] == "66.0% in 2022"  # the latest value, now met in time
    assert change["source before"] == change["source after"] != ""
    sign_in(at)
    confirmation = [t.value for t in at.text if "→" in t.value]
    sentence = "1.2 Individuals online, worldwide: Probably not achieved → Achieved (66.0% in 2022 → 66.0% in 2022)"
    assert confirmation == [sentence]


def test_a_file_that_changes_no_verdict_says_that_too(app, analysts):
    same = MET_IN_2020.replace(b"2020,61.0", b"2016,46.9")
    at = upload(app, "same.csv", same)
    assert f"{HEADING} (0)" in [m.value for m in at.markdown]
    assert "No target's verdict would change." in [c.value for c in at.caption]


@pytest.mark.skipif(not WORLD_BANK.is_file(), reason="the shared World Bank download is not present")
def test_the_world_bank_file_lists_2_2_b_among_the_verdicts_that_would_change(app, analysts):
    # The official verdicts stay on ITU's series. 2.2.B: met by 2020 on ITU's data (about 24.7% by
    # interpolation), and the World Bank's LDC series agrees: nothing to show. 1.2: ITU observes no 2020
    # (probably not met), the World Bank's world series does and says achieved late: a new mark, listed.
    at = upload(app, WORLD_BANK.name, WORLD_BANK.read_bytes(), entry=("", "2024-12"))
    table = verdicts(at)
    assert "1.2" in table.index and (table["verdict of"] == "Official verdict").sum() == 0
    change = table.loc["1.2"]
    assert (change["before"], change["after"]) == ("No series", "◔ Achieved late")
    assert change["verdict of"] == "World Bank (shown beside)" and change["source after"] == "World Bank 2024-12"
    assert "2.2.B" not in table.index


def test_the_history_diff_names_the_verdicts_a_version_changed(app):
    open_store().publish(
        make_table([("internet_users", "WLD", 2020, 61.0, "2021-11")]).assign(publisher="ITU"),
        author="bob",
        message="2020 figure",
        source_name="met.csv",
        source_sha256="c" * 64,
    )
    at = app(PAGES["history"])
    at.run()
    assert not at.exception
    assert "**Verdicts that changed from version 0 (embedded default data) to version 1** (1)" in [
        m.value for m in at.markdown
    ]
    assert verdicts(at).loc["1.2", "after"] == "✔ Achieved"
