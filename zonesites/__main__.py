"""Command line, run from the project folder: `python -m zonesites build|serve [--zone ID] [--lang CODE]`."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from contextlib import nullcontext
from pathlib import Path

from zonelib.messages import Voice, say, say_n
from zonelib.problems import ProblemsError

from .build import build

MESSAGES = "MESSAGES"  # the environment variable naming the staff's language


def positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of at least 1")
    return int(text)


def voice() -> Voice:
    """Return the voice of the command line: the language the MESSAGES environment variable names
    (fr, nl, or en for the code's English), French when it is not set."""
    return Voice(os.environ.get(MESSAGES, "fr"))


def progress(speak: Voice):
    """Return what prints a line per site as soon as it is built."""

    def line(result) -> None:
        pages = speak(say_n("%(count)d page", "%(count)d pages", result.pages))
        failed = speak(say("FAILED")) if result.problems else ""
        print(f"  {result.domain:<34} {result.lang}  {pages:>10}  {result.seconds:5.1f} s  {failed}".rstrip(),
              flush=True)

    return line


def run_build(args) -> int:
    conf = Path.cwd() / ("publishconf.py" if getattr(args, "publish", False) else "pelicanconf.py")
    checking, speak = args.command == "check", voice()
    try:
        with tempfile.TemporaryDirectory(prefix="zonesites-check-") if checking else nullcontext() as scratch:
            report = build(conf, output=Path(scratch) if checking else args.output, zone=args.zone, lang=args.lang,
                           progress=None if checking else progress(speak), jobs=args.jobs)
    except ProblemsError as error:
        count = len(error.problems)
        print("\n" + speak(say_n("%(count)d problem:", "%(count)d problems:", count) if checking else
                           say_n("%(count)d problem; the previous output is untouched:",
                                 "%(count)d problems; the previous output is untouched:", count)) + "\n",
              file=sys.stderr)
        for problem in error.problems:
            print(speak.problem(problem), file=sys.stderr)
        return 1
    if report.missing:
        print("\n" + speak(say_n("%(count)d missing translation; visitors see a notice with a link instead:",
                                 "%(count)d missing translations; visitors see a notice with a link instead:",
                                 len(report.missing))))
        for item in report.missing:
            print(f"  {item.source}: {speak(item.message)}")
    if checking:
        print(speak(say_n("No problem in zones.yaml and the content of the sites (%(count)d page).",
                          "No problem in zones.yaml and the content of the sites (%(count)d pages).", report.pages)))
        return 0
    done = ", ".join(speak(say_n(one, many, report.count(name))) for name, one, many in (
        ("content files read", "%(count)d content file read", "%(count)d content files read"),
        ("pages rendered", "%(count)d page rendered", "%(count)d pages rendered"),
        ("images encoded", "%(count)d image variant encoded", "%(count)d image variants encoded")))
    pages = say_n("%(count)d page", "%(count)d pages", report.pages)
    print("\n" + speak(say_n("Built %(count)d site, %(pages)s, in %(seconds).1f s. Work done, the rest unchanged "
                             "since the last build: %(done)s.", "Built %(count)d sites, %(pages)s, in %(seconds).1f "
                             "s. Work done, the rest unchanged since the last build: %(done)s.", len(report.sites),
                             pages=pages, seconds=report.seconds, done=done)))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m zonesites", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in (("build", "build the sites into output/<domain>/"),
                       ("check", "check zones.yaml and all content as a build does, writing nothing to output/"),
                       ("serve", "build, serve output/ on localhost and rebuild on every change")):
        command = commands.add_parser(name, help=text)
        command.add_argument("--zone", help="only this zone (an id from zones.yaml)")
        command.add_argument("--lang", help="only this language (fr or nl)")
        if name != "serve":
            command.add_argument("--jobs", type=positive, help="processes building sites at once (default: one per core)")
        if name != "check":
            command.add_argument("--output", type=Path, help="output folder (default: output/)")
        if name == "build":
            command.add_argument("--publish", action="store_true", help="absolute https:// URLs (publishconf.py)")
        else:
            command.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    if args.command == "serve":
        from .serve import serve  # noqa: PLC0415

        return serve(Path.cwd() / "pelicanconf.py", zone=args.zone, lang=args.lang, output=args.output, port=args.port,
                     language=voice().lang)
    return run_build(args)


if __name__ == "__main__":
    sys.exit(main())
