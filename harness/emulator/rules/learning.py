"""The ML models behind anomaly and prediction conditions: kept, trained, retrained.

A model learns one device's field (harness.model). It trains when it is created and
again once the emulator's clock has moved on by its retrain interval; the previous
model keeps answering while a new one trains. Training reads the store and runs in a
worker thread, after an optional delay in real seconds.
"""

import asyncio
import contextlib
import logging
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import orjson

from harness.emulator.clock import Clock
from harness.emulator.errors import bad_request, not_found
from harness.emulator.ids import new_id
from harness.emulator.store import Store
from harness.model import (
    ModelError,
    ModelParameters,
    NotEnoughDataError,
    TimetableModel,
    train,
)

logger = logging.getLogger(__name__)

ANOMALY = "anomalyDetection"
PREDICTION = "prediction"
MODEL_TYPES = (ANOMALY, PREDICTION)
MAX_MODELS_PER_USER = 10
SCHEDULER_TICK_S = 0.1

TRAINING = "training"
READY = "ready"
ERROR = "error"


@dataclass
class ModelRecord:
    """One ML model: what it learns, its state, and the trained timetable if any."""

    id: str
    uid: str
    type: str
    sdid: str
    field: str
    zone: str
    parameters: ModelParameters
    rule_id: str | None
    created_on: int
    value_class: str
    trained: TimetableModel | None = None
    error: str | None = None
    next_attempt: int = 0
    training: bool = False

    @property
    def status(self) -> str:
        if self.trained is not None:
            return READY
        return ERROR if self.error is not None and not self.training else TRAINING


class ModelRegistry:
    """Every user's ML models, and the task that keeps them trained."""

    def __init__(self, store: Store, clock: Clock, training_delay_s: float) -> None:
        self._store = store
        self._clock = clock
        self._delay_s = training_delay_s
        self.models: dict[str, ModelRecord] = {}
        # Per user, how many new models are being stored: counted against the limit.
        self._storing: dict[str, int] = {}
        self._scheduler: asyncio.Task[None] | None = None
        self._jobs: set[asyncio.Task[None]] = set()

    def load(self, records: list[ModelRecord]) -> None:
        self.models = {record.id: record for record in records}

    def find(self, model_id: str, uid: str) -> ModelRecord:
        record = self.models.get(model_id)
        if record is None or record.uid != uid:
            raise not_found(f"ML model {model_id!r} does not exist for this user")
        return record

    def check_room(self, uid: str, wanted: int) -> None:
        """Refuse `wanted` new models that would take a user past the limit."""
        owned = sum(1 for record in self.models.values() if record.uid == uid)
        owned += self._storing.get(uid, 0)
        if owned + wanted > MAX_MODELS_PER_USER:
            raise bad_request(
                f"a user may have at most {MAX_MODELS_PER_USER} ML models; this one "
                f"has {owned} and this would add {wanted}: delete a rule or a model"
            )

    @contextlib.contextmanager
    def room_for(self, uid: str, wanted: int) -> Iterator[None]:
        """Hold room for `wanted` new models while they are stored.

        Requests that store models at the same time each count the others' models,
        so that together they never take a user past the limit.
        """
        self.check_room(uid, wanted)
        held = max(wanted, 0)
        self._storing[uid] = self._storing.get(uid, 0) + held
        try:
            yield
        finally:
            self._storing[uid] -= held

    def new_record(
        self,
        uid: str,
        model_type: str,
        sdid: str,
        field_name: str,
        zone: str,
        raw_parameters: Any,
        rule_id: str | None,
        value_class: str,
    ) -> ModelRecord:
        """A model record checked and ready to add (not yet stored)."""
        if model_type not in MODEL_TYPES:
            allowed = ", ".join(repr(t) for t in MODEL_TYPES)
            raise bad_request(f"model type {model_type!r} is not one of {allowed}")
        try:
            parameters = ModelParameters.from_dict(raw_parameters or {})
        except ModelError as error:
            raise bad_request(str(error)) from None
        return ModelRecord(
            id=new_id(),
            uid=uid,
            type=model_type,
            sdid=sdid,
            field=field_name,
            zone=zone,
            parameters=parameters,
            rule_id=rule_id,
            created_on=self._clock.now_ms(),
            value_class=value_class,
        )

    def insert_sql(self, conn: sqlite3.Connection, record: ModelRecord) -> None:
        """Store a new model, inside the caller's transaction."""
        conn.execute(
            "INSERT INTO ml_models VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)",
            (
                record.id,
                record.uid,
                record.type,
                record.sdid,
                record.field,
                record.zone,
                orjson.dumps(record.parameters.to_dict()).decode(),
                record.rule_id,
                record.created_on,
                record.value_class,
            ),
        )

    def added(self, record: ModelRecord) -> None:
        """Start keeping a stored model trained, beginning now."""
        self.models[record.id] = record
        record.next_attempt = self._clock.now_ms()
        self._spawn(record)

    def removed(self, model_id: str) -> None:
        self.models.pop(model_id, None)

    def start(self) -> None:
        """Start the task that retrains models when the clock says they are due."""
        if self._scheduler is None:
            self._scheduler = asyncio.create_task(self._schedule())

    async def stop(self) -> None:
        for task in [self._scheduler, *self._jobs]:
            if task is not None:
                task.cancel()
        self._scheduler = None

    def poke(self) -> None:
        """Look for models due at once (the clock moved)."""
        now = self._clock.now_ms()
        for record in list(self.models.values()):
            if not record.training and record.next_attempt <= now:
                self._spawn(record)

    async def _schedule(self) -> None:
        while True:
            await asyncio.sleep(SCHEDULER_TICK_S)
            try:
                self.poke()
            except Exception:
                logger.exception("the model scheduler failed; it goes on")

    def _spawn(self, record: ModelRecord) -> None:
        record.training = True
        task = asyncio.create_task(self._train(record))
        self._jobs.add(task)
        task.add_done_callback(self._jobs.discard)

    async def _train(self, record: ModelRecord) -> None:
        try:
            if self._delay_s > 0:
                await asyncio.sleep(self._delay_s)
            at = self._clock.now_ms()
            loop = asyncio.get_running_loop()
            model = await loop.run_in_executor(None, self._train_now, record, at)
            if record.id not in self.models:
                return
            record.trained, record.error = model, None
            record.next_attempt = model.next_training_at
            await self._store.write(lambda conn: self._save(conn, record))
            logger.info("model %s trained at %d", record.id, at)
        except NotEnoughDataError as error:
            record.error = str(error)
            record.next_attempt = (
                self._clock.now_ms() + record.parameters.retrain_interval_ms
            )
            await self._store.write(lambda conn: self._save(conn, record))
        except Exception as error:
            logger.exception("training model %s failed", record.id)
            record.error = f"training failed: {error}"
            record.next_attempt = (
                self._clock.now_ms() + record.parameters.retrain_interval_ms
            )
        finally:
            record.training = False

    def _train_now(self, record: ModelRecord, at: int) -> TimetableModel:
        window_start = at - record.parameters.window_ms
        history = self._store.read(
            lambda conn: read_history(conn, record, window_start, at)
        )
        return train(history, at, record.zone, record.parameters)

    @staticmethod
    def _save(conn: sqlite3.Connection, record: ModelRecord) -> None:
        state = (
            orjson.dumps(record.trained.to_dict()).decode()
            if record.trained is not None
            else None
        )
        conn.execute(
            "UPDATE ml_models SET state = ?, error = ? WHERE id = ?",
            (state, record.error, record.id),
        )


def read_history(
    conn: sqlite3.Connection, record: ModelRecord, window_start: int, at: int
) -> list[tuple[int, str | bool]]:
    """A device's `(ts, value)` of one field in the window, and the one before it."""
    path = "$." + ".".join(f'"{part}"' for part in record.field.split("."))
    before = conn.execute(
        "SELECT ts, json_extract(data, ?) AS value FROM messages "
        "WHERE did = ? AND kind = 'message' AND ts < ? AND value IS NOT NULL "
        "ORDER BY ts DESC, seq DESC LIMIT 1",
        (path, record.sdid, window_start),
    ).fetchall()
    inside = conn.execute(
        "SELECT ts, json_extract(data, ?) AS value FROM messages "
        "WHERE did = ? AND kind = 'message' AND ts >= ? AND ts < ? "
        "AND value IS NOT NULL ORDER BY ts, seq",
        (path, record.sdid, window_start, at),
    ).fetchall()

    boolean = record.value_class == "Boolean"
    return [(ts, bool(value) if boolean else value) for ts, value in before + inside]


def record_from_row(row: tuple[Any, ...]) -> ModelRecord:
    """A model as stored: `SELECT * FROM ml_models`."""
    (
        model_id,
        uid,
        model_type,
        sdid,
        field_name,
        zone,
        parameters,
        rule_id,
        created_on,
        value_class,
        state,
        error,
    ) = row
    trained = TimetableModel.from_dict(orjson.loads(state)) if state else None
    return ModelRecord(
        id=model_id,
        uid=uid,
        type=model_type,
        sdid=sdid,
        field=field_name,
        zone=zone,
        parameters=ModelParameters.from_dict(orjson.loads(parameters)),
        rule_id=rule_id,
        created_on=created_on,
        value_class=value_class,
        trained=trained,
        error=error,
        next_attempt=trained.next_training_at if trained is not None else 0,
    )
