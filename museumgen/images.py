"""Responsive images: every published photograph in the sizes and formats phones need.

Two steps, so that pages can be written before (or without) the pixel work:

- `plan` is pure: from the source's content hash, its size and the settings it names
  every derivative (widths never larger than the source, a modern format plus a JPEG or
  PNG fallback, a square thumbnail and a 1200×630 share image, both cut around the
  image's focus; a cut-out with transparency is never cut, but shown whole). Names carry the hash,
  so a changed photograph gets new names and browsers never see a stale copy.
- `make` does the work for one plan: decode only what is needed (JPEG DCT scaling),
  apply the EXIF orientation, bring colour to sRGB, drop every bit of metadata (a
  phone's GPS position must never reach the site), resize each width from the previous
  one, encode, and write into the cache folder atomically. A plan whose files are in the
  cache is never made again.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
import os
import posixpath
import shutil
import tempfile
import warnings
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import pillow_heif
from PIL import Image, ImageCms, ImageOps

from museumgen.messages import _
from museumgen.urls import NAME_MAX
from museumgen.workers import map_chunks

log = logging.getLogger(__name__)

# Bump when the output of `make` changes for the same input, so caches are not reused.
PIPELINE_VERSION = 2
MAX_PIXELS = 100_000_000  # refuse decompression bombs: no museum photograph needs more
# Pillow has a limit of its own (89.5 megapixels to warn, twice that to refuse), checked
# when an image is opened and again for each frame of a GIF. It is made ours, so that a
# photograph under 100 megapixels is never refused, nor warned about, by Pillow.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
# iPhones save photographs as HEIC: Pillow reads them once libheif is registered. The
# image is turned upright by the decoder, which then sets its EXIF orientation to 1.
pillow_heif.register_heif_opener()
SHARE_SIZE = (1200, 630)  # what WeChat, Weibo and other apps show for a shared link
_SRGB = ImageCms.createProfile("sRGB")


class ImageProblem(Exception):
    """A source image that cannot be used, with a message for museum staff."""

    @property
    def message(self) -> str:
        """The message as raised (`str()` of the exception would lose its translations)."""
        return self.args[0] if self.args and isinstance(self.args[0], str) else str(self)


@dataclass(frozen=True)
class Settings:
    widths: tuple[int, ...] = (480, 800, 1200, 1600)
    formats: tuple[str, ...] = ("webp",)  # modern formats offered before the fallback
    thumbnail: int = 400  # square thumbnails for lists, in pixels
    jpeg_quality: int = 80
    webp_quality: int = 76
    avif_quality: int = 50

    def key_part(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)


@dataclass(frozen=True)
class Variant:
    path: str  # site path, e.g. "media/collection/ding.1a2b3c4d5e-800.webp"
    width: int
    height: int
    mime: str


@dataclass(frozen=True)
class Plan:
    """Every derivative of one source image; `colour` is known once it has been made."""

    key: str  # content hash of the source and every setting
    width: int  # of the source, after EXIF orientation
    height: int
    alpha: bool
    responsive: dict[str, tuple[Variant, ...]] = field(default_factory=dict)  # by MIME type; fallback last
    thumbnails: dict[str, Variant] = field(default_factory=dict)
    share: Variant | None = None
    focus: tuple[float, float] | None = None  # what crops keep, across and down (0–1); None: the middle
    tiles: tuple[Variant, ...] = ()  # deep zoom: IIIF level-0 tiles, in `tiles_folder` (see `zoomed`)
    tiles_folder: str | None = None  # site path of the IIIF image service: `….1a2b3c4d5e-iiif`

    @property
    def variants(self) -> list[Variant]:
        found = [v for group in self.responsive.values() for v in group] + list(self.thumbnails.values())
        return found + ([self.share] if self.share else []) + list(self.tiles)


_MIME = {"webp": "image/webp", "avif": "image/avif", "jpeg": "image/jpeg", "png": "image/png"}
_SUFFIX = {"image/webp": "webp", "image/avif": "avif", "image/jpeg": "jpg", "image/png": "png"}


def content_key(data: bytes, settings: Settings) -> str:
    digest = hashlib.sha256(data)
    digest.update(f"|{PIPELINE_VERSION}|{settings.key_part()}".encode())
    return digest.hexdigest()[:20]


def plan(site_path: str, key: str, size: tuple[int, int], alpha: bool, settings: Settings, focus: tuple[float, float] | None = None) -> Plan:
    """Name every derivative of the image published at `site_path` (pure). A `focus` changes
    the crops, so it makes a key and names of its own."""
    if focus is not None:
        key = hashlib.sha256(f"{key}|focus {focus[0]:.4f} {focus[1]:.4f}".encode()).hexdigest()[:20]
    width, height = size
    stem = _short_stem(site_path)
    tag = key[:10]
    fallback = "image/png" if alpha else "image/jpeg"
    widths = sorted({w for w in settings.widths if w < width} | {min(width, max(settings.widths))})

    def variant(w: int, h: int, mime: str, label: str) -> Variant:
        return Variant(f"{stem}.{tag}-{label}.{_SUFFIX[mime]}", w, h, mime)

    responsive = {
        mime: tuple(variant(w, max(1, round(height * w / width)), mime, str(w)) for w in widths)
        for mime in [_MIME[f] for f in settings.formats] + [fallback]
    }
    side = min(settings.thumbnail, width, height)
    thumbnails = {mime: variant(side, side, mime, f"sq{side}") for mime in responsive}
    share = variant(*SHARE_SIZE, "image/jpeg", "share")  # chat apps show transparency as black: a cut-out is put on white
    return Plan(key, width, height, alpha, responsive, thumbnails, share, focus)


TILE = 512  # the side of a deep-zoom tile, in pixels of its own scale
ZOOM_MIN = 2 * TILE  # a long side under this fills at most a few tiles: nothing to zoom into


@dataclass(frozen=True)
class Tile:
    """One file of a IIIF level-0 image service: `region` of the full image (in its pixels)
    shown at `width`×`height`, one of its scale factors."""

    region: tuple[int, int, int, int]
    width: int
    height: int
    factor: int

    def path(self, full: tuple[int, int]) -> str:
        """Its path in the service, as the Image API 3.0 writes it canonically."""
        x, y, w, h = self.region
        region = "full" if (x, y, w, h) == (0, 0, *full) else f"{x},{y},{w},{h}"
        return f"{region}/{self.width},{self.height}/0/default.jpg"


def scale_factors(width: int, height: int) -> list[int]:
    """1, 2, 4 … down to the first that shows the whole image in one tile."""
    factors = [1]
    while -(-max(width, height) // factors[-1]) > TILE:
        factors.append(factors[-1] * 2)
    return factors


def tile_grid(width: int, height: int) -> list[Tile]:
    """Every tile of every scale factor, as the Image API's implementation notes cut them:
    a region of `TILE × factor` full-size pixels, cut at the image's edge, shown `ceil(side / factor)`."""
    tiles = []
    for factor in scale_factors(width, height):
        side = TILE * factor
        for y in range(0, height, side):
            for x in range(0, width, side):
                w, h = min(side, width - x), min(side, height - y)
                tiles.append(Tile((x, y, w, h), -(-w // factor), -(-h // factor), factor))
    return tiles


def zoomed(target: Plan) -> Plan:
    """`target` with its deep-zoom tiles (pure): beside its other derivatives, in a folder of
    the same name (`ding.1a2b3c4d5e-iiif/0,0,512,512/512,512/0/default.jpg`)."""
    stem = target.share.path.rsplit("-share.", 1)[0] if target.share else ""
    folder = f"{stem}-iiif"
    full = (target.width, target.height)
    tiles = tuple(Variant(f"{folder}/{tile.path(full)}", tile.width, tile.height, "image/jpeg") for tile in tile_grid(*full))
    return replace(target, tiles=tiles, tiles_folder=folder)


# Bytes a derivative's name adds to its photograph's: `.1a2b3c4d5e-sq400.webp`, with room
# for wider sizes.
_DERIVED_ROOM = 40


def _short_stem(site_path: str) -> str:
    """`site_path` without its suffix. A photograph's name may be as long as a file system
    allows, and a derivative's adds to it, so a long name is cut (at a whole character) and
    told apart from others cut alike by a hash of the whole name."""
    folder, name = posixpath.split(site_path)
    stem = posixpath.splitext(name)[0]
    encoded = stem.encode("utf-8", "surrogateescape")
    if len(encoded) <= NAME_MAX - _DERIVED_ROOM:
        return posixpath.join(folder, stem)
    digest = hashlib.sha256(encoded).hexdigest()[:8]
    cut = encoded[: NAME_MAX - _DERIVED_ROOM - len(digest) - 1].decode("utf-8", "ignore")
    return posixpath.join(folder, f"{cut}~{digest}")


def inspect(path: Path) -> tuple[tuple[int, int], bool, bool]:
    """Size after EXIF orientation, transparency, and animation, from the header only."""
    with _open(path) as image:
        width, height = image.size
        if image.getexif().get(0x0112, 1) in (5, 6, 7, 8):  # rotated a quarter turn
            width, height = height, width
        return (width, height), _has_alpha(image), getattr(image, "n_frames", 1) > 1


def make(source: Path, target: Plan, settings: Settings, cache: Path) -> str:
    """Write every file of `target` into `cache/<key>/` (its tiles into `cache/<key>-tiles/`);
    return the dominant colour."""
    folder = cache / target.key
    meta = folder / "meta.json"
    tiles_meta = cache / f"{target.key}{TILES_SUFFIX}" / "meta.json"
    if target.tiles and tiles_meta.is_file():
        _mark_used(tiles_meta)
    elif target.tiles:
        _make_tiles(source, target, settings, cache)
    # The key is of the photograph's bytes, the names of where it is published: the same
    # photograph under another name (in another museum of a network) needs files of its own.
    if meta.is_file() and all((folder / Path(v.path).name).is_file() for v in target.variants):
        _mark_used(meta)
        return str(json.loads(meta.read_text(encoding="utf-8"))["colour"])
    largest = max(v.width for group in target.responsive.values() for v in group)
    with _open(source) as original:
        image = _prepared(original, largest, target.alpha)
    colour = _dominant_colour(image)
    staging = staging_folder(cache, target.key)
    try:
        _save_derivatives(image, target, settings, staging)
        (staging / "meta.json").write_text(json.dumps({"colour": colour}), encoding="utf-8")
        _put_in_place(staging, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # what is left when saving failed
    return colour


def _save_derivatives(image: Image.Image, target: Plan, settings: Settings, staging: Path) -> None:
    for mime, group in target.responsive.items():
        current = image
        for variant in sorted(group, key=lambda v: -v.width):  # each width from the one above
            current = _resized(current, variant.width, variant.height)
            _save(current, staging / Path(variant.path).name, mime, settings)
    for mime, variant in target.thumbnails.items():
        _save(_cropped(image, (variant.width, variant.height), target, (0.5, 0.5)), staging / Path(variant.path).name, mime, settings)
    if target.share is not None:
        share = _cropped(image, SHARE_SIZE, target, (0.5, 0.4))
        if target.alpha:
            share = Image.alpha_composite(Image.new("RGBA", share.size, "white"), share)
        _save(share, staging / Path(target.share.path).name, target.share.mime, settings)


def _put_in_place(staging: Path, folder: Path) -> None:
    try:
        os.replace(staging, folder)
    except OSError:  # made before (by another process, or under another name): add what it lacks
        for made in sorted(staging.iterdir()):
            os.replace(made, folder / made.name)  # a file of the same name there is identical


TILES_SUFFIX = "-tiles"


def _make_tiles(source: Path, target: Plan, settings: Settings, cache: Path) -> None:
    """Write the deep-zoom tiles of `target`, from the full-size pixels: each scale factor
    from the one before it (a box filter halving it), each tile cut from its scale's image."""
    folder = cache / f"{target.key}{TILES_SUFFIX}"
    with _open(source) as original:
        image = _prepared(original, max(target.width, target.height), target.alpha)
    if target.alpha:  # JPEG tiles: a cut-out is shown on white
        image = Image.alpha_composite(Image.new("RGBA", image.size, "white"), image).convert("RGB")
    staging = staging_folder(cache, f"{target.key}{TILES_SUFFIX}")
    try:
        _save_tiles(image, target, settings, staging)
        (staging / "meta.json").write_text("{}", encoding="utf-8")
        _put_tiles_in_place(staging, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # what is left when saving failed, or made twice


def _put_tiles_in_place(staging: Path, folder: Path) -> None:
    with contextlib.suppress(OSError):  # another process made the same tiles first
        os.replace(staging, folder)


def _save_tiles(image: Image.Image, target: Plan, settings: Settings, staging: Path) -> None:
    scaled, factor = image, 1
    full = (target.width, target.height)
    for tile in tile_grid(*full):
        while factor < tile.factor:
            scaled, factor = scaled.reduce(2), factor * 2
        x, y = tile.region[0] // factor, tile.region[1] // factor
        path = staging / tile.path(full)
        path.parent.mkdir(parents=True, exist_ok=True)
        scaled.crop((x, y, x + tile.width, y + tile.height)).convert("RGB").save(path, "JPEG", quality=settings.jpeg_quality, optimize=True)


def _cropped(image: Image.Image, size: tuple[int, int], target: Plan, centre: tuple[float, float]) -> Image.Image:
    """`image` filling `size`, cut around the plan's focus; a cut-out (with transparency) is
    never cut: it is shown whole, with transparent space around it."""
    if target.alpha:
        return ImageOps.pad(image, size, Image.Resampling.LANCZOS, color=(0, 0, 0, 0))
    return ImageOps.fit(image, size, Image.Resampling.LANCZOS, centering=target.focus or centre)


def _mark_used(meta: Path) -> None:
    # the modification time of meta.json is when a build last needed this image: see prune_cache
    try:
        os.utime(meta)
    except OSError:
        pass  # a read-only cache still serves


STAGING_SUFFIX = ".tmp"
STAGING_KEPT = 86_400  # seconds: a staging folder older than this was left by a build that was killed


def staging_folder(cache: Path, name: str) -> Path:
    """A new folder in `cache` to make `name` in before it is renamed into place, this
    process's alone: the process number says whose it is (see `prune_cache`), and a random
    part keeps it apart from one that a killed build of the same number left."""
    cache.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{name}.{os.getpid()}-", suffix=STAGING_SUFFIX, dir=cache))


def prune_cache(cache: Path, now: float, keep_days: int = 30) -> int:
    """Remove images no build has needed for `keep_days`, and staging left by killed builds.

    Age, not this build's use, decides: several museums, and several builds at once (the
    museums of a network, each in a process of its own), share one cache, so an entry may
    be renamed into place or removed by another build while it is looked at.
    Returns how many entries were removed.
    """
    try:
        entries = list(os.scandir(cache))
    except OSError:  # no cache yet, or one that cannot be read: nothing to prune
        return 0
    stale = [entry for entry in entries if _stale(entry, now, now - keep_days * 86_400)]
    return sum(_discarded(Path(entry.path)) for entry in stale)


def _stale(entry: os.DirEntry[str], now: float, cutoff: float) -> bool:
    """Whether `entry` is an image unused since `cutoff`, or a killed build's staging."""
    try:
        if not entry.is_dir(follow_symlinks=False):
            return False
        if entry.name.endswith(STAGING_SUFFIX):
            return entry.stat(follow_symlinks=False).st_mtime < now - STAGING_KEPT and not _running(_staged_by(entry.name))
        return _last_used(Path(entry.path)) < cutoff
    except OSError:  # gone since the folder was listed: renamed into place, or pruned by another build
        return False


def _last_used(folder: Path) -> float:
    try:
        return (folder / "meta.json").stat().st_mtime
    except FileNotFoundError:  # an interrupted entry
        return folder.stat().st_mtime


def _staged_by(name: str) -> int | None:
    """The number of the process that made a staging folder: `<name>.<pid>-<random>.tmp`."""
    last = name[: -len(STAGING_SUFFIX)].rsplit(".", 1)[-1].split("-", 1)[0]
    return int(last) if last.isdigit() else None


def _running(pid: int | None) -> bool:
    """Whether a process of this number runs on this machine: its staging is in use, however
    old (a number used again after a killed build only keeps a leftover longer)."""
    if pid is None or os.name == "nt":  # os.kill(pid, 0) would send Ctrl-C there: age alone decides
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    except OSError:
        return False
    return True


def _discarded(folder: Path) -> bool:
    """Remove `folder`, unless it went first; whether this removed it."""
    try:
        _remove(folder)
    except FileNotFoundError:
        return False
    except OSError as exc:  # a cache that cannot be written: prune another day
        log.debug("cannot prune %s: %s", folder, exc)
        return False
    return True


def default_cache_dir() -> Path:
    """`MUSEUMGEN_CACHE_DIR`, else the user's cache folder (CI can keep it between runs)."""
    configured = os.environ.get("MUSEUMGEN_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "museumgen"


def cached_file(cache: Path, target: Plan, variant: Variant) -> Path:
    folder = target.tiles_folder
    if folder is not None and variant.path.startswith(folder + "/"):
        return cache / f"{target.key}{TILES_SUFFIX}" / variant.path[len(folder) + 1 :]
    return cache / target.key / Path(variant.path).name


def _open(path: Path) -> Image.Image:
    """Open an image with the pixel limit as a hard error, not a warning."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(path)
            if image.width * image.height > MAX_PIXELS:
                raise Image.DecompressionBombError("too many pixels")
            return image
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageProblem(_("it has too many pixels (over {megapixels} megapixels): make it smaller", megapixels=MAX_PIXELS // 1_000_000)) from None
    except OSError as exc:
        if exc.errno is not None:  # the file itself could not be opened, e.g. no permission
            raise ImageProblem(_("cannot read this file: {reason}", reason=exc.strerror)) from None
        raise ImageProblem(_not_an_image()) from None
    except (SyntaxError, ValueError):
        raise ImageProblem(_not_an_image()) from None


def _not_an_image() -> str:
    return _("it is not an image that can be read (damaged, or another kind of file)")



def _prepared(image: Image.Image, largest: int, alpha: bool) -> Image.Image:
    """Pixels ready to resize: decoded small, upright, sRGB, RGB or RGBA, no metadata."""
    try:
        if image.format == "JPEG":
            scale = largest / max(image.size)  # let the decoder skip detail no derivative needs
            image.draft("RGB" if image.mode != "CMYK" else "CMYK", (max(1, int(image.width * scale)), max(1, int(image.height * scale))))
        image.seek(0)  # animated images: the first frame
        icc = image.info.get("icc_profile")
        upright = ImageOps.exif_transpose(image) or image
        upright.load()
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ImageProblem(_("the image is damaged or cut short ({reason})", reason=str(exc))) from None
    return _to_srgb(upright, icc, alpha)


def _to_srgb(image: Image.Image, icc: bytes | None, alpha: bool) -> Image.Image:
    mode = "RGBA" if alpha else "RGB"
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):  # 16-bit greyscale: scale to 8 bits
        image = image.point(lambda value: value / 256).convert("L")
    elif image.mode == "RGB;16" or image.mode.startswith("RGBA;16"):
        image = image.convert(mode)
    if image.mode == "P":
        image = image.convert("RGBA" if alpha else "RGB")
    if icc and image.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            source_profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
            converted = ImageCms.profileToProfile(image, source_profile, _SRGB, outputMode=output_mode)
            if converted is not None:
                image = converted
        except (ImageCms.PyCMSError, OSError):
            pass  # an unreadable profile: treat the pixels as sRGB
    if image.mode != mode:
        image = image.convert(mode)
    image.info.clear()  # EXIF, GPS, XMP, comments, the old ICC profile: none go further
    return image


def _resized(image: Image.Image, width: int, height: int) -> Image.Image:
    if image.size == (width, height):
        return image
    factor = min(image.width // width, image.height // height)
    if factor >= 2:  # a fast box reduction first, then a good filter for the rest
        image = image.reduce(factor)
    return image.resize((width, height), Image.Resampling.LANCZOS)


def _save(image: Image.Image, path: Path, mime: str, settings: Settings) -> None:
    if mime == "image/webp":
        image.save(path, "WEBP", quality=settings.webp_quality, method=4)
    elif mime == "image/avif":
        image.save(path, "AVIF", quality=settings.avif_quality, speed=6)
    elif mime == "image/png":
        image.save(path, "PNG", optimize=True)
    else:
        image.convert("RGB").save(path, "JPEG", quality=settings.jpeg_quality, optimize=True, progressive=True)


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)


def _dominant_colour(image: Image.Image) -> str:
    red, green, blue = image.convert("RGB").resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))  # type: ignore[misc]
    return f"#{red:02x}{green:02x}{blue:02x}"


def _remove(folder: Path) -> None:
    shutil.rmtree(folder)  # a folder of tiles has folders in it


def make_all(
    jobs: Sequence[tuple[Path, Plan]], settings: Settings, cache: Path, progress: Callable[[int, int], None] | None = None
) -> list[str | ImageProblem]:
    """`make` each job, those not in the cache on every core: a colour or the problem each.

    `progress` is told how many of the images to make are made, and how many there are."""
    pending = [i for i, (_, target) in enumerate(jobs) if not _in_cache(target, cache)]
    log.debug("%d of %d images to make", len(pending), len(jobs))

    def chunk(indexes: range) -> list[str | ImageProblem]:
        return [_make_or_problem(*jobs[pending[i]], settings, cache) for i in indexes]

    told = (lambda done: progress(done, len(pending))) if progress and pending else None
    made = dict(zip(pending, [r for part in map_chunks(chunk, len(pending), min_items=2, progress=told) for r in part], strict=True))
    return [made[i] if i in made else _make_or_problem(*jobs[i], settings, cache) for i in range(len(jobs))]


def _in_cache(target: Plan, cache: Path) -> bool:
    folders = [target.key] + ([f"{target.key}{TILES_SUFFIX}"] if target.tiles else [])
    return all((cache / folder / "meta.json").is_file() for folder in folders)


def _make_or_problem(source: Path, target: Plan, settings: Settings, cache: Path) -> str | ImageProblem:
    try:
        return make(source, target, settings, cache)
    except ImageProblem as problem:
        return problem
    except OSError as exc:  # the cache's disk is full or read-only: said, not a traceback from a worker
        return ImageProblem(_("its smaller copies cannot be written to the image cache: {reason} (see --cache-dir)", reason=exc.strerror or str(exc)))


@dataclass(frozen=True)
class Icon:
    """A square PNG made from the logo for a phone's home screen: `padding` is the share of
    each side left around it (a maskable icon's safe zone is the middle 80%), on `background`
    (`None`: transparent)."""

    size: int
    padding: float = 0.0
    background: str | None = None

    def key(self, logo: bytes) -> str:
        digest = hashlib.sha256(logo)
        digest.update(f"|{PIPELINE_VERSION}|icon {self.size} {self.padding} {self.background}".encode())
        return digest.hexdigest()[:20]


def icon(source: Path, target: Icon, cache: Path) -> bytes:
    """The PNG of `target` from the logo at `source`, made once and kept in `cache`."""
    data = source.read_bytes()
    kept = cache / f"{target.key(data)}.png"
    if kept.is_file():
        return kept.read_bytes()
    with _open(source) as original:
        logo = _to_srgb(ImageOps.exif_transpose(original), original.info.get("icc_profile"), True).convert("RGBA")
    inner = max(1, round(target.size * (1 - 2 * target.padding)))
    logo = ImageOps.contain(logo, (inner, inner), Image.Resampling.LANCZOS)
    canvas = Image.new("RGBA", (target.size, target.size), target.background or (0, 0, 0, 0))
    canvas.alpha_composite(logo, ((target.size - logo.width) // 2, (target.size - logo.height) // 2))
    out = io.BytesIO()
    canvas.save(out, "PNG", optimize=True)
    staging = staging_folder(cache, kept.name)
    (staging / kept.name).write_bytes(out.getvalue())
    os.replace(staging / kept.name, kept)
    _remove(staging)
    return out.getvalue()
