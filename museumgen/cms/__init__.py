"""Web editing for staff without Git: an `admin/` folder for Decap CMS, its `config.yml`
made from the content kinds and their schemas, so the editor's forms are the model's.

`config` is pure (kinds and schemas in, a dict out); `write_admin` is the one side effect:
it writes `index.html`, `config.yml` and a copy of the CMS's bundle (never a CDN: the
admin page loads only from the museum's own host).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from museumgen.schema import Museum
from museumgen.schema.base import Image, names_shorthand
from museumgen.site.kinds import KINDS, Kind

BACKENDS = ("github", "gitlab", "git-gateway")
MUSEUM_FILE = "museum.yaml"
MEDIA = "media"  # images go to the museum's media/ folder; paths in entries are from the museum folder

# What each key is called on the forms, in Chinese and English. Keys not listed show
# their own name in English only.
FIELD_LABELS = {
    "title": ("标题", "Title"),
    "summary": ("摘要", "Summary"),
    "tags": ("标签", "Tags"),
    "draft": ("草稿", "Draft"),
    "publish": ("发布日期", "Publish on"),
    "order": ("排序", "Order"),
    "updated": ("更新日期", "Updated"),
    "body": ("正文", "Text"),
    "subtitle": ("副标题", "Subtitle"),
    "start": ("开始", "Start"),
    "end": ("结束", "End"),
    "venue": ("展厅", "Venue"),
    "cover": ("封面图", "Cover image"),
    "curator": ("策展人", "Curator"),
    "items": ("藏品", "Objects"),
    "videos": ("视频", "Videos"),
    "featured": ("推荐", "Featured"),
    "sections": ("单元", "Sections"),
    "stop": ("导览编号", "Audio guide stop"),
    "audio": ("音频", "Audio"),
    "text": ("文字", "Text"),
    "file": ("文件", "File"),
    "transcript": ("文字稿", "Transcript"),
    "alt": ("图片说明（替代文字）", "Alt text"),
    "caption": ("图注", "Caption"),
    "credit": ("来源", "Credit"),
    "focus": ("裁切重点", "Focus"),
    "id": ("藏品编号", "Accession number"),
    "period": ("时代", "Period"),
    "date": ("日期", "Date"),
    "origin": ("出土地/产地", "Origin"),
    "material": ("材质", "Material"),
    "dimensions": ("尺寸", "Dimensions"),
    "category": ("类别", "Category"),
    "images": ("图片", "Images"),
    "rights": ("版权", "Rights"),
    "location": ("地点", "Location"),
    "audience": ("对象", "Audience"),
    "capacity": ("名额", "Places"),
    "fee": ("费用", "Fee"),
    "registration": ("报名方式", "Registration"),
    "exhibition": ("所属展览", "Exhibition"),
    "source": ("视频来源", "Video source"),
    "poster": ("封面", "Poster"),
    "captions": ("字幕", "Captions"),
    "chapters": ("章节", "Chapters"),
    "duration": ("时长", "Duration"),
    "speaker": ("主讲人", "Speaker"),
    "series": ("系列", "Series"),
    "episode": ("集数", "Episode"),
    "link": ("直播间地址", "Live room"),
    "recording": ("回放视频", "Recording"),
    "role": ("身份", "Role"),
    "photo": ("照片", "Photo"),
    "bio": ("简介", "Short biography"),
    "name": ("名称", "Name"),
    "menu": ("列入页脚菜单", "In footer menu"),
    "language": ("语言", "Language"),
    "label": ("名称", "Label"),
    "short_name": ("简称", "Short name"),
    "description": ("简介", "Description"),
    "languages": ("语言", "Languages"),
    "logo": ("标志", "Logo"),
    "address": ("地址", "Address"),
    "phone": ("电话", "Phone"),
    "email": ("电子邮箱", "Email"),
    "region": ("所在地区", "Region"),
    "type": ("类型", "Type"),
    "hours": ("开放时间", "Opening hours"),
    "tickets": ("门票", "Tickets"),
    "transport": ("交通", "Getting here"),
    "facilities": ("服务设施", "Facilities"),
    "social": ("官方账号", "Official accounts"),
    "copyright": ("版权行", "Copyright line"),
    "icp": ("ICP备案号", "ICP number"),
    "note": ("备注", "Note"),
    "price": ("价格", "Price"),
    "prices": ("票价", "Prices"),
    "free": ("免费", "Free"),
    "mode": ("方式", "Mode"),
    "account": ("账号", "Account"),
    "url": ("网址", "Web address"),
    "qr": ("二维码", "QR code"),
}
KIND_LABELS = {
    "exhibitions": ("展览", "Exhibitions"),
    "collection": ("藏品", "Collection"),
    "events": ("活动", "Events"),
    "videos": ("视频", "Videos"),
    "live": ("直播", "Live streams"),
    "speakers": ("主讲人", "Speakers"),
    "series": ("系列", "Series"),
    "news": ("新闻", "News"),
    "pages": ("页面", "Pages"),
}
LONG_TEXTS = frozenset({"summary", "bio", "transcript", "text", "description", "note"})  # several lines


@dataclass(frozen=True)
class Backend:
    """Where the CMS saves: a Git host, and the local back end (`decap-server`) if given."""

    name: str = "github"
    repo: str | None = None  # owner/name
    branch: str = "main"
    local: str | None = None  # the local back end's address, e.g. http://127.0.0.1:8081/api/v1


@dataclass(frozen=True)
class Folder:
    """One museum to edit: its folder from the repository's root ("" for the root) and name."""

    path: str
    name: str
    prefix: str = ""  # of its collections' names, to keep a network's museums apart


def label(key: str) -> str:
    zh, en = FIELD_LABELS.get(key, ("", key.replace("_", " ").capitalize()))
    return f"{zh} {en}" if zh else en


def kind_label(kind: Kind) -> str:
    zh, en = KIND_LABELS.get(kind.name, ("", kind.name.capitalize()))
    return f"{zh} {en}" if zh else en


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """The type without `Annotated` and `None`, and whether None was allowed."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        parts = [_unwrap(part)[0] for part in typing.get_args(annotation) if part is not type(None)]
        optional = type(None) in typing.get_args(annotation)
        if len(parts) == 1:
            return parts[0], optional
        return tuple(parts), optional  # a choice of types, e.g. a name or a person in place
    return annotation, False


def _scalar(annotation: Any, key: str, model: type[BaseModel] | None) -> dict[str, Any] | None:
    """The widget of a field holding one value, or None if Decap has none for it (a mapping)."""
    if isinstance(annotation, tuple):  # a name or a value in place: the name is the simple form
        return {"widget": "string"} if str in annotation else None
    if annotation is str:
        if key == "file" and model is not None:
            return {"widget": "image" if issubclass(model, Image) else "file"}
        return {"widget": "text" if key in LONG_TEXTS else "string"}
    if annotation is bool:
        return {"widget": "boolean", "default": False}
    if annotation is int:
        return {"widget": "number", "value_type": "int"}
    if annotation is float:
        return {"widget": "number", "value_type": "float"}
    if annotation is dt.datetime:
        return {"widget": "datetime", "format": "YYYY-MM-DD HH:mm", "date_format": "YYYY-MM-DD", "time_format": "HH:mm"}
    if annotation is dt.date:
        return {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": False}
    if typing.get_origin(annotation) is Literal:
        return {"widget": "select", "options": [str(option) for option in typing.get_args(annotation)]}
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return {"widget": "object", "collapsed": True, "fields": fields_of(annotation)}
    return None


def _relation(target: str, kinds: dict[str, str], multiple: bool) -> dict[str, Any]:
    """A field naming entries of kind `target`: chosen from them, by title."""
    key = KINDS[target].key_field
    return {
        "widget": "relation",
        "collection": kinds[target],
        "value_field": key or "{{slug}}",
        "search_fields": ["title", *([key] if key else [])],
        "display_fields": ["title"],
        "multiple": multiple,
    }


def field(
    key: str,
    info: FieldInfo,
    model: type[BaseModel],
    refs: dict[str, str] | None = None,
    kinds: dict[str, str] | None = None,
) -> dict[str, Any] | None:
    """One form field of `key`: its widget from its type, a relation for references."""
    if any(getattr(rule, "func", None) is names_shorthand for rule in info.metadata):
        return None  # plain names or objects, mixed: Decap edits one shape; it keeps the key as written
    annotation, _none = _unwrap(info.annotation)
    many = typing.get_origin(annotation) is list
    inner = _unwrap(typing.get_args(annotation)[0])[0] if many else annotation
    if refs and kinds and key in refs:
        widget: dict[str, Any] | None = _relation(refs[key], kinds, many)
    elif many and inner is str:
        widget = {"widget": "list"}
    elif many:
        one = _scalar(inner, key, model)
        if one is None:
            return None
        widget = (
            {"widget": "list", "collapsed": True, "fields": one["fields"]}
            if one["widget"] == "object"
            else {"widget": "list", "field": {"name": key, "label": label(key), **one}}
        )
    else:
        widget = _scalar(inner, key, model)
    if widget is None:
        return None
    if widget["widget"] == "object" and not info.is_required():
        widget["fields"] = _not_required(widget["fields"])  # Decap would otherwise insist on an empty cover's file
    found = {"name": key, "label": label(key), **widget, "required": info.is_required()}
    if info.description:
        found["hint"] = info.description
    return found


def _not_required(fields: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {**one, "required": False, **({"fields": _not_required(one["fields"])} if one["widget"] == "object" else {})}
        for one in fields
    ]


def fields_of(
    model: type[BaseModel], refs: dict[str, str] | None = None, kinds: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    """The form fields of every key of `model` Decap can edit, in the order it declares them."""
    found = (field(key, info, model, refs, kinds) for key, info in model.model_fields.items())
    return [one for one in found if one is not None]


def _join(folder: str, *parts: str) -> str:
    return "/".join(part for part in (folder.strip("/"), *parts) if part)


def kind_collection(kind: Kind, museum: Folder, kinds: dict[str, str]) -> dict[str, Any]:
    """The collection of one kind in one museum: a folder of Markdown files with front matter."""
    refs = {reference.key: reference.target for reference in kind.references}
    body = {"name": "body", "label": label("body"), "widget": "markdown", "required": False}
    return {
        "name": kinds[kind.name],
        "label": f"{museum.name} · {kind_label(kind)}" if museum.prefix else kind_label(kind),
        "folder": _join(museum.path, kind.name),
        "create": True,
        "extension": "md",
        "format": "yaml-frontmatter",
        "slug": f"{{{{{kind.key_field}}}}}" if kind.key_field else "{{slug}}",
        "media_folder": "/" + _join(museum.path, MEDIA),
        "public_folder": MEDIA,
        "fields": [*fields_of(kind.schema, refs, kinds), body],
    }


def museum_collection(museum: Folder) -> dict[str, Any]:
    """museum.yaml as a file collection: the museum's name, address, hours, tickets …"""
    name = f"{museum.prefix}museum"
    return {
        "name": name,
        "label": f"{museum.name} · 博物馆信息 Museum" if museum.prefix else "博物馆信息 Museum",
        "files": [
            {"name": name, "label": "museum.yaml", "file": _join(museum.path, MUSEUM_FILE), "fields": fields_of(Museum)}
        ],
    }


def collections(museum: Folder) -> Iterator[dict[str, Any]]:
    kinds = {kind.name: f"{museum.prefix}{kind.name}" for kind in KINDS}
    yield museum_collection(museum)
    for kind in KINDS:
        yield kind_collection(kind, museum, kinds)


def config(museums: list[Folder], backend: Backend, language: str = "zh-CN") -> dict[str, Any]:
    """Decap CMS's `config.yml`: one set of collections per museum, each in its own folder."""
    settings: dict[str, Any] = {"name": backend.name, "branch": backend.branch}
    if backend.repo:
        settings["repo"] = backend.repo
    found: dict[str, Any] = {"backend": settings}
    if backend.local:
        found["local_backend"] = {"url": backend.local}
    found |= {
        "locale": "zh_Hans" if language.startswith("zh") else "en",
        "publish_mode": "simple",
        "media_folder": _join(museums[0].path, MEDIA),
        "public_folder": MEDIA,
        "collections": [one for museum in museums for one in collections(museum)],
    }
    return found


INDEX = """<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<link rel="icon" href="data:,">
<title>内容管理 · Content manager</title>
</head>
<body>
<noscript>内容管理需要 JavaScript。The content manager needs JavaScript.</noscript>
<script src="{script}"></script>
</body>
</html>
"""


def bundle_files(script: Path) -> list[Path]:
    """The CMS's script and the chunks it loads from its own folder (`103.decap-cms.js` …)."""
    chunks = sorted(script.parent.glob(f"*.{script.name}"))
    return [script, *chunks]


def write_admin(out: Path, settings: dict[str, Any], script: Path | None, language: str = "zh-CN") -> Path:
    """Write `out/admin/`: the page, its config and the CMS's bundle when given (else the page
    loads `decap-cms.js` from the same folder, which the museum's host must provide)."""
    admin = out / "admin"
    admin.mkdir(parents=True, exist_ok=True)
    name = script.name if script else "decap-cms.js"
    (admin / "index.html").write_text(INDEX.format(lang=language, script=name), encoding="utf-8")
    text = yaml.safe_dump(settings, allow_unicode=True, sort_keys=False, width=120)
    (admin / "config.yml").write_text(text, encoding="utf-8")
    for file in bundle_files(script) if script else []:
        shutil.copyfile(file, admin / file.name)
    return admin


def repository_root(folder: Path) -> Path:
    """The Git repository holding `folder`: Decap's paths are from its root. Else the folder."""
    start = folder.absolute()
    return next((candidate for candidate in (start, *start.parents) if (candidate / ".git").exists()), start)


def _name(folder: Path) -> str:
    """The museum's name from its museum.yaml, else its folder's name (the build checks the rest)."""
    try:
        data = yaml.safe_load((folder / MUSEUM_FILE).read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        data = {}
    name = data.get("name") if isinstance(data, dict) else None
    return str(name) if name else folder.name


def _relative(folder: Path, root: Path) -> str:
    """`folder` from `root` as written, not resolved: a museum may be a link to a folder elsewhere."""
    relative = Path(os.path.relpath(folder.absolute(), root.absolute())).as_posix()
    if relative == ".." or relative.startswith("../"):
        raise ValueError(relative)
    return "" if relative == "." else relative


def museums(folder: Path, root: Path, members: list[Path] | None) -> list[Folder]:
    """The museums to edit: the folder's own, or each museum of a network (`members`, from
    network.yaml), whose collections' names start with its folder's name."""
    if members is None:
        return [Folder(_relative(folder, root), _name(folder))]
    return [Folder(_relative(member, root), _name(member), f"{member.name}-") for member in members]
