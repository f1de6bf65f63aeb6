"""The instance- and feature-based lessons (slides 12–13) teach what their slides say, on
fixed seeds, under AppTest. (That they run clean after every control change is
tests/test_pages.py's job.)"""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.driver import shown, texts
from ui.text import load_catalogue

ROOT = Path(__file__).resolve().parent.parent
EN = load_catalogue("en")


def lesson(slug: str, **query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / "methods" / f"{slug}.py"), default_timeout=120)
    at.query_params.update(query)
    return at.run()


def errors(at) -> str:
    return texts(at, "error")


def warnings(at) -> str:
    return texts(at, "warning")


def notices(at) -> str:
    return texts(at, "info")


# The numbers behind these messages are tests/test_experiments_methods.py's claims, on
# the same settings; here: the page says what those numbers mean.

# -- feature-based --------------------------------------------------------------------


def test_feature_at_defaults_the_notice_names_coral_the_best_mapping():
    said = shown(notices(lesson("feature_based")), "feature_based.notice.best")
    assert said and said["best"] == EN["feature_based.methods.coral"]


def test_feature_coral_is_told_to_beat_ten_target_labels():
    said = shown(notices(lesson("feature_based")), "feature_based.notice.beats_target")
    assert said and said["k"] == "10"


def test_feature_a_tie_with_a_hundred_target_labels_is_called_a_tie():
    at = lesson("feature_based", fb_k="100")  # measured 88 % against 88 %
    said = shown(notices(at), "feature_based.notice.ties_target")
    assert said and said["k"] == "100" and said["target"] == said["acc"]
    assert not shown(notices(at), "feature_based.notice.beats_target")


@pytest.mark.parametrize("method", ["sa", "tca"])
def test_feature_subspace_alignment_and_tca_are_not_flagged(method):
    at = lesson("feature_based", fb_method=method)
    assert not at.warning and not at.error


def test_feature_coral_without_mean_alignment_is_flagged_below_source_only_not_negative():
    at = lesson("feature_based", fb_method="coral_paper")
    assert shown(warnings(at), "feature_based.notice.hurt")
    assert not at.error


def test_feature_with_no_shift_says_there_is_nothing_to_fix():
    at = lesson("feature_based", fb_strength="0.0")
    assert EN["feature_based.notice.none"] in notices(at)


# -- instance-based -------------------------------------------------------------------


@pytest.mark.parametrize("method", ["kmm", "kliep", "discriminator"])
def test_instance_reweighting_under_covariate_shift_is_not_flagged(method):
    at = lesson("instance_based", ib_method=method)
    assert not at.warning and not at.error


def test_instance_the_notice_says_which_part_of_the_source_the_weights_keep():
    said = shown(notices(lesson("instance_based")), "instance_based.notice.kept")
    assert said and said["n"] == "300"


def test_instance_reweighting_is_told_it_cannot_fix_a_concept_shift():
    at = lesson("instance_based", ib_kind="conditional")
    assert shown(notices(at), "instance_based.notice.concept")


def test_instance_below_a_guess_on_a_concept_shift_is_negative_transfer_against_chance():
    at = lesson("instance_based", ib_kind="conditional", ib_strength="1.0")
    said = shown(errors(at), "instance_based.notice.negative")
    assert said and said["chance"] == "50%"


# -- TrAdaBoost -------------------------------------------------------------------------


def test_tradaboost_with_a_few_target_labels_is_not_flagged():
    at = lesson("tradaboost")
    assert not at.warning and not at.error


def test_tradaboost_the_round_notice_follows_the_round_control():
    at = lesson("tradaboost", tb_round="3")
    said = shown(notices(at), "tradaboost.notice.round_fell")
    assert said and said["round"] == "3"


def test_tradaboost_under_a_large_rule_change_is_flagged_as_negative_transfer():
    at = lesson("tradaboost", tb_strength="0.8")
    assert shown(errors(at), "tradaboost.notice.negative_rule")


def test_tradaboost_with_no_shift_blames_the_reweighting_not_the_rule():
    at = lesson("tradaboost", tb_strength="0.0", tb_k="50", tb_round="1")
    said = shown(errors(at), "tradaboost.notice.negative_good_source")
    assert said and said["src"] == "88%"
    assert not shown(errors(at), "tradaboost.notice.negative_rule")


def test_tradaboost_a_round_worse_than_a_coin_is_said_to_be_clipped_not_at_half():
    at = lesson("tradaboost", tb_strength="1.0", tb_round="1")
    said = shown(notices(at), "tradaboost.notice.error_above_half")
    assert said and said["error"] == "90%"
    assert not shown(notices(at), "tradaboost.notice.error_half")
    at = lesson("tradaboost", tb_strength="1.0", tb_round="10")
    assert shown(notices(at), "tradaboost.notice.round_rose")


def test_tradaboost_play_steps_through_the_rounds_and_wraps_around():
    at = lesson("tradaboost")
    at.toggle(key="tb_play").set_value(True).run()
    assert at.slider(key="tb_round").value == 1  # from the last round, back to the first
    at.run()
    assert at.slider(key="tb_round").value == 2
    assert at.query_params["tb_round"] == "2"  # the link follows
