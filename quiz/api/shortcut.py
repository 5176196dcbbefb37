"""A shortcut for the busiest request of all: an exam answer saved through the API to a paper this process
remembers (sessions.save_to_remembered_paper, one guarded UPDATE).

A class of 200 answering a 100-item paper sends 20,000 such saves. For each, Flask's request machinery (request
context, hooks, extensions' teardown, the response object) costs as much CPU as the save itself: served here,
below Flask, a save takes about half the app's CPU (in-process, 390 → 180 µs; under load 0.3 ms less a save,
bench/load.py). The shortcut serves that one outcome only: the request is exactly a well-formed save (route,
method, bearer token, JSON body, no NUL character, no query string) and the database took the answer. Anything
else, and any doubt, goes to Flask untouched, whose view (api.views.save_answer) answers it with the same domain
function and reports every error. The app's before/after-request hooks do not run for the saves served here (the
route has no rate limit, and the API needs no CSRF token); the request log and security headers, WSGI middleware
around this one, do.
"""
from __future__ import annotations

import io
import json
from typing import Any

from flask import Flask, g, jsonify
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from .. import accounts, sessions
from ..clock import utcnow
from ..ops import has_nul

ENDPOINT = "api.save_answer"
MAX_BODY = 64 * 1024  # an answer; anything larger takes the ordinary way (and its limits)


class ExamSaveShortcut:
    """WSGI middleware around the Flask app (inside the request log and the security headers, which apply to
    its responses as to any other)."""

    def __init__(self, app: Flask, wsgi_app):
        self.app, self.wsgi_app = app, wsgi_app

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") == "PUT" and environ.get("PATH_INFO", "").startswith("/api/"):
            served = self._save(environ, start_response)
            if served is not None:
                return served
        return self.wsgi_app(environ, start_response)

    def _save(self, environ, start_response):
        """The response if the save was made here; None to hand the request to Flask (its body put back)."""
        request = _save_request(self.app, environ)
        if request is None:
            return None
        session_id, question_id, raw_response, claims = request
        with self.app.app_context():
            g.api_claims = claims  # who made the request, for the request log
            try:
                saved = sessions.save_to_remembered_paper(claims.user_id, session_id, question_id, raw_response,
                                                          utcnow(), claims)
            except SQLAlchemyError:
                saved = False  # the view tries again, and reports what fails
            if saved:
                # Started inside the app context, as Flask starts its responses (the log reads the user there).
                return jsonify(sessions.exam_saved())(environ, start_response)
        return None


def _save_request(app: Flask, environ: dict) -> tuple[int, str, Any, accounts.TokenClaims] | None:
    """(session id, question id, response, token claims) if the request is a well-formed answer save by the
    bearer of a good token; None otherwise. The body, once read, is put back for Flask."""
    try:  # routed as Flask routes it (its URL adapter: server name, subdomains)
        endpoint, args = app.create_url_adapter(app.request_class(environ)).match()
    except (HTTPException, RequestRedirect):
        return None
    if endpoint != ENDPOINT or environ.get("QUERY_STRING") or "\x00" in args["question_id"]:
        return None
    content_type = environ.get("CONTENT_TYPE", "").split(";", 1)[0].strip().lower()
    length = environ.get("CONTENT_LENGTH", "")
    if content_type != "application/json" or not length.isdigit() or not 0 < int(length) <= MAX_BODY:
        return None
    claims = accounts.bearer_claims(environ.get("HTTP_AUTHORIZATION", ""), app.config["SECRET_KEY"],
                                    app.config["API_TOKEN_MAX_AGE"])
    if claims is None:
        return None
    body = environ["wsgi.input"].read(int(length))
    environ["wsgi.input"] = io.BytesIO(body)
    if has_nul(body):
        return None
    try:
        payload = json.loads(body)
    except ValueError:
        return None
    if not isinstance(payload, dict) or "response" not in payload:
        return None
    return args["session_id"], args["question_id"], payload["response"], claims
