"""The Streamlit glue: catalogues, URL-bound controls, languages, formulas."""

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui import course, formulas
from ui.text import LANGUAGES, load_catalogue

ROOT = Path(__file__).resolve().parent.parent
MOTIVATION = str(ROOT / "pages/foundations/motivation.py")
APP = str(ROOT / "app.py")


def run(path, **query):
    at = AppTest.from_file(path, default_timeout=60)
    at.query_params.update(query)
    return at.run()


# -- catalogues ---------------------------------------------------------------------


def test_every_translation_key_exists_in_english():
    english = set(load_catalogue("en"))
    for language in LANGUAGES:
        assert set(load_catalogue(language)) == english, language


def test_persian_falls_back_to_english_for_untranslated_keys():
    assert load_catalogue("fa")["controls.shift_help"] == load_catalogue("en")["controls.shift_help"]
    assert load_catalogue("fa")["section.foundations"] != load_catalogue("en")["section.foundations"]


def test_unknown_language_is_refused_naming_the_choices():
    with pytest.raises(ValueError, match="language must be one of en, fa; got 'xx'"):
        load_catalogue("xx")


def test_every_literal_text_key_used_in_code_exists():
    english = load_catalogue("en")
    used = set()
    for path in [*ROOT.glob("pages/*/*.py"), *ROOT.glob("ui/*.py"), ROOT / "app.py"]:
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_.]+)["']""", path.read_text()))
    assert used, "the scan found no keys: the pattern is broken"
    assert sorted(used - set(english)) == []


@pytest.mark.parametrize("lesson", course.LESSONS, ids=lambda lesson: lesson.slug)
def test_every_lesson_has_its_file_and_its_core_texts(lesson):
    assert lesson.path.is_file()
    for part in ("nav", "title", "summary", "intuition"):
        assert load_catalogue("en")[f"{lesson.slug}.{part}"].strip()


def test_no_python_file_sits_directly_under_pages():
    # A fresh server would treat such a file as a legacy auto-discovered page.
    assert list((ROOT / "pages").glob("*.py")) == []


# -- controls bound to the URL ------------------------------------------------------


def test_a_garbage_number_in_the_url_is_named_in_a_warning_and_the_lesson_runs():
    at = run(MOTIVATION, m_strength="banana")
    assert not at.exception
    assert any("m_strength" in w.value and "banana" in w.value for w in at.warning)
    assert at.slider(key="m_strength").value == 0.5


def test_a_garbage_choice_in_the_url_is_named_in_a_warning_and_the_default_kept():
    at = run(MOTIVATION, m_shift="<script>")
    assert not at.exception
    assert any("m_shift" in w.value for w in at.warning)
    assert at.selectbox(key="m_shift").value == "covariate"


def test_a_valid_url_sets_the_controls_without_a_warning():
    at = run(MOTIVATION, m_shift="prior", m_strength="0.8")
    assert at.selectbox(key="m_shift").value == "prior"
    assert at.slider(key="m_strength").value == 0.8
    assert not at.warning


def test_a_changed_choice_is_written_to_the_url_and_the_default_left_out():
    at = run(MOTIVATION)
    assert "m_shift" not in at.query_params
    at.selectbox(key="m_shift").set_value("feature").run()
    assert at.query_params["m_shift"] in ("feature", ["feature"])


# -- languages ----------------------------------------------------------------------


def test_lang_fa_in_the_url_shows_the_persian_edition():
    at = run(APP, lang="fa")
    assert at.title[0].value == load_catalogue("fa")["home.title"]


def test_an_unknown_lang_in_the_url_is_named_and_english_shown():
    at = run(APP, lang="xx")
    assert any("lang" in w.value for w in at.warning)
    assert at.title[0].value == load_catalogue("en")["home.title"]


# -- formulas -----------------------------------------------------------------------


@pytest.mark.parametrize("part", formulas.PARTS)
def test_comparison_marks_only_the_differing_part(part):
    assert "colorbox" in formulas.comparison(part, part)
    other = next(p for p in formulas.PARTS if p != part)
    assert "colorbox" not in formulas.comparison(part, other)
    assert r"\neq" in formulas.comparison(part, part)


def test_condition_marks_the_domain_for_covariate_shift_and_the_task_for_concept_shift():
    domain, task = r"\mathcal{D}_S \neq", r"\mathcal{T}_S \neq"
    assert "colorbox{#FFD58A}{$" + domain in formulas.condition("P(x)")
    assert "colorbox{#FFD58A}{$" + task not in formulas.condition("P(x)")
    assert "colorbox{#FFD58A}{$" + task in formulas.condition("P(y|x)")


def test_nothing_is_marked_when_nothing_differs():
    assert "colorbox" not in formulas.condition(None)
    assert "colorbox" not in formulas.domain_and_task("T", None)


def test_comparisons_put_every_part_on_one_line_marking_only_the_differing_one():
    line = formulas.comparisons("P(y)")
    assert line.count(r"\neq") == 1 and line.count("=") == len(formulas.PARTS) - 1
    assert line.count("colorbox") == 2  # source and target side of P(y)


def test_translations_keep_the_english_placeholders_and_option_counts():
    import string

    def fields(text):
        try:
            return {name for _, name, _, _ in string.Formatter().parse(text) if name}
        except ValueError:  # literal braces (a formula), never formatted
            return "literal"

    english, persian = load_catalogue("en"), load_catalogue("fa")
    for key, text in persian.items():
        if isinstance(text, str):
            assert fields(text) == fields(english[key]), key
        elif isinstance(text, tuple):
            assert len(text) == len(english[key]), key


def test_percentage_points_are_signed_never_minus_zero_and_dash_for_nan():
    from ui.lesson import pp

    assert (pp(0.034), pp(-0.26), pp(-0.004), pp(float("nan"))) == ("+3 pp", "-26 pp",
                                                                    "+0 pp", "—")


def test_a_gain_is_the_difference_of_the_percentages_as_shown():
    from ui.lesson import gain

    # 88.4 % and 86.6 % show as 88 % and 87 %: the gain a student reads is +1 pp
    # (the unrounded difference would print +2 pp).
    assert (gain(0.884, 0.866), gain(0.5, float("nan"))) == ("+1 pp", "—")
