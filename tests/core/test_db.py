"""plain_rows: the driver's own tuples, with the statement's parameters passed in the driver's style
(named for psycopg, positional for sqlite3), inside the session's transaction."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask

from app.accounts.models import User
from app.core.db import plain_rows
from app.extensions import db


def test_plain_rows_match_what_sqlalchemy_reads_and_see_the_transaction(app: Flask) -> None:
    with app.app_context():
        for number in range(3):
            db.session.add(User(email=f"plain{number}@example.org", display_name=f"Plain {number}"))
        db.session.flush()  # not committed: the plain read must run in the same transaction
        statement = (
            sa.select(User.email, sa.cast(User.id, sa.Integer))
            .where(User.email.like("plain%"), User.email.not_in(["plain1@example.org", "nobody@example.org"]))
            .order_by(User.email)
        )
        rows = plain_rows(db.session.connection(), statement)
        assert rows == [tuple(row) for row in db.session.execute(statement)]
        assert [email for email, _ in rows] == ["plain0@example.org", "plain2@example.org"]
        assert all(type(row) is tuple for row in rows)
        db.session.rollback()
