"""Spread work over the machine's cores, keeping results in input order.

Work is handed out by index into a list the parent already holds: worker processes are
forked, so they inherit the museum model, templates and caches without pickling, and
only results travel back. Where `fork` does not exist (Windows) or the work is too small
to pay for starting processes, everything runs in this process, with the same result.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.pool
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

R = TypeVar("R")

# Below this many items, starting processes costs more than it saves.
MIN_ITEMS_FOR_PARALLEL = 400
# How many times long work says how far it has got.
PROGRESS_STEPS = 50

_task: Callable[[range], Any] | None = None
_processes_allowed = True
_in_worker = False
# Which chunks are taken, the lock to take one by, and the chunks, while `_helped` runs.
_claims: tuple[Any, Any, Sequence[range]] | None = None


def allow_processes(allowed: bool) -> None:
    """Turn the use of worker processes on or off for this process.

    `museumgen serve` turns them off once its server and watcher threads run: forking a
    process that has other threads can copy a lock another thread holds, and hang."""
    global _processes_allowed
    _processes_allowed = allowed


def in_worker() -> bool:
    """Whether this is a worker process of `map_chunks`, whose results travel back by
    pickling (so that a task may make them compact, or leave out what the parent has)."""
    return _in_worker


def worker_count() -> int:
    """Cores this process may use; `MUSEUMGEN_WORKERS` overrides (1 turns parallelism off)."""
    configured = os.environ.get("MUSEUMGEN_WORKERS", "").strip()
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


def map_chunks(
    task: Callable[[range], R],
    count: int,
    workers: int | None = None,
    min_items: int = MIN_ITEMS_FOR_PARALLEL,
    progress: Callable[[int], None] | None = None,
    helping: bool = False,
) -> list[R]:
    """`task` over consecutive ranges of `range(count)`, results in order.

    `min_items` is the least work worth starting processes for: a few hundred pages, or
    two photographs. `progress` is told, in this process, how many items are done each
    time a range is. `helping` has this process take ranges too, from the end, while
    one worker fewer takes them from the start: for work whose results cost nearly as
    much to receive as to make, so that only the workers' share travels."""
    workers = min(workers or worker_count(), max(1, count // max(1, min_items // 2)))
    parallel = workers > 1 and count >= min_items and _processes_allowed and "fork" in multiprocessing.get_all_start_methods()
    if not parallel and progress is None:
        return [task(range(count))]
    # Several ranges for each worker, so none idles at the end; more when progress is shown.
    chunks = _split(count, min(count, max(workers * (8 if helping else 4), PROGRESS_STEPS if progress else 0))) if count else [range(0)]
    if not parallel:
        return list(_reported(map(task, chunks), chunks, progress))
    sys.stdout.flush()  # or text buffered before the fork is printed twice
    sys.stderr.flush()
    global _task
    _task = task
    try:
        if helping:
            return list(_reported(_helped(chunks, workers - 1), chunks, progress))
        with _pool(workers) as pool:
            return list(_reported(pool.imap(_run, chunks, chunksize=1), chunks, progress))
    finally:
        _task = None


def _helped(chunks: Sequence[range], workers: int) -> list[Any]:
    """The results of `_task` over `chunks`, made by `workers` processes taking chunks from
    the start and by this one taking them from the end, until they meet."""
    global _claims
    context = multiprocessing.get_context("fork")
    _claims = (context.RawArray("b", len(chunks)), context.Lock(), chunks)
    try:
        with _pool(workers) as pool:
            sent = pool.imap(_run_unclaimed, range(len(chunks)), chunksize=1)
            own = {}
            for index in reversed(range(len(chunks))):
                if not _claim(index):
                    break
                own[index] = _run(chunks[index])
            return [own[index] if index in own else result for index, result in enumerate(sent)]
    finally:
        _claims = None


@contextlib.contextmanager
def _pool(workers: int) -> Iterator[multiprocessing.pool.Pool]:
    """A pool of forked workers, ended by letting them finish what they were given:
    `Pool.terminate`, which `with Pool(...)` calls, can hang for ever in a race with
    workers that are ending (CPython issues 78178, 96995). Only an interruption
    (Ctrl-C) terminates them."""
    pool = multiprocessing.get_context("fork").Pool(workers, initializer=_start_worker)
    try:
        yield pool
    except Exception:
        pool.close()
        pool.join()
        raise
    except BaseException:
        pool.terminate()
        raise
    pool.close()
    pool.join()


def _claim(index: int) -> bool:
    """Take chunk `index` for this process, unless another took it first."""
    assert _claims is not None  # set by `_helped` before the fork
    taken, lock, _chunks = _claims
    with lock:
        if taken[index]:
            return False
        taken[index] = 1
        return True


def _run_unclaimed(index: int) -> Any:
    """`_task` over chunk `index`, or nothing when the parent has taken it."""
    assert _claims is not None  # set by `_helped` before the fork
    return _run(_claims[2][index]) if _claim(index) else None


def _reported(results: Iterable[R], chunks: Sequence[range], progress: Callable[[int], None] | None) -> Iterator[R]:
    done = 0
    for chunk, result in zip(chunks, results, strict=True):
        done += len(chunk)
        if progress is not None:
            progress(done)
        yield result


def _start_worker() -> None:
    """Ctrl-C reaches the whole process group: only the parent acts on it, and the pool's
    SIGTERM at the end simply ends a worker, whatever handlers the parent had set."""
    global _in_worker
    _in_worker = True
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _run(chunk: range) -> Any:
    assert _task is not None  # set by map_chunks before the fork
    return _task(chunk)


def _split(count: int, parts: int) -> Sequence[range]:
    """`parts` consecutive ranges covering `range(count)`, sizes differing by at most one."""
    size, extra = divmod(count, parts)
    ranges, start = [], 0
    for index in range(parts):
        stop = start + size + (1 if index < extra else 0)
        ranges.append(range(start, stop))
        start = stop
    return ranges
