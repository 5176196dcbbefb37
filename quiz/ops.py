"""Operations: the health check a load balancer polls, and one structured (JSON) log line per request."""
from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid

from flask import Blueprint, Flask, current_app, g, jsonify, request
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from .errors import error_response
from .extensions import db, limiter

bp = Blueprint("ops", __name__)
request_log = logging.getLogger("kaodian.requests")


@bp.get("/healthz")
@limiter.exempt
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


@bp.after_app_request
def security_headers(response):
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


_NUL = re.compile(rb"\x00|\\u0000", re.IGNORECASE)


@bp.before_app_request
def refuse_nul_characters():
    """No text we store may hold a NUL character (PostgreSQL refuses them): a clear 400, not a database error."""
    texts = [request.path, *request.args.values()]
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        texts += request.form.values()
    elif request.content_length and request.content_length <= (current_app.config["MAX_CONTENT_LENGTH"] or 0) \
            and _NUL.search(request.get_data()):
        texts.append("\x00")
    if any("\x00" in text for text in texts):
        return error_response(400, "text must not contain NUL characters")
    return None


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {"ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"), "level": record.levelname,
                 "logger": record.name, "message": record.getMessage()}
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(app: Flask) -> None:
    """JSON lines on stderr when LOG_FORMAT=json (the production default), for log collectors to parse."""
    if app.config["LOG_FORMAT"] != "json":
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    for logger in (app.logger, request_log):
        logger.handlers[:] = [handler]
        logger.setLevel(logging.INFO)
        logger.propagate = False

    @app.before_request
    def start_timer():
        g.request_started = time.perf_counter()
        g.request_id = request.headers.get("X-Request-ID") or uuid.uuid4().hex[:16]

    @app.after_request
    def log_request(response):
        elapsed = (time.perf_counter() - g.get("request_started", time.perf_counter())) * 1000
        request_log.info("request", extra={"fields": {
            "request_id": g.get("request_id"), "method": request.method, "path": request.path,
            "status": response.status_code, "ms": round(elapsed, 1), "remote": request.remote_addr,
            "user": current_user.get_id() if current_user and current_user.is_authenticated else None}})
        response.headers["X-Request-ID"] = g.get("request_id", "")
        return response
