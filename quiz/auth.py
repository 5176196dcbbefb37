"""Sign up, sign in, sign out, language switch."""
import json
from urllib.parse import urlsplit

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from . import accounts, privacy
from .extensions import db, limiter, login_manager
from .forms import LoginForm, RegisterForm
from .models import User

bp = Blueprint("auth", __name__)
API_PREFIX = "/api/"


class PageSessions(SecureCookieSessionInterface):
    """Signed-cookie sessions for the pages only. The JSON API authenticates by bearer token alone: its requests
    get an empty session that is never read from or written to a cookie (and cost nothing to open)."""

    def open_session(self, app, request):
        if request.path.startswith(API_PREFIX):
            return None  # Flask then uses its null session
        return super().open_session(app, request)


@login_manager.user_loader
def load_user(user_id: str):
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None


def login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _safe_next(target: str | None) -> str:
    # Only same-site paths: never bounce a fresh login to another host.
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("main.dashboard")


@bp.route("/register", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = accounts.register(form.username.data, form.password.data)
        except accounts.AccountError as exc:
            form.username.errors.append(_(str(exc)))
        else:
            login_user(user)
            flash(_("Welcome, %(name)s!", name=user.username), "success")
            return redirect(url_for("main.dashboard"))
    return render_template("auth/register.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(login_limit)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.username.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append(_("Wrong username or password."))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    return redirect(url_for("auth.login"))


@bp.get("/lang/<code>")
def set_language(code: str):
    response = redirect(_safe_next(request.args.get("next")))
    if code in current_app.config["LANGUAGES"]:
        response.set_cookie("lang", code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


@bp.get("/account")
@login_required
def account():
    return render_template("auth/account.html")


@bp.get("/account/export.json")
@login_required
def export_data():
    body = json.dumps(privacy.export_user_data(current_user), ensure_ascii=False, indent=1)
    return Response(body, mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="kaodian-{current_user.username}.json"'})


@bp.post("/account/delete")
@login_required
def delete_account():
    if not current_user.check_password(request.form.get("password", "")):
        flash(_("Wrong password: nothing was deleted."), "warning")
        return redirect(url_for("auth.account"))
    user = db.session.get(User, current_user.id)
    logout_user()
    privacy.delete_account(user)
    flash(_("Your account and all its data were deleted."), "success")
    return redirect(url_for("main.index"))
