from flask import Blueprint

bp = Blueprint("assemblies", __name__, url_prefix="/assemblees")
