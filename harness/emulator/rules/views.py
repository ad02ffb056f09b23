"""Rules and ML models as the API answers them."""

from typing import Any

from harness.emulator.rules.learning import ModelRecord, ModelRegistry
from harness.emulator.rules.rulebook import Rule
from harness.emulator.views import EMULATOR_CID

TRAINING_WARNING = 6316


def rule_view(rule: Rule, models: ModelRegistry) -> dict[str, Any]:
    """A rule in the SDK's OutputRule shape, with the models it owns."""
    model_ids = list(rule.model_ids.values())
    return {
        "id": rule.id,
        "aid": EMULATOR_CID,
        "uid": rule.uid,
        "name": rule.name,
        "description": rule.description,
        "enabled": rule.enabled,
        "index": rule.index,
        "languageVersion": 1,
        "createdOn": rule.created_on,
        "modifiedOn": rule.modified_on,
        "invalidatedOn": rule.modified_on if rule.error is not None else None,
        "rule": rule.body,
        "error": _error(rule),
        "warning": _warning(rule, models),
        "owner": "user",
        "isTestable": True,
        "scope": rule.scope,
        "modelId": model_ids[0] if model_ids else None,
        "modelIds": model_ids,
    }


def _error(rule: Rule) -> dict[str, Any] | None:
    if rule.error is None:
        return None
    return {
        "errorCode": 400,
        "messageKey": "rule.invalidated",
        "messageArgs": [rule.error],
    }


def _warning(rule: Rule, models: ModelRegistry) -> dict[str, Any] | None:
    untrained = []
    for model_id in rule.model_ids.values():
        record = models.models.get(model_id)
        if record is None or record.trained is not None:
            continue
        message = "is training" if record.error is None else record.error
        untrained.append({"modelId": model_id, "messages": [message]})
    if not untrained:
        return None
    return {
        "code": TRAINING_WARNING,
        "message": "Transformer warnings",
        "warnings": [untrained],
    }


def model_view(record: ModelRecord) -> dict[str, Any]:
    """An ML model: what it learns, its status, and when it trained."""
    trained = record.trained
    return {
        "id": record.id,
        "uid": record.uid,
        "type": record.type,
        "sources": [{"sdid": record.sdid, "field": record.field}],
        "parameters": {"timezone": record.zone, **record.parameters.to_dict()},
        "status": record.status,
        "error": record.error if trained is None else None,
        "ruleId": record.rule_id,
        "createdOn": record.created_on,
        "trainedOn": trained.trained_at if trained is not None else None,
        "nextTrainingOn": record.next_attempt if record.next_attempt else None,
        "messages": trained.messages if trained is not None else 0,
        "values": list(trained.values) if trained is not None else [],
    }
