"""Small helpers shared by the pretraining steps."""
import os


def available_cores() -> int:
    """CPU cores this process may use (its affinity mask, not the machine's count)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
