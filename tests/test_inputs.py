"""No input crashes, hangs or leaks: whatever lands in content/ or zones.yaml, the build ends quickly
with exactly one clear problem per cause, naming the file (and the line), and publishes nothing from
outside the project. What common editors save (a byte-order mark, Windows or old Mac line endings)
builds."""

from __future__ import annotations

import os
import struct
import zlib

import pytest
from PIL import Image

from conftest import soup
from zonelib.problems import ProblemsError

PAGE = "---\ntitle: {title}\nsummary: Une page.\n---\n{body}\n"
DUTCH = "---\ntitle: Pagina\n---\nTekst.\n"
GALLERY = """title: {fr: Essai, nl: Test}
voting: closed
photos:
  - file: a.jpg
    title: {fr: A, nl: A}
    alt: {fr: Image A, nl: Beeld A}
    credit: Équipe
    votes: 3
  - file: b.jpg
    title: {fr: B, nl: B}
    alt: {fr: Image B, nl: Beeld B}
    credit: Équipe
    votes: 1
"""


def page(site, name: str, data: bytes) -> None:
    site.write(f"content/sud/pages/{name}.fr.md", data)
    site.write(f"content/sud/pages/{name}.nl.md", DUTCH)


def gallery(site, text: str = GALLERY):
    folder = site.root / "content/sud/galleries/expo"
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("a.jpg", "b.jpg"):
        Image.new("RGB", (640, 480), "#336699").save(folder / name, "JPEG")
    (folder / "gallery.yaml").write_text(text, "utf-8")
    return folder


# Text encodings and line endings --------------------------------------------------------------

@pytest.mark.parametrize(("encode", "ending"), [
    (lambda text: "\ufeff".encode() + text.encode(), "\n"),  # Notepad's "UTF-8 with BOM"
    (lambda text: text.encode(), "\r\n"),  # Windows line endings
    (lambda text: text.encode(), "\r"),  # old Mac line endings
    (lambda text: "\ufeff".encode() + text.encode(), "\r\n"),
])
def test_what_editors_on_windows_and_macos_save_builds(site, encode, ending):
    text = PAGE.format(title="Café", body="Première ligne.\n\nDeuxième ligne.").replace("\n", ending)
    page(site, "note", encode(text))
    run = site.build()
    assert run.problems == []
    html = run.page("note")
    assert html.h1.get_text() == "Café" and "\ufeff" not in html.decode()
    assert [p.get_text() for p in html.select("main p")][:2] == ["Première ligne.", "Deuxième ligne."]


def test_zones_yaml_saved_with_a_bom_and_windows_line_endings_builds(site):
    zones = site.root / "zones.yaml"
    zones.write_bytes("\ufeff".encode() + zones.read_text("utf-8").replace("\n", "\r\n").encode())
    assert site.build().problems == []


def test_a_file_saved_in_windows_1252_is_one_problem_with_its_line_and_the_fix(site):
    page(site, "note", PAGE.format(title="Note", body="Une ligne.\n\nLe café du coin.").encode("cp1252"))
    assert site.build().problems == [
        "content/sud/pages/note.fr.md:7: this file is not saved as UTF-8 (this line reads “Le café du coin.” in another "
        "encoding, such as Windows-1252); in your editor, save it again with the encoding 'UTF-8'"]


def test_a_file_saved_as_utf16_is_one_problem(site):
    page(site, "note", PAGE.format(title="Note", body="Texte.").encode("utf-16"))
    assert site.build().problems == ["content/sud/pages/note.fr.md:1: this file is saved as UTF-16 ('Unicode'); "
                                     "save it again with the encoding 'UTF-8'"]


def test_a_gallery_yaml_in_latin_1_is_one_problem(site):
    folder = gallery(site)
    (folder / "gallery.yaml").write_bytes(GALLERY.encode("latin-1"))
    problems = site.build().problems
    assert len(problems) == 1 and problems[0].startswith("content/sud/galleries/expo/gallery.yaml:7: this file is "
                                                         "not saved as UTF-8"), problems


# File names -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "message"), [
    ("note.de.md", "'de' is not a language of the sites; name the file note.fr.md / note.nl.md"),
    ("note.md", "a content file is named <name>.<language>.md"),
    ("Été 2024.fr.md", "rename the file like ete-2024.fr.md"),
    ("note?.fr.md", "rename the file like note.fr.md"),
])
def test_a_file_name_the_sites_cannot_use_is_one_problem(site, name, message):
    site.write(f"content/sud/pages/{name}", PAGE.format(title="Note", body="Texte."))
    problems = site.build().problems
    assert len(problems) == 1 and problems[0].startswith(f"content/sud/pages/{name}:1: ") and message in problems[0]


def test_two_names_that_differ_only_by_case_give_one_problem(site):
    site.both("content/sud/pages/agenda-2024", PAGE.format(title="A", body="a"), DUTCH)
    site.write("content/sud/pages/Agenda-2024.fr.md", PAGE.format(title="B", body="b"))
    assert site.build().problems == [
        "content/sud/pages/Agenda-2024.fr.md:1: the name 'Agenda-2024' becomes a web address, which may contain only "
        "lowercase letters, digits and '-'; rename the file like agenda-2024.fr.md"]


# Links and paths --------------------------------------------------------------------------------

@pytest.fixture
def secret(tmp_path):
    """A file outside the project that must never be published."""
    path = tmp_path / "outside" / "secret.txt"
    path.parent.mkdir()
    path.write_text("---\ntitle: SECRET-42\n---\nSECRET-42\n", "utf-8")
    return path


def test_a_link_to_a_file_outside_content_is_refused_and_nothing_of_it_is_published(site, secret):
    (site.root / "content/sud/pages").mkdir(parents=True)
    (site.root / "content/sud/pages/leak.fr.md").symlink_to(secret)
    (site.root / "content/sud/pages/leak.nl.md").symlink_to(secret)
    run = site.build()  # plain Pelican follows links: the reader refuses them
    assert run.problems == [f"content/sud/pages/leak.{lang}.md:1: this file is a link to a file outside the content "
                            "folder, which is never published; copy the file here instead of linking to it"
                            for lang in ("fr", "nl")]
    with pytest.raises(ProblemsError) as error:  # the build tool refuses them before any site is built
        site.build_all()
    assert [p.path for p in error.value.problems] == ["content/sud/pages/leak.fr.md", "content/sud/pages/leak.nl.md"]
    assert not any(b"SECRET-42" in path.read_bytes() for path in site.root.glob("out/**/*") if path.is_file())
    assert not (site.root / "output").exists()


def test_a_folder_linked_to_its_parent_ends_the_build_with_one_problem(site):
    (site.root / "content/sud/pages").mkdir(parents=True)
    (site.root / "content/sud/pages/loop").symlink_to(site.root / "content/sud")
    with pytest.raises(ProblemsError) as error:
        site.build_all()
    assert [str(p) for p in error.value.problems] == [
        "content/sud/pages/loop:1: this folder is a link to another folder; put the files themselves here"]


def test_a_pipe_in_content_is_refused_instead_of_read_forever(site):
    (site.root / "content/sud/pages").mkdir(parents=True)
    os.mkfifo(site.root / "content/sud/pages/pipe.fr.md")
    with pytest.raises(ProblemsError) as error:
        site.build_all()
    assert [str(p) for p in error.value.problems] == [
        "content/sud/pages/pipe.fr.md:1: this is not an ordinary file (a device or a pipe); remove it"]


REPORT = "---\ntitle: R\nsummary: R.\ncycle: \"2023-10\"\ndownloads:\n  - file: {file}\n    title: Le document\n---\nTexte.\n"


@pytest.mark.parametrize(("file", "message"), [
    ("../../../zones.yaml", "is not a file name in the report's folder"),
    ("/etc/passwd", "is not a file name in the report's folder"),
    ("..", "is not a file next to this report"),
    ("linked.pdf", "is a link to a file outside the content folder"),
    ("fake.pdf", "is not really a .pdf file"),
    ("script.exe", "cannot be offered for download"),
])
def test_a_download_from_outside_or_of_the_wrong_kind_is_one_problem(site, secret, file, message):
    folder = site.root / "content/sud/ateliers"
    folder.mkdir(parents=True)
    (folder / "linked.pdf").symlink_to(secret)
    (folder / "fake.pdf").write_text("<html>not a PDF</html>", "utf-8")
    (folder / "script.exe").write_bytes(b"MZ\x90\x00")
    for lang in ("fr", "nl"):
        site.write(f"content/sud/ateliers/r.{lang}.md", REPORT.format(file=file))
    problems = [p for p in site.build().problems if p.startswith("content/sud/ateliers/r.fr.md")]
    assert len(problems) == 1 and problems[0].startswith("content/sud/ateliers/r.fr.md:6: ") and message in problems[0]


def test_a_photo_linked_from_outside_is_one_problem(site, secret):
    folder = gallery(site)
    outside = secret.with_name("photo.jpg")
    Image.new("RGB", (64, 64)).save(outside)
    (folder / "b.jpg").unlink()
    (folder / "b.jpg").symlink_to(outside)
    assert site.build().problems == ["content/sud/galleries/expo/gallery.yaml:9: 'b.jpg' is a link to a file outside "
                                     "the content folder, which is never published; put the photo itself here"]


# Images -----------------------------------------------------------------------------------------

def png_claiming(width: int, height: int) -> bytes:
    """Return a small PNG file that claims width x height pixels (a few bytes of pixels follow)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


@pytest.mark.parametrize(("damage", "message"), [
    (lambda path: path.write_bytes(path.read_bytes()[:len(path.read_bytes()) // 3]), "is damaged or cut short"),
    (lambda path: Image.open(path).save(path.with_suffix(".tmp"), "PNG") or path.with_suffix(".tmp").replace(path),
     "despite its name, 'b.jpg' is a PNG image; rename it b.png"),
    (lambda path: path.write_text("not a photo at all", "utf-8"), "'b.jpg' cannot be read as an image"),
    (lambda path: path.write_bytes(png_claiming(100_000, 100_000)), "has far too many pixels to be opened safely"),
    (lambda path: path.write_bytes(png_claiming(9_000, 7_000)), "is 9000 × 7000 pixels (63 megapixels"),
    (lambda path: path.open("r+b").truncate(45_000_000), "weighs 45 MB, more than 40 MB"),
])
def test_a_damaged_false_or_enormous_photo_is_one_problem_on_its_line(site, damage, message):
    (site.root / ".cache").unlink()  # its own cache: a damaged photo is never taken from another test
    folder = gallery(site)
    damage(folder / "b.jpg")
    problems = site.build().problems
    assert len(problems) == 1, problems
    assert problems[0].startswith("content/sud/galleries/expo/gallery.yaml:9: ") and message in problems[0], problems


# YAML that would take forever or all the memory -----------------------------------------------

LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]\n" for i in range(8))


@pytest.mark.parametrize(("front", "message"), [
    (LAUGHS, "once its aliases (*name) are expanded, this file holds more than 100000 values"),
    ("title: " + "[" * 50_000 + "]" * 50_000 + "\n", "blocks are nested more than 32 levels deep here"),
    ("title: &t [1, *t]\n", "'*t' repeats the block it stands in"),
    ("title: " + "x" * 1_200_000 + "\n", "this block is 1200008 characters long"),
])
def test_yaml_that_would_never_end_is_one_problem(site, front, message):
    page(site, "bomb", f"---\n{front}---\nTexte.\n".encode())
    problems = site.build().problems
    assert len(problems) == 1 and problems[0].startswith("content/sud/pages/bomb.fr.md:") and message in problems[0]


def test_a_gallery_yaml_nested_too_deep_is_one_problem(site):
    folder = gallery(site)
    (folder / "gallery.yaml").write_text("title: " + "{a: " * 10_000 + "1" + "}" * 10_000 + "\n", "utf-8")
    problems = site.build().problems
    assert len(problems) == 1 and "nested more than 32 levels" in problems[0], problems


def test_a_huge_page_is_one_problem(site):
    page(site, "huge", ("---\ntitle: Énorme\n---\n" + "Texte. " * 400_000).encode())
    assert site.build().problems == ["content/sud/pages/huge.fr.md:1: this file weighs 2.8 MB, more than the 2 MB a "
                                     "page or data file may have; it is probably not the file you meant to save here"]


def test_the_pages_of_a_site_stay_whole_after_a_refused_file(site):
    site.both("content/sud/pages/fine", PAGE.format(title="Bien", body="Texte."), DUTCH)
    page(site, "bad", PAGE.format(title="Mal", body="x").encode("utf-16"))
    run = site.build()
    assert len(run.problems) == 1  # no "could not process" for the pages that are fine
    assert soup(run.output / "fine/index.html").h1.get_text() == "Bien"
