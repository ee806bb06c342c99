"""Memory of a process together with every process it started, sampled from /proc (Linux).

`os.wait4` gives the peak resident size of the largest single process in a tree, not of the tree:
when a conversion runs its writer in a second process, the two peaks add up. This module samples
the proportional set size (PSS: shared pages split between the processes that share them, so a
forked child is not counted twice) of a process and its descendants.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

PROC = Path("/proc")


def available() -> bool:
    return (PROC / "self" / "smaps_rollup").is_file()


def children_by_parent() -> dict[int, list[int]]:
    """Every live process id under its parent's id."""
    tree: dict[int, list[int]] = defaultdict(list)
    for stat in PROC.glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # the process ended while we looked
            continue
        # `pid (comm) state ppid ...`; comm may hold spaces and parentheses, so split after it.
        parent = int(text.rsplit(")", 1)[1].split()[1])
        tree[parent].append(int(stat.parent.name))
    return tree


def process_tree(root: int) -> list[int]:
    """`root` and all its descendants that are alive now."""
    tree = children_by_parent()
    found, pending = [], [root]
    while pending:
        pid = pending.pop()
        found.append(pid)
        pending.extend(tree.get(pid, ()))
    return found


def pss_kib(pid: int) -> int:
    """The process's proportional set size in KiB; 0 when it has ended."""
    try:
        lines = (PROC / str(pid) / "smaps_rollup").read_text().splitlines()
    except OSError:
        return 0
    for line in lines:
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0


def tree_mib(root: int) -> float:
    """PSS of `root` and its descendants, in MiB."""
    return sum(pss_kib(pid) for pid in process_tree(root)) / 1024
