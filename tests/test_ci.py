"""`museumgen ci`: the CI files it writes are valid for their CI system, and what they run
builds the site that `museumgen build` does."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner, Result

from museumgen import ci
from museumgen.build import Options, build
from museumgen.cli import main

from .browser import require
from .conftest import BUILD_DATE, tree
from .test_network import THREE, make_network

SOURCE = "museumgen @ git+https://example.org/museumgen.git@v0.1.0"
SCHEMAS = Path(__import__("check_jsonschema").__file__).parent / "builtin_schemas" / "vendor"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def repository(tmp_path: Path, starter: Path) -> Path:
    """A Git repository with the starter museum in `museum/`."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    shutil.copytree(starter, root / "museum")
    return root


@pytest.fixture
def network_repository(tmp_path: Path) -> Path:
    """A Git repository with a network of three starter museums in `museums/`."""
    root = tmp_path / "net-repo"
    (root / ".git").mkdir(parents=True)
    make_network(root / "museums", THREE)
    settings = root / "museums" / "network.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "defaults:\n  timezone: Asia/Urumqi\n", encoding="utf-8")
    return root


def written(root: Path, host: str, folder: str, *extra: str) -> str:
    result = run("ci", str(root / folder), "--host", host, "--source", SOURCE, *extra)
    assert result.exit_code == 0, result.output
    return (root / ci.host(host).file).read_text(encoding="utf-8")


def load(text: str) -> dict:
    """As the CI systems read YAML (1.2): `on:` is a key, not `true`."""
    data = yaml.safe_load(text)
    if True in data:
        data["on"] = data.pop(True)
    return data


def validate(text: str, schema: str) -> None:
    jsonschema.validate(load(text), json.loads((SCHEMAS / schema).read_text(encoding="utf-8")))


KINDS_OF_REPOSITORY = ["museum", "network", "museum with the web editor", "network with the web editor"]


def _chosen(which: str, repository: Path, network_repository: Path) -> tuple[Path, str, list[str]]:
    root, folder = (network_repository, "museums") if which.startswith("network") else (repository, "museum")
    return root, folder, ["--cms"] if which.endswith("web editor") else []


@pytest.mark.parametrize("which", KINDS_OF_REPOSITORY)
def test_the_github_workflow_is_valid(which: str, repository: Path, network_repository: Path) -> None:
    root, folder, extra = _chosen(which, repository, network_repository)
    text = written(root, "github", folder, *extra)
    validate(text, "github-workflows.json")
    workflow = load(text)
    assert workflow["on"]["schedule"] == [{"cron": ci.CRON}]
    assert workflow["jobs"]["check"]["steps"][-1]["run"] == 'museumgen check --strict "$FOLDER"'
    if which.startswith("network"):
        assert workflow["jobs"]["build"]["strategy"]["matrix"]["shard"] == [1, 2, 3, 4]
        assert "TZ=Asia/Urumqi" in workflow["jobs"]["date"]["steps"][0]["run"]
    editor = [step["run"] for step in workflow["jobs"]["publish"]["steps"] if "museumgen cms" in step.get("run", "")]
    assert len(editor) == (1 if extra else 0)


@pytest.mark.parametrize("which", KINDS_OF_REPOSITORY)
def test_the_gitlab_pipeline_is_valid(which: str, repository: Path, network_repository: Path) -> None:
    root, folder, extra = _chosen(which, repository, network_repository)
    text = written(root, "gitlab", folder, "--shards", "3", *extra)
    validate(text, "gitlab-ci.json")
    pipeline = load(text)
    assert "pages" in pipeline
    assert ("build" in pipeline) == which.startswith("network")
    if which.startswith("network"):
        assert pipeline["build"]["parallel"] == 3
    editor = [line for line in pipeline["pages"]["script"] if line.startswith("museumgen cms")]
    assert editor == (['museumgen cms "$FOLDER" -o public --backend gitlab --repo "$CI_PROJECT_PATH" --branch main --script .decap-cms/package/dist/decap-cms.js'] if extra else [])


def test_the_validators_do_find_mistakes(repository: Path) -> None:
    broken = written(repository, "github", "museum").replace("runs-on: ubuntu-latest", "runs_on: ubuntu-latest")
    with pytest.raises(jsonschema.ValidationError):
        validate(broken, "github-workflows.json")
    pipeline = written(repository, "gitlab", "museum").replace("stage: deploy", "stage: [deploy")
    with pytest.raises((jsonschema.ValidationError, yaml.YAMLError)):
        validate(pipeline.replace("paths: [public]", "paths: public"), "gitlab-ci.json")


@pytest.mark.parametrize("which", KINDS_OF_REPOSITORY)
def test_the_script_passes_shellcheck(which: str, repository: Path, network_repository: Path) -> None:
    require(shutil.which("shellcheck") is not None, "shellcheck is not installed")
    root, folder, extra = _chosen(which, repository, network_repository)
    written(root, "script", folder, *extra)
    script = root / "publish.sh"
    assert os.access(script, os.X_OK)
    checked = subprocess.run(["shellcheck", "-s", "sh", str(script)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout


def _environment(**values: str) -> dict[str, str]:
    path = Path(sys.executable).parent.as_posix() + os.pathsep + os.environ["PATH"]
    return {**os.environ, "PATH": path, **values}


def _clean_build(museum: Path, out: Path) -> dict[str, bytes]:
    build(museum, out, Options(date=BUILD_DATE))
    return tree(out)


def test_the_script_builds_what_museumgen_build_does(repository: Path, tmp_path: Path) -> None:
    written(repository, "script", "museum")
    done = subprocess.run(
        ["sh", "publish.sh"],
        cwd=repository,
        env=_environment(MUSEUMGEN="", TODAY=BUILD_DATE.isoformat(), PUBLISH="touch published"),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert (repository / "published").is_file()
    assert tree(repository / "public") == _clean_build(repository / "museum", tmp_path / "clean")


def test_the_github_steps_build_what_museumgen_build_does(repository: Path, tmp_path: Path) -> None:
    workflow = load(written(repository, "github", "museum"))
    output = tmp_path / "github-output"
    date_step = workflow["jobs"]["date"]["steps"][0]["run"]
    subprocess.run(["bash", "-c", date_step], env=_environment(GITHUB_OUTPUT=str(output)), check=True)
    assert re.fullmatch(r"today=\d{4}-\d\d-\d\d\n", output.read_text())
    for step in workflow["jobs"]["publish"]["steps"]:
        command = step.get("run", "")
        if command.startswith("museumgen"):
            command = command.replace("${{ needs.date.outputs.today }}", BUILD_DATE.isoformat())
            subprocess.run(["bash", "-c", command], cwd=repository, env=_environment(**workflow["env"]), check=True)
    assert tree(repository / "public") == _clean_build(repository / "museum", tmp_path / "clean")


def _fake_decap(tmp_path: Path) -> tuple[str, str]:
    """A package shaped like decap-cms's on the registry (`package/dist/`), as a file URL and
    its SHA-512: the steps fetch it as they would the real one, without leaving the machine."""
    dist = tmp_path / "decap" / "package" / "dist"
    dist.mkdir(parents=True)
    (dist / "decap-cms.js").write_text("// cms", encoding="utf-8")
    (dist / "1.decap-cms.js").write_text("// chunk", encoding="utf-8")
    archive = tmp_path / "decap-cms.tgz"
    with tarfile.open(archive, "w:gz") as packed:
        packed.add(tmp_path / "decap" / "package", arcname="package")
    return archive.as_uri(), hashlib.sha512(archive.read_bytes()).hexdigest()


def _run_publish_steps(workflow: dict, repository: Path, **environment: str) -> int:
    """The publish job's shell steps that run museumgen, as GitHub runs them (`bash -e`);
    the exit status of the first that fails."""
    for step in workflow["jobs"]["publish"]["steps"]:
        command = step.get("run", "")
        if "museumgen " in command and "pip install" not in command:
            command = command.replace("${{ needs.date.outputs.today }}", BUILD_DATE.isoformat())
            env = _environment(**{**workflow["env"], **environment})
            done = subprocess.run(["bash", "-e", "-c", command], cwd=repository, env=env, capture_output=True)
            if done.returncode:
                return done.returncode
    return 0


def test_the_github_steps_publish_the_web_editor_checked_against_its_digest(repository: Path, tmp_path: Path) -> None:
    workflow = load(written(repository, "github", "museum", "--cms"))
    url, digest = _fake_decap(tmp_path)
    assert _run_publish_steps(workflow, repository, DECAP_CMS=url, DECAP_CMS_SHA512="0" * 128, GITHUB_REPOSITORY="museum/site") != 0
    assert not (repository / "public" / "admin").exists()  # a script other than the pinned one is never published
    assert _run_publish_steps(workflow, repository, DECAP_CMS=url, DECAP_CMS_SHA512=digest, GITHUB_REPOSITORY="museum/site") == 0
    admin = repository / "public" / "admin"
    assert sorted(p.name for p in admin.iterdir()) == ["1.decap-cms.js", "config.yml", "decap-cms.js", "index.html"]
    settings = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    assert settings["backend"] == {"name": "github", "repo": "museum/site", "branch": "main"}
    assert settings["collections"][1]["folder"] == "museum/exhibitions"  # paths from the repository's root


def test_the_pinned_web_editor_is_the_one_the_tests_use() -> None:
    lock = json.loads((Path(__file__).parent.parent / "package-lock.json").read_text(encoding="utf-8"))
    tested = lock["packages"]["node_modules/decap-cms"]
    assert (tested["version"], tested["integrity"]) == (ci.DECAP_VERSION, ci.DECAP_INTEGRITY)
    assert ci.DECAP_URL.endswith(f"/decap-cms-{ci.DECAP_VERSION}.tgz")


def test_a_museum_at_the_repository_root(tmp_path: Path, starter: Path) -> None:
    (starter / ".git").mkdir()
    pipeline = load(written(starter, "gitlab", "."))
    assert pipeline["variables"]["FOLDER"] == "."


def test_an_existing_file_is_kept_without_force(repository: Path) -> None:
    target = repository / ".gitlab-ci.yml"
    target.write_text("# mine\n")
    result = run("ci", str(repository / "museum"), "--host", "gitlab", "--source", SOURCE)
    assert result.exit_code == 1
    assert ".gitlab-ci.yml: it is already there: give --force to replace it" in result.output
    assert target.read_text() == "# mine\n"
    assert run("ci", str(repository / "museum"), "--host", "gitlab", "--source", SOURCE, "--force").exit_code == 0
    assert target.read_text() != "# mine\n"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("no-settings", "museum/museum.yaml: there is no museum.yaml or network.yaml here"),
        ("space", "my museum: CI files need a folder name of letters, digits and `._-` only"),
        ("timezone", "museum/museum.yaml: `Mars/Olympus` is not a timezone name"),
        ("source", '--source: `x"; rm -rf /` cannot go in a CI file'),
    ],
)
def test_what_cannot_go_in_a_ci_file_is_a_located_error(change: str, expected: str, repository: Path) -> None:
    folder, source = repository / "museum", SOURCE
    if change == "no-settings":
        (folder / "museum.yaml").unlink()
    elif change == "space":
        folder = folder.rename(repository / "my museum")
    elif change == "timezone":
        settings = folder / "museum.yaml"
        settings.write_text(
            re.sub(r"(?m)^timezone:.*\n", "", settings.read_text(encoding="utf-8")) + "timezone: Mars/Olympus\n",
            encoding="utf-8",
        )
    else:
        source = 'x"; rm -rf /'
    result = run("ci", str(folder), "--host", "github", "--source", source)
    assert result.exit_code == 1
    assert expected in result.output
    assert not (repository / ".github").exists()


def test_without_source_it_is_where_this_museumgen_came_from(repository: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ci, "installed_source", lambda: None)
    result = run("ci", str(repository / "museum"), "--host", "github")
    assert result.exit_code == 1
    assert "this museumgen was not installed from Git" in result.output
    monkeypatch.setattr(ci, "installed_source", lambda: "museumgen @ git+https://example.org/m.git@abc123")
    assert run("ci", str(repository / "museum"), "--host", "github").exit_code == 0
    assert (
        'MUSEUMGEN: "museumgen @ git+https://example.org/m.git@abc123"'
        in (repository / ci.host("github").file).read_text()
    )


def _run_job(job: dict, root: Path, env: dict[str, str], expressions: dict[str, str]) -> None:
    """A workflow job's `museumgen` steps, run in order, with its `${{ … }}` filled in."""
    for step in job["steps"]:
        command = step.get("run", "")
        if command.startswith("museumgen"):
            for expression, value in expressions.items():
                command = command.replace("${{ " + expression + " }}", value)
            assert "${{" not in command, command
            subprocess.run(["bash", "-c", command], cwd=root, env=_environment(**env), check=True)


def test_the_github_matrix_and_merge_build_what_one_machine_does(network_repository: Path, tmp_path: Path) -> None:
    """Each shard job builds into `shard`, the artifacts land in `shards/shard-N`, and the
    publishing job's merge gives what `museumgen build` of the whole network gives."""
    root = network_repository
    workflow = load(written(root, "github", "museums", "--shards", "2"))
    today = {"needs.date.outputs.today": BUILD_DATE.isoformat()}
    for shard in workflow["jobs"]["build"]["strategy"]["matrix"]["shard"]:
        _run_job(workflow["jobs"]["build"], root, workflow["env"], {**today, "matrix.shard": str(shard)})
        (root / "shard").rename(
            root / "shards" / f"shard-{shard}"
            if (root / "shards").exists()
            else _made(root / "shards") / f"shard-{shard}"
        )
    _run_job(workflow["jobs"]["publish"], root, workflow["env"], today)
    one_machine = tmp_path / "one-machine"
    assert run("build", str(root / "museums"), "--date", BUILD_DATE.isoformat(), "-o", str(one_machine)).exit_code == 0
    assert tree(root / "public") == tree(one_machine)


def _made(folder: Path) -> Path:
    folder.mkdir()
    return folder


def test_the_gitlab_parallel_jobs_and_pages_build_what_one_machine_does(
    network_repository: Path, tmp_path: Path
) -> None:
    root = network_repository
    pipeline = load(written(root, "gitlab", "museums", "--shards", "2"))
    env = {**pipeline["variables"], "CI_PROJECT_DIR": str(root), "CI_PIPELINE_CREATED_AT": "2026-11-24T18:30:00Z"}
    env["MUSEUMGEN_CACHE_DIR"] = str(root / ".museumgen-cache")
    date_line = pipeline["default"]["before_script"][1]
    today = subprocess.run(
        ["bash", "-c", date_line + ' && echo "$TODAY"'],
        env=_environment(**env),
        capture_output=True,
        text=True,
        check=True,
    )
    assert today.stdout.strip() == "2026-11-25"  # 18:30 UTC is 00:30 the next day in Urumqi (UTC+6)
    env["TODAY"] = today.stdout.strip()
    for index in (1, 2):
        for command in pipeline["build"]["script"]:
            subprocess.run(
                ["bash", "-c", command],
                cwd=root,
                env=_environment(**env, CI_NODE_INDEX=str(index), CI_NODE_TOTAL="2"),
                check=True,
            )
    for command in pipeline["pages"]["script"]:
        subprocess.run(["bash", "-c", command], cwd=root, env=_environment(**env), check=True)
    one_machine = tmp_path / "one-machine"
    assert run("build", str(root / "museums"), "--date", "2026-11-25", "-o", str(one_machine)).exit_code == 0
    assert tree(root / "public") == tree(one_machine)
