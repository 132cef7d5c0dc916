"""Spelling of what the staff write, in the language it is written in: warnings, never problems.

Hunspell's dictionaries for the locales of zones.yaml (fr_BE, nl_BE: Debian's hunspell-fr and
hunspell-nl, in /usr/share/hunspell), through the chunspell binding, with the project's own words:
the names zones.yaml gives (zones, communes, people, the organisation), the acronyms the pages
mark with <abbr>, and the hand list words.txt. What is checked is prose only: the text of the pages
(not code, addresses of links and pages, e-mail addresses or HTML tags) and the text fields of the
front matter and of gallery.yaml, as the schemas of the content types tell them apart from slugs,
codes, dates, file names and web addresses (zonesites.types); never the keys.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from zonelib import yamlines
from zonelib.content import content_files, front_and_body, read_text
from zonelib.messages import say
from zonelib.problems import Problem, ProblemsError, shown
from zonelib.settings import ZONES_DATA, ZONES_FILE

DICTIONARIES = Path(os.environ.get("HUNSPELL_DICTIONARIES", "/usr/share/hunspell"))
WORDS = "words.txt"  # the project's hand list, next to zones.yaml
NAME_KEYS = {"name", "short_name", "part_of", "organisation"}  # what zones.yaml names (words to accept)
# A word: letters, maybe joined by an apostrophe or a hyphen; not glued to a digit ("1er", "km²") and
# not cut short by a hyphen ("welzijns- en gezondheidsplan": the part before the hyphen is left).
WORD = re.compile(r"(?<![\w'’-])[^\W\d_]+(?:['’-][^\W\d_]+)*(?![\w'’]|-(?!\w))")
LANG_SPAN = re.compile(r"<span\s+lang=[\"']([a-z]{2})[\"']\s*>(.*?)</span>")
ABBR = re.compile(r"<abbr\b[^>]*>([^<]+)</abbr>")
CODE_FENCE = re.compile(r"^\s*(```|~~~)")
NOT_PROSE = [re.compile(pattern) for pattern in (
    r"`[^`]*`",  # inline code
    r"\]\([^)]*\)",  # where a link leads: [text](…)
    r"<https?://[^>]*>|https?://\S+|www\.\S+",  # web addresses
    r"[\w.+-]+@[\w-]+(\.[\w-]+)+",  # e-mail addresses
    r"\b(?:[a-z0-9-]+\.)+[a-z]{2,}\b(?:/\S*)?",  # domains (bassin-sud.brussels)
    r"\{filename\}\S+",
    r"<[^>]+>",  # HTML tags (their text stays)
    r"&\w+;",  # HTML entities
)]
ELISION = re.compile(r"^[^\W\d_]{1,2}['’]|^(?:qu|jusqu|lorsqu|puisqu|quoiqu)['’]", re.IGNORECASE)


def words_of(text: str) -> list[str]:
    """Return the words of a text, each once, in order (not those with other signs, like km²)."""
    return [word for word in dict.fromkeys(WORD.findall(text)) if all(c.isalpha() or c in "'’-" for c in word)]


def prose_of(line: str) -> str:
    """Return a line of Markdown without what is not prose."""
    for pattern in NOT_PROSE:
        line = pattern.sub(" ", line)
    return line


def body_texts(body: str, first_line: int, lang: str):
    """Yield (line number, prose, language) for the lines of a Markdown body, code blocks left out;
    the text of a <span lang="…"> is in its own language."""
    in_code = False
    for number, line in enumerate(body.splitlines(), start=first_line):
        if CODE_FENCE.match(line):
            in_code = not in_code
        elif not in_code:
            for other, text in LANG_SPAN.findall(line):
                yield number, prose_of(text), other
            yield number, prose_of(LANG_SPAN.sub(" ", line)), lang


def is_prose(schema: dict) -> bool:
    """Return whether a schema is free text (not a slug, a code, a choice, an address, a file name)."""
    return schema.get("type") == "string" and not {"pattern", "enum", "format", "x-expected"} & set(schema)


def field_texts(value, schema: dict, lang: str | None, languages: list[str], line: int):
    """Yield (line, text, language) for the free texts of a value checked by schema; `lang` is the
    language of the file (None for a file in every language, whose texts say theirs)."""
    properties = schema.get("properties", {})
    if isinstance(value, dict):
        per_language = bool(properties) and set(properties) == set(languages)
        for key, item in value.items():
            if key in properties:
                yield from field_texts(item, properties[key], key if per_language else lang, languages,
                                       getattr(value, "lines", {}).get(key, line))
    elif isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            lines = getattr(value, "lines", [])
            yield from field_texts(item, schema["items"], lang, languages, lines[index] if index < len(lines) else line)
    elif isinstance(value, str) and lang and is_prose(schema):
        yield line, value, lang


@dataclass
class Dictionaries:
    """A Hunspell checker per language, with the project's words; suggestions kept in `cache`."""

    checkers: dict
    missing: list[str]
    words: set[str] = field(default_factory=set)  # the project's, as spelt, and in capitals
    cache: Path | None = None
    suggestions: dict = field(default_factory=dict)  # "lang:word" -> Hunspell's suggestions (slow to make)

    @classmethod
    def load(cls, locales: dict[str, str], words: list[str], cache: Path | None = None) -> Dictionaries:
        """Load the dictionary of each language ({lang: locale like fr_BE}) and add the words."""
        from hunspell import Hunspell  # noqa: PLC0415 (only the spelling check needs it)

        checkers, missing = {}, []
        for lang, locale in locales.items():
            name = next((n for n in (locale, lang) if (DICTIONARIES / f"{n}.dic").is_file()), None)
            if name is None:
                missing.append(locale)
                continue
            checkers[lang] = Hunspell(name, hunspell_data_dir=str(DICTIONARIES))
        kept = {}
        if cache and cache.is_file():
            try:
                kept = json.loads(cache.read_text("utf-8"))
            except (OSError, ValueError):
                pass
        accepted = {*words, *(word.upper() for word in words), *(word[:1].upper() + word[1:] for word in words)}
        return cls(checkers, missing, accepted, cache, kept)

    def known(self, word: str, lang: str) -> bool:
        """Return whether a word is right in lang, alone or as the parts Hunspell does not join
        (Molenbeek-Saint-Jean, d'Anderlecht, WG's)."""
        if word in self.words or self.checkers[lang].spell(word):
            return True
        if elided := ELISION.match(word):
            return self.known(word[elided.end():], lang)
        for ending in ("'s", "’s"):
            if word.endswith(ending) and len(word) > 3:
                return self.known(word[:-2], lang)
        if "-" in word:
            return all(self.known(part, lang) for part in word.split("-") if part)
        return len(word) == 1

    def suggest(self, word: str, lang: str) -> list[str]:
        key = f"{lang}:{word}"
        if key not in self.suggestions:
            self.suggestions[key] = list(self.checkers[lang].suggest(word))[:3]
            self.new = True
        return self.suggestions[key]

    def save(self) -> None:
        if self.cache and getattr(self, "new", False):
            self.cache.parent.mkdir(parents=True, exist_ok=True)
            self.cache.write_text(json.dumps(self.suggestions, ensure_ascii=False, sort_keys=True), "utf-8")

    def problems(self, path: str, texts) -> list[Problem]:
        """Return a warning for each word of the texts ((line, text, lang)) that is not known."""
        found = []
        for line, text, lang in texts:
            if lang not in self.checkers:
                continue
            for word in words_of(text):
                if not self.known(word, lang):
                    close = self.suggest(word, lang) if word.islower() else []  # names: Hunspell suggests poorly
                    found.append(Problem(path, line, say(
                        "'%(word)s' is not in the dictionary%(suggestion)s; correct it, or add it to words.txt if "
                        "it is right", word=word,
                        suggestion=say(" (did you mean '%(word)s'?)", word="', '".join(close)) if close else "")))
        return found


def project_words(root: Path, zones: dict, content: Path, ignored: list[str]) -> list[str]:
    """Return the words the project accepts: names in zones.yaml, acronyms in <abbr>, words.txt."""
    words = set()

    def names(value, key=None) -> None:
        if isinstance(value, dict):
            for name, item in value.items():
                names(item, key if name in zones["languages"] else name)
        elif isinstance(value, list):
            for item in value:
                names(item, key)
        elif isinstance(value, str) and key in NAME_KEYS:
            words.update(part for word in WORD.findall(value) for part in [word, *word.split("-")])

    names(zones)
    for folder, name in content_files(content, ignored):
        if name.endswith(".md"):
            words.update(ABBR.findall(Path(folder, name).read_text("utf-8", "replace")))
    hand = root / WORDS
    if hand.is_file():
        words.update(line.split("#")[0].strip() for line in hand.read_text("utf-8").splitlines())
    return sorted(word for word in words if word)


@dataclass
class Checker:
    """The spelling check of one project: every content file, and zones.yaml; what a file gave is
    kept until the file, words.txt or zones.yaml change (the preview checks again after each build)."""

    conf: Path
    cache: Path | None = None

    def __post_init__(self):
        from .types import run_settings, types_of  # noqa: PLC0415

        self.root = self.conf.parent
        self.settings = run_settings(self.conf)
        self.types = types_of(self.settings)
        self.kept: dict[Path, tuple] = {}
        self.words_state = None
        self.dictionaries = self._dictionaries()

    def _state(self) -> tuple:
        return tuple(_stamp(path) for path in (self.root / WORDS, self.root / self.settings[ZONES_FILE]))

    def _dictionaries(self) -> Dictionaries:
        zones = self.settings[ZONES_DATA]
        words = project_words(self.root, zones, Path(self.settings["PATH"]), self.settings["IGNORE_FILES"])
        locales = {lang: info["locale"] for lang, info in zones["languages"].items()}
        self.words_state = self._state()
        return Dictionaries.load(locales, words, self.cache)

    @property
    def languages(self) -> list[str]:
        return list(self.settings[ZONES_DATA]["languages"])

    def file(self, path: Path) -> list[Problem]:
        """Return the spelling warnings of one content file (none for a file the build refuses)."""
        content = Path(self.settings["PATH"])
        name = shown(path, self.root)
        parts = path.relative_to(content).parts
        kind = self.types.get(parts[1]) if len(parts) >= 3 else None
        try:
            text = read_text(path, name)
            if kind and kind.markdown and path.suffix == ".md":
                lang, parts = path.name.split(".")[-2], front_and_body(text)
                if lang not in self.languages or parts is None:
                    return []  # the build says what is wrong
                front, body, body_line = parts
                texts = [*field_texts(yamlines.load(front, name, 2), kind.schema, lang, self.languages, 1),
                         *body_texts(body, body_line, lang)]
            elif kind and path.name == kind.data_file:
                texts = list(field_texts(yamlines.load(text, name), kind.schema, None, self.languages, 1))
            else:
                return []
        except ProblemsError:
            return []  # the build says what is wrong with the file
        return self.dictionaries.problems(name, texts)

    def zones_file(self) -> list[Problem]:
        from zonelib.zonefile import zones_schema  # noqa: PLC0415

        path = self.root / self.settings[ZONES_FILE]
        name = shown(path, self.root)
        try:
            data = yamlines.load(read_text(path, name), name)
        except ProblemsError:
            return []  # the build says what is wrong
        return self.dictionaries.problems(name, field_texts(data, zones_schema(self.languages), None,
                                                            self.languages, 1))

    def everything(self) -> list[Problem]:
        """Return the warnings of every content file and of zones.yaml."""
        if self._state() != self.words_state:  # new words: check everything again
            self.dictionaries, self.kept = self._dictionaries(), {}
        content = Path(self.settings["PATH"])
        found = self.zones_file()
        for folder, name in content_files(content, self.settings["IGNORE_FILES"]):
            path = Path(folder, name)
            state = _stamp(path)
            if self.kept.get(path, (None,))[0] != state:
                self.kept[path] = (state, self.file(path))
            found += self.kept[path][1]
        self.dictionaries.save()
        return found

    def by_source(self) -> dict[str, list[Problem]]:
        """Return the warnings of every content file, by file (for the preview's notices)."""
        found: dict[str, list[Problem]] = {}
        for problem in self.everything():
            found.setdefault(problem.path, []).append(problem)
        return found


def _stamp(path: Path) -> tuple | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


def for_preview(conf: Path, cache: Path | None):
    """Return (what gives the preview its spelling warnings by file, or None; why there are none)."""
    try:
        checker = Checker(conf, cache)
    except (ImportError, ProblemsError):  # no binding, or zones.yaml to correct first: the build says so
        return None, say("The preview shows no spelling warnings: the spelling check could not start (`make "
                         "spellcheck` says why).")
    if checker.dictionaries.missing:
        return None, say("The preview shows no spelling warnings: there is no Hunspell dictionary for %(locales)s "
                         "(`make spellcheck` installs them).", locales=", ".join(checker.dictionaries.missing))
    return checker.by_source, None
