"""A fit's progress lines, printed where the Python user looks (the notebook cell, the script's
standard output) while the JVM trains: step/total, epoch, loss, learning rate, samples/s, ETA and
validation results, as ``spark-bert step 40/50 epoch 0.80 loss 0.4123 ...``."""

import threading
from types import TracebackType
from typing import Any, Optional, Type

# How long one poll waits in the JVM for a line (ms): the delay between a line and its print, and
# at most the wait for the poller to stop after the fit.
_POLL_MILLIS = 250


class PrintedProgress:
    """While open, a daemon thread polls the driver's ``TrainingProgress`` buffer of one JVM
    estimator (its fits' lines only, so fits running at once each print their own) and prints each
    line; on close the lines not printed yet are printed, so every line appears once, in order."""

    def __init__(self, jvm: Any, java_estimator: Any) -> None:
        self._buffer = jvm.dev.sparkbert.training.report.TrainingProgress.buffer(java_estimator)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="spark-bert-progress", daemon=True)

    def __enter__(self) -> "PrintedProgress":
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self._stop.set()
        self._thread.join()
        try:
            self._print(self._buffer.poll(0))
        finally:
            self._buffer.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._print(self._buffer.poll(_POLL_MILLIS))
            except Exception:  # noqa: BLE001 - a gateway gone with the session ends the printing, not the fit
                return

    @staticmethod
    def _print(lines: Any) -> None:
        for line in lines:
            print("spark-bert " + line, flush=True)
