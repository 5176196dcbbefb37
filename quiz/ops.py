"""Operations: the health check a load balancer polls, and one structured (JSON) log line per request."""
from __future__ import annotations

import json
import logging
import os
import re
import sys
import threading
import time

from flask import Blueprint, Flask, current_app, g, jsonify, request
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

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


@bp.before_app_request
def refuse_nul_characters():
    """No text we store may hold a NUL character (PostgreSQL refuses them): a clear 400, not a database error.
    Looks at the raw query string and body, so that a request whose view reads neither parses neither."""
    query = request.query_string
    found = "\x00" in request.path or b"%00" in query or b"\x00" in query
    if not found and request.mimetype in _FORMS:
        found = any("\x00" in value for value in request.form.values())
    elif not found and request.content_length and \
            request.content_length <= (current_app.config["MAX_CONTENT_LENGTH"] or 0):
        found = _NUL.search(request.get_data()) is not None
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
    """The request log: one JSON line per request, written straight to its stream. Not through a Logger: the
    LogRecord and the handler around it cost more than the line itself, on every request (a tenth of a save)."""

    def __init__(self, stream):
        self.stream = stream
        self.lock = threading.Lock()  # one line at a time, from a worker's threads

    def write(self, fields: dict) -> None:
        line = json_line(time.time(), "INFO", "kaodian.requests", "request", fields) + "\n"
        with self.lock:
            self.stream.write(line)
            self.stream.flush()


def _signed_in_user_id() -> int | str | None:
    """Who made the request, as far as the request itself has found out: the API's token user, or the page's
    Flask-Login user once the view has loaded it. Logging never loads a user of its own."""
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
    request_log = RequestLog(sys.stderr)

    @app.before_request
    def start_timer():
        g.request_started = time.perf_counter()
        g.request_id = request.headers.get("X-Request-ID") or os.urandom(8).hex()

    @app.after_request
    def log_request(response):
        elapsed = (time.perf_counter() - g.get("request_started", time.perf_counter())) * 1000
        request_id = g.get("request_id", "")
        request_log.write({"request_id": request_id, "method": request.method, "path": request.path,
                           "status": response.status_code, "ms": round(elapsed, 1), "remote": request.remote_addr,
                           "user": _signed_in_user_id()})
        response.headers["X-Request-ID"] = request_id
        return response
