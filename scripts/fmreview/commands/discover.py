"""`review discover`: candidate papers since the last literature search, ranked for a maintainer's triage.

arXiv (the field's categories and terms) and OpenAlex (journals that post no preprints) are searched for papers
since `extra.last_search` of mkdocs.yml (or --since); what the review already holds or the triage file already
screened is dropped; the rest is ranked by the classifier (entries in scope, exclusions out) and written as a
Markdown report. With --draft N the top N become draft entries through `review add`'s own code.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..check.context import source_name
from ..config import Paths
from ..intake.classifier import Classifier, Scored, evaluate
from ..intake.known import Known, load_known, merge_found
from ..intake.sources import (
    ARXIV_CATEGORIES,
    FormatError,
    Work,
    arxiv_query_url,
    openalex_search_url,
    parse_arxiv,
    parse_openalex,
)
from ..load.triage import load_triage, path_for_triage
from ..net import Bases, Client, FetchError
from .add import SnippetError, add_entry

ARXIV_PAGE, OPENALEX_PAGE, MAX_PAGES = 100, 50, 5
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass
class Found:
    works: list[Work] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # "arXiv: <address>: why", one per failed source or page


def last_search(paths: Paths) -> date | None:
    """`extra.last_search` of mkdocs.yml (its custom !!python tags are skipped, not run)."""
    text = paths.mkdocs_yml.read_text(encoding="utf-8")
    found = re.search(r"^\s+last_search:\s*[\"']?(\d{4}-\d{2}-\d{2})", text, re.MULTILINE)
    return date.fromisoformat(found.group(1)) if found else None


def _pages(what: str, found: Found, fetch: Callable[[int, str | None], tuple[list[Work], str | None]]) -> None:
    """Fetch page after page until an empty page, the last page or MAX_PAGES; a failure ends the source."""
    cursor: str | None = "*"
    for page in range(MAX_PAGES):
        try:
            works, cursor = fetch(page, cursor)
        except FetchError as error:
            found.problems.append(str(error))
            return
        except FormatError as error:
            found.problems.append(f"{what}: page {page + 1}: the answer is malformed: {error}")
            return
        found.works += works
        if not works or cursor is None:
            return


def search(client: Client, bases: Bases, since: date, today: date, mailto: str = "") -> Found:
    """Every work the two sources list for the window, arXiv first."""
    found = Found()

    def arxiv_page(page: int, _cursor: str | None) -> tuple[list[Work], str | None]:
        url = arxiv_query_url(bases.arxiv, since, today, page * ARXIV_PAGE, ARXIV_PAGE)
        works, total = client.get(url, "arXiv", parse_arxiv, accept="application/atom+xml")
        return works, "next" if (page + 1) * ARXIV_PAGE < total else None

    def openalex_page(_page: int, cursor: str | None) -> tuple[list[Work], str | None]:
        url = openalex_search_url(bases.openalex, since, today, cursor or "*", OPENALEX_PAGE, mailto)
        return client.get(url, "OpenAlex", parse_openalex, accept="application/json")

    _pages("arXiv", found, arxiv_page)
    _pages("OpenAlex", found, openalex_page)
    return found


def clean(text: str) -> str:
    """API text for Markdown: no control characters, no markup that would render."""
    text = _CONTROL.sub(" ", text)
    return re.sub(r"([\\`*_\[\]<>|#])", r"\\\1", text).strip()


def _authors(work: Work) -> str:
    shown = [clean(a) for a in work.authors[:3]]
    return ", ".join(shown) + (" et al." if len(work.authors) > 3 else "") if shown else "authors not listed"


def _link(work: Work) -> str:
    label = f"arXiv:{work.arxiv}" if work.arxiv else f"doi:{work.doi}" if work.doi else "link"
    return f"[{clean(label)}](<{work.link}>)" if re.match(r"https?://\S+$", work.link) else clean(label)


def render_report(since: date, today: date, ranked: list[tuple[Work, Scored | None]],
                  known: list[tuple[Work, Known, str]], problems: list[str], model_line: str,
                  drafts: list[str], refused: list[str]) -> str:
    """The triage report (Markdown): the ranked candidates, what was dropped as known, and every problem."""
    lines = [f"# Triage report, {since} to {today}", "",
             f"Searched arXiv ({', '.join(ARXIV_CATEGORIES)}) and OpenAlex: {len(ranked) + len(known)} papers "
             f"found, {len(known)} already in the review or screened, {len(ranked)} to triage. {model_line}", ""]
    if problems:
        lines += ["**Not everything could be searched**; run again later:", ""]
        lines += [f"- {clean(problem)}" for problem in problems] + [""]
    if ranked:
        lines += ["| # | score | paper | why it scored |", "|---:|---:|---|---|"]
        for number, (work, scored) in enumerate(ranked, 1):
            when = str(work.published) if work.published else "no date"
            venue = f" · {clean(work.venue)}" if work.venue and work.venue != "arXiv" else ""
            paper = f"**{clean(work.title)}**<br>{_authors(work)} · {when}{venue} · {_link(work)}"
            score = f"{scored.score:.2f}" if scored else "n/a"
            terms = ", ".join(clean(t) for t in scored.terms) if scored and scored.terms else ""
            lines.append(f"| {number} | {score} | {paper} | {terms} |")
        lines.append("")
    else:
        lines += ["No new candidates.", ""]
    if drafts:
        lines += ["Draft entries written (fill the fields marked TODO, or delete the file and add the paper to "
                  "data/triage.yaml as excluded):", ""] + [f"- {clean(d)}" for d in drafts] + [""]
    if refused:
        lines += ["Drafts not written:", ""] + [f"- {clean(r)}" for r in refused] + [""]
    if known:
        lines += ["<details><summary>Already known</summary>", ""]
        lines += [f"- {clean(work.title)}: {clean(paper.where)} ({clean(how)})" for work, paper, how in known]
        lines += ["", "</details>", ""]
    return "\n".join(lines)


def _bibtex(work: Work, number: int) -> str:
    """A BibTeX snippet for `review add`, from what the API said."""
    def braced(text: str) -> str:
        return "{" + re.sub(r"[{}\\]", "", text).replace("&", r"\&").replace("%", r"\%") + "}"

    fields = {"title": work.title, "author": " and ".join(work.authors),
              "year": str(work.published.year) if work.published else ""}
    if work.arxiv:
        fields |= {"eprint": work.arxiv, "archiveprefix": "arXiv"}
    if work.doi:
        fields |= {"doi": work.doi, "journal": work.venue or ""}
    kind = "article" if work.doi and work.kind == "article" else "misc"
    body = ",\n".join(f"  {name} = {braced(value)}" for name, value in fields.items() if value)
    return f"@{kind}{{candidate{number},\n{body}\n}}\n"


def write_drafts(paths: Paths, works: list[Work], today: date) -> tuple[list[str], list[str]]:
    """Draft entries through `review add`'s code; (written paths, refusals)."""
    written, refused = [], []
    for number, work in enumerate(works, 1):
        try:
            target, _ = add_entry(paths, _bibtex(work, number), None, today)
        except (SnippetError, LookupError, FileExistsError) as error:
            refused.append(f"{work.title}: {error}")
            continue
        written.append(source_name(target, paths.root))
    return written, refused


def training_titles(paths: Paths, triage: Path | None = None) -> tuple[list[str], list[str], list[str]]:
    """(in-scope titles, out-of-scope titles, problems): entries and included papers vs exclusions."""
    screened, problems = load_triage(paths, triage)
    index = load_known(paths, [], "")
    positives = [paper.title for paper in index.papers]
    positives += [s.title for s in screened if s.decision == "included" and not s.entry]
    negatives = [s.title for s in screened if s.decision == "excluded"]
    return positives, negatives, [str(p) for p in problems]


def run_discover(paths: Paths, client: Client, bases: Bases, today: date, since: date | None, draft: int,
                 report: Path | None, mailto: str = "") -> int:
    """`review discover`. Exit 0 done; 1 when a source could not be searched (the report says which) or
    data/triage.yaml is invalid (nothing is searched); 2 for a --since after today."""
    screened, triage_problems = load_triage(paths)
    if triage_problems:
        print("".join(f"{p}\n" for p in triage_problems), end="", file=sys.stderr)
        return 1
    since = since or last_search(paths) or today.replace(day=1)
    if since > today:
        print(f"review discover: --since {since} is after today ({today})", file=sys.stderr)
        return 2
    found = search(client, bases, since, today, mailto)
    index = load_known(paths, screened, source_name(path_for_triage(paths), paths.root))
    new, known = [], []
    for work in merge_found(found.works):
        match = index.match(work)
        if match:
            known.append((work, *match))
        else:
            new.append(work)
    positives, negatives, _ = training_titles(paths)
    if negatives:
        model = Classifier(positives, negatives)
        scores: list[Scored | None] = list(model.score([w.title for w in new]))
        model_line = f"Ranked by a classifier trained on {len(positives)} entries and {len(negatives)} exclusions."
    else:
        scores = [None] * len(new)
        model_line = "Not ranked: data/triage.yaml holds no exclusions to learn from yet; newest first."
    ranked = sorted(zip(new, scores, strict=True), key=lambda pair: (-(pair[1].score if pair[1] else 0),
                                                                      -(pair[0].published or date.min).toordinal()))
    drafts, refused = write_drafts(paths, [w for w, _ in ranked[:draft]], today) if draft else ([], [])
    text = render_report(since, today, ranked, known, found.problems, model_line, drafts, refused)
    if report:
        report.parent.mkdir(parents=True, exist_ok=True)
        report.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    for problem in found.problems:
        print(f"review discover: warning: {_CONTROL.sub(' ', problem)}", file=sys.stderr)
    where = f"; report in {report}" if report else ""
    print(f"Found {len(ranked) + len(known)} papers since {since}: {len(ranked)} to triage, {len(known)} already "
          f"known, {len(drafts)} draft{'' if len(drafts) == 1 else 's'} written{where}.", file=sys.stderr)
    return 1 if found.problems else 0


def run_evaluate(paths: Paths, triage: Path | None = None) -> int:
    """`review discover --evaluate`: the classifier's precision and recall on a held-out part."""
    positives, negatives, problems = training_titles(paths, triage)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    try:
        print(evaluate(positives, negatives).line())
    except ValueError as error:
        print(f"review discover: cannot evaluate: {error}; screen more papers into data/triage.yaml",
              file=sys.stderr)
        return 1
    return 0

