"""The typed environment readers behind the settings."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from rotations.env import envbool, envint, envlist, envstr


def test_a_value_may_come_from_a_file_without_its_newline(monkeypatch, tmp_path):
    (tmp_path / "key").write_text("s3cret\n")
    monkeypatch.setenv("ROT_X_FILE", str(tmp_path / "key"))
    monkeypatch.setenv("ROT_X", "ignored")
    assert envstr("ROT_X") == "s3cret"


def test_an_unreadable_file_is_named(monkeypatch, tmp_path):
    monkeypatch.setenv("ROT_X_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="ROT_X_FILE: cannot read"):
        envstr("ROT_X")


def test_booleans_integers_and_lists(monkeypatch):
    monkeypatch.setenv("ROT_B", "Yes")
    monkeypatch.setenv("ROT_I", "42")
    monkeypatch.setenv("ROT_L", " a.example.com, ,b.example.com ")
    assert envbool("ROT_B", default=False) is True
    assert envbool("ROT_UNSET", default=True) is True
    assert envint("ROT_I", 1) == 42
    assert envint("ROT_UNSET", 7) == 7
    assert envlist("ROT_L") == ["a.example.com", "b.example.com"]
    assert envlist("ROT_UNSET", default=("x",)) == ["x"]


def test_an_empty_value_means_the_default(monkeypatch):
    monkeypatch.setenv("ROT_B", "")
    monkeypatch.setenv("ROT_I", " ")
    assert envbool("ROT_B", default=True) is True
    assert envint("ROT_I", 3) == 3


def test_a_malformed_boolean_is_refused(monkeypatch):
    monkeypatch.setenv("ROT_B", "perhaps")
    with pytest.raises(ImproperlyConfigured, match="ROT_B must be true or false"):
        envbool("ROT_B", default=False)
