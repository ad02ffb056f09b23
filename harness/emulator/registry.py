"""Users, tokens, device types and devices: kept in SQLite, served from memory.

Every lookup on the ingest path (a token, a device, its manifest) reads these
in-memory maps; every change is committed through the store first, and the maps are
updated only once the commit has succeeded.
"""

import hashlib
import logging
import sqlite3
from dataclasses import replace
from typing import Any

import orjson

from harness.emulator.clock import Clock
from harness.emulator.errors import bad_request, not_found
from harness.emulator.ids import new_device_type_id, new_id, new_token
from harness.emulator.manifests import load_built_in, parse_manifest
from harness.emulator.records import (
    DEVICE_TOKEN,
    USER_TOKEN,
    Device,
    DeviceType,
    Token,
    User,
)
from harness.emulator.store import Store

logger = logging.getLogger(__name__)

DEFAULT_USER_NAME = "emulator"
MANIFEST_POLICIES = ("LATEST", "DEVICE")
WIPED_ON_RESET = (
    "messages",
    "snapshots",
    "devices",
    "device_types",
    "rules",
    "rule_indexes",
    "rule_executions",
    "outbox",
    "ml_models",
)


class Registry:
    """The emulator's accounts and things, cached in memory in front of the store."""

    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock
        self.users: dict[str, User] = {}
        self.tokens: dict[str, Token] = {}
        self.device_types: dict[str, DeviceType] = {}
        self.devices: dict[str, Device] = {}
        self.default_user: User | None = None
        self.default_token: Token | None = None

    def load(self, user_token: str | None) -> None:
        """Read what the store holds; make the first user, its token, built-in types."""
        self._store.write_now(lambda conn: self._bootstrap(conn, user_token))
        self._store.read(self._load_all)
        if user_token is not None:
            self.default_token = self.tokens[user_token]
        logger.info(
            "registry: %d users, %d device types, %d devices",
            len(self.users),
            len(self.device_types),
            len(self.devices),
        )

    def _bootstrap(self, conn: sqlite3.Connection, user_token: str | None) -> None:
        now = self._clock.now_ms()
        row = conn.execute("SELECT id FROM users ORDER BY rowid LIMIT 1").fetchone()
        if row is None:
            uid = new_id()
            conn.execute(
                "INSERT INTO users VALUES (?, ?, ?, ?, ?, ?)",
                (
                    uid,
                    DEFAULT_USER_NAME,
                    "emulator@localhost",
                    "Emulator User",
                    now,
                    now,
                ),
            )
        else:
            uid = row[0]

        if user_token is not None:
            existing = conn.execute(
                "SELECT kind, uid, revoked_on FROM tokens WHERE token = ?",
                (user_token,),
            ).fetchone()
            if existing is None:
                conn.execute(
                    "INSERT INTO tokens VALUES (?, ?, ?, NULL, ?, NULL)",
                    (user_token, USER_TOKEN, uid, now),
                )
            elif existing[:2] != (USER_TOKEN, uid) or existing[2] is not None:
                raise bad_request(
                    "the given user token already belongs to another user or device, "
                    "or was revoked; choose another --user-token"
                )
        elif (
            conn.execute(
                "SELECT 1 FROM tokens "
                "WHERE uid = ? AND kind = ? AND revoked_on IS NULL",
                (uid, USER_TOKEN),
            ).fetchone()
            is None
        ):
            conn.execute(
                "INSERT INTO tokens VALUES (?, ?, ?, NULL, ?, NULL)",
                (new_token(), USER_TOKEN, uid, now),
            )

        for document in load_built_in():
            dtid = (
                "dt" + hashlib.sha256(document["uniqueName"].encode()).hexdigest()[:32]
            )
            conn.execute(
                "INSERT OR IGNORE INTO device_types "
                "VALUES (?, ?, ?, ?, NULL, ?, 1, ?, ?)",
                (
                    dtid,
                    document["uniqueName"],
                    document["name"],
                    document["description"],
                    orjson.dumps(document["manifest"]).decode(),
                    now,
                    now,
                ),
            )

    def _load_all(self, conn: sqlite3.Connection) -> None:
        self.users = {
            row[0]: User(*row)
            for row in conn.execute("SELECT * FROM users ORDER BY rowid")
        }
        self.tokens = {
            row[0]: Token(*row)
            for row in conn.execute("SELECT * FROM tokens ORDER BY rowid")
        }
        self.device_types = {}
        for row in conn.execute("SELECT * FROM device_types ORDER BY rowid"):
            manifest = parse_manifest(orjson.loads(row[5]))
            self.device_types[row[0]] = DeviceType(
                id=row[0],
                unique_name=row[1],
                name=row[2],
                description=row[3],
                uid=row[4],
                manifest=manifest,
                version=row[6],
                created_on=row[7],
                modified_on=row[8],
            )
        self.devices = {
            row[0]: Device(
                id=row[0],
                uid=row[1],
                dtid=row[2],
                name=row[3],
                manifest_version=row[4],
                manifest_version_policy=row[5],
                properties=orjson.loads(row[6]),
                created_on=row[7],
                modified_on=row[8],
            )
            for row in conn.execute("SELECT * FROM devices ORDER BY rowid")
        }

        self.default_user = next(iter(self.users.values()))
        self.default_token = next(
            t
            for t in reversed(list(self.tokens.values()))
            if t.uid == self.default_user.id
            and t.kind == USER_TOKEN
            and t.revoked_on is None
        )

    async def reset(self) -> None:
        """Forget every device, device type, user and token but the start-up user's."""
        assert self.default_user is not None and self.default_token is not None
        uid = self.default_user.id
        token = self.default_token.token

        def wipe(conn: sqlite3.Connection) -> None:
            for table in WIPED_ON_RESET:
                conn.execute(f"DELETE FROM {table}")
            conn.execute("DELETE FROM users WHERE id != ?", (uid,))
            conn.execute("DELETE FROM tokens WHERE token != ?", (token,))
            self._bootstrap(conn, token)

        await self._store.write(wipe)
        self._store.read(self._load_all)
        self.default_token = self.tokens[token]

    # Users and their tokens.

    async def create_user(self, name: str, email: str, full_name: str) -> User:
        now = self._clock.now_ms()
        user = User(new_id(), name, email, full_name, now, now)

        def insert(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO users VALUES (?, ?, ?, ?, ?, ?)",
                (user.id, name, email, full_name, now, now),
            )

        await self._store.write(insert)
        self.users[user.id] = user
        return user

    async def create_user_token(self, uid: str, token: str | None = None) -> Token:
        if token is not None and token in self.tokens:
            raise bad_request(f"token {token!r} is taken; choose another or omit it")
        return await self._insert_token(
            Token(token or new_token(), USER_TOKEN, uid, None, self._clock.now_ms())
        )

    async def _insert_token(self, token: Token) -> Token:
        def insert(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO tokens VALUES (?, ?, ?, ?, ?, NULL)",
                (token.token, token.kind, token.uid, token.did, token.created_on),
            )

        await self._store.write(insert)
        self.tokens[token.token] = token
        return token

    # Device types.

    def find_device_type(self, dtid: str) -> DeviceType:
        device_type = self.device_types.get(dtid)
        if device_type is None:
            raise not_found(f"device type {dtid!r} does not exist")
        return device_type

    async def create_device_type(
        self,
        name: str,
        unique_name: str,
        description: str,
        manifest_document: Any,
        uid: str | None,
    ) -> DeviceType:
        manifest = parse_manifest(manifest_document)
        if any(dt.unique_name == unique_name for dt in self.device_types.values()):
            raise bad_request(
                f"a device type with uniqueName {unique_name!r} exists; choose another"
            )

        now = self._clock.now_ms()
        device_type = DeviceType(
            new_device_type_id(),
            unique_name,
            name,
            description,
            uid,
            manifest,
            1,
            now,
            now,
        )

        def insert(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO device_types VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)",
                (
                    device_type.id,
                    unique_name,
                    name,
                    description,
                    uid,
                    orjson.dumps(manifest_document).decode(),
                    now,
                    now,
                ),
            )

        await self._store.write(insert)
        self.device_types[device_type.id] = device_type
        return device_type

    # Devices and their tokens.

    def find_device(self, did: str) -> Device:
        device = self.devices.get(did)
        if device is None:
            raise not_found(f"device {did!r} does not exist")
        return device

    async def create_device(
        self, uid: str, dtid: str, name: str, properties: dict[str, Any], policy: str
    ) -> Device:
        now = self._clock.now_ms()
        device = Device(new_id(), uid, dtid, name, 1, policy, properties, now, now)

        def insert(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO devices VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    device.id,
                    uid,
                    dtid,
                    name,
                    device.manifest_version,
                    policy,
                    orjson.dumps(properties).decode(),
                    now,
                    now,
                ),
            )

        await self._store.write(insert)
        self.devices[device.id] = device
        return device

    async def update_device(self, device: Device, **changes: Any) -> Device:
        updated = replace(device, modified_on=self._clock.now_ms(), **changes)

        def update(conn: sqlite3.Connection) -> None:
            conn.execute(
                "UPDATE devices SET name = ?, properties = ?, "
                "manifest_version_policy = ?, modified_on = ? WHERE id = ?",
                (
                    updated.name,
                    orjson.dumps(updated.properties).decode(),
                    updated.manifest_version_policy,
                    updated.modified_on,
                    device.id,
                ),
            )

        await self._store.write(update)
        self.devices[device.id] = updated
        return updated

    async def delete_device(self, device: Device) -> None:
        now = self._clock.now_ms()

        def delete(conn: sqlite3.Connection) -> None:
            conn.execute("DELETE FROM devices WHERE id = ?", (device.id,))
            conn.execute(
                "UPDATE tokens SET revoked_on = ? WHERE did = ? AND revoked_on IS NULL",
                (now, device.id),
            )

        await self._store.write(delete)
        del self.devices[device.id]
        for token in list(self.tokens.values()):
            if token.did == device.id and token.revoked_on is None:
                self.tokens[token.token] = replace(token, revoked_on=now)

    def device_token(self, did: str) -> Token | None:
        """The device's live token, if it has one."""
        return next(
            (
                t
                for t in self.tokens.values()
                if t.did == did and t.kind == DEVICE_TOKEN and t.revoked_on is None
            ),
            None,
        )

    async def replace_device_token(self, device: Device) -> Token:
        old = self.device_token(device.id)
        if old is not None:
            await self.revoke_device_token(device, old)
        return await self._insert_token(
            Token(
                new_token(), DEVICE_TOKEN, device.uid, device.id, self._clock.now_ms()
            )
        )

    async def revoke_device_token(self, device: Device, token: Token) -> Token:
        revoked = replace(token, revoked_on=self._clock.now_ms())

        def revoke(conn: sqlite3.Connection) -> None:
            conn.execute(
                "UPDATE tokens SET revoked_on = ? WHERE token = ?",
                (revoked.revoked_on, token.token),
            )

        await self._store.write(revoke)
        self.tokens[token.token] = revoked
        return revoked
