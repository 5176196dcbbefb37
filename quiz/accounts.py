"""Accounts: registration, sign-in checks and API tokens. No HTTP here."""
from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass
from functools import lru_cache

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import bindparam, func, select

from .extensions import autocommit_connection, db
from .i18n import N_
from .models import ROLES, User

USERNAME = re.compile(r"^[\w.-]{3,32}$")
MIN_PASSWORD = 8


class AccountError(ValueError):
    pass


class UsernameTaken(AccountError):
    pass


def validate_credentials(username: object, password: object) -> tuple[str, str]:
    if not isinstance(username, str) or not USERNAME.match(username.strip()):
        raise AccountError(N_("username must be 3–32 letters, digits, '.', '-' or '_'"))
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise AccountError(N_("password must be at least 8 characters"))
    if len(password) > 256:
        raise AccountError(N_("password is too long"))
    return username.strip(), password


def find_user(username: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.username) == username.strip().lower()))


def register(username: object, password: object, role: str = "student") -> User:
    username, password = validate_credentials(username, password)
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    if find_user(username) is not None:
        raise UsernameTaken(N_("this username is taken"))
    user = User(username=username, role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


def authenticate(username: object, password: object) -> User | None:
    if not isinstance(username, str) or not isinstance(password, str):
        return None
    user = find_user(username)
    return user if user is not None and user.check_password(password) else None


@lru_cache(maxsize=4)  # one per secret key: every API request checks a token
def _serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt="kaodian-api-token")


@lru_cache(maxsize=8192)  # a hash's tag never changes, and every API request compares one
def _password_tag(password_hash: str) -> str:
    # Tokens die when the password changes: they carry a digest of the current hash.
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


def issue_token(user: User, secret_key: str) -> str:
    return _serializer(secret_key).dumps({"uid": user.id, "pw": _password_tag(user.password_hash)})


@dataclass(frozen=True)
class TokenClaims:
    """Who a well-signed, unexpired token says its bearer is. Good only while the account still has the
    password the token was issued under (`matches`): a password change ends every older token."""

    user_id: int
    password_tag: str

    def matches(self, password_hash: str | None) -> bool:
        """Whether an account with this password hash (None: no such account) still accepts the token."""
        return password_hash is not None and _password_tag(password_hash) == self.password_tag


# Built once, on the table: nearly every API request runs it (an answer save reads the hash with its item).
_PASSWORD_HASH = select(User.__table__.c.password_hash).where(User.__table__.c.id == bindparam("user_id"))


@lru_cache(maxsize=8192)
def _signed_claims(token: str, secret_key: str) -> tuple[TokenClaims, float] | None:
    """A token's claims and when it was signed, if its signature is good. Whether a signature is good never
    changes, and every API request presents a token: each is checked once per process, not on every request."""
    try:
        claims, signed_at = _serializer(secret_key).loads(token, return_timestamp=True)
    except BadSignature:
        return None
    if not isinstance(claims, dict) or not isinstance(claims.get("uid"), int) or \
            not isinstance(claims.get("pw"), str):
        return None
    return TokenClaims(claims["uid"], claims["pw"]), signed_at.timestamp()


def bearer_claims(authorization: str, secret_key: str, max_age: int) -> TokenClaims | None:
    """The claims of the token in an Authorization header ("Bearer <token>"), as token_claims."""
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token_claims(token.strip(), secret_key, max_age)


def token_claims(token: str, secret_key: str, max_age: int) -> TokenClaims | None:
    """The token's claims if it is well signed and not expired; not yet checked against the account (no read)."""
    signed = _signed_claims(token, secret_key)
    if signed is None or time.time() - signed[1] > max_age:
        return None
    return signed[0]


def account_accepts(claims: TokenClaims) -> bool:
    """Whether the account still accepts the token: one small read (the password hash alone), outside any
    transaction. Saving an exam answer makes this check in its own read instead (sessions.save_answer)."""
    return claims.matches(autocommit_connection().scalar(_PASSWORD_HASH, {"user_id": claims.user_id}))
