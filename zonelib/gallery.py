"""What the sites and the ballot service both know of a gallery: where it lives, what its gallery.yaml
may hold (schema), when its online ballot is open, and the addresses of its page and of its vote.

A gallery is content/<zone>/galleries/<name>/ with its photos and one gallery.yaml. An online
ballot is a `ballot:` block in it:

    voting: open
    ballot:
      opens: "2024-03-14 09:00"   # Brussels time; a date alone opens at the start of that day
      closes: 2024-03-31          # a date alone closes at the end of that day
      per_network: 1              # votes one Internet connection may cast (optional, default 1)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from . import schema as schemas
from . import yamlines
from .content import read_text
from .messages import say
from .problems import Problem, ProblemsError
from .zonefile import REGION_DIR

FOLDER = "galleries"
DATA_FILE = "gallery.yaml"
PAGE_URL = "photos/{name}/"  # the gallery's page on each site, relative to the site's URL
VOTE_URL = "/vote/{zone}/{name}/"  # the ballot service, on the domain of each site
BRUSSELS = ZoneInfo("Europe/Brussels")  # ballot dates are written and shown in Brussels time


def gallery_schema(languages: list[str]) -> dict:
    """Return the JSON Schema of gallery.yaml for the given languages."""
    labelled = schemas.labelled
    text = {"title": say("multilingual text"), "type": "object", "additionalProperties": False,
            "required": languages, "properties": {code: {"type": "string", "minLength": 1} for code in languages}}
    file = {"type": "string", "pattern": r"(?i)^[\w.-]+\.(jpe?g|png|webp)$",
            "x-expected": say("the name of a photo file in this folder (.jpg, .png or .webp)")}
    credit = {"if": {"type": "object"}, "then": text, "else": {"type": "string", "minLength": 1}}  # a name, or a text
    photo = {"title": say("photo"), "type": "object", "additionalProperties": False,
             "required": ["file", "title", "credit", "votes"],
             "properties": {"file": labelled(file, say("Photo"), file="image"),
                            "title": labelled(text, say("Title")),
                            "alt": labelled(text, say("What the photo shows"),
                                            say("For visitors who cannot see it: required, unless the photo is "
                                                "decorative.")),
                            "decorative": labelled({"type": "boolean"}, say("Decorative"),
                                                   say("The photo shows nothing a visitor would miss: it needs no "
                                                       "description.")),
                            "credit": labelled(credit, say("Photographer"),
                                               say("A name, or a text in every language (like “Image d’exemple”).")),
                            "caption": labelled(text, say("Caption")),
                            "votes": labelled({"type": "integer", "minimum": 0}, say("Votes"))}}
    when = {"type": "when"}
    ballot = {"title": say("ballot"), "type": "object", "additionalProperties": False,
              "required": ["opens", "closes"],
              "properties": {"opens": labelled(when, say("Opens"), say("A date (from the start of that day) or a "
                                                                       "date and time, Brussels time.")),
                             "closes": labelled(when, say("Closes"), say("A date (until the end of that day) or a "
                                                                         "date and time, Brussels time.")),
                             "per_network": labelled({"type": "integer", "minimum": 1}, say("Votes per connection"),
                                                     say("How many votes one Internet connection may cast (1 if "
                                                         "left empty)."))}}
    return {"title": say("gallery"), "x-label": say("Photo votes"), "type": "object", "additionalProperties": False,
            "required": ["title", "voting", "photos"],
            "properties": {"title": labelled(text, say("Title")),
                           "intro": labelled(text, say("Introduction"), long=True),
                           "event": schemas.EVENT_NAME,
                           "date": labelled({"type": "date"}, say("Date of the vote"),
                                            say("Only when the vote belongs to no agenda event.")),
                           "voting": labelled({"enum": ["open", "closed"]}, say("Vote"), choices={
                               "open": say("Open: the photos are shown without results"),
                               "closed": say("Closed: the results are shown")}),
                           "ballot": labelled(ballot, say("Online vote"),
                                              say("Only for a vote on the site: when it opens and closes.")),
                           "winner": labelled(file, say("Winner"),
                                              say("Only when several photos share the most votes: the file name "
                                                  "of the one that illustrates the site.")),
                           "example": labelled({"type": "boolean"}, say("Example"),
                                               say("Placeholder photos and invented counts: the site says so.")),
                           "original": labelled({"type": "boolean"}, say("Publish the originals"),
                                                say("Also publishes each photo's original file, as it is.")),
                           "photos": labelled({"type": "array", "minItems": 1, "items": photo}, say("Photos"))}}


def moment(value, end_of_day: bool = False) -> dt.datetime:
    """Return a ballot date as an aware Brussels time: a date alone is its first moment (or, with
    end_of_day, the first moment of the next day)."""
    when = schemas.parse_when(value)
    if isinstance(when, dt.datetime):
        return when.replace(tzinfo=BRUSSELS)
    day = when + dt.timedelta(days=1) if end_of_day else when
    return dt.datetime.combine(day, dt.time.min, BRUSSELS)


@dataclass(frozen=True)
class Window:
    """When an online ballot accepts votes: from `opens` (included) to `closes` (excluded)."""

    opens: dt.datetime
    closes: dt.datetime
    per_network: int = 1

    def state(self, now: dt.datetime) -> str:
        """Return 'soon', 'open' or 'closed' at the moment now (aware)."""
        return "soon" if now < self.opens else "open" if now < self.closes else "closed"

    @property
    def last_moment(self) -> dt.datetime:
        """The last minute one can vote, to show ("until 31 March at 23:59")."""
        return self.closes - dt.timedelta(minutes=1)


def window(data) -> Window | None:
    """Return the ballot window of a checked gallery.yaml, or None if it has no online ballot."""
    ballot = data.get("ballot")
    if not ballot:
        return None
    return Window(moment(ballot["opens"]), moment(ballot["closes"], end_of_day=True), ballot.get("per_network", 1))


def ballot_problems(data, path: str) -> list[Problem]:
    """Return what is wrong with the ballot block of a gallery.yaml that passed the schema."""
    if "ballot" not in data:
        return []
    found = window(data)
    if found.closes <= found.opens:
        return [Problem(path, yamlines.line_of(data, ["ballot", "closes"]),
                        say("the ballot closes (%(closes)s) before it opens (%(opens)s); correct one of the dates",
                            closes=found.last_moment.strftime(schemas.WHEN_FORMAT),
                            opens=found.opens.strftime(schemas.WHEN_FORMAT)))]
    return []


@dataclass(frozen=True)
class Gallery:
    """A gallery found in the content folder: its zone, its name, its file and what it holds."""

    zone: str
    name: str
    path: Path
    shown: str  # the path staff see (relative to the project)
    data: dict

    @property
    def key(self) -> str:
        return f"{self.zone}/{self.name}"

    @property
    def window(self) -> Window | None:
        return window(self.data)


def gallery_files(content: Path) -> list[tuple[str, str, Path]]:
    """Return (zone, name, file) of every gallery.yaml under content/<zone>/galleries/<name>/."""
    return sorted((file.parts[-4], file.parts[-2], file)
                  for file in Path(content).glob(f"*/{FOLDER}/*/{DATA_FILE}") if file.parts[-4] != REGION_DIR)


def form_pages(content: Path, zone: str, languages: list[str]) -> list[str]:
    """Return the page URLs (relative to a site) of the zone's galleries with an open online ballot:
    the pages whose vote form posts to the site itself."""
    pages = []
    for scope, name, file in gallery_files(content):
        if scope != zone:
            continue
        try:
            data = read(file, str(file), languages)
        except ProblemsError:
            continue  # the build says what is wrong
        if data["voting"] == "open" and "ballot" in data:
            pages.append(PAGE_URL.format(name=name))
    return pages


def read(file: Path, shown: str, languages: list[str]) -> dict:
    """Read and check a gallery.yaml against the schema and the ballot rules; raise ProblemsError."""
    data = yamlines.load(read_text(file, shown), shown)
    problems = schemas.check(data, gallery_schema(languages), shown) if isinstance(data, dict) else [
        Problem(shown, 1, say("gallery.yaml must be 'key: value' lines: title, voting, photos…"))]
    problems = problems or ballot_problems(data, shown)
    if problems:
        raise ProblemsError(problems)
    return data
