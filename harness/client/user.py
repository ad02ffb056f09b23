"""The client a user token opens: everything the token's user may do."""

import requests

from harness.client.actions import Actions
from harness.client.closing import PooledClient
from harness.client.config import ClientConfig
from harness.client.device import DeviceClient
from harness.client.devices import Devices
from harness.client.devicetypes import DeviceTypes
from harness.client.errors import NotFound
from harness.client.messages import Messages
from harness.client.models import Models
from harness.client.rules import Rules
from harness.client.tokens import DeviceTokens
from harness.client.transport import Transport
from harness.client.users import Users


class UserClient(PooledClient):
    """A user's view of the v1.1 API, grouped by resource (`client.devices`...)."""

    def __init__(
        self,
        api_url: str,
        token: str,
        config: ClientConfig | None = None,
        session: requests.Session | None = None,
    ) -> None:
        self.api_url = api_url.rstrip("/")
        self.config = config or ClientConfig()
        self._http = Transport(self.api_url, token, self.config, session)
        self._user_id: str | None = None

        self.users = Users(self._http)
        self.devices = Devices(self._http, self.user_id)
        self.tokens = DeviceTokens(self._http)
        self.device_types = DeviceTypes(self._http)
        self.messages = Messages(self._http)
        self.actions = Actions(self._http)
        self.rules = Rules(self._http, self.user_id)
        self.models = Models(self._http)

    def user_id(self) -> str:
        """The token's user's ID, read once from `/users/self`."""
        if self._user_id is None:
            self._user_id = str(self.users.get_self()["id"])

        return self._user_id

    def device_client(self, did: str) -> DeviceClient:
        """A client for one of the user's devices, with its token (made if none)."""
        try:
            token = self.tokens.get(did)
        except NotFound:
            token = self.tokens.replace(did)

        return DeviceClient(self.api_url, did, token["accessToken"], self.config)
