"""Rate limits on single views (signing in), counted per client address by the `limits` library: in this
process's memory by default, in Redis when REDIS_URL is set, so that every app process counts together.

A limit costs only the requests of the view that carries it (an app-wide limiter would run on every request,
and answer saves are most of them)."""
from __future__ import annotations

import math
import time
from collections.abc import Callable
from functools import wraps

from flask import Flask, current_app, request
from limits import parse
from limits.storage import Storage, storage_from_string
from limits.strategies import FixedWindowRateLimiter
from werkzeug.exceptions import TooManyRequests


class RateLimiter:
    def init_app(self, app: Flask) -> None:
        storage = storage_from_string(app.config["RATELIMIT_STORAGE_URI"])
        app.extensions["rate_limiter"] = (storage, FixedWindowRateLimiter(storage))

    def limit(self, limit: Callable[[], str], methods: tuple[str, ...] = ("POST",)):
        """Decorate a view: at most `limit()` (e.g. "10 per minute") of its `methods` requests per client."""

        def decorate(view):
            @wraps(view)
            def limited(*args, **kwargs):
                if request.method in methods:
                    _, window = current_app.extensions["rate_limiter"]
                    item, key = parse(limit()), (request.endpoint or "", request.remote_addr or "")
                    if not window.hit(item, *key):
                        wait = math.ceil(window.get_window_stats(item, *key).reset_time - time.time())
                        raise TooManyRequests(f"too many attempts ({item}): try again in {max(wait, 1)} s",
                                              retry_after=max(wait, 1))
                return view(*args, **kwargs)

            return limited

        return decorate

    def reset(self) -> None:
        """Forget every count (tests)."""
        storage: Storage = current_app.extensions["rate_limiter"][0]
        storage.reset()
