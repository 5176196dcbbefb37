"""Operations: the health check a load balancer polls, and one structured (JSON) log line per request."""
from __future__ import annotations

import json
import logging
import os
import re
import sys
import threading
import time

from flask import Blueprint, Flask, current_app, g, has_app_context, jsonify, request
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wsgi import get_path_info

from .errors import error_response
from .extensions import db

bp = Blueprint("ops", __name__)


@bp.get("/healthz")
def healthz():
    """200 when this instance can reach its database, 503 (with the reason) when it cannot."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:  # any failure to reach the database means: take this instance out
        db.session.rollback()
        return jsonify(status="error", database=type(exc).__name__), 503
    return jsonify(status="ok", database="ok")


# Every page is served by the app itself and carries no inline script or style: the policy can say so.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


class SecurityHeaders:
    """WSGI middleware: SECURITY_HEADERS on every response that does not set its own. Added to the header list
    as the response starts, which costs far less than werkzeug's header bookkeeping in an after_request hook."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app
        self.headers = [(name.lower(), (name, value)) for name, value in SECURITY_HEADERS.items()]

    def __call__(self, environ, start_response):
        def start(status, headers, exc_info=None):
            present = {name.lower() for name, _ in headers}
            headers.extend(header for lowered, header in self.headers if lowered not in present)
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, start)


_NUL = re.compile(rb"\x00|\\u0000", re.IGNORECASE)
_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def has_nul(body: bytes) -> bool:
    """Whether a request body holds a NUL character, raw or as a JSON escape."""
    return _NUL.search(body) is not None


@bp.before_app_request
def refuse_nul_characters():
    """No text we store may hold a NUL character (PostgreSQL refuses them): a clear 400, not a database error.
    Looks at the raw query string and body, so that a request whose view reads neither parses neither."""
    environ = request.environ  # the raw values, read once: this runs before every request
    query = environ.get("QUERY_STRING", "")
    found = "\x00" in environ.get("PATH_INFO", "") or "%00" in query or "\x00" in query
    if not found and environ.get("CONTENT_TYPE", "").lower().startswith(_FORMS):
        found = any("\x00" in value for value in request.form.values())
    elif not found:
        length = request.content_length
        if length and length <= (current_app.config["MAX_CONTENT_LENGTH"] or 0):
            found = has_nul(request.get_data())
    if found:
        return error_response(400, "text must not contain NUL characters")
    return None


def json_line(when: float, level: str, logger: str, message: str, fields: dict) -> str:
    """One log line: when (a time.time()), how grave, from where, what, and the fields of the event."""
    entry = {"ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(when)), "level": level, "logger": logger,
             "message": message}
    entry.update(fields)
    return json.dumps(entry, ensure_ascii=False)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        fields = dict(getattr(record, "fields", {}))
        if record.exc_info:
            fields["exception"] = self.formatException(record.exc_info)
        return json_line(record.created, record.levelname, record.name, record.getMessage(), fields)


class RequestLog:
    """WSGI middleware: one JSON line per request, written straight to its stream as the response starts, and the
    request's id (the caller's X-Request-ID, or a new one) on the response. Around the app, from the WSGI environ,
    rather than in before/after_request hooks, and not through a Logger: Flask's request and header objects and a
    LogRecord with its handler cost more than the line itself, on every request (a sixth of an answer save)."""

    def __init__(self, wsgi_app, stream):
        self.wsgi_app, self.stream = wsgi_app, stream
        self.lock = threading.Lock()  # one line at a time, from a worker's threads

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        request_id = environ.get("HTTP_X_REQUEST_ID") or os.urandom(8).hex()

        def start(status, headers, exc_info=None):
            headers.append(("X-Request-ID", request_id))
            self.write({"request_id": request_id, "method": environ.get("REQUEST_METHOD"),
                        "path": "/" + get_path_info(environ).lstrip("/"), "status": int(status[:3]),
                        "ms": round((time.perf_counter() - started) * 1000, 1), "remote": environ.get("REMOTE_ADDR"),
                        "user": _signed_in_user_id()})
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, start)

    def write(self, fields: dict) -> None:
        line = json_line(time.time(), "INFO", "kaodian.requests", "request", fields) + "\n"
        with self.lock:
            self.stream.write(line)
            self.stream.flush()


def _signed_in_user_id() -> int | str | None:
    """Who made the request, as far as the request itself has found out: the API's token user, or the page's
    Flask-Login user once the view has loaded it. Logging never loads a user of its own. (Flask starts the
    response inside the request's app context; anything else has no user to tell.)"""
    if not has_app_context():
        return None
    if "api_user_id" in g:
        return g.api_user_id
    if "api_claims" in g:  # the user a token names, where the view checks it itself (a 401 says it failed)
        return g.api_claims.user_id
    user = g.get("_login_user")  # where Flask-Login keeps the user it loaded for this request
    return user.get_id() if user is not None and user.is_authenticated else None


def configure_logging(app: Flask) -> None:
    """JSON lines on stderr when LOG_FORMAT=json (the production default), for log collectors to parse."""
    if app.config["LOG_FORMAT"] != "json":
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    app.logger.handlers[:] = [handler]
    app.logger.setLevel(logging.INFO)
    app.logger.propagate = False
    app.wsgi_app = RequestLog(app.wsgi_app, sys.stderr)
