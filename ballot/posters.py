"""make posters: printable A4 posters of every online ballot not yet closed, one PDF per language.

Page 1 is the poster of the whole gallery: its question, the thumbnails and titles of every photo,
and one QR code opening the gallery page with its vote form. Then one page per photo, to hang next
to the print at the exhibition: the thumbnail, the title, the credit and a large QR code opening the
vote for that photo ("check your choice", then confirm). Each code's address is printed under it.
Codes are vector graphics (segno: SVG), error correction M, with their quiet zone; the PDF is laid
out by WeasyPrint from ballot/templates/poster.html.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path

import jinja2
import segno
from PIL import Image, ImageOps

from zonelib.gallery import PAGE_URL, VOTE_URL
from zonelib.messages import say
from zonelib.problems import Problem

from . import app, config

THUMBNAIL = 1200  # pixels on the longest side: sharp at 10 cm wide, small enough to print quickly


def thumbnail(path: Path) -> str:
    """Return a photo as a small JPEG data URI made of its pixels only (no camera data, no GPS)."""
    with Image.open(path) as opened:
        image = ImageOps.exif_transpose(opened).convert("RGB")
    image.thumbnail((THUMBNAIL, THUMBNAIL))
    pixels = Image.frombytes("RGB", image.size, image.tobytes())
    data = io.BytesIO()
    pixels.save(data, "JPEG", quality=85)
    return "data:image/jpeg;base64," + base64.b64encode(data.getvalue()).decode()


def qr_code(url: str) -> str:
    """Return the QR code of an address as an SVG data URI."""
    return segno.make(url, error="m", micro=False).svg_data_uri(scale=4, border=4)


def photo_url(site: str, ballot: config.Ballot, photo: config.Photo) -> str:
    return site + VOTE_URL.format(zone=ballot.zone, name=ballot.name).lstrip("/") + photo.slug + "/"


def gallery_url(site: str, ballot: config.Ballot) -> str:
    return site + PAGE_URL.format(name=ballot.name)


def write_posters(settings: config.Settings, output: Path) -> tuple[list[str], list[Problem]]:
    """Write <zone>-<gallery>.<lang>.pdf for every ballot not yet closed; return what was written."""
    import weasyprint  # loaded here: it needs Pango, which only posters need

    project = config.load(settings.project)
    pages = app.Pages(project, settings)
    output.mkdir(parents=True, exist_ok=True)
    written = []
    for ballot in project.ballots.values():
        if ballot.state(app.now()) == "closed":
            continue
        folder = ballot.path.parent
        thumbnails = {photo.file: thumbnail(folder / photo.file) for photo in ballot.photos}
        for lang in project.zones.languages:
            site = pages.site(ballot.zone, lang)
            zone = project.zones.zone(ballot.zone)
            photos = [{"title": photo.title[lang], "alt": photo.alt.get(lang, ""), "credit": photo.credit,
                       "image": thumbnails[photo.file],
                       "url": photo_url(site, ballot, photo), "qr": qr_code(photo_url(site, ballot, photo))}
                      for photo in ballot.photos]
            env = pages.envs[lang]
            html = env.get_template("poster.html").render(
                lang=lang, zone_name=zone["name"][lang], title=ballot.title[lang], photos=photos,
                gallery_url=gallery_url(site, ballot), gallery_qr=qr_code(gallery_url(site, ballot)),
                opens=ballot.window.opens, closes=ballot.window.last_moment, per_network=ballot.window.per_network,
                organisation=project.zones.data["region"]["organisation"])
            target = output / f"{ballot.zone}-{ballot.name}.{lang}.pdf"
            weasyprint.HTML(string=html, base_url=str(folder)).write_pdf(target)
            written.append(say("%(file)s: %(pages)d pages", file=str(target), pages=len(photos) + 1))
    if not written:
        written.append(say("no online ballot is open or about to open: no poster to print"))
    return written, []
