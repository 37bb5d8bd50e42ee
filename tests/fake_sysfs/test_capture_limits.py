"""The capture loader's time and memory bounds, measured where a loaded 2-core machine cannot
make them flaky: fuzz_archives.py runs in a subprocess under kernel resource limits.

Bounds (the kernel enforces the first two; the summary is asserted against the others):
- RLIMIT_CPU 300 s of CPU for the whole run (about 4 s here): a quadratic parse (CPython
  3.11.7's tarfile took 46.6 s on 160k pax digits; the run holds 1 MiB of them) is killed;
- RLIMIT_AS 1 GiB of address space: reading the 1 GiB pax header, or holding the 128 MiB
  GNU long name twice, fails with MemoryError;
- at most 10 s of CPU for any one input (0.3 s here, the 20,000-directory archive), and a
  peak RSS under 300 MB (75 MB here);
- every input loads or is refused with a CaptureError whose text is under 1,000 characters.
CPU time, not wall time, is what is bounded: other work on the machine does not count.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

CPU_SECONDS = 300
ADDRESS_SPACE = 1 << 30
ONE_INPUT_CPU_SECONDS = 10.0
PEAK_RSS_MB = 300
EXAMPLES = 300  # per strategy: corrupt gzip streams, then corrupt tar inside good gzip


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def test_fuzzed_archives_load_in_bounded_time_and_memory() -> None:
    script = Path(__file__).with_name("fuzz_archives.py")
    proc = subprocess.run(
        [sys.executable, str(script), str(EXAMPLES)],
        capture_output=True,
        text=True,
        preexec_fn=_limits,
        timeout=1800,  # a backstop only: RLIMIT_CPU is the bound
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    stats = json.loads(proc.stdout.strip().splitlines()[-1])
    assert stats["inputs"] == 2 * EXAMPLES + 4
    assert 0 < stats["refused"] < stats["inputs"]  # both outcomes were reached
    assert stats["max_load_cpu_s"] < ONE_INPUT_CPU_SECONDS, stats
    assert stats["max_rss_mb"] < PEAK_RSS_MB, stats
