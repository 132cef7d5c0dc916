"""Render the placeholder photos of the example galleries (content/<zone>/galleries/exemple/).

They stand in for the photos of the zones' exhibitions until staff add the real ones (README.md,
"Photo galleries"). Each is an abstract composition in the zone's colour with the name of one of its
communes and the words "Photo d'exemple / Voorbeeldfoto", so that nobody takes it for a real photo.
Run: .venv/bin/python scripts/placeholder_photos.py
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from zonelib import zonefile  # noqa: E402

SIZE = (1600, 1067)
PER_ZONE = 4


def tint(colour: str, amount: float) -> tuple[int, int, int]:
    """Mix a #rrggbb colour with white (amount > 0) or black (amount < 0)."""
    rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    target = 255 if amount > 0 else 0
    return tuple(round(c + (target - c) * abs(amount)) for c in rgb)


def render(accent: str, name: str, seed: str) -> Image.Image:
    """Return one placeholder: shapes in shades of the accent, the commune's name, the label."""
    rng = random.Random(seed)
    image = Image.new("RGB", SIZE, tint(accent, 0.85))
    draw = ImageDraw.Draw(image)
    for _ in range(14):
        x, y = rng.randrange(-200, SIZE[0]), rng.randrange(-200, SIZE[1])
        r = rng.randrange(80, 420)
        shade = tint(accent, rng.uniform(-0.4, 0.7))
        if rng.random() < 0.5:
            draw.ellipse((x, y, x + r, y + r), fill=shade)
        else:
            draw.rectangle((x, y, x + r * 1.6, y + r * 0.6), fill=shade)
    draw.rectangle((0, SIZE[1] - 300, SIZE[0], SIZE[1]), fill=tint(accent, -0.35))
    big, small = ImageFont.load_default(size=110), ImageFont.load_default(size=48)
    draw.text((80, SIZE[1] - 260), name, font=big, fill="white")
    draw.text((80, SIZE[1] - 110), "Photo d'exemple / Voorbeeldfoto", font=small, fill="white")
    return image


def main() -> None:
    zones = zonefile.load(ROOT / "zones.yaml")
    for zone in zones.data["zones"]:
        folder = ROOT / "content" / zone["id"] / "galleries" / "exemple"
        folder.mkdir(parents=True, exist_ok=True)
        for commune in zone["communes"][:PER_ZONE]:
            name = commune["name"]["fr"]
            slug = "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")
            render(zone["accent"], name, f"{zone['id']}-{slug}").save(
                folder / f"{slug}.jpg", "JPEG", quality=84, optimize=True, progressive=True)
            print(folder / f"{slug}.jpg")


if __name__ == "__main__":
    main()
