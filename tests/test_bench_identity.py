"""bench/identity.py finds every way two recorded trees differ (a byte, a file only on one
side, at any depth), says nothing of equal trees, and records a site's conversion with its
exit status, the paths of the run written as placeholders."""

from __future__ import annotations

from pathlib import Path

from bench import identity
from tests.conftest import FIXTURES


def _tree(root: Path, files: dict[str, bytes]) -> Path:
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return root


def test_equal_trees_have_no_differences(tmp_path: Path) -> None:
    files = {"a.md": b"x", "site/jekyll/_posts/p.md": b"---\n---\n", "site/jekyll.status": b"0"}
    assert identity.differences(_tree(tmp_path / "a", files), _tree(tmp_path / "b", files)) == []


def test_every_kind_of_difference_is_listed(tmp_path: Path) -> None:
    want = _tree(tmp_path / "a", {"s/t/p.md": b"one", "s/t/gone.md": b"", "top.txt": b"1"})
    got = _tree(tmp_path / "b", {"s/t/p.md": b"One", "s/t/new.md": b"", "top.txt": b"1"})
    assert identity.differences(want, got) == [
        "only in record: s/t/gone.md",
        "only now: s/t/new.md",
        "differs: s/t/p.md",
    ]


def test_a_conversion_is_recorded_with_its_status(tmp_path: Path) -> None:
    out = tmp_path / "out"
    status = identity.convert(FIXTURES / "academic-v2-toml", "hugo-yaml", out)
    assert status.startswith("exit 0\n"), status
    assert any(out.rglob("*.md"))
    refused = identity.convert(FIXTURES / "bad-site", "jekyll", tmp_path / "bad")
    assert refused.startswith("exit 1\n") and "<SRC>" not in refused.split("\n", 1)[0]
    assert str(tmp_path) not in refused  # the run's own paths are placeholders
