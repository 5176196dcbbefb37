"""Accounts: registration, sign-in checks and API tokens. No HTTP here."""
from __future__ import annotations

import hashlib
import re

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select

from .extensions import db
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


def _serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt="kaodian-api-token")


def _password_tag(user: User) -> str:
    # Tokens die when the password changes: they carry a digest of the current hash.
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def issue_token(user: User, secret_key: str) -> str:
    return _serializer(secret_key).dumps({"uid": user.id, "pw": _password_tag(user)})


def user_from_token(token: str, secret_key: str, max_age: int) -> User | None:
    try:
        data = _serializer(secret_key).loads(token, max_age=max_age)
    except (BadSignature, SignatureExpired):
        return None
    user = db.session.get(User, data.get("uid")) if isinstance(data, dict) else None
    if user is None or data.get("pw") != _password_tag(user):
        return None
    return user
