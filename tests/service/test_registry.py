"""The runs registry on SQLite and PostgreSQL: migrations, state transitions, recovery after a stop."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from gotogether.service.records import RunState
from gotogether.service.registry import Registry

DOCUMENTS = [{"name": "tariffs", "description": "d", "measures": [{"type": "tariff", "change": 0.1}]}]


def test_migration_creates_the_schema_once(database_url: str) -> None:
    Registry.open(database_url).close()
    registry = Registry.open(database_url)  # a second start finds the schema at head
    with registry.engine.connect() as connection:
        assert connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one() == "0001"
    assert {column["name"] for column in sa.inspect(registry.engine).get_columns("runs")} >= {
        "id",
        "state",
        "progress",
        "message",
        "scenario_documents",
        "created_at",
        "started_at",
        "finished_at",
    }
    registry.close()


def test_life_of_a_run(database_url: str) -> None:
    registry = Registry.open(database_url)
    run = registry.create("tariffs", DOCUMENTS)
    assert registry.start(run.id)
    assert not registry.start(run.id)  # a second worker cannot take it
    registry.report_progress(run.id, 1.7, "almost")
    # 1.0 is kept for runs that succeeded
    assert (registry.get(run.id).progress, registry.get(run.id).message) == (0.99, "almost")  # type: ignore[union-attr]
    registry.finish(run.id, RunState.SUCCEEDED, "done")
    record = registry.get(run.id)
    assert record is not None
    assert (record.state, record.attempts, record.scenario_documents) == (RunState.SUCCEEDED, 1, DOCUMENTS)
    assert record.started_at is not None
    assert record.finished_at is not None
    assert not registry.requeue(run.id)  # succeeded runs are not rerun
    registry.close()


def test_running_runs_become_interrupted_and_can_be_requeued(database_url: str) -> None:
    registry = Registry.open(database_url)
    running, queued = registry.create("a", DOCUMENTS), registry.create("b", DOCUMENTS)
    registry.start(running.id)
    registry.close()

    restarted = Registry.open(database_url)
    assert restarted.interrupt_running("server stopped") == [running.id]
    assert restarted.get(running.id).state is RunState.INTERRUPTED  # type: ignore[union-attr]
    assert restarted.ids_in(RunState.QUEUED) == [queued.id]
    assert restarted.requeue(running.id)
    assert set(restarted.ids_in(RunState.QUEUED)) == {running.id, queued.id}
    assert [run.id for run in restarted.runs(RunState.INTERRUPTED)] == []
    restarted.close()


def test_an_interrupted_run_never_shows_it_was_done(database_url: str) -> None:
    """Issue 18.9: a run interrupted after its last progress report (1.0) showed progress 1.0."""
    registry = Registry.open(database_url)
    run = registry.create("a", DOCUMENTS)
    registry.start(run.id)
    with registry.engine.begin() as connection:  # as an older version recorded it
        connection.execute(sa.text("UPDATE runs SET progress = 1.0 WHERE id = :id"), {"id": run.id})
    registry.interrupt_running("server stopped")
    record = registry.get(run.id)
    assert record is not None
    assert (record.state, record.progress) == (RunState.INTERRUPTED, 0.99)
    registry.close()


def test_finished_runs_can_be_deleted_and_found_by_age(database_url: str) -> None:
    registry = Registry.open(database_url)
    done, queued = registry.create("a", DOCUMENTS), registry.create("b", DOCUMENTS)
    registry.start(done.id)
    registry.finish(done.id, RunState.FAILED, "broken")
    record = registry.get(done.id)
    assert record is not None
    assert record.finished_at is not None
    assert registry.finished_before(record.finished_at) == []
    assert registry.finished_before(record.finished_at + timedelta(seconds=1)) == [done.id]
    assert not registry.delete(queued.id)  # queued or running runs stay
    assert registry.delete(done.id)
    assert registry.get(done.id) is None
    assert not registry.delete(done.id)
    registry.close()
