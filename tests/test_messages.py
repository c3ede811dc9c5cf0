"""Messages cannot be turned against their reader: no raw control character reaches a terminal, no Markdown
forms in the job summary, GitHub annotations escape their own syntax, reader errors give the real line and
column, and a bug is reported as one line with exit 2, never a traceback."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

from conftest import FIXTURES, TODAY, make_repo
from fmreview.check.report import format_github, format_json, format_markdown, format_text
from fmreview.check.textrules import escape
from fmreview.cli import main
from fmreview.config import Paths
from fmreview.load.corpus import load_corpus
from fmreview.model import Problem

INVALID = FIXTURES / "entries" / "invalid"
HOSTILE = "a\n# Heading\n![img](http://x/i.png) [link](http://x) <b>bold</b> | cell | \x1b]0;T\x07\x1b[2J \u202e %,:\r"


def review(paths: Paths, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(paths.root), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def test_a_problem_stores_its_text_escaped() -> None:
    problem = Problem("entries/\x1bx.yaml", 3, 4, "\x1b[2J", HOSTILE)
    for text in (str(problem), problem.path, problem.field, problem.message):
        assert escape(text) == text and "\n" not in text and "\x1b" not in text
    assert "\\x1b]0;T\\x07\\x1b[2J \\u202e" in problem.message
    assert len(Problem("x", 1, 1, "", "y" * 10_000).message) < 2100  # a huge value cannot flood the terminal


def test_markdown_summary_forms_no_heading_link_image_html_or_cell() -> None:
    table = format_markdown([Problem("entries/a|b.yaml", 3, 4, "title", HOSTILE)])
    row = table.splitlines()[2]
    assert len(table.splitlines()) == 3  # one row: the message's line breaks are escaped
    assert row.count("|") - row.count("\\|") == 5  # the four columns' own separators only
    for markup in ("[img]", "[link]", "![", "<b>", "http:"):  # no link, image, tag or autolink can form
        assert markup not in row, markup
    assert "\\!\\[img\\]" in row and "\\<b\\>" in row and "\\# Heading" in row
    import markdown  # a real Markdown renderer (mkdocs'), with tables as in GitHub's summary

    html = markdown.markdown(table, extensions=["tables"])
    assert html.count("<td>") == 4 and not re.search(r"<(a|img|b|h[1-6])[ >]", html), html


def test_github_annotations_escape_their_syntax() -> None:
    line = format_github([Problem("entries/a,b:c.yaml", 3, 4, "x,y", "100% done\r\nnext")])
    assert line == ("::error file=entries/a%2Cb%3Ac.yaml,line=3,col=4,title=x%2Cy::100%25 done\\r\\nnext\n")


@pytest.mark.parametrize("fmt", [format_text, format_github, format_json, format_markdown])
def test_the_escape_sequence_key_is_shown_escaped_in_every_format(fmt, repo_paths: Paths) -> None:
    _, problems = load_corpus(repo_paths, [INVALID / "escape-sequence-key.yaml"], today=TODAY)
    shown = fmt(problems)
    assert "\x1b" not in shown and "\x07" not in shown
    assert "x1b]0;TITLE" in shown.replace("\\", "")  # the key, escaped (Markdown backslashes its punctuation)


def test_validate_prints_one_line_per_problem_without_raw_characters(tmp_path: Path) -> None:
    paths = make_repo(tmp_path, [])
    hostile = sorted(INVALID.glob("*.yaml"))
    for file in hostile:
        (paths.entries / file.name).write_bytes(file.read_bytes())
    code, out, err = review(paths, "validate")
    assert code == 1 and "Traceback" not in err
    form = re.compile(r"^entries/[^:]+\.yaml:[1-9][0-9]*:[1-9][0-9]*: (error|warning): ")
    for line in out.splitlines():
        assert form.match(line) and escape(line) == line, line


def test_reader_errors_and_unusual_line_breaks_report_the_editor_line(repo_paths: Paths) -> None:
    """U+2028 on line 5 is refused there (PyYAML would count it as a line break and report every later
    problem one line low); a NUL is located although PyYAML's reader error carries no mark."""
    for name, where in (("line-separator", (5, 17)), ("raw-control-char", (5, 5)), ("nel-line-break", (7, 10))):
        _, problems = load_corpus(repo_paths, [INVALID / f"{name}.yaml"], today=TODAY)
        assert [(p.line, p.col) for p in problems] == [where], [str(p) for p in problems]


def test_an_internal_error_is_one_line_with_exit_2(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import fmreview.load.corpus

    paths = make_repo(tmp_path, FIXTURES / "corpus")

    def broken(*args, **kwargs):
        raise TypeError("'<' not supported between instances of 'int' and 'str'")

    monkeypatch.setattr(fmreview.load.corpus, "load_registries", broken)
    code, out, err = review(paths, "validate")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert re.fullmatch(r"review: internal error: TypeError at test_messages\.py:\d+: '<' not supported between "
                        r"instances of 'int' and 'str' \(a bug in review, not a problem with your entries\); please "
                        r"report it at https://github\.com/\S+/issues\n", err), err
