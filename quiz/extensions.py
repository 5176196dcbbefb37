"""Flask extensions, created unbound and attached in create_app()."""
from flask import current_app, g
from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.engine import Connection, Dialect, Engine
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.sql import Executable

from .ratelimit import RateLimiter


class Base(DeclarativeBase):
    # Named constraints, so that migrations can alter and drop them on every backend.
    metadata = MetaData(naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    })


db = SQLAlchemy(model_class=Base)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
migrate = Migrate()
limiter = RateLimiter()

AUTOCOMMIT = "autocommit"  # the bind key of the autocommit pool (config.finalize)


def autocommit_engine() -> Engine:
    """The same database through its own pool of autocommit connections: each statement is its own transaction,
    with no BEGIN, COMMIT or ROLLBACK around it (on PostgreSQL each of those is a round trip).

    For the busiest requests only, and only for reads and for writes that one guarded statement makes whole
    (saving an exam answer). Anything that changes several rows together goes through db.session. Records
    loaded in db.session do not see these writes until reloaded."""
    engines = db.engines
    if AUTOCOMMIT in engines:
        return engines[AUTOCOMMIT]
    return db.engine.execution_options(isolation_level="AUTOCOMMIT")  # in-memory SQLite: one shared pool


def autocommit_connection() -> Connection:
    """This app context's connection from the autocommit pool: opened on first use, given back to the pool when
    the context ends (release_autocommit_connection), so a request that checks a token and then reads takes
    one connection, not two."""
    connection = g.get("_autocommit_connection")
    if connection is None:
        connection = g._autocommit_connection = autocommit_engine().connect()
    return connection


def release_autocommit_connection(_error: BaseException | None = None) -> None:
    connection = g.pop("_autocommit_connection", None)
    if connection is not None:
        connection.close()


class DriverStatement:
    """A statement compiled once per database and handed straight to the driver's cursor, with no SQLAlchemy
    execution around it. For the one statement a class sends thousands of times a minute (an exam answer save):
    SQLAlchemy's bookkeeping around an execution (events, result set-up, the transaction it opens and rolls back
    on an autocommit connection) costs more CPU than the driver's own work (measured on PostgreSQL: 230 µs a save
    through SQLAlchemy, 120 µs this way, checkout included). Values still go through their columns' types, as
    SQLAlchemy would send them. On a driver error the statement is run again through SQLAlchemy, whose error
    handling (a lost connection is dropped from the pool, the error raised as SQLAlchemy's) then applies: the
    statement must be one that may run twice (an UPDATE that sets values)."""

    def __init__(self, statement: Executable):
        self.statement = statement
        self.compiled: dict[type[Dialect], tuple[str, tuple[str, ...] | None, dict]] = {}

    def _for(self, dialect: Dialect) -> tuple[str, tuple[str, ...] | None, dict]:
        compiled = self.compiled.get(type(dialect))
        if compiled is None:
            sql = self.statement.compile(dialect=dialect)
            processors = {name: processor for name, bind in sql.binds.items()
                          if (processor := bind.type.dialect_impl(dialect).bind_processor(dialect)) is not None}
            order = tuple(sql.positiontup) if dialect.positional else None
            compiled = self.compiled[type(dialect)] = (str(sql), order, processors)
        return compiled

    def rowcount(self, conn: Connection, values: dict) -> int:
        """Run the statement on this connection's driver connection; the number of rows it changed."""
        sql, order, processors = self._for(conn.dialect)
        params = {name: processors[name](value) if name in processors else value for name, value in values.items()}
        try:
            cursor = conn.connection.cursor()
            try:
                cursor.execute(sql, params if order is None else tuple(params[name] for name in order))
                return cursor.rowcount
            finally:
                cursor.close()
        except conn.dialect.loaded_dbapi.Error:
            return conn.execute(self.statement, values).rowcount


def open_papers():
    """This app's sessions.OpenPapers: the exam papers its process has seen (made by create_app)."""
    return current_app.extensions["kaodian_open_papers"]


def close_connections() -> None:
    """End this context's session and close every pooled connection of the app, in both pools: for tests and
    scripts that are done with a database."""
    release_autocommit_connection()
    db.session.remove()
    for engine in db.engines.values():
        engine.dispose()
