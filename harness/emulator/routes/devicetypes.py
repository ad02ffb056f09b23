"""Device types and their manifests."""

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from harness.emulator.auth import authenticate
from harness.emulator.config import MAX_PAGE_COUNT
from harness.emulator.params import emulator_of, int_param
from harness.emulator.responses import ok
from harness.emulator.views import device_type_view, manifest_properties_view


async def list_device_types(request: Request) -> Response:
    emulator = emulator_of(request)
    token = authenticate(emulator.registry, request)

    name = (request.query_params.get("name") or "").lower()
    offset = int_param(request, "offset", 0, low=0) or 0
    count = int_param(request, "count", MAX_PAGE_COUNT, low=1, high=MAX_PAGE_COUNT)

    matches = [
        device_type
        for device_type in emulator.registry.device_types.values()
        if name in device_type.name.lower() or name in device_type.unique_name.lower()
    ]
    page = matches[offset : offset + (count or MAX_PAGE_COUNT)]
    return ok(
        {"deviceTypes": [device_type_view(dt, token.uid) for dt in page]},
        total=len(matches),
        count=len(page),
        offset=offset,
    )


async def get_device_type(request: Request) -> Response:
    emulator = emulator_of(request)
    token = authenticate(emulator.registry, request)
    device_type = emulator.registry.find_device_type(request.path_params["dtid"])
    return ok(device_type_view(device_type, token.uid))


async def get_latest_manifest(request: Request) -> Response:
    emulator = emulator_of(request)
    authenticate(emulator.registry, request)
    device_type = emulator.registry.find_device_type(request.path_params["dtid"])
    return ok(manifest_properties_view(device_type))


async def get_manifest_versions(request: Request) -> Response:
    emulator = emulator_of(request)
    authenticate(emulator.registry, request)
    device_type = emulator.registry.find_device_type(request.path_params["dtid"])
    return ok({"versions": list(range(1, device_type.version + 1))})


ROUTES = [
    Route("/devicetypes", list_device_types, methods=["GET"]),
    Route("/devicetypes/{dtid}", get_device_type, methods=["GET"]),
    Route(
        "/devicetypes/{dtid}/manifests/latest/properties",
        get_latest_manifest,
        methods=["GET"],
    ),
    Route(
        "/devicetypes/{dtid}/availablemanifestversions",
        get_manifest_versions,
        methods=["GET"],
    ),
]
