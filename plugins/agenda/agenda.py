"""Agenda: events in content/<region or zone>/agenda/, their pages, the agenda lists and iCalendar.

An event is a page of the type folder `agenda` (twins, notices and zone scoping as for any page),
with front matter checked by EVENT_SCHEMA and `check_event`. Regional events show on every zone.

Settings:
  AGENDA_TODAY       the build date (YYYY-MM-DD) that splits upcoming from past events; empty: today
                     in TIMEZONE. Pin it for reproducible builds (pelicanconf.py takes it from the
                     environment variable of the same name).
  AGENDA_UID_DOMAIN  the domain part of the iCalendar UIDs (stable across rebuilds and URL changes)
  AGENDA_FEED        where each site's calendar of all its events is written (agenda.ics)

Template context: `agenda` = {today, upcoming (soonest first), past_years [(year, events newest
first)]}; on each event: start, end (aware datetimes, or dates when all_day), all_day,
event_status, category, zones_concerned, ics_url, uid, json_ld (None when the event says it is
`unconfirmed`: its calendar entry is then TENTATIVE).
"""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar, Timezone
from icalendar import Event as CalendarEvent
from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from zonelib.content import ContentType, day_of
from zonelib.facts import CONFIRMATION
from zonelib.messages import say
from zonelib.problems import Problem
from zonelib.schema import DRAFT_CHOICE, SLUG, UNTRANSLATED, labelled, parse_when
from zonelib.settings import AGENDA_TODAY as TODAY
from zonelib.settings import ZONES_DATA
from zonelib.signals import content_types
from zonelib.yamlines import line_of
from zonelib.zonefile import EMAIL, REGION_DIR
from zonelib.zonefile import URL as WEB_ADDRESS

UID_DOMAIN = "AGENDA_UID_DOMAIN"
FEED = "AGENDA_FEED"
DEFAULTS = {TODAY: "", UID_DOMAIN: "zones.brusano.brussels", FEED: "agenda.ics"}
FOLDER = "agenda"
URL = FOLDER + "/{slug}/"  # an event's address on its site
TEMPLATE = "event"
STATUSES = ["scheduled", "cancelled", "postponed", "full"]
CATEGORIES = ["atelier", "inter-zogab", "open-door-week", "working-group", "other"]
CATEGORY_CHOICES = {"atelier": say("Atelier du changement (workshop)"), "inter-zogab": say("Inter-ZOGAB meeting"),
                    "open-door-week": say("Open-door week"), "working-group": say("Working group"),
                    "other": say("Other event")}
STATUS_CHOICES = {"scheduled": say("Takes place as announced"), "cancelled": say("Cancelled"),
                  "postponed": say("Postponed"), "full": say("Full")}
END = b"END:VCALENDAR\r\n"  # the last line of an iCalendar file
ICS_STATUS = {"scheduled": "CONFIRMED", "full": "CONFIRMED", "postponed": "TENTATIVE", "cancelled": "CANCELLED"}
SCHEMA_STATUS = {"scheduled": "EventScheduled", "full": "EventScheduled", "postponed": "EventPostponed",
                 "cancelled": "EventCancelled"}


def event_schema(zones: dict[str, dict]) -> dict:
    """Return the JSON Schema of an event's front matter; zones: the short name of each zone id, in
    every language."""
    text = {"type": "string", "minLength": 1}
    return {
        "title": say("event"), "x-label": say("Agenda"), "type": "object", "additionalProperties": False,
        "required": ["title", "category", "start"],
        "properties": {
            "title": labelled(text, say("Title")), "slug": SLUG,
            "summary": labelled(text, say("Summary"), say("One sentence, shown in the agenda and by search engines.")),
            "category": labelled({"enum": CATEGORIES}, say("Kind of event"), choices=CATEGORY_CHOICES),
            "start": labelled({"type": "when"}, say("Start"),
                              say("A date for the whole day (2024-03-14), or a date and time (2024-03-14 12:30), "
                                  "Brussels time.")),
            "end": labelled({"type": "when"}, say("End"),
                            say("Written like the start. With a start time, give the end time; an event over "
                                "several days ends on its last day.")),
            "status": labelled({"enum": [*STATUSES, "draft"]}, say("Status"),
                               say("Shown clearly on the site and in calendars; a draft stays off the sites."),
                               {**STATUS_CHOICES, **DRAFT_CHOICE}),
            "place": labelled({"title": say("place"), "type": "object", "additionalProperties": False,
                               "required": ["name"],
                               "properties": {"name": labelled(text, say("Name of the place")),
                                              "address": labelled(text, say("Address")),
                                              "map": labelled(WEB_ADDRESS, say("Map"), say("A link to the place on a map, "
                                                                                   "starting with https://."))}},
                              say("Place")),
            "registration": labelled({"title": say("registration"), "type": "object", "additionalProperties": False,
                                      "properties": {"url": labelled(WEB_ADDRESS, say("Registration page")),
                                                     "email": labelled(EMAIL, say("Registration e-mail")),
                                                     "deadline": labelled({"type": "date"}, say("Deadline"))}},
                                     say("Registration"), say("A registration page or an e-mail address (one of "
                                                              "them), and a deadline if there is one.")),
            "zones": labelled({"type": "array", "minItems": 1, "items": {"enum": list(zones)}},
                              say("Zones concerned"), say("Only for an event of every zone: the zones it concerns."),
                              zones, regional=True),
            "uid": labelled({"type": "string", "pattern": r"^[^\s]+$", "x-expected": say("one word without spaces")},
                            say("Calendar identity"), say("Leave it empty: calendars know the event by its file "
                                                          "name.")),
            "untranslated": UNTRANSLATED,
            **CONFIRMATION,
        },
    }


def event_type(settings: dict) -> ContentType:
    """Return the content type of the agenda folder (an answer to zonelib.signals.content_types)."""
    names = {zone["id"]: zone["short_name"] for zone in settings[ZONES_DATA]["zones"]}
    return ContentType(FOLDER, event_schema(names), check_event, URL)


def check_event(data, path: str, settings: dict) -> list[Problem]:
    """Report what the schema cannot: an end before the start, mixed forms, zones out of place."""
    problems = []
    start, end = parse_when(data["start"]), parse_when(data.get("end", data["start"]))
    if isinstance(start, dt.datetime) != isinstance(end, dt.datetime):
        problems.append(Problem(path, line_of(data, ["end"]), say("'start' and 'end' must both be dates, or both "
                                                                  "dates with a time (\"2024-03-14 16:30\")")))
    elif isinstance(start, dt.datetime) and "end" not in data:
        problems.append(Problem(path, line_of(data, ["start"]), say("an event with a start time needs an end time: "
                                                                    "add a line like end: \"2024-03-14 16:30\"")))
    elif end < start or (isinstance(start, dt.datetime) and end == start):
        problems.append(Problem(path, line_of(data, ["end"]), say("the event ends (%(end)s) before it starts "
                                                                  "(%(start)s); check both", end=data["end"],
                                                                  start=data["start"])))
    zone = ZoneInfo(settings["TIMEZONE"])
    for key in ("start", "end"):
        moment = parse_when(data.get(key))
        if isinstance(moment, dt.datetime) and not exists_in(moment, zone):
            problems.append(Problem(path, line_of(data, [key]), say("%(moment)s does not exist in Brussels (the "
                                                                    "clocks go forward that night); check the time",
                                                                    moment=data[key])))
    registration = data.get("registration") or {}
    if registration and ("url" in registration) == ("email" in registration):
        problems.append(Problem(path, line_of(data, ["registration"]),
                                say("'registration' needs either 'url' or 'email' (one of them)")))
    if "zones" in data and not Path(path).parts[1] == REGION_DIR:
        problems.append(Problem(path, line_of(data, ["zones"]), say("'zones' is only for regional events "
                                                                    "(content/region/agenda/); remove it here")))
    return problems


def exists_in(moment: dt.datetime, zone: ZoneInfo) -> bool:
    """Return whether a wall-clock time happens in the zone (not skipped when clocks go forward)."""
    aware = moment.replace(tzinfo=zone)
    return aware.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None) == moment


def _moment(value, zone: ZoneInfo):
    """Return a date (all day) or an aware datetime in the site's time zone."""
    value = parse_when(value)
    return value.replace(tzinfo=zone) if isinstance(value, dt.datetime) else value


def prepare(generator, metadata: dict) -> None:
    """Give an event its URL, template, dates and status before Pelican makes a page of it."""
    key = metadata.get("translation_key", "")
    if not key.startswith(f"{FOLDER}/") or metadata.get("status") == "skip":  # skip: replaced by a zone's
        return
    zone = ZoneInfo(generator.settings["TIMEZONE"])
    slug = metadata["slug"]
    url = URL.format(slug=slug)
    metadata.update(url=url, save_as=f"{url}index.html", template=TEMPLATE,
                    ics_url=f"{FOLDER}/{slug}/{slug}.ics", is_event=True)
    metadata["start"] = _moment(metadata["start"], zone)
    metadata["end"] = _moment(metadata.get("end", metadata["start"]), zone)
    metadata["all_day"] = not isinstance(metadata["start"], dt.datetime)
    status = metadata.pop("status", "scheduled")
    metadata["event_status"] = "scheduled" if status == "draft" else status
    if status == "draft":
        metadata["status"] = "draft"
    metadata["uid"] = metadata.get("uid") or (
        f"{metadata['scope']}-{key.removeprefix(FOLDER + '/')}@{generator.settings[UID_DOMAIN]}")
    metadata["zones_concerned"] = metadata.pop("zones", None)


def today(settings: dict) -> dt.date:
    """Return the pinned build date, or today in the site's time zone."""
    pinned = settings[TODAY]
    return dt.date.fromisoformat(pinned) if pinned else dt.datetime.now(ZoneInfo(settings["TIMEZONE"])).date()


def last_day(event) -> dt.date:
    return day_of(event.end)


def sort_key(event) -> tuple:
    start = event.start if isinstance(event.start, dt.datetime) else dt.datetime.combine(
        event.start, dt.time.min, ZoneInfo(event.settings["TIMEZONE"]))
    return start, event.title


def split(events: list, day: dt.date) -> dict:
    """Return upcoming events (soonest first) and past ones by year (most recent first)."""
    upcoming = sorted((e for e in events if last_day(e) >= day), key=sort_key)
    past = sorted((e for e in events if last_day(e) < day), key=sort_key, reverse=True)
    years = [(year, list(group)) for year, group in itertools.groupby(past, key=lambda e: sort_key(e)[0].year)]
    return {"today": day, "upcoming": upcoming, "past_years": years}


def json_ld(event, settings: dict) -> dict:
    """Return the schema.org Event of an event page; the organiser is the zone of the site."""
    data = {
        "@context": "https://schema.org", "@type": "Event", "name": event.title,
        "startDate": event.start.isoformat(), "endDate": event.end.isoformat(),
        "eventStatus": f"https://schema.org/{SCHEMA_STATUS[event.event_status]}",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "inLanguage": event.lang, "url": event.canonical_url,
        "description": Markup(event.summary).striptags(),
        "organizer": {"@type": "Organization", "name": settings["SITENAME"], "url": f"{settings['SITEURL']}/"},
    }
    place = getattr(event, "place", None)
    if place:
        data["location"] = {"@type": "Place", "name": place["name"], "address": place.get("address", place["name"])}
        if place.get("map"):
            data["location"]["hasMap"] = place["map"]
    # Without a known place the template adds a location saying so, in the site's language.
    return data


def collect(generator) -> None:
    """Put the site's events, split around the build date, in the template context."""
    events = [page for page in generator.pages if getattr(page, "is_event", False)]
    generator.context["agenda"] = split(events, today(generator.settings))


def describe(generators) -> None:
    """Give each event its schema.org data, once every page knows its addresses (its canonical URL
    comes from the bilingual plugin when pages are finalized). An event whose front matter says it
    is not confirmed gets none: search engines would show it as scheduled."""
    for generator in generators:
        for event in getattr(generator, "pages", []):
            if getattr(event, "is_event", False):
                event.json_ld = None if getattr(event, "unconfirmed", None) else json_ld(event, generator.settings)


def calendar_event(event, siteurl: str, stamp: dt.datetime) -> CalendarEvent:
    """Return the VEVENT of one event, described in the site's language."""
    entry = CalendarEvent()
    entry.add("uid", event.uid)
    entry.add("dtstamp", stamp)
    entry.add("summary", event.title)
    entry.add("dtstart", event.start)
    entry.add("dtend", event.end + dt.timedelta(days=1) if event.all_day else event.end)  # all day: exclusive
    unconfirmed = getattr(event, "unconfirmed", None)
    entry.add("status", "TENTATIVE" if unconfirmed and event.event_status != "cancelled" else
              ICS_STATUS[event.event_status])
    entry.add("description", Markup(event.summary).striptags())
    if siteurl.startswith("https://"):
        entry.add("url", f"{siteurl}/{event.url}")
    place = getattr(event, "place", None)
    if place:
        entry.add("location", ", ".join(filter(None, [place.get("name"), place.get("address")])))
    return entry


def calendar(events: list, entries: dict, name: str, lang: str, tzid: str, timezones: dict) -> bytes:
    """Return an iCalendar file of events with the VTIMEZONE of tzid for the years they cover (kept
    in `timezones` by years). `entries` holds each event's VEVENT already serialized, by id(event):
    an event is written in its own file and in the site's feed, and serializing is most of the cost."""
    cal = Calendar()
    cal.add("prodid", f"-//Brusano//Zone sites//{lang.upper()}")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    if any(isinstance(event.start, dt.datetime) for event in events):  # dates alone have no time zone
        first = min(day_of(event.start) for event in events).replace(month=1, day=1)
        last = max(day_of(event.end) for event in events)
        years = (first, last.replace(year=last.year + 1, month=1, day=1))  # to keep the file small
        if years not in timezones:
            timezones[years] = Timezone.from_tzid(tzid, first_date=years[0], last_date=years[1])
        cal.add_component(timezones[years])
    head = cal.to_ical()
    return head[:-len(END)] + b"".join(entries[id(event)] for event in events) + END


class CalendarGenerator(Generator):
    """Write one .ics per event and the site's feed of all its events."""

    def generate_output(self, writer) -> None:
        agenda = self.context["agenda"]
        events = agenda["upcoming"] + [e for _, group in agenda["past_years"] for e in group]
        stamp = dt.datetime.combine(agenda["today"], dt.time.min, dt.UTC)
        lang, siteurl = self.settings["DEFAULT_LANG"], self.settings["SITEURL"]
        # A calendar is made of metadata only: a writer that knows the previous build (the incremental
        # plugin) links it when nothing changed.
        unchanged = getattr(writer, "unchanged", lambda context, name: False)
        # A fallback's calendar entry lives on the site of its own language.
        own = [event for event in sorted(events, key=sort_key) if not event.fallback]
        entries, timezones, tzid = {}, {}, self.settings["TIMEZONE"]
        for event in own:
            if not unchanged(self.context, event.ics_url):
                entries[id(event)] = calendar_event(event, siteurl, stamp).to_ical()
                target = Path(self.output_path, event.ics_url)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(calendar([event], entries, event.title, lang, tzid, timezones))
        if not unchanged(self.context, self.settings[FEED]):
            for event in own:
                if id(event) not in entries:
                    entries[id(event)] = calendar_event(event, siteurl, stamp).to_ical()
            Path(self.output_path, self.settings[FEED]).write_bytes(
                calendar(own, entries, self.settings["SITENAME"], lang, tzid, timezones))


def configure(pelican) -> None:
    """Give the settings of this plugin their defaults."""
    for name, value in DEFAULTS.items():
        pelican.settings.setdefault(name, value)


def add_generator(pelican) -> type[Generator]:
    return CalendarGenerator


def register() -> None:
    signals.initialized.connect(configure)
    signals.page_generator_context.connect(prepare)
    signals.page_generator_finalized.connect(collect)
    signals.all_generators_finalized.connect(describe)
    signals.get_generators.connect(add_generator)
    content_types.connect(event_type)
