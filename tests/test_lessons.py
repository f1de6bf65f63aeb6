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
    assert "below chance" in notices(at)  # the experiment says so (below_chance)
    assert "With **2** labels" in notices(at)


def test_motivation_without_target_labels_says_only_the_source_can_give_a_model():
    at = lesson("motivation", m_k="0")
    assert not at.exception
    assert EN["motivation.scarce.notice_no_labels"] in notices(at)


def test_motivation_label_space_runs_with_its_third_class():
    at = lesson("motivation", m_shift="label_space", m_strength="0.6")
    assert not at.exception
    assert EN["motivation.drift.notice_label_space"] in notices(at)


# -- The formal definition (slide 7) ------------------------------------------------

PART_SYMBOL = {
    "feature": r"\mathcal{X}_T",
    "covariate": "P_T(x)",
    "label_space": r"\mathcal{Y}_T",
    "conditional": r"P_T(y \mid x)",
    "prior": "P_T(y)",
}


@pytest.mark.parametrize("kind", PART_SYMBOL)
def test_formal_definition_highlights_the_part_that_differs(kind):
    at = lesson("formal_definition", fd_kind=kind)
    marked = [x.value for x in at.latex if "colorbox" in x.value]
    assert any("colorbox{#FFD58A}{$" + PART_SYMBOL[kind] in m for m in marked)
    for other, symbol in PART_SYMBOL.items():
        if other != kind:
            assert not any("colorbox{#FFD58A}{$" + symbol + "$}" in m for m in marked)


def test_formal_definition_highlights_nothing_when_nothing_differs():
    at = lesson("formal_definition", fd_kind="none")
    assert not any("colorbox" in x.value for x in at.latex)


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
    assert any(EN["formal_definition.quiz.hospital.explanation"] in s.value for s in at.success)


def test_a_wrong_answer_is_corrected_with_the_explanation():
    at = lesson("formal_definition")
    at.radio(key="formal_definition_quiz_hospital").set_value(0).run()
    assert not at.success
    assert any(EN["common.not_quite"] in w.value for w in at.warning)


# -- A task already done (slide 3) --------------------------------------------------


def test_task_reuse_runs_and_says_how_many_labels_reuse_saves():
    at = lesson("task_reuse")
    assert not at.exception
    assert "labels saved" in notices(at)


def test_task_reuse_pipeline_reuses_structure_algorithm_and_metric():
    at = lesson("task_reuse")
    reuse_column = at.table[0].value.iloc[:, 2].tolist()
    assert reuse_column[2:] == list(EN["task_reuse.reuse_steps"][2:])


def test_task_reuse_url_parameters_reach_the_negative_transfer_notice():
    at = lesson("task_reuse", tr_relatedness="0.2", tr_k="64")
    assert EN["task_reuse.notice_unrelated"] in notices(at)


# -- Related tasks (slides 4–5) -----------------------------------------------------


def test_related_tasks_runs_and_reads_the_threshold_off_the_gain_curve():
    at = lesson("related_tasks", rt_relatedness="0.9")
    assert not at.exception
    assert "turns negative below a relatedness of about" in notices(at)


# -- Negative transfer (slide 6) ----------------------------------------------------


def test_negative_transfer_url_parameters_reach_the_negative_transfer_flag():
    at = lesson("negative_transfer", nt_relatedness="0.2", nt_share="0.9")
    assert at.error[0].value == EN["negative_transfer.negative_flag"]


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


def test_how_they_differ_says_the_other_tasks_mislead_when_they_are_unrelated():
    at = lesson("how_they_differ", hd_relatedness="0.2")
    assert any("the other tasks mislead" in b.value for b in at.info)
