"""Run functions in forked processes, at most N at a time, from this thread alone.

A pool of processes keeps threads of its own (to feed tasks and collect results) and forks new workers from them;
a process forked while another thread holds a lock (the allocator's, the logging module's, libfaketime's) can
hang for ever. Here every fork is made by the calling thread, with no other thread of ours running, and each
process runs one call, sends back its result or its exception through a pipe, and exits: its memory goes with it.
A forked process shares everything already loaded and imported; only results travel.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from multiprocessing import get_all_start_methods, get_context
from multiprocessing.connection import Connection, wait
from typing import Any

Call = Callable[[], Any]


def can_fork() -> bool:
    """True where work can be shared with forked processes on more than one core."""
    return "fork" in get_all_start_methods() and (os.cpu_count() or 1) > 1


def run_forked(calls: Sequence[Call], at_once: int = 2) -> list[Any]:
    """Each call's result, in order, computed in its own forked process, `at_once` at a time, the calls started in
    the order given. The first exception raised in a process is raised here (the other processes are stopped)."""
    context = get_context("fork")
    results: list[Any] = [None] * len(calls)
    waiting = list(enumerate(calls))
    running: dict[Connection, tuple[Any, int]] = {}
    try:
        while waiting or running:
            while waiting and len(running) < at_once:
                index, call = waiting.pop(0)
                reader, sender = context.Pipe(duplex=False)
                process = context.Process(target=_child, args=(call, sender), daemon=True)
                process.start()
                sender.close()
                running[reader] = (process, index)
            for reader in wait(list(running)):
                process, index = running.pop(reader)
                try:
                    done, value = reader.recv()
                except EOFError:
                    process.join()
                    done, value = False, RuntimeError(f"a worker process ended without a result "
                                                      f"(exit {process.exitcode})")
                reader.close()
                process.join()
                if not done:
                    raise value
                results[index] = value
    finally:
        for process, _ in running.values():
            process.terminate()
            process.join()
    return results


def _child(call: Call, sender: Connection) -> None:
    try:
        sender.send((True, call()))
    except BaseException as error:  # sent to the parent, which raises it
        sender.send((False, error))
    finally:
        sender.close()
