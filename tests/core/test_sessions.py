"""The session cookie's signing serializer, made once per set of secret keys: reused while the keys
stand, made again when they rotate, and a cookie signed before a rotation still read through the
fallback keys."""

from __future__ import annotations

from flask import Flask


def test_the_serializer_is_reused_and_follows_a_key_rotation(app: Flask) -> None:
    interface = app.session_interface
    first = interface.get_signing_serializer(app)
    assert first is not None and interface.get_signing_serializer(app) is first
    cookie = first.dumps({"_user_id": "7:abc"})

    old = app.secret_key
    app.secret_key = "a-new-secret-key-after-a-rotation-0123456789"
    app.config["SECRET_KEY_FALLBACKS"] = [old]
    rotated = interface.get_signing_serializer(app)
    assert rotated is not first
    assert rotated.loads(cookie) == {"_user_id": "7:abc"}  # signed before, read through the fallback
    assert rotated.dumps({"a": 1}) != first.dumps({"a": 1})  # signs with the new key

    app.config["SECRET_KEY_FALLBACKS"] = []
    assert interface.get_signing_serializer(app).loads(rotated.dumps({"a": 1})) == {"a": 1}
