"""The `review` command: parse arguments (arguments.py), call one function, return an exit code.

Exit codes: 0 valid (or done), 1 invalid entries, 2 usage or environment error, or an internal error (a bug
in `review`, never the entries' fault: one line saying so and where to report it, no traceback).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import config
from .arguments import parser
from .clock import ClockError, resolve_today

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A problem with how `review` was called or with the environment: exit 2, no traceback."""


def _paths() -> config.Paths:
    root = config.find_root()
    if root is None:
        raise UsageError("not inside the review's repository (no mkdocs.yml and data/vocab/ found above "
                         f"{Path.cwd()}); run review from the checkout")
    return config.Paths(root)


def cmd_validate(args: argparse.Namespace) -> int:
    from .check.report import FORMATS, format_markdown, promote_warnings, summary_line
    from .load.corpus import count_entry_files, load_corpus

    paths = _paths()
    targets = [Path(t) for t in args.paths] or None
    for target in targets or []:
        if not target.exists():
            raise UsageError(f"no such file or folder: {target}")
    if targets is None:  # the whole review: the triage file and the templates of docs/ too
        from .load.site import load_site

        problems = load_site(paths, today=args.today)[1]
    else:
        problems = load_corpus(paths, targets, today=args.today)[1]
    if args.strict:
        problems = promote_warnings(problems)
    sys.stdout.write(FORMATS[args.format](problems))
    if args.summary:
        with Path(args.summary).open("a", encoding="utf-8") as summary:
            summary.write(format_markdown(problems))
    print(summary_line(count_entry_files(paths, targets), problems), file=sys.stderr)
    return EXIT_INVALID if any(p.severity == "error" for p in problems) else EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    from .commands.build import build_site

    return build_site(_paths(), run_mkdocs_too=not args.no_mkdocs, strict=args.strict, today=args.today)


def cmd_serve(args: argparse.Namespace) -> int:
    from .commands.serve import serve

    return serve(_paths(), args.addr, args.today)


def cmd_bench(args: argparse.Namespace) -> int:
    from .commands.bench import run_benchmark

    return run_benchmark(_paths(), args.sizes, args.repeat, args.saves)


def cmd_add(args: argparse.Namespace) -> int:
    from .commands.add import run_add

    paths = _paths()
    if args.file in (None, "-"):
        raw = sys.stdin.buffer.read()
    elif not Path(args.file).is_file():
        raise UsageError(f"no such file: {args.file}")
    else:
        raw = Path(args.file).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UsageError(f"{args.file or 'standard input'} is not UTF-8 text (byte {error.start})") from None
    return run_add(paths, text, args.id, args.today, args.format)


def cmd_new(args: argparse.Namespace) -> int:
    from .intake.skeleton import run_new

    return run_new(_paths(), args.id, args.today)


def cmd_docs(args: argparse.Namespace) -> int:
    from .commands.taxonomy_files import run_docs

    return run_docs(_paths(), check_only=args.check)


def cmd_links(args: argparse.Namespace) -> int:
    from .commands.links import Settings, run_links

    settings = Settings(timeout=args.timeout, workers=args.workers, budget=args.budget, max_links=args.max_links,
                        allow_private=args.allow_private_addresses)
    return run_links(_paths(), settings, Path(args.summary) if args.summary else None, today=args.today)


def _client(paths: config.Paths, args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from .net import client_from_env

    return client_from_env(paths.root, args.today, args.timeout)


def cmd_discover(args: argparse.Namespace) -> int:
    import os

    from .commands.discover import run_discover, run_evaluate

    paths = _paths()
    if args.evaluate:
        return run_evaluate(paths, Path(args.triage) if args.triage else None)
    client, bases = _client(paths, args)
    return run_discover(paths, client, bases, args.today, args.since, args.draft,
                        Path(args.report) if args.report else None, os.environ.get("REVIEW_MAILTO", ""))


def cmd_refresh(args: argparse.Namespace) -> int:
    from .commands.refresh import run_refresh

    paths = _paths()
    client, bases = _client(paths, args)
    return run_refresh(paths, client, bases, args.today, args.apply,
                       Path(args.report) if args.report else None)


COMMANDS = {
    "validate": cmd_validate,
    "build": cmd_build,
    "serve": cmd_serve,
    "bench": cmd_bench,
    "add": cmd_add,
    "new": cmd_new,
    "docs": cmd_docs,
    "links": cmd_links,
    "discover": cmd_discover,
    "refresh": cmd_refresh,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        args.today = resolve_today(args.today)
        return COMMANDS[args.command](args)
    except ClockError as error:
        print(f"review: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except UsageError as error:
        print(f"review: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # a bug: say so on one line, never a traceback, never exit 1 (invalid entries)
        print(internal_error_line(error), file=sys.stderr)
        return EXIT_USAGE


def internal_error_line(error: BaseException) -> str:
    """One line for a bug: what failed, where in the code, and where to report it."""
    from traceback import extract_tb

    from .check.textrules import shown

    frames = extract_tb(error.__traceback__)
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return (f"review: internal error: {type(error).__name__}{where}: {shown(error, 200)} (a bug in review, not a "
            f"problem with your entries); please report it at {config.ISSUES_URL}")


if __name__ == "__main__":
    sys.exit(main())
