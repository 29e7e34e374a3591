"""Run many scenarios through any :class:`concurrent.futures.Executor`.

Scenarios are frozen values that pickle (the region and the funding models with them),
so they travel to worker processes, or to a Dask or Ray cluster, unchanged.

Examples:
    >>> from concurrent.futures import ThreadPoolExecutor
    >>> from jeugdinkoop.io import load_example_region
    >>> from jeugdinkoop.scenarios import Scenario
    >>> region = load_example_region()
    >>> with ThreadPoolExecutor(2) as pool:
    ...     results = run_many([Scenario("a", region), Scenario("b", region)], pool)
    >>> [r.name for r in results]
    ['a', 'b']
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable
from concurrent.futures import Executor, ProcessPoolExecutor

from jeugdinkoop.scenarios.result import ScenarioResult
from jeugdinkoop.scenarios.scenario import Scenario

__all__ = ["default_executor", "run_many"]


def _run(scenario: Scenario, draws: int, seed: int) -> ScenarioResult:
    """Run one scenario (a module-level function, so that it pickles by name)."""
    return scenario.run(draws=draws, seed=seed)


def default_executor(count: int) -> ProcessPoolExecutor:
    """A process pool for ``count`` scenarios: at most one worker per CPU.

    Workers start by ``forkserver`` where the platform has it and by ``spawn`` otherwise:
    forking a process that runs threads (Jupyter's does) may deadlock.

    Examples:
        >>> pool = default_executor(1)
        >>> pool.shutdown()
    """
    methods = multiprocessing.get_all_start_methods()
    method = "forkserver" if "forkserver" in methods else "spawn"
    return ProcessPoolExecutor(
        max_workers=max(1, min(count, os.cpu_count() or 1)),
        mp_context=multiprocessing.get_context(method),
    )


def run_many(
    scenarios: Iterable[Scenario],
    executor: Executor | None = None,
    *,
    draws: int = 0,
    seed: int = 0,
) -> list[ScenarioResult]:
    """Run scenarios through an executor; the results come back in input order.

    Any :class:`concurrent.futures.Executor` works: a ``ThreadPoolExecutor``, a
    ``ProcessPoolExecutor``, a Dask ``Client.get_executor()``, a Ray executor. Only
    ``submit`` and ``Future.result`` are used. Without one, a process pool is made for the
    call (see :func:`default_executor`) and shut down after it; when running a script
    this way, guard its entry point with ``if __name__ == "__main__":``.

    Args:
        scenarios: the scenarios to run.
        executor: where to run them; an executor passed in is not shut down.
        draws: Monte Carlo draws per scenario (0: expected values only).
        seed: the seed of each scenario's draws.

    Examples:
        >>> from concurrent.futures import ThreadPoolExecutor
        >>> from jeugdinkoop.io import load_example_region
        >>> with ThreadPoolExecutor(1) as pool:
        ...     run_many([Scenario("a", load_example_region())], pool)[0].total()
        Money('0')
    """
    items = list(scenarios)
    if not items:
        return []
    if executor is None:
        with default_executor(len(items)) as pool:
            return _collect(pool, items, draws, seed)
    return _collect(executor, items, draws, seed)


def _collect(
    executor: Executor, items: list[Scenario], draws: int, seed: int
) -> list[ScenarioResult]:
    futures = [executor.submit(_run, scenario, draws, seed) for scenario in items]
    return [future.result() for future in futures]
