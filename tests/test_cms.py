"""The browser editor (make edit): its configuration comes from the schemas the build checks, and what
it saves the build accepts. `pytest -k cms` runs these tests.

In Debian's Chromium (Playwright), with decap-server started on 127.0.0.1 and a free port, on a copy
of the project: an event written in both languages, a report, a photo added to a gallery and a phone
number corrected in zones.yaml; then the sites of the zone build without a problem and show them. The
editor's page triggers no CSP violation and loads nothing from elsewhere. `--screenshots` (make
guide-screenshots) writes the screenshots of the guides into docs/.
"""

from __future__ import annotations

import functools
import io
import json
import re
import shutil
import subprocess
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from PIL import Image

from conftest import ROOT, MiniSite
from zonelib import zonefile
from zonelib.content import REGION_DIR
from zonelib.messages import Message, Translator
from zonesites import admin, editor, guide, keep
from zonesites.serve import Handler, State
from zonesites.types import run_settings, types_of

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
WAIT = 20_000  # ms: the longest any step of the editor may take


# --- the configuration, from the schemas -----------------------------------------------------------

@pytest.fixture(scope="module")
def types():
    return types_of(run_settings(ROOT / "pelicanconf.py"))


@pytest.fixture(scope="module")
def configs(types, zones):
    return {lang: editor.config(types, zones, "zones.yaml", lang, admin.API) for lang in admin.STAFF}


def schema_paths(schema: dict, languages: list[str], prefix: str = "") -> set[str]:
    """Every field a schema describes, as 'place.name', 'photos.title.fr', 'themes.points.*'."""
    paths = set()
    if "properties" in schema:
        children = schema["properties"].items()
    elif isinstance(schema.get("additionalProperties"), dict):
        children = [(code, schema["additionalProperties"]) for code in languages]
    else:
        children = []
    for name, child in children:
        path = f"{prefix}{name}"
        paths.add(path)
        child = child.get("then", child) if "else" in child else child  # written plainly or as a block: the block
        inner = child.get("items", child) if child.get("type") == "array" else child
        if inner.get("type") == "object":
            paths |= schema_paths(inner, languages, path + ".")
        elif child.get("type") == "array" and "enum" not in inner:
            paths.add(path + ".*")
    return paths


def field_paths(fields: list[dict], prefix: str = "") -> set[str]:
    """Every field of an editor configuration, named as schema_paths names them."""
    paths = set()
    for field in fields:
        path = f"{prefix}{field['name']}"
        paths.add(path)
        if "fields" in field:
            paths |= field_paths(field["fields"], path + ".")
        if "field" in field:
            paths.add(path + ".*")
    return paths


def collections_of(config: dict) -> dict[str, dict]:
    return {collection["name"]: collection for collection in config["collections"]}


def test_cms_every_schema_field_has_an_editor_field_and_every_editor_field_a_schema_field(configs, types, zones):
    collections = collections_of(configs["fr"])
    checked = 0
    for scope in [REGION_DIR, *zones.ids]:
        for folder, kind in types.items():
            name = editor.collection_name(scope, folder)
            if scope == REGION_DIR and not kind.regional:
                assert name not in collections  # galleries belong to one zone
                continue
            fields = field_paths(collections[name]["fields"]) - ({editor.BODY} if kind.markdown else set())
            assert fields == schema_paths(kind.schema, zones.languages), name
            checked += 1
    zones_fields = collections["zones"]["files"][0]["fields"]
    assert field_paths(zones_fields) == schema_paths(zonefile.zones_schema(zones.languages), zones.languages)
    assert checked == 3 + 4 * len(zones.ids)


def test_cms_a_schema_field_the_editor_cannot_show_is_an_error_not_a_silent_gap(zones):
    fields = editor.Fields(Translator("fr"), {"fr": "Français", "nl": "Nederlands"}, "sud", markdown=True)
    with pytest.raises(ValueError, match="no field for 'odd'"):
        fields.field("odd", {"type": "null"}, False)


def labels_of(schema: dict):
    """Yield every label, hint and choice label a schema holds."""
    for key in ("x-label", "x-hint"):
        if key in schema:
            yield schema[key]
    yield from (choice for choice in schema.get("x-choices", {}).values() if not isinstance(choice, dict))
    for child in [*schema.get("properties", {}).values(), schema.get("items"), schema.get("additionalProperties"),
                  schema.get("then")]:
        if isinstance(child, dict):
            yield from labels_of(child)


def test_cms_labels_hints_and_choices_are_staff_sentences_translated_in_french_and_dutch(types, zones):
    schemas_ = [kind.schema for kind in types.values()] + [zonefile.zones_schema(zones.languages)]
    texts = [text for schema in schemas_ for text in labels_of(schema)]
    assert len(texts) > 100
    assert all(isinstance(text, Message) for text in texts), [t for t in texts if not isinstance(t, Message)]
    for lang in admin.STAFF:
        speak = Translator(lang)
        untranslated = [text for text in texts if speak.translations.gettext(text.template) == text.template
                        and text.template not in ("Agenda", "Helpdesk", "E-mail", "Photo", "Photos", "Participants",
                                                  "Communes", "Introduction", "Organisation", "Status", "Cycle",
                                                  "Points", "Point", "Motto", "Postcode", "Vote", "Downloads",
                                                  "Team", "Ateliers du changement", "Pages", "Source")]
        assert untranslated == [], lang


def field_named(fields: list[dict], name: str) -> dict:
    return next(field for field in fields if field["name"] == name)


def test_cms_choices_required_flags_and_patterns_come_from_the_schemas(configs, types):
    fr, nl = collections_of(configs["fr"]), collections_of(configs["nl"])
    category = field_named(fr["sud_agenda"]["fields"], "category")
    assert [o["value"] for o in category["options"]] == types["agenda"].schema["properties"]["category"]["enum"]
    assert [o["label"] for o in category["options"]][:2] == ["Atelier du changement", "Rencontre inter-ZOGAB"]
    assert [o["label"] for o in field_named(nl["sud_agenda"]["fields"], "category")["options"]][1] == \
        "Inter-ZOGAB-ontmoeting"
    status = field_named(fr["sud_agenda"]["fields"], "status")
    assert [o["value"] for o in status["options"]] == ["scheduled", "cancelled", "postponed", "full", "draft"]
    required = {f["name"] for f in fr["sud_agenda"]["fields"] if f.get("required")}
    assert required == set(types["agenda"].schema["required"])
    assert field_named(fr["sud_agenda"]["fields"], "title")["label"] == "Titre"
    assert field_named(nl["sud_agenda"]["fields"], "title")["label"] == "Titel"
    slug = field_named(fr["region_pages"]["fields"], "slug")
    assert slug["pattern"][0] == types["pages"].schema["properties"]["slug"]["pattern"]
    assert slug["pattern"][1].startswith("un nom en lettres minuscules")
    # a field of a block left empty is not asked for (the save's check asks for it when the block is filled)
    place = field_named(fr["sud_agenda"]["fields"], "place")
    assert place["required"] is False and field_named(place["fields"], "name")["required"] is False
    # the same value in every language, or one per language
    assert {f["name"]: f["i18n"] for f in fr["sud_agenda"]["fields"]}["category"] == "duplicate"
    assert {f["name"]: f["i18n"] for f in fr["sud_agenda"]["fields"]}["summary"] is True
    # zones concerned: a regional event's only
    assert field_named(fr["sud_agenda"]["fields"], "zones")["widget"] == "hidden"
    assert [o["value"] for o in field_named(fr["region_agenda"]["fields"], "zones")["options"]][0] == "nord"
    # a report names an event of its own agenda
    event = field_named(fr["sud_ateliers"]["fields"], "event")
    assert (event["widget"], event["collection"]) == ("relation", "sud_agenda")
    photos = field_named(fr["sud_galleries"]["fields"], "photos")
    assert field_named(photos["fields"], "file")["widget"] == "image"
    assert field_named(photos["fields"], "alt")["fields"][1]["label"] == "Nederlands"


def test_cms_collections_come_from_zones_yaml_a_new_zone_gets_its_own(types, zones):
    data = plain((ROOT / "zones.yaml").read_text("utf-8"))
    sixth = json.loads(json.dumps(data["zones"][0]))
    sixth.update(id="est", domain={"fr": "bassin-est.brussels", "nl": "zorgzone-oost.brussels"},
                 short_name={"fr": "Est", "nl": "Oost"})
    data["zones"].append(sixth)
    config = editor.config(types, zonefile.Zones("zones.yaml", data), "zones.yaml", "fr", admin.API)
    names = [collection["name"] for collection in config["collections"]]
    assert {"est_pages", "est_agenda", "est_ateliers", "est_galleries"} <= set(names)
    est = collections_of(config)["est_agenda"]
    assert (est["label"], est["folder"]) == ("Est · Agenda", "content/est/agenda")


@pytest.mark.parametrize(("python", "matches", "misses"), [
    (r"(?i)^[\w.-]+\.(jpe?g|png|webp)$", ["a.JPG", "b_c.jpeg", "x.WebP"], ["a.gif", "a b.jpg"]),
    (r"^\+32( \d{1,3}){3,4}$", ["+32 2 880 29 87"], ["02 880 29 87"]),
])
def test_cms_patterns_mean_the_same_in_javascript(python, matches, misses):
    pattern = editor.js_pattern(python)
    script = "const p = new RegExp(process.argv[1]); console.log(JSON.stringify(process.argv.slice(2).map(s => p.test(s))))"
    result = subprocess.run(["node", "-e", script, pattern, *matches, *misses], capture_output=True, text=True,
                            timeout=30, check=True)
    assert json.loads(result.stdout) == [True] * len(matches) + [False] * len(misses)
    assert all(re.match(python, text) for text in matches) and not any(re.match(python, text) for text in misses)


def test_cms_every_pattern_of_every_schema_compiles_in_javascript(configs):
    patterns = re.findall(r'"pattern": \["((?:[^"\\]|\\.)*)"', json.dumps(configs["fr"]))
    assert len(set(patterns)) >= 8
    script = "for (const p of JSON.parse(process.argv[1])) new RegExp(p); console.log('ok')"
    subprocess.run(["node", "-e", script, json.dumps([json.loads(f'"{p}"') for p in set(patterns)])], timeout=30,
                   check=True, capture_output=True)


@pytest.mark.parametrize("lang", admin.STAFF)
def test_cms_interface_phrases_keep_decaps_placeholders(lang):
    def flat(tree, prefix=""):
        for key, value in tree.items():
            yield from flat(value, f"{prefix}{key}.") if isinstance(value, dict) else [(prefix + key, value)]

    phrases = dict(flat(editor.phrases(lang)))
    assert phrases.keys() == editor.PHRASES.keys()
    for key, text in phrases.items():
        assert set(re.findall(r"%\{\w+\}", text)) == set(re.findall(r"%\{\w+\}", editor.PHRASES[key])), (lang, key)
    assert phrases["editor.editorToolbar.publish"] == {"fr": "Enregistrer", "nl": "Opslaan"}[lang]


# --- the editor in the browser -----------------------------------------------------------------------

class Editing:
    """A copy of the project (the real content), decap-server for it, and the preview server's editor."""

    def __init__(self, site: MiniSite, origin: str, shots: Path):
        self.site, self.origin, self.shots = site, origin, shots
        self.root = site.root

    def text(self, relative: str) -> str:
        return (self.root / relative).read_text("utf-8")


@pytest.fixture(scope="module")
def editing(tmp_path_factory, request):
    root = tmp_path_factory.mktemp("cms")
    site = MiniSite(root, content=True)
    for name in ("cms", "docs"):
        (root / name).symlink_to(ROOT / name)
    shots = ROOT / guide.DOCS / guide.SCREENSHOTS if request.config.getoption("--screenshots") \
        else tmp_path_factory.mktemp("shots")
    shots.mkdir(exist_ok=True)
    with admin.DecapServer(root) as decap:
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(
            Handler, directory=str(root / "output"), state=State(), root=root,
            editor=admin.Editor(root / "pelicanconf.py", decap.url, root / "output")))
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield Editing(site, f"http://127.0.0.1:{server.server_address[1]}", shots)
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    import playwright.sync_api as playwright  # noqa: PLC0415 (`make test` installs it)

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    with playwright.sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=CHROMIUM, args=FLAGS, timeout=WAIT)
        try:
            yield chromium
        finally:
            chromium.close()


class Tab:
    """A browser tab on the editor, in one interface language, that records every console error, CSP
    violation and request to another origin."""

    def __init__(self, browser, editing: Editing, lang: str):
        self.editing, self.lang = editing, lang
        self.page = browser.new_page(viewport={"width": 1280, "height": 860}, locale=f"{lang}-BE")
        self.page.set_default_timeout(WAIT)
        self.errors, self.outside = [], []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", lambda dialog: dialog.accept())  # "leave without saving?": yes
        self.page.on("request", lambda r: self.outside.append(r.url)
                     if not r.url.startswith((editing.origin, "blob:", "data:")) else None)
        self.page.add_init_script("document.addEventListener('securitypolicyviolation', e => "
                                  "console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI))")
        response = self.page.goto(f"{editing.origin}/admin/{lang}/")
        assert "'unsafe-eval'" in response.headers["content-security-policy"]
        self.page.get_by_role("button", name={"fr": "Ouvrir l'éditeur", "nl": "De editor openen"}[lang]).click()
        self.page.get_by_test_id("region_pages").wait_for()

    def open(self, route: str) -> None:
        """Open a page of the editor anew (a hash change alone may keep the previous entry's draft)."""
        self.page.goto("about:blank")
        self.page.goto(f"{self.editing.origin}/admin/{self.lang}/#/collections/{route}")

    def pane(self, lang: str):
        """The editor's column of one language (the first is the interface's)."""
        return self.page.locator(".Pane1" if lang == self.lang else ".Pane2")

    def item(self, scope, text: str):
        """The item of a list that shows text, opened."""
        item = scope.locator("[class*=SortableListItem]").filter(has_text=text).first
        if item.locator("input, textarea").filter(visible=True).count() == 0:
            item.get_by_role("button").first.click()
        return item

    def save(self, shot: str | None = None) -> None:
        words = {"fr": ("Enregistrer", "Enregistrer maintenant", "Enregistré sur cet ordinateur"),
                 "nl": ("Opslaan", "Nu opslaan", "Opgeslagen op deze computer")}[self.lang]
        self.page.get_by_role("button", name=words[0], exact=True).click()
        if shot:
            self.page.get_by_text(words[1], exact=True).wait_for()
            self.shot(shot)
        self.page.get_by_text(words[1], exact=True).click()
        self.page.get_by_text(words[2]).first.wait_for()

    def shot(self, name: str, at=None) -> None:
        """Take a screenshot for the guides, with `at` (a locator) in the middle of the screen."""
        if at is not None:
            at.evaluate("element => element.scrollIntoView({block: 'center'})")
        self.page.screenshot(path=self.editing.shots / f"{name}.png")

    def close(self) -> None:
        self.page.close()
        assert self.errors == [], self.errors
        assert self.outside == [], self.outside


@pytest.fixture
def tab(browser, editing):
    opened = []

    def open_tab(lang: str = "fr") -> Tab:
        opened.append(Tab(browser, editing, lang))
        return opened[-1]

    yield open_tab
    for each in opened:
        each.close()


def built(editing: Editing, zone: str, lang: str):
    """Build one site of the edited copy; return it once it has no problem."""
    run = editing.site.build(zone, lang)
    assert run.problems == []
    return run


pytestmark_browser = pytest.mark.browser


@pytestmark_browser
def test_cms_an_event_written_in_both_languages_builds_and_shows(editing, tab):
    editor_tab = tab("fr")
    page = editor_tab.page
    page.get_by_test_id("sud_agenda").click()
    editor_tab.shot("editeur-collections")
    page.locator('a[href="#/collections/sud_agenda/new"]').click()
    fr, nl = editor_tab.pane("fr"), editor_tab.pane("nl")
    fr.get_by_label("Titre", exact=True).fill("Atelier de printemps")
    nl.get_by_label("Titre", exact=True).fill("Lenteatelier")
    fr.get_by_label("Résumé (optionnel)", exact=True).fill("Le quatrième atelier du changement du bassin Sud.")
    nl.get_by_label("Résumé (optionnel)", exact=True).fill("Het vierde veranderatelier van de zorgzone Zuid.")
    fr.get_by_label("Type d'événement", exact=True).click()
    page.get_by_text("Atelier du changement", exact=True).click()
    fr.get_by_label("Début", exact=True).fill("2026-03-19 09:30")
    fr.get_by_label("Fin (optionnel)", exact=True).fill("2026-03-19 12:30")
    fr.locator("[data-slate-editor=true]").click()
    page.keyboard.type("Une matinée pour préparer les semaines portes ouvertes.")
    nl.locator("[data-slate-editor=true]").click()
    page.keyboard.type("Een ochtend om de opendeurweken voor te bereiden.")
    editor_tab.shot("editeur-evenement", at=fr.get_by_label("Type d'événement", exact=True))
    editor_tab.save(shot="editeur-enregistrer")

    names = sorted(p.name for p in (editing.root / "content/sud/agenda").glob("2026-03-19-*"))
    assert names == ["2026-03-19-atelier-de-printemps.fr.md", "2026-03-19-atelier-de-printemps.nl.md"]
    fr_text = editing.text("content/sud/agenda/2026-03-19-atelier-de-printemps.fr.md")
    nl_text = editing.text("content/sud/agenda/2026-03-19-atelier-de-printemps.nl.md")
    assert 'start: "2026-03-19 09:30"' in fr_text and 'start: "2026-03-19 09:30"' in nl_text
    assert "category: atelier" in nl_text and "Lenteatelier" in nl_text
    for lang, title, text in (("fr", "Atelier de printemps", "préparer les semaines"), ("nl", "Lenteatelier",
                                                                                         "opendeurweken")):
        run = built(editing, "sud", lang)
        page_html = (run.output / "agenda/2026-03-19-atelier-de-printemps/index.html").read_text("utf-8")
        assert f"<h1>{title}</h1>" in page_html and text in page_html
        assert title in (run.output / "agenda/index.html").read_text("utf-8")


@pytestmark_browser
def test_cms_a_report_names_its_event_builds_and_both_link_each_other(editing, tab):
    editor_tab = tab("fr")
    page = editor_tab.page
    editor_tab.open("sud_ateliers/new")
    fr, nl = editor_tab.pane("fr"), editor_tab.pane("nl")
    fr.get_by_label("Titre", exact=True).fill("Retour sur l'atelier de juin")
    nl.get_by_label("Titre", exact=True).fill("Terugblik op het atelier van juni")
    fr.get_by_label("Résumé", exact=True).fill("Ce que les tables ont retenu de l'atelier de juin.")
    nl.get_by_label("Résumé", exact=True).fill("Wat de tafels onthielden van het atelier van juni.")
    event_title = yaml.safe_load(editing.text("content/sud/agenda/2024-06-13-atelier.fr.md").split("---")[1])["title"]
    fr.get_by_label("Événement (optionnel)", exact=True).click()
    page.get_by_text(event_title, exact=True).click()
    fr.get_by_label("Participants (optionnel)", exact=True).fill("40")
    for pane, title, point in ((fr, "Le helpdesk", "Mieux faire connaître la ligne."),
                               (nl, "De helpdesk", "De lijn beter bekendmaken.")):
        pane.get_by_role("button", name="Ajouter thème").click()
        theme = editor_tab.item(pane, "")
        theme.get_by_label("Titre", exact=True).fill(title)
        theme.get_by_role("button", name="Ajouter point").click()
        theme.get_by_label("Point", exact=True).last.fill(point)
    fr.locator("[data-slate-editor=true]").click()
    page.keyboard.type("Quarante professionnels étaient présents.")
    nl.locator("[data-slate-editor=true]").click()
    page.keyboard.type("Er waren veertig professionals.")
    editor_tab.shot("editeur-compte-rendu", at=fr.get_by_label("Participants (optionnel)", exact=True))
    editor_tab.save()

    fr_text = editing.text("content/sud/ateliers/retour-sur-latelier-de-juin.fr.md")
    assert "event: 2024-06-13-atelier" in fr_text and "participants: 40" in fr_text
    assert "event: 2024-06-13-atelier" in editing.text("content/sud/ateliers/retour-sur-latelier-de-juin.nl.md")
    run = built(editing, "sud", "fr")
    report = run.output / "ateliers/retour-sur-latelier-de-juin/index.html"
    assert "Mieux faire connaître la ligne." in report.read_text("utf-8")
    event_page = next(p for p in (run.output / "agenda").glob("*/index.html") if event_title in p.read_text("utf-8")
                      and "<h1>" + event_title in p.read_text("utf-8"))
    assert "ateliers/retour-sur-latelier-de-juin/" in event_page.read_text("utf-8")
    nl_run = built(editing, "sud", "nl")
    assert "De lijn beter bekendmaken." in (nl_run.output / "ateliers/retour-sur-latelier-de-juin/index.html"
                                            ).read_text("utf-8")


def photo(path: Path) -> Path:
    """Write a JPEG that looks like a photo (gradients, not a flat colour)."""
    image = Image.linear_gradient("L").resize((1200, 800)).convert("RGB")
    image.paste((200, 120, 40), (100, 100, 500, 400))
    image.save(path, "JPEG", quality=85)
    return path


@pytestmark_browser
def test_cms_a_photo_added_to_a_gallery_is_stored_next_to_gallery_yaml_and_shown(editing, tab, tmp_path):
    before = editing.text("content/sud/galleries/exemple/gallery.yaml")
    editor_tab = tab("fr")
    page = editor_tab.page
    editor_tab.open("sud_galleries/entries/exemple/gallery")
    page.get_by_role("button", name="Ajouter photo").click()
    added = page.locator("[class*=SortableListItem]").last
    added.get_by_role("button", name="Choisir une image").click()
    page.locator("input[type=file]").set_input_files(photo(tmp_path / "marolles.jpg"))
    page.get_by_text("Choisir les éléments sélectionnés").click()
    added.get_by_label("Français", exact=True).first.fill("Les Marolles")  # the title
    added.get_by_label("Nederlands", exact=True).first.fill("De Marollen")
    added.get_by_label("Français (optionnel)", exact=True).first.fill("Une rue des Marolles un matin de marché")
    added.get_by_label("Nederlands (optionnel)", exact=True).first.fill("Een straat in de Marollen op een marktochtend")
    # the photographer, after the title: a name is the same in both languages
    added.get_by_label("Français", exact=True).nth(1).fill("Camille")
    added.get_by_label("Nederlands", exact=True).nth(1).fill("Camille")
    added.get_by_label("Voix", exact=True).fill("3")
    editor_tab.shot("editeur-photos", at=added.get_by_label("Français", exact=True).first)
    editor_tab.save()

    folder = editing.root / "content/sud/galleries/exemple"
    assert (folder / "marolles.jpg").is_file()
    after = editing.text("content/sud/galleries/exemple/gallery.yaml")
    assert after.startswith(before.split("photos:")[0])  # header comments, quotes and layout kept
    assert after.splitlines()[:len(before.splitlines())] == before.splitlines()
    assert "  - file: marolles.jpg\n" in after and "De Marollen" in after and "credit: Camille\n" in after
    run = built(editing, "sud", "fr")
    gallery = next((run.output / "photos").glob("*/index.html")).read_text("utf-8")
    assert "Les Marolles" in gallery and "Une rue des Marolles un matin de marché" in gallery


@pytestmark_browser
def test_cms_a_phone_number_confirmed_keeps_zones_yaml_whole_and_shows_on_the_sites(editing, tab):
    before = editing.text("zones.yaml")
    editor_tab = tab("fr")
    page = editor_tab.page
    editor_tab.open("zones/entries/zones")
    nord_est = editor_tab.item(page, "Bassin Nord-Est")
    phone = nord_est.get_by_label("Téléphone (optionnel)", exact=True).first
    why = nord_est.get_by_label("Pas encore confirmé : pourquoi (optionnel)", exact=True).first
    assert phone.input_value() == "" and "in no source" in why.input_value()  # not known: said so, no number
    phone.fill("+32 2 880 29 91")
    nord_est.get_by_label("Source (optionnel)", exact=True).first.fill("donné par l'équipe du bassin le 2 décembre 2026")
    why.fill("")
    editor_tab.shot("editeur-telephone", at=phone)
    editor_tab.save()

    after = editing.text("zones.yaml")
    lines = before.splitlines()
    zone = lines.index("  - id: nord-est")
    where = zone + next(i for i, line in enumerate(lines[zone:]) if line.startswith("    phone:"))
    assert after.splitlines() == [*lines[:where], '    phone: {value: "+32 2 880 29 91", source: '
                                  '"donné par l\'équipe du bassin le 2 décembre 2026"}', *lines[where + 1:]]
    run = built(editing, "nord-est", "fr")
    assert "+32 2 880 29 91" in (run.output / "index.html").read_text("utf-8")


@pytestmark_browser
def test_cms_the_dutch_interface_and_its_screenshots(editing, tab):
    editor_tab = tab("nl")
    page = editor_tab.page
    assert page.get_by_text("Alle zorgzones · Pagina's").first.is_visible()
    page.get_by_test_id("sud_agenda").click()
    editor_tab.shot("editor-collecties")
    editor_tab.open("sud_agenda/new")
    editor_tab.pane("nl").get_by_label("Soort evenement", exact=True).wait_for()
    editor_tab.shot("editor-evenement", at=editor_tab.pane("nl").get_by_label("Soort evenement", exact=True))
    editor_tab.open("sud_ateliers/entries/2024-02-01-retour")
    themes = editor_tab.pane("nl").get_by_text("Thema's of tafels").first
    themes.wait_for()
    editor_tab.shot("editor-verslag", at=themes)
    editor_tab.open("sud_galleries/entries/exemple/gallery")
    editor_tab.shot("editor-fotos", at=editor_tab.item(page, "Vorst").get_by_label("Nederlands", exact=True).first)
    editor_tab.open("zones/entries/zones")
    sud = editor_tab.item(page, "Zorgzone Zuid-Oost")
    phone = sud.get_by_label("Telefoon (optioneel)", exact=True).first
    phone.fill("+32 2 880 29 92")
    editor_tab.shot("editor-telefoon", at=phone)
    editor_tab.save(shot="editor-opslaan")
    assert "+32 2 880 29 92" in editing.text("zones.yaml")


# --- the API: what a save may write ------------------------------------------------------------------

def persist(editing_editor: admin.Editor, path: str, raw: str, lang: str = "fr") -> tuple[int, dict]:
    body = json.dumps({"action": "persistEntry", "params": {"branch": "main", "assets": [], "options": {},
                                                           "dataFiles": [{"slug": "x", "path": path, "raw": raw}]}})
    status, answer = editing_editor.answer(body.encode(), lang)
    return status, json.loads(answer) if answer else {}


def test_cms_a_save_the_build_would_refuse_writes_nothing_and_says_why_in_the_staffs_language(editing):
    api = admin.Editor(editing.root / "pelicanconf.py", "http://127.0.0.1:9/api/v1")  # never reached
    zones_text = editing.text("zones.yaml")
    status, answer = persist(api, "zones.yaml", zones_text.replace('accent: "#1d5a85"', 'accent: "#ffee00"'))
    assert status == 422 and "trop pâle" in answer["error"] and answer["error"].startswith("zones.yaml:")
    event = "---\ntitle: Essai\ncategory: atelier\nstart: \"2026-03-19 12:30\"\n---\nTexte\n"
    status, answer = persist(api, "content/sud/agenda/2026-03-19-essai.nl.md", event, "nl")
    assert status == 422 and "einduur" in answer["error"], answer  # the file's language: Dutch
    assert not (editing.root / "content/sud/agenda/2026-03-19-essai.nl.md").exists()
    assert editing.text("zones.yaml") == zones_text


def test_cms_the_api_answers_only_the_editors_own_pages(editing):
    import urllib.error  # noqa: PLC0415
    import urllib.request  # noqa: PLC0415

    body = json.dumps({"action": "info", "params": {}}).encode()
    for headers in ({"Content-Type": "text/plain", "Origin": editing.origin},
                    {"Content-Type": "application/json", "Origin": "http://evil.example"},
                    {"Content-Type": "application/json"}):
        request = urllib.request.Request(editing.origin + admin.API, body, headers)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == 403
    request = urllib.request.Request(editing.origin + admin.API, body,
                                     {"Content-Type": "application/json", "Origin": editing.origin})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert json.loads(response.read())["type"] == "local_fs"


def test_cms_the_editor_is_never_part_of_the_public_web_roots(dev):
    for domain in (site.domain for site in dev.zones.sites()):
        files = [p.relative_to(dev.output / domain).as_posix() for p in (dev.output / domain).rglob("*")]
        assert not any(name.startswith("admin") or "decap" in name for name in files), domain
        headers = (dev.output / "hosts" / domain / "_headers").read_text("utf-8")
        assert "default-src 'self'" in headers and "'unsafe-eval'" not in headers and "unsafe-inline" not in headers


# --- the guides ---------------------------------------------------------------------------------------

TASKS = {"fr": ["Ouvrir l'éditeur", "Ajouter un événement à l'agenda", "Rédiger le compte rendu d'un atelier",
                "Remplacer les photos d'un vote", "Corriger un numéro de téléphone", "Enregistrer", "Publier"],
         "nl": ["De editor openen", "Een activiteit aan de agenda toevoegen", "Het verslag van een atelier schrijven",
                "De foto's van een stemming vervangen", "Een telefoonnummer verbeteren", "Opslaan", "Publiceren"]}


def test_cms_the_guides_are_beside_the_preview_portal_with_their_screenshots(dev):
    from conftest import soup  # noqa: PLC0415

    portal = soup(dev.output / "index.html")
    links = [a["href"] for a in portal.select("nav a")]
    assert links == [f"guide/{guide.page_name(name)}" for name in guide.GUIDES.values()]
    for lang, name in guide.GUIDES.items():
        page = soup(dev.output / "guide" / guide.page_name(name))
        assert page.html["lang"] == lang
        assert [h.get_text() for h in page.select("h2")] == TASKS[lang]
        images = [img["src"] for img in page.select("img")]
        assert len(images) >= 5 and all(img["alt"] for img in page.select("img"))
        for src in images:  # taken by the browser tests above (make guide-screenshots), committed
            assert (dev.output / "guide" / src).is_file(), src
            assert (ROOT / guide.DOCS / src).is_file(), src
        text = page.get_text()
        assert "make edit" in text and 'make save MESSAGE="' in text and "make deploy" in text
    french = (ROOT / guide.DOCS / guide.GUIDES["fr"]).read_text("utf-8")
    assert not re.search(r"\w [:;?!]", french)  # a no-break space before the French double punctuation


# --- what a save keeps (zonesites.keep) ---------------------------------------------------------------

def plain(text: str):
    return json.loads(json.dumps(yaml.safe_load(text), default=str))


def every_yaml_file() -> list[Path]:
    return [ROOT / "zones.yaml", *sorted((ROOT / "content").glob("*/galleries/*/gallery.yaml"))]


@pytest.mark.parametrize("path", every_yaml_file(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_cms_keep_writes_an_unchanged_data_file_back_byte_for_byte(path):
    text = path.read_text("utf-8")
    assert keep.merge_data(text, yaml.safe_dump(plain(text), allow_unicode=True)) == text


def test_cms_keep_writes_every_unchanged_front_matter_and_text_back_byte_for_byte():
    files = sorted((ROOT / "content").glob("*/*/*.md"))
    assert len(files) > 50
    for path in files:
        text = path.read_text("utf-8")
        front, body = keep.split_front_matter(text)
        # as the editor writes it: its own YAML (refolded, quotes dropped), the text as it was
        sent = "---\n" + yaml.safe_dump(yaml.safe_load(front), allow_unicode=True, width=60) + "---\n" + body
        assert keep.merge_markdown(text, sent) == text, path


def test_cms_keep_a_changed_value_changes_its_line_only():
    text = (ROOT / "zones.yaml").read_text("utf-8")
    data = plain(text)
    data["zones"][3]["phone"]["value"] = "+32 2 880 29 99"
    after = keep.merge_data(text, yaml.safe_dump(data, allow_unicode=True))
    changed = [(a, b) for a, b in zip(text.splitlines(), after.splitlines()) if a != b]
    assert changed == [('    phone: {value: "+32 2 880 29 88", source: "seed 001 (to contact the team)"}',
                        '    phone: {value: "+32 2 880 29 99", source: "seed 001 (to contact the team)"}')]
    assert after.startswith(text.split("languages:")[0])  # the documentation at the top stays


@pytest.mark.parametrize(("written", "shown", "saved"), [
    ('"+32 2 880 29 87"', {"value": "+32 2 880 29 87"}, '"+32 2 880 29 87"'),
    ('{value: "+32 2 880 29 87", source: "seed 003"}', {"value": "+32 2 880 29 87", "source": "seed 003"}, None),
    ('{unconfirmed: "not published"}', {"unconfirmed": "not published"}, None),
])
def test_cms_a_fact_is_shown_as_its_block_and_saved_plainly_when_it_says_no_more_than_its_value(written, shown, saved):
    schema = zonefile.zones_schema(["fr", "nl"])["properties"]["zones"]["items"]["properties"]["phone"]
    value = yaml.safe_load(f"phone: {written}")["phone"]
    assert editor.editable(value, schema) == shown
    assert editor.stored({**shown, "unconfirmed": shown.get("unconfirmed", "")}, schema, value) == (
        yaml.safe_load(saved) if saved else value)
    confirmed = editor.stored({"value": "+32 2 880 29 91", "source": "", "unconfirmed": ""}, schema, value)
    assert confirmed == "+32 2 880 29 91"


def test_cms_a_credit_in_one_text_is_shown_in_each_language_and_saved_as_one_text():
    gallery = next(kind for kind in types_of(run_settings(ROOT / "pelicanconf.py")).values() if not kind.markdown)
    credit = gallery.schema["properties"]["photos"]["items"]["properties"]["credit"]
    assert editor.editable("Brusano", credit) == {"fr": "Brusano", "nl": "Brusano"}
    assert editor.stored({"fr": "Brusano", "nl": "Brusano"}, credit, "Brusano") == "Brusano"
    assert editor.stored({"fr": "Brusano", "nl": "Brusano"}, credit, {"fr": "Brusano", "nl": "Brusano"}) == \
        {"fr": "Brusano", "nl": "Brusano"}
    assert editor.stored({"fr": "Photo X", "nl": "Foto X"}, credit, "Photo X") == {"fr": "Photo X", "nl": "Foto X"}


def test_cms_keep_a_value_shared_by_an_anchor_changes_at_one_place_only():
    text = (ROOT / "zones.yaml").read_text("utf-8")
    data = plain(text)
    data["zones"][1]["helpdesk"]["purpose"]["fr"] = "Une autre phrase."
    after = keep.merge_data(text, yaml.safe_dump(data, allow_unicode=True))
    assert plain(after) == data
    assert after.count("*helpdesk_purpose") == text.count("*helpdesk_purpose") - 1 and "&helpdesk_purpose" in after


def test_cms_keep_list_items_added_and_removed_take_their_neighbours_layout():
    text = (ROOT / "zones.yaml").read_text("utf-8")
    data = plain(text)
    communes = data["zones"][0]["communes"]
    removed = communes.pop(1)
    communes.append({"postcode": "1099", "name": {"fr": "Exemple", "nl": "Voorbeeld"}, "part_of": None,
                     "whole_postcode": False})
    after = keep.merge_data(text, yaml.safe_dump(data, allow_unicode=True), zonefile.zones_schema(["fr", "nl"]))
    assert removed["name"]["fr"] not in after.split("  - id: nord-est")[0]
    assert '      - {name: {fr: Exemple, nl: Voorbeeld}, postcode: "1099"}\n' in after  # blank and false: left out
    assert len(after.splitlines()) == len(text.splitlines())


@pytest.mark.parametrize(("sent", "written"), [
    ("start: 2026-03-19 09:30", 'start: "2026-03-19 09:30"'),  # as the README writes a date and time
    ("cycle: 2023-10", 'cycle: "2023-10"'),
    ("updated: 2024-03-14", "updated: 2024-03-14"),  # a real date stays one
    ("summary: ''", None),  # a blank field is left out
    ("untranslated: false", None),
])
def test_cms_keep_writes_new_values_as_the_build_reads_them(sent, written):
    text = keep.merge_markdown(None, f"---\ntitle: Essai\n{sent}\n---\nTexte\n")
    assert text.startswith("---\ntitle: Essai\n") and text.endswith("---\nTexte\n")
    assert (written in text) if written else text == "---\ntitle: Essai\n---\nTexte\n"
