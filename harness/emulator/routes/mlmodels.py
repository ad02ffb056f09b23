"""ML models: create, read, delete, their timetable, and predictions."""

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from harness.emulator.auth import check_owner, user_token
from harness.emulator.errors import bad_request
from harness.emulator.params import emulator_of, json_body, reject_unknown
from harness.emulator.responses import ok
from harness.emulator.rules.conditions import CATEGORICAL
from harness.emulator.rules.learning import ModelRecord
from harness.emulator.rules.views import model_view
from harness.model import ModelError, resolve_sensitivity
from harness.model.localtime import load_zone

MODEL_KEYS = ("type", "sources", "parameters")
MAX_INPUTS = 1000
DEFAULT_SENSITIVITY = 50


async def create_model(request: Request) -> Response:
    emulator = emulator_of(request)
    token = user_token(emulator.registry, request)
    body = await json_body(request)
    reject_unknown(body, MODEL_KEYS, "an ML model")

    sources = body.get("sources")
    if not isinstance(sources, list) or len(sources) != 1:
        raise bad_request(
            "'sources' must list exactly one {'sdid', 'field'}: a model learns "
            "one field of one device"
        )
    source = sources[0]
    if not isinstance(source, dict) or set(source) != {"sdid", "field"}:
        raise bad_request("a source is {'sdid': <device ID>, 'field': <field name>}")
    device = emulator.registry.find_device(str(source["sdid"]))
    check_owner(token, device)
    spec = emulator.registry.device_types[device.dtid].manifest.field(
        str(source["field"])
    )
    if spec is None or spec.is_group:
        raise bad_request(
            f"field {source['field']!r} is not a field of device {device.id!r}"
        )
    if spec.value_class not in CATEGORICAL:
        raise bad_request(
            f"field {spec.name!r} holds {spec.value_class} values; the weekly "
            "timetable model learns categorical fields only (String or Boolean)"
        )

    parameters = body.get("parameters") or {}
    if not isinstance(parameters, dict):
        raise bad_request(
            f"'parameters' must be an object such as {{'slot_minutes': 5}}, "
            f"not {parameters!r}"
        )
    parameters = dict(parameters)
    zone = parameters.pop("timezone", None) or device.timezone or "UTC"
    record = emulator.models.new_record(
        token.uid,
        str(body.get("type")),
        device.id,
        spec.name,
        str(zone),
        parameters,
        None,
        spec.value_class or "String",
    )
    try:
        load_zone(record.zone)
    except ModelError as error:
        raise bad_request(str(error)) from None

    with emulator.models.room_for(token.uid, 1):
        await emulator.store.write(
            lambda conn: emulator.models.insert_sql(conn, record)
        )
    emulator.models.added(record)
    return ok(model_view(record), status=201)


async def get_model(request: Request) -> Response:
    return ok(model_view(_model(request)))


async def delete_model(request: Request) -> Response:
    emulator = emulator_of(request)
    record = _model(request)
    if record.rule_id is not None:
        raise bad_request(
            f"model {record.id!r} belongs to rule {record.rule_id!r}; "
            "delete or change the rule instead"
        )
    await emulator.store.write(
        lambda conn: conn.execute("DELETE FROM ml_models WHERE id = ?", (record.id,))
    )
    emulator.models.removed(record.id)
    return ok(model_view(record))


async def get_timetable(request: Request) -> Response:
    record = _model(request)
    sensitivity = _sensitivity(request.query_params.get("sensitivity"))
    if record.trained is None:
        raise bad_request(
            f"model {record.id!r} has no timetable yet: it is {record.status}"
            + (f" ({record.error})" if record.error else "")
        )
    timetable = record.trained.timetable(sensitivity)
    return ok(
        {
            "modelId": record.id,
            "timezone": record.zone,
            "trainedOn": record.trained.trained_at,
            **timetable.to_dict(),
        }
    )


async def predict(request: Request) -> Response:
    record = _model(request)
    body = await json_body(request)
    reject_unknown(body, ("inputs", "sensitivity"), "a prediction request")
    sensitivity = _sensitivity(body.get("sensitivity"))
    inputs = body.get("inputs")
    if not isinstance(inputs, list) or not 1 <= len(inputs) <= MAX_INPUTS:
        raise bad_request(f"'inputs' must list 1 to {MAX_INPUTS} {{'ts', 'value'?}}")

    outputs = [
        _predict_one(record, item, index, sensitivity)
        for index, item in enumerate(inputs)
    ]
    return ok({"modelId": record.id, "sensitivity": sensitivity, "outputs": outputs})


def _predict_one(
    record: ModelRecord, item: Any, index: int, sensitivity: int
) -> dict[str, Any]:
    if not isinstance(item, dict) or not isinstance(item.get("ts"), int):
        raise bad_request(f"inputs[{index}] must be {{'ts': <epoch ms>, 'value'?}}")
    model = record.trained
    output: dict[str, Any] = {"ts": item["ts"], "expected": None}
    if "value" in item:
        output["value"] = item["value"]
        output["verdict"] = None
    if model is None:
        return output
    try:
        output["expected"] = model.expected(item["ts"], sensitivity)
        output["slot"] = model.explain(item["ts"], sensitivity).to_dict()
        if "value" in item:
            output["verdict"] = model.judge(item["ts"], item["value"], sensitivity)
    except ModelError as error:
        raise bad_request(f"inputs[{index}]: {error}") from None
    return output


def _sensitivity(raw: Any) -> int:
    if raw is None or raw == "":
        return DEFAULT_SENSITIVITY
    if isinstance(raw, str) and raw.isdigit():
        raw = int(raw)
    try:
        return resolve_sensitivity(raw)
    except ModelError as error:
        raise bad_request(str(error)) from None


def _model(request: Request) -> ModelRecord:
    emulator = emulator_of(request)
    token = user_token(emulator.registry, request)
    return emulator.models.find(request.path_params["model_id"], token.uid)


ROUTES = [
    Route("/ml/models", create_model, methods=["POST"]),
    Route("/ml/models/{model_id}", get_model, methods=["GET"]),
    Route("/ml/models/{model_id}", delete_model, methods=["DELETE"]),
    Route("/ml/models/{model_id}/timetable", get_timetable, methods=["GET"]),
    Route("/ml/models/{model_id}/predict", predict, methods=["POST"]),
]
