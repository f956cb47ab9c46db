"""Batch steps as jobs: started now, run later on the one writer, their progress asked by id.

A job is `run STEP` (or `select`) over a scope, run by the same `run_step_batch` as the CLI's
`run`, on the process's `OneWriter`, so it takes its turn with single steps and never calls the
rule engine beside them. Jobs live in the memory of the process that started them: they do not
survive a restart. What they wrote does (each chunk is saved whole), and a job started again
takes only the candidates still waiting, as `run` does.
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from succession_flow.application.batch.runner import BatchReport, Scope
from succession_flow.application.batch.serial import OneWriter
from succession_flow.application.batch.steps import run_step_batch
from succession_flow.application.services import Services, utc_now
from succession_flow.domain.errors import NotFound

KEPT = 1000
"""Finished jobs remembered; the oldest is forgotten first, so a long-running server stays small."""


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@dataclass
class Job:
    """One batch asked for: what, by whom, how far it got, and how it ended."""

    id: str
    step: str
    scope: Scope
    dry_run: bool
    actor: str
    submitted: datetime
    state: JobState = JobState.QUEUED
    total: int | None = None
    """Candidates waiting for the step, known once the job has looked (None until then)."""
    done: int = 0
    started: datetime | None = None
    finished: datetime | None = None
    report: BatchReport | None = None
    error: Exception | None = field(default=None, repr=False)

    def count_total(self, total: int) -> None:
        self.total = total

    def advance(self, done: int) -> None:
        self.done += done


class Jobs:
    """The jobs of one process, each run in turn on its writer."""

    def __init__(self, writer: OneWriter, clock: Callable[[], datetime] = utc_now) -> None:
        self._writer = writer
        self._clock = clock
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()

    def start(self, step: str, scope: Scope, dry_run: bool, actor: str) -> Job:
        """Queue the job and return it at once (state `queued`)."""
        job = Job(uuid.uuid4().hex, step, scope, dry_run, actor, self._clock())
        with self._lock:
            self._jobs[job.id] = job
            self._forget_old()
        self._writer.submit(lambda services: self._run(job, services))
        return job

    def get(self, job_id: str) -> Job:
        with self._lock:
            found = self._jobs.get(job_id)
        if found is None:
            raise NotFound(f"job {job_id} not found (jobs do not survive a restart)")
        return found

    def __len__(self) -> int:
        with self._lock:
            return len(self._jobs)

    def _run(self, job: Job, services: Services) -> None:
        job.started, job.state = self._clock(), JobState.RUNNING
        try:
            job.report = run_step_batch(
                services,
                job.step,
                job.scope,
                job.actor,
                job.dry_run,
                progress=job.advance,
                on_total=job.count_total,
            )
            job.state = JobState.DONE
        except Exception as error:  # the job's answer, read by whoever polls it
            job.error, job.state = error, JobState.FAILED
            raise  # and the writer's, which reopens the store after a failure of the store
        finally:
            job.finished = self._clock()

    def _forget_old(self) -> None:
        finished = [k for k, j in self._jobs.items() if j.state in (JobState.DONE, JobState.FAILED)]
        for job_id in finished[: max(0, len(self._jobs) - KEPT)]:
            del self._jobs[job_id]
