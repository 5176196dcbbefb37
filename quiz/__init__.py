"""Kaodian (考点): exam practice for the customer-service curriculum. App factory."""
from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, current_app, request
from flask_babel import get_locale
from sqlalchemy import event, select
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from . import config as config_module
from .clock import LOCAL_TZ
from .extensions import babel, csrf, db, limiter, login_manager, migrate, release_autocommit_connection
from .i18n import session_title, type_labels
from .responses import field_name

PROJECT_DIR = config_module.PROJECT_DIR


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=os.environ.get("INSTANCE_PATH") or str(PROJECT_DIR / "instance"),
        template_folder=str(PROJECT_DIR / "templates"),
        static_folder=str(PROJECT_DIR / "static"),
    )
    # Ids in URLs fit a database integer: a larger number is simply not found (never a database error).
    app.url_map.converters["int"] = BoundedInt
    app.config.from_object(config_module.Config)
    if test_config:
        app.config.update(test_config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    config_module.finalize(app.config, app.instance_path)

    db.init_app(app)
    app.teardown_appcontext(release_autocommit_connection)
    # Batch mode: SQLite cannot ALTER most things in place; Alembic copies the table instead.
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=str(Path(__file__).parent / "translations"))
    login_manager.login_view = "auth.login"

    from . import auth, errors, exam, main, ops, practice, review, sessions, trainer
    from .api import api_bp
    from .api.shortcut import ExamSaveShortcut
    from .cli import register_cli

    app.session_interface = auth.PageSessions()
    app.extensions["kaodian_open_papers"] = sessions.OpenPapers()

    app.register_blueprint(auth.bp)
    app.register_blueprint(main.bp)
    app.register_blueprint(practice.bp)
    app.register_blueprint(exam.bp)
    app.register_blueprint(trainer.bp)
    app.register_blueprint(review.bp)
    app.register_blueprint(ops.bp)
    app.wsgi_app = ExamSaveShortcut(app, app.wsgi_app)
    ops.configure_logging(app)
    app.wsgi_app = ops.SecurityHeaders(app.wsgi_app)
    if app.config["TRUSTED_PROXIES"]:
        n = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)
    app.register_blueprint(api_bp)
    csrf.exempt(api_bp)  # the API authenticates by bearer token only, never by cookie
    errors.register(app)
    app.jinja_env.globals.update(field_name=field_name, get_locale=get_locale, type_labels=type_labels(),
                                 session_title=session_title, local_tz=LOCAL_TZ)
    register_cli(app)

    if app.config["AUTO_INIT_DB"]:
        with app.app_context():
            initialise_database(app)
    return app


class BoundedInt(IntegerConverter):
    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(url_map, *args, **kwargs)


def select_locale() -> str:
    chosen = request.cookies.get("lang")
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    # WAL lets readers and the writer work at once; a busy timeout instead of "database is locked".
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # In WAL mode NORMAL is crash-safe for the application; only an OS crash may lose the last commits.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def initialise_database(app: Flask) -> None:
    """Start-up: bring the schema up to date (migrations), and on first start fill it from the bundled bank."""
    from flask_migrate import upgrade

    from .bank import load_bank
    from .bank.sync import sync_bank
    from .models import Topic

    upgrade()
    if db.session.scalar(select(Topic.id).limit(1)) is not None:
        return
    bank = load_bank(app.config["BANK_DIR"])
    if not bank.ok:
        problems = "\n".join(map(str, bank.problems[:20]))
        raise RuntimeError(f"The question bank has problems; run `flask bank check`:\n{problems}")
    report = sync_bank(bank)
    app.logger.info("Loaded the question bank: %s", report)

