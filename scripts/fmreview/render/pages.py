"""The site's own pages (papers, terms, datasets, docs/) as `Page`s, and the Jinja environment every template
is rendered in. Pure: the Site in, pages out (outputs.py renders them).

Entry text is data, never markup: every value goes through Jinja's HTML autoescaping inside raw HTML blocks
(which Markdown leaves alone), front-matter strings are JSON-quoted, and links are built from ids.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Hashable, Iterator
from functools import cache
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from ..load.site import Site
from ..load.triage import Screened
from ..model import RESERVED_IDS, Corpus, Paper
from .cite.citefiles import render_citations
from .highwire import citation_meta
from .htmlparts import heading, highlight_code
from .meta.stats import count_terms, year_span
from .outputs import Output, Page
from .pagecharts import add_year_chart
from .related import related_papers
from .writer import OutputError

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


def make_environment(site: Site) -> Environment:
    """The environment of every template: filters for safe Markdown and front matter, and the globals templates
    share (labels, vocabularies, datasets, licences, every paper's name for links)."""
    corpus = site.corpus
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

    env.globals.update(missing_facts=missing_facts, repo_url=site.config.repo_url)
    env.filters.update(urlencode_query=lambda pairs: urlencode(pairs, quote_via=quote))
    env.filters.update(meta=_meta, yaml_json=_yaml_json, md=_md, fence=_fence, join_authors=_join_authors,
                       highlight=highlight_code, host=lambda url: urlsplit(url).hostname or url)
    env.globals.update(heading=heading)
    link = Markup('<a href="{}{}/{}/" class="fm-term">{}</a>')

    def term_links(paper: Paper, axis: str, root: str) -> Markup:
        """A paper's terms on an axis, each linked to its page (a template macro did this at four times the cost)."""
        return Markup(", ").join(link.format(root, axis, term, label(axis, term)) for term in paper.terms(axis))

    env.globals.update(term_links=term_links)
    env.globals.update(label=label, labels=lambda axis, ids: ", ".join(label(axis, i) for i in ids),
                       dataset_use=dataset_use, axes=tuple(vocab), vocab=vocab, datasets=corpus.datasets,
                       base_models=corpus.base_models, licenses=corpus.licenses,
                       papers_by_id={p.id: p for p in corpus.papers})
    add_year_chart(env, corpus)  # the papers-per-year chart of term and dataset pages

    @cache  # a paper is a row of ten or more pages: its row is rendered once
    def paper_row(paper: Paper, root: str) -> Markup:
        return Markup(env.get_template("_paper_row.j2").render(p=paper, root=root).rstrip("\n"))

    env.globals.update(paper_row=paper_row)
    return env


def environment_epoch(site: Site) -> Hashable:
    """What the environment's globals hold, as one comparable value: a page's text depends on it besides its
    own context (see outputs.PageMemo)."""
    corpus = site.corpus
    return (tuple(corpus.vocabularies.items()), tuple(corpus.datasets.items()), tuple(corpus.base_models.items()),
            tuple(corpus.licenses.items()), site.config.repo_url, tuple((p.id, p.model) for p in corpus.papers),
            tuple(year_span(corpus.papers)))  # the span every papers-per-year chart is drawn on (pagecharts.py)


# Facts a reader or an author may still supply, as the "correct this entry" form lists them.
OPTIONAL_FACTS = (("input", "input kind"), ("code", "code repository"), ("weights", "weights link"),
                  ("weights_access", "weights access"), ("license", "code licence"),
                  ("weights_license", "weights licence"), ("parameters", "parameter count"),
                  ("pretraining_data", "pre-training data scale"), ("datasets", "datasets"),
                  ("builds_on", "models it builds on"), ("sources", "sources"))


def missing_facts(paper: Paper) -> list[str]:
    """The optional facts an entry does not state yet, as a reader would name them."""
    return [label for name, label in OPTIONAL_FACTS if not getattr(paper, name)]


def relations(corpus: Corpus) -> dict[str, list[tuple[Paper, str]]]:
    """Each paper's most related papers, with the reason (related.py remembers the last ranking)."""
    return related_papers(list(corpus.papers), names={d.id: d.name for d in corpus.datasets.values()})


def render_paper_pages(site: Site, env: Environment, only: frozenset[str] | None = None) -> Iterator[Output]:
    """Every paper's page, or those of the papers `only` names."""
    corpus = site.corpus
    related = relations(corpus)
    for paper in corpus.papers:
        if only is not None and paper.id not in only:
            continue
        if paper.id in RESERVED_IDS:  # validation refuses these ids with the same set
            raise OutputError(f"the id {paper.id!r} is reserved for the site's own pages")
        yield Page(f"papers/{paper.id}.md", "paper.md.j2", {
            "paper": paper, "related": related.get(paper.id, []), "citation_meta": citation_meta(paper),
            "bibtex": render_citations("bib", [paper])})


def render_term_pages(site: Site, env: Environment) -> Iterator[Output]:
    corpus = site.corpus
    counts = {axis: count_terms(corpus.papers, axis) for axis in corpus.vocabularies}
    for axis, vocab in corpus.vocabularies.items():
        yield Page(f"{axis}/index.md", "axis.md.j2", {"axis": axis, "vocab": vocab, "counts": counts[axis]})
        for term in vocab.terms:
            yield Page(f"{axis}/{term.id}.md", "term.md.j2", {
                "axis": axis, "vocab": vocab, "term": term, "papers": corpus.papers_with(axis, term.id)})
    yield Page("taxonomy.md", "taxonomy.md.j2", {"counts": counts})


def render_dataset_pages(site: Site, env: Environment) -> Iterator[Output]:
    corpus = site.corpus
    use: dict[str, tuple[int, int]] = {}
    for dataset in corpus.datasets.values():
        using = corpus.papers_using(dataset.id)
        pretrained = [p for p in using if dataset.id in p.pretraining_datasets]
        evaluated = [p for p in using if dataset.id in p.evaluation_datasets]
        use[dataset.id] = (len(pretrained), len(evaluated))
        yield Page(f"datasets/{dataset.id}.md", "dataset.md.j2",
                   {"dataset": dataset, "pretrained": pretrained, "evaluated": evaluated})
    ordered = sorted(corpus.datasets.values(), key=lambda d: (-sum(use[d.id]), d.name.casefold()))
    yield Page("datasets/index.md", "datasets.md.j2", {"datasets": ordered, "use": use})


def site_context(site: Site) -> dict[str, Any]:
    """Numbers and snippets that hand-written pages in docs/ may use, all computed from the entries."""
    corpus, today = site.corpus, site.today
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
        "triage": triage_counts(list(site.triage)),
        "picker": {axis: [(t.id, t.label) for t in corpus.vocabularies[axis].terms]
                   for axis in ("modalities", "input", "tasks") if axis in corpus.vocabularies},
        "review": {**site.config.extra, "repo_url": site.config.repo_url},
        "built": today.isoformat(),
        "contributing_guide": site.contributing,
        "citation": site.citation,
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


def render_docs(site: Site, env: Environment) -> Iterator[Output]:
    """Hand-written pages: Markdown goes through Jinja with the site's context (counts, latest additions, dates);
    everything else (CSS, JavaScript, images) is copied as it is."""
    context = site_context(site)
    for file in site.docs:
        yield Page(file.relative, context=context, source=file.text) if file.text is not None else \
            (file.relative, file.data or b"")
