"""`museumgen serve NETWORK`: the whole network in the preview, the portal at `/` and each
museum under its path, built as `museumgen build` builds it (with the build cache) into a
folder of the preview's own. A save in one museum's folder rebuilds that museum and the
portal (`build --only`); any other change (network.yaml, a theme, several museums at
once) rebuilds the network, where the build cache keeps what has not changed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from museumgen.build import Options
from museumgen.incremental import Snapshot
from museumgen.network import build as networks
from museumgen.network.config import NetworkPlan, load_network
from museumgen.render.themes import find_theme
from museumgen.write import MARKER


@dataclass
class NetworkSession:
    """Builds the network in `root` into `out` (a folder of its own) again and again."""

    root: Path
    options: Options
    out: Path
    built: bool = False  # whether `out` holds a whole network that `--only` can rebuild in

    def build(self, changed: set[str] | None = None) -> Snapshot:
        """Build what `changed` (paths; None: everything) can have changed; raise
        `MuseumError` on problems, leaving the last good build in `out`."""
        plan = load_network(self.root)
        only = changed_museum(plan, changed) if self.built else None
        result = networks.build(self.root, self.out, self.options, networks.Selection(only=only), preview=True)
        self.built = True
        rendered = result.pages if result.rendered is None else result.rendered
        return Snapshot(listing(self.out), result.diagnostics, result.pages, rendered, result.seconds, "/", folders(plan))


def changed_museum(plan: NetworkPlan, changed: Iterable[str] | None) -> str | None:
    """The one museum every changed path is in; None when they are in several, or in none
    (network.yaml, a theme of the portal)."""
    if not changed:
        return None
    roots = {m.name: m.root.resolve() for m in plan.members}
    names = {next((name for name, root in roots.items() if Path(path).is_relative_to(root)), None) for path in changed}
    return names.pop() if len(names) == 1 else None


def folders(plan: NetworkPlan) -> tuple[Path, ...]:
    """What to watch: the network folder, each museum's (which may be linked in from
    elsewhere) and the portal theme's."""
    line = plan.source.line_of(("defaults", "theme"))
    theme = find_theme(plan.network.defaults.theme or "default", plan.root, line)
    return (plan.root, *(m.root for m in plan.members), *theme.folders)


def listing(out: Path) -> dict[str, bytes | Path]:
    """Every file of the built network, by its path in the site (not the markers saying a
    folder is a built site)."""
    return {path.relative_to(out).as_posix(): path for path in out.rglob("*") if path.is_file() and path.name != MARKER}
