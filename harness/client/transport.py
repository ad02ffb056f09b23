"""One HTTP exchange with the API: headers, timeouts, safe retries, typed errors."""

import json
import logging
import re
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlencode

import requests

from harness.client.config import ClientConfig
from harness.client.errors import (
    ClientConfigError,
    InvalidResponse,
    RateLimited,
    TransportError,
    error_class,
)

logger = logging.getLogger(__name__)

RATE_LIMIT_WAIT_WITHOUT_RESET = 1.0
RATE_LIMIT_MIN_WAIT = 0.05
_OBJECT_REPR = re.compile(r"<[^>]* object at 0x[0-9a-f]+>: ")


def path(*segments: str) -> str:
    """A path under the API root from raw segments, each one quoted."""
    return "".join("/" + quote(str(segment), safe="") for segment in segments)


def query_string(params: Mapping[str, Any] | None) -> str:
    """The query string for `params`: `None` dropped, lists joined by commas."""
    if not params:
        return ""

    pairs = []
    for name, value in params.items():
        if value is None:
            continue

        if isinstance(value, bool):
            value = "true" if value else "false"
        elif isinstance(value, list | tuple):
            value = ",".join(str(item) for item in value)

        pairs.append((name, str(value)))

    return urlencode(pairs, safe=",")


class Transport:
    """Sends requests under one API root, with a token and a `ClientConfig`."""

    def __init__(
        self,
        root_url: str,
        token: str | None = None,
        config: ClientConfig | None = None,
        session: requests.Session | None = None,
    ) -> None:
        if not root_url.startswith(("http://", "https://")):
            raise ClientConfigError(
                f"URL {root_url!r} is not an HTTP URL; "
                "give one like 'http://127.0.0.1:8080/v1.1'"
            )

        self.root_url = root_url.rstrip("/")
        self.config = config or ClientConfig()
        self._session = session or requests.Session()
        self._owns_session = session is None
        self._headers = {
            "Content-Type": "application/json",
            "Accept": "application/json",
            "User-Agent": self.config.user_agent,
        }
        if token is not None:
            self._headers["Authorization"] = f"Bearer {token}"

    def close(self) -> None:
        """Close the connection pool, unless the session was lent by the caller."""
        if self._owns_session:
            self._session.close()

    def get(self, route: str, params: Mapping[str, Any] | None = None) -> Any:
        """GET a route; retried on connection errors, 5xx and 429."""
        return self.request("GET", route, params=params)

    def post(
        self, route: str, body: Any = None, params: Mapping[str, Any] | None = None
    ) -> Any:
        """POST a JSON body; retried only on 429, which means nothing was done."""
        return self.request("POST", route, params=params, body=body)

    def put(self, route: str, body: Any = None) -> Any:
        """PUT a JSON body; retried only on 429."""
        return self.request("PUT", route, body=body)

    def delete(self, route: str) -> Any:
        """DELETE a route; retried only on 429."""
        return self.request("DELETE", route)

    def request(
        self,
        method: str,
        route: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
    ) -> Any:
        """Send one call and return its parsed JSON answer (`None` if empty)."""
        url = self.root_url + route
        query = query_string(params)
        if query:
            url = f"{url}?{query}"

        payload = None if body is None else json.dumps(body)
        failures = 0
        waited = 0.0

        while True:
            try:
                response = self._send(method, url, payload)
            except TransportError as error:
                if not self._may_retry(method, failures, error):
                    raise

                failures += 1
                self._back_off(failures)
                continue

            if response.status_code == 429:
                wait = self._rate_limit_wait(response, waited)
                if wait is None:
                    raise self._rate_limited(method, url, response)

                time.sleep(wait)
                waited += wait
                continue

            if response.status_code >= 500 and self._may_retry(method, failures):
                failures += 1
                self._back_off(failures)
                continue

            return self._result(method, url, response)

    def _send(self, method: str, url: str, payload: str | None) -> requests.Response:
        started = time.perf_counter()
        try:
            response = self._session.request(
                method,
                url,
                data=payload,
                headers=self._headers,
                timeout=self.config.timeout,
            )
        except requests.RequestException as exc:
            elapsed_ms = (time.perf_counter() - started) * 1000
            logger.debug(
                "%s %s -> no answer in %.1f ms (%s)",
                method,
                url,
                elapsed_ms,
                type(exc).__name__,
            )
            raise self._transport_error(method, url, exc) from exc

        elapsed_ms = (time.perf_counter() - started) * 1000
        logger.debug(
            "%s %s -> %d in %.1f ms", method, url, response.status_code, elapsed_ms
        )
        return response

    def _transport_error(
        self, method: str, url: str, exc: requests.RequestException
    ) -> TransportError:
        connect, read = self.config.timeout

        if isinstance(exc, requests.ConnectTimeout):
            reason = (
                f"no connection within {connect} s; is the server at "
                f"{self.root_url} up and reachable?"
            )
            return TransportError(method, url, reason)

        if isinstance(exc, requests.ReadTimeout):
            reason = (
                f"no answer within the read timeout of {read} s; the server may "
                "still act on the request; raise ClientConfig.timeout if it is "
                "just slow"
            )
            return TransportError(method, url, reason, timed_out=True)

        detail = _OBJECT_REPR.sub("", str(_innermost_reason(exc)))
        reason = (
            f"could not connect, or the connection broke ({detail}); is the server "
            f"at {self.root_url} up?"
        )
        return TransportError(method, url, reason)

    def _may_retry(
        self, method: str, failures: int, error: TransportError | None = None
    ) -> bool:
        if method != "GET" or failures >= self.config.get_retries:
            return False

        # A read timeout is safe to retry for a GET, but doing so would multiply
        # an already long wait; the caller raises the timeout instead.
        return error is None or not error.timed_out

    def _back_off(self, failures: int) -> None:
        time.sleep(self.config.retry_backoff * 2 ** (failures - 1))

    def _rate_limit_wait(
        self, response: requests.Response, waited: float
    ) -> float | None:
        reset = _rate_limit_reset(response)
        if reset is None:
            wait = RATE_LIMIT_WAIT_WITHOUT_RESET
        else:
            wait = max(reset - time.time(), RATE_LIMIT_MIN_WAIT)

        if waited + wait > self.config.max_rate_limit_wait:
            return None

        return wait

    def _rate_limited(
        self, method: str, url: str, response: requests.Response
    ) -> RateLimited:
        body, message = _error_details(response)
        reset = _rate_limit_reset(response)
        return RateLimited(method, url, 429, message, body, reset=reset)

    def _result(self, method: str, url: str, response: requests.Response) -> Any:
        if response.status_code >= 400:
            body, message = _error_details(response)
            cls = error_class(response.status_code)
            raise cls(method, url, response.status_code, message, body)

        if not response.content:
            return None

        try:
            return response.json()
        except ValueError:
            problem = (
                f"with a body that is not JSON: {response.text[:200]!r}; "
                "check that the API URL ends in /v1.1"
            )
            raise InvalidResponse(
                method, url, response.status_code, problem, response.text
            ) from None


def _rate_limit_reset(response: requests.Response) -> float | None:
    try:
        return float(response.headers["X-Rate-Limit-Reset"])
    except (KeyError, ValueError):
        return None


def _error_details(response: requests.Response) -> tuple[Any, str]:
    """The error body (JSON if it is JSON) and the server's message in it."""
    try:
        body = response.json()
    except ValueError:
        text = response.text.strip()
        return response.text, (text[:200] or response.reason or "no message")

    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict) and error.get("message"):
        return body, str(error["message"])

    return body, json.dumps(body)[:200]


def _innermost_reason(exc: BaseException) -> object:
    """The deepest `reason` urllib3 recorded, else the exception itself."""
    reason: object = exc
    if exc.args:
        reason = getattr(exc.args[0], "reason", exc.args[0])

    return reason


def unwrap(body: Any) -> Any:
    """The `data` of a `{"data": ...}` answer; any other answer as it is."""
    if isinstance(body, dict) and "data" in body:
        return body["data"]

    return body
