"""What page text may hold (zonelib.policy), with a content tree made up for each case."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from zonelib.policy import PUBLISHED, body_problems

SITES = {"bassin-sud.brussels": ("sud", "fr"), "zorgzone-zuid.brussels": ("sud", "nl"),
         "bassin-nord.brussels": ("nord", "fr")}
PAGES = {("sud", "fr", "a-propos"): "sud/pages/about.fr.md", ("region", "fr", "helpdesk"): "region/pages/helpdesk.fr.md",
         ("nord", "fr", "a-propos"): "nord/pages/about.fr.md"}


class Tree:
    """A content folder holding the pages of PAGES."""

    def state(self, relative: str):
        return PUBLISHED if relative in PAGES.values() else None

    def names(self) -> list[str]:
        return sorted(PAGES.values())

    def page_at(self, zone: str, lang: str, address: str):
        return PAGES.get((zone, lang, address)) or PAGES.get(("region", lang, address))


def problems_of(line: str, source: str = "sud/pages/x.fr.md") -> list[str]:
    return [p.message for p in body_problems(line + "\n", 7, f"content/{source}", PurePosixPath(source), Tree(), SITES)]


@pytest.mark.parametrize(("line", "expected"), [
    ("[voir](http://localhost:8000/bassin-sud.brussels/a-propos/)",
     "goes to the page of sud/pages/about.fr.md by its address, which breaks when the address changes; link to its "
     "file instead: [text]({filename}/sud/pages/about.fr.md)"),
    ("[voir](http://127.0.0.1:8000/nulle-part/)", "goes to the preview on this computer, which visitors cannot reach"),
    ("[voir](https://bassin-sud.brussels/helpdesk/)", "[text]({filename}/region/pages/helpdesk.fr.md)"),
    ("[voir](https://bassin-sud.brussels/a-propo/)", "leads to no page of that site; check the address"),
    ("[voir](https://bassin-sud.brusels/a-propos/)",
     "goes to 'bassin-sud.brusels', which is none of the sites (did you mean 'bassin-sud.brussels'?)"),
    ("Voir <http://localhost:8000/bassin-sud.brussels/a-propos/>.", "link to its file instead"),
    ("Voir http://localhost:8000/bassin-sud.brussels/a-propos/, puis…", "link to its file instead"),
    ("[le bassin Nord](https://bassin-nord.brussels/a-propos/)", None),  # another zone's page: by its address
    ("[Brusano](https://www.brusano.brussels/) et <https://example.org/page> ou <info@brusano.brussels>", None),
    ("Écrire à <info@brusano.brussels> ou voir https://example.org.", None),
])
def test_addresses_of_the_sites_and_of_the_preview_are_checked(line, expected):
    found = problems_of(line)
    if expected is None:
        assert found == []
    else:
        assert len(found) == 1 and expected in found[0], found


def test_every_problem_of_a_line_is_said_on_that_line():
    found = body_problems("Texte\n<script>x</script> [a](/contact/)\n", 7, "content/x.fr.md",
                          PurePosixPath("sud/pages/x.fr.md"), Tree(), SITES)
    assert [(p.line, p.message.split(" ")[0]) for p in found] == [(8, "<script>"), (8, "the")]
