"""Child processes that a test interrupts with SIGINT."""

import signal
import subprocess


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def popen(command, **kwargs) -> subprocess.Popen:
    """`subprocess.Popen` with SIGINT's default action restored in the child: a shell that
    starts the test run in the background (`.ci/run &`, nohup) has the children ignore
    SIGINT, and Python keeps an inherited SIG_IGN, so the test's Ctrl-C would never arrive."""
    return subprocess.Popen(command, preexec_fn=_default_sigint, **kwargs)
