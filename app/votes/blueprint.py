from flask import Blueprint

bp = Blueprint("votes", __name__, url_prefix="/votes")
