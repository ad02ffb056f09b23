"""Users: who a token belongs to, and the devices a user owns."""

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from harness.emulator.auth import check_same_user, user_token
from harness.emulator.config import MAX_PAGE_COUNT
from harness.emulator.params import bool_param, choice_param, emulator_of, int_param
from harness.emulator.responses import ok
from harness.emulator.views import device_view, user_view

OWNERS = ("ALL", "ME", "SHARED")


async def get_self(request: Request) -> Response:
    emulator = emulator_of(request)
    token = user_token(emulator.registry, request)
    return ok(user_view(emulator.registry.users[token.uid]))


async def get_user_devices(request: Request) -> Response:
    emulator = emulator_of(request)
    token = user_token(emulator.registry, request)
    uid = request.path_params["uid"]
    check_same_user(token, uid)

    offset = int_param(request, "offset", 0, low=0) or 0
    count = int_param(request, "count", MAX_PAGE_COUNT, low=1, high=MAX_PAGE_COUNT)
    with_properties = bool_param(request, "includeProperties", True)
    owner = choice_param(request, "owner", OWNERS)
    dtid = request.query_params.get("dtid")

    devices = [
        device
        for device in emulator.registry.devices.values()
        if device.uid == uid and (dtid is None or device.dtid == dtid)
    ]
    if owner == "SHARED":
        devices = []
    page = devices[offset : offset + (count or MAX_PAGE_COUNT)]

    views = [device_view(device) for device in page]
    if not with_properties:
        for view in views:
            view.pop("properties")
    return ok({"devices": views}, total=len(devices), count=len(page), offset=offset)


ROUTES = [
    Route("/users/self", get_self, methods=["GET"]),
    Route("/users/{uid}/devices", get_user_devices, methods=["GET"]),
]
