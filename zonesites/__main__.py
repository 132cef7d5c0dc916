"""Command line, run from the project folder: `python -m zonesites build|check|facts|serve|serve-production|deploy|
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
from zonelib.settings import ZONES_DATA

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


def print_findings(speak: Voice, report) -> None:
    """Print the pages published without their twin and what is still to finish (not problems)."""
    declared = [item for item in report.missing if not item.pending]
    pending = [item for item in report.missing if item.pending]
    for items, heading in (
            (declared, say_n("%(count)d missing translation; visitors see a notice with a link instead:",
                             "%(count)d missing translations; visitors see a notice with a link instead:",
                             len(declared))),
            (pending, say_n("%(count)d translation pending: the preview shows a notice instead, `make publish` "
                            "refuses it until its file exists (or the page says 'untranslated: true'):",
                            "%(count)d translations pending: the preview shows a notice instead, `make publish` "
                            "refuses them until their files exist (or the pages say 'untranslated: true'):",
                            len(pending)))):
        if items:
            print("\n" + speak(heading))
            for item in items:
                print(f"  {item.source}: {speak(item.message)}")
    if report.warnings:
        print("\n" + speak(say_n("%(count)d thing to finish (the preview shows it on its page; `make publish` "
                                 "refuses it):", "%(count)d things to finish (the preview shows them on their "
                                 "pages; `make publish` refuses them):", len(report.warnings))))
        for warning in report.warnings:
            print("  " + speak.problem(warning))


SHOWN = 5  # interface sentences listed after a build; `make translations` lists them all


def print_translations(speak: Voice, report, every: bool) -> None:
    """Print the pages that may be out of date and the interface sentences without translation."""
    state = report.translations
    if state.behind:
        print("\n" + speak(say_n("%(count)d page may be out of date (its twin changed after it):",
                                 "%(count)d pages may be out of date (their twin changed after them):",
                                 len(state.behind))))
        for item in state.behind:
            print(f"  {item.path}: {speak(item.message)}")
    if state.untranslated:
        print("\n" + speak(say_n("%(count)d interface sentence has no translation (it is shown in English):",
                                 "%(count)d interface sentences have no translation (they are shown in English):",
                                 len(state.untranslated))))
        for item in state.untranslated[:None if every else SHOWN]:
            print(f"  {item.catalog}: {speak(item.message)}")
        if not every and len(state.untranslated) > SHOWN:
            print("  " + speak(say("… `make translations` lists them all")))
    if state.note:
        print("\n" + speak(state.note))
    if every and not (state.behind or state.untranslated or report.missing):
        print(speak(say("Every page has its translation, in step, and every interface sentence is translated.")))
def print_unconfirmed(report, speak: Voice) -> None:
    """List the facts that are not confirmed yet, each with its line, in the staff's language."""
    if not report.unconfirmed:
        print(speak(say("Every fact on the sites is confirmed.")))
        return
    print("\n" + speak(say_n("%(count)d fact is not confirmed yet; the sites say so or leave it out. Confirm it at "
                             "its line:", "%(count)d facts are not confirmed yet; the sites say so or leave them out. "
                             "Confirm each at its line:", len(report.unconfirmed))))
    for item in report.unconfirmed:
        print(f"  {speak.problem(item)}")


def run_build(args) -> int:
    conf = Path.cwd() / ("publishconf.py" if getattr(args, "publish", False) else "pelicanconf.py")
    checking, speak = args.command in ("check", "translations", "facts"), voice()
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
    print_findings(speak, report)
    if args.command == "facts":
        print_unconfirmed(report, speak)
        return 0
    if args.command == "translations":
        print_translations(speak, report, every=True)
        return 0
    print_translations(speak, report, every=False)
    print_unconfirmed(report, speak)
    if checking:
        print(speak(say_n("No problem in zones.yaml and the content of the sites (%(count)d page).",
                          "No problem in zones.yaml and the content of the sites (%(count)d pages).", report.pages)))
        return 0
    pages = say_n("%(count)d page", "%(count)d pages", report.pages)
    if all(site.current for site in report.sites):
        print("\n" + speak(say_n("Nothing changed since the last build: the site (%(pages)s) is as it was (%(seconds).1f s).",
                                  "Nothing changed since the last build: the %(count)d sites (%(pages)s) are as they "
                                  "were (%(seconds).1f s).", len(report.sites), pages=pages, seconds=report.seconds)))
        return 0
    done = ", ".join(speak(work) for work in (
        say_n("%(count)d content file read", "%(count)d content files read", report.count("content files read")),
        say_n("%(count)d page rendered", "%(count)d pages rendered", report.count("pages rendered")),
        say_n("%(count)d image variant encoded", "%(count)d image variants encoded", report.count("images encoded"))))
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


def run_new(args) -> int:
    """Write a new page, event, report or gallery in every language (asking what the options do not say)."""
    from zonelib.problems import shown  # noqa: PLC0415

    from .new import Asker, NoAnswer, create  # noqa: PLC0415
    from .types import run_settings, types_of  # noqa: PLC0415

    speak = voice()
    try:
        settings = run_settings(Path.cwd() / "pelicanconf.py")
        languages = list(settings[ZONES_DATA]["languages"])
        options = {name: getattr(args, name) for name in ("zone", "name", "date", "start", "end", "category",
                                                          "event", "cycle", "photos", "credit")}
        for name in ("title", "summary"):
            options.update({f"{name}_{lang}": text for lang, text in zip(languages, getattr(args, name) or [])})
        files = create(settings, types_of(settings), args.what, options, Asker(speak))
    except ProblemsError as error:
        return print_problems(speak, error, say("Nothing was written:"))
    except (NoAnswer, KeyboardInterrupt) as stop:
        asked = speak(stop.args[0]) if stop.args else ""
        print("\n" + speak(say("Nothing was written: no answer to “%(question)s”. Run the command in a terminal "
                               "to answer the questions, or give the answers as options (--help).",
                               question=asked.rstrip(" :\u202f\u00a0"))), file=sys.stderr)
        return 1
    print("\n" + speak(say("Written:")))
    for file in files:
        print(f"  {shown(file, Path.cwd())}")
    print(speak(say("Write the text of each language under the second '---' line of its file (or check the texts "
                    "of gallery.yaml); `make serve` shows the pages as you save.")))
    return 0


def run_spellcheck(args) -> int:
    """Print the words of the content that the dictionaries and the project's words do not know."""
    from .build import CACHE  # noqa: PLC0415
    from .spelling import DICTIONARIES, Checker  # noqa: PLC0415

    speak, root = voice(), Path.cwd()
    try:
        checker = Checker(root / "pelicanconf.py", root / CACHE / "spelling.json")
    except ProblemsError as error:
        return print_problems(speak, error, say_n("%(count)d problem:", "%(count)d problems:", len(error.problems)))
    if checker.dictionaries.missing:
        print(speak(say("There is no Hunspell dictionary for %(locales)s in %(folder)s: install Debian's hunspell-fr "
                        "and hunspell-nl (`make spellcheck` does).", locales=", ".join(checker.dictionaries.missing),
                        folder=str(DICTIONARIES))), file=sys.stderr)
        return 1
    warnings = checker.everything()
    for warning in warnings:
        print(speak.problem(warning))
    files = len({warning.path for warning in warnings})
    print("\n" + speak(say_n("%(count)d word to check, in %(files)s. A spelling warning never stops a build; add a "
                             "word that is right to words.txt.", "%(count)d words to check, in %(files)s. A spelling "
                             "warning never stops a build; add the words that are right to words.txt.", len(warnings),
                             files=say_n("%(count)d file", "%(count)d files", files))))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m zonesites", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in (("build", "build the sites into output/<domain>/"),
                       ("check", "check zones.yaml and all content as a build does, writing nothing to output/"),
                       ("translations", "list the pages without their twin or possibly out of date, and the "
                                        "interface sentences without translation (checks as `check` does)"),
                       ("facts", "list every fact that is not confirmed yet, with its file and line"),
                       ("serve", "build, serve output/ on localhost and rebuild on every change")):
        command = commands.add_parser(name, help=text)
        command.add_argument("--zone", help="only this zone (an id from zones.yaml)")
        command.add_argument("--lang", help="only this language (fr or nl)")
        if name != "serve":
            command.add_argument("--jobs", type=positive, help="processes building sites at once (default: one per core)")
        if name in ("build", "serve"):
            command.add_argument("--output", type=Path, help="output folder (default: output/)")
        if name == "build":
            command.add_argument("--publish", action="store_true", help="absolute https:// URLs (publishconf.py)")
        elif name == "serve":
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
    new = commands.add_parser("new", help="write a new page, event, report or gallery in every language, "
                                           "asking what the options do not say")
    new.add_argument("what", nargs="?", choices=["page", "event", "report", "gallery"])
    new.add_argument("--zone", help="the zone it is for (an id from zones.yaml), or 'region' for every zone")
    new.add_argument("--title", action="append", help="the title, once per language in the order of zones.yaml "
                                                     "(French, then Dutch)")
    new.add_argument("--summary", action="append", help="reports: the summary, once per language")
    new.add_argument("--name", help="the name of the files (default: from the first title)")
    new.add_argument("--date", help="events: the day, like 2024-05-14")
    new.add_argument("--start", help="events: the start time, like 09:30 (empty: no time)")
    new.add_argument("--end", help="events: the end time, like 16:30")
    new.add_argument("--category", help="events: the kind of event (asked with the choices)")
    new.add_argument("--event", help="reports: the file name of the event it reports on, without its language")
    new.add_argument("--cycle", help="reports about no single event: the month of the cycle, like 2024-02")
    new.add_argument("--photos", nargs="+", type=Path, help="galleries: the photos, or the folder holding them")
    new.add_argument("--credit", help="galleries: who took the photos")
    commands.add_parser("spellcheck", help="list the words of the content that the French and Dutch dictionaries "
                                           "and words.txt do not know (warnings only)")
    args = parser.parse_args(argv)
    if args.command == "spellcheck":
        return run_spellcheck(args)
    if args.command == "new":
        return run_new(args)
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
