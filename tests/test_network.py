"""A network of museums: network.yaml, --only, shards and merging, parallel builds, the portal."""

from __future__ import annotations

import hashlib
import json
import re
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from museumgen import geo
from museumgen.build import Options
from museumgen.cli import main
from museumgen.errors import MuseumError
from museumgen.network import build as networks
from museumgen.network import portal
from museumgen.network.build import MANIFEST, Selection
from museumgen.network.config import load_network
from museumgen.network.preview import NetworkSession, changed_museum
from museumgen.network.shards import ShardError, parse_shard, shard_of, share
from museumgen.outputs import search
from museumgen.preview.serve import PreviewServer
from museumgen.starter import create_starter

from .conftest import BUILD_DATE, REPO, tree

EXAMPLE_NETWORK = REPO / "examples" / "network"
OPTIONS = Options(date=BUILD_DATE)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["--lang", "en", *args], catch_exceptions=False)


def make_network(folder: Path, museums: str, names: tuple[str, ...] = ("alpha", "beta", "gamma")) -> Path:
    """A network of starter museums named `names`, with `museums:` written as given."""
    folder.mkdir()
    for name in names:
        create_starter(folder / name, f"{name} 博物馆", ("zh-CN",), today=BUILD_DATE)
    (folder / "network.yaml").write_text(
        f"name: 测试联盟\nlanguages: [zh-CN, en]\nbase_url: https://example.org/\nmuseums:\n{museums}", "utf-8"
    )
    return folder


THREE = "  - folder: alpha\n  - folder: beta\n    path: b/\n  - folder: gamma\n    domain: gamma.example.org\n"


@pytest.fixture
def network(tmp_path: Path) -> Path:
    return make_network(tmp_path / "network", THREE)


def located(exc: pytest.ExceptionInfo[MuseumError]) -> list[str]:
    return [d.format() for d in exc.value.diagnostics]


# network.yaml


@pytest.mark.parametrize(
    ("museums", "expected"),
    [
        (
            "  - folder: alpha\n  - folder: beta\n    path: alpha/\n",
            "network.yaml:7: `alpha` is already taken by museum 1",
        ),
        (
            "  - folder: alpha\n    domain: a.example.org\n  - folder: beta\n    domain: A.example.org\n",
            "network.yaml:8: `a.example.org` is already taken by museum 1",
        ),
        (
            "  - folder: alpha\n  - folder: beta\n    path: alpha/beta/\n",
            "network.yaml:7: `alpha/beta` is already taken by museum 1",
        ),
        (
            "  - folder: alpha\n  - folder: ../x\n",
            "network.yaml:6: the museum folder `../x` is outside the network folder",
        ),
        (
            "  - folder: alpha\n  - folder: /etc\n",
            "network.yaml:6: the museum folder `/etc` is outside the network folder",
        ),
        ("  - folder: alpha\n  - folder: delta\n", "network.yaml:6: there is no folder `delta` in the network folder"),
        ("  - folder: alpha\n  - folder: alpha\n", "network.yaml:6: the folder `alpha` is listed twice"),
        (
            "  - folder: alpha\n    path: a/\n    domain: a.example.org\n",
            "network.yaml:7: give a museum `path` or `domain`, not both",
        ),
        (
            "  - folder: alpha\n  - folder: beta\n    path: en/\n",
            "network.yaml:7: `en` is already taken by the portal's pages in another language",
        ),
        (
            "  - folder: alpha\n  - folder: beta\n    path: search/\n",
            "network.yaml:7: `search` is already taken by the portal's own `search/` page",
        ),
        (
            "  - folder: alpha\n  - folder: beta\n    path: map/x/\n",
            "network.yaml:7: `map/x` is already taken by the portal's own `map/` page",
        ),
        (
            "  - folder: alpha\n    domain: https://a.example.org/\n",
            "network.yaml:6: `museums[1].domain`: `domain: https://a.example.org/` should be a domain name",
        ),
    ],
)
def test_network_errors_name_the_file_and_line(tmp_path: Path, museums: str, expected: str) -> None:
    folder = make_network(tmp_path / "network", museums)
    with pytest.raises(MuseumError) as exc:
        load_network(folder)
    assert any(line.startswith(expected) for line in located(exc)), located(exc)


def test_a_museum_error_names_the_museum_file_and_line(network: Path, tmp_path: Path) -> None:
    path = network / "beta" / "museum.yaml"
    path.write_text(path.read_text("utf-8").replace("timezone: Asia/Shanghai", "timezone: Mars/Base"), "utf-8")
    result = run("build", str(network), "-o", str(tmp_path / "out"), "--date", BUILD_DATE.isoformat())
    assert result.exit_code == 1
    line = next(n for n, text in enumerate(path.read_text("utf-8").splitlines(), 1) if text.startswith("timezone"))
    assert (
        f"{network.as_posix()}/beta/museum.yaml:{line}: `timezone`: `Mars/Base` is not a timezone name" in result.output
    )
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("geo", "key", "expected"),
    [
        ("  lat: 60.1\n  lng: 100\n", "lat", "the museum's `geo` (60.1, 100) is outside the portal's map"),
        ("  lat: 48.85\n  lng: 2.35\n", "lng", "the museum's `geo` (48.85, 2.35) is outside the portal's map"),
        ("  lat: 95\n  lng: 120\n", "lat", "`geo.lat`"),
    ],
)
def test_a_museum_off_the_portals_map_is_an_error_at_its_line(network: Path, geo: str, key: str, expected: str) -> None:
    path = network / "beta" / "museum.yaml"
    path.write_text(path.read_text("utf-8") + "geo:\n" + geo, "utf-8")
    with pytest.raises(MuseumError) as exc:
        networks.check(network, OPTIONS)
    line = max(n for n, text in enumerate(path.read_text("utf-8").splitlines(), 1) if text.strip().startswith(key))
    assert any(text.startswith(f"beta/museum.yaml:{line}: {expected}") for text in located(exc)), located(exc)


def test_defaults_apply_unless_the_museum_gives_its_own(network: Path, tmp_path: Path) -> None:
    text = (network / "network.yaml").read_text("utf-8")
    (network / "network.yaml").write_text(
        text.replace("museums:", 'defaults:\n  colors: {primary: "#2f5d50"}\n  languages: [zh-CN, en]\nmuseums:'),
        "utf-8",
    )
    plan = load_network(network)
    alpha = plan.member("alpha")
    assert alpha is not None
    defaults = plan.defaults_for(alpha)
    assert "languages" not in defaults  # the starter's museum.yaml gives `language`
    assert defaults["colors"] == {"primary": "#2f5d50"}


# Shards


@pytest.mark.parametrize("text", ["3/2", "0/2", "x", "1/0", "-1/2", ""])
def test_bad_shards_are_refused(text: str) -> None:
    with pytest.raises(ShardError):
        parse_shard(text)


def test_a_bad_shard_is_a_usage_error(network: Path) -> None:
    result = run("build", str(network), "--shard", "3/2")
    assert result.exit_code == 2
    assert "3/2" in result.output


def test_every_museum_is_in_exactly_one_shard_and_stays_there() -> None:
    names = [f"museum-{index}" for index in range(100)]
    for count in (1, 2, 3, 7):
        shards = [share(names, index, count) for index in range(1, count + 1)]
        assert sorted(name for shard in shards for name in shard) == sorted(names)
        assert all(shards)  # none empty for 100 museums
    before = {name: shard_of(name, 4) for name in names}
    assert {name: shard_of(name, 4) for name in [*names, "new-museum"]} == before | {
        "new-museum": shard_of("new-museum", 4)
    }
    moved = sum(shard_of(name, 5) != before[name] for name in names)
    assert 5 <= moved <= 35  # about one in five moves to the new shard, none elsewhere
    assert all(shard_of(name, 5) in (before[name], 5) for name in names)


# Building


def test_build_puts_every_museum_at_its_place_and_the_portal(network: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = networks.build(network, out, OPTIONS)
    assert result.museums == 3
    assert {"index.html", "en/index.html", "alpha/index.html", "b/index.html", "gamma.example.org/index.html"} <= set(
        tree(out)
    )
    assert not (out / MANIFEST).exists()
    home = (out / "b" / "index.html").read_text("utf-8")
    assert "https://example.org/b/" in home  # its address from the network's base_url


def test_parallel_build_equals_one_process(network: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MUSEUMGEN_WORKERS", "1")
    networks.build(network, tmp_path / "one", OPTIONS)
    monkeypatch.setenv("MUSEUMGEN_WORKERS", "3")
    networks.build(network, tmp_path / "many", OPTIONS)
    assert tree(tmp_path / "one") == tree(tmp_path / "many")


def test_merged_shards_equal_a_one_machine_build(network: Path, tmp_path: Path) -> None:
    networks.build(network, tmp_path / "whole", OPTIONS)
    for index in (1, 2):
        result = run(
            "build",
            str(network),
            "--shard",
            f"{index}/2",
            "-o",
            str(tmp_path / f"shard{index}"),
            "--date",
            BUILD_DATE.isoformat(),
        )
        assert result.exit_code == 0, result.output
    manifests = [json.loads((tmp_path / f"shard{index}" / MANIFEST).read_text("utf-8")) for index in (1, 2)]
    assert sorted(name for m in manifests for name in m["museums"]) == ["alpha", "beta", "gamma"]
    result = run(
        "merge", str(network), str(tmp_path / "shard2"), str(tmp_path / "shard1"), "-o", str(tmp_path / "merged")
    )
    assert result.exit_code == 0, result.output
    assert tree(tmp_path / "merged") == tree(tmp_path / "whole")


def test_merge_refuses_missing_duplicate_and_foreign_shards(network: Path, tmp_path: Path) -> None:
    for index in (1, 2):
        networks.build(network, tmp_path / f"shard{index}", OPTIONS, Selection(shard=(index, 2)))
    cases = {
        "missing": ([tmp_path / "shard1"], "shards 2 of 2 are missing"),
        "twice": ([tmp_path / "shard1", tmp_path / "shard1", tmp_path / "shard2"], "this is shard 1/2 again"),
        "not a shard": ([tmp_path / "shard1", network / "alpha"], "this is not the output of a shard"),
    }
    for name, (shards, expected) in cases.items():
        with pytest.raises(MuseumError) as exc:
            networks.merge(network, shards, tmp_path / name, OPTIONS)
        assert any(expected in line for line in located(exc)), (name, located(exc))
        assert not (tmp_path / name).exists()
    (network / "network.yaml").write_text(
        (network / "network.yaml").read_text("utf-8").replace("测试联盟", "另一个联盟"), "utf-8"
    )
    networks.build(network, tmp_path / "other2", OPTIONS, Selection(shard=(2, 2)))
    with pytest.raises(MuseumError) as exc:
        networks.merge(network, [tmp_path / "shard1", tmp_path / "other2"], tmp_path / "mixed", OPTIONS)
    assert any("this shard is of another build" in line for line in located(exc))


def test_only_rebuilds_one_museum_in_place(network: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    networks.build(network, out, OPTIONS)
    before = tree(out)
    page = network / "beta" / "pages" / "about.md"
    page.write_text(page.read_text("utf-8") + "\n新的一段。\n", "utf-8")
    result = run("build", str(network), "--only", "beta", "-o", str(out), "--date", BUILD_DATE.isoformat())
    assert result.exit_code == 0, result.output
    after = tree(out)
    changed = {path for path in after.keys() | before.keys() if after.get(path) != before.get(path)}
    portal_index = (f"search/{search.FORMAT}/", f"en/search/{search.FORMAT}/")  # the search across museums has its new words
    assert changed and all(path.startswith(("b/", *portal_index)) for path in changed)
    assert any(path.startswith(portal_index) for path in changed)
    assert (
        "is not a museum of this network (did you mean `beta`?)"
        in run("build", str(network), "--only", "betta", "-o", str(out)).output
    )


def test_only_needs_a_whole_build_first(network: Path, tmp_path: Path) -> None:
    with pytest.raises(MuseumError) as exc:
        networks.build(network, tmp_path / "new", OPTIONS, Selection(only="beta"))
    assert "build the whole network into this folder first" in located(exc)[0]
    assert not (tmp_path / "new").exists()


def test_failed_build_keeps_the_previous_network_site(network: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    networks.build(network, out, OPTIONS)
    before = tree(out)
    (network / "gamma" / "museum.yaml").write_text("name: [\n", "utf-8")
    with pytest.raises(MuseumError) as exc:
        networks.build(network, out, OPTIONS)
    assert all(line.startswith("gamma/museum.yaml") for line in located(exc))
    assert tree(out) == before


def test_check_works_on_a_network(network: Path) -> None:
    result = run("check", str(network), "--date", BUILD_DATE.isoformat())
    assert result.exit_code == 0, result.output
    assert "3 museums" in result.output


@pytest.mark.parametrize("no_cache", [[], ["--no-cache"]])
def test_check_of_a_network_needs_no_cache_and_writes_no_site(network: Path, tmp_path: Path, no_cache: list[str]) -> None:
    before, cache = tree(network), tmp_path / "empty-cache"
    result = run("check", str(network), "--date", BUILD_DATE.isoformat(), "--cache-dir", str(cache), *no_cache)
    assert result.exit_code == 0, result.output
    assert "3 museums" in result.output
    assert tree(network) == before
    assert (cache / "builds").is_dir() is not bool(no_cache)  # the build cache is kept only when asked


def test_check_of_a_network_names_each_museums_problems_and_fails(network: Path, tmp_path: Path) -> None:
    """Also after a check that filled the cache: a museum changed since is checked again."""
    check = ("check", str(network), "--date", BUILD_DATE.isoformat(), "--cache-dir", str(tmp_path / "cache"))
    assert run(*check).exit_code == 0
    for name in ("beta", "gamma"):
        exhibition = network / name / "exhibitions" / "first-exhibition.md"
        exhibition.write_text(exhibition.read_text("utf-8").replace("\nstart:", "\nstrat:", 1), "utf-8")
    result = run(*check, "--strict")
    assert result.exit_code == 1
    for name in ("beta", "gamma"):
        assert f"{network.as_posix()}/{name}/exhibitions/first-exhibition.md:4: unknown key `strat`" in result.output
    assert "Check failed: 2 errors" in result.output
    assert not (network / "_site").exists()


def test_messages_are_in_the_networks_language(network: Path) -> None:
    result = CliRunner().invoke(
        main, ["check", str(network), "--date", BUILD_DATE.isoformat()], env={"MUSEUMGEN_LANG": ""}
    )
    assert "没有错误： 3 座博物馆" in result.output, result.output


def test_only_and_shard_are_for_networks(starter: Path) -> None:
    assert run("build", str(starter), "--only", "x").exit_code == 2


# The example network's portal, at the tests' build date


@pytest.fixture(scope="module")
def example_portal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("example") / "out"
    networks.build(EXAMPLE_NETWORK, out, OPTIONS)
    return out


def test_the_example_portal_at_the_build_date(example_portal: Path) -> None:
    out = example_portal
    page = (out / "index.html").read_text("utf-8")
    english = (out / "en" / "index.html").read_text("utf-8")
    assert "2026年11月25日开放情况" in page
    for name in ("青溪县博物馆", "莲山县历史博物馆", "石桥村纪念馆"):
        assert name in page
    # This week: the two events between 25 November and 1 December, soonest first, linked into their sites.
    tea, memory = page.index("老茶人讲古道"), page.index("村史口述日")
    assert tea < memory
    assert 'href="lianshan/events/' in page and 'href="https://shiqiao-memorial.example.org/events/' in page
    assert "元宵灯会夜游" not in page  # February: not this week
    assert "灯火青溪" in page and "茶路两千年" in page  # exhibitions now on
    assert "今日开放 09:00–17:00" in page  # Qingxi on a Wednesday
    assert 'href="../qingxi/en/"' in english and "Qingxi County Museum" in english and "Village memory day" in english
    assert 'src="qingxi/media/logo' in page
    assert len(page.encode()) < 40_000 and len(english.encode()) < 40_000  # a page's budget, with its inline style
    # Regions group the museums, without script.
    assert page.index('<h3 id="region-1-title">莲山县') < page.index('<h3 id="region-2-title">青溪县')
    assert '<a href="map/">博物馆地图</a>' in page and '<a href="search/">搜索全部博物馆</a>' in page


def test_the_portal_map_puts_each_museum_where_its_geo_says(example_portal: Path) -> None:
    page = (example_portal / "map" / "index.html").read_text("utf-8")
    links = ["../qingxi/", "../lianshan/", "https://shiqiao-memorial.example.org/"]
    for link in links:  # on the map, in its close-up (the three are in one county) and in the list
        assert page.count(f'<a href="{link}">') == 3, link
    listed = re.findall(r'<li><a href="([^"]+)"><span class="spot-number"', page)
    assert listed == ["https://shiqiao-memorial.example.org/", "../lianshan/", "../qingxi/"]  # north to south
    assert f'<img src="../{portal.OUTLINE}" alt=""' in page
    assert (example_portal / portal.OUTLINE).read_bytes() == geo.svg()
    english = (example_portal / "en" / "map" / "index.html").read_text("utf-8")
    assert f'<img src="../../{portal.OUTLINE}"' in english and '<a href="../../qingxi/en/">' in english
    assert 'hreflang="zh-CN" href="../../map/"' in english
    assert "http" not in re.sub(r'https://shiqiao-memorial\.example\.org/[^"]*', "", page.split("<main>")[1])
    assert len(page.encode()) < 20_000


def _index(folder: Path) -> search.Reader:
    return search.Reader({p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.json")})


@pytest.mark.parametrize(
    ("language", "museum", "label", "query"),
    [
        ("", "qingxi/", "青溪博物馆", "乾隆"),
        ("", "lianshan/", "莲山历史馆", "乾隆"),
        ("", "lianshan/", "莲山历史馆", "乾隆年"),  # three characters: checked against the text
        ("", "qingxi/", "青溪博物馆", "清代"),
        ("", "shiqiao-memorial.example.org/", "石桥纪念馆", "老"),
        ("en/", "qingxi/en/", "Qingxi Museum", "villages"),  # a stem
        ("en/", "shiqiao-memorial.example.org/en/", "Shiqiao Memorial Hall", "school"),
        ("en/", "lianshan/", "莲山历史馆", "茶"),  # no English site: its Chinese one
    ],
)
def test_the_portal_search_finds_in_each_museum_what_its_own_search_finds(
    example_portal: Path, language: str, museum: str, label: str, query: str
) -> None:
    across = _index(example_portal / language / f"search/{search.FORMAT}")
    own = _index(example_portal / museum / f"search/{search.FORMAT}")
    domain = museum.startswith("shiqiao")
    base = "https://shiqiao-memorial.example.org/" if domain else museum.split("/")[0] + "/"
    found = [across.meta(n) for n in across.search(query)]
    expected = [base + own.meta(n)[0] for n in own.search(query)]
    assert expected
    assert [row[0] for row in found if row[0].startswith(base)] == expected
    assert {row[5] for row in found if row[0].startswith(base)} == {label}


def test_the_portal_search_without_script_links_to_each_museums_lists(example_portal: Path) -> None:
    page = (example_portal / "search" / "index.html").read_text("utf-8")
    assert f'data-index="../search/{search.FORMAT}/" data-root="../"' in page
    assert "搜索需要 JavaScript" in page
    for href in ("../lianshan/collection/", "../qingxi/exhibitions/", "https://shiqiao-memorial.example.org/events/"):
        assert f'<a href="{href}">' in page, href
    assert "innerHTML" not in page  # results are written as text (search.js)
    assert len(page.encode()) < 40_000


def test_the_output_may_not_be_in_a_museum_or_a_shard(network: Path, tmp_path: Path) -> None:
    with pytest.raises(MuseumError) as exc:
        networks.build(network, network / "alpha" / "_site", OPTIONS)
    assert "must not be in a museum folder of the network (`alpha`)" in located(exc)[0]
    networks.build(network, tmp_path / "shard1", OPTIONS, Selection(shard=(1, 1)))
    with pytest.raises(MuseumError) as exc:
        networks.merge(network, [tmp_path / "shard1"], tmp_path / "shard1" / "x", OPTIONS)
    assert "must not be a shard's folder" in located(exc)[0]


def test_a_shared_theme_from_the_network_folder(network: Path, tmp_path: Path) -> None:
    theme = network / "themes" / "county"
    (theme / "templates").mkdir(parents=True)
    (theme / "theme.yaml").write_text("extends: default\n", "utf-8")
    (theme / "templates" / "portal.html").write_text("<p>{{ network.name }}: {{ museums | length }}</p>\n", "utf-8")
    text = (network / "network.yaml").read_text("utf-8")
    (network / "network.yaml").write_text(
        text.replace("museums:", "defaults:\n  theme: themes/county\nmuseums:"), "utf-8"
    )
    out = tmp_path / "out"
    networks.build(network, out, OPTIONS)
    assert (out / "index.html").read_text("utf-8") == "<p>测试联盟: 3</p>"
    assert (out / "alpha" / "index.html").is_file()


def test_the_english_portal_names_the_network_and_groups_in_english(tmp_path: Path) -> None:
    out = tmp_path / "out"
    networks.build(EXAMPLE_NETWORK, out, OPTIONS)
    english = (out / "en" / "index.html").read_text("utf-8")
    assert "<h1>Museums of the Qingxi Valley</h1>" in english
    # Lianshan's museum has no English site: its region is in Shiqiao's group, named in English.
    region = english[english.index('id="region-1-title">') :]
    assert region.startswith('id="region-1-title">Lianshan County</h3>')
    assert (
        region.index("莲山县历史博物馆")
        < region.index("Shiqiao Village Memorial Hall")
        < region.index('id="region-2-title">Qingxi County')
    )


# The build cache


def rename(museum: Path, name: str) -> None:
    """Give the museum another name (which its portal card shows)."""
    yaml_file = museum / "museum.yaml"
    text = yaml_file.read_text("utf-8")
    renamed = text.replace(f'name: "{museum.name} 博物馆"', f"name: {name}")
    assert renamed != text
    yaml_file.write_text(renamed, "utf-8")


def test_a_cached_build_equals_a_clean_one_and_renders_only_what_changed(network: Path, tmp_path: Path) -> None:
    cached = Options(date=BUILD_DATE, cache_dir=tmp_path / "cache")
    out = tmp_path / "out"
    networks.build(network, out, cached)
    assert tree(out) == tree(_clean(network, tmp_path / "clean"))
    alpha_home = (out / "alpha" / "index.html").stat().st_ino
    assert networks.build(network, out, cached).rendered == 0  # nothing changed
    rename(network / "beta", "新名字博物馆")
    result = networks.build(network, out, cached)
    assert 0 < (result.rendered or 0) <= result.pages / 3  # beta's pages only (of three alike)
    assert (out / "alpha" / "index.html").stat().st_ino == alpha_home  # linked from the last build, not made
    assert "新名字博物馆" in (out / "index.html").read_text("utf-8")  # the portal is made again
    assert tree(out) == tree(_clean(network, tmp_path / "clean2"))


def test_the_portal_is_right_when_the_kept_cards_are_lost(network: Path, tmp_path: Path) -> None:
    cached = Options(date=BUILD_DATE, cache_dir=tmp_path / "cache")
    out = tmp_path / "out"
    networks.build(network, out, cached)
    for kept in (tmp_path / "cache" / "networks").iterdir():
        kept.unlink()
    assert networks.build(network, out, cached).rendered == 0
    assert tree(out) == tree(_clean(network, tmp_path / "clean"))


def _kept_indexes(cache: Path) -> list[Path]:
    """The portal's search index in each language, as the last build kept it."""
    return sorted((cache / "networks").glob("*.search.*.json"))


def _portal_titles(out: Path) -> str:
    return "".join(path.read_text("utf-8") for path in sorted((out / f"search/{search.FORMAT}/m").iterdir()))


def test_the_portal_index_is_taken_from_the_cache_while_no_museum_changed(network: Path, tmp_path: Path) -> None:
    cached = Options(date=BUILD_DATE, cache_dir=tmp_path / "cache")
    out = tmp_path / "out"
    networks.build(network, out, cached)
    assert len(_kept_indexes(tmp_path / "cache")) == 2  # zh-CN and en
    _mark_kept_index(_kept_indexes(tmp_path / "cache")[-1], "第一件藏品", "记号藏品")  # zh-CN
    networks.build(network, out, cached)
    assert "记号藏品" in _portal_titles(out)  # read from the cache, not merged again
    item = network / "beta" / "collection" / "first-object.md"
    item.write_text(item.read_text("utf-8").replace('title: "第一件藏品"', 'title: "改过的藏品"'), "utf-8")
    networks.build(network, out, cached)
    assert "记号藏品" not in _portal_titles(out) and "改过的藏品" in _portal_titles(out)  # a museum changed: merged again
    assert tree(out) == tree(_clean(network, tmp_path / "clean"))


@pytest.mark.parametrize("damage", ["cut short", "a file changed", "another build's", "not an index"])
def test_a_damaged_or_foreign_kept_portal_index_is_made_again(network: Path, tmp_path: Path, damage: str) -> None:
    cached = Options(date=BUILD_DATE, cache_dir=tmp_path / "cache")
    out = tmp_path / "out"
    networks.build(network, out, cached)
    for kept in _kept_indexes(tmp_path / "cache"):
        text = kept.read_text("utf-8")
        data = json.loads(text)
        if damage == "cut short":
            kept.write_text(text[: len(text) // 2], "utf-8")
        elif damage == "a file changed":  # the key still matches, the hashes no longer do
            data["files"]["m/0.json"] = data["files"]["m/0.json"].replace("第一件藏品", "错的藏品")
            kept.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
        elif damage == "another build's":
            kept.write_text(json.dumps({**data, "key": "0" * 40}, ensure_ascii=False), "utf-8")
        else:
            kept.write_text(json.dumps({"key": data["key"], "files": ["m/0.json"]}), "utf-8")
    networks.build(network, out, cached)
    assert "错的藏品" not in _portal_titles(out)
    assert tree(out) == tree(_clean(network, tmp_path / "clean"))


def _mark_kept_index(kept: Path, old: str, new: str) -> None:
    """Change a title in the kept index, with the hashes it lists made to agree."""
    data = json.loads(kept.read_text("utf-8"))
    files = data["files"]
    assert old in files["m/0.json"]
    files["m/0.json"] = files["m/0.json"].replace(old, new)
    listed = json.loads(files["files.json"])
    listed["m/0.json"] = hashlib.sha256(files["m/0.json"].encode()).hexdigest()[:12]
    files["files.json"] = json.dumps(listed, separators=(",", ":"))
    kept.write_text(json.dumps(data, ensure_ascii=False), "utf-8")


def test_only_remakes_the_portal_with_the_other_museums_cards(network: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    cache = str(tmp_path / "cache")
    date = BUILD_DATE.isoformat()
    assert run("build", str(network), "-o", str(out), "--date", date, "--cache-dir", cache).exit_code == 0
    rename(network / "gamma", "伽马新馆")
    result = run("build", str(network), "--only", "gamma", "-o", str(out), "--date", date, "--cache-dir", cache)
    assert result.exit_code == 0, result.output
    assert "伽马新馆" in (out / "index.html").read_text("utf-8")
    assert tree(out) == tree(_clean(network, tmp_path / "clean"))
    result = run(
        "build", str(network), "--only", "beta", "--no-cache", "-o", str(out), "--date", date, "--cache-dir", cache
    )
    assert result.exit_code == 0, result.output
    assert tree(out) == tree(_clean(network, tmp_path / "clean2"))


def test_a_cached_shard_equals_a_clean_one(network: Path, tmp_path: Path) -> None:
    cached = Options(date=BUILD_DATE, cache_dir=tmp_path / "cache")
    networks.build(network, tmp_path / "clean", OPTIONS, Selection(shard=(1, 2)), cached=False)
    networks.build(network, tmp_path / "shard", cached, Selection(shard=(1, 2)))
    assert networks.build(network, tmp_path / "shard", cached, Selection(shard=(1, 2))).rendered == 0
    assert tree(tmp_path / "shard") == tree(tmp_path / "clean")


def _clean(network: Path, out: Path) -> Path:
    result = run("build", str(network), "--no-cache", "-o", str(out), "--date", BUILD_DATE.isoformat())
    assert result.exit_code == 0, result.output
    return out


# The preview (`museumgen serve NETWORK`)


@pytest.fixture
def preview(network: Path, tmp_path: Path) -> Iterator[tuple[PreviewServer, NetworkSession]]:
    session = NetworkSession(network, Options(date=BUILD_DATE, cache_dir=tmp_path / "cache"), tmp_path / "preview")
    server = PreviewServer(network, session.options, "127.0.0.1", 0, lambda outcome: None, builds=session.build)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, session
    server.stop()
    thread.join(timeout=10)


def page(server: PreviewServer, path: str) -> tuple[int, str]:
    with urllib.request.urlopen(f"http://127.0.0.1:{server.port}{path}", timeout=10) as response:
        return response.status, response.read().decode("utf-8")


def test_the_preview_serves_the_portal_and_every_museum(preview: tuple[PreviewServer, NetworkSession]) -> None:
    server, _session = preview
    status, portal = page(server, "/")
    assert status == 200 and "测试联盟" in portal and "beta 博物馆" in portal
    assert "EventSource" in portal  # reloads after a rebuild
    assert "alpha 博物馆" in page(server, "/alpha/")[1]
    assert "beta 博物馆" in page(server, "/b/")[1]
    assert "gamma 博物馆" in page(server, "/gamma.example.org/")[1]  # a museum with a domain of its own: under its name
    assert 'href="gamma.example.org/"' in portal and "https://gamma.example.org/" not in portal  # linked there


def test_a_save_in_one_museum_rebuilds_it_and_the_portal_only(
    preview: tuple[PreviewServer, NetworkSession], network: Path
) -> None:
    server, session = preview
    alpha = (session.out / "alpha").stat().st_ino
    museum = network / "beta" / "museum.yaml"
    museum.write_text(museum.read_text("utf-8").replace("beta 博物馆", "贝塔博物馆"), "utf-8")
    server.rebuild({str(museum.resolve())})
    assert "贝塔博物馆" in page(server, "/b/")[1]
    assert "贝塔博物馆" in page(server, "/")[1]
    assert (session.out / "alpha").stat().st_ino == alpha  # not built again


def test_a_broken_save_in_the_network_shows_its_museum_file_and_line(
    preview: tuple[PreviewServer, NetworkSession], network: Path
) -> None:
    server, _session = preview
    exhibition = network / "gamma" / "exhibitions" / "first-exhibition.md"
    exhibition.write_text(exhibition.read_text("utf-8").replace("title:", "title: [", 1), "utf-8")
    server.rebuild({str(exhibition.resolve())})
    status, body = page(server, "/alpha/")
    assert status == 200 and 'role="alert"' in body  # the last good site, with the problems on top
    assert "gamma/exhibitions/first-exhibition.md:2:" in body


def test_a_change_outside_the_museums_rebuilds_the_network(network: Path) -> None:
    plan = load_network(network)
    assert changed_museum(plan, [str((network / "beta" / "events" / "x.md").resolve())]) == "beta"
    assert changed_museum(plan, [str((network / "network.yaml").resolve())]) is None
    assert changed_museum(plan, [str((network / n / "museum.yaml").resolve()) for n in ("alpha", "beta")]) is None


def test_serve_only_is_for_a_museum_of_a_network(network: Path, starter: Path) -> None:
    result = run("serve", str(network), "--only", "betta", "--port", "0")
    assert result.exit_code == 1 and "--only: `betta` is not a museum of this network (did you mean `beta`?)" in result.output
    assert run("serve", str(starter), "--only", "x").exit_code == 2
