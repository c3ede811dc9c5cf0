"""Related papers: ranked by shared datasets and terms; a ranking reused between previews shows current records."""

from __future__ import annotations

from dataclasses import replace

from conftest import FIXTURES, TODAY, make_repo
from fmreview.load.corpus import load_corpus
from fmreview.render.related import related_papers


def test_a_reused_ranking_shows_the_current_records_and_a_changed_term_ranks_again(tmp_path) -> None:
    corpus, _ = load_corpus(make_repo(tmp_path, FIXTURES / "corpus"), today=TODAY)
    papers = list(corpus.papers)
    first = related_papers(papers)
    linked = next(pid for pid, pairs in first.items() if pairs)
    neighbour = first[linked][0][0]
    retitled = [replace(p, title="A new title") if p.id == neighbour.id else p for p in papers]
    again = related_papers(retitled)  # same terms and datasets: the ranking is reused...
    assert [o.id for o, _ in again[linked]] == [o.id for o, _ in first[linked]]
    assert again[linked][0][0].title == "A new title"  # ...with the record as it is now
    unrelated = [replace(p, modalities=("pet",), tasks=("generation",), pretraining_datasets=(),
                         evaluation_datasets=(), architecture=("gan",)) if p.id == neighbour.id else p
                 for p in papers]
    assert neighbour.id not in [o.id for o, _ in related_papers(unrelated)[linked]]
