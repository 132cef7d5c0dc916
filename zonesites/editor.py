"""The configuration of the browser editor (Decap CMS), generated from the schemas the build checks.

Nothing of it is written by hand: the collections come from the content types the plugins answer
on zonelib.signals.content_types (zonesites.types) and from zones.yaml (one set of collections for
the region and for each zone), the fields from each type's JSON Schema, and zones.yaml's own
collection from zonelib.zonefile.zones_schema. What the editor shows for a field lives in its
schema (zonelib.schema.labelled): `x-label`, `x-hint`, `x-choices` are say() sentences, written
here in the staff's language by the catalogs of zonelib/translations; required flags, choices,
patterns (with their `x-expected` words as the message), bounds and list sizes are the schema's.

A Markdown type is a folder collection whose entries are <name>.<lang>.md side by side (Decap's i18n
structure `multiple_files`): a field holds its own value in each language when it is free text, or
a list or block holding free text (a title, a summary, the themes of a report) or the page's web
address; any other field (a date, a choice, a number, a file name) has one value, written to
every language's file. A type with a data file (galleries) is a folder collection of
<name>/gallery.yaml, whose photos are stored next to it.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from zonelib.content import REGION_DIR, ContentType
from zonelib.facts import FACT, VALUE
from zonelib.messages import Translator, say
from zonelib.schema import TYPE_WORDS
from zonelib.zonefile import Zones, localize, zones_schema

CONTENT = "content"  # the content folder, relative to the project (Decap's paths are relative to it)
BODY = "body"  # the Markdown text under the front matter: not a front-matter field
# How a new entry's files are named (the rest of the name is the slug of its title in the first language).
NAMES = {"agenda": "{{fields.start | date('YYYY-MM-DD')}}-{{slug}}"}
# The buttons of the text editor: headings of levels 2 and 3 only (the title is the page's only level 1),
# no images (photos go in galleries) and no code blocks (the build refuses both or has no use for them).
BUTTONS = ["bold", "italic", "link", "heading-two", "heading-three", "bulleted-list", "numbered-list", "quote"]
ZONES_FILE_NAME = "zones"  # the entry of zones.yaml in its collection
PAGES = "admin/{lang}/page/{collection}/{{{{slug}}}}"  # where the preview server finds an entry's page


def collection_name(scope: str, folder: str) -> str:
    """Return the name of the collection of one type folder of the region or of a zone."""
    return f"{scope}_{folder}".replace("-", "_")


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def js_pattern(pattern: str) -> str:
    """Return a Python regular expression as JavaScript reads it: an initial (?i) (ignore case), which
    JavaScript has no inline form for, becomes a class of both cases for each letter."""
    if not pattern.startswith("(?i)"):
        return pattern
    out, escaped, in_class = [], False, False
    for char in pattern[4:]:
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            out.append(char)
            escaped = True
        elif char.isalpha() and char.lower() != char.upper():
            both = char.lower() + char.upper()
            out.append(both if in_class else f"[{both}]")
        else:
            in_class = {"[": True, "]": False}.get(char, in_class)
            out.append(char)
    return "".join(out)


def optional(field: dict) -> dict:
    """Return a field of an optional block as not required, nor its own blocks' fields."""
    return {**field, "required": False, **({"fields": [optional(child) for child in field["fields"]]}
                                           if field.get("widget") == "object" else {})}


def translatable(name: str, schema: dict) -> bool:
    """Return whether a field of a Markdown type holds its own value in each language: free text (no
    pattern, no choices), the web address, or a list or block that holds free text."""
    if name == "slug":
        return True
    kind = schema.get("type")
    if kind == "string":
        return "pattern" not in schema and "enum" not in schema
    if kind == "array":
        return translatable("", schema.get("items", {}))
    if kind == "object":
        return any(translatable(key, child) for key, child in schema.get("properties", {}).items())
    return False


class Fields:
    """Turns the JSON Schema of one collection into Decap fields, in the staff's language."""

    def __init__(self, speak: Translator, languages: dict[str, str], scope: str, markdown: bool):
        """languages: the name of each language of the sites, by code (the staff's first); scope:
        region or a zone id."""
        self.speak, self.languages, self.scope, self.markdown = speak, languages, scope, markdown
        self.first = speak.lang if speak.lang in languages else next(iter(languages))

    def local(self, text) -> str:
        """Return a sentence in the staff's language; text in every language ({fr: …, nl: …}) in theirs."""
        if isinstance(text, dict):
            return text.get(self.speak.lang) or next(iter(text.values()))
        return self.speak(text)

    def of(self, schema: dict, top: bool = False) -> list[dict]:
        """Return the fields of an object schema (at the top of a Markdown type, each with its i18n)."""
        required = set(schema.get("required", []))
        fields = [self.field(name, child, name in required) for name, child in schema["properties"].items()]
        if top and self.markdown:
            for field, (name, child) in zip(fields, schema["properties"].items()):
                self.languages_of(field, name, child)
        return fields

    def languages_of(self, field: dict, name: str, schema: dict) -> None:
        """Say whether a field of a Markdown type has its own value in each language (i18n true) or one
        for all (duplicate); a block is always true in Decap, its fields say it for themselves."""
        if field["widget"] == "object":
            field["i18n"] = True
            for child, (key, part) in zip(field["fields"], schema["properties"].items()):
                self.languages_of(child, key, part)
        else:
            field["i18n"] = True if translatable(name, schema) else "duplicate"

    def multilingual(self, schema: dict) -> bool:
        """Return whether an object schema is a text in every language ({fr: …, nl: …})."""
        return schema.get("type") == "object" and set(schema.get("properties", {})) == set(self.languages) \
            and all(child.get("type") == "string" for child in schema["properties"].values())

    def field(self, name: str, schema: dict, required: bool) -> dict:
        """Return the Decap field of one property; raise ValueError for a schema it has no field for
        (a test builds every collection, so a new kind of field cannot go unnoticed)."""
        field = {"name": name, "label": self.local(schema.get("x-label", name)), "required": required}
        if "x-hint" in schema:
            field["hint"] = self.local(schema["x-hint"])
        if schema.get("x-regional") and self.scope != REGION_DIR:
            return {**field, "widget": "hidden", "required": False}
        if "then" in schema and "else" in schema:  # a value written plainly or as a block: the editor shows the block
            return self.either(field, schema, required)
        kind = schema.get("type")
        if "enum" in schema:
            return {**field, "widget": "select", "options": self.options(schema["enum"], schema.get("x-choices"))}
        if kind == "array":
            return {**field, **self.array(schema)}
        if kind == "object":
            fields = self.object_fields(schema)
            if not required:  # Decap would ask for the required fields of a block left empty: the save's check does
                fields = [optional(child) for child in fields]
            # an optional block of fields opens on a click; a text in every language is always open
            return {**field, "widget": "object", "collapsed": not required and not self.multilingual(schema),
                    "fields": fields}
        if kind in ("integer", "number"):
            bounds = {key: schema[key] for key in ("minimum", "maximum") if key in schema}
            return {**field, "widget": "number", "value_type": "int" if kind == "integer" else "float",
                    **({"min": bounds["minimum"]} if "minimum" in bounds else {}),
                    **({"max": bounds["maximum"]} if "maximum" in bounds else {})}
        if kind == "boolean":
            return {**field, "widget": "boolean", "required": False, "default": False}
        if kind == "date":
            return {**field, "widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD",
                    "time_format": False, "default": ""}
        if kind == "when" or kind == ["string", "date"]:
            field.setdefault("hint", self.local(TYPE_WORDS["when"]))
            return {**field, "widget": "string"}
        if kind == "string":
            return {**field, **self.text(schema)}
        raise ValueError(f"the editor has no field for '{name}' ({schema})")

    def either(self, field: dict, schema: dict, required: bool) -> dict:
        """Return the field of a value that may be written plainly or as a block (editable() gives the
        editor the block): a fact is its value under the fact's own label, then its confirmation."""
        block = schema["then"]
        if schema.get(FACT) != VALUE:
            return {**self.field(field["name"], block, required), **field}
        value = self.field(VALUE, {**block["properties"][VALUE], "x-label": schema.get("x-label", field["name"])}, False)
        notes = [self.field(key, child, False) for key, child in block["properties"].items() if key != VALUE]
        return {**field, "widget": "object", "collapsed": False, "fields": [value, *notes]}

    def text(self, schema: dict) -> dict:
        if "x-file" in schema:
            return {"widget": schema["x-file"], "choose_url": False}
        if "x-refers" in schema:
            return {"widget": "relation", "collection": collection_name(self.scope, schema["x-refers"]),
                    "value_field": "{{slug}}", "search_fields": ["title"], "display_fields": ["title"],
                    "options_length": 200}
        extra = {"widget": "text" if schema.get("x-long") else "string"}
        if "pattern" in schema:
            extra["pattern"] = [js_pattern(schema["pattern"]), self.local(schema.get("x-expected", schema["pattern"]))]
        return extra

    def options(self, values: list, labels: dict | None) -> list[dict]:
        labels = labels or {}
        return [{"label": self.local(labels[value]) if value in labels else str(value), "value": value}
                for value in values]

    def array(self, schema: dict) -> dict:
        items = schema["items"]
        bounds = {"min": schema["minItems"]} if schema.get("minItems") else {}
        if "enum" in items:
            return {"widget": "select", "multiple": True, "options": self.options(items["enum"], schema.get("x-choices")),
                    **bounds}
        if items.get("type") == "object" and not self.multilingual(items):
            fields = self.object_fields(items)
            named = next((f for f in fields if f["name"] in ("title", "name")), fields[0])
            summary = f"{{{{fields.{named['name']}.{self.first}}}}}" if named["widget"] == "object" \
                else f"{{{{fields.{named['name']}}}}}"
            one = {"label_singular": self.local(items["title"])} if "title" in items else {}
            return {"widget": "list", "collapsed": True, "summary": summary, "default": [], "fields": fields,
                    **one, **bounds}
        one = {"label_singular": lower(self.local(items["x-label"]))} if "x-label" in items else {}
        return {"widget": "list", "default": [], "field": self.field("item", items, True), **one, **bounds}

    def object_fields(self, schema: dict) -> list[dict]:
        if self.multilingual(schema):
            inner = next(iter(schema["properties"].values()))
            return [{**self.field(code, {**inner, **{k: v for k, v in schema.items() if k.startswith("x-")
                                                     and k in ("x-long",)}}, True), "label": name}
                    for code, name in self.languages.items()]
        if "properties" in schema:
            return self.of(schema)
        # a block keyed by what zones.yaml holds (the languages): one field per language it has now
        each = schema["additionalProperties"]
        return [{**self.field(code, each, True), "label": name} for code, name in self.languages.items()]


def _part(schema: dict, key) -> dict:
    """Return the schema of one key of a block, or of the items of a list (key None)."""
    if key is None:
        return schema.get("items", {})
    other = schema.get("additionalProperties")
    return schema.get("properties", {}).get(key, other if isinstance(other, dict) else {})


def editable(data, schema: dict):
    """Return data of a file as the editor's fields hold it: a value that may be written plainly or as
    a block (Fields.either) as the block — a fact {value: …}, a credit in one text for every language
    that same text in each."""
    if "then" in schema and "else" in schema:
        if isinstance(data, dict):
            return editable(data, schema["then"])
        if data is None:
            return None
        return {VALUE: data} if schema.get(FACT) == VALUE else {key: data for key in schema["then"]["properties"]}
    if isinstance(data, dict):
        return {key: editable(value, _part(schema, key)) for key, value in data.items()}
    if isinstance(data, list):
        return [editable(item, _part(schema, None)) for item in data]
    return data


def stored(data, schema: dict, old=None):
    """Return what the editor saves as the file writes it (the inverse of editable): a fact whose
    block says no more than its value is written plainly; a text the same in every language, one
    text, unless the file had it per language. old: the file's data at that place, if any."""
    if "then" in schema and "else" in schema and isinstance(data, dict):
        if schema.get(FACT) == VALUE:
            notes = {key: value for key, value in data.items() if key != VALUE and value not in (None, "")}
            before = old.get(VALUE) if isinstance(old, dict) else old
            value = stored(data.get(VALUE), schema["else"], before)
            if not notes:
                return value
            return {**({VALUE: value} if value not in (None, "") else {}), **notes}
        texts = list(data.values())
        if texts and all(text == texts[0] for text in texts) and not isinstance(old, dict):
            return texts[0]
        return data
    if isinstance(data, dict):
        return {key: stored(value, _part(schema, key), old.get(key) if isinstance(old, dict) else None)
                for key, value in data.items()}
    if isinstance(data, list):
        olds = old if isinstance(old, list) else []
        return [stored(item, _part(schema, None), olds[index] if index < len(olds) else None)
                for index, item in enumerate(data)]
    return data


def markdown_collection(kind: ContentType, scope: str, scope_label: str, fields: Fields, speak: Translator) -> dict:
    schema = kind.schema
    summary = "{{title}}"
    body = {"name": BODY, "label": speak(say("Text")), "widget": "markdown", "i18n": True, "required": False,
            "buttons": BUTTONS, "editor_components": [], "modes": ["rich_text", "raw"],
            "hint": speak(say("The title is the page's only main heading: in the text, use the headings of "
                              "levels 2 and 3."))}
    return {
        "name": collection_name(scope, kind.folder),
        "label": f"{scope_label} · {speak(schema['x-label'])}",
        "label_singular": capital(speak(schema["title"])),
        "folder": f"{CONTENT}/{scope}/{kind.folder}",
        "extension": "md", "format": "frontmatter", "create": True, "i18n": True,
        "identifier_field": "title", "slug": NAMES.get(kind.folder, "{{slug}}"), "summary": summary,
        "sortable_fields": ["title"],
        "media_folder": "", "public_folder": "",
        "fields": [*fields.of(schema, top=True), body],
    }


def data_file_collection(kind: ContentType, scope: str, scope_label: str, fields: Fields, speak: Translator,
                         first: str) -> dict:
    data_file = PurePosixPath(kind.data_file)
    return {
        "name": collection_name(scope, kind.folder),
        "label": f"{scope_label} · {speak(kind.schema['x-label'])}",
        "label_singular": capital(speak(kind.schema["title"])),
        "folder": f"{CONTENT}/{scope}/{kind.folder}",
        "path": f"{{{{slug}}}}/{data_file.stem}", "extension": data_file.suffix.lstrip("."),
        "format": data_file.suffix.lstrip("."), "create": True,
        "identifier_field": f"title.{first}", "slug": "{{slug}}", "summary": f"{{{{title.{first}}}}}",
        "media_folder": "", "public_folder": "",
        "fields": fields.of(kind.schema),
    }


def zones_collection(zones: Zones, zones_file: str, speak: Translator, languages: dict[str, str]) -> dict:
    schema = zones_schema(zones.languages)
    fields = Fields(speak, languages, REGION_DIR, markdown=False)
    return {
        "name": "zones", "label": speak(schema["x-label"]), "editor": {"preview": False},
        "files": [{"name": ZONES_FILE_NAME, "label": speak(schema["x-label"]), "file": zones_file,
                   "format": "yaml", "fields": fields.of(schema)}],
    }


def config(types: dict[str, ContentType], zones: Zones, zones_file: str, lang: str, api: str,
           origin: str = "http://localhost:8000") -> dict:
    """Return the Decap configuration for the staff speaking lang; api: the URL of the editor's API;
    origin: the preview's, where the toolbar's link to an entry's page leads (PAGES: the preview
    server sends it on to the page, whose address depends on the entry's own fields)."""
    speak = Translator(lang)
    languages = {code: language["name"] for code, language in zones.data["languages"].items()}
    first = lang if lang in languages else next(iter(languages))
    scopes = [(REGION_DIR, speak(say("Every zone")))] + [
        (zone["id"], localize(zone["short_name"], first, zones.languages)) for zone in zones.data["zones"]]
    collections = []
    for scope, label in scopes:
        for kind in types.values():
            if scope == REGION_DIR and not kind.regional:
                continue
            fields = Fields(speak, languages, scope, kind.markdown)
            collection = (markdown_collection(kind, scope, label, fields, speak) if kind.markdown
                          else data_file_collection(kind, scope, label, fields, speak, first))
            collection["preview_path"] = PAGES.format(lang=lang, collection=collection["name"])
            collections.append(collection)
    collections.append(zones_collection(zones, zones_file, speak, languages))
    return {
        "load_config_file": False,
        "backend": {"name": "proxy", "proxy_url": api},
        "locale": lang,
        "site_url": origin,
        # Files added in the "Media" tab, outside any entry, land in content/ itself, where the build
        # says that no site shows them (an entry's files go in its own folder: media_folder '').
        "media_folder": CONTENT,
        "public_folder": "",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "i18n": {"structure": "multiple_files", "locales": [first, *(c for c in languages if c != first)],
                 "default_locale": first},
        "collections": collections,
    }


def previews(types: dict[str, ContentType], zones: Zones) -> dict[str, dict]:
    """Return, for each collection of content, what its preview shows: the kind of item (the type
    folder) and the colour of its zone (the region's previews take the first zone's)."""
    accents = {zone["id"]: zone["accent"] for zone in zones.data["zones"]}
    return {collection_name(scope, kind.folder): {"kind": kind.folder, "accent": accents.get(scope, accents[zones.ids[0]]),
                                                  "markdown": kind.markdown}
            for scope in [REGION_DIR, *zones.ids] for kind in types.values() if kind.regional or scope != REGION_DIR}


# What Decap CMS says, where its French or Dutch is missing or misleads here: with the local server,
# "Publish" writes the files on this computer, which `make save` then sends; publishing is the
# pipeline's work. By the key of the phrase in decap-cms-locales; %{name} are Decap's places.
PHRASES = {
    "auth.login": say("Open the editor"),
    "app.header.media": say("Files"),
    "collection.collectionTop.newButton": say("+ %{collectionLabel}"),
    "collection.collectionTop.viewAsList": say("Show as a list"),
    "collection.collectionTop.viewAsGrid": say("Show as a grid"),
    "editor.editorControl.field.widgetLabel": say("%{widgetLabel} field"),
    "editor.editorControlPane.widget.regexPattern": say("%{fieldLabel}: write %{pattern}."),
    "editor.editorControlPane.widget.invalidPath": say("'%{path}' is not a valid path"),
    "editor.editorControlPane.widget.pathExists": say("'%{path}' already exists"),
    "editor.editorControlPane.i18n.copyFromLocale": say("Fill in from another language"),
    "editor.editorControlPane.i18n.copyFromLocaleConfirm": say("Fill in the fields from %{locale}? What they "
                                                               "hold now will be replaced."),
    "editor.editorToolbar.publish": say("Save"),
    "editor.editorToolbar.publishing": say("Saving…"),
    "editor.editorToolbar.published": say("Saved"),
    "editor.editorToolbar.publishNow": say("Save now"),
    "editor.editorToolbar.publishAndCreateNew": say("Save and write another one"),
    "editor.editorToolbar.publishAndDuplicate": say("Save and copy it into a new one"),
    "editor.editorToolbar.deletePublishedEntry": say("Delete"),
    "editor.editorToolbar.deployButtonLabel": say("See the page in the preview"),
    "editor.editorWidgets.markdown.toggleMode.rich": say("Switch to the formatted text"),
    "editor.editorWidgets.markdown.toggleMode.markdown": say("Switch to Markdown"),
    "editor.editorWidgets.image.chooseMultiple": say("Choose photos"),
    "editor.editorWidgets.image.addMore": say("Add photos"),
    "editor.editorWidgets.image.removeAll": say("Remove all photos"),
    "editor.editorWidgets.file.chooseMultiple": say("Choose files"),
    "editor.editorWidgets.file.addMore": say("Add files"),
    "editor.editorWidgets.file.removeAll": say("Remove all files"),
    "editor.editorWidgets.list.addType": say("Add %{item}"),
    "editor.editorWidgets.object.expand": say("Open"),
    "editor.editorWidgets.object.collapse": say("Close"),
    "mediaLibrary.mediaLibraryModal.close": say("Close"),
    "mediaLibrary.mediaLibraryModal.upload": say("Add a file from this computer"),
    "mediaLibrary.mediaLibraryModal.mediaAssets": say("Files"),
    "mediaLibrary.mediaLibraryModal.noAssetsFound": say("No file here yet."),
    "ui.settingsDropdown.account": say("Account menu"),
    "ui.toast.missingRequiredField": say("A required field is empty: fill it in, then save."),
    "ui.toast.entrySaved": say("Saved on this computer: the preview shows it in a few seconds."),
    "ui.toast.entryPublished": say("Saved on this computer: the preview shows it in a few seconds."),
    "ui.toast.onFailToPersist": say("Not saved: %{details}"),
}


def phrases(lang: str) -> dict:
    """Return PHRASES in lang, as the nested object Decap's locales are."""
    speak, nested = Translator(lang), {}
    for key, text in PHRASES.items():
        *parents, last = key.split(".")
        place = nested
        for name in parents:
            place = place.setdefault(name, {})
        place[last] = speak(text)
    return nested
