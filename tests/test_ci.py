"""CI runs the test command that README.md gives a new user."""

from pathlib import Path

ROOT = Path(__file__).parents[1]


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf8")
    command = readme.split("Run the tests", 1)[1].split("```bash\n", 1)[1].split("\n```", 1)[0].strip()
    assert command in (ROOT / ".ci" / "run").read_text(encoding="utf8").splitlines()
