"""Rules as a user keeps them: created, echoed, listed, changed and deleted."""

from typing import Any

import pytest

from harness.emulator.launcher import EmulatorInfo, EmulatorProcess
from tests.conftest import Api, Lock
from tests.emulator.rule_steps import (
    anomalous,
    at_once,
    create_rule,
    lock_of,
    mail,
    new_user,
    rule,
    uid_of,
    when,
)


def unlocked(lock: Lock, name: str = "door opened") -> dict[str, Any]:
    """A plain rule: mail when the lock is unlocked."""
    return rule(name, when(lock.id, "state", "=", "unlocked"), [mail("me@home.test")])


def listed(api: Api, uid: str, **params: Any) -> dict[str, Any]:
    answer = api.get(f"/users/{uid}/rules", params=params)
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def names(listing: dict[str, Any]) -> list[str]:
    return [item["name"] for item in listing["data"]]


def test_a_new_rule_is_echoed_with_its_ids_and_defaults(api: Api, lock: Lock) -> None:
    body = unlocked(lock)

    created = create_rule(api, body, userId=lock.uid)

    assert created["uid"] == lock.uid
    assert created["name"] == "door opened"
    assert created["description"] == ""
    assert created["rule"] == body["rule"]
    assert created["enabled"] is True
    assert created["languageVersion"] == 1
    assert created["isTestable"] is True
    assert created["scope"] == "thisApplication"
    assert created["owner"] == "user"
    assert created["createdOn"] == created["modifiedOn"]
    assert created["modelIds"] == []
    assert created["modelId"] is None
    assert created["warning"] is None
    assert created["error"] is None
    assert len(created["id"]) == 32
    assert len(created["aid"]) == 32
    assert api.get(f"/rules/{created['id']}").json()["data"] == created


def test_a_rule_keeps_its_description_scope_and_disabled_state(
    api: Api, lock: Lock
) -> None:
    body = unlocked(lock) | {
        "description": "tell me when the door opens",
        "enabled": False,
        "scope": "allApplications",
    }

    created = create_rule(api, body)

    assert created["description"] == "tell me when the door opens"
    assert created["enabled"] is False
    assert created["scope"] == "allApplications"


def test_the_index_counts_each_users_rules_from_one(emulator: EmulatorInfo) -> None:
    with new_user(emulator) as alice, new_user(emulator) as bob:
        alices_lock, bobs_lock = lock_of(alice), lock_of(bob)

        alices = [create_rule(alice, unlocked(alices_lock))["index"] for _ in "abc"]
        bobs = [create_rule(bob, unlocked(bobs_lock))["index"] for _ in "ab"]

    assert alices == [1, 2, 3]
    assert bobs == [1, 2]


def test_rules_created_at_the_same_time_get_distinct_indices(
    emulator: EmulatorInfo,
) -> None:
    with new_user(emulator) as user:
        door = lock_of(user)

        answers = at_once(
            emulator,
            user,
            12,
            lambda session: session.post("/rules", json=unlocked(door)),
        )

    assert sorted(a.json()["data"]["index"] for a in answers) == list(range(1, 13))


@pytest.mark.parametrize(
    "params",
    [{}, {"userId": ""}, {"userId": "me"}, {"userId": "F" * 32}, {"userId": "0" * 31}],
    ids=["missing", "empty", "word", "upper-case", "too-short"],
)
def test_a_missing_or_malformed_user_id_falls_back_to_the_tokens_user(
    api: Api, lock: Lock, params: dict[str, str]
) -> None:
    created = create_rule(api, unlocked(lock), **params)

    assert created["uid"] == lock.uid


def test_a_rule_for_another_user_is_forbidden_and_not_created(
    emulator: EmulatorInfo, api: Api, lock: Lock
) -> None:
    with new_user(emulator) as stranger:
        strangers_id = uid_of(stranger)
        before = listed(api, lock.uid)["total"]

        answer = api.post(
            "/rules", params={"userId": strangers_id}, json=unlocked(lock)
        )

        assert answer.status_code == 403
        assert strangers_id in answer.json()["error"]["message"]
        assert listed(api, lock.uid)["total"] == before
        assert listed(stranger, strangers_id)["total"] == 0


def test_a_users_rules_list_in_pages_and_without_the_disabled(
    emulator: EmulatorInfo,
) -> None:
    with new_user(emulator) as user:
        uid, door = uid_of(user), lock_of(user)
        for number in range(1, 6):
            enabled = number not in (2, 4)
            create_rule(user, unlocked(door, f"rule {number}") | {"enabled": enabled})

        everything = listed(user, uid)
        enabled_only = listed(user, uid, excludeDisabled="True")
        page = listed(user, uid, count=2, offset=1)
        enabled_page = listed(user, uid, excludeDisabled="true", count=2, offset=2)

    assert names(everything) == [f"rule {n}" for n in range(1, 6)]
    assert (everything["total"], everything["count"], everything["offset"]) == (5, 5, 0)
    assert names(enabled_only) == ["rule 1", "rule 3", "rule 5"]
    assert enabled_only["total"] == 3
    assert names(page) == ["rule 2", "rule 3"]
    assert (page["total"], page["count"], page["offset"]) == (5, 2, 1)
    assert names(enabled_page) == ["rule 5"]
    assert (enabled_page["total"], enabled_page["count"]) == (3, 1)


def test_another_users_rules_are_neither_listed_nor_found(
    emulator: EmulatorInfo, api: Api, lock: Lock
) -> None:
    mine = create_rule(api, unlocked(lock))
    with new_user(emulator) as stranger:
        listing = stranger.get(f"/users/{lock.uid}/rules")
        found = stranger.get(f"/rules/{mine['id']}")
        deleted = stranger.delete(f"/rules/{mine['id']}")

    assert listing.status_code == 403
    assert found.status_code == 404
    assert deleted.status_code == 404
    assert api.get(f"/rules/{mine['id']}").status_code == 200


def test_a_put_changes_the_name_and_enabled_and_keeps_the_rest(
    api: Api, lock: Lock
) -> None:
    created = create_rule(api, unlocked(lock))

    answer = api.put(
        f"/rules/{created['id']}", json={"name": "front door", "enabled": False}
    )

    changed = answer.json()["data"]
    assert answer.status_code == 200
    assert (changed["name"], changed["enabled"]) == ("front door", False)
    for kept in ("id", "uid", "index", "rule", "createdOn", "scope", "description"):
        assert changed[kept] == created[kept], kept
    assert changed["modifiedOn"] >= created["modifiedOn"]
    assert api.get(f"/rules/{created['id']}").json()["data"] == changed


def test_a_new_rule_body_replaces_the_rules_models(emulator: EmulatorInfo) -> None:
    with new_user(emulator) as user:
        door = lock_of(user)
        created = create_rule(
            user, rule("odd", anomalous(door.id, 10), [mail("a@b.c")])
        )
        first_model = created["modelId"]

        retuned = user.put(
            f"/rules/{created['id']}",
            json={"rule": {"if": anomalous(door.id, 90), "then": [mail("a@b.c")]}},
        ).json()["data"]
        second_model = retuned["modelId"]
        plain = user.put(
            f"/rules/{created['id']}",
            json={"rule": unlocked(door)["rule"]},
        ).json()["data"]

        assert created["modelIds"] == [first_model]
        assert retuned["modelIds"] == [second_model] != [first_model]
        assert retuned["rule"]["if"] == anomalous(door.id, 90)
        assert plain["modelIds"] == []
        for gone in (first_model, second_model):
            assert user.get(f"/ml/models/{gone}").status_code == 404


def test_a_deleted_rule_takes_its_models_with_it(emulator: EmulatorInfo) -> None:
    with new_user(emulator) as user:
        uid, door = uid_of(user), lock_of(user)
        created = create_rule(user, rule("odd", anomalous(door.id), [mail("a@b.c")]))
        model = user.get(f"/ml/models/{created['modelId']}").json()["data"]

        deleted = user.delete(f"/rules/{created['id']}")

        assert model["ruleId"] == created["id"]
        assert deleted.status_code == 200
        assert deleted.json()["data"]["id"] == created["id"]
        assert user.get(f"/rules/{created['id']}").status_code == 404
        assert user.get(f"/ml/models/{created['modelId']}").status_code == 404
        assert listed(user, uid)["total"] == 0


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_an_unknown_rule_is_not_found(api: Api, method: str) -> None:
    answer = api.request(method, f"/rules/{'0' * 32}", json={"name": "x"})

    assert answer.status_code == 404
    assert "does not exist" in answer.json()["error"]["message"]


def test_deleting_a_device_invalidates_the_rules_that_name_it(
    api: Api, admin: Api, lock: Lock
) -> None:
    other = lock_of(api, "back door")
    body = rule(
        "either door",
        {
            "or": [
                when(lock.id, "state", "=", "unlocked"),
                when(other.id, "state", "=", "unlocked"),
            ]
        },
        [mail("me@home.test")],
    )
    created = create_rule(api, body, userId=lock.uid)
    before = admin.get("/counters").json()["data"]["rulesFired"]

    api.delete(f"/devices/{other.id}")
    api.post("/messages", json={"sdid": lock.id, "data": {"state": "unlocked"}})
    answer = api.get(f"/rules/{created['id']}").json()["data"]

    assert answer["invalidatedOn"] is not None
    assert other.id in answer["error"]["messageArgs"][0]
    assert admin.get("/counters").json()["data"]["rulesFired"] == before


def test_a_deleted_rules_index_is_not_handed_out_again_after_a_restart() -> None:
    process = EmulatorProcess()
    try:
        info = process.start()
        with Api(info.api_url, info.user_token) as api:
            lock = lock_of(api)
            first = create_rule(api, unlocked(lock, "first"))
            second = create_rule(api, unlocked(lock, "second"))
            api.delete(f"/rules/{second['id']}")

        info = process.restart()
        with Api(info.api_url, info.user_token) as api:
            third = create_rule(api, unlocked(lock, "third"))

        assert (first["index"], second["index"], third["index"]) == (1, 2, 3)
    finally:
        process.close()
