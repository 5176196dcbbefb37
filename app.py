"""Entry point: `.venv/bin/flask --app app run` or `.venv/bin/python app.py`."""
import sys

try:
    from quiz import create_app
except ModuleNotFoundError as missing:  # typically a `flask` or `python` from outside the project's .venv
    raise SystemExit(f"{missing}: {sys.executable} does not have Kaodian's packages. Run the command through "
                     "the project's virtual environment, e.g. `.venv/bin/flask --app app bank check` (see README)."
                     ) from None

app = create_app()

if __name__ == "__main__":
    app.run(host="127.0.0.1", port=5000)
