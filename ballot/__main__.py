"""python -m ballot serve | results | posters — the ballot service and its two tools.

  serve     answer the vote forms under /vote/ (uvicorn, one process; behind nginx in production)
  results   write the counts of every ballot that has closed into its gallery.yaml (make vote-results)
  posters   write the A4 posters with QR codes of every open ballot, in every language (make posters)

Settings come from BALLOT_… environment variables (ballot/config.py) or the options below.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from zonelib.messages import Voice
from zonelib.problems import ProblemsError

from . import config


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ballot", description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, help="folder with zones.yaml and content/ (BALLOT_PROJECT)")
    parser.add_argument("--database", help="database URL (BALLOT_DATABASE)")
    parser.add_argument("--site-url", help='how a domain becomes a site URL, like "https://{domain}/"')
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the service")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8001)
    serve.add_argument("--trusted-proxies", help="addresses whose X-Forwarded-For is believed (BALLOT_TRUSTED_PROXIES)")
    serve.add_argument("--preview", help="also serve this built output/ folder (to try the vote locally)")
    results = commands.add_parser("results", help="write the counts of closed ballots into gallery.yaml")
    results.add_argument("--dry-run", action="store_true", help="say what would be written, write nothing")
    posters = commands.add_parser("posters", help="write the A4 posters of the open ballots")
    posters.add_argument("--output", type=Path, default=Path("output/posters"))
    args = parser.parse_args(argv)
    voice = Voice(os.environ.get("MESSAGES", "fr"))
    given = {"project": args.project, "database": args.database, "site_url": args.site_url,
             "trusted_proxies": getattr(args, "trusted_proxies", None), "preview": getattr(args, "preview", None)}
    settings = config.from_environment(**{k: v for k, v in given.items() if v is not None})
    try:
        if args.command == "serve":
            import uvicorn

            from .app import create_app

            app = create_app(settings)
            # proxy_headers off: the service itself decides whom to believe (ballot/network.py)
            uvicorn.run(app, host=args.host, port=args.port, proxy_headers=False, server_header=False,
                        log_level="warning", workers=1, timeout_graceful_shutdown=3)
            return 0
        if args.command == "results":
            from .results import export

            lines, problems = export(settings, dry_run=args.dry_run)
        else:
            from .posters import write_posters

            lines, problems = write_posters(settings, args.output)
    except ProblemsError as error:
        for problem in error.problems:
            print(voice.problem(problem), file=sys.stderr)
        return 1
    for line in lines:
        print(voice(line))
    for problem in problems:
        print(voice.problem(problem), file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
