"""Command line, run from the project folder: `python -m zonesites build|check|serve|serve-production|deploy|
rollback|save [--zone ID] [--lang CODE]`."""

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


def print_problems(speak: Voice, error: ProblemsError, heading) -> int:
    print("\n" + speak(heading) + "\n", file=sys.stderr)
    for problem in error.problems:
        print(speak.problem(problem), file=sys.stderr)
    return 1


def production(args):
    """Return the project's production settings, output folder, zones and the sites asked for."""
    from zonelib import zonefile  # noqa: PLC0415

    from .build import base_settings  # noqa: PLC0415

    root = Path.cwd()
    base = base_settings(root / "publishconf.py")
    zones = zonefile.load(root / "zones.yaml", root)
    output = args.output or root / base["OUTPUT_PATH"]
    return root, base, Path(output), zones, zones.sites(args.zone, args.lang)


def run_deploy(args) -> int:
    from . import deploy  # noqa: PLC0415

    speak = voice()

    def done(outcome) -> None:
        if outcome.unchanged:
            text = say("already live, nothing sent")
        elif args.dry_run:
            text = say_n("would send %(count)d file and remove %(removed)d", "would send %(count)d files and remove "
                         "%(removed)d", outcome.transferred, removed=outcome.deleted)
        else:
            text = say_n("%(count)d file sent, %(removed)d removed", "%(count)d files sent, %(removed)d removed",
                         outcome.transferred, removed=outcome.deleted)
            if outcome.release:
                text = say("%(done)s; release %(release)s is live", done=text, release=outcome.release)
        print(f"  {outcome.domain:<34} {outcome.where}: {speak(text)}", flush=True)
        for what, name in outcome.changes[:args.show]:
            print(f"      {'+' if what == 'copy' else '-'} {name}")
        if len(outcome.changes) > args.show:
            print("      " + speak(say_n("… and %(count)d more", "… and %(count)d more",
                                        len(outcome.changes) - args.show)))

    try:
        root, base, output, zones, sites = production(args)
        if args.command == "rollback":
            deploy.rollback(root, zones, sites, on_done=lambda o: print(
                f"  {o.domain:<34} {o.where}: " + speak(say("release %(release)s is live again",
                                                             release=o.release)), flush=True))
            return 0
        if args.dry_run:
            print(speak(say("Dry run: nothing is uploaded; what would change on each host:")), flush=True)
        deploy.deploy(root, output, base, zones, sites, dry=args.dry_run, on_done=done)
    except ProblemsError as error:
        return print_problems(speak, error, say_n("Nothing was uploaded: %(count)d problem:",
                                                  "Nothing was uploaded: %(count)d problems:", len(error.problems)))
    return 0


def run_serve_production(args) -> int:
    from .production import serve_production  # noqa: PLC0415

    speak = voice()
    try:
        _, _, output, zones, _ = production(args)
    except ProblemsError as error:
        return print_problems(speak, error, say_n("%(count)d problem:", "%(count)d problems:", len(error.problems)))
    if not any((output / site.domain).is_dir() for site in zones.sites()):
        print(speak(say("There is no production build in %(folder)s yet: run make publish first.",
                        folder=str(output))), file=sys.stderr)
        return 1
    return serve_production(output, zones, args.port, speak)


def run_save(args) -> int:
    from .save import save  # noqa: PLC0415

    speak = voice()
    try:
        files, failure = save(Path.cwd(), args.message or "", Path.cwd() / "pelicanconf.py")
    except ProblemsError as error:
        return print_problems(speak, error, say_n("Nothing was saved: %(count)d problem:",
                                                  "Nothing was saved: %(count)d problems:", len(error.problems)))
    if files:
        print(speak(say_n("Saved %(count)d changed file:", "Saved %(count)d changed files:", len(files))))
        for name in files:
            print(f"  {name}")
    if failure:
        print(speak(say("Your change is recorded on this computer, but %(why)s. Run make save again later to send "
                        "it.", why=failure)), file=sys.stderr)
        return 1
    print(speak(say("Sent to the shared repository: the sites will be published with it.")))
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
        if name == "serve":
            command.add_argument("--edit", action="store_true", help="also the browser editor, at /admin/")
    for name, text in (("deploy", "upload the production build of every domain to its host (deploy.yaml)"),
                       ("rollback", "switch every domain back to its release before the live one"),
                       ("serve-production", "serve output/publish as the hosts will, on http://<domain>.localhost")):
        command = commands.add_parser(name, help=text)
        command.add_argument("--zone", help="only this zone (an id from zones.yaml)")
        command.add_argument("--lang", help="only this language (fr or nl)")
        command.add_argument("--output", type=Path, help="the production output (default: output/publish)")
        if name == "deploy":
            command.add_argument("--dry-run", action="store_true", help="show what would change, upload nothing")
            command.add_argument("--show", type=int, default=20, help="files listed per domain by a dry run")
        if name == "serve-production":
            command.add_argument("--port", type=int, default=8080)
    command = commands.add_parser("save", help="check, then commit and push the changes of content and data files")
    command.add_argument("--message", "-m", help="what you changed, in a few words")
    args = parser.parse_args(argv)
    if args.command == "save":
        return run_save(args)
    if args.command in ("deploy", "rollback"):
        return run_deploy(args)
    if args.command == "serve-production":
        return run_serve_production(args)
    if args.command == "serve":
        from .serve import serve  # noqa: PLC0415

        return serve(Path.cwd() / "pelicanconf.py", zone=args.zone, lang=args.lang, output=args.output, port=args.port,
                     language=voice().lang, edit=args.edit)
    return run_build(args)


if __name__ == "__main__":
    sys.exit(main())
