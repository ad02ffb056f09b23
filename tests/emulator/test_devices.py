"""Devices, device types and tokens, as a user manages them."""

from harness.emulator.launcher import EmulatorInfo
from tests.conftest import SAMPLE_LOCK, Api, Lock, device_type_id, make_device


def test_a_device_is_created_read_renamed_and_deleted(api: Api) -> None:
    dtid = device_type_id(api, SAMPLE_LOCK)

    created = api.post(
        "/devices",
        json={"dtid": dtid, "name": "garage", "properties": {"timezone": "Asia/Tokyo"}},
    ).json()["data"]
    read = api.get(f"/devices/{created['id']}").json()["data"]
    renamed = api.put(f"/devices/{created['id']}", json={"name": "shed"}).json()["data"]
    deleted = api.delete(f"/devices/{created['id']}")
    gone = api.get(f"/devices/{created['id']}")

    assert read == created
    assert read["properties"] == {"timezone": "Asia/Tokyo"}
    assert read["manifestVersionPolicy"] == "LATEST"
    assert renamed["name"] == "shed"
    assert deleted.status_code == 200
    assert gone.status_code == 404
    assert gone.json()["error"]["code"] == 404


def test_the_users_devices_are_listed_in_pages(
    admin: Api, emulator: EmulatorInfo
) -> None:
    user = admin.post("/users", json={"name": "lister"}).json()["data"]
    with Api(emulator.api_url, user["accessToken"]) as api:
        for index in range(5):
            make_device(api, SAMPLE_LOCK, f"listed {index}")

        pages = [
            api.get(
                f"/users/{user['id']}/devices", params={"count": 2, "offset": offset}
            ).json()
            for offset in (0, 2, 4)
        ]

    assert [page["count"] for page in pages] == [2, 2, 1]
    assert {page["total"] for page in pages} == {5}
    names = [device["name"] for page in pages for device in page["data"]["devices"]]
    assert names == [f"listed {index}" for index in range(5)]


def test_a_replaced_device_token_retires_the_old_one(
    api: Api, emulator: EmulatorInfo, lock: Lock
) -> None:
    replaced = api.put(f"/devices/{lock.id}/tokens").json()["data"]

    with (
        Api(emulator.api_url, lock.token) as old,
        Api(emulator.api_url, replaced["accessToken"]) as new,
    ):
        message = {"sdid": lock.id, "data": {"state": "locked"}}
        refused = old.post("/messages", json=message)
        accepted = new.post("/messages", json=message)

    assert replaced["accessToken"] != lock.token
    assert replaced["did"] == lock.id
    assert refused.status_code == 401
    assert "revoked" in refused.json()["error"]["message"]
    assert accepted.status_code == 200
    assert api.get(f"/devices/{lock.id}/tokens").json()["data"] == replaced


def test_a_revoked_device_token_is_gone(api: Api, lock: Lock) -> None:
    revoked = api.delete(f"/devices/{lock.id}/tokens")

    assert revoked.json()["data"]["accessToken"] == lock.token
    assert api.get(f"/devices/{lock.id}/tokens").status_code == 404


def test_the_sample_lock_type_and_its_manifest(api: Api) -> None:
    dtid = device_type_id(api, SAMPLE_LOCK)

    device_type = api.get(f"/devicetypes/{dtid}").json()["data"]
    manifest = api.get(f"/devicetypes/{dtid}/manifests/latest/properties").json()
    versions = api.get(f"/devicetypes/{dtid}/availablemanifestversions").json()

    assert device_type["name"] == SAMPLE_LOCK
    state = manifest["data"]["properties"]["fields"]["state"]
    assert state["valueClass"] == "String"
    assert state["metaData"]["VALUES_STRING"] == ["locked", "unlocked"]
    assert versions["data"]["versions"] == [1]


def test_a_device_type_added_from_a_manifest_takes_messages(
    api: Api, admin: Api
) -> None:
    added = admin.post(
        "/devicetypes",
        json={
            "name": "Thermometer",
            "manifest": {
                "fields": [
                    {"name": "temperature", "valueClass": "Double"},
                    {"name": "battery", "valueClass": "Integer"},
                ]
            },
        },
    )
    assert added.status_code == 201
    dtid = added.json()["data"]["id"]
    device = api.post("/devices", json={"dtid": dtid, "name": "kitchen"}).json()["data"]

    ok = api.post(
        "/messages",
        json={"sdid": device["id"], "data": {"temperature": 21.5, "battery": 80}},
    )
    wrong = api.post(
        "/messages", json={"sdid": device["id"], "data": {"battery": 80.5}}
    )

    assert ok.status_code == 200
    assert wrong.status_code == 400
    assert "'battery' takes Integer values" in wrong.json()["error"]["message"]


def test_a_second_user_sees_only_their_own_devices(
    admin: Api, emulator: EmulatorInfo, lock: Lock
) -> None:
    created = admin.post("/users", json={"name": "bea"}).json()["data"]

    with Api(emulator.api_url, created["accessToken"]) as bea:
        me = bea.get("/users/self").json()["data"]
        mine = bea.get(f"/users/{me['id']}/devices").json()
        theirs = bea.get(f"/devices/{lock.id}")

    assert me["name"] == "bea"
    assert mine["total"] == 0
    assert theirs.status_code == 403


def test_a_device_reports_its_availability(api: Api, lock: Lock) -> None:
    before = api.get(f"/devices/{lock.id}/status").json()["data"]["availability"]

    put = api.put(
        f"/devices/{lock.id}/status", json={"data": {"availability": "offline"}}
    )
    bad = api.put(
        f"/devices/{lock.id}/status", json={"data": {"availability": "asleep"}}
    )
    after = api.get(f"/devices/{lock.id}/status").json()["data"]["availability"]

    assert before == "unknown"
    assert put.status_code == 200
    assert put.json()["data"]["availability"] == "offline"
    assert bad.status_code == 400
    assert "'asleep'" in bad.json()["error"]["message"]
    assert after == "offline"
