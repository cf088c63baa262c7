"""The image pipeline on small fixture images made here, one per awkward case."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image, ImageCms

from museumgen import images
from museumgen.images import ImageProblem, Plan, Settings, cached_file, content_key, inspect, make, plan, prune_cache

SETTINGS = Settings(widths=(40, 80, 160), thumbnail=32)
# What exif_transpose does for each orientation, undone: stored = upright.transpose(UNDO[o]).
UNDO = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


def upright() -> Image.Image:
    """120×80, red in the top-left corner, blue elsewhere."""
    image = Image.new("RGB", (120, 80), (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, 40, 30))
    return image


def run(source: Path, tmp: Path, settings: Settings = SETTINGS, focus: tuple[float, float] | None = None) -> tuple[dict[str, Image.Image], str]:
    size, alpha, _ = inspect(source)
    target = plan("media/" + source.name, content_key(source.read_bytes(), settings), size, alpha, settings, focus)
    colour = make(source, target, settings, tmp / "cache")
    return {v.path: _load(cached_file(tmp / "cache", target, v)) for v in target.variants}, colour


def _load(path: Path) -> Image.Image:
    with Image.open(path) as image:
        image.load()
        return image


def largest(images: dict[str, Image.Image], suffix: str = ".jpg") -> Image.Image:
    return max((i for p, i in images.items() if p.endswith(suffix) and "-sq" not in p and "share" not in p), key=lambda i: i.width)


@pytest.mark.parametrize("orientation", range(1, 9))
def test_exif_orientation_is_applied(tmp_path: Path, orientation: int) -> None:
    stored = upright() if orientation == 1 else upright().transpose(UNDO[orientation])
    exif = Image.Exif()
    exif[0x0112] = orientation
    source = tmp_path / "photo.jpg"
    stored.save(source, quality=95, exif=exif)
    assert inspect(source)[0] == (120, 80)
    out = largest(run(source, tmp_path)[0])
    assert out.size == (120, 80)
    red, green, blue = out.convert("RGB").getpixel((10, 10))  # type: ignore[misc]
    assert red > 200 and blue < 60, "the red corner is top left again"
    assert out.getexif().get(0x0112) is None


def test_gps_and_all_metadata_are_stripped(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(0x8825)[2] = (30.0, 15.0, 0.0)  # GPSLatitude
    source = tmp_path / "gps.jpg"
    upright().save(source, exif=exif, comment=b"staff phone")
    with Image.open(source) as original:
        assert original.getexif().get_ifd(0x8825)
    for path, image in run(source, tmp_path)[0].items():
        assert not image.getexif(), path
        assert "icc_profile" not in image.info and "comment" not in image.info and "exif" not in image.info, path
        assert b"PhoneMaker" not in Path(image.filename).read_bytes()


def test_widths_are_never_upscaled(tmp_path: Path) -> None:
    source = tmp_path / "small.png"
    Image.new("RGB", (100, 50), "white").save(source)
    images, _ = run(source, tmp_path)
    assert sorted(i.width for p, i in images.items() if p.endswith(".jpg") and "-sq" not in p and "share" not in p) == [40, 80, 100]


def test_cmyk_becomes_rgb_with_the_right_colour(tmp_path: Path) -> None:
    source = tmp_path / "cmyk.jpg"
    Image.new("CMYK", (120, 80), (0, 255, 255, 0)).save(source, quality=95)  # pure red in print colours
    out = largest(run(source, tmp_path)[0])
    assert out.mode == "RGB"
    red, green, blue = out.getpixel((60, 40))  # type: ignore[misc]
    assert red > 200 and green < 80 and blue < 80


def test_sixteen_bit_greyscale(tmp_path: Path) -> None:
    source = tmp_path / "deep.png"
    Image.new("I;16", (120, 80), 40000).save(source)
    out = largest(run(source, tmp_path)[0])
    assert out.mode == "RGB" and 140 < out.getpixel((5, 5))[0] < 170  # type: ignore[index]


def test_transparency_is_kept_in_png(tmp_path: Path) -> None:
    source = tmp_path / "logo.png"
    image = Image.new("RGBA", (120, 80), (0, 0, 0, 0))
    image.paste((200, 30, 30, 255), (30, 20, 90, 60))
    image.save(source)
    images, _ = run(source, tmp_path)
    assert [p for p in images if p.endswith(".jpg")] == [p for p in images if "share" in p]  # chat apps: no transparency
    out = largest(images, ".png")
    assert out.mode == "RGBA" and out.getpixel((0, 0))[3] == 0  # type: ignore[index]
    assert any(p.endswith(".webp") for p in images)


def test_a_cut_out_is_shown_whole_and_shared_on_white(tmp_path: Path) -> None:
    source = tmp_path / "cutout.png"
    image = Image.new("RGBA", (80, 160), (0, 0, 0, 0))
    image.paste((200, 30, 30, 255), (20, 0, 60, 160))  # a tall object from top to bottom
    image.save(source)
    images, _ = run(source, tmp_path)
    square = next(i for p, i in images.items() if "-sq" in p and p.endswith(".png"))
    assert square.size == (32, 32)
    assert square.getpixel((16, 0))[3] == 255 and square.getpixel((16, 31))[3] == 255, "its top and foot are kept"  # type: ignore[index]
    assert square.getpixel((0, 16))[3] == 0, "space beside it is transparent"  # type: ignore[index]
    share = next(i for p, i in images.items() if "share" in p)
    assert share.mode == "RGB" and share.getpixel((5, 5)) == (255, 255, 255)


def tall_with_red_top() -> Image.Image:
    """80×240: red in the top sixth (a figure's head), blue below."""
    image = Image.new("RGB", (80, 240), (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, 80, 40))
    return image


def test_crops_keep_the_focus(tmp_path: Path) -> None:
    source = tmp_path / "figure.jpg"
    tall_with_red_top().save(source, quality=95)
    middle, _ = run(source, tmp_path)
    top, _ = run(source, tmp_path, focus=(0.5, 0.0))

    def red_at_top(images: dict[str, Image.Image], part: str) -> bool:
        image = next(i for p, i in images.items() if part in p and p.endswith(".jpg")).convert("RGB")
        return bool(image.getpixel((image.width // 2, 2))[0] > 200)  # type: ignore[index]

    assert not red_at_top(middle, "-sq") and not red_at_top(middle, "share")
    assert red_at_top(top, "-sq") and red_at_top(top, "share")


def test_a_focus_gives_names_of_its_own() -> None:
    key = content_key(b"one", SETTINGS)
    middle = plan("media/a.jpg", key, (800, 1200), False, SETTINGS)
    top = plan("media/a.jpg", key, (800, 1200), False, SETTINGS, (0.5, 0.0))
    assert middle.focus is None and top.focus == (0.5, 0.0)
    assert {v.path for v in middle.variants}.isdisjoint(v.path for v in top.variants)
    assert plan("media/a.jpg", key, (800, 1200), False, SETTINGS, (0.5, 0.0)) == top


def test_iphone_heic_photos_are_accepted(tmp_path: Path) -> None:
    source = tmp_path / "IMG_0001.HEIC"
    upright().save(source, "HEIF", quality=90)
    assert inspect(source)[0] == (120, 80)
    images, _ = run(source, tmp_path)
    out = largest(images)
    assert out.format == "JPEG" and out.size == (120, 80)
    red, green, blue = out.convert("RGB").getpixel((10, 10))  # type: ignore[misc]
    assert red > 200 and blue < 60
    assert all(not p.lower().endswith((".heic", ".heif")) for p in images)


def test_palette_with_transparency(tmp_path: Path) -> None:
    source = tmp_path / "palette.gif"
    image = Image.new("P", (120, 80), 0)
    image.putpalette([255, 255, 255, 200, 0, 0] + [0] * 762)
    image.info["transparency"] = 0
    image.save(source, transparency=0)
    assert inspect(source)[1:] == (True, False)


def test_animated_image_uses_the_first_frame(tmp_path: Path) -> None:
    source = tmp_path / "moving.gif"
    frames = [Image.new("RGB", (120, 80), colour) for colour in ((255, 0, 0), (0, 255, 0))]
    frames[0].save(source, save_all=True, append_images=frames[1:], duration=100)
    assert inspect(source)[2] is True
    _, colour = run(source, tmp_path)
    assert colour.startswith("#f") or colour.startswith("#e")  # red, the first frame


def test_icc_profile_is_converted_and_dropped(tmp_path: Path) -> None:
    source = tmp_path / "profiled.jpg"
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    upright().save(source, icc_profile=profile)
    for image in run(source, tmp_path)[0].values():
        assert "icc_profile" not in image.info


def test_truncated_file_is_a_clear_problem(tmp_path: Path) -> None:
    whole = io.BytesIO()
    Image.effect_noise((600, 400), 60).convert("RGB").save(whole, "JPEG", quality=95)  # headers are a small share
    source = tmp_path / "cut.jpg"
    source.write_bytes(whole.getvalue()[: len(whole.getvalue()) // 2])
    with pytest.raises(ImageProblem, match="damaged or cut short"):
        run(source, tmp_path)


def test_a_file_that_is_not_an_image(tmp_path: Path) -> None:
    source = tmp_path / "page.jpg"
    source.write_text("<html><script>alert(1)</script></html>")
    with pytest.raises(ImageProblem, match="not an image that can be read"):
        run(source, tmp_path)


def test_decompression_bomb_is_refused_before_decoding(tmp_path: Path) -> None:
    source = tmp_path / "bomb.png"
    Image.new("1", (12_000, 10_000)).save(source)  # 120 megapixels, a few kilobytes
    assert source.stat().st_size < 100_000
    with pytest.raises(ImageProblem, match="too many pixels"):
        run(source, tmp_path)


def test_cached_images_are_not_made_again(tmp_path: Path) -> None:
    source = tmp_path / "photo.jpg"
    upright().save(source)
    run(source, tmp_path)
    made = sorted(p for p in (tmp_path / "cache").rglob("*.*") if p.name != "meta.json")  # meta.json: last use
    stamps = [p.stat().st_mtime_ns for p in made]
    source.write_bytes(source.read_bytes())  # same bytes, new modification time: same key
    run(source, tmp_path)
    assert sorted(p for p in (tmp_path / "cache").rglob("*.*") if p.name != "meta.json") == made
    assert [p.stat().st_mtime_ns for p in made] == stamps


def test_the_same_photograph_under_another_name_gets_files_of_its_own(tmp_path: Path) -> None:
    # Two museums of a network sharing one cache, or one museum after a photograph was renamed.
    first, second = tmp_path / "photo.jpg", tmp_path / "other.jpg"
    upright().save(first)
    second.write_bytes(first.read_bytes())
    images, colour = run(first, tmp_path)
    again, same = run(second, tmp_path)
    assert same == colour and len(again) == len(images)
    assert all(path.startswith("media/other.") for path in again)
    assert run(first, tmp_path)[0].keys() == images.keys()  # the first name's files are still there


def test_names_carry_the_content_hash_and_settings(tmp_path: Path) -> None:
    first = plan("media/a.jpg", content_key(b"one", SETTINGS), (2000, 1000), False, SETTINGS)
    other = plan("media/a.jpg", content_key(b"two", SETTINGS), (2000, 1000), False, SETTINGS)
    resized = plan("media/a.jpg", content_key(b"one", Settings()), (2000, 1000), False, Settings())
    assert {v.path for v in first.variants}.isdisjoint(v.path for v in other.variants)
    assert first.key != resized.key
    assert [v.path for v in first.responsive["image/webp"]] == [f"media/a.{first.key[:10]}-{w}.webp" for w in (40, 80, 160)]
    assert first.share is not None and (first.share.width, first.share.height) == (1200, 630)


def test_cache_keeps_recently_used_images_and_prunes_the_rest(tmp_path: Path) -> None:
    source = tmp_path / "photo.jpg"
    upright().save(source)
    cache, day = tmp_path / "cache", 86_400
    target = plan("media/photo.jpg", content_key(source.read_bytes(), SETTINGS), (120, 80), False, SETTINGS)
    make(source, target, SETTINGS, cache)
    meta = cache / target.key / "meta.json"
    now = time.time()
    os.utime(meta, (now - 40 * day, now - 40 * day))
    make(source, target, SETTINGS, cache)  # needed again: used today
    assert meta.stat().st_mtime > now - day

    def leftover(name: str, age: float, marker: str) -> None:
        (cache / name).mkdir()
        (cache / name / marker).write_bytes(b"x")
        os.utime(cache / name / marker, (now - age, now - age))
        os.utime(cache / name, (now - age, now - age))

    leftover("unused-for-a-month", 31 * day, "meta.json")
    leftover("used-last-week", 7 * day, "meta.json")
    leftover(f"killed-build.{ended_process()}-a1b2.tmp", 2 * day, "a.jpg")
    leftover("running-build.456-c3d4.tmp", 60, "a.jpg")
    leftover(f"running-for-days.{os.getpid()}-e5f6.tmp", 2 * day, "a.jpg")
    assert prune_cache(cache, now) == 2
    kept = [target.key, "used-last-week", "running-build.456-c3d4.tmp", f"running-for-days.{os.getpid()}-e5f6.tmp"]
    assert sorted(p.name for p in cache.iterdir()) == sorted(kept)
    assert prune_cache(tmp_path / "no-cache-yet", now) == 0


def ended_process() -> int:
    """The number of a process that has ended."""
    return int(subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True).stdout)


def photo_plan(tmp_path: Path) -> tuple[Path, Plan]:
    source = tmp_path / "photo.jpg"
    upright().save(source)
    return source, plan("media/photo.jpg", content_key(source.read_bytes(), SETTINGS), (120, 80), False, SETTINGS)


def test_pruning_leaves_the_staging_of_a_build_still_making_images(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another museum's build, finishing, prunes the cache while this one stages an image;
    its clock says the staging is two days old (how old is not how used)."""
    source, target = photo_plan(tmp_path)
    cache, save = tmp_path / "cache", images._save

    def save_and_prune(*args: object) -> None:
        save(*args)  # type: ignore[arg-type]
        assert prune_cache(cache, time.time() + 2 * 86_400) == 0

    monkeypatch.setattr(images, "_save", save_and_prune)
    make(source, target, SETTINGS, cache)
    assert all(cached_file(cache, target, v).is_file() for v in target.variants)


def test_pruning_passes_over_entries_that_vanish_while_it_looks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Between listing the cache and looking at an entry, another build renames its staging
    into place, or prunes an old image first."""
    cache, day = tmp_path / "cache", 86_400
    staging, old = cache / f"1a2b3c.{ended_process()}-x1.tmp", cache / "unused-for-a-month"
    for folder in (staging, old):
        folder.mkdir(parents=True)
        os.utime(folder, (time.time() - 40 * day,) * 2)
    listed = os.scandir

    def listed_then_gone(path: Path) -> list[os.DirEntry[str]]:
        entries = list(listed(path))
        staging.rename(cache / "1a2b3c")
        old.rmdir()
        return entries

    monkeypatch.setattr(images.os, "scandir", listed_then_gone)
    assert prune_cache(cache, time.time()) == 0
    assert [p.name for p in cache.iterdir()] == ["1a2b3c"]


def test_staging_is_never_shared_with_a_killed_build_of_the_same_process_number(tmp_path: Path) -> None:
    source, target = photo_plan(tmp_path)
    cache = tmp_path / "cache"
    left = cache / f"{target.key}.{os.getpid()}.tmp"  # as builds named it before
    left.mkdir(parents=True)
    (left / "half-written.webp").write_bytes(b"x")
    make(source, target, SETTINGS, cache)
    assert not (cache / target.key / "half-written.webp").exists()


def test_a_failed_image_leaves_no_staging(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source, target = photo_plan(tmp_path)

    def disk_full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(images, "_save", disk_full)
    with pytest.raises(OSError):
        make(source, target, SETTINGS, tmp_path / "cache")
    assert list((tmp_path / "cache").iterdir()) == []
