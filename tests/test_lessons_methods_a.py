"""The categories (slide 11) and parameter-based (slide 14) lessons teach what their
slides say, on fixed seeds, under AppTest. (That they run clean after every control
change is tests/test_pages.py's job.)"""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui.course import LESSONS
from tests.driver import shown, texts
from ui.text import load_catalogue

ROOT = Path(__file__).resolve().parent.parent
CATEGORIES = ROOT / "pages" / "methods" / "categories.py"
PARAMETER = ROOT / "pages" / "methods" / "parameter_based.py"
EN = load_catalogue("en")
SETTINGS = EN["categories.settings"]


def lesson(page, **query) -> AppTest:
    at = AppTest.from_file(str(page), default_timeout=60)
    at.query_params.update(query)
    return at.run()


def notices(at) -> str:
    return texts(at, "info")


def errors(at) -> str:
    return texts(at, "error")


def successes(at) -> str:
    return texts(at, "success")


def highlighted_rows(at) -> list[str]:
    """The settings whose row header is lit up (a success box naming the setting)."""
    lit = " ".join(s.value for s in at.success if EN["categories.your_row"] in s.value)
    return [row for row in SETTINGS if EN[f"categories.setting.{row}.name"] in lit]


# -- categories ----------------------------------------------------------------------


def test_only_the_source_labelled_highlights_the_transductive_row():
    at = lesson(CATEGORIES, ca_source="true", ca_target="false")
    assert highlighted_rows(at) == ["transductive"]
    assert any("this is transductive transfer" in m.value for m in at.markdown)


def test_target_labels_make_the_setting_inductive_whatever_the_source():
    for source in ("true", "false"):
        at = lesson(CATEGORIES, ca_source=source, ca_target="true")
        assert highlighted_rows(at) == ["inductive"], source


def test_no_labels_anywhere_highlight_the_unsupervised_row_with_features_only():
    at = lesson(CATEGORIES, ca_source="false", ca_target="false")
    assert highlighted_rows(at) == ["unsupervised"]
    assert shown(notices(at), "categories.notice.unsupervised") is not None


def test_with_an_unlabelled_source_target_labels_allow_features_only():
    # Pan & Yang's self-taught learning: no source model to boost with or fine-tune.
    at = lesson(CATEGORIES, ca_source="false", ca_target="true")
    lit = [s.value for s in at.success if EN["categories.your_row"] not in s.value]
    assert lit == [EN["categories.cell.inductive.features.methods"]]
    assert shown(notices(at), "categories.notice.self_taught") is not None
    assert shown(notices(at), "categories.notice.all_columns") is None


def test_with_labels_on_both_sides_every_cell_of_the_inductive_row_is_open():
    at = lesson(CATEGORIES, ca_source="true", ca_target="true")
    lit = [s.value for s in at.success if EN["categories.your_row"] not in s.value]
    assert len(lit) == len(EN["categories.kinds"])
    assert shown(notices(at), "categories.notice.all_columns") is not None


def test_the_map_of_the_experiment_has_a_method_exactly_where_the_catalogue_names_one():
    from tllib.experiments import categories

    for row in SETTINGS:
        for kind in EN["categories.kinds"]:
            named = bool(EN[f"categories.cell.{row}.{kind}.methods"])
            assert named == ((row, kind) in categories.CELLS), (row, kind)


def test_the_lit_row_shows_exactly_its_non_empty_cells():
    at = lesson(CATEGORIES)  # transductive: instances and features only
    lit = [s.value for s in at.success if EN["categories.your_row"] not in s.value]
    expected = [EN[f"categories.cell.transductive.{kind}.methods"]
                for kind in EN["categories.kinds"]
                if EN[f"categories.cell.transductive.{kind}.methods"]]
    assert lit == expected and len(expected) == 2


def test_a_cell_links_to_its_lesson_exactly_when_that_lesson_is_registered():
    links = " ".join(m.value for m in lesson(CATEGORIES).markdown)
    registered = {lesson_.slug for lesson_ in LESSONS}
    cited = {EN[f"categories.cell.{row}.{kind}.lesson"] for row in SETTINGS
             for kind in EN["categories.kinds"]} - {""}
    assert "parameter_based" in cited
    for slug in cited:
        url = f"(/{slug.replace('_', '-')})"
        assert (url in links) == (slug in registered), slug


# -- parameter_based -----------------------------------------------------------------
# The numbers behind these messages are tests/test_experiments_methods.py's claims, on
# the same settings; here: the page says what those numbers mean.


def test_at_defaults_the_page_says_transfer_helps():
    at = lesson(PARAMETER)
    flag = shown(successes(at), "parameter_based.notice.helps")
    assert flag and flag["lam"] == "0.1" and flag["k"] == "8"
    assert not at.error and not at.warning


def test_the_notice_tells_what_the_largest_lambda_scores_beside_the_source_model():
    at = lesson(PARAMETER, pb_lambda="100")
    said = shown(notices(at), "parameter_based.notice.large")
    assert said and said["large"] == "100"


def test_this_draw_and_the_average_of_the_draws_are_named_and_the_curve_note_reads_the_curve():
    at = lesson(PARAMETER)
    assert shown(" ".join(c.value for c in at.caption), "parameter_based.this_draw")
    said = shown(notices(at), "parameter_based.notice.curve_noise")  # +10 pp at k=4, noisy
    assert said and said["n_draws"] == "5"
    assert not shown(notices(at), "parameter_based.notice.curve_lead")


@pytest.mark.parametrize("spelling", ["30.0", "30", "3e1"])
def test_a_lambda_of_the_grid_is_taken_however_the_link_spells_it(spelling):
    at = lesson(PARAMETER, pb_lambda=spelling)
    assert not any("pb_lambda" in w.value for w in at.warning)
    assert at.metric[2].label == EN["parameter_based.l2sp"].format(lam="30")


@pytest.mark.parametrize("spelling, lam", [("1.0", "1"), ("0.30", "0.3"), ("0.01", "0.01")])
def test_other_lambdas_spelt_otherwise_are_taken_too(spelling, lam):
    at = lesson(PARAMETER, pb_lambda=spelling)
    assert not any("pb_lambda" in w.value for w in at.warning)
    assert at.metric[2].label == EN["parameter_based.l2sp"].format(lam=lam)


def test_at_full_rotation_a_large_lambda_is_flagged_as_negative_transfer():
    at = lesson(PARAMETER, pb_strength="1.0", pb_lambda="100")
    flag = shown(errors(at), "parameter_based.notice.negative_lower")
    assert flag and flag["angle"] == "180" and flag["lam"] == "100"


def test_at_full_rotation_the_notice_explains_the_wrong_pull_of_the_prior():
    at = lesson(PARAMETER, pb_strength="1.0", pb_lambda="100")
    said = shown(notices(at), "parameter_based.notice.strong")
    assert said and said["angle"] == "180"


def test_at_the_smallest_lambda_the_flag_no_longer_says_lower_lambda():
    at = lesson(PARAMETER, pb_strength="1.0", pb_lambda="0.01")  # 67 % vs 77 %: still behind
    assert shown(errors(at), "parameter_based.notice.negative")
    assert not shown(errors(at), "parameter_based.notice.negative_lower")


def test_a_gain_within_the_noise_is_called_no_transfer_effect():
    at = lesson(PARAMETER, pb_lambda="3")  # measured 71 % against 72 % target-only
    assert not at.success and not at.error
    assert shown(notices(at), "parameter_based.notice.tie")


def test_a_good_source_is_transfer_that_helps_even_at_the_largest_lambda():
    at = lesson(PARAMETER, pb_strength="0.0", pb_lambda="100")
    assert shown(successes(at), "parameter_based.notice.helps")


def test_a_lambda_off_the_grid_in_the_url_is_named_and_the_default_kept():
    at = lesson(PARAMETER, pb_lambda="0.5")
    assert any("pb_lambda" in w.value for w in at.warning)
    assert at.metric[2].label == EN["parameter_based.l2sp"].format(lam="0.1")


@pytest.mark.parametrize("page, slug, question", [
    (CATEGORIES, "categories", "setting"),
    (PARAMETER, "parameter_based", "negative"),
])
def test_the_right_answer_is_confirmed_with_the_explanation(page, slug, question):
    at = lesson(page)
    at.radio(key=f"{slug}_quiz_{question}").set_value(
        EN[f"{slug}.quiz.{question}.answer"]).run()
    answer = EN[f"{slug}.quiz.{question}.answer"]
    assert any(EN[f"{slug}.quiz.{question}.explanations"][answer] in s.value
               for s in at.success)


@pytest.mark.parametrize("page, slug, question", [
    (CATEGORIES, "categories", "setting"),
    (CATEGORIES, "categories", "parameters"),
    (PARAMETER, "parameter_based", "lambda"),
    (PARAMETER, "parameter_based", "negative"),
])
def test_a_wrong_answer_is_explained_by_its_own_sentence(page, slug, question):
    at = lesson(page)
    wrong = (EN[f"{slug}.quiz.{question}.answer"] + 1) % len(
        EN[f"{slug}.quiz.{question}.options"])
    at.radio(key=f"{slug}_quiz_{question}").set_value(wrong).run()
    assert any(EN[f"{slug}.quiz.{question}.explanations"][wrong] in w.value
               for w in at.warning)
