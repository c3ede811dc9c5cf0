"""Generated pages equal the committed golden files (regenerate: .venv/bin/python tests/golden.py --update)."""

from __future__ import annotations

import pytest

from golden import GOLDEN, PAGES, render_golden


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    return render_golden()


@pytest.mark.parametrize("name", PAGES)
def test_page_matches_golden(rendered: dict[str, str], name: str) -> None:
    expected = (GOLDEN / name).read_text(encoding="utf-8")
    assert rendered[name] == expected, f"{name} changed; if intended, run: .venv/bin/python tests/golden.py --update"
