"""What Untrain keeps is private from the first byte: UNTRAIN_HOME is made 0700 whichever part of
Untrain makes it first, and a home that cannot be written still lets past results be read."""

from __future__ import annotations

import os
import stat

import pytest

from checker import data_paths


@pytest.fixture
def loose_umask():
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.mark.parametrize("first", ["user_data_dir", "cache_dir", "profile_dir"])
def test_untrain_home_is_0700_whichever_folder_is_made_first(untrain_home, loose_umask, first):
    getattr(data_paths, first)()
    assert stat.S_IMODE(untrain_home.stat().st_mode) == 0o700
