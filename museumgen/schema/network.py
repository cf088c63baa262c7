"""`network.yaml`: a network of museums built from one repository, with a portal."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import Field, field_validator

from museumgen.languages import DEFAULT_LANGUAGE, known_language
from museumgen.messages import _
from museumgen.schema.base import KeyPath, Schema, control_character, is_blank
from museumgen.schema.museum import Colors

_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_PATH_PART = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


class Defaults(Schema):
    """What every museum of the network gets unless its own `museum.yaml` says otherwise."""

    theme: str | None = Field(
        None,
        description="Built-in theme name, or a path to a theme folder from the network folder, e.g. `themes/county`.",
    )
    colors: Colors | None = Field(None, description="Theme colours: `primary` and `accent`, as in museum.yaml.")
    languages: list[str] | None = Field(
        None, description="The sites' languages, e.g. `[zh-CN, en]`, as in museum.yaml."
    )
    timezone: str | None = Field(None, description="IANA timezone, e.g. `Asia/Shanghai`.")
    directory_urls: bool | None = Field(None, description="`false` makes links end in `index.html`, as in museum.yaml.")
    copyright: str | None = Field(None, description="Footer line, e.g. © 2026 青溪市文化和广电旅游局.")
    icp: str | None = Field(None, description="ICP filing number (ICP备案号) shown in each footer.")


class NetworkMuseum(Schema):
    """One museum of the network: its folder, and where its site is published."""

    folder: str = Field(
        description="The museum's folder, from the network folder, e.g. `county`; it must be inside the network folder."
    )
    path: str | None = Field(
        None,
        description="Where its site goes below the network's address and output folder, e.g. `county/`; defaults to the folder's name.",
    )
    domain: str | None = Field(
        None,
        description="A domain of its own instead, e.g. `county-museum.example.org`: its site is built into a folder of that name.",
    )

    @property
    def name(self) -> str:
        """How commands (`--only`) and shards name it: its folder as written."""
        return self.folder.strip("/")

    @property
    def where(self) -> str:
        """Its folder in the output: its path, or its domain."""
        return self.domain or (self.path or self.name).strip("/")

    @field_validator("path")
    @classmethod
    def _site_path(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = value.strip("/").split("/")
        if not value.strip("/") or not all(_PATH_PART.match(part) for part in parts) or ".." in parts:
            raise ValueError(
                _(
                    "`path: {value}` should be a folder such as `county/`: lower-case letters, digits, `-`, `_` and `.`",
                    value=value,
                )
            )
        return "/".join(parts) + "/"

    @field_validator("domain")
    @classmethod
    def _domain(cls, value: str | None) -> str | None:
        if value is None:
            return None
        text = value.strip().lower()
        if not _DOMAIN.match(text):
            raise ValueError(
                _(
                    "`domain: {value}` should be a domain name such as `museum.example.org` (no `https://`, no path)",
                    value=value,
                )
            )
        return text

    def problems(self) -> Iterator[tuple[KeyPath, str]]:
        if self.path is not None and self.domain is not None:
            yield ("domain",), _("give a museum `path` or `domain`, not both")


class NetworkText(Schema):
    """The portal's texts in another of its languages."""

    name: str | None = Field(None, description="The network's name in this language.")
    description: str | None = Field(None, description="Its description in this language.")


class Network(Schema):
    """`network.yaml`: the museums of a network, what they share, and its portal."""

    name: str = Field(description="The network's name, the portal's title, e.g. 青溪市博物馆联盟.")
    description: str | None = Field(None, description="One or two sentences for the portal's page.")
    languages: list[str] = Field(
        default_factory=lambda: [DEFAULT_LANGUAGE],
        description="The portal's languages, the first at its root, e.g. `[zh-CN, en]`.",
    )
    translations: dict[str, NetworkText] = Field(
        default_factory=dict,
        description="`name` and `description` in each other language of the portal, e.g. `en: {name: ...}`.",
    )
    base_url: str | None = Field(
        None,
        description="Where the portal is published, e.g. `https://museums.example.org/`; each museum with a `path` is published below it"
        " (`https://museums.example.org/county/`), whatever its own `base_url` says.",
    )
    defaults: Defaults = Field(
        default_factory=lambda: Defaults.model_validate({}),
        description="Keys every museum gets unless its own museum.yaml gives them: `theme`, `colors`, `languages`, `timezone`, `directory_urls`, `copyright`, `icp`.",
    )
    museums: list[NetworkMuseum] = Field(
        min_length=1, description="The museums: each a `folder`, with a `path` or a `domain`."
    )

    @field_validator("name")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if is_blank(value):
            raise ValueError(_("`name` is empty: write the network's name"))
        return value

    @field_validator("base_url")
    @classmethod
    def _absolute_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not re.match(r"^https?://[^/\s]+(/\S*)?$", value) or control_character(value):
            raise ValueError(
                _(
                    "`base_url` should be a full web address such as `https://example.org/museum/`, got `{value}`",
                    value=value,
                )
            )
        return value if value.endswith("/") else value + "/"

    def problems(self) -> Iterator[tuple[KeyPath, str]]:
        for index, code in enumerate(self.languages):
            if not known_language(code):
                yield (
                    ("languages", index),
                    _(
                        "`{code}` is not a language code: use one such as `zh-CN`, `en`, `zh-TW`, `bo` or `ug` (BCP 47)",
                        code=code,
                    ),
                )
        for code in self.translations:
            if code not in self.languages:
                yield (
                    ("translations", code),
                    _("`{code}` is not one of the portal's `languages`: add it there, or remove its texts", code=code),
                )
        for index, museum in enumerate(self.museums):
            for key_path, message in museum.problems():
                yield ("museums", index, *key_path), message
