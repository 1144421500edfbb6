"""Peak resident memory of a child process, measured by the child itself (Linux ``/proc``)."""

from __future__ import annotations

#: Start of a child script that measures its own peak resident memory (Linux): defines
#: ``high_water_mb()`` and resets the peak inherited from the parent.
PEAK_MEMORY_PRELUDE = """
def high_water_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
try:
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")  # reset the peak, which a child may inherit from its parent
except OSError:
    pass
"""
