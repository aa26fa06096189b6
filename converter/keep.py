"""The keep-namespace: one front matter key that holds what a target cannot express.

Every writer puts what it cannot say natively under this key, with the original type and text,
and every reader takes it back out, so that read(write(page)) == page for every format.
"""

KEEP_KEY = "hugo_academic"
