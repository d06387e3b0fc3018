"""Run ``python -m MODULE ARGS...`` and write its peak RSS (VmHWM, kB) to $PEAK_RSS_FILE.

VmHWM belongs to the process's own memory map, unlike ``ru_maxrss``, which Linux carries
over from the (v)forking parent across exec and so overstates a small child's peak.
"""

import atexit
import os
import runpy
import sys


def _report() -> None:
    with open("/proc/self/status", encoding="ascii") as status:
        peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    with open(os.environ["PEAK_RSS_FILE"], "w", encoding="ascii") as out:
        out.write(peak)


if __name__ == "__main__":
    if sys.argv[1:2] != ["-m"] or len(sys.argv) < 3:
        raise SystemExit("usage: peak.py -m MODULE [ARGS...]")
    atexit.register(_report)
    sys.argv = [sys.argv[2], *sys.argv[3:]]
    runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
