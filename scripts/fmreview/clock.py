"""The one source of "today" for every command, so that builds and tests never depend on the wall clock.

In order: an explicit `--today YYYY-MM-DD`, then `SOURCE_DATE_EPOCH` (the reproducible-builds convention:
seconds since 1970, read as a UTC date), then the real date in UTC.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, date, datetime


class ClockError(ValueError):
    """An unreadable --today or SOURCE_DATE_EPOCH: a usage error, reported without a traceback."""


def parse_day(text: str) -> date:
    """A `--today` value: YYYY-MM-DD and a real calendar day."""
    try:
        if len(text) != 10:
            raise ValueError("expected YYYY-MM-DD")
        return date.fromisoformat(text)
    except ValueError as error:
        raise ClockError(f"--today {text!r} is not a date in the form YYYY-MM-DD ({error})") from None


def resolve_today(option: str | None = None, environ: Mapping[str, str] | None = None) -> date:
    if option:
        return parse_day(option)
    epoch = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        if not epoch.isascii() or not epoch.isdigit():
            raise ClockError(f"SOURCE_DATE_EPOCH={epoch!r} is not a whole number of seconds since 1970")
        try:
            return datetime.fromtimestamp(int(epoch), tz=UTC).date()
        except (OverflowError, OSError, ValueError):
            raise ClockError(f"SOURCE_DATE_EPOCH={epoch!r} is out of range") from None
    return datetime.now(tz=UTC).date()
