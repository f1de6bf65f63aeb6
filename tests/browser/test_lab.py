"""The Lab in a real browser: uploading two CSV files ranks the methods on them, and a
malformed file gets its own message, shown as text, with no traceback."""

from __future__ import annotations

import pytest

from tests.browser.test_deep_link import open_and_wait, shown_exceptions, wait_until_drawn
from tllib import tabular
from ui.course import LAB, ROOT
from ui.text import load_catalogue

pytestmark = pytest.mark.browser

CORPUS = ROOT / "tests" / "data" / "csv"
EN = load_catalogue("en")


def upload(page, source, target) -> None:
    inputs = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
    inputs.nth(0).set_input_files(str(source))
    wait_until_drawn(page)
    inputs.nth(1).set_input_files(str(target))
    page.wait_for_timeout(500)
    wait_until_drawn(page)


def test_two_good_files_are_ranked(page, app_url):
    open_and_wait(page, f"{app_url}/{LAB.url_path}")
    upload(page, CORPUS / "good_source.csv", CORPUS / "good_target.csv")
    assert not shown_exceptions(page)
    assert page.locator('[data-testid="stDataFrame"]').count() == 2


def test_a_cell_with_markup_is_named_and_shown_as_text(page, app_url):
    open_and_wait(page, f"{app_url}/{LAB.url_path}")
    upload(page, CORPUS / "non_numeric.csv", CORPUS / "good_target.csv")
    assert not shown_exceptions(page)
    with pytest.raises(tabular.CSVProblem) as problem:
        tabular.read_pair((CORPUS / "non_numeric.csv").read_bytes(),
                          (CORPUS / "good_target.csv").read_bytes())
    alert = page.locator('[data-testid="stAlert"]').filter(has_text="x1").last
    assert f"row {problem.value.row}" in alert.inner_text()
    assert "<script>" in alert.inner_text()  # the cell's characters, as text
    assert not alert.locator("script").count()
