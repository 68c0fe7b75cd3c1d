"""Users of the server: names and scrypt password hashes in a text file, one user a line.

    NAME:scrypt:N:r:p:SALT_HEX:HASH_HEX

The file is the operator's (kept out of the repository) and written by `rag users add`; only hashes are
stored, and checks take the same time whether or not the name exists.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import secrets
from pathlib import Path

_N, _R, _P = 2**14, 8, 1
_NAME = re.compile(r"[A-Za-z0-9_.@-]{1,64}")


class UsersError(ValueError):
    """A users file or a user name that cannot be used."""


def _hash(password: str, salt: bytes, n: int = _N, r: int = _R, p: int = _P) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024, dklen=32)


class Users:
    """The users of one file; `check` verifies a name and password."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._records: dict[str, tuple[int, int, int, bytes, bytes]] = {}
        if not self.path.is_file():
            raise UsersError(f"no users file at {self.path}; create it with `rag users add NAME --users-file {self.path}`")
        for number, line in enumerate(self.path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            try:
                name, kind, n, r, p, salt, digest = line.strip().split(":")
                if kind != "scrypt":
                    raise ValueError(kind)
                self._records[name] = (int(n), int(r), int(p), bytes.fromhex(salt), bytes.fromhex(digest))
            except ValueError:
                raise UsersError(f"{self.path}, line {number}: not NAME:scrypt:N:r:p:SALT:HASH; "
                                 "rewrite it with `rag users add`") from None
        if not self._records:
            raise UsersError(f"{self.path} names no user; add one with `rag users add NAME --users-file {self.path}`")
        self._dummy = (_N, _R, _P, b"\0" * 16, b"\0" * 32)

    def __len__(self) -> int:
        return len(self._records)

    def check(self, name: str, password: str) -> bool:
        """True when `password` is `name`'s."""
        n, r, p, salt, digest = self._records.get(name, self._dummy)
        ok = hmac.compare_digest(_hash(password or "", salt, n, r, p), digest)
        return ok and name in self._records

    def check_header(self, authorization: str) -> str | None:
        """The user an `Authorization` header names with the right password, or None. Accepted:
        `Basic base64(name:password)` and `Bearer name:password` (what OpenAI clients send as the key)."""
        scheme, _, value = (authorization or "").partition(" ")
        value = value.strip()
        if scheme.lower() == "basic":
            try:
                value = base64.b64decode(value, validate=True).decode("utf-8")
            except (ValueError, UnicodeDecodeError):
                return None
        elif scheme.lower() != "bearer":
            return None
        name, sep, password = value.partition(":")
        return name if sep and self.check(name, password) else None


def add_user(path: str | Path, name: str, password: str) -> bool:
    """Add `name` to the users file at `path` (created owner-only), or change their password; True
    when the user is new."""
    if not _NAME.fullmatch(name):
        raise UsersError(f"user name {name!r}: use 1-64 letters, digits and _ . @ -")
    if len(password) < 8:
        raise UsersError("the password must have at least 8 characters")
    path = Path(path)
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    kept = [line for line in lines if line.split(":", 1)[0] != name]
    salt = secrets.token_bytes(16)
    kept.append(f"{name}:scrypt:{_N}:{_R}:{_P}:{salt.hex()}:{_hash(password, salt).hex()}")
    _write(path, kept)
    return len(kept) > len(lines)


def remove_user(path: str | Path, name: str) -> bool:
    """Remove `name` from the users file; True when they were in it."""
    path = Path(path)
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    kept = [line for line in lines if line.split(":", 1)[0] != name]
    if len(kept) == len(lines):
        return False
    _write(path, kept)
    return True


def _write(path: Path, lines: list[str]) -> None:
    """`lines` as the users file at `path`, readable by its owner only, replaced atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(3)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write("".join(line + "\n" for line in lines))
    os.replace(tmp, path)
