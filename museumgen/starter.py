"""`museumgen new`: a small museum folder that builds as it is and shows every content type."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from PIL import Image, ImageDraw

from museumgen.editor import write_editor_files
from museumgen.errors import MuseumError
from museumgen.messages import _

_MUSEUM = """\
# The museum's identity and visit information; every key explained: museumgen keys museum.yaml（每个字段的说明）
name: "{name}"
description: "{description}"
{languages}
timezone: Asia/Shanghai
colors:
  primary: "#8c2f1b"
  accent: "#b8860b"
address: "{address}"
phone: "0000-00000000"
hours:
  weekly:
    mon: closed
    tue-sun: "09:00-17:00"
  last_entry: "16:30"
  exceptions:
    - date: {closure}
      note: "{closure_note}"
tickets:
  free: true
  note: "{ticket_note}"
facilities:
  - "{facility}"
"""

_FILES = {
    "exhibitions/first-exhibition.md": """\
---
title: "{exhibition}"
subtitle: Permanent exhibition
start: {year}-01-01
venue: "{hall}"
cover:
  file: media/cover.jpg
  alt: ""
items: [M-0001]
---
{exhibition_body}
""",
    "collection/first-object.md": """\
---
id: M-0001
title: "{object}"
period: "{period}"
material: "{material}"
images:
  - file: media/object.jpg
    alt: "{object_alt}"
featured: true
---
{object_body}
""",
    "events/first-event.md": """\
---
title: "{event}"
start: {event_start} 14:00
end: {event_start} 16:00
location: "{hall}"
fee: "{free}"
---
{event_body}
""",
    "videos/first-video.md": """\
---
title: "{video}"
source: https://www.bilibili.com/video/BV1xx411c7mD
duration: "3:20"
speaker: first-speaker
---
{video_body}
""",
    "speakers/first-speaker.md": """\
---
title: "{speaker}"
role: "{speaker_role}"
---
{speaker_body}
""",
    "news/welcome.md": """\
---
title: "{news}"
date: {today}
---
{news_body}
""",
    "pages/about.md": """\
---
title: "{about}"
menu: true
---
{about_body}
""",
    ".gitignore": "_site/\n",
}

_TEXT = {
    "zh-CN": {
        "description": "一座小而美的博物馆。",
        "address": "某某县某某路 1 号",
        "closure_note": "设备检修闭馆",
        "ticket_note": "免费参观，凭身份证入馆。",
        "facility": "无障碍通道",
        "exhibition": "基本陈列",
        "hall": "一号展厅",
        "exhibition_body": "在这里介绍展览。编辑 `exhibitions/first-exhibition.md` 来修改这段文字。",
        "object": "第一件藏品",
        "period": "清代",
        "material": "瓷",
        "object_alt": "一件藏品的示意图",
        "object_body": "在这里介绍藏品。每件藏品一个文件，放在 `collection/` 文件夹。",
        "event": "亲子手工课",
        "free": "免费",
        "event_body": "在这里介绍活动的内容、报名方式和注意事项。",
        "video": "馆长带你看展",
        "video_body": "视频简介。",
        "speaker": "王老师",
        "speaker_role": "金牌讲解员",
        "speaker_body": "在这里介绍主讲人。每位策展人、专家或讲解员一个文件，放在 `speakers/` 文件夹。",
        "news": "网站上线",
        "news_body": "我们的网站上线了。",
        "about": "关于我们",
        "about_body": "在这里介绍博物馆的历史。",
    },
    "en": {
        "description": "A small museum with a big story.",
        "address": "1 Museum Road",
        "closure_note": "Closed for maintenance",
        "ticket_note": "Free admission.",
        "facility": "Step-free access",
        "exhibition": "Permanent Exhibition",
        "hall": "Gallery 1",
        "exhibition_body": "Describe the exhibition here. Edit `exhibitions/first-exhibition.md` to change this text.",
        "object": "Our First Object",
        "period": "19th century",
        "material": "Porcelain",
        "object_alt": "An illustration standing in for an object",
        "object_body": "Describe the object here. Each object has its own file in `collection/`.",
        "event": "Family Craft Afternoon",
        "free": "Free",
        "event_body": "Describe the event, how to register and what to bring.",
        "video": "A Curator's Tour",
        "video_body": "What the video shows.",
        "speaker": "Ms Wang",
        "speaker_role": "Lead guide",
        "speaker_body": "Introduce the speaker here. Each curator, expert or guide has their own file in `speakers/`.",
        "news": "Our website is open",
        "news_body": "Welcome to our new website.",
        "about": "About us",
        "about_body": "Tell the museum's story here.",
    },
}


def create_starter(folder: Path, name: str, languages: str | tuple[str, ...], today: dt.date | None = None) -> None:
    """Write the starter museum into `folder`, which must be new or empty: in one language,
    or with a translation of every file into each language after the first."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise MuseumError.outside(str(folder), _("this folder already exists and is not empty: choose a new folder name"))
    languages = (languages,) if isinstance(languages, str) else languages
    file = next((parent for parent in folder.parents if parent.exists() and not parent.is_dir()), None)
    if file is not None:
        raise MuseumError.outside(str(folder), _("`{file}` is a file, not a folder: choose another place for the museum", file=str(file)))
    try:
        _write_starter(folder, name, languages, today)
    except OSError as exc:  # no permission, a full disk, a name too long, a circle of links
        raise MuseumError.outside(str(folder), _("cannot create the museum folder here: {reason}", reason=exc.strerror or str(exc))) from None


def _write_starter(folder: Path, name: str, languages: tuple[str, ...], today: dt.date | None) -> None:
    day = today or dt.date.today()
    setting = f"language: {languages[0]}" if len(languages) == 1 else f"languages: [{', '.join(languages)}]"
    values = {
        language: {
            **_TEXT[language],
            "name": name.replace('"', "'"),
            "languages": setting,
            "today": day.isoformat(),
            "year": day.year,
            "closure": dt.date(day.year + 1, 1, 1).isoformat(),
            "event_start": (day + dt.timedelta(days=30)).isoformat(),
        }
        for language in languages
    }
    first = values[languages[0]]
    (folder / "media").mkdir(parents=True, exist_ok=True)
    (folder / "museum.yaml").write_text(_MUSEUM.format(**first), encoding="utf-8")
    for language in languages[1:]:
        texts = _differences(yaml.safe_load(_MUSEUM.format(**first)), yaml.safe_load(_MUSEUM.format(**values[language])))
        (folder / f"museum.{language}.yaml").write_text(_dump(texts), encoding="utf-8")
    for rel, text in _FILES.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.format(**first), encoding="utf-8")
        for language in languages[1:] if rel.endswith(".md") else ():
            _write_translation(path.with_name(f"{path.stem}.{language}.md"), text.format(**first), text.format(**values[language]))
    write_editor_files(folder, len(languages) > 1)
    _placeholder(folder / "media" / "cover.jpg", (1200, 675), (140, 47, 27))
    _placeholder(folder / "media" / "object.jpg", (900, 900), (90, 110, 100))


def _write_translation(path: Path, original: str, translated: str) -> None:
    """A translation holding only what differs from its original (its texts), and its body."""
    _opening, front, _rest = original.split("---\n", 2)
    _opening, own_front, body = translated.split("---\n", 2)
    texts = _differences(yaml.safe_load(front), yaml.safe_load(own_front))
    path.write_text(f"---\n{_dump(texts)}---\n{body}", encoding="utf-8")


def _differences(original: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
    """The keys of `other` whose values differ from `original`'s, groups of keys compared key by key."""
    found: dict[str, Any] = {}
    for key, value in other.items():
        before = original.get(key)
        if isinstance(value, dict) and isinstance(before, dict):
            inner = _differences(before, value)
            if inner:
                found[key] = inner
        elif value != before:
            found[key] = value
    return found


def _dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1000)


def _placeholder(path: Path, size: tuple[int, int], colour: tuple[int, int, int]) -> None:
    """A calm two-tone picture with a vessel outline, to be replaced by real photographs."""
    width, height = size
    image = Image.new("RGB", size, (236, 230, 220))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        shade = 236 - int(24 * y / height)
        draw.line([(0, y), (width, y)], fill=(shade, shade - 6, shade - 16))
    cx, top, bottom = width // 2, height // 5, height * 4 // 5
    body = [(cx - width // 8, top), (cx + width // 8, top), (cx + width // 5, (top + bottom) // 2), (cx + width // 9, bottom), (cx - width // 9, bottom), (cx - width // 5, (top + bottom) // 2)]
    draw.polygon(body, fill=colour)
    image.save(path, "JPEG", quality=80, optimize=True)
