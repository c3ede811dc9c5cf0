"""The fork runner the build shares work with: results in order, at most N processes at once, an exception in a
process raised here, a process that dies reported, and nothing left running."""

from __future__ import annotations

import os
from functools import partial

import pytest

from fmreview.processes import run_forked


def _pid_and(value: int) -> tuple[int, int]:
    return os.getpid(), value * 2


def _fail(message: str) -> None:
    raise ValueError(message)


def test_results_come_back_in_order_each_from_its_own_process() -> None:
    results = run_forked([partial(_pid_and, n) for n in range(5)], at_once=2)
    assert [value for _, value in results] == [0, 2, 4, 6, 8]
    assert len({pid for pid, _ in results}) == 5 and os.getpid() not in {pid for pid, _ in results}


def test_an_exception_in_a_process_is_raised_here() -> None:
    with pytest.raises(ValueError, match="bad entry"):
        run_forked([partial(_pid_and, 1), partial(_fail, "bad entry"), partial(_pid_and, 2)])


def test_a_process_that_dies_is_reported() -> None:
    with pytest.raises(RuntimeError, match="ended without a result"):
        run_forked([partial(os._exit, 3)])
