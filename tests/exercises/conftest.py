"""The ``run`` fixture of the exercise-check tests."""

import pytest


@pytest.fixture
def run(capsys):
    """``run(check, answer)`` → (the check's verdict, what it printed)."""

    def judge(check, answer):
        ok = check(answer)
        return ok, capsys.readouterr().out

    return judge
