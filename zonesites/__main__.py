"""Command line, run from the project folder: `python -m zonesites build|serve [--zone ID] [--lang CODE]`."""

from __future__ import annotations

import argparse
import sys
import tempfile
from contextlib import nullcontext
from pathlib import Path

from .build import build
from zonelib.problems import ProblemsError


def positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of at least 1")
    return int(text)


def _progress(result) -> None:
    print(f"  {result.domain:<34} {result.lang}  {result.pages:>4} pages  {result.seconds:5.1f} s"
          + ("  FAILED" if result.problems else ""), flush=True)


def run_build(args) -> int:
    conf = Path.cwd() / ("publishconf.py" if getattr(args, "publish", False) else "pelicanconf.py")
    checking = args.command == "check"
    try:
        with tempfile.TemporaryDirectory(prefix="zonesites-check-") if checking else nullcontext() as scratch:
            report = build(conf, output=Path(scratch) if checking else args.output, zone=args.zone, lang=args.lang,
                           progress=None if checking else _progress, jobs=args.jobs)
    except ProblemsError as error:
        print(f"\n{len(error.problems)} problem(s){'' if checking else '; the previous output is untouched'}:\n",
              file=sys.stderr)
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    if report.missing:
        print(f"\nMissing translations ({len(report.missing)}); visitors see a notice with a link instead:")
        for item in report.missing:
            print(f"  {item}")
    if checking:
        print(f"No problem in zones.yaml and the content of {len(report.sites)} sites ({report.pages} pages).")
        return 0
    done = ", ".join(f"{count} {what}{'' if count == 1 else 's'} {how}" for count, what, how in (
        (report.count("content files read"), "content file", "read"),
        (report.count("pages rendered"), "page", "rendered"),
        (report.count("images encoded"), "image variant", "encoded")))
    print(f"\nBuilt {len(report.sites)} sites, {report.pages} pages in {report.seconds:.1f} s. "
          f"Work done, the rest unchanged since the last build: {done}.")
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

        return serve(Path.cwd() / "pelicanconf.py", zone=args.zone, lang=args.lang, output=args.output, port=args.port)
    return run_build(args)


if __name__ == "__main__":
    sys.exit(main())
