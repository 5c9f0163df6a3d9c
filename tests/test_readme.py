"""README's package-layout table has one row per folder of the tree, and no other."""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).parents[1]


def test_layout_table_matches_the_tree():
    readme = (ROOT / "README.md").read_text(encoding="utf8")
    section = readme.split("## Package layout", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([^`]+)/` \|", section, re.M)
    assert len(rows) == len(set(rows))
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    top = {path.split("/")[0] for path in tracked if "/" in path and not path.startswith(".")}
    packages = {f"clinx_spacy/{p.parent.name}" for p in (ROOT / "clinx_spacy").glob("*/__init__.py")}
    assert set(rows) == top | packages
