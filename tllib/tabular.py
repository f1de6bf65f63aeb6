"""Your own data: read a source and a target CSV file, and say plainly what is wrong.

The Lab lets a learner upload two CSV files, a source and a target, and run the course's
methods on them. A file that cannot be used is refused *before* anything runs, with a
:class:`CSVProblem` that names the file, the column and the row, in words a spreadsheet
user understands.

What a file must be
-------------------
* Text in UTF-8 (a byte-order mark, as Excel's "CSV UTF-8" writes, is fine), comma
  separated; a semicolon or tab separator is recognised from the header row.
* A header row naming every column, then one row per example. Blank rows are skipped
  (they still count in the row numbers, as in a spreadsheet).
* Every column except the label column is a *feature*: each of its cells a finite number
  written with a decimal point (``3.14``, ``-2e-3``).
* The label column (``label`` by default) holds the classes: whole numbers (``0``,
  ``1.0``) or names (``cat``). It is required in the source, with at least two classes;
  in the target it is optional, and an empty cell marks an unlabelled row.
* Both files have the same feature columns (by name; the order may differ), and every
  class the target names is one the source has.

Rows are counted as a spreadsheet shows them: the header is row 1 when it is the file's
first line, the first example row 2. Columns are named by their header (or, when the
header cell is empty, by their spreadsheet letter: A, B, ...).

Nothing in a file is executed or evaluated: cells are read with :mod:`csv` and converted
with ``float`` only. A cell holding markup (``<script>``, ``**bold**``) is just data: in a
feature column it is a non-numeric value, in the label column it is a class name, and a
page must show it (and any cell quoted in a message) as plain text, never as HTML or
Markdown.

Limits (:data:`LIMITS`) keep a page responsive for a class sharing one server:
:data:`MAX_MEGABYTES` per file (the Streamlit uploader should be given the same value),
:data:`MAX_ROWS` data rows, :data:`MAX_COLUMNS` columns, :data:`MIN_ROWS` data rows at
least, :data:`MAX_CLASSES` classes and :data:`MAX_LABEL_CHARS` characters per class name.

>>> source, target = sample_csv_pair("covariate", 0.6, random_state=0)
>>> pair = read_pair(source, target)
>>> pair.features, pair.classes, pair.n_target_labelled
(('x1', 'x2'), ('0', '1'), 10)
"""

from __future__ import annotations

import csv
import io
import math
import re
import string
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from ._validation import check_choice
from .datasets import SHIFT_KINDS, make_domain_pair

__all__ = [
    "CODES", "LIMITS", "MAX_BYTES", "MAX_CLASSES", "MAX_COLUMNS", "MAX_LABEL_CHARS",
    "MAX_MEGABYTES", "MAX_ROWS", "MAX_VALUE_CHARS", "MIN_ROWS", "CSVPair", "CSVProblem",
    "Table", "read_pair", "read_table", "sample_csv_pair",
]

# -- limits ---------------------------------------------------------------------------

MAX_MEGABYTES = 2  # per file; Streamlit's uploader counts a megabyte as 1024 * 1024 bytes
MAX_BYTES = MAX_MEGABYTES * 1024 * 1024
MAX_ROWS = 5_000  # data rows per file (the header and blank rows not counted)
MAX_COLUMNS = 50  # columns per file, the label column included
MIN_ROWS = 10  # data rows per file, at least
MAX_CLASSES = 10  # distinct classes in a label column
MAX_LABEL_CHARS = 40  # characters in a class name
MAX_VALUE_CHARS = 40  # a cell quoted in a message is cut to this many characters

#: Every limit by name, to fill the upload's help text.
LIMITS = MappingProxyType({
    "megabytes": MAX_MEGABYTES, "max_rows": MAX_ROWS, "max_columns": MAX_COLUMNS,
    "min_rows": MIN_ROWS, "max_classes": MAX_CLASSES, "max_label_chars": MAX_LABEL_CHARS,
})

# -- the problems, in plain words ------------------------------------------------------

# One English sentence per problem. content/<language>/lab_upload.toml holds the same
# sentences under ``lab.upload.<code>`` (a test keeps the English ones identical), with
# the same placeholders: file, column, row, value, limit, found, columns.
_MESSAGES = MappingProxyType({
    "too_large": "The {file} file is {found:.1f} MB; the limit is {limit} MB per file. "
                 "Keep fewer rows or columns, or round the numbers to fewer decimals.",
    "empty": "The {file} file is empty. It needs a header row naming the columns, then "
             "one row per example.",
    "binary": "The {file} file is not text: it looks like a spreadsheet, an image or "
              "another binary file. In your spreadsheet program, save it as “CSV UTF-8” "
              "and upload that file.",
    "encoding": "The {file} file is not UTF-8 text: row {row} holds characters written "
                "in another encoding. Save it again as “CSV UTF-8” (in Excel: Save As, "
                "then “CSV UTF-8 (Comma delimited)”).",
    "not_csv": "The {file} file is not a valid CSV table: it breaks at row {row}, for "
               "example with a quotation mark that is never closed, or it is another kind "
               "of document. Check that row, or save the file again as CSV from a "
               "spreadsheet program.",
    "no_header": "The first row of the {file} file (row {row}) starts with “{value}”: it "
                 "holds numbers, not column names. Add a header row that names each column, "
                 "for example: x1,x2,label.",
    "too_many_columns": "The {file} file has {found:,} columns; the limit is {limit:,}. "
                        "Keep only the features you need.",
    "empty_column_name": "Column {column} of the {file} file has no name in the header "
                         "(row {row}). Every column needs a name.",
    "duplicate_column": "The {file} file has two columns named “{column}”. Give each "
                        "column its own name.",
    "no_label_column": "The {file} file has no column named “{column}”, so its rows have "
                       "no class. Its columns are: {columns}. Name the column that holds "
                       "the classes “{column}”.",
    "no_features": "The {file} file has no feature column: besides the label column "
                   "“{column}”, at least one column of numbers is needed.",
    "too_many_rows": "The {file} file has {found:,} rows of data; the limit is {limit:,}. "
                     "Keep a random sample of at most {limit:,} rows.",
    "too_few_rows": "The {file} file has {found:,} rows of data; at least {limit:,} are "
                    "needed to learn or to measure anything.",
    "row_length": "Row {row} of the {file} file has {found:,} cells, but the header names "
                  "{limit:,} columns. Look for a missing or an extra separator (a comma, or "
                  "a decimal comma inside a number) in that row.",
    "empty_cell": "The cell in column “{column}”, row {row} of the {file} file is empty. "
                  "Every feature cell needs a number: fill it in or delete the row.",
    "non_numeric": "The cell in column “{column}”, row {row} of the {file} file holds "
                   "“{value}”, which is not a number. Feature columns hold numbers only, "
                   "such as 3.14 or -2e-3; classes written as words belong in the label "
                   "column.",
    "decimal_comma": "The cell in column “{column}”, row {row} of the {file} file holds "
                     "“{value}”. Write numbers with a decimal point and without thousands "
                     "separators, such as 3.14 or 1234.",
    "not_finite": "The cell in column “{column}”, row {row} of the {file} file holds "
                  "“{value}”, which is not a finite number. A missing value cannot be "
                  "used: fill it in or delete the row.",
    "label_empty": "Row {row} of the {file} file has no class: its cell in the label "
                   "column “{column}” is empty. Every source row needs its class; only "
                   "target rows may be left unlabelled.",
    "bad_label_values": "The cell in column “{column}”, row {row} of the {file} file "
                        "holds “{value}”, which cannot be a class: a class is a whole "
                        "number or a name of at most {limit:,} characters, and NaN or inf "
                        "marks a missing value. To leave a target row unlabelled, leave "
                        "its label cell empty.",
    "label_one_class": "Every row of the {file} file has the same class, “{value}”, in "
                       "column “{column}”. A classifier needs at least two classes to "
                       "learn from.",
    "too_many_classes": "Column “{column}” of the {file} file holds {found:,} different "
                        "classes; the limit is {limit:,}. Is it a measured quantity "
                        "rather than a class?",
    "columns_missing": "The {file} file lacks feature columns that the source file has: "
                       "{columns}. Both files need the same feature columns, with the "
                       "same names in their header rows (the order may differ).",
    "columns_extra": "The {file} file has feature columns that the source file does not "
                     "have: {columns}. Both files need the same feature columns: delete "
                     "these, or add them to the source file.",
    "label_missing_in_source": "Row {row} of the {file} file has the class “{value}” in "
                               "column “{column}”, which no row of the source file has. "
                               "The target's classes must be among the source's: "
                               "{columns}. To leave a target row unlabelled, leave its "
                               "label cell empty.",
})

#: Every problem's code (roughly in the order the checks run).
CODES = tuple(_MESSAGES)

FILES = ("source", "target")
PLACEHOLDERS = ("file", "column", "row", "value", "limit", "found", "columns")


class CSVProblem(ValueError):
    """What makes an uploaded file unusable, said in plain words.

    ``str(problem)`` is the English sentence; a page shows ``lab.upload.<code>`` from
    its catalogue instead, filled with :meth:`display_fields` (and the file's name in
    its language, from ``lab.upload.file.<file>``), as plain text.

    Attributes
    ----------
    code : str
        Which problem, one of :data:`CODES`.
    file : {"source", "target"}
    column : str or None
        The column's name from the header (its letter, ``"C"``, when it has none).
    row : int or None
        The row as a spreadsheet numbers it: the header is row 1 when it is the file's
        first line, so the first data row is row 2.
    value : str or None
        The offending cell, whitespace collapsed, control characters replaced and cut
        to :data:`MAX_VALUE_CHARS` characters. Show it as text, never as Markdown.
    limit, found : int, float or None
        The limit that was passed and what the file has (rows, columns, megabytes, ...).
    columns : tuple of str
        Column or class names the message lists (missing columns, a file's columns).
    """

    def __init__(self, code: str, *, file: str, column=None, row=None, value=None,
                 limit=None, found=None, columns=()):
        self.code = code
        self.file = file
        self.column = None if column is None else _shown(column)
        self.row = row
        self.value = None if value is None else _shown(value)
        self.limit = limit
        self.found = found
        self.columns = tuple(_shown(c) for c in columns)
        super().__init__(_MESSAGES[code].format(**self.fields))

    @property
    def fields(self) -> dict:
        """The values that fill the message's placeholders (every name in
        :data:`PLACEHOLDERS`; one a message does not use is an empty string)."""
        values = {"file": self.file, "column": self.column, "row": self.row,
                  "value": self.value, "limit": self.limit, "found": self.found,
                  "columns": ", ".join(self.columns)}
        return {k: "" if v is None else v for k, v in values.items()}

    def display_fields(self) -> dict:
        """:attr:`fields`, with the file's own text (``column``, ``value``, ``columns``)
        each in a Unicode isolate, for a page that fills a catalogue's sentence in any
        language: a first-strong isolate (U+2068) lays the text out in its own direction
        (a Persian column name right to left, ``1,5`` left to right), wrapped in a
        left-to-right isolate (U+2066) so that the course's text layer
        (:func:`ui.text.t`), which rewrites the digits of a Persian sentence, leaves a
        cell exactly as the file wrote it."""
        fields = self.fields
        for key in ("column", "value", "columns"):
            if fields[key]:
                fields[key] = f"\u2066\u2068{fields[key]}\u2069\u2069"
        return fields

    def __reduce__(self):  # keyword-only arguments: rebuild from the attributes
        return (_restore_problem, (self.code, {
            "file": self.file, "column": self.column, "row": self.row,
            "value": self.value, "limit": self.limit, "found": self.found,
            "columns": self.columns}))


def _restore_problem(code, attributes):
    return CSVProblem(code, **attributes)


_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                           "\u2066\u2067\u2068\u2069")


def _shown(text) -> str:
    """A cell as a message may quote it: one line, no control characters (nor the
    invisible ones that reorder text), short."""
    text = "".join(" " if c in "\t\n\r\v\f" else "\ufffd" if _is_control(c) else c
                   for c in str(text)[: 4 * MAX_VALUE_CHARS] if c not in _BIDI_CONTROLS)
    text = " ".join(text.split())
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 1] + "…"


def _is_control(c: str) -> bool:
    return c < " " or "\x7f" <= c <= "\x9f"


# -- what a file holds ----------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """One file, read: features as numbers, classes as indices.

    Attributes
    ----------
    X : ndarray of shape (n_rows, n_features), float, read-only
    y : ndarray of shape (n_rows,), int, read-only, or None
        Each row's class as an index into :attr:`classes`, ``-1`` where the label cell
        is empty (an unlabelled target row); ``None`` when the file has no label column.
    features : tuple of str
        The feature columns' names, in the file's order.
    classes : tuple of str
        The classes found in the label column, whole numbers first (in numeric order),
        then names (in alphabetical order). ``1`` and ``1.0`` are one class, ``"1"``.
    label : str or None
        The label column's name, or None when the file has none.
    rows : ndarray of shape (n_rows,), int, read-only
        Each data row's number as a spreadsheet shows it.
    """

    X: np.ndarray
    y: np.ndarray | None
    features: tuple[str, ...]
    classes: tuple[str, ...] = ()
    label: str | None = None
    rows: np.ndarray | None = None

    def __repr__(self) -> str:
        labelled = "no label column" if self.y is None else \
            f"{int((self.y >= 0).sum())} labelled, classes={self.classes}"
        return f"Table({len(self.X)} rows, features={self.features}, {labelled})"


@dataclass(frozen=True)
class CSVPair:
    """A source and a target read from two files, ready for tllib's estimators
    (``fit(pair.X_source, pair.y_source, Xt=pair.X_target, yt=pair.y_target)``).

    Unlike :class:`tllib.datasets.DomainPair` there is no separate test sample: the
    only target labels are the ones the file gives.

    Attributes
    ----------
    X_source : ndarray of shape (n_source, n_features)
    y_source : ndarray of shape (n_source,)
        Class indices into :attr:`classes`.
    X_target : ndarray of shape (n_target, n_features)
        Columns in the source's order.
    y_target : ndarray of shape (n_target,)
        Class indices into :attr:`classes`, ``-1`` for an unlabelled row
        (scikit-learn's semi-supervised convention).
    features : tuple of str
    classes : tuple of str
        The source's classes; index ``i`` of ``y`` is ``classes[i]``.
    label : str
        The label column's name.
    """

    X_source: np.ndarray
    y_source: np.ndarray
    X_target: np.ndarray
    y_target: np.ndarray
    features: tuple[str, ...]
    classes: tuple[str, ...]
    label: str

    @property
    def target_labelled(self) -> np.ndarray:
        """Which target rows carry a label."""
        return self.y_target >= 0

    @property
    def y_target_visible(self) -> np.ndarray:
        """The target labels with ``-1`` where unlabelled (as on a DomainPair)."""
        return self.y_target

    @property
    def n_target_labelled(self) -> int:
        return int(self.target_labelled.sum())

    @property
    def X_target_labelled(self) -> np.ndarray:
        return self.X_target[self.target_labelled]

    @property
    def y_target_labelled(self) -> np.ndarray:
        return self.y_target[self.target_labelled]

    def __repr__(self) -> str:
        return (f"CSVPair(n_source={len(self.y_source)}, n_target={len(self.y_target)}, "
                f"n_target_labelled={self.n_target_labelled}, features={self.features}, "
                f"classes={self.classes})")


# -- reading one file ------------------------------------------------------------------


def read_table(data, *, file: str, label: str | None = "label") -> Table:
    """Read one uploaded CSV file, or raise a :class:`CSVProblem` saying what is wrong.

    Parameters
    ----------
    data : bytes
        The file's bytes, as uploaded. Nothing in them is executed.
    file : {"source", "target"}
        Which file this is. A source file must have the label column with at least two
        classes and a class on every row; in a target file the label column is optional
        and an empty label cell marks an unlabelled row.
    label : str or None, default="label"
        The label column's name (compared after stripping spaces); None reads every
        column as a feature.

    Returns
    -------
    Table

    Raises
    ------
    CSVProblem
        The first problem found. The checks run in this order: the file's size and
        text, its header, its number of rows and of cells in each row, then its cells,
        row by row and left to right, then its classes.
    TypeError, ValueError
        Only for wrong arguments (``data`` not bytes, ``file`` not source or target).
    """
    data, label = _check_arguments(data, file, label)
    text = _decode(data, file)
    header_row, header, records, n_rows = _parse(text, file)
    features, label_index = _columns(header_row, header, file, label)
    records = _data_rows(records, n_rows, len(header), file)

    X = np.empty((len(records), len(features)), dtype=float)
    keys: list[object | None] = []
    for r, (row, cells) in enumerate(records):  # cell by cell, in reading order
        j = 0
        for i, name in enumerate(header):
            if i == label_index:
                keys.append(_class_key(cells[i], file=file, column=name, row=row))
            else:
                X[r, j] = _number(cells[i], file=file, column=name, row=row)
                j += 1

    y, classes = (None, ()) if label_index is None else \
        _classes(keys, file=file, column=label)
    rows = np.array([row for row, _ in records], dtype=int)
    for array in (X, y, rows):
        if array is not None:
            array.setflags(write=False)
    return Table(X, y, tuple(features), classes,
                 None if label_index is None else label, rows)


def _check_arguments(data, file, label):
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"data must be the file's bytes, got {type(data).__name__}.")
    check_choice("file", file, FILES)
    if label is not None and (not isinstance(label, str) or not label.strip()):
        raise ValueError(f"label must be a column name or None, got {label!r}.")
    return bytes(data), None if label is None else label.strip()


_BOMS_OTHER_THAN_UTF8 = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")
# Files people upload by mistake: zip (xlsx, ods, docx), old Office, PDF, images.
_BINARY_SIGNATURES = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF", b"\x89PNG",
                      b"\xff\xd8\xff", b"GIF8")
_MARKUP_DOCUMENTS = ("<!doctype", "<html", "<?xml", "{")
# Control characters a text file does not hold (tab, line feed and carriage return do).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _decode(data: bytes, file: str) -> str:
    """The file's text: size, emptiness, binary content and encoding checked."""
    if len(data) > MAX_BYTES:
        raise CSVProblem("too_large", file=file, limit=MAX_MEGABYTES,
                         found=len(data) / (1024 * 1024))
    if not data.lstrip(b"\xef\xbb\xbf").strip():
        raise CSVProblem("empty", file=file)
    if data.startswith(_BOMS_OTHER_THAN_UTF8):  # UTF-16 or UTF-32: text, but not UTF-8
        raise CSVProblem("encoding", file=file, row=1)
    if b"\x00" in data or data.startswith(_BINARY_SIGNATURES):
        raise CSVProblem("binary", file=file)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:  # the row is the line of the first bad byte
        raise CSVProblem("encoding", file=file,
                         row=data.count(b"\n", 0, error.start) + 1) from None
    if len(_CONTROL.findall(text)) > 0.01 * len(text):
        raise CSVProblem("binary", file=file)
    if not text.strip():
        raise CSVProblem("empty", file=file)
    return text


def _delimiter(text: str) -> str:
    """Comma, unless the first line holds more semicolons or tabs than commas."""
    first = text.lstrip("\r\n").splitlines()[0]
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] > counts[","] else ","


def _parse(text: str, file: str):
    """The header row's number and cells, the data rows as (row, cells) (the first
    ``MAX_ROWS + 1`` of them) and how many data rows there are."""
    if text.lstrip().lower().startswith(_MARKUP_DOCUMENTS):
        raise CSVProblem("not_csv", file=file, row=1)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text),
                        strict=True)
    # Keep the non-blank records, the header and at most MAX_ROWS + 1 data rows (enough
    # to know there are too many); count the rest.
    records, n_records, row = [], 0, 0
    try:
        for row, cells in enumerate(reader, start=1):
            if any(c.strip() for c in cells):
                n_records += 1
                if n_records <= MAX_ROWS + 2:
                    records.append((row, cells))
    except csv.Error:
        raise CSVProblem("not_csv", file=file, row=row + 1) from None
    if not records:
        raise CSVProblem("empty", file=file)
    (header_row, header), records = records[0], records[1:]
    header = [c.strip() for c in header]
    while not header[-1]:  # a trailing separator adds an empty column: ignore it
        header.pop()
    return header_row, header, records, n_records - 1


def _columns(header_row, header, file, label):
    """The feature columns' names and the label column's position (or None)."""
    named = [c for c in header if c]
    if all(_is_number(c) for c in named):
        raise CSVProblem("no_header", file=file, row=header_row, value=named[0])
    if len(header) > MAX_COLUMNS:
        raise CSVProblem("too_many_columns", file=file, found=len(header),
                         limit=MAX_COLUMNS)
    seen = set()
    for i, name in enumerate(header):
        if not name:
            raise CSVProblem("empty_column_name", file=file, column=_letter(i),
                             row=header_row)
        if name in seen:
            raise CSVProblem("duplicate_column", file=file, column=name)
        seen.add(name)
    label_index = header.index(label) if label in header else None
    if label_index is None and label is not None and file == "source":
        raise CSVProblem("no_label_column", file=file, column=label, columns=header)
    features = [name for i, name in enumerate(header) if i != label_index]
    if not features:
        raise CSVProblem("no_features", file=file, column=label)
    return features, label_index


def _letter(i: int) -> str:
    """A column's spreadsheet letter: 0 → A, 25 → Z, 26 → AA."""
    letters = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        letters = string.ascii_uppercase[r] + letters
    return letters


def _data_rows(records, n_rows, n_columns, file):
    """The data rows, each with exactly the header's number of cells."""
    if n_rows > MAX_ROWS:
        raise CSVProblem("too_many_rows", file=file, found=n_rows, limit=MAX_ROWS)
    if n_rows < MIN_ROWS:
        raise CSVProblem("too_few_rows", file=file, found=n_rows, limit=MIN_ROWS)
    for row, cells in records:
        used = len(cells)
        while used > n_columns and not cells[used - 1].strip():
            used -= 1  # trailing empty cells, as the header's trailing separator
        if used != n_columns:
            raise CSVProblem("row_length", file=file, row=row, found=used,
                             limit=n_columns)
    return records


# -- cells ------------------------------------------------------------------------------

_NON_FINITE_WORDS = ("nan", "inf", "infinity")
_ARABIC_DECIMAL_SEPARATOR = "\u066b"  # «٫», as a Persian spreadsheet may write 1٫5


def _float(cell: str) -> float | None:
    """The cell as a number, or None. ``float`` reads the digits of every script
    (Persian ۱۲ is 12) but also ``1_000``: underscores are refused here."""
    if "_" in cell:
        return None
    try:
        return float(cell.replace(_ARABIC_DECIMAL_SEPARATOR, "."))
    except ValueError:
        return None


def _is_number(cell: str) -> bool:
    return _float(cell) is not None


def _number(cell: str, *, file, column, row) -> float:
    """A feature cell's finite number, or the problem with it."""
    value = _float(cell)
    if value is not None and math.isfinite(value):
        return value
    stripped = cell.strip()
    if not stripped:
        raise CSVProblem("empty_cell", file=file, column=column, row=row)
    if value is not None:  # nan, inf, or too large for a float (1e999)
        raise CSVProblem("not_finite", file=file, column=column, row=row, value=stripped)
    digits = stripped.lstrip("+-")
    if "," in digits and _is_number(digits.replace(",", "")) and digits[0] != ",":
        raise CSVProblem("decimal_comma", file=file, column=column, row=row,
                         value=stripped)
    raise CSVProblem("non_numeric", file=file, column=column, row=row, value=stripped)


def _class_key(cell: str, *, file, column, row):
    """A label cell's class: an int for a whole number, the stripped text for a name,
    None for an empty cell (an unlabelled target row)."""
    stripped = cell.strip()
    if not stripped:
        if file == "source":
            raise CSVProblem("label_empty", file=file, column=column, row=row)
        return None
    value = _float(stripped)
    whole = value is not None and math.isfinite(value) and value == int(value) \
        and abs(value) < 2 ** 53
    bad = (value is not None and not whole) \
        or stripped.lower().lstrip("+-") in _NON_FINITE_WORDS \
        or len(stripped) > MAX_LABEL_CHARS
    if bad:
        raise CSVProblem("bad_label_values", file=file, column=column, row=row,
                         value=stripped, limit=MAX_LABEL_CHARS)
    return int(value) if value is not None else stripped


def _class_order(key) -> tuple:
    return (1, 0, key) if isinstance(key, str) else (0, key, "")


def _classes(keys, *, file, column):
    """Class indices for the rows (``-1`` where unlabelled) and the class names."""
    present = sorted({k for k in keys if k is not None}, key=_class_order)
    if len(present) > MAX_CLASSES:
        raise CSVProblem("too_many_classes", file=file, column=column,
                         found=len(present), limit=MAX_CLASSES)
    if file == "source" and len(present) < 2:
        raise CSVProblem("label_one_class", file=file, column=column,
                         value=str(present[0]))
    index = {k: i for i, k in enumerate(present)}
    y = np.array([-1 if k is None else index[k] for k in keys], dtype=int)
    return y, tuple(str(k) for k in present)


# -- reading the pair -------------------------------------------------------------------


def read_pair(source, target, *, label: str = "label") -> CSVPair:
    """Read the source and target files and check that they fit together.

    Each file is read by :func:`read_table` (the source with its label column required,
    the target's optional); then both must have the same feature columns (the target's
    are put in the source's order) and every class in the target must be a source
    class, compared as :class:`Table` names them (``1`` and ``1.0`` are one class).

    Parameters
    ----------
    source, target : bytes
        The two files' bytes.
    label : str, default="label"
        The label column's name in both files.

    Returns
    -------
    CSVPair

    Raises
    ------
    CSVProblem
        The first problem found: the source's, then the target's, then the pair's
        (``columns_missing``, ``columns_extra``, ``label_missing_in_source``).
    """
    if label is None:
        raise ValueError("label must be a column name: the source needs its classes.")
    src = read_table(source, file="source", label=label)
    tgt = read_table(target, file="target", label=label)

    # 1. The same feature columns, by name.
    missing = [name for name in src.features if name not in tgt.features]
    if missing:
        raise CSVProblem("columns_missing", file="target", columns=missing)
    extra = [name for name in tgt.features if name not in src.features]
    if extra:
        raise CSVProblem("columns_extra", file="target", columns=extra)
    X_target = tgt.X[:, [tgt.features.index(name) for name in src.features]]

    # 2. The target's classes, as indices into the source's.
    y_target = np.full(len(tgt.X), -1, dtype=int)
    if tgt.y is not None:
        position = {name: i for i, name in enumerate(src.classes)}
        for r, k in enumerate(tgt.y):
            if k < 0:
                continue
            name = tgt.classes[k]
            if name not in position:
                raise CSVProblem("label_missing_in_source", file="target",
                                 column=tgt.label, row=int(tgt.rows[r]), value=name,
                                 columns=src.classes)
            y_target[r] = position[name]

    for array in (X_target, y_target):
        array.setflags(write=False)
    return CSVPair(src.X, src.y, X_target, y_target, src.features, src.classes, label)


# -- a sample pair to try -----------------------------------------------------------


def sample_csv_pair(shift: str = "covariate", strength: float = 0.6, *,
                    n_target_labelled: int = 10, random_state=0) -> tuple[bytes, bytes]:
    """A source and a target CSV file drawn by :func:`tllib.datasets.make_domain_pair`
    (300 rows each, features ``x1``, ``x2`` and a ``label`` column), for a page's "try a
    sample" button. The target's label cell is filled on ``n_target_labelled`` rows and
    empty on the rest; numbers have four decimals.

    ``shift="label_space"`` is refused: its target has a class the source never had,
    which :func:`read_pair` rightly rejects.
    """
    allowed = tuple(k for k in SHIFT_KINDS if k != "label_space")
    if shift not in allowed:
        raise ValueError(f"shift must be one of {', '.join(allowed)}; got {shift!r}.")
    pair = make_domain_pair(shift, strength, n_target_labelled=n_target_labelled,
                            random_state=random_state)
    return (_csv_bytes(pair.X_source, pair.y_source),
            _csv_bytes(pair.X_target, pair.y_target, pair.target_labelled))


def _csv_bytes(X, y, labelled=None) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([f"x{j + 1}" for j in range(X.shape[1])] + ["label"])
    for i, (x, c) in enumerate(zip(X, y)):
        shown = labelled is None or labelled[i]
        writer.writerow([f"{v:.4f}" for v in x] + [int(c) if shown else ""])
    return out.getvalue().encode("utf-8")
