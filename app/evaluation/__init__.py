"""Evaluation (Kirkpatrick): the reaction form and the dashboards under /evaluasi.

Level 1 is the feedback form (``feedback``); level 3 comes from follow-ups
(``app.followups``) and case studies. The dashboards (``city``,
``programme``, ``agency``) are built from the grouped queries in
``queries``, as tables (``figures``) that the page draws as charts and
``export`` writes as CSV or XLSX.
"""

from flask import Blueprint

bp = Blueprint("evaluation", __name__)

from app.evaluation import routes  # noqa: E402,F401
