"""Messages for the staff, in their language: written in English in the code, translated by a catalog.

A message is a whole sentence with named placeholders,

    say("'%(key)s' is missing (every %(what)s needs one); add it", key=name, what=say("event"))

It is a str, its English text, so that it compares, sorts, pickles and prints as any text; and it
remembers its sentence and values, so that a Translator writes it in French or Dutch from the
catalogs in zonelib/translations/<lang>/LC_MESSAGES/staff.po (`make catalogs-update` collects the
sentences; the build refuses none, an untranslated sentence is shown in English). A value may be a
message itself, translated in turn. Counts use say_n(singular, plural, n, …), with the plural forms
of each language.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

CATALOGS = Path(__file__).parent / "translations"
DOMAIN = "staff"
KEYWORDS = {"say": None, "say_n": (1, 2)}  # what marks a sentence to translate (babel's keywords)
LANGUAGES = ("en", "fr", "nl")  # English is the language of the code
DECIMAL = re.compile(r"%\((\w+)\)\.(\d+)f")  # a number's place, with its digits after the decimal sign


class Message(str):
    """A sentence for the staff: its English text, with what is needed to translate it."""

    template: str
    plural: str | None
    count: int | None
    values: dict

    def __new__(cls, template: str, values: dict, plural: str | None = None, count: int | None = None):
        chosen = template if plural is None or count == 1 else plural
        text = chosen % values if values or "%%" in chosen else chosen
        message = super().__new__(cls, text)
        message.template, message.plural, message.count, message.values = template, plural, count, values
        return message

    def __reduce__(self):
        return Message, (self.template, self.values, self.plural, self.count)


def say(template: str, **values) -> Message:
    """Return a message for the staff; `template` is a whole English sentence with %(name)s places."""
    return Message(template, values)


def say_n(singular: str, plural: str, count: int, **values) -> Message:
    """Return a message about `count` things (its `%(count)d` place is filled with it)."""
    return Message(singular, {"count": count, **values}, plural, count)


def compile_catalog(catalog: Catalog, domain: str = DOMAIN) -> Translations:
    """Return the translations of a catalog read from a .po file, compiled in memory."""
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=domain)


class Translator:
    """Writes messages in one language."""

    def __init__(self, lang: str):
        self.lang = lang
        file = CATALOGS / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        if lang == "en" or not file.is_file():
            self.translations = NullTranslations()
        else:
            with file.open("rb") as handle:
                self.translations = compile_catalog(read_po(handle))

    def __call__(self, text: str) -> str:
        """Return text in this language: a Message translated, any other text as it is."""
        if not isinstance(text, Message):
            return text
        values = {name: self(value) if isinstance(value, str) else value for name, value in text.values.items()}
        if text.plural is None:
            sentence = self.translations.gettext(text.template)
        else:
            sentence = self.translations.ngettext(text.template, text.plural, text.count)
        if self.lang != "en":
            sentence = DECIMAL.sub(lambda found: self._decimal(found, values), sentence)
        return sentence % values if values or "%%" in sentence else sentence

    def _decimal(self, found: re.Match, values: dict) -> str:
        """Write the number of a `%(name).Nf` place as this language does (Babel: 2,6 in French and
        Dutch, not 2.6) and return the place that then takes it."""
        name, digits = found[1], int(found[2])
        if not isinstance(values.get(name), str):  # not written yet (a place may come twice)
            decimals = "." + "0" * digits if digits else ""
            values[name] = format_decimal(values[name], f"#,##0{decimals}", locale=self.lang)
        return f"%({name})s"


def language_of(path: str, default: str) -> str:
    """Return the language a file's problems are written in: that of a file named <name>.<lang>.md,
    else `default`."""
    parts = Path(path).name.split(".")
    return parts[-2] if len(parts) >= 3 and parts[-1] == "md" and parts[-2] in LANGUAGES else default


class Voice:
    """Speaks to the staff in their language: each problem in the language of its file (a page
    named <name>.nl.md is spoken of in Dutch), everything else in `lang`; with lang "en",
    everything in English, as the code writes it."""

    def __init__(self, lang: str):
        self.lang = lang if lang in LANGUAGES else "en"
        self.translators: dict[str, Translator] = {}

    def _in(self, lang: str) -> Translator:
        if lang not in self.translators:
            self.translators[lang] = Translator(lang)
        return self.translators[lang]

    def __call__(self, text: str) -> str:
        """Return a message in the staff's language."""
        return self._in(self.lang)(text)

    def problem(self, problem) -> str:
        """Return a problem (zonelib.problems) as `path:line: message`, in the language of its file."""
        lang = self.lang if self.lang == "en" else language_of(problem.path, self.lang)
        return problem.in_language(self._in(lang))
