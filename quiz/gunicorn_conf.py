"""gunicorn settings: `gunicorn -c quiz/gunicorn_conf.py app:app`. Every value can be set from the environment."""
import multiprocessing
import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# One thread per worker by default: a request is mostly Python on the CPU, and threads of one process share one
# interpreter lock, so extra threads only add switching (measured: fewer saves per second on both databases).
# gthread rather than sync for keep-alive connections. Scale with WEB_CONCURRENCY (processes) instead.
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
max_requests = 10000       # recycle workers now and then; jitter so they do not all restart together
max_requests_jitter = 1000
# Import the app once in the master and fork the workers from it: a (re)started worker is ready at once instead
# of spending a second of CPU importing everything again.
preload_app = True
accesslog = None           # the app writes one JSON line per request itself (LOG_FORMAT=json)
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_fork(server, worker):
    """A forked worker must not share the master's database connections: drop the inherited pool (without
    closing the master's sockets), so that each worker opens its own."""
    flask_app = server.app.wsgi()  # loaded once in the master (preload_app)
    sqlalchemy = getattr(flask_app, "extensions", {}).get("sqlalchemy")
    if sqlalchemy is not None:
        with flask_app.app_context():
            for engine in sqlalchemy.engines.values():
                engine.dispose(close=False)
