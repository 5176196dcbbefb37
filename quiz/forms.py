"""WTForms for the pages (CSRF comes with FlaskForm)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, PasswordField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, NumberRange, Optional

from .accounts import MIN_PASSWORD


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=32)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])
    remember = BooleanField(_l("Remember me"))


class RegisterForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(min=3, max=32)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(min=MIN_PASSWORD, max=256)])
    confirm = PasswordField(_l("Repeat password"),
                            validators=[DataRequired(), EqualTo("password", message=_l("Passwords differ."))])


class PracticeForm(FlaskForm):
    topics = SelectMultipleField(_l("Topics"), choices=[], validate_choice=True)
    types = SelectMultipleField(_l("Question types"), choices=[], validate_choice=True)
    count = IntegerField(_l("Number of questions"), default=10, validators=[Optional(), NumberRange(1, 100)])
    study = BooleanField(_l("Study mode (show answers at once)"))
