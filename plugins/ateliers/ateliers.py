"""Atelier reports: the feedback pages of the workshops, tied both ways to their agenda events.

A report is a page of the type folder `ateliers` (content/<region or zone>/ateliers/<name>.<lang>.md).
Its `event` names an event of the same scope's agenda; `next` an event or a date; `downloads` are
files kept next to the report, published on the sites of both languages at the stable address
<scope>/ateliers/<file>, with their size. The structured parts (themes with their points, general
points of attention) are front-matter lists; the narrative is the Markdown body.

Template context: `atelier_cycles` = [(first day of the cycle's month, reports newest first)], newest
cycle first. On each report: event, next_event or next_date, cycle, date, downloads [{title, url,
size}]. On each event with a report: report.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import shutil
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from zonelib.messages import say
from zonelib import policy
from zonelib import problems as findings
from zonelib.facts import CONFIRMATION
from zonelib.content import AGENDA, ContentType, day_of, events_by_name, events_of, has_event, inside
from zonelib.problems import Problem, did_you_mean
from zonelib.schema import EVENT_NAME, SLUG, STATUS, UNTRANSLATED, labelled
from zonelib.signals import content_types
from zonelib.yamlines import line_of

logger = logging.getLogger(__name__)

FOLDER = "ateliers"
URL = FOLDER + "/{slug}/"  # a report's address on its site
TEMPLATE = "report"
TEXT = {"type": "string", "minLength": 1}
LINES = {"type": "array", "minItems": 1, "items": labelled(TEXT, say("Point"))}
REPORT_SCHEMA = {
    "title": say("report"), "x-label": say("Reports"), "type": "object", "additionalProperties": False,
    "required": ["title", "summary"],
    "properties": {
        "title": labelled(TEXT, say("Title")),
        "slug": SLUG,
        "summary": labelled(TEXT, say("Summary"), say("One sentence, shown in the list of reports.")),
        "event": EVENT_NAME,
        "cycle": labelled({"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])$",
                           "x-expected": say("a year and month in quotes, like \"2023-10\"")},
                          say("Cycle"), say("Only when the report is about no single event: the year and month "
                                            "of its cycle, like 2023-10.")),
        "participants": labelled({"type": "integer", "minimum": 1}, say("Participants"), say("How many people came.")),
        "themes": labelled({"type": "array", "minItems": 1, "items": {
            "title": say("theme"), "type": "object", "additionalProperties": False, "required": ["title"],
            "properties": {"title": labelled(TEXT, say("Title")),
                           "text": labelled({"type": "string"}, say("What was said"), long=True),
                           "points": labelled(LINES, say("Points"))}}},
            say("Themes or tables"), say("Each table or theme of the workshop, with what came out of it.")),
        "attention": labelled(LINES, say("Points of attention"), say("The general points of attention.")),
        "next": labelled({"type": ["string", "date"]}, say("Next appointment"),
                         say("The next event: the file name of an agenda event without its language (like "
                             "2024-06-13-atelier), or a date.")),
        "downloads": labelled({"type": "array", "minItems": 1, "items": {
            "title": say("download"), "type": "object", "additionalProperties": False, "required": ["file", "title"],
            "properties": {"file": labelled({"type": "string", "pattern": r"^[\w.-]+$",
                                             "x-expected": say("a file name in the report's folder (like "
                                                               "onepager.pdf)")}, say("File"), file="file"),
                           "title": labelled(TEXT, say("Title"))}}},
            say("Downloads"), say("Files kept next to the report, such as a one-page PDF, each with its title.")),
        "status": STATUS,
        "untranslated": UNTRANSLATED,
        **CONFIRMATION,
    },
}


def check_report(data, path: str, settings: dict) -> list[Problem]:
    """Check that the event, the next appointment and the downloads a report names exist."""
    content = Path(settings["PATH"])
    source = content.parent / path
    scope = source.relative_to(content).parts[0]
    lines = data.lines
    problems = []
    for key in ("event", "next"):
        name = data.get(key)
        if isinstance(name, str) and not has_event(content, scope, name):
            known = events_of(content, scope)
            problems.append(Problem(path, lines[key], say("there is no event '%(name)s' in content/%(folder)s/"
                                                          "%(suggestion)s; write the name of its file without the "
                                                          "language", name=name, folder=f"{scope}/{AGENDA}",
                                                          suggestion=did_you_mean(name, known))))
    if "event" not in data and "cycle" not in data:
        problems.append(Problem(path, data.line, say("a report needs 'event' (the agenda event it reports on) or, "
                                                     "when there is no such event, 'cycle' (like \"2023-10\")")))
    for index, download in enumerate(data.get("downloads", [])):
        file, line = source.parent / download["file"], line_of(data, ["downloads", index, "file"])
        if not file.is_file() or file.suffix == ".md":
            problems.append(Problem(path, line, say("the download '%(file)s' is not a file next to this report; "
                                                    "put the file in the same folder", file=download["file"])))
        elif not inside(file, content):
            problems.append(Problem(path, line, say("'%(file)s' is a link to a file outside the content folder, "
                                                    "which is never published; put the file itself here",
                                                    file=download["file"])))
        else:
            with file.open("rb") as handle:
                head = handle.read(8)
            if message := policy.download_problem(download["file"], head, file.stat().st_size):
                problems.append(Problem(path, line, message))
    return problems


def prepare(generator, metadata: dict) -> None:
    """Give a report its URL and template before Pelican makes a page of it."""
    if not metadata.get("translation_key", "").startswith(f"{FOLDER}/"):
        return
    slug = metadata["slug"]
    url = URL.format(slug=slug)
    metadata.update(url=url, save_as=f"{url}index.html", template=TEMPLATE,
                    is_report=True)


def link(generator) -> None:
    """Tie reports and events both ways, report two reports for one event, group reports by cycle."""
    events = events_by_name(generator.pages)
    reports = [page for page in generator.pages if getattr(page, "is_report", False)]
    content = Path(generator.settings["PATH"])
    for report in reports:
        report.event = events.get((report.scope, report.metadata.get("event")))
        report.date = day_of(report.event.start) if report.event else None
        cycle = report.metadata.get("cycle")
        report.cycle = (dt.date.fromisoformat(f"{cycle}-01") if cycle else report.date.replace(day=1))
        upcoming = report.metadata.get("next")
        report.next_event = events.get((report.scope, upcoming)) if isinstance(upcoming, str) else None
        report.next_date = upcoming if isinstance(upcoming, dt.date) else None
        folder = (content.parent / report.source).parent
        report.downloads = [{"title": d["title"], "url": f"{report.scope}/{FOLDER}/{d['file']}",
                             "source": folder / d["file"], "size": (folder / d["file"]).stat().st_size}
                            for d in report.metadata.get("downloads", [])]
        if report.event is None:
            continue
        first = getattr(report.event, "report", None)
        if first is not None:
            findings.log(logger, Problem(report.source, report.field_lines["event"],
                                         say("%(first)s already reports on this event; one event has one "
                                             "report: merge them, or link this report to another event", first=first.source)))
        else:
            report.event.report = report
    ordered = sorted(reports, key=lambda r: (r.cycle, r.date or r.cycle, r.title), reverse=True)
    generator.context["atelier_cycles"] = [(cycle, list(group))
                                           for cycle, group in itertools.groupby(ordered, key=lambda r: r.cycle)]


class DownloadsGenerator(Generator):
    """Publish the files that reports offer for download, at <scope>/ateliers/<file>."""

    def generate_output(self, writer) -> None:
        for _, reports in self.context.get("atelier_cycles", []):
            for report in reports:
                for download in report.downloads:
                    target = Path(self.output_path, download["url"])
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(download["source"], target)


def report_type(settings: dict) -> ContentType:
    """Return the content type of the ateliers folder (an answer to zonelib.signals.content_types)."""
    return ContentType(FOLDER, REPORT_SCHEMA, check_report, URL)


def add_generator(pelican) -> type[Generator]:
    return DownloadsGenerator


def register() -> None:
    content_types.connect(report_type)
    signals.page_generator_context.connect(prepare)
    signals.page_generator_finalized.connect(link)
    signals.get_generators.connect(add_generator)
