from flask import Blueprint

bp = Blueprint("accountability", __name__, url_prefix="/suivi")
