"""Tests for tllib.tabular: an uploaded CSV file is read, or refused with its own plain
message naming the file, the column and the row, and never with anything else.

tests/data/csv/ holds one small file per problem, named after its code (``<code>.csv``,
or ``<code>-<variant>.csv`` for a second way to get it), and a good source and target.
"""

from __future__ import annotations

import pickle
import string
import tomllib
from pathlib import Path

import numpy as np
import pytest

from tllib import tabular
from tllib.datasets import make_domain_pair
from tllib.tabular import CODES, CSVProblem, read_pair, read_table, sample_csv_pair

CORPUS = Path(__file__).resolve().parent / "data" / "csv"
CONTENT = Path(__file__).resolve().parent.parent / "content"
GOOD_SOURCE = (CORPUS / "good_source.csv").read_bytes()
GOOD_TARGET = (CORPUS / "good_target.csv").read_bytes()

# file name: (the file's role in the pair, code, column, row); None: not applicable.
EXPECTED = {
    "empty.csv": ("source", "empty", None, None),
    "empty-blank_lines.csv": ("target", "empty", None, None),
    "binary.csv": ("source", "binary", None, None),
    "binary-nul.csv": ("target", "binary", None, None),
    "encoding.csv": ("source", "encoding", None, 5),
    "encoding-utf16.csv": ("target", "encoding", None, 1),
    "not_csv.csv": ("source", "not_csv", None, 4),
    "not_csv-html.csv": ("target", "not_csv", None, 1),
    "no_header.csv": ("source", "no_header", None, 1),
    "too_many_columns.csv": ("source", "too_many_columns", None, None),
    "empty_column_name.csv": ("target", "empty_column_name", "B", 1),
    "duplicate_column.csv": ("source", "duplicate_column", "x1", None),
    "no_label_column.csv": ("source", "no_label_column", "label", None),
    "no_features.csv": ("source", "no_features", "label", None),
    "too_many_rows.csv": ("target", "too_many_rows", None, None),
    "too_few_rows.csv": ("source", "too_few_rows", None, None),
    "row_length.csv": ("target", "row_length", None, 6),
    "empty_cell.csv": ("source", "empty_cell", "x2", 7),
    "non_numeric.csv": ("target", "non_numeric", "x1", 3),
    "non_numeric-markdown.csv": ("source", "non_numeric", "x2", 9),
    "decimal_comma.csv": ("source", "decimal_comma", "x1", 2),
    "not_finite.csv": ("target", "not_finite", "x2", 4),
    "label_empty.csv": ("source", "label_empty", "label", 8),
    "bad_label_values.csv": ("source", "bad_label_values", "label", 5),
    "label_one_class.csv": ("source", "label_one_class", "label", None),
    "too_many_classes.csv": ("source", "too_many_classes", "label", None),
    "columns_missing.csv": ("target", "columns_missing", None, None),
    "columns_extra.csv": ("target", "columns_extra", None, None),
    "label_missing_in_source.csv": ("target", "label_missing_in_source", "label", 4),
}
# Too large for a small file in the repository: built by the test.
GENERATED = {"too_large"}


def corpus_files() -> list[str]:
    return sorted(p.name for p in CORPUS.glob("*.csv") if not p.name.startswith("good_"))


def read_as(role: str, data: bytes):
    """Read ``data`` as the pair's ``role`` file, the other file being a good one."""
    return read_pair(data, GOOD_TARGET) if role == "source" else read_pair(GOOD_SOURCE, data)


def csv_bytes(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def ten_rows(first: str = "x1,x2,label", row=lambda i: f"{i}.5,{-i},{i % 2}",
             n: int = 10) -> list[str]:
    return [first] + [row(i) for i in range(n)]


def catalogue(language: str) -> dict:
    path = CONTENT / language / "lab_upload.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))["lab"]["upload"]


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


# -- the corpus: each malformed file gets its own problem ------------------------------


def test_the_corpus_has_a_file_for_every_problem_and_an_expectation_for_every_file():
    assert corpus_files() == sorted(EXPECTED)
    covered = {code for _, code, _, _ in EXPECTED.values()} | GENERATED
    assert covered == set(CODES)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_malformed_file_gets_its_specific_problem(name):
    role, code, column, row = EXPECTED[name]
    with pytest.raises(CSVProblem) as caught:
        read_as(role, (CORPUS / name).read_bytes())
    problem = caught.value
    assert (problem.code, problem.file, problem.column, problem.row) == \
        (code, role, column, row)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_problem_message_names_the_file_the_column_and_the_row(name):
    role, _, column, row = EXPECTED[name]
    with pytest.raises(CSVProblem) as caught:
        read_as(role, (CORPUS / name).read_bytes())
    message = str(caught.value)
    assert f"{role} file" in message
    if column is not None:
        assert column in message
    if row is not None:
        assert f"row {row}" in message.lower()


def test_a_file_over_the_size_limit_is_too_large_before_anything_is_parsed():
    data = b"x1,x2,label\n" + b"0.123456789,0.123456789,0\n" * 90_000
    assert len(data) > tabular.MAX_BYTES
    with pytest.raises(CSVProblem) as caught:
        read_table(data, file="source")
    problem = caught.value
    assert (problem.code, problem.limit) == ("too_large", tabular.MAX_MEGABYTES)
    assert problem.found == pytest.approx(len(data) / 2**20)


def test_the_good_pair_is_read_with_its_features_classes_and_unlabelled_rows():
    pair = read_pair(GOOD_SOURCE, GOOD_TARGET)
    assert pair.X_source.shape == (12, 2) and pair.X_target.shape == (12, 2)
    assert pair.features == ("x1", "x2") and pair.classes == ("0", "1")
    assert pair.n_target_labelled == 3
    assert set(pair.y_target[pair.y_target >= 0]) <= {0, 1}
    assert np.all(pair.y_target[3:] == -1)


def test_the_numbers_read_are_the_numbers_written():
    table = read_table(csv_bytes(*ten_rows()), file="source")
    np.testing.assert_array_equal(table.X[:, 0], np.arange(10) + 0.5)
    np.testing.assert_array_equal(table.X[:, 1], -np.arange(10))
    np.testing.assert_array_equal(table.y, np.arange(10) % 2)


# -- the reading rules, one by one -------------------------------------------------


def test_rows_are_numbered_as_a_spreadsheet_shows_them_blank_rows_included():
    lines = ten_rows()
    lines[5] = "1.0,oops,1"  # the 6th line of the file
    lines.insert(2, "")  # a blank line before it: now the 7th line
    with pytest.raises(CSVProblem) as caught:
        read_table(csv_bytes(*lines), file="source")
    assert (caught.value.code, caught.value.row) == ("non_numeric", 7)


def test_a_quoted_cell_spanning_two_lines_is_one_row():
    lines = ten_rows(first='x1,x2,"the\nlabel"')
    lines[3] = "1.0,,1"
    with pytest.raises(CSVProblem) as caught:
        read_table(csv_bytes(*lines), file="source", label="the\nlabel")
    assert (caught.value.code, caught.value.row) == ("empty_cell", 4)


def test_a_byte_order_mark_and_windows_line_ends_are_read():
    data = b"\xef\xbb\xbf" + "\r\n".join(ten_rows()).encode() + b"\r\n"
    table = read_table(data, file="source")
    assert table.features == ("x1", "x2") and len(table.X) == 10


def test_a_semicolon_or_tab_separated_file_is_recognised_from_its_header():
    for separator in (";", "\t"):
        lines = [line.replace(",", separator) for line in ten_rows()]
        assert read_table(csv_bytes(*lines), file="source").features == ("x1", "x2")


def test_a_trailing_separator_on_every_line_adds_no_column():
    lines = [line + "," for line in ten_rows()]
    assert read_table(csv_bytes(*lines), file="source").features == ("x1", "x2")


def test_spaces_around_names_and_numbers_are_ignored():
    lines = ten_rows(first=" x1 , x2 ,label ", row=lambda i: f" {i} ,  2 , {i % 2} ")
    table = read_table(csv_bytes(*lines), file="source")
    assert table.features == ("x1", "x2") and table.X[3, 0] == 3.0


def test_numbers_in_persian_digits_are_read():
    lines = ten_rows(row=lambda i: f"۱٫۵,۲{i},{i % 2}")
    table = read_table(csv_bytes(*lines), file="source")
    assert table.X[0, 0] == 1.5 and table.X[4, 1] == 24.0


def test_a_number_with_underscores_is_not_a_number():
    lines = ten_rows()
    lines[1] = "1_000,2,0"
    with pytest.raises(CSVProblem, match="not a number") as caught:
        read_table(csv_bytes(*lines), file="source")
    assert caught.value.code == "non_numeric"


@pytest.mark.parametrize("cell", ["inf", "-Infinity", "nan", "1e999"])
def test_every_non_finite_number_is_refused(cell):
    lines = ten_rows()
    lines[2] = f"{cell},2,0"
    with pytest.raises(CSVProblem) as caught:
        read_table(csv_bytes(*lines), file="target")
    assert (caught.value.code, caught.value.value) == ("not_finite", cell)


def test_a_thousands_separator_is_reported_as_a_decimal_comma_problem():
    lines = ten_rows()
    lines[2] = '"1,234",2,0'
    with pytest.raises(CSVProblem) as caught:
        read_table(csv_bytes(*lines), file="source")
    assert (caught.value.code, caught.value.value) == ("decimal_comma", "1,234")


def test_a_row_with_a_missing_cell_says_how_many_it_has():
    lines = ten_rows()
    lines[4] = "1.0,2.0"
    with pytest.raises(CSVProblem) as caught:
        read_table(csv_bytes(*lines), file="source")
    problem = caught.value
    assert (problem.code, problem.row, problem.found, problem.limit) == \
        ("row_length", 5, 2, 3)


def test_the_first_problem_in_a_row_is_the_leftmost_one():
    lines = ten_rows(first="label,x1,x2")
    lines[1] = "0.5,abc,"
    with pytest.raises(CSVProblem) as caught:
        read_table(csv_bytes(*lines), file="source")
    assert (caught.value.code, caught.value.column) == ("bad_label_values", "label")


def test_a_cell_quoted_in_a_message_is_one_short_line():
    lines = ten_rows()
    lines[1] = '"' + "word\n" * 30 + '",1,0'
    with pytest.raises(CSVProblem) as caught:
        read_table(csv_bytes(*lines), file="source")
    value = caught.value.value
    assert len(value) == tabular.MAX_VALUE_CHARS and value.endswith("…")
    assert "\n" not in value


def test_the_label_column_may_be_anywhere_and_named_by_the_caller():
    lines = ten_rows(first="class,x1,x2", row=lambda i: f"{i % 2},{i},1")
    table = read_table(csv_bytes(*lines), file="source", label="class")
    assert table.features == ("x1", "x2") and table.label == "class"
    np.testing.assert_array_equal(table.y, np.arange(10) % 2)


def test_without_a_label_every_column_is_a_feature():
    table = read_table(csv_bytes(*ten_rows()), file="target", label=None)
    assert table.features == ("x1", "x2", "label") and table.y is None


def test_a_target_without_a_label_column_is_entirely_unlabelled():
    target = csv_bytes(*ten_rows(first="x1,x2", row=lambda i: f"{i},1"))
    pair = read_pair(GOOD_SOURCE, target)
    assert pair.n_target_labelled == 0 and np.all(pair.y_target == -1)


def test_the_target_columns_are_put_in_the_source_order():
    target = csv_bytes(*ten_rows(first="label,x2,x1", row=lambda i: f",{-i},{i}"))
    pair = read_pair(GOOD_SOURCE, target)
    np.testing.assert_array_equal(pair.X_target[:, 0], np.arange(10))
    np.testing.assert_array_equal(pair.X_target[:, 1], -np.arange(10))


def test_class_names_map_to_the_same_index_in_both_files():
    source = csv_bytes(*ten_rows(row=lambda i: f"{i},1,{'dog' if i % 2 else 'cat'}"))
    target = csv_bytes(*ten_rows(row=lambda i: f"{i},1,{'dog' if i == 0 else ''}"))
    pair = read_pair(source, target)
    assert pair.classes == ("cat", "dog")
    assert pair.y_target[0] == 1 and pair.n_target_labelled == 1


def test_a_whole_number_label_is_one_class_however_it_is_written():
    source = csv_bytes(*ten_rows(row=lambda i: f"{i},1,{i % 2}"))
    target = csv_bytes(*ten_rows(row=lambda i: f"{i},1,{'1.0' if i == 0 else ''}"))
    pair = read_pair(source, target)
    assert pair.classes == ("0", "1") and pair.y_target[0] == 1


def test_numeric_classes_are_in_numeric_order_before_named_ones():
    labels = ["10", "9", "-1", "b", "a"]
    source = csv_bytes(*ten_rows(row=lambda i: f"{i},1,{labels[i % 5]}"))
    assert read_table(source, file="source").classes == ("-1", "9", "10", "a", "b")


def test_markup_in_the_label_column_is_a_class_name_kept_verbatim():
    names = ["<script>alert(1)</script>", "**bold**"]
    source = csv_bytes(*ten_rows(row=lambda i: f"{i},1,{names[i % 2]}"))
    table = read_table(source, file="source")
    assert table.classes == ("**bold**", "<script>alert(1)</script>")


def test_a_target_class_the_source_lacks_lists_the_source_classes():
    target = csv_bytes(*ten_rows(row=lambda i: f"{i},1,{'7' if i == 3 else ''}"))
    with pytest.raises(CSVProblem, match="among the source's: 0, 1") as caught:
        read_pair(GOOD_SOURCE, target)
    assert (caught.value.row, caught.value.value) == (5, "7")


def test_a_target_with_one_labelled_class_is_fine():
    target = csv_bytes(*ten_rows(row=lambda i: f"{i},1,{'1' if i < 3 else ''}"))
    assert read_pair(GOOD_SOURCE, target).n_target_labelled == 3


def test_a_missing_column_names_every_missing_one():
    target = csv_bytes(*ten_rows(first="x9,label", row=lambda i: f"{i},"))
    with pytest.raises(CSVProblem) as caught:
        read_pair(GOOD_SOURCE, target)
    assert (caught.value.code, caught.value.columns) == ("columns_missing", ("x1", "x2"))


def test_every_array_read_is_read_only():
    pair = read_pair(GOOD_SOURCE, GOOD_TARGET)
    for array in (pair.X_source, pair.y_source, pair.X_target, pair.y_target):
        assert not array.flags.writeable


# -- arguments ----------------------------------------------------------------------


def test_text_instead_of_bytes_is_a_type_error():
    with pytest.raises(TypeError, match="data must be the file's bytes"):
        read_table("x1,label\n", file="source")


def test_a_file_role_other_than_source_or_target_is_refused():
    with pytest.raises(ValueError, match="file must be one of 'source', 'target'"):
        read_table(GOOD_SOURCE, file="train")


def test_an_empty_label_name_is_refused():
    with pytest.raises(ValueError, match="label must be a column name"):
        read_table(GOOD_SOURCE, file="source", label=" ")


# -- never anything but a CSVProblem ---------------------------------------------------


def assert_read_or_refused(data: bytes, file: str = "source") -> None:
    try:
        read_table(data, file=file)
    except CSVProblem as problem:
        assert problem.code in CODES and problem.file == file and str(problem)


def test_random_bytes_are_read_or_refused_with_a_csv_problem():
    rng = np.random.default_rng(0)
    for _ in range(300):
        n = int(rng.integers(0, 400))
        assert_read_or_refused(rng.integers(0, 256, n, dtype=np.uint8).tobytes())


def test_random_csv_like_text_is_read_or_refused_with_a_csv_problem():
    # Deeper than random bytes: a header, then rows drawn from the characters a CSV
    # file is made of, so the row and cell checks run too.
    rng = np.random.default_rng(1)
    alphabet = list('0123456789.,,,,;-+eE"\n\n\n\r\t ab_<>*') + ["nan", "inf", "٫", "۵", "é"]
    for _ in range(300):
        body = "".join(rng.choice(alphabet, int(rng.integers(0, 300))))
        head = "x1,x2,label\n" if rng.random() < 0.8 else ""
        for file in ("source", "target"):
            assert_read_or_refused((head + body).encode("utf-8"), file)


def test_random_cells_in_a_well_formed_table_are_read_or_refused_with_a_csv_problem():
    # Deeper still: the right number of cells, most of them good, the others drawn from
    # what goes wrong in a cell, so every cell and class check runs.
    rng = np.random.default_rng(3)
    bad = ["", " ", "nan", "-inf", "1e999", '"1,5"', "1_0", "abc", "<b>x</b>", "**y**",
           '"a\nb"', "٫"]
    labels = ["0", "1", "1.0", "2", "cat", "<script>", "", "0.37", "nan", "x" * 60]

    def feature():
        return rng.choice(bad) if rng.random() < 0.02 else f"{rng.normal():.3f}"

    for _ in range(300):
        rows = [f"{feature()},{feature()},{rng.choice(labels[:int(rng.integers(1, 11))])}"
                for _ in range(int(rng.integers(9, 16)))]
        for file in ("source", "target"):
            assert_read_or_refused(csv_bytes("x1,x2,label", *rows), file)


def test_every_truncation_of_the_good_file_is_read_or_refused():
    for end in range(len(GOOD_SOURCE) + 1):
        assert_read_or_refused(GOOD_SOURCE[:end])


def test_every_single_byte_change_of_the_good_file_is_read_or_refused():
    rng = np.random.default_rng(2)
    for _ in range(300):
        data = bytearray(GOOD_SOURCE)
        data[int(rng.integers(len(data)))] = int(rng.integers(256))
        assert_read_or_refused(bytes(data))


def test_a_problem_survives_pickling_with_all_its_details():
    with pytest.raises(CSVProblem) as caught:
        read_as("source", (CORPUS / "empty_cell.csv").read_bytes())
    copy = pickle.loads(pickle.dumps(caught.value))
    assert (copy.code, copy.file, copy.column, copy.row, str(copy)) == \
        ("empty_cell", "source", "x2", 7, str(caught.value))


def test_a_quoted_cell_loses_the_invisible_characters_that_reorder_text():
    lines = ten_rows()
    lines[1] = "\u202eabc\u2069,1,0"
    with pytest.raises(CSVProblem) as caught:
        read_table(csv_bytes(*lines), file="source")
    assert caught.value.value == "abc"


def test_on_a_persian_page_a_quoted_cell_keeps_its_own_digits():
    from ui.text import numerals  # the course's text layer: Persian digits in prose

    with pytest.raises(CSVProblem) as caught:
        read_as("source", (CORPUS / "decimal_comma.csv").read_bytes())
    problem = caught.value
    template = catalogue("fa")[problem.code]
    shown = numerals(template.format(**problem.display_fields()), "fa")
    assert "1,28" in shown and "۱٬۲۸" not in shown
    assert "سطر ۲ " in shown  # the row number is the page's, in Persian digits


def test_a_problem_is_a_value_error():
    assert issubclass(CSVProblem, ValueError)


# -- the sample pair ---------------------------------------------------------------


def test_the_sample_pair_reads_back_as_the_generated_domain_pair():
    source, target = sample_csv_pair("feature", 0.5, random_state=3)
    pair = read_pair(source, target)
    drawn = make_domain_pair("feature", 0.5, n_target_labelled=10, random_state=3)
    np.testing.assert_allclose(pair.X_source, drawn.X_source, atol=5e-5)
    np.testing.assert_allclose(pair.X_target, drawn.X_target, atol=5e-5)
    np.testing.assert_array_equal(pair.y_source, drawn.y_source)
    np.testing.assert_array_equal(pair.y_target, drawn.y_target_visible)


def test_the_sample_target_has_a_few_labels_and_the_rest_empty():
    pair = read_pair(*sample_csv_pair())
    assert pair.n_target_labelled == 10 and (pair.y_target == -1).sum() == 290


def test_the_sample_pair_is_the_same_for_the_same_seed():
    assert sample_csv_pair(random_state=5) == sample_csv_pair(random_state=5)
    assert sample_csv_pair(random_state=5) != sample_csv_pair(random_state=6)


def test_the_sample_pair_has_no_label_space_shift():
    with pytest.raises(ValueError, match="shift must be one of"):
        sample_csv_pair("label_space")


def test_the_sample_files_are_within_every_limit():
    for data in sample_csv_pair():
        assert len(data) < tabular.MAX_BYTES / 10


# -- the messages in both catalogues ------------------------------------------------


@pytest.mark.parametrize("language", ["en", "fa"])
def test_every_problem_has_a_message_in_each_language(language):
    messages = catalogue(language)
    assert [code for code in CODES if not isinstance(messages.get(code), str)] == []


@pytest.mark.parametrize("language", ["en", "fa"])
def test_each_message_uses_only_the_problem_placeholders(language):
    messages = catalogue(language)
    for code in CODES:
        assert placeholders(messages[code]) <= set(tabular.PLACEHOLDERS), code


def test_the_english_catalogue_says_what_the_exception_says():
    english = catalogue("en")
    assert {code: english[code] for code in CODES} == dict(tabular._MESSAGES)


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("language", ["en", "fa"])
def test_each_corpus_problem_fills_its_message_in_each_language(name, language):
    role = EXPECTED[name][0]
    with pytest.raises(CSVProblem) as caught:
        read_as(role, (CORPUS / name).read_bytes())
    problem = caught.value
    messages = catalogue(language)
    fields = {**problem.display_fields(), "file": messages["file"][problem.file]}
    assert messages[problem.code].format(**fields)


@pytest.mark.parametrize("language", ["en", "fa"])
def test_the_upload_help_states_every_limit(language):
    text = catalogue(language)["help"].format(**tabular.LIMITS, label="label")
    for value in (tabular.MAX_MEGABYTES, tabular.MAX_ROWS, tabular.MAX_COLUMNS,
                  tabular.MIN_ROWS):
        assert f"{value:,}" in text
