"""One source of today: --today, then SOURCE_DATE_EPOCH, then the real date. The end-to-end tests run the
command under libfaketime, so the real-date path is tested on dates that are not today."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from conftest import FIXTURES, make_repo
from fmreview.clock import ClockError, resolve_today

FAKETIME = shutil.which("faketime")


def test_option_wins_over_the_environment() -> None:
    assert resolve_today("2028-02-29", {"SOURCE_DATE_EPOCH": "0"}) == date(2028, 2, 29)


def test_source_date_epoch_is_read_as_a_utc_date() -> None:
    assert resolve_today(None, {"SOURCE_DATE_EPOCH": "1924991999"}) == date(2030, 12, 31)  # 23:59:59 UTC
    assert resolve_today(None, {"SOURCE_DATE_EPOCH": "1924992000"}) == date(2031, 1, 1)


@pytest.mark.parametrize("bad", ["2026-02-30", "28-02-2026", "2026-1-1", "tomorrow", "２０２６-01-01"])
def test_a_bad_today_is_refused(bad: str) -> None:
    with pytest.raises(ClockError, match="YYYY-MM-DD"):
        resolve_today(bad, {})


@pytest.mark.parametrize("bad", ["soon", "-1", "1e9", "٣"])
def test_a_bad_epoch_is_refused(bad: str) -> None:
    with pytest.raises(ClockError, match="SOURCE_DATE_EPOCH"):
        resolve_today(None, {"SOURCE_DATE_EPOCH": bad})


def faked(when: str, args: list[str], cwd: Path, epoch: str | None = None) -> subprocess.CompletedProcess[str]:
    """`review ARGS` in a fresh process whose clock libfaketime sets to `when` (absolute or +Nd)."""
    if not FAKETIME:
        pytest.fail("faketime is missing: apt-get install faketime (make test installs it)", pytrace=False)
    # A fresh libfaketime: nothing inherited from an outer `faketime` (the suite itself may run under one).
    env = {k: v for k, v in os.environ.items()
           if k != "SOURCE_DATE_EPOCH" and not k.startswith("FAKETIME") and k != "LD_PRELOAD"}
    env["FAKETIME_DONT_FAKE_MONOTONIC"] = "1"  # fake the date only; timed waits use the monotonic clock
    if epoch:
        env["SOURCE_DATE_EPOCH"] = epoch
    flags = ["-f", when] if when.startswith("+") else [when]
    return subprocess.run([FAKETIME, *flags, sys.executable, "-m", "fmreview.cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, check=False)


@pytest.mark.slow  # a few end-to-end runs under libfaketime: `make test` runs them, the quick tier does not
@pytest.mark.parametrize("when, day", [("2028-02-29 10:00:00", "2028-02-29"), ("2031-01-01 00:30:00", "2031-01-01")])
def test_commands_use_the_real_date_when_nothing_pins_it(tmp_path: Path, when: str, day: str) -> None:
    paths = make_repo(tmp_path, FIXTURES / "corpus")
    probe = faked(when, ["new", "probe-model"], paths.root)
    assert probe.returncode == 0, probe.stderr
    text = (paths.entries / "probe-model.yaml").read_text(encoding="utf-8")
    assert f"added: {day}" in text and f"checked: {day}" in text
    (paths.entries / "probe-model.yaml").unlink()
    built = faked(when, ["build", "--no-mkdocs"], paths.root)
    assert built.returncode == 0, built.stderr
    assert f"built {day}" in (paths.build_docs / "all.bib").read_text(encoding="utf-8")


@pytest.mark.slow
def test_source_date_epoch_pins_the_day_whatever_the_clock(tmp_path: Path) -> None:
    paths = make_repo(tmp_path, FIXTURES / "corpus")
    built = faked("+366d", ["build", "--no-mkdocs"], paths.root, epoch="1795867200")  # 2026-11-28 12:00 UTC
    assert built.returncode == 0, built.stderr
    assert "built 2026-11-28" in (paths.build_docs / "all.bib").read_text(encoding="utf-8")


def test_an_entry_added_after_the_pinned_day_is_in_the_future(tmp_path: Path) -> None:
    paths = make_repo(tmp_path, FIXTURES / "corpus")
    checked = faked("+366d", ["validate", "--today", "2020-01-01"], paths.root)
    assert checked.returncode == 1
    assert "is in the future (today is 2020-01-01)" in checked.stdout
