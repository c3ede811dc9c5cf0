"""`review refresh`: keep the entries' facts current.

For every preprint entry, look up a published version (OpenAlex by arXiv ID, then by title; Crossref by the
preprint DOI's `is-preprint-of` relation, then by title) and propose venue, year, type, DOI and title (the old
title kept as `arxiv_title`). For every entry, check that `code` and `weights` still resolve, and whether a code
repository with no weights field now links a Hugging Face model. Changes are printed as a unified diff of the
entry files; --apply edits the lines in place. `checked` is set to today only for an entry whose lookups all
answered and whose links all resolved: the facts that were re-verified.
"""

from __future__ import annotations

import difflib
import re
import sys
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from ..check.context import source_name
from ..check.corpus import title_key
from ..config import Paths
from ..intake.skeleton import load_entry_schema
from ..intake.sources import (
    FormatError,
    Work,
    crossref_doi_url,
    crossref_title_url,
    openalex_title_url,
    parse_crossref,
    parse_openalex,
)
from ..intake.yamledit import EditError, edit_fields
from ..load.yamlfile import read_yaml
from ..net import Bases, Client, FetchError

SIMILAR = 0.9
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_HF_PAGES = r"/(?!datasets/|spaces/|papers/|docs/|blog/|models\b)([\w.-]+/[\w.-]+)"  # a model page: org/name


@dataclass
class Review:
    """What refresh found for one entry."""

    name: str  # entries/<id>.yaml
    changes: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # proposals and findings, for the report
    problems: list[str] = field(default_factory=list)  # what could not be verified
    looked_up: int = 0  # facts actually checked against a source (a lookup that answered, a link requested)
    verified: bool = False


def _alike(a: str, b: str) -> bool:
    return SequenceMatcher(None, title_key(a), title_key(b), autojunk=False).ratio() >= SIMILAR


def _family(author: str) -> str:
    return title_key(author.split(",")[0] if "," in author else author.split()[-1] if author.split() else "")


def _published(works: list[Work], title: str, first_author: str | None, by_id: bool) -> Work | None:
    """The first work that is a published (non-preprint) version: same paper by ID, or a near-identical title
    with the same first author's family name."""
    for work in works:
        if work.is_preprint or work.kind not in ("article", "inproceedings") or not work.doi or not work.venue \
                or not work.published:
            continue
        if by_id:
            return work
        same_author = not first_author or not work.authors or _family(work.authors[0]) == _family(first_author)
        if _alike(work.title, title) and same_author:
            return work
    return None


def _lookup(client: Client, what: str, url: str, parse: Any) -> list[Work] | None:
    """Works from one API answer; [] for 404 (no such work); raises FetchError / FormatError otherwise."""
    response = client.request(url, what, accept="application/json")
    if response.status == 404:
        return []
    if not 200 <= response.status < 300:
        raise FetchError(f"{what}: {url}: HTTP {response.status}")
    return parse(response.text())[0]


def find_published(client: Client, bases: Bases, data: dict[str, Any]) -> Work | None:
    """A published version of a preprint entry, or None; raises FetchError / FormatError when a source fails."""
    title, authors = str(data.get("title", "")), data.get("authors") or []
    first = str(authors[0]) if authors else None
    if data.get("arxiv"):
        works = _lookup(client, "OpenAlex", f"{bases.openalex}/works/doi:10.48550/arXiv.{data['arxiv']}",
                        parse_openalex)
        found = _published(works or [], title, first, by_id=True)
        if found:
            return found
    if data.get("doi"):
        response = client.request(crossref_doi_url(bases.crossref, str(data["doi"])), "Crossref")
        if response.status == 200:
            _, relation = parse_crossref(response.text())
            targets = [r.get("id") for r in relation.get("is-preprint-of") or []
                       if isinstance(r, dict) and r.get("id-type") == "doi"]
            for target in targets[:1]:
                works = _lookup(client, "Crossref", crossref_doi_url(bases.crossref, str(target)), parse_crossref)
                found = _published(works or [], title, first, by_id=True)
                if found:
                    return found
    for what, url, parse in (("OpenAlex", openalex_title_url(bases.openalex, title), parse_openalex),
                             ("Crossref", crossref_title_url(bases.crossref, title), parse_crossref)):
        found = _published(_lookup(client, what, url, parse) or [], title, first, by_id=False)
        if found:
            return found
    return None


def propose_published(data: dict[str, Any], work: Work) -> dict[str, Any]:
    """The entry's fields for its published version."""
    changes: dict[str, Any] = {"venue": work.venue, "year": work.published.year if work.published else None,
                               "type": work.kind, "doi": work.doi}
    if work.title and title_key(work.title) != title_key(str(data.get("title", ""))):
        changes["title"] = work.title
        if data.get("arxiv") and not data.get("arxiv_title"):
            changes["arxiv_title"] = data.get("title")
    return {k: v for k, v in changes.items() if v is not None and data.get(k) != v}


def check_links(client: Client, bases: Bases, data: dict[str, Any], review: Review) -> None:
    """code and weights resolve; a code page that links a Hugging Face model proposes `weights`."""
    for name in ("code", "weights"):
        if isinstance(data.get(name), str):
            ok, detail = client.check(data[name], name)
            review.looked_up += 1
            if not ok:
                review.problems.append(f"{name} {data[name]} does not resolve: {detail}")
    code = data.get("code")
    if isinstance(code, str) and not data.get("weights") and not review.problems:
        try:
            page = client.get(code, "code page", str, accept="text/html")
        except FetchError as error:
            review.problems.append(str(error))
            return
        found = re.search(re.escape(bases.huggingface) + _HF_PAGES, page)
        if found:
            weights = f"{bases.huggingface}/{found.group(1).rstrip('.')}"
            ok, detail = client.check(weights, "weights")
            if ok:
                review.changes["weights"] = weights
                review.notes.append(f"the code page now links weights: {weights}")
            else:
                review.notes.append(f"the code page links {weights}, which does not resolve ({detail})")


def review_entry(client: Client, bases: Bases, path: Path, root: Path) -> Review:
    review = Review(source_name(path, root))
    doc, problems = read_yaml(path, review.name)
    if doc is None or not isinstance(doc.data, dict):
        review.problems += [str(p) for p in problems] or [f"{review.name}: not a mapping of fields"]
        return review
    data = doc.data
    if data.get("type") == "preprint":
        try:
            work = find_published(client, bases, data)
        except FetchError as error:
            review.problems.append(str(error))
        except FormatError as error:
            review.problems.append(f"looking up a published version: the answer is malformed: {error}")
        else:
            review.looked_up += 1
            if work:
                review.changes |= propose_published(data, work)
                review.notes.append(f"published: {work.venue} {work.published.year if work.published else ''}, "
                                    f"doi:{work.doi} (from {work.source})")
    check_links(client, bases, data, review)
    review.verified = review.looked_up > 0 and not review.problems
    return review


def run_refresh(paths: Paths, client: Client, bases: Bases, today: date, apply: bool,
                report: Path | None = None) -> int:
    """`review refresh`: print the diff (and apply it); exit 0 all verified, 1 some facts could not be."""
    order = list(load_entry_schema(paths)["properties"])
    reviews, diffs = [], []
    for path in sorted(paths.entries.glob("*.yaml")):
        review = review_entry(client, bases, path, paths.root)
        reviews.append(review)
        if review.verified:
            review.changes["checked"] = today.isoformat()
        text = path.read_text(encoding="utf-8")
        try:
            changes = {k: v for k, v in sorted(review.changes.items(), key=lambda kv: order.index(kv[0]))}
            new = edit_fields(text, changes, order) if changes else text
        except (EditError, ValueError) as error:
            review.problems.append(f"{review.name}: cannot edit in place: {error}")
            continue
        if new != text:
            diffs.append("".join(difflib.unified_diff(text.splitlines(True), new.splitlines(True),
                                                      f"a/{review.name}", f"b/{review.name}")))
            if apply:
                path.write_text(new, encoding="utf-8")
    diff = "".join(diffs)
    sys.stdout.write(diff)
    problems = [f"{r.name}: {p}" for r in reviews for p in r.problems]
    for problem in problems:
        print(f"review refresh: warning: {_CONTROL.sub(' ', problem)}", file=sys.stderr)
    verified = sum(r.verified for r in reviews)
    proposed = sum(bool(set(r.changes) - {"checked"}) for r in reviews)
    failed = sum(bool(r.problems) for r in reviews)
    summary = (f"Refreshed {len(reviews)} entries: {proposed} with proposed changes, {verified} re-verified "
               f"(checked set to {today}), {failed} not verified, {len(reviews) - verified - failed} with nothing "
               "to check (no preprint, code or weights)"
               f"{'; changes written' if apply and diff else ''}.")
    print(summary, file=sys.stderr)
    if report:
        report.parent.mkdir(parents=True, exist_ok=True)
        report.write_text(render_refresh_report(summary, reviews, diff), encoding="utf-8")
    return 1 if problems else 0


def render_refresh_report(summary: str, reviews: list[Review], diff: str) -> str:
    lines = ["# Refresh report", "", summary, ""]
    notes = [(r.name, n) for r in reviews for n in r.notes if not n.startswith(("code ", "weights "))]
    problems = [(r.name, p) for r in reviews for p in r.problems]
    if notes:
        lines += ["Proposed:", ""] + [f"- `{name}`: {note}" for name, note in notes] + [""]
    if problems:
        lines += ["Could not be verified (`checked` left as it was):", ""]
        lines += [f"- `{name}`: {problem.replace('`', chr(39))}" for name, problem in problems] + [""]
    if diff:
        lines += ["<details><summary>Diff</summary>", "", "```diff", diff.rstrip("\n"), "```", "", "</details>", ""]
    return "\n".join(lines)
