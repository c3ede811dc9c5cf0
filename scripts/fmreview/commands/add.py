"""`review add`: a pasted BibTeX snippet (or a RIS or CSL-JSON record, read by intake/) → a new entry file,
entries/<id>.yaml.

Input: one BibTeX entry as arXiv, Google Scholar, DBLP, Zotero, a publisher's page or a model's README export
it. Output: a draft with the bibliographic fields filled (title, authors as "Family, Given" in Unicode, year,
venue, type, doi, arxiv) and TODO wherever a person must classify the paper; the draft passes validation once
those are filled. Nothing is written when the snippet is malformed, when the paper is already in the review,
or when the file exists.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from datetime import date
from pathlib import Path

from ..check.context import source_name
from ..check.corpus import title_key
from ..check.placeholders import PLACEHOLDER
from ..check.textrules import shown, value_problem
from ..config import Paths
from ..intake.drafts import Draft
from ..intake.importers import read_draft
from ..intake.skeleton import load_entry_schema, path_for_entry, render_entry_file
from ..intake.snippet import SnippetError
from ..load.vocab import load_vocabularies
from ..load.yamlfile import read_yaml
from ..model import RESERVED_IDS

MAX_ID = 60  # as the entry schema's id


class AlreadyInReview(LookupError):
    """The paper, or a file of that name, is already in the review."""


def slug(text: str) -> str:
    """'Pérez-García' → 'perez-garcia': accents dropped, runs of other characters made one hyphen."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.casefold()).strip("-")


_STOPWORDS = {"a", "an", "the", "of", "for", "and", "in", "on", "with", "to", "from", "towards", "via", "by"}


def propose_id(draft: Draft) -> str:
    """The model's name as a slug; failing that, the first author's family name and two title words."""
    if draft.model and slug(draft.model):
        return slug(draft.model)[:60].strip("-")
    family = slug(draft.authors[0].split(",")[0]) if draft.authors else ""
    words = [w for w in slug(draft.title or "").split("-") if w not in _STOPWORDS][:2]
    return "-".join(filter(None, [family, *words]))[:60].strip("-") or "new-paper"


def find_duplicates(draft: Draft, paths: Paths) -> list[str]:
    """Entries already in the review that are this paper: same DOI, arXiv ID or near-identical title.
    Read straight from the files, so an entry with other errors still counts."""
    found: list[str] = []
    for path in sorted(paths.entries.glob("*.yaml")) if paths.entries.is_dir() else []:
        doc, _ = read_yaml(path)
        data = doc.data if doc and isinstance(doc.data, dict) else {}
        reasons = []
        if draft.doi and str(data.get("doi", "")).casefold() == draft.doi.casefold():
            reasons.append(f"DOI {draft.doi}")
        if draft.arxiv and str(data.get("arxiv", "")) == draft.arxiv:
            reasons.append(f"arXiv ID {draft.arxiv}")
        titles = {title_key(str(data[k])) for k in ("title", "arxiv_title") if data.get(k)}
        if draft.title and title_key(draft.title) in titles:
            reasons.append("a near-identical title")
        if reasons:
            found.append(f"{source_name(path, paths.root)} has the same {' and '.join(reasons)}")
    return found


def add_entry(paths: Paths, text: str, entry_id: str | None, today: date,
              input_format: str = "auto") -> tuple[Path, Draft]:
    """Write entries/<id>.yaml from a snippet (BibTeX, RIS or CSL-JSON) and return its path. Raises SnippetError
    (malformed snippet), or AlreadyInReview (the paper or the file is already there)."""
    draft = read_draft(text, input_format)
    entry_id = entry_id or propose_id(draft)
    if len(entry_id) > MAX_ID or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", entry_id) or entry_id in RESERVED_IDS:
        raise SnippetError(f"'{shown(entry_id)}' is not a valid id: use at most {MAX_ID} lower-case letters, digits "
                           "and hyphens, not a name the site keeps for itself (the model's name, e.g. medsam)")
    schema = load_entry_schema(paths)
    for name, value in draft.values().items():
        for index, item in enumerate(value if isinstance(value, list) else [value]):
            if not isinstance(item, str):
                continue
            where = f"{name}" + (f" (item {index + 1})" if isinstance(value, list) else "")
            found = value_problem(item)
            if found:
                raise SnippetError(f"the {where} {found[1].replace('remove it', 'fix it in the snippet')}")
            spec = schema["properties"].get(name, {})
            limit = (spec.get("items", {}) if isinstance(value, list) else spec).get("maxLength")
            if limit and len(item) > limit:
                raise SnippetError(f"the {where} is {len(item):,} characters; an entry allows at most {limit}")
    duplicates = find_duplicates(draft, paths)
    if duplicates:
        raise AlreadyInReview("this paper is already in the review: " + "; ".join(duplicates)
                          + ". Update that entry instead (one paper, one entry: a preprint and its published "
                          "version share one)")
    target = path_for_entry(paths, entry_id)
    if target.exists():
        raise AlreadyInReview(f"{source_name(target, paths.root)} already exists and holds another paper; "
                              f"choose another id with --id (the model's name)")
    vocabularies, _ = load_vocabularies(paths)
    values = {"id": entry_id, **draft.values(), "added": today.isoformat(), "checked": today.isoformat()}
    skip = {"arxiv_title", "doi", "url"} | ({"arxiv"} if draft.doi or draft.url else set())
    content = render_entry_file(values, schema, vocabularies, draft.notes, skip=skip)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8") as out:  # "x": never overwrite, even in a race
            out.write(content)
    except FileExistsError:
        shown_target = source_name(target, paths.root)
        raise AlreadyInReview(f"{shown_target} already exists; choose another id with --id") from None
    return target, draft


def run_add(paths: Paths, text: str, entry_id: str | None, today: date, input_format: str = "auto") -> int:
    """`review add`: write the entry, print its path on standard output and what is left to do on standard
    error. Exit 0 written; 1 refused (malformed snippet, paper already in the review, file exists)."""
    try:
        target, draft = add_entry(paths, text, entry_id, today, input_format)
    except (SnippetError, AlreadyInReview) as error:
        print(f"review add: {shown(str(error), 2000)}", file=sys.stderr)
        return 1
    written = source_name(target, paths.root)
    print(written)
    todo = _placeholder_fields(target)
    if not entry_id and not draft.model:
        print(f"The id '{target.stem}' comes from the first author and the title; an entry's id is the model's "
              f"name: rerun with --id NAME, or rename the file and its id.", file=sys.stderr)
    if "others" in draft.authors:
        print("The snippet's author list ends in 'and others': list every author from the paper's page.",
              file=sys.stderr)
    print(f"Fill the {len(todo)} fields marked TODO ({', '.join(todo)}); the comment above each lists its "
          f"allowed values. Then run: review validate {written}", file=sys.stderr)
    return 0


def _placeholder_fields(path: Path) -> list[str]:
    doc, _ = read_yaml(path)
    data = doc.data if doc and isinstance(doc.data, dict) else {}
    return [name for name, value in data.items()
            if value == PLACEHOLDER or PLACEHOLDER in (value if isinstance(value, list) else [])
            or (isinstance(value, dict) and any(PLACEHOLDER in v for v in value.values() if isinstance(v, list)))]
