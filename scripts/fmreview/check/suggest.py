"""'Did you mean' suggestions for misspelt terms, fields and dataset ids."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping


def normalise(text: str) -> str:
    """Lower-case, with every run of non-alphanumerics turned into one hyphen: 'X Ray' → 'x-ray'."""
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


def closest(value: str, choices: Iterable[str], aliases: Mapping[str, str] | None = None) -> str | None:
    """The choice `value` most likely meant: an alias or spelling variant first, then the nearest spelling."""
    choices = list(choices)
    key = normalise(value)
    folded = {normalise(c): c for c in choices}
    if key in folded:
        return folded[key]
    if aliases:
        if key in aliases:
            return aliases[key]
        squashed = key.replace("-", "")
        for alias, target in aliases.items():
            if alias.replace("-", "") == squashed:
                return target
    for known, original in folded.items():
        if known.replace("-", "") == key.replace("-", ""):
            return original
    match = difflib.get_close_matches(key, list(folded), n=1, cutoff=0.6)
    return folded[match[0]] if match else None


def did_you_mean(value: str, choices: Iterable[str], aliases: Mapping[str, str] | None = None) -> str:
    """' (did you mean 'x'?)' or '' when nothing is close."""
    guess = closest(value, choices, aliases)
    return f" (did you mean '{guess}'?)" if guess and guess != value else ""
