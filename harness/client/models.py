"""Machine-learning models: the weekly timetables behind anomaly and prediction."""

from collections.abc import Mapping, Sequence
from typing import Any

from harness.client.transport import Transport, path, unwrap


class Models:
    """`/ml/models`: train a model on a device's field, read it, ask it, delete it."""

    def __init__(self, http: Transport) -> None:
        self._http = http

    def create(
        self,
        model_type: str,
        sources: Sequence[Mapping[str, Any]],
        parameters: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Start training an `anomalyDetection` or `prediction` model on sources."""
        body = {
            "type": model_type,
            "sources": [dict(source) for source in sources],
            "parameters": dict(parameters or {}),
        }
        return unwrap(self._http.post("/ml/models", body))

    def get(self, model_id: str) -> dict[str, Any]:
        """One model, with its `status`: `training`, `ready` or `error`."""
        return unwrap(self._http.get(path("ml", "models", model_id)))

    def delete(self, model_id: str) -> Any:
        """Delete a model."""
        return unwrap(self._http.delete(path("ml", "models", model_id)))

    def timetable(self, model_id: str, sensitivity: int | None = None) -> Any:
        """The learned timetable: rows `(from, to, state)` per weekday."""
        route = path("ml", "models", model_id, "timetable")
        return unwrap(self._http.get(route, {"sensitivity": sensitivity}))

    def predict(
        self,
        model_id: str,
        inputs: Sequence[Mapping[str, Any]],
        sensitivity: int | None = None,
    ) -> Any:
        """Per `{"ts", "value"?}` input: the expected value and, if given, a verdict."""
        route = path("ml", "models", model_id, "predict")
        body: dict[str, Any] = {"inputs": [dict(item) for item in inputs]}
        if sensitivity is not None:
            body["sensitivity"] = sensitivity

        return unwrap(self._http.post(route, body))
