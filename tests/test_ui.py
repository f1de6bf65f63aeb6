"""The Streamlit glue: catalogues, URL-bound controls, languages, formulas."""

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui import course, formulas
from ui.text import load_catalogue

ROOT = Path(__file__).resolve().parent.parent
MOTIVATION = str(ROOT / "pages/foundations/motivation.py")
APP = str(ROOT / "app.py")


def run(path, **query):
    at = AppTest.from_file(path, default_timeout=60)
    at.query_params.update(query)
    return at.run()


# -- catalogues ---------------------------------------------------------------------


def test_persian_fills_a_key_it_lacks_from_english(tmp_path, monkeypatch):
    # A safety net only: tests/test_catalogues.py holds the two catalogues equal.
    from ui import text

    for language, body in (("en", 'a = "one"\nb = "two"\n'), ("fa", 'a = "یک"\n')):
        (tmp_path / language).mkdir()
        (tmp_path / language / "x.toml").write_text(body, encoding="utf-8")
    monkeypatch.setattr(text, "CONTENT", tmp_path)
    text.load_catalogue.cache_clear()
    try:
        assert (load_catalogue("fa")["a"], load_catalogue("fa")["b"]) == ("یک", "two")
    finally:
        text.load_catalogue.cache_clear()


# -- numbers and directions in Persian ---------------------------------------------


def test_persian_prose_writes_persian_digits_percent_and_decimal_separator():
    from ui.text import numerals

    assert numerals("دقت 79% با 0.50 و 1,000 نقطه", "fa") == "دقت ۷۹٪ با ۰٫۵۰ و ۱٬۰۰۰ نقطه"


def test_a_list_of_numbers_in_persian_takes_the_persian_comma():
    from ui.text import numerals

    assert numerals("اسلایدهای ۲, 8", "fa") == "اسلایدهای ۲، ۸"


def test_english_text_keeps_its_digits():
    from ui.text import numerals

    assert numerals("79% of 1,000 points", "en") == "79% of 1,000 points"


def test_math_code_and_names_keep_latin_digits_in_persian():
    from ui.text import numerals

    shown = numerals("روش L2-SP با $x_1 = 2$ و `k=3`", "fa")
    assert "L2-SP" in shown and "$x_1 = 2$" in shown and "`k=3`" in shown
    assert "UTF-8" in numerals("رمزگذاری UTF-8", "fa")


def test_a_latin_stretch_in_persian_is_isolated_with_only_its_own_brackets():
    from ui.text import numerals

    assert numerals("جابه‌جایی: P(x)", "fa") == "جابه‌جایی: \u2066P(x)\u2069"
    assert numerals("روش (Daumé III)", "fa") == "روش (\u2066Daumé III\u2069)"


def test_a_signed_number_in_persian_keeps_its_sign_on_its_left():
    from ui.text import numerals

    assert numerals("بهره -3 و +12 و 3-5", "fa") == (
        "بهره \u2066-۳\u2069 و \u2066+۱۲\u2069 و ۳-۵")


def test_localising_twice_changes_nothing_more():
    from ui.text import numerals

    once = numerals("روش L2-SP با 5 برچسب (k = 5)", "fa")
    assert numerals(once, "fa") == once


def test_percentage_points_in_persian_are_words_and_persian_digits():
    from ui.lesson import pp
    from ui.text import in_language

    assert in_language(pp, "fa")(0.11) == "\u2066+۱۱\u2069 واحد درصد"


def test_persian_figure_texts_are_embedded_right_to_left_line_by_line():
    from ui.figures import right_to_left

    spec = right_to_left({"layout": {"title": {"text": "میانگین ۵<br>نمونه‌گیری"}},
                          "data": [{"name": "مبدا · کلاس ۰", "x": [1]}, {"name": "source"}]})
    assert spec["layout"]["title"]["text"] == "\u202bمیانگین ۵\u202c<br>\u202bنمونه‌گیری\u202c"
    assert spec["data"][0]["name"] == "\u202bمبدا، کلاس ۰\u202c"
    assert spec["data"][1]["name"] == "source"


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


def test_percentage_points_are_signed_never_minus_zero_and_dash_for_nan():
    from ui.lesson import pp

    assert (pp(0.034), pp(-0.26), pp(-0.004), pp(float("nan"))) == ("+3 pp", "-26 pp",
                                                                    "+0 pp", "—")


def test_a_gain_is_the_difference_of_the_percentages_as_shown():
    from ui.lesson import gain

    # 88.4 % and 86.6 % show as 88 % and 87 %: the gain a student reads is +1 pp
    # (the unrounded difference would print +2 pp).
    assert (gain(0.884, 0.866), gain(0.5, float("nan"))) == ("+1 pp", "—")


def _shown_example(x, k):
    """A docstring the lesson does not show."""
    check_int("k", k, 1)  # noqa: F821 - parsed, never run
    if k > 10:
        raise ValueError("k too large")
    return x * k


def test_show_code_shows_the_method_without_docstring_and_argument_checks():
    from ui.lesson import _source

    shown = _source(_shown_example)
    assert shown.splitlines() == ["def _shown_example(x, k):", "    return x * k"]


# -- presenter mode ------------------------------------------------------------------

RELATED = str(ROOT / "pages/foundations/related_tasks.py")


def _through_app(page: str, **query):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(query)
    at.run()  # the link's first run (the navigation is known from then on)
    return at.switch_page(page).run()


def test_presenter_mode_stays_in_the_url_and_hides_the_sidebar():
    at = _through_app("pages/foundations/related_tasks.py", present="1")
    assert at.query_params["present"] == "1"
    styles = [h.proto.body for h in at.get("html")]
    assert any('stSidebar"]' in body and "display: none" in body for body in styles)


def test_presenter_mode_links_the_previous_and_next_lessons_keeping_the_view():
    at = _through_app("pages/foundations/related_tasks.py", present="1", lang="fa")
    links = [el.proto for el in at.get("page_link")]
    assert [link.page for link in links] == ["task-reuse", "negative-transfer"]
    assert all("present=1" in link.query_string and "lang=fa" in link.query_string
               for link in links)


def test_the_first_lesson_has_no_previous_lesson_in_presenter_mode():
    at = _through_app("pages/foundations/motivation.py", present="1")
    assert [el.proto.page for el in at.get("page_link")] == ["task-reuse"]


def test_a_garbage_presenter_value_is_named_and_the_page_runs():
    at = run(APP, present="banana")
    assert not at.exception
    assert any("present" in w.value and "banana" in w.value for w in at.warning)
    assert "present" not in at.query_params


def test_leaving_presenter_mode_drops_it_from_the_url():
    at = _through_app("pages/foundations/related_tasks.py", present="1")
    at.button(key="present_leave").click().run()
    assert "present" not in at.query_params
