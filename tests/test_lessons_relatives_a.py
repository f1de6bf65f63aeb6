"""The semi-supervised and multi-view lessons (slides 2, 8 and 10) under AppTest: they
run clean at the ends of their controls and teach what their slides say on fixed seeds.
(Every control changed in turn is tests/test_pages.py's job.)"""

import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.driver import ROOT, messages
from ui.text import load_catalogue

EN = load_catalogue("en")
SLUGS = ("semi_supervised", "multi_view")


def lesson(slug: str, **query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / "relatives" / f"{slug}.py"),
                           default_timeout=60)
    at.query_params.update(query)
    return at.run()



def notices(at) -> str:
    return "\n".join(block.value for block in at.info)


def assert_renders(at, slug, after="at defaults") -> None:
    assert not at.exception, f"{slug} {after}: {at.exception[0].value}"
    assert EN[f"{slug}.title"] in [el.value for el in at.title], f"{slug} {after}: no title"
    shown = [text for _, text in messages(at)] + [str(m.value) for m in at.metric]
    broken = [text for text in shown if re.search(r"\bnan\b", text, re.IGNORECASE)]
    assert not broken, f"{slug} {after}: a number shows as nan: {broken[0]!r}"


@pytest.mark.parametrize("slug, query", [
    ("semi_supervised", {"ss_shift": "1.0", "ss_round": "0", "ss_seed": "0"}),
    ("semi_supervised", {"ss_round": "15", "ss_seed": "7"}),
    ("multi_view", {"mv_sufficiency": "0.0", "mv_independence": "0.0"}),
])
def test_lesson_runs_clean_at_the_ends_of_its_controls(slug, query):
    assert_renders(lesson(slug, **query), slug, after=f"with {query}")


def test_the_slides_own_question_comes_first():
    at = lesson("semi_supervised")
    assert at.radio[0].label == EN["semi_supervised.quiz.difference.question"]
    at = lesson("multi_view")
    assert at.radio[0].label == EN["multi_view.quiz.agreement.question"]


# -- semi-supervised learning (slides 2 and 8) ------------------------------------------


def sentence(key: str) -> str:
    """The fixed opening of a catalogue sentence: the words before its first number."""
    return EN[key].split("{")[0].split("**")[0]


def test_ssl_notices_follow_the_experiments_story():
    # The claims are tests/test_experiments_relatives.py's; here: the sentence shows.
    assert sentence("semi_supervised.notice.helps") in notices(lesson("semi_supervised"))
    assert sentence("semi_supervised.notice.hurts") in notices(
        lesson("semi_supervised", ss_shift="1.0", ss_seed="1"))


def test_ssl_curves_say_where_each_learner_stops_helping():
    text = notices(lesson("semi_supervised"))
    assert re.search(r"self-training stays above labels only until a shift of about "
                     r"\*\*0\.\d\*\*, label spreading until about \*\*0\.\d\*\*", text), text
    assert sentence("semi_supervised.notice.sweep") in text


def test_round_zero_is_the_given_labels_and_later_rounds_label_twenty_points_each():
    assert EN["semi_supervised.notice.round_zero"] in notices(lesson("semi_supervised",
                                                                     ss_round="0"))
    text = notices(lesson("semi_supervised", ss_round="5"))
    assert "At round **5** self-training has labelled **108** points" in text  # 8 + 5 x 20


def test_a_round_without_a_wrong_pseudo_label_does_not_speak_of_mistakes():
    at = lesson("semi_supervised", ss_round="15", ss_seed="4")
    text = notices(at)
    right, given = (int(x) for x in at.metric[3].value.split(" / "))
    if right == given:
        assert sentence("semi_supervised.notice.round_clean") in text
    else:
        assert f"of the {given} labels it gave itself, **{given - right}** wrong" in text


# -- multi-view learning (slide 10) -----------------------------------------------------


def test_the_page_reports_agreement_rising_over_the_rounds():
    at = lesson("multi_view")  # seed 0 (the claim itself: tests/test_experiments_relatives)
    a0, a1 = (int(x) for x in re.search(
        r"agreed on \*\*(\d+)%\*\* .* on \*\*(\d+)%\*\* after", notices(at)).groups())
    assert a1 > a0


def test_a_view_that_says_nothing_is_told_as_co_training_ending_below_one_view():
    at = lesson("multi_view", mv_sufficiency="0.0")
    text = notices(at)
    assert sentence("multi_view.notice.now_behind") in text and "below the image learner" in text
    assert sentence("multi_view.notice.fails") in text


def test_copied_views_are_told_as_the_audio_repeating_the_image():
    copied = lesson("multi_view", mv_independence="0.0")
    assert sentence("multi_view.notice.copy") in notices(copied)


def test_the_two_models_on_six_labels_are_named_apart():
    # Combined view learners at round 0 and one learner on both views are two models.
    text = notices(lesson("multi_view"))
    assert "The two view learners combined, on the 6 labels alone (round 0" in text
    assert "one learner on all four features" in text


def test_the_views_figures_name_the_features_in_words():
    import json
    import tomllib

    from tllib.multiview_data import FEATURE_NAMES
    specs = [json.loads(c.proto.spec) for c in lesson("multi_view").get("plotly_chart")]
    shown = json.dumps([s["layout"] for s in specs[:2]], ensure_ascii=False)
    for raw in FEATURE_NAMES:
        assert raw not in shown
        assert EN[f"multi_view.features.{raw}"] in shown
    with (ROOT / "content" / "fa" / "multi_view.toml").open("rb") as f:  # not English's
        assert set(tomllib.load(f)["multi_view"]["features"]) == set(FEATURE_NAMES)
