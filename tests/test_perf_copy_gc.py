"""`copy_data` copies as `copy.deepcopy` does, and `batch_gc` puts the collector back as it was.

No timing here: the benchmark (bench/run.py) measures what they save.
"""

from __future__ import annotations

import copy
import datetime as dt
import gc
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from converter import parallel
from converter.fastcopy import copy_data
from converter.frontmatter.values import same

DATA = st.recursive(
    st.one_of(
        st.text(max_size=5),
        st.integers(),
        st.floats(allow_nan=False),
        st.booleans(),
        st.none(),
        st.dates(),
        st.datetimes(timezones=st.sampled_from([None, dt.timezone.utc])),
        st.times(),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=15,
)


def _containers(value: Any) -> list[int]:
    out = []
    if isinstance(value, (dict, list)):
        out.append(id(value))
        for v in value.values() if isinstance(value, dict) else value:
            out += _containers(v)
    return out


@given(DATA)
def test_copy_data_is_a_deep_copy(value: Any) -> None:
    copied = copy_data(value)
    assert same(copied, value) and same(copied, copy.deepcopy(value))
    assert not set(_containers(copied)) & set(_containers(value))  # nothing shared


def test_copy_data_keeps_a_shared_container_shared_and_hands_other_types_to_deepcopy() -> None:
    inner = [1, {"a": 2}]
    value = {"x": inner, "y": inner, "z": {1, 2}}
    copied = copy_data(value)
    assert copied["x"] is copied["y"] and copied["x"] is not inner
    assert copied["z"] == {1, 2} and copied["z"] is not value["z"]


def test_batch_gc_restores_the_thresholds_even_on_an_error() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), parallel.batch_gc():
        assert gc.get_threshold() == parallel.GC_THRESHOLD
        raise RuntimeError
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
