"""Steps a user of the official artikcloud SDK takes, shared by the SDK's tests."""

import contextlib
from collections.abc import Iterator
from typing import Any

import artikcloud
from artikcloud.rest import ApiException


@contextlib.contextmanager
def bearer(token: str) -> Iterator[None]:
    """Let the SDK send `token` for a while.

    The SDK reads its token from one process-wide Configuration on every request.
    """
    configuration = artikcloud.configuration
    before = configuration.access_token
    configuration.access_token = token
    try:
        yield
    finally:
        configuration.access_token = before


def device_type(sdk: artikcloud.ApiClient, name: str) -> Any:
    """The device type called `name`, found by a search on its name."""
    found = artikcloud.DeviceTypesApi(sdk).get_device_types(name=name)
    return next(dt for dt in found.data.device_types if dt.name == name)


def create_device(sdk: artikcloud.ApiClient, type_name: str, name: str) -> Any:
    """A new device of a built-in type, in Berlin's time zone."""
    device = artikcloud.Device(
        dtid=device_type(sdk, type_name).id,
        name=name,
        properties={"timezone": "Europe/Berlin"},
    )
    return artikcloud.DevicesApi(sdk).add_device(device).data


def delete_quietly(sdk: artikcloud.ApiClient, did: str) -> None:
    """Delete a device after a test, whether or not the test deleted it already."""
    with contextlib.suppress(ApiException):
        artikcloud.DevicesApi(sdk).delete_device(did)


def put_device_token(sdk: artikcloud.ApiClient, did: str) -> Any:
    """Create or replace a device token, as `update_device_token` would.

    The SDK's own method asks for a text/plain body it has no way to send and fails
    before any request goes out; a direct call with its default JSON type works.
    """
    return sdk.call_api(
        "/devices/{deviceId}/tokens",
        "PUT",
        {"deviceId": did},
        [],
        {"Accept": "application/json"},
        response_type="DeviceTokenEnvelope",
        auth_settings=["artikcloud_oauth"],
        _return_http_data_only=True,
    ).data


def send_states(
    sdk: artikcloud.ApiClient, did: str, first_ts: int, states: list[str]
) -> list[str]:
    """Post one message per state, a second apart; answer their mids."""
    messages = artikcloud.MessagesApi(sdk)
    return [
        messages.send_message(
            artikcloud.Message(sdid=did, ts=first_ts + n * 1000, data={"state": state})
        ).data.mid
        for n, state in enumerate(states)
    ]
