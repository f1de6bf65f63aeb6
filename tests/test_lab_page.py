"""The Lab's page under AppTest: what it shows equals the experiment's own numbers, in
both languages, and its settings live in the URL."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tllib.experiments import lab
from ui.course import LAB, ROOT
from ui.text import load_catalogue

EN, FA = load_catalogue("en"), load_catalogue("fa")
LAB_PAGE = str(LAB.path.relative_to(ROOT))


def open_lab(**query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params.update(query)
    at.run()
    return at.switch_page(LAB_PAGE).run()


@pytest.fixture(scope="module")
def page():
    return open_lab(lab_shift="conditional", lab_strength="0.9")


def test_the_lab_runs_without_an_exception(page):
    assert not page.exception


def test_the_leaderboard_shows_the_experiments_own_numbers(page):
    board = lab.run(kind="conditional", strength=0.9, k=10, n_source=300, n_target=300,
                    seeds=5, seed=0, methods=("source_only", "target_only", "pooled", "kmm",
                                              "coral", "l2sp"))
    shown = page.dataframe[0].value
    accuracy = shown[EN["lab.table.accuracy"]].tolist()
    for row, cell in zip(board.rows, accuracy):
        assert cell.startswith(f"{row.accuracy:.0%}"), (row.name, cell)


def test_the_negative_transfer_verdict_follows_the_gain(page):
    shown = page.dataframe[0].value
    for gain, verdict in zip(shown[EN["lab.table.gain"]], shown[EN["lab.table.verdict"]]):
        if verdict == EN["lab.table.verdicts.behind"]:
            assert gain.startswith("-"), (gain, verdict)


def test_a_settings_link_opens_the_lab_as_set(page):
    assert page.selectbox(key="lab_shift").value == "conditional"
    assert page.slider(key="lab_strength").value == pytest.approx(0.9)


def test_methods_live_in_the_url_and_an_unknown_one_is_named():
    at = open_lab(lab_methods="kmm,banana,coral")
    assert not at.exception
    assert at.multiselect(key="lab_methods").value == ["kmm", "coral"]
    assert any("banana" in w.value for w in at.warning)


def test_the_sample_pair_is_read_and_ranked():
    at = open_lab()
    at.button(key="lab_sample_button").click().run()
    assert not at.exception
    assert len(at.dataframe) == 2  # the leaderboard, then your (sample) data's


def test_the_sweep_marks_where_the_gain_turns_negative():
    at = open_lab(lab_shift="conditional", lab_methods="pooled,l2sp")
    at.button(key="lab_sweep_run").click().run()
    assert not at.exception
    said = " ".join(m.value for m in at.markdown)
    sweep = lab.gain_sweep("conditional", ("pooled", "l2sp"), k=10, n_source=300,
                           n_target=300, seeds=5, seed=0)
    for method, strength in lab.crossings(sweep).items():
        sentence = EN["lab.sweep.crossing"].format(method=EN[f"lab.method_names.{method}"],
                                                   strength=f"{strength:.2f}")
        assert sentence in said


def test_the_lab_in_persian_has_no_exception_and_a_persian_table():
    at = open_lab(lang="fa")
    assert not at.exception
    assert FA["lab.table.accuracy"] in at.dataframe[0].value.columns


def test_the_selector_study_shows_each_selectors_loss_against_the_oracle():
    from tllib.experiments import lab_selection

    at = open_lab(lab_strength="0.8")
    at.button(key="lab_select_run").click().run()
    assert not at.exception
    study = lab_selection.selector_study("covariate", 0.8, n_source=300, n_target=300,
                                         seeds=15, seed=0)
    shown = at.dataframe[1].value
    lost = shown[EN["lab.select.lost"]].tolist()
    assert lost == [EN["lab.select.lost_value"].format(lost=round(r.lost_mean * 100),
                                                       std=round(r.lost_std * 100))
                    for r in study.rows]


def test_the_lab_says_when_no_method_helps():
    at = open_lab(lab_shift="conditional", lab_strength="0.9")
    assert any(EN["lab.table.none_helps"] in m.value for m in at.markdown)


def test_the_upload_limit_is_streamlits_setting_too():
    import tomllib

    from tllib import tabular

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == tabular.MAX_MEGABYTES
