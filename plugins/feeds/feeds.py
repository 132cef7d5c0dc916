"""An Atom feed (RFC 4287) of the site's agenda events and workshop reports, newest first, in the
site's language: what a feed reader follows to hear of a new date or a new report.

An entry is an event or a report page of this site (not a notice for a missing translation), with
its title, summary, kind and address (absolute in a production build, which is also its id). Its
date is the event's start or the report's day (its event's, else the first of its cycle's month),
and its `updated` time that date, or the page's `updated` date when it has one: the sites do not
know when a file was last edited, and this keeps a rebuild from marking every entry as changed.
Entries are ordered by that date, newest first; the feed's `updated` is the latest of them. The
text around the entries comes from the theme's template (FEEDS_TEMPLATE, translated like pages);
every page's head advertises the feed (base.html).

Settings (defaults in DEFAULTS):
  FEEDS_ATOM      where the feed is written
  FEEDS_TEMPLATE  the theme template of the feed
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from pelican import signals
from pelican.generators import Generator

ATOM, TEMPLATE = "FEEDS_ATOM", "FEEDS_TEMPLATE"
DEFAULTS = {ATOM: "feed.atom", TEMPLATE: "feed.atom.xml"}


def moment(value, zone: ZoneInfo) -> dt.datetime:
    """Return a date or datetime as an aware datetime (a date: midnight in the site's time zone)."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone)
    return dt.datetime.combine(value, dt.time.min, zone)


def entry_date(page):
    """Return the date an event or report stands for, or None for other pages."""
    if getattr(page, "is_event", False):
        return page.start
    if getattr(page, "is_report", False):
        return page.date or page.cycle
    return None


def entries(pages, zone: ZoneInfo) -> list[dict]:
    """Return the feed's entries: {page, kind, date, updated} newest first."""
    found = []
    for page in pages:
        date = entry_date(page)
        if date is None or getattr(page, "fallback", False):
            continue
        when = moment(date, zone)
        updated = max(when, moment(page.updated, zone)) if getattr(page, "updated", None) else when
        found.append({"page": page, "kind": "event" if getattr(page, "is_event", False) else "report",
                      "date": when, "updated": updated})
    return sorted(found, key=lambda entry: (entry["date"], entry["page"].url), reverse=True)


def configure(pelican) -> None:
    for name, value in DEFAULTS.items():
        pelican.settings.setdefault(name, value)


class AtomGenerator(Generator):
    """Write the site's Atom feed."""

    def generate_output(self, writer) -> None:
        zone = ZoneInfo(self.settings["TIMEZONE"])
        pages = [page for name in ("pages", "hidden_pages") for page in self.context.get(name, [])]
        items = entries(pages, zone)
        url = f"{self.settings['SITEURL']}/{self.settings[ATOM]}"
        # Without entries: the day of the build (the feed is the same all day long).
        updated = max((entry["updated"] for entry in items), default=moment(dt.datetime.now(zone).date(), zone))
        text = self.env.get_template(self.settings[TEMPLATE]).render(
            **self.context, feed={"url": url, "updated": updated, "entries": items})
        Path(self.output_path, self.settings[ATOM]).write_text(text, encoding="utf-8")


def add_generator(pelican) -> type[Generator]:
    return AtomGenerator


def register() -> None:
    signals.initialized.connect(configure)
    signals.get_generators.connect(add_generator)
