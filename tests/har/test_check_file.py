"""`--har FILE` is checked before any browser starts: anything that is not a readable HAR is a
DataError (exit 65) naming the file, never a traceback and never a scan of nothing."""

from __future__ import annotations

import json

import pytest

from checker.errors import DataError
from checker.har import check_file


def test_a_folder_is_not_a_har(tmp_path):
    with pytest.raises(DataError, match="not a HAR file") as raised:
        check_file(tmp_path)
    assert str(tmp_path) in str(raised.value)


@pytest.mark.parametrize("content", [
    {"log": {"entries": "x"}},          # replayed as nothing: every control came back unknown (exit 2)
    {"log": {"entries": [1, 2]}},
    {"log": {"entries": [{"request": "GET /"}]}},
    {"log": "x"},
])
def test_a_har_whose_entries_are_not_requests_is_refused(tmp_path, content):
    path = tmp_path / "odd.har"
    path.write_text(json.dumps(content))
    with pytest.raises(DataError, match="not a HAR file") as raised:
        check_file(path)
    assert str(path) in str(raised.value)


def test_a_well_formed_har_passes(tmp_path):
    path = tmp_path / "ok.har"
    path.write_text(json.dumps({"log": {"entries": [
        {"request": {"method": "GET", "url": "https://chatgpt.com/"}, "response": {"status": 200}}]}}))
    check_file(path)  # no exception
