"""Each target's conventions, the one place its reader and its writer both consult.

A writer decides where a page goes, which files are the engine's own and how a written path
becomes an address; the reader must give the same answers to read the site back. So those
answers live here, one module per convention (`jekyll`, `quarto`, `mkdocs`), and the arrows
point one way: reader -> convention <- writer. Nothing here imports a reader or a writer.
"""

from __future__ import annotations

# Where the Hugo files that are not pages go in every target: engines skip `_` folders, so no
# engine publishes it; the per-page keep records live under it too (converter/sidecar.py).
KEEP_DIR = "_hugo_academic"
