"""Themes: where templates, static files and interface strings come from.

Templates are looked up in order: the museum's `templates/`, the theme, the theme's
parents (`extends:` in its `theme.yaml`), then the built-in `default` theme. A museum's
template can build on the theme's own version of the same file with
`{% extends "theme:base.html" %}` (or `"default:base.html"` for the built-in one).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import jinja2

from museumgen.content.parse import load_yaml, read_text
from museumgen.errors import MuseumError, did_you_mean
from museumgen.messages import _

DEFAULT_THEME = "default"


def builtin_themes_dir() -> Path:
    """`themes/` of a source checkout, or the copy packed into the installed wheel."""
    package = Path(__file__).parent.parent
    packed = package / "_themes"
    return packed if packed.is_dir() else package.parent / "themes"


@dataclass(frozen=True)
class Theme:
    name: str
    folders: tuple[Path, ...]  # the theme first, its parents after, `default` last

    @property
    def builtin(self) -> bool:
        """Whether every folder of the theme ships with museumgen (none comes from a museum)."""
        shipped = builtin_themes_dir().resolve()
        return all(folder.resolve().is_relative_to(shipped) for folder in self.folders)

    def template_dirs(self) -> list[str]:
        return [str(f / "templates") for f in self.folders if (f / "templates").is_dir()]

    def strings(self, language: str, museum_root: Path | None = None) -> dict[str, str]:
        """Interface strings for `language`; a theme's own override its parents', and the
        museum's own `i18n/` (a language no theme has, or other wording) overrides them all."""
        merged: dict[str, str] = {}
        for folder in [*reversed(self.folders), *([museum_root] if museum_root else [])]:
            path = folder / "i18n" / f"{language}.yaml"
            if path.is_file():
                merged.update(_texts(path, folder, in_museum=folder == museum_root))
        return merged

    def static_files(self) -> dict[str, Path]:
        """Static files by their path under `static/`; a theme's own override its parents'."""
        files: dict[str, Path] = {}
        for folder in reversed(self.folders):
            static = folder / "static"
            for path in sorted(static.rglob("*")) if static.is_dir() else []:
                if path.is_file() and not path.name.startswith("."):
                    files[path.relative_to(static).as_posix()] = contained(path, folder)
        return files


def _texts(path: Path, folder: Path, in_museum: bool = False) -> dict[str, str]:
    """An `i18n/*.yaml` file: interface text by key, read as content is (see `_read_yaml`).
    One of the museum's own (`in_museum`) is named from the museum folder, as content is."""
    data = _read_yaml(path, folder, in_museum) or {}
    if not isinstance(data, dict):
        raise _error(path, folder, in_museum, 1, _("this file of interface texts should be lines of `key: text`"))
    return {str(key): "" if value is None else str(value) for key, value in data.items()}


def contained(path: Path, folder: Path) -> Path:
    """`path`, if it really is in `folder`: a file of a theme (or of a museum's templates/)
    may come from a pull request, and one that is a link to `/etc/passwd` or a key file
    would otherwise be published with the site."""
    if not path.resolve().is_relative_to(folder.resolve()):
        raise MuseumError.outside(path.as_posix(), _("this file is a link to a place outside `{folder}`: copy the file in instead", folder=folder.as_posix()))
    return path


def _read_yaml(path: Path, folder: Path, in_museum: bool = False) -> Any:
    """A theme file's data, read as content is (a theme given by path can come from a pull
    request too): a mistake, or a control character, is an error naming the file and line.
    A theme's file is named by its path (its folder need not be in the museum), one of the
    museum's own (`in_museum`) from the museum folder."""
    name = contained(path, folder).as_posix()
    rel = path.relative_to(folder).as_posix() if in_museum else name
    try:
        return load_yaml(read_text(path, rel), rel)[0]
    except MuseumError as exc:
        if in_museum:
            raise
        raise MuseumError([replace(d, external=True) for d in exc.diagnostics]) from None
    except OSError as exc:
        raise _error(path, folder, in_museum, 0, _("cannot read this file: {reason}", reason=exc.strerror or str(exc))) from None


def _error(path: Path, folder: Path, in_museum: bool, line: int, message: str) -> MuseumError:
    if in_museum:
        return MuseumError.single(path.relative_to(folder).as_posix(), line, message)
    return MuseumError.outside(path.as_posix(), message, line)


class ContainedLoader(jinja2.FileSystemLoader):
    """Jinja's file loader, refusing a template that is a link to a file outside its folder."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        source, filename, uptodate = super().get_source(environment, template)
        real = Path(filename).resolve()
        if not any(real.is_relative_to(Path(folder).resolve()) for folder in self.searchpath):
            raise jinja2.exceptions.SecurityError(_("`{template}` is a link to a file outside the templates folders: copy the file in instead", template=template))
        return source, filename, uptodate


def find_theme(spec: str, museum_root: Path, line: int) -> Theme:
    """The theme named `spec` (built-in) or found at path `spec` from the museum folder."""
    builtin = builtin_themes_dir()
    folders: list[Path] = []
    name = spec
    while True:
        folder = _locate(name, museum_root, builtin, line)
        if folder is None:
            choices = sorted(p.name for p in builtin.iterdir() if p.is_dir())
            message = _("unknown theme `{name}`{hint}: built-in themes are {themes}", name=name, hint=did_you_mean(name, choices), themes=", ".join(choices))
            raise MuseumError.single("museum.yaml", line, message)
        if folder in folders:
            raise MuseumError.single("museum.yaml", line, _("theme `{name}` extends itself in a loop: check `extends` in the `theme.yaml` of its folders", name=spec))
        folders.append(folder)
        parent = _parent_of(folder)
        if parent is None:
            break
        name = parent
    default = (builtin / DEFAULT_THEME).resolve()
    if default not in folders:
        folders.append(default)
    return Theme(spec, tuple(folders))


def _locate(name: str, museum_root: Path, builtin: Path, line: int) -> Path | None:
    local = (museum_root / name).resolve()
    if ("/" in name or name.startswith(".")) and local.is_dir():
        # A theme written as a folder of the museum must be one; a shared theme elsewhere
        # is named by a path that says so (`../themes/county`).
        written_inside = not os.path.isabs(name) and Path(os.path.normpath(name)).parts[0] != ".."
        if written_inside and not local.is_relative_to(museum_root.resolve()):
            message = _("the theme folder `{name}` is a link to a place outside the museum folder: copy the theme in, or write the path to where it really is", name=name)
            raise MuseumError.single("museum.yaml", line, message)
        return local
    candidate = builtin / name
    return candidate.resolve() if candidate.is_dir() and "/" not in name else None


def _parent_of(folder: Path) -> str | None:
    config = folder / "theme.yaml"
    if not config.is_file():
        return None
    data: Any = _read_yaml(config, folder) or {}
    parent = data.get("extends") if isinstance(data, dict) else None
    return str(parent) if parent else None


def has_own_templates(museum_root: Path) -> bool:
    return (museum_root / "templates").is_dir()


def template_search(theme: Theme, museum_root: Path) -> dict[str, list[Path]]:
    """Where templates are looked up, by name prefix: plain names search the museum's own
    `templates/` then the theme's folders; `theme:` only the theme's; `default:` only the
    built-in default theme's. Only folders that exist are listed."""
    theme_dirs = [Path(d) for d in theme.template_dirs()]
    own = [museum_root / "templates"] if has_own_templates(museum_root) else []
    return {"": own + theme_dirs, "theme:": theme_dirs, "default:": [builtin_themes_dir() / DEFAULT_THEME / "templates"]}


def make_environment(
    theme: Theme, museum_root: Path, kind: type[jinja2.Environment] = jinja2.Environment, compiled: Path | None = None
) -> jinja2.Environment:
    """Jinja (of class `kind`) with autoescaping, strict undefined names and the ordered search path.

    With `compiled`, templates compiled by an earlier process are kept there and reused
    while their source is unchanged: compiling the theme costs a build of a small museum
    about as much as rendering its pages."""
    search = template_search(theme, museum_root)
    prefixed = {prefix.rstrip(":"): ContainedLoader(search[prefix]) for prefix in ("theme:", "default:")}
    loader = jinja2.ChoiceLoader([ContainedLoader(search[""]), jinja2.PrefixLoader(prefixed, delimiter=":")])
    return kind(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,
        bytecode_cache=_compiled_templates(compiled, kind) if compiled else None,
    )


def _compiled_templates(folder: Path, kind: type[jinja2.Environment]) -> jinja2.BytecodeCache | None:
    """Jinja's cache of compiled templates in `folder`, one for each kind of environment
    (a sandboxed one compiles the same source differently); None where it cannot be made."""
    place = folder / kind.__name__
    try:
        place.mkdir(parents=True, exist_ok=True)
    except OSError:  # a read-only cache: templates are compiled every time, as without one
        return None
    return _TolerantBytecodeCache(str(place))


class _TolerantBytecodeCache(jinja2.FileSystemBytecodeCache):
    """A cache that is a help, never a failure: a full disk or an unreadable file means the
    template is compiled again (Jinja itself ignores a damaged or foreign file)."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, TypeError):
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def hashed_name(path: str, content: bytes) -> str:
    """`style.css` → `style.1a2b3c4d.css`, so browsers may cache it forever."""
    stem, dot, suffix = path.rpartition(".")
    digest = hashlib.sha256(content).hexdigest()[:10]
    return f"{stem}.{digest}.{suffix}" if dot else f"{path}.{digest}"
