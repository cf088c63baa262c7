"""The bytes a query on a network portal's search downloads: from the portal's one index of
every museum's entries, against querying each museum's own index and merging.

    python benchmarks/portal_search.py                   # the example network
    python benchmarks/portal_search.py --museums 20 --items 100   # benchmarks/network.py's

Each index is read as search.js reads it (`outputs.search.Reader`). For the portal's index:
a first query's first page of results (the manifest, the shards of its keys, the texts that
check a long query, what the results show). For the museums' own: only the manifest, the
shards and the texts of every museum, which each must send before the results can be
merged and ranked (what the results show would come on top): the least that design costs.
Sizes are as stored and gzipped, as most hosts send JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import sys
import tempfile
from pathlib import Path

from museumgen.build import Options
from museumgen.network import build as networks
from museumgen.network.config import load_network
from museumgen.outputs.search import Reader

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parent / "examples" / "network"
QUERIES = {"zh-CN": ["老", "乾隆", "清代", "出土文物"], "en": ["village", "bronze mirror"]}


def index(folder: Path) -> Reader:
    return Reader({path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*.json")})


def read(reader: Reader) -> tuple[int, int, int]:
    """Files, bytes and gzipped bytes of what `reader` fetched."""
    files = [reader.files[name] for name in reader.fetched]
    return len(files), sum(map(len, files)), sum(len(gzip.compress(data)) for data in files)


def measure(site: Path, root: Path) -> None:
    plan = load_network(root)
    languages = plan.network.languages
    print("| query | portal index: files, KB (gzip) | each museum's: files, KB (gzip) |\n|---|---:|---:|")
    for language in languages:
        here = "" if language == languages[0] else f"{language.split('-')[0]}/"
        for query in QUERIES.get(language, QUERIES["en"]):
            portal = index(site / here / "search/1")
            portal.page(query)
            own = [0, 0, 0]
            for member in plan.members:
                folder = site / member.where / here / "search/1"
                if not folder.is_dir():  # no site in this language: its first language's
                    folder = site / member.where / "search/1"
                reader = index(folder)
                reader.search(query)
                own = [a + b for a, b in zip(own, read(reader), strict=True)]
            files, size, zipped = read(portal)
            print(
                f"| {query} ({language}) | {files}, {size / 1000:.1f} ({zipped / 1000:.1f})"
                f" | {own[0]}, {own[1] / 1000:.1f} ({own[2] / 1000:.1f}) |"
            )
    for language in languages:
        here = "" if language == languages[0] else f"{language.split('-')[0]}/"
        whole = sum(path.stat().st_size for path in (site / here / "search/1").rglob("*.json"))
        print(f"portal index ({language}): {whole / 1000:.0f} KB in all")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--museums", type=int, help="a generated network of this many museums (benchmarks/network.py)")
    parser.add_argument("--items", type=int, default=100, help="objects in each generated museum")
    args = parser.parse_args()
    if args.museums:
        sys.path.insert(0, str(HERE))
        from network import network  # noqa: PLC0415

        root = network(args.museums, args.items)
    else:
        root = EXAMPLE
    with tempfile.TemporaryDirectory() as temp:
        site = Path(temp) / "site"
        networks.build(root, site, Options(date=dt.date(2026, 11, 25)), cached=False)
        measure(site, root)


if __name__ == "__main__":
    main()
