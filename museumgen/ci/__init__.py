"""Ready CI files: the workflow that checks changes under review, builds every day and
publishes, for GitHub Actions, GitLab CI or any machine with a shell.

Each host is declared once in `HOSTS`: the file it writes and the template it fills.
`ci_files` is pure (a setup in, file texts out); the command writes them.
"""

from __future__ import annotations

import base64
import json
import re
import zoneinfo
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import jinja2
import yaml

from museumgen.errors import MuseumError
from museumgen.messages import Message, _

# Every day at 03:17 in China (19:17 UTC): after midnight, before visitors look, and off
# the hour, when shared CI machines are busiest.
CRON = "17 19 * * *"
CRON_NOTE = {"en": "03:17 in China, 19:17 UTC"}
DEFAULT_TIMEZONE = "Asia/Shanghai"
MUSEUM_FILE = "museum.yaml"
NETWORK_FILE = "network.yaml"
_PLAIN = re.compile(r"[\w.\-]+(/[\w.\-]+)*")
_UNSAFE = re.compile(r"[\"'`$\\\n\r]")


@dataclass(frozen=True)
class Host:
    """A CI system, or none: `name` is what `--host` takes."""

    name: str
    file: str  # where it goes, from the repository's root
    template: str  # in this package
    after: Message  # what to do once it is written; `{branch}` is filled in then
    cms_login: str  # `museumgen cms` options naming where staff log in: the host's own repository
    executable: bool = False


HOSTS = (
    Host(
        "github",
        ".github/workflows/museumgen.yml",
        "github.yml",
        _(
            "Commit it, and in the repository's settings under Pages choose GitHub Actions as the source: each push to {branch}, and every night, publishes the site."
        ),
        '--backend github --repo "$GITHUB_REPOSITORY"',
    ),
    Host(
        "gitlab",
        ".gitlab-ci.yml",
        "gitlab-ci.yml",
        _(
            "Commit it, and add a daily pipeline schedule under Build → Pipeline schedules: each push to {branch}, and each scheduled run, publishes the site to GitLab Pages."
        ),
        '--backend gitlab --repo "$CI_PROJECT_PATH"',
    ),
    Host(
        "script",
        "publish.sh",
        "publish.sh",
        _(
            "Run it every day (cron, or your CI's schedule) with PUBLISH set to the command that copies public/ to your host; the file's first lines show how."
        ),
        '--backend "${CMS_BACKEND:-github}" --repo "$CMS_REPO"',
        executable=True,
    ),
)


@dataclass(frozen=True)
class Setup:
    """What the files say about this repository."""

    folder: str  # the museum or network folder, from the repository's root, in POSIX form
    name: str  # of the museum or network, for the workflow's title
    network: bool
    shards: int  # machines a network's build is spread over; 1 for a museum
    source: str  # what `pip install` takes to install museumgen
    timezone: str  # the museum's: the build date is the day there
    branch: str = "main"  # the one that is published
    python: str = "3.12"
    cms: bool = False  # the web editor (Decap CMS) published at admin/ with the site


# The web editor's script comes from the npm registry as a release pinned by its digest
# (the SHA-512 that npm's package-lock.json records as `integrity`), so that a CI run
# never publishes a script other than the one chosen here.
DECAP_VERSION = "3.16.3"
DECAP_URL = f"https://registry.npmjs.org/decap-cms/-/decap-cms-{DECAP_VERSION}.tgz"
DECAP_INTEGRITY = "sha512-hf+dPlCh7TJmWl8+6VRzHYOWhri5xgUknrZbDewaWe4s9B7xJ8PQugp2QHeSldMUKzav6+z0oIpwUYhUJDYtYw=="


_TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent),
    # `${{ … }}` and `$VAR` are the CI systems' own: ours are in brackets.
    variable_start_string="[[",
    variable_end_string="]]",
    block_start_string="[%",
    block_end_string="%]",
    keep_trailing_newline=True,
    trim_blocks=True,
    undefined=jinja2.StrictUndefined,
    autoescape=False,
)


def host(name: str) -> Host:
    return next(h for h in HOSTS if h.name == name)


def ci_file(chosen: Host, setup: Setup) -> str:
    """The text of `chosen`'s file for `setup`."""
    values = {
        "what": ("the museums of " if setup.network else "") + setup.name,
        "title": json.dumps("Publish " + ("the museums of " if setup.network else "") + setup.name, ensure_ascii=False),
        "folder": setup.folder,
        "network": setup.network,
        "shards": setup.shards,
        "shard_list": json.dumps(list(range(1, setup.shards + 1))),
        "source": setup.source,
        "timezone": setup.timezone,
        "branch": setup.branch,
        "python": setup.python,
        "cron": CRON,
        "cron_note": CRON_NOTE["en"],
        "script_name": Path(chosen.file).name,
        "cms": setup.cms,
        "cms_steps": cms_steps(chosen, setup),
        "decap_version": DECAP_VERSION,
        "decap_url": DECAP_URL,
        "decap_sha512": base64.b64decode(DECAP_INTEGRITY.removeprefix("sha512-")).hex(),
    }
    return _TEMPLATES.get_template(chosen.template).render(values)


def cms_steps(chosen: Host, setup: Setup) -> list[str]:
    """The shell lines that put the web editor into `public/admin/`: the pinned script
    fetched and checked, then `museumgen cms`."""
    return [
        'mkdir -p .decap-cms && curl -fsSL "$DECAP_CMS" -o .decap-cms/decap-cms.tgz',
        'echo "$DECAP_CMS_SHA512  .decap-cms/decap-cms.tgz" | sha512sum -c -',
        "tar -xzf .decap-cms/decap-cms.tgz -C .decap-cms package/dist",
        f'museumgen cms "$FOLDER" -o public {chosen.cms_login} --branch {setup.branch} --script .decap-cms/package/dist/decap-cms.js',
    ]


def installed_source() -> str | None:
    """Where this museumgen came from, when CI can install it from there too: a Git
    repository at a commit (PEP 610's `direct_url.json`). None for a local folder."""
    try:
        text = metadata.distribution("museumgen").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    if not text:
        return None
    found = json.loads(text)
    vcs = found.get("vcs_info", {})
    if vcs.get("vcs") != "git" or not vcs.get("commit_id"):
        return None
    return f"museumgen @ git+{found['url']}@{vcs['commit_id']}"


def repository_root(folder: Path) -> Path:
    """The Git repository holding `folder` (where CI files go), else the current folder."""
    start = folder.resolve()
    for candidate in (start, *start.parents):
        if (candidate / ".git").exists():
            return candidate
    return Path.cwd().resolve()


def describe(folder: Path, root: Path) -> tuple[str, str, bool]:
    """The name, time zone and whether it is a network, read from the folder's own file;
    the build checks the rest. Errors name the file."""
    network = (folder / NETWORK_FILE).is_file()
    settings_file = folder / (NETWORK_FILE if network else MUSEUM_FILE)
    shown_path = _relative(settings_file, root)
    if not settings_file.is_file():
        raise MuseumError.outside(
            shown_path, _("there is no museum.yaml or network.yaml here: give the folder of a museum or a network")
        )
    try:
        settings = yaml.load(settings_file.read_text(encoding="utf-8"), Loader=yaml.SafeLoader) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        raise MuseumError.outside(
            shown_path, _("it cannot be read: run `museumgen check` on the folder to see why")
        ) from None
    if not isinstance(settings, dict):
        raise MuseumError.outside(shown_path, _("it cannot be read: run `museumgen check` on the folder to see why"))
    found = settings.get("defaults")
    defaults: dict[str, object] = found if isinstance(found, dict) else {}
    timezone = str(settings.get("timezone") or defaults.get("timezone") or DEFAULT_TIMEZONE)
    if timezone not in zoneinfo.available_timezones():
        raise MuseumError.outside(
            shown_path, _("`{value}` is not a timezone name: use one such as `Asia/Shanghai`", value=timezone)
        )
    name = " ".join(str(settings.get("name") or folder.resolve().name).split())  # one line, for comments and titles
    return name, timezone, network


def folder_in(folder: Path, root: Path) -> str:
    """`folder` from the repository's root, as the CI files name it: in shell commands and
    YAML, so only letters, digits and `._-/` (a space or a quote would need escaping)."""
    relative = _relative(folder, root)
    if not _PLAIN.fullmatch(relative):
        raise MuseumError.outside(
            relative, _("CI files need a folder name of letters, digits and `._-` only: rename the folder")
        )
    return relative


def checked_source(source: str) -> str:
    """What `pip install` takes, refused when it holds what a shell or YAML would read
    as more than a string."""
    if not source.strip() or _UNSAFE.search(source):
        raise MuseumError.outside(
            "--source",
            _(
                "`{value}` cannot go in a CI file: write a pip requirement or a Git address, e.g. `museumgen @ git+https://example.org/museumgen.git@v1.0`",
                value=source,
            ),
        )
    return source.strip()


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        raise MuseumError.outside(
            path.as_posix(), _("it is outside the repository the CI files are for: run the command inside it")
        ) from None
