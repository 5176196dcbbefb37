"""A bare Flask JSON endpoint, served with the same gunicorn settings as the app: the yardstick for
bench/load.py (how close do answer saves come to the fastest a Flask request can be here?)."""
from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/ping")
def ping():
    return jsonify(saved=True)
