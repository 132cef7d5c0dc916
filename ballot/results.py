"""make vote-results: the counts of every online ballot that has closed, into its gallery.yaml.

For a gallery still marked `voting: open` whose ballot has closed, each photo's `votes` becomes the
votes it had in the file (those counted on paper at the exhibition, 0 if none) plus its online
votes; `voting` becomes `closed`. The file keeps its comments, quotes and key order (ruamel.yaml),
so that the diff shows the new numbers only. The next build ranks the photos and elects the hero.
A gallery is written once: afterwards it is closed, and this tool leaves it alone. The ballot's
secret is destroyed first, if the service has not done it already.
"""

from __future__ import annotations

import io

from ruamel.yaml import YAML

from zonelib import yamlines
from zonelib.messages import say, say_n
from zonelib.problems import Problem

from . import app, config
from .store import Store


def round_trip() -> YAML:
    """A YAML reader and writer that gives back the file as it was, but for the values changed."""
    yaml = YAML()  # round trip: comments, quotes, flow blocks and key order kept
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long line
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def with_counts(text: str, counts: dict[str, int]) -> str:
    """Return gallery.yaml text with the online counts added to each photo's votes and the vote closed."""
    yaml = round_trip()
    data = yaml.load(text)
    for photo in data["photos"]:
        photo["votes"] = photo["votes"] + counts.get(photo["file"], 0)
    data["voting"] = "closed"
    written = io.StringIO()
    yaml.dump(data, written)
    return written.getvalue()


def export(settings: config.Settings, dry_run: bool = False) -> tuple[list[str], list[Problem]]:
    """Write the counts of every closed ballot; return what was done and what needs the staff."""
    project = config.load(settings.project)
    store = Store(settings.database_url)
    done, problems = [], []
    try:
        for ballot in project.ballots.values():
            state = ballot.window.state(app.now())
            if ballot.voting != "open":
                continue
            if state != "closed":
                done.append(say("%(file)s: the ballot is still open, until %(closes)s; nothing written",
                                file=ballot.source, closes=ballot.window.last_moment.strftime("%Y-%m-%d %H:%M")))
                continue
            if not dry_run:
                store.close(ballot.key)
            counts = store.counts(ballot.key)
            text = ballot.path.read_text("utf-8")
            data = yamlines.load(text, ballot.source)
            total = sum(counts.values()) + sum(photo["votes"] for photo in data["photos"])
            if total == 0:
                problems.append(Problem(ballot.source, yamlines.line_of(data, ["voting"]), say(
                    "the ballot has closed without a single vote; add the votes counted on paper to 'votes', "
                    "or remove the gallery")))
                continue
            if not dry_run:
                ballot.path.write_text(with_counts(text, counts), "utf-8")
            done.append(say_n("%(file)s: %(count)d online vote added; the vote is now closed",
                              "%(file)s: %(count)d online votes added; the vote is now closed",
                              sum(counts.values()), file=ballot.source))
    finally:
        store.dispose()
    return done, problems
