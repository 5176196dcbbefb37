"""One error shape: JSON {error} for the API and JSON clients, a page for browsers."""
from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from .auth import API_PREFIX
from .sessions import QuizError


def wants_json() -> bool:
    return request.path.startswith(API_PREFIX) or (
        request.accept_mimetypes.best == "application/json"
    )


def error_response(status: int, message: str):
    if wants_json():
        return jsonify(error=message), status
    return render_template("error.html", status=status, message=message), status


def register(app: Flask) -> None:
    @app.errorhandler(QuizError)
    def quiz_error(exc: QuizError):
        return error_response(exc.status, str(exc))

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):
        return error_response(400, _("The form expired or was sent from elsewhere. Reload the page and try again."))

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        body, status = error_response(exc.code or 500, exc.description or exc.name)
        # Keep what the exception says beyond its text (Retry-After on a 429, Allow on a 405).
        headers = [(name, value) for name, value in exc.get_headers() if name.lower() != "content-type"]
        return body, status, headers
