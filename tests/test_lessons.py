"""Each lesson teaches what its slide says, on fixed seeds, under AppTest."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui.text import load_catalogue

ROOT = Path(__file__).resolve().parent.parent
EN = load_catalogue("en")


def lesson(slug: str, **query) -> AppTest:
    path = next(ROOT.glob(f"pages/*/{slug}.py"))
    at = AppTest.from_file(str(path), default_timeout=60)
    at.query_params.update(query)
    return at.run()


# The lessons' claims are tested on their experiments (test_experiments_foundations.py);
# here, that each page runs, shows its notice, and reads its URL parameters.


def notices(at) -> str:
    return " ".join(b.value for b in at.info)


# -- Motivation (slides 1–2) --------------------------------------------------------


def test_motivation_runs_and_its_url_parameters_pick_the_shift_and_k():
    at = lesson("motivation", m_shift="conditional", m_strength="1.0", m_k="2")
    assert not at.exception
    assert at.selectbox(key="m_shift").value == "conditional"
    text = notices(at)
    assert EN["motivation.notice.below_chance"].split("(")[0] in text  # below_chance
    assert EN["motivation.notice.gain_behind"].format(
        k=2, n=5, scratch=0, pooled=0, gain=0).split("(")[0] in text


def test_motivation_without_target_labels_says_only_the_source_can_give_a_model():
    at = lesson("motivation", m_k="0")
    assert not at.exception
    assert EN["motivation.notice.no_labels"].split("(")[0] in notices(at)


def test_motivation_label_space_runs_with_its_third_class():
    at = lesson("motivation", m_shift="label_space", m_strength="0.6")
    assert not at.exception
    assert EN["motivation.notice.new_class"].split("**", 2)[2] in notices(at)


# -- The formal definition (slide 7) ------------------------------------------------

PART_SYMBOL = {
    "feature": r"\mathcal{X}_T",
    "covariate": "P_T(x)",
    "label_space": r"\mathcal{Y}_T",
    "conditional": r"P_T(y \mid x)",
    "prior": "P_T(y)",
}


PART = {"feature": "X", "covariate": "P(x)", "label_space": "Y",
        "conditional": "P(y|x)", "prior": "P(y)"}


@pytest.mark.parametrize("kind", PART_SYMBOL)
def test_formal_definition_highlights_the_part_that_differs(kind):
    from tllib.experiments import formal_definition
    at = lesson("formal_definition", fd_kind=kind)
    row = next(x.value for x in at.latex if r"\qquad" in x.value and "P_S(y)" in x.value)
    assert "colorbox{#FFD58A}{$" + PART_SYMBOL[kind] in row
    # every other part is marked exactly when it differs as measured on the samples
    differs = formal_definition.run(kind, 0.6, 0).differs
    for other, symbol in PART_SYMBOL.items():
        marked = "colorbox{#FFD58A}{$" + symbol + "$}" in row
        assert marked == differs[PART[other]], (other, row)


def test_formal_definition_highlights_nothing_when_nothing_differs():
    at = lesson("formal_definition", fd_kind="none")
    assert not any("colorbox" in x.value for x in at.latex)


def test_formal_definition_part_by_part_row_agrees_with_the_measured_shares():
    at = lesson("formal_definition", fd_kind="prior", fd_strength="1.0")
    row = next(x.value for x in at.latex if r"\neq" in x.value and "P_S(y)" in x.value)
    assert r"P_S(x)$}" in row and r"P_S(y)$}" in row  # both marked ≠ (means moved)


def test_formal_definition_new_label_space_shows_the_new_class():
    at = lesson("formal_definition", fd_kind="label_space", fd_strength="0.8")
    assert "[0, 1, 2]" in notices(at)


def test_formal_definition_ties_when_what_how_to_the_choice():
    at = lesson("formal_definition", fd_kind="conditional")
    text = " ".join(m.value for m in at.markdown)
    assert EN["formal_definition.kinds.conditional.how"] in text


# -- Self-checks --------------------------------------------------------------------


def test_a_right_answer_is_confirmed_with_the_explanation():
    at = lesson("formal_definition")
    at.radio(key="formal_definition_quiz_hospital").set_value(1).run()
    why = EN["formal_definition.quiz.hospital.explanations"][1]
    (shown,) = at.success
    # The verdict is said once, in bold, even where the explanation starts with it.
    assert shown.value == f"**{EN['common.correct']}** {why.removeprefix(EN['common.correct']).lstrip()}"


def test_a_wrong_answer_is_corrected_with_the_explanation():
    at = lesson("formal_definition")
    at.radio(key="formal_definition_quiz_hospital").set_value(0).run()
    assert not at.success
    assert any(EN["common.not_quite"] in w.value for w in at.warning)
    assert any(EN["formal_definition.quiz.hospital.explanations"][0] in w.value
               for w in at.warning)


# -- A task already done (slide 3) --------------------------------------------------


def test_task_reuse_runs_and_says_how_many_labels_reuse_saves():
    at = lesson("task_reuse")
    assert not at.exception
    assert EN["task_reuse.notice.saved"].split("**")[-1] in notices(at)  # "labels saved."


def test_task_reuse_pipeline_reuses_structure_algorithm_and_metric():
    at = lesson("task_reuse")
    reuse_column = at.table[0].value.iloc[:, 2].tolist()
    assert reuse_column[2:] == list(EN["task_reuse.reuse_steps"][2:])


def test_task_reuse_url_parameters_reach_the_negative_transfer_notice():
    at = lesson("task_reuse", tr_relatedness="0.2", tr_k="64")
    assert EN["task_reuse.notice.now_behind"].split("**")[-1] in notices(at)


def test_task_reuse_table_says_more_than_the_grid_when_the_goal_is_not_reached():
    at = lesson("task_reuse", tr_relatedness="1.0", tr_k="2", tr_goal="0.95")
    assert EN["task_reuse.notice.never"].format(goal=0.95, k_max=256) in notices(at)
    table = at.table[0].value
    assert "more than 256" in table.iloc[1, 1] and "more than 256" in table.iloc[1, 2]


# -- Related tasks (slides 4–5) -----------------------------------------------------


def test_related_tasks_runs_and_reads_the_threshold_off_the_gain_curve():
    at = lesson("related_tasks", rt_relatedness="0.9")
    assert not at.exception
    assert "turns negative below a relatedness of about" in notices(at)


def test_related_tasks_a_slide_example_sets_the_slider_and_its_link_and_leaves_opposite():
    at = lesson("related_tasks", rt_opposite="true")
    at.button(key="rt_preset_math_literature").click().run()
    assert not at.exception
    assert at.slider(key="rt_relatedness").value == 0.1
    assert at.toggle(key="rt_opposite").value is False
    assert at.query_params["rt_relatedness"] == "0.1" and "rt_opposite" not in at.query_params


def test_related_tasks_opposite_rules_from_a_link_disable_the_slider_and_compare_to_unrelated():
    at = lesson("related_tasks", rt_opposite="true")
    assert not at.exception
    assert at.slider(key="rt_relatedness").disabled
    assert EN["related_tasks.notice.vs_unrelated_behind"].split(":")[0] in notices(at)


def _figures(at):
    import json
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def test_related_tasks_plane_draws_both_true_rules_and_the_angle_between_them():
    plane = _figures(lesson("related_tasks", rt_relatedness="0.8"))[0]
    names = {trace.get("name") for trace in plane["data"]}
    assert {EN["related_tasks.source_rule"], EN["related_tasks.target_rule"]} <= names
    assert "18° apart" in plane["layout"]["title"]["text"]
    assert any("18°" in note.get("text", "") for note in plane["layout"]["annotations"])


def test_related_tasks_gain_curve_marks_the_slide_examples_and_opposite_rules():
    gain = _figures(lesson("related_tasks"))[1]
    texts = {note.get("text") for note in gain["layout"]["annotations"]}
    assert {EN["related_tasks.presets.violin_piano"],
            EN["related_tasks.presets.math_literature"]} <= texts
    assert gain["layout"]["xaxis"]["ticktext"][0].startswith(EN["related_tasks.opposite_tick"])


# -- Negative transfer (slide 6) ----------------------------------------------------


def test_negative_transfer_url_parameters_reach_the_negative_transfer_flag():
    at = lesson("negative_transfer", nt_relatedness="0.2", nt_learner="pooled")
    assert at.error[0].value.startswith(EN["negative_transfer.notice.flag_behind"].split("(")[0])


def test_negative_transfer_learner_choice_comes_from_the_url_and_names_the_metric():
    at = lesson("negative_transfer", nt_learner="l2sp", nt_relatedness="0.1", nt_k="40")
    assert not at.exception
    assert at.radio(key="nt_learner").value == "l2sp"
    assert at.metric[1].label == EN["negative_transfer.learners.l2sp"]
    # k = 40: L2-SP turns negative at a lower relatedness than blind pooling
    assert EN["negative_transfer.notice.later"].split("**")[0] in notices(at)


def test_negative_transfer_switching_learner_reruns_clean():
    at = lesson("negative_transfer")
    at.radio(key="nt_learner").set_value("l2sp").run()
    assert not at.exception
    assert at.metric[1].label == EN["negative_transfer.learners.l2sp"]


def test_the_detector_record_table_counts_every_draw_once():
    at = lesson("negative_transfer")
    table = at.table[0].value
    assert int(table.iloc[:, 1:].to_numpy().sum()) == 20


def test_the_detector_abstains_with_a_message_when_a_class_has_one_label():
    # Seed 33, k=6, relatedness 0.5: the labelled target points are 5 of one class, 1 of
    # the other, too few for cross-validation.
    at = lesson("negative_transfer", nt_relatedness="0.5", nt_k="6", nt_seed="33")
    assert not at.exception
    assert "the detector abstains" in notices(at)
    assert not any("nan" in m.value for m in at.markdown)


# -- How they differ (slides 8–10) --------------------------------------------------


def test_how_they_differ_tables_what_each_learner_needs_with_its_accuracy():
    at = lesson("how_they_differ")
    table = at.table[0].value
    assert len(table) == 5
    assert table.iloc[1, 2] == EN["how_they_differ.needs.semi_supervised"][1]
    assert all(cell.endswith("%") for cell in table.iloc[:, -1])


def test_how_they_differ_calls_transfer_from_an_unrelated_task_negative_transfer():
    at = lesson("how_they_differ", hd_relatedness="0.2")  # -12 pp over 5 draws
    said = EN["how_they_differ.notice.transfer_behind"].split("**")[-1].split("{")[0]
    assert any(said.strip() and said in b.value for b in at.info), said
