"""The `review` command's arguments: one subparser per subcommand, each with its help and description
(tests/test_cli.py checks every subcommand has both). The chosen subcommand's name is `args.command`."""

from __future__ import annotations

import argparse
from datetime import date


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date YYYY-MM-DD") from None


def _count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of papers (0 or more)")
    return int(text)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="review", description="Validate the review's entries and build its website.")
    # Every command takes --today, before or after its name; SOURCE_DATE_EPOCH is read when it is not given.
    dated = argparse.ArgumentParser(add_help=False)
    dated.add_argument("--today", metavar="YYYY-MM-DD", default=argparse.SUPPRESS,
                       help="the date to treat as today (default: $SOURCE_DATE_EPOCH, else the real date)")
    top.add_argument("--today", metavar="YYYY-MM-DD", default=None, help=argparse.SUPPRESS)
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", parents=[dated],
                       help="check entries against the schema, the vocabularies and each other",
                       description="Check entries (files or folders; default entries/) and report every problem "
                       "as path:line:col: severity: field: message.")
    p.add_argument("paths", nargs="*", metavar="PATH", help="entry files or folders (default: entries/)")
    p.add_argument("--format", choices=["text", "github", "json", "markdown"], default="text",
                   help="text for people, github for workflow annotations, json for tools")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument("--summary", metavar="FILE", help="also append a Markdown table of problems to FILE "
                   "(for $GITHUB_STEP_SUMMARY)")

    p = sub.add_parser("build", parents=[dated],
                       help="validate, generate build/docs and build the site into build/site",
                       description="Load and check every entry, render pages, BibTeX, charts and data into "
                       "build/docs, then run mkdocs build --strict into build/site.")
    p.add_argument("--no-mkdocs", action="store_true", help="stop after generating build/docs")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")

    p = sub.add_parser("serve", parents=[dated],
                       help="live preview on 127.0.0.1:8000, regenerated when an entry changes",
                       description="Generate build/docs, serve it with mkdocs, and regenerate whenever a file "
                       "under entries/, data/ or docs/ changes.")
    p.add_argument("--addr", default="127.0.0.1:8000", help="address to serve on (default 127.0.0.1:8000)")

    p = sub.add_parser("bench", parents=[dated],
                       help="time the build against a plain mkdocs site, and the preview's latency",
                       description="On synthetic corpora of N entries: `review build` against the floor (a plain "
                       "mkdocs-material site of N paper pages out of the nav, built by `mkdocs build`) in the "
                       "same run, their ratio and peak memory, and `review serve`'s latency from saving an entry "
                       "to the page showing it. Prints medians.")
    p.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000], metavar="N")
    p.add_argument("--repeat", type=int, default=3, help="builds per size and kind; the median is reported")
    p.add_argument("--saves", type=int, default=5, help="entry saves timed in the preview (0: skip the preview)")

    p = sub.add_parser("add", parents=[dated],
                       help="create entries/<id>.yaml from a pasted BibTeX, RIS or CSL-JSON record",
                       description="Read one BibTeX entry (as arXiv, Google Scholar, DBLP, Zotero, a publisher or a "
                       "README exports it), RIS record or CSL-JSON item, fill "
                       "title, authors, year, venue, type, DOI and arXiv ID, mark the "
                       "fields to classify with TODO, write entries/<id>.yaml and print its path. Refuses a paper "
                       "already in the review and an existing file.")
    p.add_argument("file", nargs="?", metavar="FILE",
                   help="a .bib, .ris or .json file; '-' or nothing reads standard input")
    p.add_argument("--format", choices=["auto", "bibtex", "ris", "csl-json"], default="auto",
                   help="the input's format (default: recognised from its first characters)")
    p.add_argument("--id", help="the entry's id (default: proposed from the model's name or the first author)")

    p = sub.add_parser("new", parents=[dated],
                       help="create entries/<id>.yaml with every field and its allowed values",
                       description="Write a skeleton entry: every field of the schema, TODO where a value is "
                       "required, and a comment with the meaning and allowed values of each.")
    p.add_argument("id", metavar="ID", help="the entry's id: the model's name in lower case (medsam)")

    p = sub.add_parser("docs", parents=[dated],
                       help="regenerate what repeats the taxonomy: schema terms, issue forms, nav, field reference",
                       description="Rewrite, from data/vocab/: the axis properties of data/entry.schema.json and the "
                       "term lists of data/dataset.schema.json, the `# taxonomy:start` blocks of mkdocs.yml and of "
                       "the issue forms, and the field reference of CONTRIBUTING.md (with the validation rules).")
    p.add_argument("--check", action="store_true", help="only report, with file:line, what is out of date (exit 1)")

    p = sub.add_parser("links", parents=[dated],
                       help="check every external link of the entries and datasets",
                       description="Request every DOI, arXiv, code, weights and dataset address (HEAD, bounded) "
                       "and print a Markdown report; exit 1 when a link is broken. Hosts in "
                       "data/link-allowlist.yaml that refuse scripts are reported as blocked, not broken.")
    p.add_argument("--timeout", type=float, default=15.0, help="seconds per request (default 15)")
    p.add_argument("--workers", type=int, default=4, help="hosts checked at once (default 4)")
    p.add_argument("--budget", type=float, default=1500.0, help="seconds for the whole run (default 1500)")
    p.add_argument("--max-links", type=int, default=5000, help="check at most this many links")
    p.add_argument("--summary", metavar="FILE", help="also append the report to FILE ($GITHUB_STEP_SUMMARY)")
    p.add_argument("--allow-private-addresses", action="store_true", help=argparse.SUPPRESS)  # tests' local server
    p = sub.add_parser("discover", parents=[dated],
                       help="find new candidate papers and write a ranked triage report",
                       description="Search arXiv and OpenAlex for papers since mkdocs.yml's extra.last_search (or "
                       "--since), drop those already in entries/ or data/triage.yaml, rank the rest with a "
                       "classifier trained on the entries and the triage file's exclusions, and write a Markdown "
                       "report. API addresses come from ARXIV_API_URL, OPENALEX_URL and CROSSREF_URL. Exit 1 when "
                       "a source could not be searched (the report says which) or data/triage.yaml is invalid.")
    p.add_argument("--since", type=_day, metavar="DATE", help="search from this day (default: extra.last_search)")
    p.add_argument("--draft", type=_count, default=0, metavar="N", help="write draft entries for the top N candidates")
    p.add_argument("--report", metavar="FILE", help="write the report to FILE (default: standard output)")
    p.add_argument("--evaluate", action="store_true", help="only print the classifier's precision and recall "
                   "on a held-out part of the entries and exclusions")
    p.add_argument("--triage", metavar="FILE", help="with --evaluate: a triage file other than data/triage.yaml")
    p.add_argument("--timeout", type=float, default=20.0, help="seconds per request (default 20)")

    p = sub.add_parser("refresh", parents=[dated],
                       help="propose updates: published versions of preprints, dead or new links",
                       description="For every preprint entry look up a published version in OpenAlex and Crossref; "
                       "for every entry check code and weights and look for Hugging Face weights on the code page. "
                       "Prints the proposed changes as a unified diff; --apply writes them, keeping each file's "
                       "formatting and comments. checked is set to today only for entries re-verified. Exit 1 "
                       "when some facts could not be verified.")
    p.add_argument("--apply", action="store_true", help="write the changes into the entry files")
    p.add_argument("--report", metavar="FILE", help="also write a Markdown report to FILE")
    p.add_argument("--timeout", type=float, default=20.0, help="seconds per request (default 20)")
    return top
