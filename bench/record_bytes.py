"""Bytes of the converted pages on the corpora, per `--keep` mode (README, "Size").

    PYTHONPATH=. python -m bench.record_bytes hugo-toml

Converts each corpus site (../shared/corpora, as tests/conftest.py finds it) to the target
with `keep="inline"`, `"sidecar"` and `"none"`, and sums the sizes of each page report's first
output (the page itself) and of the record files under _hugo_academic/records/.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from converter import convert, read_site
from converter.sidecar import RECORDS
from tests.conftest import corpus_id, corpus_roots

MODES = ("inline", "sidecar", "none")


def measure(target: str) -> None:
    totals = dict.fromkeys(MODES, 0)
    records = files = 0
    for root in corpus_roots():
        site = read_site(root, jobs=1)
        row = []
        for keep in MODES:
            with tempfile.TemporaryDirectory() as tmp:
                out = Path(tmp) / "out"
                result = convert(site, target, out, keep=keep, jobs=1)
                pages = [out / r.outputs[0] for r in result.plan.pages if r.outputs]
                size = sum(f.stat().st_size for f in pages if f.is_file())
                totals[keep] += size
                row.append(size)
                if keep == "sidecar" and (out / RECORDS).is_dir():
                    kept = list((out / RECORDS).rglob("*.yaml"))
                    records += sum(f.stat().st_size for f in kept)
                    files += len(kept)
        print(corpus_id(root), *(f"{n:,}" for n in row))
    less = totals["inline"] - totals["sidecar"]
    print(f"{target}: pages {totals['inline']:,} (inline) -> {totals['sidecar']:,} (sidecar),")
    print(f"  {less:,} bytes less ({100 * less / max(totals['inline'], 1):.1f}%);")
    print(f"  records {records:,} bytes in {files} files; none {totals['none']:,}")


if __name__ == "__main__":
    measure(sys.argv[1] if len(sys.argv) > 1 else "hugo-toml")
