"""Photo-vote galleries: a folder content/<zone>/galleries/<name>/ with photos and one gallery.yaml.

gallery.yaml gives the gallery's title (and an optional intro) in every language, the agenda event
where the vote took place (or its date, when known), the voting status (open, closed) and, per photo: file, title
and alt text in every language (alt is mandatory unless `decorative: true`), credit (a name, or a
text in every language), optional caption, votes. It is read into one page that exists in every
language at once (photos/<name>/).

A gallery marked `example: true` (placeholder images, invented votes) is example data: it is never
the hero, it is published, marked as an example, only when GALLERIES_EXAMPLES is true (previews), and
it is listed for the staff after every build.

Every photo of the folder must be listed: one that is not is a warning in a preview (to list it
next), and stops a production build (OUTPUT_MODE, zonelib.settings.previewing).

Closed galleries rank photos by votes with their share; photos with equal votes share a rank (ex
aequo), and a tie for first place must be settled with `winner:`. The winner of the zone's most
recent closed gallery (examples aside) is the home page's hero. Open galleries show the photos as listed, without
results, and how to vote.

Settings:
  GALLERIES_WIDTHS   widths of the published variants, in pixels
  GALLERIES_CACHE    folder of encoded variants shared by every site and build (default: .cache/images
                     beside the content folder)
  GALLERIES_PROCESSES processes that encode the missing variants of a site (default: one per core;
                     the build tool gives each site the cores its own processes leave free)
  GALLERIES_EXAMPLES publish the example galleries, marked as such (default False; pelicanconf.py sets
                     it for previews, publishconf.py leaves them out)

An open gallery with a `ballot:` block (zonelib.gallery) shows a vote form posting to the ballot
service (ballot/) on the site's own domain, from the day the ballot opens to the day it closes.

Template context: `hero` (photo and gallery) when the zone has a closed gallery. (The host
configuration that lets a vote form post is written by the build tool: zonelib.hosting.)
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import re
import logging
import os
from pathlib import Path

from pelican import signals
from pelican.generators import Generator
from pelican.readers import BaseReader

from zonelib.settings import GALLERIES_PROCESSES as PROCESSES
from zonelib.settings import ZONES_DATA, ZONES_ZONE, previewing
from zonelib.messages import say
from zonelib import problems as findings
from zonelib import schema as schemas
from zonelib import yamlines
from zonelib.gallery import DATA_FILE, FOLDER, PAGE_URL as URL, VOTE_URL
from zonelib import gallery as galleryfile
from zonelib.content import AGENDA, ContentType, day_of, events_by_name, events_of, has_event, inside, link_file
from zonelib.problems import NotConfirmed, Problem, ProblemsError, did_you_mean, shown
from zonelib.signals import content_types
from zonelib.zonefile import REGION_DIR, localize

from . import images

logger = logging.getLogger(__name__)

WIDTHS = "GALLERIES_WIDTHS"
CACHE = "GALLERIES_CACHE"
EXAMPLES = "GALLERIES_EXAMPLES"
DEFAULT_WIDTHS = [480, 960, 1440]
PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}
NAME_PATTERN = re.compile(schemas.NAME_PATTERN)
TEMPLATE = "gallery"
ENCODED = "images encoded"


def rank(photos: list[dict], winner: str | None = None) -> list[dict]:
    """Return the photos by votes (most first; equal votes keep the listed order) with rank, share,
    tie and winner; `winner` settles a tie for first place."""
    total = sum(photo["votes"] for photo in photos)
    ordered = sorted(photos, key=lambda photo: -photo["votes"])
    top = [photo["file"] for photo in ordered if photo["votes"] == ordered[0]["votes"]]
    chosen = winner if winner in top else top[0]
    return [{**photo, "rank": 1 + sum(other["votes"] > photo["votes"] for other in photos),
             "share": photo["votes"] / total if total else 0.0,
             "tied": sum(other["votes"] == photo["votes"] for other in photos) > 1,
             "winner": photo["file"] == chosen} for photo in ordered]


def _photo_problems(data, folder: Path, content: Path, languages: list[str], path: str) -> list[Problem]:
    problems, seen = [], {}
    unlisted = sorted(set(photos_in(folder)) - {photo["file"] for photo in data["photos"]})
    for index, photo in enumerate(data["photos"]):
        line = yamlines.line_of(data, ["photos", index])
        name = photo["file"]
        stem = Path(name).stem.lower()  # variants are named after it: forest.jpg and forest.png would clash
        if stem in seen:
            first, first_line = seen[stem]
            problems.append(Problem(path, line, say("'%(file)s' is listed twice (first on line %(first)d); list "
                                                    "each photo once", file=name, first=first_line) if first == name
                                    else say("'%(file)s' and '%(other)s' (line %(first)d) have the same name apart from "
                                             "the extension; rename one of the files", file=name, other=first,
                                             first=first_line)))
            continue
        seen[stem] = (name, line)
        if not photo.get("decorative") and "alt" not in photo:
            problems.append(Problem(path, line, say("'%(file)s' has no alt text: describe what it shows in 'alt' "
                                                    "(%(languages)s), or add 'decorative: true' if it shows nothing "
                                                    "a visitor would miss", file=name, languages=", ".join(languages))))
        where = yamlines.line_of(data, ["photos", index, "file"])
        if not (folder / name).is_file():
            problems.append(Problem(path, where, say("there is no file '%(file)s' in this folder%(suggestion)s",
                                                     file=name, suggestion=did_you_mean(name, unlisted))))
        elif not inside(folder / name, content):
            problems.append(Problem(path, where, say("'%(file)s' is a link to a file outside the content folder, "
                                                     "which is never published; put the photo itself here", file=name)))
        elif message := images.photo_problem(folder / name):
            problems.append(Problem(path, where, message))
    return problems


def photos_in(folder: Path) -> list[str]:
    """Return the names of the photo files of a gallery folder (not hidden ones, like ._x.jpg)."""
    return sorted(path.name for path in folder.iterdir()
                  if path.suffix.lower() in PHOTO_SUFFIXES and not path.name.startswith("."))


def unlisted_photos(data, folder: Path, path: str, ignored: list[str]) -> list[Problem]:
    """Return a problem for each file of the folder that gallery.yaml does not list as a photo (it
    would never be shown: a preview warns about it, a production build refuses it)."""
    listed = {DATA_FILE, *(photo["file"] for photo in data["photos"])}
    line = yamlines.line_of(data, ["photos"])
    photos = photos_in(folder)
    return [Problem(path, line, say("'%(file)s' is in this gallery's folder but not listed under 'photos:', so it "
                                    "is not shown; add it (file, title, alt, credit, votes), or move it out of the "
                                    "folder", file=name) if name in photos else
                    say("'%(file)s' is in this gallery's folder, which holds only its photos and %(data)s; move it "
                        "out of content/", file=name, data=DATA_FILE))
            for name in sorted(p.name for p in folder.iterdir() if p.is_file())
            if name not in listed and not any(fnmatch.fnmatch(name, pattern) for pattern in [".*", *ignored])]


def check(data, folder: Path, content: Path, scope: str, languages: list[str], path: str) -> list[Problem]:
    """Report what the schema cannot: photos, alt texts, the event, the winner."""
    problems = _photo_problems(data, folder, content, languages, path)
    if "event" in data and not has_event(content, scope, data["event"]):
        problems.append(Problem(path, yamlines.line_of(data, ["event"]),
                                say("there is no event '%(name)s' in content/%(folder)s/%(suggestion)s",
                                    name=data["event"], folder=f"{scope}/{AGENDA}",
                                    suggestion=did_you_mean(data["event"], events_of(content, scope)))))
    files = [photo["file"] for photo in data["photos"]]
    if data.get("winner") and data["winner"] not in files:
        problems.append(Problem(path, yamlines.line_of(data, ["winner"]),
                                say("the winner '%(file)s' is not one of the photos listed", file=data["winner"])))
    if data["voting"] == "closed" and not problems:
        ranked = rank(data["photos"])
        top = [photo["file"] for photo in ranked if photo["rank"] == 1]
        if sum(photo["votes"] for photo in data["photos"]) == 0:
            problems.append(Problem(path, yamlines.line_of(data, ["voting"]),
                                    say("the vote is closed but no photo has any vote; enter each photo's 'votes'")))
        elif len(top) > 1 and data.get("winner") not in top:
            problems.append(Problem(path, yamlines.line_of(data, ["winner"] if "winner" in data else ["voting"]),
                                    say("%(files)s share the most votes; add 'winner: <file>' to say which one "
                                        "illustrates the site", files=", ".join(top))))
        elif "winner" in data and data["winner"] not in top:
            problems.append(Problem(path, yamlines.line_of(data, ["winner"]),
                                    say("'%(file)s' has fewer votes than %(first)s; 'winner' only settles a tie for "
                                        "first place: remove it", file=data["winner"], first=top[0])))
    return problems


def _photo(photo: dict, folder: Path, url: str, widths: list[int], original: bool) -> dict:
    """Return a photo for the templates: its texts, its source file and the variants to publish."""
    size = images.size_of(folder / photo["file"])
    stem = Path(photo["file"]).stem
    variants = images.plan(size, widths + ([size[0]] if original else []))
    return {**photo, "alt": "" if photo.get("decorative") else photo["alt"], "source": str(folder / photo["file"]),
            "id": f"photo-{stem}",
            "variants": [{"path": url + v.name(stem), "width": v.width, "height": v.height, "format": v.format,
                          "mime": v.mime, "plan": v} for v in variants]}


class GalleryReader(BaseReader):
    """Read content/<scope>/galleries/<name>/gallery.yaml into a page in every language."""

    enabled = True
    file_extensions = ["yaml", "yml"]

    def read(self, source_path: str):
        content = Path(self.settings["PATH"]).absolute()
        source = Path(source_path).absolute()
        path = shown(source, content.parent)
        try:
            if not inside(source, content):
                raise ProblemsError([Problem(path, 1, say("this file is a link to a file outside the content "
                                                          "folder, which is never published; copy the file here "
                                                          "instead of linking to it"))])
            return self._read(source, content, path)
        except ProblemsError as error:
            for problem in error.problems:
                findings.log(logger, problem)
            raise

    def _read(self, source: Path, content: Path, path: str):
        parts = source.relative_to(content).parts
        if source.name != DATA_FILE or len(parts) != 4 or parts[1] != FOLDER or parts[0] == REGION_DIR:
            raise ProblemsError([Problem(path, 1, say("a gallery is a folder content/<zone>/%(folder)s/<name>/ "
                                                      "holding its photos and one %(file)s", folder=FOLDER,
                                                      file=DATA_FILE))])
        if not NAME_PATTERN.match(parts[2]):
            raise ProblemsError([Problem(path, 1, say("the folder name '%(name)s' becomes a web address, which "
                                                      "may contain only lowercase letters, digits and '-'; rename "
                                                      "the folder like %(example)s", name=parts[2],
                                                      example=schemas.slugify(parts[2]) or "expo-2024"))])
        languages = list(self.settings[ZONES_DATA]["languages"])
        data = galleryfile.read(source, path, languages)
        problems = check(data, source.parent, content, parts[0], languages, path)
        if not problems and (unlisted := unlisted_photos(data, source.parent, path, self.settings["IGNORE_FILES"])):
            if not previewing(self.settings):
                raise ProblemsError(unlisted)
            for problem in unlisted:
                findings.warn(logger, problem)
        if problems:
            raise ProblemsError(problems)
        metadata = self._metadata(data, source, parts, path, languages)
        if metadata["example"]:
            findings.log(logger, NotConfirmed(path, yamlines.line_of(data, ["example"]), say(
                "this gallery is example data (placeholder images, invented votes): it is shown marked as an "
                "example where %(setting)s is true (previews) and left out elsewhere (publishing)",
                setting=EXAMPLES)))
            if not self.settings.get(EXAMPLES, False):  # read and checked, never written
                metadata["status"] = "draft"
                del metadata["url"], metadata["save_as"]
        return "", metadata

    def _metadata(self, data, source: Path, parts: tuple, path: str, languages: list[str]) -> dict:
        lang, name = self.settings["DEFAULT_LANG"], parts[2]
        url = URL.format(name=name)
        widths = self.settings.get(WIDTHS, DEFAULT_WIDTHS)
        photos = [{**_photo(photo, source.parent, url, widths, data.get("original", False)),
                   "listed_in": path, "line": yamlines.line_of(data, ["photos", index, "file"])}
                  for index, photo in enumerate(localize(data["photos"], lang, languages))]
        closed = data["voting"] == "closed"
        return {"title": data["title"][lang], "summary": data.get("intro", {}).get(lang, data["title"][lang]),
                "lang": lang, "scope": parts[0], "translation_key": f"{FOLDER}/{name}", "multilingual": True,
                "slug": name, "url": url, "save_as": f"{url}index.html",
                "template": TEMPLATE, "source": path, "field_lines": dict(data.lines), "is_gallery": True,
                "voting": data["voting"], "example": data.get("example", False), "event_name": data.get("event"),
                "vote_date": data.get("date"), "intro": data.get("intro", {}).get(lang),
                "ballot": galleryfile.window(data), "vote_url": VOTE_URL.format(zone=parts[0], name=name),
                "photos": rank(photos, data.get("winner")) if closed else photos}


def link(generator) -> None:
    """Tie galleries to their events and make the winner of the latest closed gallery the hero."""
    events = events_by_name(generator.pages)
    galleries = [page for page in generator.pages if getattr(page, "is_gallery", False)]
    for gallery in galleries:
        gallery.event = events.get((gallery.scope, gallery.event_name))
        gallery.date = day_of(gallery.event.start) if gallery.event else gallery.vote_date
    generator.context["galleries"] = galleries
    closed = [g for g in galleries if g.voting == "closed" and g.scope == generator.settings[ZONES_ZONE]
              and not g.example]  # invented votes choose nothing
    if closed:
        latest = max(closed, key=lambda g: (g.date or dt.date.min, g.title))  # undated: oldest
        generator.context["hero"] = {"gallery": latest, "photo": next(p for p in latest.photos if p["winner"])}


class GalleryImagesGenerator(Generator):
    """Publish the variants of every gallery photo, encoding only those not in the cache yet, with
    GALLERIES_PROCESSES processes (each taking one width of a photo at a time)."""

    def generate_output(self, writer) -> None:
        cache = Path(self.settings.get(CACHE) or Path(self.settings["PATH"]).parent / ".cache" / "images")
        photos = [photo for gallery in self.context.get("galleries", []) for photo in gallery.photos]
        folders = {photo["source"]: images.folder_of(Path(photo["source"]), cache) for photo in photos}
        widths = [(photo, [v for v in photo["variants"] if v["plan"].width == width])
                  for photo in photos for width in dict.fromkeys(v["plan"].width for v in photo["variants"])]
        todo = [(photo, variants) for photo, variants in widths
                if images.missing(folders[photo["source"]], [v["plan"] for v in variants])]
        encoded, damaged = 0, set()
        with images.encoders(min(len(todo), self.settings.get(PROCESSES) or os.cpu_count() or 1)) as encode:
            # First the widths no other process is encoding, then wait for the others (sites of other
            # languages show the same photos: the processes share the work instead of queueing).
            for wait in (False, True):
                done = encode([(Path(photo["source"]), [v["plan"] for v in variants], folders[photo["source"]], wait)
                               for photo, variants in todo])
                busy = []
                for (photo, variants), (count, error) in zip(todo, done):
                    if error is not None:  # a header can be sound and the rest cut short
                        if photo["source"] not in damaged:
                            damaged.add(photo["source"])
                            findings.log(logger, Problem(photo["listed_in"], photo["line"], say(
                                "'%(file)s' is damaged or cut short (%(error)s); export it again from the original",
                                file=Path(photo["source"]).name, error=error)))
                    elif count is None:
                        busy.append((photo, variants))
                    else:
                        encoded += count
                todo = [(photo, variants) for photo, variants in busy if photo["source"] not in damaged]
        for photo, variants in widths:
            if photo["source"] in damaged:
                continue
            for variant in variants:
                target = Path(self.output_path, variant["path"])
                target.parent.mkdir(parents=True, exist_ok=True)
                # a link to the cached file: the cache replaces its files, never rewrites them
                link_file(folders[photo["source"]] / variant["plan"].name("v"), target)
        findings.count(logger, ENCODED, encoded)


def add_reader(readers) -> None:
    """Read gallery.yaml files; a .yml file is read too, so that the reader can say what is wrong."""
    readers.reader_classes.update(dict.fromkeys(GalleryReader.file_extensions, GalleryReader))


def add_generator(pelican) -> type[Generator]:
    return GalleryImagesGenerator


def gallery_type(settings: dict) -> ContentType:
    """Return the content type of the galleries folder (an answer to zonelib.signals.content_types):
    a folder per gallery, holding its photos and gallery.yaml."""
    languages = list(settings[ZONES_DATA]["languages"])
    return ContentType(FOLDER, galleryfile.gallery_schema(languages), url=URL.format(name="{slug}"),
                       data_file=DATA_FILE, regional=False)


def register() -> None:
    content_types.connect(gallery_type)
    signals.readers_init.connect(add_reader)
    signals.page_generator_finalized.connect(link)
    signals.get_generators.connect(add_generator)
