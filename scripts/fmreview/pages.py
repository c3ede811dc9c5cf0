"""Render the site's Markdown pages from the complete corpus. Pure: records in, (path, text) out.

Entry text is data, never markup: every value goes through Jinja's HTML autoescaping inside raw HTML blocks
(which Markdown leaves alone), front-matter strings are JSON-quoted, and links are built from ids.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined, TemplateError
from markupsafe import Markup

from .citefiles import render_citations
from .explorer import render_explorer
from .highwire import citation_meta
from .model import RESERVED_IDS, Corpus, Paper
from .related import related_papers
from .stats import count_terms
from .triage import Screened
from .writer import OutputError


class DocsError(Exception):
    """A hand-written page in docs/ is not a valid template (for example an unescaped `{{`)."""


_NOT_YAML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def _meta(text: str) -> Markup:
    """A front-matter string: HTML-escaped (themes print it raw into <title>) and JSON-quoted (valid YAML).
    Characters YAML may not hold raw (DEL, C1) are written as escapes, or mkdocs would drop the front matter
    (validation refuses them; the page holds even so)."""
    quoted = json.dumps(html.escape(" ".join(str(text).split()), quote=True), ensure_ascii=False)
    return Markup(_NOT_YAML.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted))


def _yaml_json(value: object) -> Markup:
    """A front-matter value written as JSON (valid YAML), not HTML-escaped: the theme escapes it where used."""
    return Markup(json.dumps(value, ensure_ascii=False))


def _md(text: str) -> Markup:
    """Plain text made safe for a Markdown heading: HTML-escaped and Markdown punctuation backslashed."""
    return Markup(re.sub(r"([\\`*_{}\[\]()#+\-.!|<>:~])", r"\\\1", html.escape(str(text), quote=False)))


def _fence(text: str, language: str = "") -> Markup:
    """A fenced code block whose fence is longer than any backtick run inside, so the text cannot close it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return Markup(f"{fence}{language}\n{text.rstrip(chr(10))}\n{fence}")  # keeps RIS's "ER  - "


def _join_authors(authors: tuple[str, ...]) -> str:
    def given_first(name: str) -> str:
        family, _, given = name.partition(", ")
        return f"{given} {family}".strip() if given else family
    names = ["et al." if a == "others" else given_first(a) for a in authors]
    return ", ".join(names)


def make_environment(corpus: Corpus) -> Environment:
    env = Environment(
        loader=PackageLoader("fmreview", "templates"), autoescape=True, undefined=StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    vocab = corpus.vocabularies

    def label(axis: str, term_id: str) -> str:
        term = vocab[axis].get(term_id)
        return term.label if term else term_id

    def dataset_use(paper: Paper, dataset_id: str) -> str:
        uses = [name for name, ids in (("pre-training", paper.pretraining_datasets),
                                        ("evaluation", paper.evaluation_datasets)) if dataset_id in ids]
        return " and ".join(uses)

    env.globals.update(missing_facts=missing_facts, repo_url="")
    env.filters.update(urlencode_query=lambda pairs: urlencode(pairs, quote_via=quote))
    env.filters.update(meta=_meta, yaml_json=_yaml_json, md=_md, fence=_fence, join_authors=_join_authors,
                       host=lambda url: urlsplit(url).hostname or url)
    env.globals.update(label=label, labels=lambda axis, ids: ", ".join(label(axis, i) for i in ids),
                       dataset_use=dataset_use, axes=tuple(vocab), vocab=vocab, datasets=corpus.datasets,
                       base_models=corpus.base_models, licenses=corpus.licenses,
                       papers_by_id={p.id: p for p in corpus.papers})
    return env


# Facts a reader or an author may still supply, as the "correct this entry" form lists them.
OPTIONAL_FACTS = (("input", "input kind"), ("code", "code repository"), ("weights", "weights link"),
                  ("weights_access", "weights access"), ("license", "code licence"),
                  ("weights_license", "weights licence"), ("parameters", "parameter count"),
                  ("pretraining_data", "pre-training data scale"), ("datasets", "datasets"),
                  ("builds_on", "models it builds on"), ("sources", "sources"))


def missing_facts(paper: Paper) -> list[str]:
    """The optional facts an entry does not state yet, as a reader would name them."""
    return [label for name, label in OPTIONAL_FACTS if not getattr(paper, name)]


def _root(url: str) -> str:
    """Relative prefix from a page's URL folder back to the site root ('papers/medsam/' → '../../')."""
    return "../" * url.count("/")


def render_paper_pages(env: Environment, corpus: Corpus) -> Iterator[tuple[str, str]]:
    template = env.get_template("paper.md.j2")
    related = related_papers(list(corpus.papers), names={d.id: d.name for d in corpus.datasets.values()})
    for paper in corpus.papers:
        if paper.id in RESERVED_IDS:  # validation refuses these ids with the same set
            raise OutputError(f"the id {paper.id!r} is reserved for the site's own pages")
        cite = {name: render_citations(extension, [paper]) for extension, name in
                (("bib", "bibtex"), ("ris", "ris"), ("json", "csl"))}
        yield f"papers/{paper.id}.md", template.render(paper=paper, root=_root(f"papers/{paper.id}/"),
                                                      related=related.get(paper.id, []),
                                                      citation_meta=citation_meta(paper), **cite)


def render_term_pages(env: Environment, corpus: Corpus) -> Iterator[tuple[str, str]]:
    term_template, axis_template = env.get_template("term.md.j2"), env.get_template("axis.md.j2")
    counts = {axis: count_terms(corpus.papers, axis) for axis in corpus.vocabularies}
    for axis, vocab in corpus.vocabularies.items():
        yield f"{axis}/index.md", axis_template.render(axis=axis, vocab=vocab, counts=counts[axis],
                                                       root=_root(f"{axis}/"))
        for term in vocab.terms:
            yield f"{axis}/{term.id}.md", term_template.render(
                axis=axis, vocab=vocab, term=term, papers=corpus.papers_with(axis, term.id),
                root=_root(f"{axis}/{term.id}/"))
    yield "taxonomy.md", env.get_template("taxonomy.md.j2").render(counts=counts, root="../")


def render_dataset_pages(env: Environment, corpus: Corpus) -> Iterator[tuple[str, str]]:
    template = env.get_template("dataset.md.j2")
    use: dict[str, tuple[int, int]] = {}
    for dataset in corpus.datasets.values():
        pretrained = [p for p in corpus.papers if dataset.id in p.pretraining_datasets]
        evaluated = [p for p in corpus.papers if dataset.id in p.evaluation_datasets]
        use[dataset.id] = (len(pretrained), len(evaluated))
        yield f"datasets/{dataset.id}.md", template.render(
            dataset=dataset, pretrained=pretrained, evaluated=evaluated, root=_root(f"datasets/{dataset.id}/"))
    ordered = sorted(corpus.datasets.values(), key=lambda d: (-sum(use[d.id]), d.name.casefold()))
    yield "datasets/index.md", env.get_template("datasets.md.j2").render(datasets=ordered, use=use,
                                                                         root=_root("datasets/"))


def render_papers_index(env: Environment, corpus: Corpus) -> Iterator[tuple[str, str]]:
    """The papers explorer: its page (a complete table) and the data its script filters (see explorer.py)."""
    yield from render_explorer(env, corpus, root=_root("papers/"))


def site_context(corpus: Corpus, extra: dict[str, Any], today: date) -> dict[str, Any]:
    """Numbers and snippets that hand-written pages in docs/ may use, all computed from the entries."""
    papers = corpus.papers
    latest = sorted(papers, key=lambda p: (p.added, p.year, p.id), reverse=True)[:8]
    return {
        "stats": {
            "papers": len(papers),
            "datasets": len(corpus.datasets),
            "vision_only": sum(p.category == "vision-only" for p in papers),
            "vision_language": sum(p.category == "vision-language" for p in papers),
            "with_code": sum(bool(p.code) for p in papers),
            "with_weights": sum(bool(p.weights) for p in papers),
            "first_year": min((p.year for p in papers), default=today.year),
            "last_year": max((p.year for p in papers), default=today.year),
        },
        "latest": latest,
        "evidence": evidence_map(corpus),
        "triage": triage_counts(extra.get("triage") or []),
        "picker": {axis: [(t.id, t.label) for t in corpus.vocabularies[axis].terms]
                   for axis in ("modalities", "input", "tasks") if axis in corpus.vocabularies},
        "review": extra,
        "built": today.isoformat(),
    }


def triage_counts(items: list[Screened]) -> dict[str, Any]:
    """PRISMA-style counts of the screened candidates (data/triage.yaml): screened, included, excluded by reason.
    A paper screened twice (a preprint and its published version) counts once, by its latest decision."""
    latest = {str(i.arxiv or i.doi or i.title).casefold(): i for i in items}
    decided = list(latest.values())
    excluded = [i for i in decided if i.decision == "excluded"]
    reasons = Counter(i.reason for i in excluded)
    return {"screened": len(decided), "included": sum(i.decision == "included" for i in decided),
            "excluded": len(excluded), "reasons": sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0]))}


def evidence_map(corpus: Corpus) -> dict[str, Any]:
    """Modality × task: how many papers evaluate each task on each modality (a paper counts in every cell its
    terms span). The home page links each count to the explorer filtered to that cell."""
    modalities, tasks = corpus.vocabularies["modalities"].terms, corpus.vocabularies["tasks"].terms
    cells = {(m.id, t.id): 0 for m in modalities for t in tasks}
    for paper in corpus.papers:
        for m in paper.modalities:
            for t in paper.tasks:
                cells[(m, t)] = cells.get((m, t), 0) + 1
    rows = [(m, [(t, cells[(m.id, t.id)]) for t in tasks]) for m in modalities]
    return {"tasks": tasks, "rows": rows, "most": max(cells.values(), default=0)}


def render_docs(env: Environment, docs: Path, context: dict[str, Any]) -> Iterator[tuple[str, str | bytes]]:
    """Hand-written pages: Markdown goes through Jinja with `context` (counts, latest additions, dates);
    everything else (CSS, JavaScript, images) is copied as it is."""
    for path in sorted(docs.rglob("*")):
        if not path.is_file():
            continue
        relative = path.relative_to(docs).as_posix()
        if path.suffix == ".md":
            url = "" if relative == "index.md" else relative.removesuffix(".md").removesuffix("/index") + "/"
            try:
                template = env.from_string(path.read_text(encoding="utf-8"))
                yield relative, template.render(root=_root(url), **context)
            except TemplateError as error:
                line = getattr(error, "lineno", None) or 1
                raise DocsError(f"docs/{relative}:{line}: error: template: {error}") from None
        else:
            yield relative, path.read_bytes()
