"""Every exercise self-check survives whatever a reader's function does: it never raises."""

import inspect

import pytest

from nnlib.exercises import (
    backpropagation,
    feedforward,
    gradient_descent,
    looking_inside,
    perceptrons,
    training,
)

CHECKS = sorted(
    {
        (name, fn)
        for module in (
            perceptrons,
            feedforward,
            gradient_descent,
            backpropagation,
            training,
            looking_inside,
        )
        for name, fn in inspect.getmembers(module, inspect.isfunction)
        if name.startswith("check_")
    },
    key=lambda item: item[0],
)

ANSWERS = {
    "a string": lambda *args: "not numbers",
    "a list of strings": lambda *args: ["a", "b"],
    "a dict": lambda *args: {"x": 1},
    "NaN": lambda *args: float("nan"),
    "an error": lambda *args: 1 / 0,
    "the stub": lambda *args: (_ for _ in ()).throw(NotImplementedError),
}


def test_there_are_checks_to_test():
    assert (
        len(CHECKS) >= 14
    )  # the exercises of notebooks 01–05 and 07, [name for name, _ in CHECKS]


@pytest.mark.parametrize("answer", list(ANSWERS))
@pytest.mark.parametrize("name, check", CHECKS, ids=[name for name, _ in CHECKS])
def test_a_wrong_kind_of_answer_gets_a_hint_not_a_traceback(name, check, answer, capsys):
    assert check(ANSWERS[answer]) is False
    printed = capsys.readouterr().out
    assert printed.startswith("Not yet: ") and "Traceback" not in printed
