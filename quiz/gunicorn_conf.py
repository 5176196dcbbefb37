"""gunicorn settings: `gunicorn -c quiz/gunicorn_conf.py app:app`. Every value can be set from the environment."""
import multiprocessing
import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"   # threads: a worker waiting on the database does not block the others
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
max_requests = 2000        # recycle workers now and then; jitter so they do not all restart together
max_requests_jitter = 200
accesslog = None           # the app writes one JSON line per request itself (LOG_FORMAT=json)
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
