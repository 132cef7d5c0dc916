"""`make new`: write a new page, event, report or gallery, in every language at once, from the schemas
the build checks (zonesites.types), so that what it writes builds as it is.

What the command line does not give is asked, in the staff's language; each answer is checked on
the spot. The files get their names (events: YYYY-MM-DD-name.<lang>.md), the slug of each language
from its title, the required fields, and the optional ones as comments (`# key: what it takes`) in
the file's language, to uncomment. Before anything is written, the front matter is checked by the
schema and the check of its type, as the build will check it. Nothing existing is ever overwritten.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from babel import Locale

from zonelib import schema as schemas
from zonelib import yamlines
from zonelib.content import REGION_DIR, ContentTree, ContentType, events_of
from zonelib.messages import Message, Translator, Voice, say
from zonelib.problems import Problem, ProblemsError, did_you_mean, shown
from zonelib.settings import ZONES_DATA
from zonelib.zonefile import localize

KINDS = {"page": "pages", "event": "agenda", "report": "ateliers", "gallery": "galleries"}  # word -> type folder
KIND_WORDS = {"page": say("a page"), "event": say("an agenda event"), "report": say("a workshop report"),
              "gallery": say("a photo gallery (a vote)")}
NAME_LENGTH = 40  # characters of the title kept in a file name
SLUG_LENGTH = 60  # … and in a web address
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
CYCLE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
EVENT_LINE = re.compile(r"^event:\s*[\"']?([a-z0-9-]+)", re.MULTILINE)
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
CYCLE_WORD = "cycle"  # the answer for a report about no single event


class NoAnswer(Exception):
    """Raised when a question cannot be asked (no terminal, input closed)."""


def shorten(slug: str, most: int) -> str:
    """Return a slug cut at its last '-' before `most` characters."""
    if len(slug) <= most:
        return slug
    return slug[:most + 1].rsplit("-", 1)[0] or slug[:most]


@dataclass
class Asker:
    """Asks the staff what the command line did not say, in their language; `read` is input()."""

    voice: Voice
    read: Callable[[str], str] = input
    told: list[str] = field(default_factory=list)

    def __call__(self, question: Message, check: Callable[[str], str | None] | None = None,
                 default: str | None = None) -> str:
        """Ask until the answer passes check (which returns what is wrong, or None)."""
        prompt = self.voice(question) + (f" [{default}]" if default else "") + " "
        while True:
            try:
                answer = self.read(prompt).strip()
            except EOFError:
                raise NoAnswer(question) from None
            answer = answer or default or ""
            problem = check(answer) if check else (None if answer else say("an answer is needed"))
            if problem is None:
                return answer
            print("  " + self.voice(problem))

    def choose(self, question: Message, choices: list[tuple[str, str]]) -> str:
        """Ask for one of (value, label) choices, by number or by value."""
        print(self.voice(question))
        for number, (value, label) in enumerate(choices, start=1):
            print(f"  {number}. {value}" + (f" — {self.voice(label)}" if label and label != value else ""))
        values = [value for value, _ in choices]

        def check(answer: str) -> str | None:
            if answer in values or (answer.isdigit() and 1 <= int(answer) <= len(values)):
                return None
            return say("answer with a number from 1 to %(last)d, or one of: %(values)s%(suggestion)s",
                       last=len(values), values=", ".join(values), suggestion=did_you_mean(answer, values))

        answer = self(say("Your choice:"), check)
        return values[int(answer) - 1] if answer.isdigit() and answer not in values else answer


# What an optional field takes, written as a comment in a new file.

def hint(schema: dict) -> str:
    """Return in a few words what a schema accepts (its description, choices or expected form)."""
    if "description" in schema:
        return schema["description"]
    if "enum" in schema:
        return " | ".join(str(choice) for choice in schema["enum"])
    if "x-expected" in schema:
        return schema["x-expected"]
    kinds = schema.get("type", "string")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    words = [schemas.TYPE_WORDS.get(kind, kind) for kind in kinds]
    return words[0] if len(words) == 1 else say("%(first)s or %(second)s", first=words[0], second=words[1])


def sketch(key: str, schema: dict, translate, indent: str = "") -> list[str]:
    """Return commented lines showing an optional field and, for a block or a list of blocks, its keys."""
    properties = schema.get("properties") or schema.get("items", {}).get("properties")
    if not properties:
        return [f"# {indent}{key}: …{said(schema, translate)}"]
    lines = [f"# {indent}{key}:"]
    bullet = "- " if "items" in schema else ""
    for index, (name, child) in enumerate(properties.items()):
        lead = indent + "  " + (bullet if index == 0 else " " * len(bullet))
        if child.get("type") == "array" and "properties" not in child.get("items", {}):
            lines += [f"# {lead}{name}:", f"# {lead}  - …{said(child['items'], translate)}"]
        else:
            lines.append(f"# {lead}{name}: …{said(child, translate)}")
    return lines


def said(schema: dict, translate) -> str:
    """Return '  (what it takes)' after an optional field, or nothing for plain text."""
    if schema.get("type", "string") == "string" and not {"description", "enum", "x-expected"} & set(schema):
        return ""
    return f"  ({translate(hint(schema))})"


def dump(value, indent: str = "") -> list[str]:
    """Return YAML lines of a value made of dicts, lists, text, numbers, dates (text always in quotes)."""
    if isinstance(value, dict):
        lines = []
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item:
                lines += [f"{indent}{key}:", *dump(item, indent + "  ")]
            else:
                lines.append(f"{indent}{key}: {scalar(item)}")
        return lines
    lines = []
    for item in value:
        inner = dump(item, indent + "  ") if isinstance(item, (dict, list)) else [f"{indent}  {scalar(item)}"]
        lines.append(f"{indent}- {inner[0].lstrip()}")
        lines += inner[1:]
    return lines


def scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, dt.date)):
        return str(value)
    if re.fullmatch(schemas.NAME_PATTERN, str(value)) and yaml.safe_load(str(value)) == value:
        return str(value)  # a slug or a code that YAML reads back as the same text (not "yes", "2024")
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a YAML double-quoted one


def front_matter(values: dict, kind: ContentType, lang: str, skip: set[str] = frozenset()) -> str:
    """Return a file's YAML: the values given, then the schema's other fields as comments in lang."""
    translate = Translator(lang)
    lines = dump(values)
    optional = [(key, child) for key, child in kind.schema["properties"].items()
                if key not in values and key not in skip]
    if optional:
        lines.append("# " + translate(say("Optional fields: to use one, remove the '# ' at the start of its "
                                          "lines and write its value after the ':'.")))
        for key, child in optional:
            lines += sketch(key, child, translate)
    return "\n".join(lines) + "\n"


# What each kind needs.

@dataclass
class Plan:
    """The files to write: {path: text}, and photos to copy {target: source}."""

    files: dict[Path, str] = field(default_factory=dict)
    copies: dict[Path, Path] = field(default_factory=dict)


class New:
    """Writes new content for the sites of one project."""

    def __init__(self, settings: dict, types: dict[str, ContentType], ask: Asker, options: dict):
        self.settings, self.types, self.ask, self.options = settings, types, ask, options
        self.content = Path(settings["PATH"])
        self.root = self.content.parent
        self.zones = settings[ZONES_DATA]
        self.languages = list(self.zones["languages"])
        self.voice = ask.voice

    def option(self, name: str, question: Message, check=None, default=None) -> str:
        """Return the value of a command-line option, checked, or ask for it."""
        given = self.options.get(name)
        if given is not None:
            given = str(given).strip()
            problem = check(given) if check else (None if given else say("an answer is needed"))
            if problem is None:
                return given
            print(self.voice(say("%(option)s: %(problem)s", option=f"--{name.replace('_', '-')}", problem=problem)))
        return self.ask(question, check, default)

    def language_name(self, lang: str) -> str:
        """Return the name of a language in the staff's language ("néerlandais", "Frans", "Dutch")."""
        return Locale.parse(self.voice.lang).languages.get(lang, lang)

    def texts(self, name: str, question: Callable[[str], Message], check=None) -> dict[str, str]:
        """Return a text in every language: the options `<name>_<lang>`, or the answers to
        question(name of the language)."""
        return {lang: self.option(f"{name}_{lang}", question(self.language_name(lang)), check)
                for lang in self.languages}

    def titles(self, folder: str, scope: str, suffix: str = "") -> dict[str, str]:
        """Return the title of a new page in every language, each making a free address."""
        return {lang: self.option(f"title_{lang}", say("Title in %(language)s:", language=self.language_name(lang)),
                                  self.title_check(folder, scope, lang, suffix)) for lang in self.languages}

    def scope(self, kind: str) -> str:
        """Return "region" or a zone id: where the new content is shown."""
        zones = [(zone["id"], localize(zone["name"], self.voice_lang, self.languages)) for zone in self.zones["zones"]]
        ids = [zone_id for zone_id, _ in zones]
        allowed = ids if kind == "gallery" else [REGION_DIR, *ids]
        given = self.options.get("zone")
        if given in allowed:
            return given
        if given:
            print(self.voice(say("--zone: '%(zone)s' is not one of: %(zones)s%(suggestion)s", zone=given,
                                 zones=", ".join(allowed), suggestion=did_you_mean(given, allowed))))
        choices = ([] if kind == "gallery" else [(REGION_DIR, say("every zone (a regional page)"))]) + zones
        question = say("Which zone is it for?") if kind == "gallery" else say("Which site shows it?")
        return self.ask.choose(question, choices)

    @property
    def voice_lang(self) -> str:
        return self.voice.lang if self.voice.lang in self.languages else self.languages[0]

    def title_check(self, folder: str, scope: str, lang: str, suffix: str = ""):
        """Return a check that a title makes a slug no page of that language has yet."""
        kind = self.types[folder]
        tree = ContentTree(self.content, {f: k.url for f, k in self.types.items() if k.markdown}, {})
        zone_ids = [z["id"] for z in self.zones["zones"]] if scope == REGION_DIR else [scope]

        def check(title: str) -> str | None:
            slug = self.slug(title, suffix)
            if not slug:
                return say("a title needs at least one letter or digit")
            address = kind.url.format(slug=slug).strip("/")
            for zone in zone_ids:
                if taken := tree.page_at(zone, lang, address):
                    return say("content/%(file)s already has the address %(address)s/; choose another title",
                               file=taken, address=address)
            return None

        return check

    @staticmethod
    def slug(title: str, suffix: str = "") -> str:
        slug = shorten(schemas.slugify(title), SLUG_LENGTH)
        return f"{slug}-{suffix}" if suffix and slug and suffix not in slug else slug

    def name(self, default: str) -> str:
        """Return the name part of the files (the --name option, or the default)."""
        given = self.options.get("name")
        if given and re.fullmatch(schemas.NAME_PATTERN, given):
            return given
        if given:
            print(self.voice(say("--name: '%(name)s' is not lowercase letters and digits joined by '-'; using "
                                 "'%(default)s'", name=given, default=default)))
        return default

    def markdown_files(self, folder: str, scope: str, name: str, data: dict[str, dict], skip=frozenset()) -> Plan:
        """Return the Markdown files of every language, checked as the build will check them."""
        kind, plan, problems = self.types[folder], Plan(), []
        for lang in self.languages:
            path = self.content / scope / folder / f"{name}.{lang}.md"
            shown_path = shown(path, self.root)
            if path.exists():
                problems.append(Problem(shown_path, 1, say("this file exists already; nothing was written (choose "
                                                           "another title or --name)")))
                continue
            text = front_matter(data[lang], kind, lang, skip)
            problems += self.checked(text, kind, shown_path)
            plan.files[path] = f"---\n{text}---\n\n"
        if problems:
            raise ProblemsError(problems)
        return plan

    def checked(self, text: str, kind: ContentType, path: str) -> list[Problem]:
        """Return the problems the build would find in a new file's front matter (none, normally)."""
        data = yamlines.load(text, path, 2 if kind.markdown else 1)
        problems = schemas.check(data, kind.schema, path)
        return problems or (kind.check(data, path, self.settings) if kind.check else [])

    # The four kinds.

    def page(self) -> Plan:
        scope = self.scope("page")
        titles = self.titles("pages", scope)
        name = self.name(shorten(schemas.slugify(titles[self.languages[0]]), NAME_LENGTH))
        return self.markdown_files("pages", scope, name, {lang: {"title": titles[lang], "slug": self.slug(titles[lang])}
                                                          for lang in self.languages})

    def event(self) -> Plan:
        scope = self.scope("event")
        day = self.option("date", say("Date of the event (like 2024-05-14; for several days, the first):"),
                          date_problem)
        start = self.option("start", say("Start time (like 09:30; nothing for an event without a time):"),
                            lambda text: None if not text or TIME.match(text) else say(
                                "write the time like 09:30, or nothing"), default="")
        end = ""
        if start:
            end = self.option("end", say("End time (like 16:30):"), lambda text: None if TIME.match(text) and
                              text > start else say("write a time after %(start)s, like 16:30", start=start))
        schema = self.types["agenda"].schema["properties"]
        category = self.options.get("category")
        if category not in schema["category"]["enum"]:
            category = self.ask.choose(say("What kind of event is it?"),
                                       [(code, "") for code in schema["category"]["enum"]])
        titles = self.titles("agenda", scope, day)
        name = self.name(f"{day}-{shorten(schemas.slugify(titles[self.languages[0]]), NAME_LENGTH)}")
        when = {"start": f"{day} {start}", "end": f"{day} {end}"} if start else {"start": dt.date.fromisoformat(day)}
        data = {lang: {"title": titles[lang], "slug": self.slug(titles[lang], day), "category": category, **when}
                for lang in self.languages}
        skip = {"zones"} if scope != REGION_DIR else set()  # only regional events name zones
        return self.markdown_files("agenda", scope, name, data, skip)

    def report(self) -> Plan:
        scope = self.scope("report")
        reported = {match[1] for path in (self.content / scope / "ateliers").glob("*.md")
                    if (match := EVENT_LINE.search(path.read_text("utf-8", "replace")))}
        today = dt.date.today().isoformat()
        events = sorted((name for name in events_of(self.content, scope) if name not in reported),
                        key=lambda name: recent_first(name, today))
        event = self.options.get("event")
        if event is None and self.options.get("cycle") is None:
            nothing = say("none: the report is about a whole cycle of workshops, not one event")
            event = self.ask.choose(say("Which event of the agenda does it report on?"),
                                    [(name, "") for name in events[:12]] + [(CYCLE_WORD, nothing)])
        if event == CYCLE_WORD:
            event = None
        if event and event not in events:
            raise ProblemsError([Problem("--event", 0, say("there is no event '%(name)s' without a report in "
                                                           "content/%(folder)s/%(suggestion)s", name=event,
                                                           folder=f"{scope}/agenda",
                                                           suggestion=did_you_mean(event, events)))])
        values = {}
        if event:
            values["event"] = event
        else:
            values["cycle"] = self.option("cycle", say("Month of the cycle (like 2024-02):"), lambda text: None
                                          if CYCLE.match(text) else say("write a year and month like 2024-02"))
        titles = self.titles("ateliers", scope)
        summaries = self.texts("summary", lambda language: say("Summary in %(language)s (one sentence):",
                                                               language=language))
        prefix = values.get("event") or f"{values['cycle']}-{shorten(schemas.slugify(titles[self.languages[0]]), 30)}"
        name = self.name(prefix)
        data = {lang: {"title": titles[lang], "slug": self.slug(titles[lang]), "summary": summaries[lang], **values}
                for lang in self.languages}
        return self.markdown_files("ateliers", scope, name, data)

    def gallery(self) -> Plan:
        kind = self.types["galleries"]
        scope = self.scope("gallery")
        titles = self.texts("title", lambda language: say("Title of the gallery in %(language)s:", language=language))
        name = self.name(shorten(schemas.slugify(titles[self.languages[0]]), NAME_LENGTH) or "galerie")
        folder = self.content / scope / "galleries" / name
        data_file = folder / kind.data_file
        if data_file.exists():
            raise ProblemsError([Problem(shown(data_file, self.root), 1, say(
                "this file exists already; nothing was written (choose another title or --name)"))])
        plan = Plan()
        sources = photo_files([Path(p) for p in self.options.get("photos") or []])
        if not sources and folder.is_dir():
            sources = photo_files([folder])
        while not sources:
            given = self.ask(say("Folder of the photos (you may drag it here):"),
                             lambda text: None if photo_files([Path(text.strip("'\""))]) else say(
                                 "there is no .jpg, .png or .webp photo there"))
            sources = photo_files([Path(given.strip("'\""))])
        credit = self.option("credit", say("Who took the photos (credit shown under each)?"))
        photos = []
        for source in sources:
            target = folder / source.name.lower().replace(" ", "-")
            if source.resolve() != target.resolve():
                plan.copies[target] = source
            stem = target.stem.replace("-", " ").replace("_", " ")
            photo_titles = {lang: self.ask(say("Title of %(file)s in %(language)s:", file=target.name,
                                               language=self.language_name(lang)), default=stem[:1].upper() + stem[1:])
                            for lang in self.languages}
            alts = {lang: self.ask(say("What %(file)s shows, for people who cannot see it, in %(language)s:",
                                       file=target.name, language=self.language_name(lang)))
                    for lang in self.languages}
            photos.append({"file": target.name, "title": photo_titles, "alt": alts, "credit": credit, "votes": 0})
        text = front_matter({"title": titles, "voting": "open", "photos": photos}, kind, self.voice_lang)
        shown_path = shown(data_file, self.root)
        data = yamlines.load(text, shown_path)
        problems = schemas.check(data, kind.schema, shown_path)
        if problems:
            raise ProblemsError(problems)
        plan.files[data_file] = text
        return plan


def photo_files(paths: list[Path]) -> list[Path]:
    """Return the photo files among paths and in the folders among them, in name order."""
    found = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.suffix.lower() in PHOTO_SUFFIXES and p.is_file())
        elif path.is_file() and path.suffix.lower() in PHOTO_SUFFIXES:
            found.append(path)
    return found


def recent_first(name: str, today: str) -> tuple:
    """Order events past ones first, the most recent first (their names start with their day), then
    the others by name."""
    day = name[:10]
    if re.fullmatch(r"\d{4}-\d\d-\d\d", day) and day <= today:
        return 0, -dt.date.fromisoformat(day).toordinal()
    return 1, name


def date_problem(text: str) -> str | None:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return say("write the date like 2024-05-14 (year-month-day)")
    return None


def write(plan: Plan) -> list[Path]:
    """Copy the photos and write the files of a plan (never over an existing file); return the files."""
    for target, source in plan.copies.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            shutil.copyfile(source, target)
    for path, text in plan.files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as handle:  # "x": never over a file
            handle.write(text)
    return sorted(plan.files)


def create(settings: dict, types: dict[str, ContentType], what: str | None, options: dict, ask: Asker) -> list[Path]:
    """Create the files of a new page, event, report or gallery; return them (ProblemsError, NoAnswer)."""
    if what not in KINDS:
        what = ask.choose(say("What do you want to create?"), [(word, KIND_WORDS[word]) for word in KINDS])
    maker = New(settings, types, ask, options)
    return write(getattr(maker, what)())
