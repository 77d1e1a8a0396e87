"""nnlib.exercises.gate: a reveal opens only once its check passed (or the student gives up),
a prediction's result only once the guess is written; NNLIB_REVEAL=all opens every gate."""

import pytest

from nnlib.exercises import gate
from nnlib.language import use_language


@pytest.fixture(autouse=True)
def shut(monkeypatch):
    monkeypatch.delenv("NNLIB_REVEAL", raising=False)
    monkeypatch.setattr(gate, "_passed", set())


@gate.records
def check_even(n):
    return n % 2 == 0


def test_a_reveal_opens_after_its_check_passes_and_not_before(capsys):
    assert not gate.earned(check_even, "the answer")
    said = capsys.readouterr().out
    assert "check_even" in said and "the answer" in said and "give_up=True" in said
    assert check_even(3) is False
    assert not gate.earned(check_even, "the answer")
    assert check_even(4) is True
    capsys.readouterr()
    assert gate.earned(check_even, "the answer")
    assert capsys.readouterr().out == ""  # an open gate says nothing: the cell speaks


def test_giving_up_opens_one_reveal_and_passes_no_check():
    assert gate.earned(check_even, "the answer", give_up=True)
    assert not gate.passed(check_even)


def test_guesses_are_refused_while_unset(capsys):
    for unset in [None, "", "   ", ...]:
        assert not gate.guessed(unset, "my_guess")
        said = capsys.readouterr().out
        assert "my_guess" in said and not any(ch.isdigit() for ch in said)
    for written in [0, 0.0, "a sentence", False]:
        assert gate.guessed(written, "my_guess")


def test_a_guess_that_is_no_number_is_named(capsys):
    assert gate.number("0.25", "g") == 0.25
    assert gate.number(3, "g") == 3.0
    for bad in ["a lot", None, True, float("nan"), [1, 2]]:
        assert gate.number(bad, "g") is None
        assert "g = " in capsys.readouterr().out


def test_reveal_all_opens_every_gate(monkeypatch, capsys):
    monkeypatch.setenv("NNLIB_REVEAL", "all")
    assert gate.earned(check_even, "the answer")
    assert gate.guessed(None, "my_guess")
    assert capsys.readouterr().out == ""


def test_the_refusals_speak_chinese(capsys):
    use_language("zh")
    try:
        gate.earned(check_even, "答案")
        gate.guessed(None, "my_guess")
    finally:
        use_language("en")
    said = capsys.readouterr().out
    assert "通过" in said and "猜测" in said and "Hidden" not in said


def test_read_tells_no_guess_from_a_refused_one(capsys):
    assert gate.read(None, "g") == (True, None) and capsys.readouterr().out == ""
    assert gate.read("0.25", "g") == (True, 0.25)
    assert gate.read("a lot", "g") == (False, None)
    assert "g = 'a lot'" in capsys.readouterr().out
    assert gate.read(5, "g", parse=lambda guess, name: None) == (False, None)
