"""The pipeline's outputs are what they were when tests/sim/data/pipeline_golden.json was
recorded, byte for byte, on every stack (see tests/sim/golden.py for the states and what is
recorded). Speed work must keep this green; a deliberate change of a result re-records with
`python -m tests.sim.golden --write --jobs 2` and says why in its commit.

By default every 20th state is checked (a few seconds); MEMSIM_GOLDEN_STRIDE=1 checks all
(`python -m tests.sim.golden --check --jobs 2` does the same from the command line).
"""

from __future__ import annotations

import json
import os

from tests.sim import golden


def test_golden_file_covers_every_stack_and_state():
    doc = json.loads(golden.GOLDEN.read_text())
    assert doc["stacks"] == [s.name for s in golden.STACKS]
    assert list(doc["states"]) == sorted(sid for sid, _, _ in golden.states())


def test_pipeline_golden():
    stride = int(os.environ.get("MEMSIM_GOLDEN_STRIDE", "20"))
    bad = golden.check(stride)
    assert not bad, (
        f"{len(bad)} states changed output, e.g. {bad[:5]}; see what moved with "
        "`python -m tests.sim.golden --dump FILE` here and on the last good commit"
    )
