"""make posters: an A4 PDF per language for each ballot not yet closed, whose QR codes decode to
the addresses of the vote, printed under each code."""

from __future__ import annotations

import pytest

from ballot import config
from ballot.posters import write_posters
from voting import ballot_project, write_gallery

pypdf = pytest.importorskip("pypdf")
pdfium = pytest.importorskip("pypdfium2")
zxingcpp = pytest.importorskip("zxingcpp")
A4 = (595.28, 841.89)  # points


def qr_codes(pdf_file) -> list[list[str]]:
    """Return the texts of the QR codes found on each page, rendered at 144 dpi."""
    document = pdfium.PdfDocument(str(pdf_file))
    try:
        return [sorted(code.text for code in zxingcpp.read_barcodes(page.render(scale=2).to_pil(),
                                                                     formats=zxingcpp.BarcodeFormat.QRCode))
                for page in document]
    finally:
        document.close()


def test_vote_posters_are_a4_in_both_languages_with_codes_opening_the_vote(tmp_path):
    project = ballot_project(tmp_path / "project")
    write_gallery(project, "expo")
    write_gallery(project, "bientot", opens=2, closes=9)
    write_gallery(project, "fini", opens=-9, closes=-2)
    written, problems = write_posters(config.Settings(project=project), tmp_path / "posters")
    assert problems == [] and len(written) == 4
    assert sorted(p.name for p in (tmp_path / "posters").iterdir()) == [
        "sud-bientot.fr.pdf", "sud-bientot.nl.pdf", "sud-expo.fr.pdf", "sud-expo.nl.pdf"]  # none once closed
    for lang, site, titles in (("fr", "https://bassin-sud.brussels/", ["Le canal", "Le marché", "La place"]),
                               ("nl", "https://zorgzone-zuid.brussels/", ["Het kanaal", "De markt", "Het plein"])):
        file = tmp_path / "posters" / f"sud-expo.{lang}.pdf"
        reader = pypdf.PdfReader(file)
        assert len(reader.pages) == 4  # the whole gallery, then one page per photo
        for page in reader.pages:
            assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4, abs=1)
        texts = [" ".join(page.extract_text().split()) for page in reader.pages]
        gallery_url = site + "photos/expo/"
        photo_urls = [site + f"vote/sud/expo/{slug}/" for slug in "abc"]
        assert gallery_url in texts[0] and all(title in texts[0] for title in titles)
        for text, title, url in zip(texts[1:], titles, photo_urls):
            assert title in text and url in text
        assert ("Scannez ce code pour voter pour cette photo" if lang == "fr" else
                "Scan deze code om op deze foto te stemmen") in texts[1]
        assert qr_codes(file) == [[gallery_url]] + [[url] for url in photo_urls]
