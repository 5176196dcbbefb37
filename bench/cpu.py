"""CPU time of the processes in a benchmark, from Linux /proc: where the machine's two cores went."""
import os
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


def _fields(pid: int | str) -> list[str]:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def process_tree_seconds(pid: int) -> float:
    """A process (the gunicorn master) with its children: the live ones, and the exited ones it has reaped."""
    fields = _fields(pid)
    total = sum(int(fields[n]) for n in (11, 12, 13, 14))  # utime, stime, cutime, cstime
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        try:
            child_fields = _fields(child)
        except OSError:
            continue  # it ended meanwhile; its time is now the parent's
        total += int(child_fields[11]) + int(child_fields[12])
    return total / TICK


def database_seconds() -> float:
    """Every PostgreSQL process on this machine (the database's share of the work, on PostgreSQL)."""
    total = 0
    for process in Path("/proc").iterdir():
        try:
            if process.name.isdigit() and (process / "comm").read_text().strip() == "postgres":
                fields = _fields(process.name)
                total += int(fields[11]) + int(fields[12])
        except OSError:
            continue
    return total / TICK


def machine_seconds() -> dict[str, float]:
    """The whole machine, all cores, from /proc/stat: time idle (iowait included), and time the hypervisor gave
    to others while this machine wanted it (steal): a reason one run differs from the next."""
    fields = [int(value) for value in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return {"idle": (fields[3] + fields[4]) / TICK, "stolen": fields[7] / TICK}
