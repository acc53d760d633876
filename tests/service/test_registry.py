"""The runs registry on SQLite and PostgreSQL: migrations, state transitions, recovery after a stop."""

from __future__ import annotations

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
    assert (registry.get(run.id).progress, registry.get(run.id).message) == (1.0, "almost")  # type: ignore[union-attr]
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
