"""Draw the example museum's pictures, QR codes and video (deterministic).

Every picture of examples/qingxi/media/ is made here: stylised renderings of the kinds
of objects a county museum holds, drawn with Pillow and NumPy. Run from the repository:

    python examples/_tools/make_qingxi_media.py

Needs: pillow, numpy, segno, and ffmpeg on the PATH for the video.
"""

from __future__ import annotations

import math
import random
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import segno
from PIL import Image, ImageDraw, ImageFilter, ImageFont

MEDIA = Path(__file__).resolve().parent.parent / "qingxi" / "media"
FONT = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc"
RGB = tuple[int, int, int]


# --------------------------------------------------------------------------- backdrops


def backdrop(size: tuple[int, int], top: RGB, bottom: RGB, floor: float = 0.78) -> Image.Image:
    """A studio backdrop: vertical gradient, soft vignette, a floor line far back."""
    w, h = size
    y = np.linspace(0, 1, h)[:, None]
    x = np.linspace(-1, 1, w)[None, :]
    base = np.array(top)[None, None, :] * (1 - y[..., None]) + np.array(bottom)[None, None, :] * y[..., None]
    vignette = 1 - 0.18 * (x**2)[..., None] - 0.10 * ((y - 0.45) ** 2)[..., None]
    floor_band = np.where(y > floor, 0.94, 1.0)[..., None]
    pixels = np.clip(base * vignette * floor_band, 0, 255).astype(np.uint8)
    return Image.fromarray(np.broadcast_to(pixels, (h, w, 3)).copy(), "RGB")


def shadow(image: Image.Image, cx: int, cy: int, rx: int, ry: int, strength: int = 90) -> None:
    mask = Image.new("L", image.size, 0)
    ImageDraw.Draw(mask).ellipse([cx - rx, cy - ry, cx + rx, cy + ry], fill=strength)
    mask = mask.filter(ImageFilter.GaussianBlur(ry * 0.9 + 4))
    image.paste(Image.new("RGB", image.size, (30, 24, 20)), (0, 0), mask)


# --------------------------------------------------------------------------- turned forms


def lathe(
    image: Image.Image,
    cx: int,
    top: int,
    bottom: int,
    radius: Callable[[float], float],
    colour: Callable[[float, float], RGB],
    texture: float = 0.0,
    seed: int = 0,
) -> np.ndarray:
    """Paint a turned vessel: `radius(t)` in pixels for t from 0 (rim) to 1 (foot);
    `colour(t, u)` with u the horizontal position across the body (-1..1). Returns the mask."""
    w, h = image.size
    pixels = np.asarray(image).astype(np.float32).copy()
    mask = np.zeros((h, w), dtype=bool)
    rng = np.random.default_rng(seed)
    noise = rng.normal(0, 1, (h, w)).astype(np.float32)
    noise = np.asarray(Image.fromarray(((noise * 40) + 128).clip(0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(2)), dtype=np.float32) / 128 - 1
    light = np.array([-0.45, 0.35, 0.82])
    for row in range(top, bottom):
        t = (row - top) / max(1, bottom - top - 1)
        r = radius(t)
        if r < 1:
            continue
        xs = np.arange(max(0, int(cx - r)), min(w, int(cx + r) + 1))
        u = (xs - cx) / r
        inside = np.abs(u) <= 1
        xs, u = xs[inside], u[inside]
        normal = np.stack([u, np.zeros_like(u), np.sqrt(np.clip(1 - u**2, 0, 1))], axis=1)
        diffuse = np.clip(normal @ light, 0, 1)
        spec = np.clip(normal @ np.array([-0.3, 0.2, 0.93]), 0, 1) ** 40
        base = np.array([colour(t, float(v)) for v in u[:: max(1, len(u) // 64)]], dtype=np.float32)
        base = np.repeat(base, int(math.ceil(len(u) / len(base))), axis=0)[: len(u)]
        shade = (0.35 + 0.75 * diffuse)[:, None] * base + 255 * 0.55 * spec[:, None]
        shade *= 1 + texture * noise[row, xs][:, None]
        pixels[row, xs] = np.clip(shade, 0, 255)
        mask[row, xs] = True
    image.paste(Image.fromarray(pixels.astype(np.uint8), "RGB"))
    return mask


def flat(rgb: RGB) -> Callable[[float, float], RGB]:
    return lambda t, u: rgb


def save(image: Image.Image, name: str, quality: int = 82) -> None:
    path = MEDIA / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if name.endswith(".png"):
        image.save(path, "PNG", optimize=True)
    else:
        image.convert("RGB").save(path, "JPEG", quality=quality, optimize=True, progressive=True)


# --------------------------------------------------------------------------- objects


def ding(size: int = 1200) -> Image.Image:
    image = backdrop((size, size), (214, 206, 194), (170, 160, 146))
    cx, top, bottom = size // 2, int(size * 0.30), int(size * 0.66)
    shadow(image, cx, int(size * 0.86), int(size * 0.30), int(size * 0.04))
    draw = ImageDraw.Draw(image)
    bronze = (66, 94, 80)
    for dx in (-0.19, 0.0, 0.19):  # three legs
        x = cx + int(size * dx)
        draw.rounded_rectangle([x - 22, bottom - 30, x + 22, int(size * 0.85)], 18, fill=(52, 72, 60))
    for side in (-1, 1):  # two upright handles
        x = cx + side * int(size * 0.17)
        draw.rounded_rectangle([x - 34, top - 120, x + 34, top + 10], 14, outline=(58, 82, 68), width=22)
    lathe(image, cx, top, bottom, lambda t: size * (0.27 - 0.05 * t**2), lambda t, u: (int(bronze[0] + 30 * (1 - t)), bronze[1], int(bronze[2] - 10 * t)), texture=0.25, seed=1)
    draw = ImageDraw.Draw(image)
    band = top + int((bottom - top) * 0.25)
    for k in range(-5, 6):  # taotie band: a row of stylised motifs
        x = cx + k * 48
        draw.arc([x - 20, band - 18, x + 20, band + 22], 200, 340, fill=(150, 170, 140), width=5)
        draw.ellipse([x - 5, band - 3, x + 5, band + 7], fill=(40, 58, 48))
    draw.line([cx - size * 0.26, top + 6, cx + size * 0.26, top + 6], fill=(100, 130, 110), width=6)
    return image


def vessel(profile: Callable[[float], float], glaze: Callable[[float, float], RGB], bg: tuple[RGB, RGB], height: tuple[float, float] = (0.16, 0.84), texture: float = 0.05, seed: int = 0, size: int = 1200) -> Image.Image:
    image = backdrop((size, size), *bg)
    top, bottom = int(size * height[0]), int(size * height[1])
    shadow(image, size // 2, bottom, int(profile(1) * size * 1.15 + 30), int(size * 0.03))
    mask = lathe(image, size // 2, top, bottom, lambda t: profile(t) * size, glaze, texture=texture, seed=seed)
    image.info["vessel"] = mask  # where the glaze is, for decoration drawn on it
    return image


def meiping(size: int = 1200, bg: tuple[RGB, RGB] = ((226, 230, 224), (180, 186, 178))) -> Image.Image:
    def profile(t: float) -> float:  # small mouth, broad shoulder, long taper, slight foot
        if t < 0.05:
            return 0.045
        if t < 0.22:
            return 0.045 + 0.16 * math.sin((t - 0.05) / 0.17 * math.pi / 2)
        if t < 0.92:
            return 0.205 - (t - 0.22) / 0.70 * 0.095
        return 0.11 + (t - 0.92) / 0.08 * 0.012

    celadon = lambda t, u: (int(142 + 28 * (1 - t)), int(178 + 18 * (1 - t)), int(150 + 10 * (1 - t)))  # noqa: E731
    image = vessel(profile, celadon, bg, texture=0.04, seed=6, size=size)
    crackle(image, seed=6, colour=(110, 140, 118))
    return image


def cut_out(image: Image.Image, margin: int = 40) -> Image.Image:
    """The vessel alone on a transparent ground, as a photo studio's cut-out PNG."""
    alpha = Image.fromarray(image.info["vessel"].astype(np.uint8) * 255).filter(ImageFilter.GaussianBlur(0.8))
    out = image.convert("RGBA")
    out.putalpha(alpha)
    left, top, right, bottom = alpha.getbbox() or (0, 0, *image.size)
    return out.crop((left - margin, top - margin, right + margin, bottom + margin))


def crackle(image: Image.Image, seed: int, colour: RGB, region: tuple[float, float, float, float] = (0.34, 0.2, 0.66, 0.8)) -> None:
    """Fine crazing lines over the glaze, drawn only where the vessel is."""
    w, h = image.size
    rng = random.Random(seed)
    overlay = Image.new("L", image.size, 0)
    draw = ImageDraw.Draw(overlay)
    for _ in range(120):
        x, y = rng.uniform(region[0], region[2]) * w, rng.uniform(region[1], region[3]) * h
        for _ in range(4):
            nx, ny = x + rng.uniform(-40, 40), y + rng.uniform(-40, 40)
            draw.line([x, y, nx, ny], fill=70, width=1)
            x, y = nx, ny
    vessel_mask = Image.fromarray(image.info["vessel"].astype(np.uint8) * 255)
    image.paste(Image.new("RGB", image.size, colour), (0, 0), Image.fromarray(np.minimum(np.asarray(overlay), np.asarray(vessel_mask))))


def basin() -> Image.Image:
    image = backdrop((1200, 900), (222, 226, 220), (176, 182, 172))
    shadow(image, 600, 700, 360, 40)
    draw = ImageDraw.Draw(image)
    draw.ellipse([220, 360, 980, 520], fill=(150, 184, 160))
    lathe(image, 600, 440, 700, lambda t: 380 - 140 * t**1.6, lambda t, u: (int(130 + 30 * (1 - t)), int(172 + 10 * (1 - t)), 150), texture=0.03, seed=7)
    draw = ImageDraw.Draw(image)
    draw.ellipse([250, 372, 950, 508], fill=(168, 198, 176), outline=(120, 156, 132), width=6)
    for dx in (-90, 90):  # the twin fish in relief
        x = 600 + dx
        draw.ellipse([x - 60, 420, x + 60, 460], fill=(186, 212, 190), outline=(140, 172, 150), width=3)
        draw.polygon([(x + 60 * (1 if dx > 0 else -1), 440), (x + 95 * (1 if dx > 0 else -1), 420), (x + 95 * (1 if dx > 0 else -1), 460)], fill=(176, 204, 182))
    return image


def blue_white_jar() -> Image.Image:
    def profile(t: float) -> float:
        if t < 0.08:
            return 0.12
        return 0.12 + 0.16 * math.sin(min(1.0, (t - 0.08) / 0.75) * math.pi) ** 0.8 - 0.03 * t

    image = vessel(profile, lambda t, u: (238, 240, 244), ((218, 212, 200), (172, 164, 152)), seed=8)
    draw = ImageDraw.Draw(image)
    rng = random.Random(8)
    cx = 600
    for band_y in (300, 860):
        draw.line([cx - 250, band_y, cx + 250, band_y], fill=(36, 60, 140), width=10)
    for k in range(26):  # scrolling lotus: leaves and blossoms in cobalt
        y = rng.uniform(360, 820)
        t = (y - 192) / (1008 - 192)
        r = profile(t) * 1200 * 0.85
        x = cx + rng.uniform(-r, r)
        if k % 4 == 0:
            draw.ellipse([x - 36, y - 28, x + 36, y + 28], outline=(30, 52, 130), width=8)
            draw.ellipse([x - 12, y - 10, x + 12, y + 10], fill=(40, 70, 150))
        else:
            draw.arc([x - 50, y - 30, x + 50, y + 30], rng.choice([0, 180]), rng.choice([140, 320]), fill=(44, 74, 156), width=7)
    return image.filter(ImageFilter.GaussianBlur(0.6))


def black_cup() -> Image.Image:
    def profile(t: float) -> float:
        if t < 0.25:
            return 0.15 - 0.06 * t / 0.25
        if t < 0.85:
            return 0.03
        return 0.03 + (t - 0.85) / 0.15 * 0.09

    return vessel(profile, lambda t, u: (48, 44, 44), ((226, 218, 204), (182, 170, 154)), height=(0.18, 0.86), texture=0.06, seed=3)


def stamped_jar() -> Image.Image:
    def profile(t: float) -> float:
        return 0.1 + 0.2 * math.sin(min(1.0, 0.1 + t * 0.95) * math.pi) ** 0.7

    image = vessel(profile, lambda t, u: (150, 120, 92), ((224, 214, 198), (178, 164, 144)), texture=0.15, seed=2)
    draw = ImageDraw.Draw(image)
    for y in range(330, 900, 26):  # geometric stamped pattern: rows of small squares
        t = (y - 192) / (1008 - 192)
        r = profile(t) * 1200 * 0.9
        for x in np.arange(600 - r, 600 + r, 30):
            draw.rectangle([x, y, x + 12, y + 12], outline=(112, 86, 64), width=2)
    return image


def figure_pottery() -> Image.Image:
    image = backdrop((900, 1200), (220, 210, 196), (170, 156, 138))
    shadow(image, 450, 1040, 190, 30)
    draw = ImageDraw.Draw(image)
    clay = (176, 120, 88)
    draw.polygon([(300, 1040), (600, 1040), (560, 560), (340, 560)], fill=clay)  # robe
    draw.polygon([(340, 580), (560, 580), (640, 820), (260, 820)], fill=(160, 104, 76))  # sleeves
    draw.ellipse([370, 340, 530, 540], fill=(190, 140, 104))  # head
    draw.polygon([(360, 360), (540, 360), (510, 300), (390, 300)], fill=(60, 48, 44))  # cap
    for y in range(620, 1040, 60):  # painted red and white bands
        draw.line([330 - (y - 620) * 0.08, y, 570 + (y - 620) * 0.08, y], fill=(170, 48, 38), width=8)
    draw.ellipse([410, 430, 424, 440], fill=(40, 30, 28))
    draw.ellipse([476, 430, 490, 440], fill=(40, 30, 28))
    return image.filter(ImageFilter.GaussianBlur(1.2))


def mirror() -> Image.Image:
    image = backdrop((1200, 1200), (40, 36, 34), (20, 18, 18), floor=1.1)
    arr = np.asarray(image).astype(np.float32)
    yy, xx = np.mgrid[0:1200, 0:1200]
    r = np.hypot(xx - 600, yy - 600)
    disc = r < 430
    angle = np.arctan2(yy - 600, xx - 600)
    rings = (np.sin(r / 9.0) * 0.5 + 0.5) * (r > 300) + (np.sin(angle * 16 + r / 20) * 0.5 + 0.5) * (r <= 300) * (r > 90)
    shade = 0.55 + 0.45 * np.cos(angle + 2.3) * (r / 430)
    base = np.stack([70 + 40 * rings, 100 + 35 * rings, 86 + 25 * rings], axis=-1) * shade[..., None]
    arr[disc] = base[disc]
    rim = (r >= 430) & (r < 450)
    arr[rim] = [98, 120, 100]
    knob = r < 60
    arr[knob] = (np.stack([90 + 0 * r, 116 + 0 * r, 98 + 0 * r], axis=-1) * (1.2 - r / 80)[..., None])[knob]
    return Image.fromarray(arr.clip(0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.8))


def lantern(glow: RGB = (240, 160, 60), size: tuple[int, int] = (1200, 1200), count: int = 1, seed: int = 9) -> Image.Image:
    w, h = size
    image = backdrop(size, (34, 22, 26), (16, 10, 14), floor=1.1)
    rng = random.Random(seed)
    positions = [(w // 2, h // 2)] if count == 1 else [(int(w * (0.12 + 0.76 * i / (count - 1))), int(h * rng.uniform(0.35, 0.6))) for i in range(count)]
    glow_layer = Image.new("RGB", size, (0, 0, 0))
    gd = ImageDraw.Draw(glow_layer)
    for x, y in positions:
        scale = (h / 1200) * (1.0 if count == 1 else rng.uniform(0.45, 0.7))
        gd.ellipse([x - 380 * scale, y - 420 * scale, x + 380 * scale, y + 420 * scale], fill=tuple(int(c * 0.5) for c in glow))
    glow_layer = glow_layer.filter(ImageFilter.GaussianBlur(80))
    image = Image.fromarray(np.clip(np.asarray(image, dtype=np.int16) + np.asarray(glow_layer, dtype=np.int16), 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    for x, y in positions:
        s = (h / 1200) * (1.0 if count == 1 else rng.uniform(0.45, 0.7))
        draw.line([x, 0, x, y - 300 * s], fill=(120, 90, 60), width=max(2, int(6 * s)))
        draw.rectangle([x - 90 * s, y - 300 * s, x + 90 * s, y - 260 * s], fill=(150, 40, 30))
        draw.ellipse([x - 230 * s, y - 270 * s, x + 230 * s, y + 270 * s], fill=(222, 70, 44))
        for k in range(-3, 4):  # ribs of the frame
            draw.arc([x - 230 * s * abs(k) / 3.2 - 8, y - 270 * s, x + 230 * s * abs(k) / 3.2 + 8, y + 270 * s], 90, 270 if k < 0 else 90, fill=(160, 40, 26), width=max(2, int(5 * s)))
        draw.ellipse([x - 120 * s, y - 140 * s, x + 120 * s, y + 140 * s], fill=(250, 190, 90))
        draw.rectangle([x - 90 * s, y + 260 * s, x + 90 * s, y + 300 * s], fill=(150, 40, 30))
        for k in range(-4, 5):  # tassels
            draw.line([x + k * 18 * s, y + 300 * s, x + k * 18 * s, y + 420 * s], fill=(230, 180, 60), width=max(2, int(5 * s)))
    return image.filter(ImageFilter.GaussianBlur(1.0))


def dragon_head() -> Image.Image:
    image = backdrop((1200, 900), (40, 30, 30), (18, 14, 14), floor=1.1)
    draw = ImageDraw.Draw(image)
    draw.polygon([(220, 520), (560, 300), (900, 330), (1040, 470), (900, 600), (560, 640)], fill=(200, 60, 40), outline=(250, 200, 90))
    for k in range(8):  # bamboo frame showing through
        draw.line([300 + k * 90, 320 + (k % 2) * 40, 300 + k * 90 + 40, 620], fill=(230, 190, 110), width=4)
    draw.ellipse([760, 380, 840, 440], fill=(250, 230, 120))
    draw.ellipse([785, 395, 815, 425], fill=(20, 20, 20))
    for k in range(5):  # horns and whiskers
        draw.line([700 + k * 30, 320, 640 + k * 40, 140 + k * 10], fill=(250, 210, 110), width=10)
        draw.arc([900, 450 + k * 20, 1180, 700 + k * 30], 200, 330, fill=(250, 220, 140), width=5)
    return image.filter(ImageFilter.GaussianBlur(1.1))


def wood_panel() -> Image.Image:
    w, h = 1200, 900
    rng = np.random.default_rng(11)
    grain = np.sin(np.linspace(0, 60, w)[None, :] + rng.normal(0, 0.3, (h, 1)).cumsum(axis=0) * 0.05) * 0.5 + 0.5
    base = np.stack([120 + 40 * grain, 74 + 28 * grain, 42 + 16 * grain], axis=-1)
    image = Image.fromarray(base.astype(np.uint8))
    draw = ImageDraw.Draw(image)
    draw.rectangle([80, 80, w - 80, h - 80], outline=(70, 40, 22), width=18)
    draw.rectangle([140, 140, w - 140, h - 140], outline=(90, 52, 30), width=6)
    cx, cy = w // 2, h // 2
    for k in range(10):  # carved peony and branches
        a = k / 10 * 2 * math.pi
        draw.ellipse([cx + 150 * math.cos(a) - 70, cy + 110 * math.sin(a) - 50, cx + 150 * math.cos(a) + 70, cy + 110 * math.sin(a) + 50], outline=(74, 42, 22), width=10)
    draw.ellipse([cx - 80, cy - 80, cx + 80, cy + 80], outline=(66, 36, 18), width=14)
    for side in (-1, 1):
        draw.arc([cx + side * 260 - 200, cy - 200, cx + side * 260 + 200, cy + 200], 100, 260 if side < 0 else 80, fill=(70, 40, 22), width=12)
    return image.filter(ImageFilter.GaussianBlur(1.3))


def book() -> Image.Image:
    image = backdrop((1200, 900), (216, 206, 190), (174, 160, 140))
    shadow(image, 600, 700, 420, 40)
    draw = ImageDraw.Draw(image)
    for k in range(4):  # a stack of thread-bound volumes
        y = 640 - k * 70
        draw.rectangle([230 + k * 6, y - 60, 970 - k * 4, y], fill=(70 + k * 6, 62 + k * 4, 92 + k * 8), outline=(40, 36, 52), width=3)
        draw.rectangle([230 + k * 6, y - 60, 970 - k * 4, y - 52], fill=(236, 226, 204))
        for x in range(260 + k * 6, 960, 120):
            draw.line([x, y - 60, x, y], fill=(230, 220, 196), width=3)
    draw.rectangle([420, 300, 520, 420], fill=(236, 226, 204), outline=(120, 100, 80), width=3)
    draw.line([470, 315, 470, 405], fill=(60, 40, 30), width=8)
    return image


def rubbing(size: tuple[int, int] = (900, 1200), seed: int = 13) -> Image.Image:
    w, h = size
    rng = np.random.default_rng(seed)
    ink = rng.normal(30, 10, (h, w)).clip(5, 60)
    image = Image.fromarray(np.stack([ink, ink, ink * 1.05], axis=-1).astype(np.uint8)).filter(ImageFilter.GaussianBlur(1.5))
    draw = ImageDraw.Draw(image)
    pr = random.Random(seed)
    draw.rectangle([60, 60, w - 60, h - 60], outline=(190, 186, 176), width=4)
    columns = max(4, w // 110)
    for c in range(columns):  # columns of character-like strokes, read right to left
        x = w - 130 - c * ((w - 200) / columns)
        for r in range(int((h - 200) / 100)):
            y = 120 + r * 100
            for _ in range(pr.randint(3, 6)):
                x0, y0 = x + pr.uniform(-30, 30), y + pr.uniform(-30, 30)
                if pr.random() < 0.5:
                    draw.line([x0, y0, x0 + pr.uniform(-28, 28), y0], fill=(212, 208, 196), width=pr.randint(5, 9))
                else:
                    draw.line([x0, y0, x0, y0 + pr.uniform(10, 34)], fill=(212, 208, 196), width=pr.randint(5, 9))
    return image.filter(ImageFilter.GaussianBlur(0.9))


def indigo_cloth() -> Image.Image:
    w, h = 1200, 900
    image = Image.new("RGB", (w, h), (28, 52, 104))
    draw = ImageDraw.Draw(image)
    for y in range(40, h, 110):
        for x in range(40 + (y // 110 % 2) * 55, w, 110):
            draw.ellipse([x - 26, y - 26, x + 26, y + 26], outline=(228, 232, 238), width=6)
            for k in range(6):
                a = k * math.pi / 3
                draw.ellipse([x + 42 * math.cos(a) - 6, y + 42 * math.sin(a) - 6, x + 42 * math.cos(a) + 6, y + 42 * math.sin(a) + 6], fill=(228, 232, 238))
    arr = np.asarray(image).astype(np.float32)
    arr *= np.random.default_rng(14).normal(1, 0.05, (h, w, 1))
    return Image.fromarray(arr.clip(0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.8))


def brush_pot() -> Image.Image:
    image = vessel(lambda t: 0.16, lambda t, u: (196, 150, 92), ((220, 212, 198), (174, 164, 146)), height=(0.24, 0.82), texture=0.12, seed=15)
    draw = ImageDraw.Draw(image)
    for k in range(7):  # carved scene: pines and a scholar's pavilion
        x = 520 + k * 26
        draw.line([x, 720, x + 10, 420], fill=(120, 80, 40), width=5)
    draw.polygon([(560, 500), (700, 500), (660, 450), (600, 450)], fill=(130, 86, 44))
    draw.ellipse([420, 380, 540, 470], outline=(120, 80, 40), width=6)
    return image


def portrait(size: int = 600, tone: RGB = (120, 64, 48)) -> Image.Image:
    """An abstract portrait: head and shoulders as soft shapes, not a real face."""
    image = backdrop((size, size), (226, 214, 200), (196, 180, 164), floor=1.1)
    draw = ImageDraw.Draw(image)
    draw.ellipse([size * 0.18, size * 0.62, size * 0.82, size * 1.25], fill=tone)
    draw.ellipse([size * 0.34, size * 0.2, size * 0.66, size * 0.58], fill=(214, 174, 146))
    draw.pieslice([size * 0.32, size * 0.16, size * 0.68, size * 0.5], 180, 360, fill=(40, 32, 30))
    return image.filter(ImageFilter.GaussianBlur(2))


def landscape(size: tuple[int, int] = (1600, 900), seed: int = 20) -> Image.Image:
    """Ink-wash hills over a river, for the history exhibition."""
    w, h = size
    image = backdrop(size, (232, 226, 212), (214, 206, 188), floor=1.1)
    rng = np.random.default_rng(seed)
    for layer, tone in enumerate([(190, 186, 176), (150, 146, 138), (104, 100, 96), (62, 60, 58)]):
        base = h * (0.42 + 0.1 * layer)
        ridge = base - np.abs(np.cumsum(rng.normal(0, 6, w))) % (h * 0.2) - 40 * np.sin(np.linspace(0, 3 + layer, w))
        mask = Image.new("L", size, 0)
        ImageDraw.Draw(mask).polygon([(0, h)] + [(x, float(ridge[x])) for x in range(0, w, 8)] + [(w, h)], fill=235)
        image.paste(Image.new("RGB", size, tone), (0, 0), mask.filter(ImageFilter.GaussianBlur(3 + layer)))
    draw = ImageDraw.Draw(image)
    draw.polygon([(0, h * 0.86), (w, h * 0.8), (w, h), (0, h)], fill=(208, 204, 192))
    draw.ellipse([w * 0.72, h * 0.12, w * 0.8, h * 0.26], fill=(178, 58, 40))
    return image


def logo() -> Image.Image:
    size = 512
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle([16, 16, size - 16, size - 16], 64, fill=(140, 47, 27))
    draw.rounded_rectangle([48, 48, size - 48, size - 48], 40, outline=(250, 240, 226), width=10)
    font = ImageFont.truetype(FONT, 300)
    draw.text((size / 2, size / 2 + 8), "青", font=font, fill=(250, 240, 226), anchor="mm")
    return image


def qr(url: str, name: str) -> None:
    segno.make(url, error="m").save(str(MEDIA / name), scale=10, border=2, dark="#2b1d16")


def with_title(image: Image.Image, text: str, sub: str) -> Image.Image:
    """A title card for the video."""
    framed = image.copy()
    draw = ImageDraw.Draw(framed, "RGBA")
    w, h = framed.size
    draw.rectangle([0, h * 0.62, w, h], fill=(0, 0, 0, 150))
    draw.text((w * 0.06, h * 0.7), text, font=ImageFont.truetype(FONT, int(h * 0.09)), fill=(255, 246, 230))
    draw.text((w * 0.06, h * 0.84), sub, font=ImageFont.truetype(FONT.replace("Bold", "Regular"), int(h * 0.05)), fill=(240, 226, 206))
    return framed


# --------------------------------------------------------------------------- video


def make_video(frames: list[Image.Image], name: str, seconds_each: float = 3.0) -> None:
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        print("ffmpeg not found: video skipped")
        return
    with tempfile.TemporaryDirectory() as temp:
        for index, frame in enumerate(frames):
            frame.convert("RGB").resize((1280, 720)).save(Path(temp) / f"f{index}.png")
        inputs: list[str] = []
        filters = []
        fps = 24
        for index in range(len(frames)):
            inputs += ["-i", str(Path(temp) / f"f{index}.png")]  # one still; zoompan makes the frames
            filters.append(
                f"[{index}:v]zoompan=z='min(zoom+0.0012,1.12)':x='iw/2-(iw/zoom/2)':y='ih/2-(ih/zoom/2)'"
                f":d={int(seconds_each * fps)}:s=640x360:fps={fps},setsar=1[v{index}]"
            )
        concat = "".join(f"[v{i}]" for i in range(len(frames))) + f"concat=n={len(frames)}:v=1:a=0,format=yuv420p[out]"
        subprocess.run(
            [ffmpeg, "-y", "-loglevel", "error", *inputs, "-filter_complex", ";".join(filters + [concat]), "-map", "[out]",
             "-c:v", "libx264", "-preset", "slow", "-crf", "30", "-movflags", "+faststart", "-fflags", "+bitexact",
             "-flags:v", "+bitexact", "-map_metadata", "-1", str(MEDIA / name)],
            check=True,
        )


# --------------------------------------------------------------------------- all of it


def main() -> None:
    MEDIA.mkdir(parents=True, exist_ok=True)
    objects = {
        "collection/qx-0001-ding.jpg": ding(),
        "collection/qx-0002-jar.jpg": stamped_jar(),
        "collection/qx-0003-cup.jpg": black_cup(),
        "collection/qx-0004-figure.jpg": figure_pottery(),
        "collection/qx-0005-mirror.jpg": mirror(),
        "collection/qx-0006-meiping.png": cut_out(meiping()),
        "collection/qx-0007-basin.jpg": basin(),
        "collection/qx-0008-blue-white.jpg": blue_white_jar(),
        "collection/qx-0009-lantern.jpg": lantern(),
        "collection/qx-0010-dragon.jpg": dragon_head(),
        "collection/qx-0011-panel.jpg": wood_panel(),
        "collection/qx-0012-gazetteer.jpg": book(),
        "collection/qx-0013-rubbing.jpg": rubbing(),
        "collection/qx-0014-indigo.jpg": indigo_cloth(),
        "collection/qx-0015-brush-pot.jpg": brush_pot(),
    }
    for name, image in objects.items():
        save(image, name)
    save(lantern((250, 170, 70), (1200, 1200), seed=31).crop((300, 200, 900, 800)).resize((1200, 1200)), "collection/qx-0009-lantern-detail.jpg")
    save(landscape(), "exhibitions/history.jpg")
    save(lantern((250, 170, 70), (1600, 900), count=5, seed=21), "exhibitions/lanterns.jpg")
    celadon = backdrop((1600, 900), (214, 224, 214), (164, 178, 166))
    celadon.paste(meiping(900, ((214, 224, 214), (164, 178, 166))).crop((150, 0, 750, 900)), (500, 0))
    save(celadon, "exhibitions/celadon.jpg")
    save(rubbing((1600, 900), seed=22), "exhibitions/rubbings.jpg")
    save(portrait(), "people/lin-xiaowen.jpg")
    save(portrait(tone=(40, 60, 90)), "people/zhou-jianguo.jpg")
    save(portrait(tone=(90, 70, 40)), "people/chen-yu.jpg")
    save(lantern((240, 150, 60), (1200, 800), count=3, seed=41), "events/lantern-workshop.jpg")
    save(rubbing((1200, 800), seed=42), "events/rubbing-class.jpg")
    lecture = backdrop((1200, 800), (70, 62, 56), (34, 30, 28), floor=1.1)
    lecture.paste(meiping(800, ((70, 62, 56), (34, 30, 28))).crop((200, 0, 600, 800)), (400, 0))
    save(lecture, "events/celadon-lecture.jpg")
    save(indigo_cloth().resize((1200, 800)), "events/indigo-dyeing.jpg")
    save(landscape((1200, 800), seed=43), "events/night-tour.jpg")
    poster_lantern = with_title(lantern((250, 170, 70), (1280, 720), count=4, seed=51), "一盏灯的诞生", "The Making of a Lantern")
    save(poster_lantern, "video/lantern-making.jpg")
    save(with_title(ding().resize((1280, 1280)).crop((0, 280, 1280, 1000)), "馆长说 · 兽面纹青铜鼎", "The Curator on the Bronze Ding"), "video/ding-talk.jpg")
    save(with_title(meiping().resize((1280, 1280)).crop((0, 280, 1280, 1000)), "龙泉青瓷的颜色", "The Colours of Longquan Celadon"), "video/celadon-colours.jpg")
    save(logo(), "logo.png")
    qr("https://example.org/qingxi/wechat", "qr-wechat.png")
    qr("https://example.org/qingxi/channels", "qr-channels.png")
    make_video(
        [poster_lantern, lantern(seed=52).resize((1280, 1280)).crop((0, 280, 1280, 1000)), dragon_head().resize((1280, 960)).crop((0, 120, 1280, 840)), lantern((250, 170, 70), (1280, 720), count=6, seed=53)],
        "video/lantern-making.mp4",
    )


if __name__ == "__main__":
    main()
