"""Configuration from the environment (12-factor)."""
import os
import secrets
from pathlib import Path

from sqlalchemy.engine import make_url

from .extensions import AUTOCOMMIT

PROJECT_DIR = Path(__file__).resolve().parent.parent


class Config:
    ENV_NAME = os.environ.get("KAODIAN_ENV", "development")
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")
    BANK_DIR = os.environ.get("BANK_DIR", str(PROJECT_DIR / "question_bank"))
    # At start-up, migrate the schema and load the bundled bank into an empty database. In production the
    # deploy runs `flask db upgrade` once instead, so that several workers never migrate at the same time.
    AUTO_INIT_DB = os.environ.get("AUTO_INIT_DB", "0" if ENV_NAME == "production" else "1") == "1"
    RATELIMIT_STORAGE_URI = os.environ.get("REDIS_URL", "memory://")
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute")
    API_TOKEN_MAX_AGE = int(os.environ.get("API_TOKEN_MAX_AGE", str(30 * 24 * 3600)))
    BABEL_DEFAULT_LOCALE = "zh"
    LANGUAGES = ("zh", "en")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    WTF_CSRF_TIME_LIMIT = None  # a long exam must not expire its own form token
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "json" if ENV_NAME == "production" else "text")
    # Behind a load balancer: how many proxies set X-Forwarded-For/-Proto (rate limits key on the client).
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))


def finalize(config: dict, instance_path: str) -> None:
    """Fill values that depend on the instance folder and refuse unsafe production settings."""
    if not config.get("SQLALCHEMY_DATABASE_URI"):
        config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{Path(instance_path) / 'kaodian.db'}"
    url = make_url(config["SQLALCHEMY_DATABASE_URI"])
    if not (url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")):
        # The same database through a second pool whose connections autocommit (extensions.autocommit_engine).
        # An in-memory SQLite database cannot have a second pool: it would be another, empty database.
        # Its connections never hold a transaction, so the pool need not roll one back on each return.
        config["SQLALCHEMY_BINDS"] = {**config.get("SQLALCHEMY_BINDS", {}), AUTOCOMMIT: {
            "url": url, "isolation_level": "AUTOCOMMIT", "pool_reset_on_return": None}}
    if not config.get("SECRET_KEY"):
        if config.get("ENV_NAME") == "production":
            raise RuntimeError("SECRET_KEY must be set in production (KAODIAN_ENV=production).")
        # Development only: a key kept in the instance folder so sessions survive restarts.
        key_file = Path(instance_path) / "secret_key"
        if not key_file.exists():
            key_file.write_text(secrets.token_hex(32))
        config["SECRET_KEY"] = key_file.read_text().strip()
    if config.get("ENV_NAME") == "production":
        config["SESSION_COOKIE_SECURE"] = True
        config["REMEMBER_COOKIE_SECURE"] = True
        config["PREFERRED_URL_SCHEME"] = "https"
