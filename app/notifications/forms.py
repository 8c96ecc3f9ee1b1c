"""The settings form: one select per topic, built from the topic list."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired

from app.models import EmailFrequency, NotificationTopic
from app.moderation.forms import CheckedSelectField
from app.notifications.settings import FREQUENCY_LABELS, TOPIC_LABELS, TOPICS


def _frequency_field(topic: NotificationTopic) -> CheckedSelectField:
    return CheckedSelectField(
        TOPIC_LABELS[topic],
        choices=[SelectChoice(f.value, label) for f, label in FREQUENCY_LABELS.items()],
        validators=[DataRequired(message=_l("Pilih kapan email dikirim."))],
    )


class SettingsForm(FlaskForm):
    """Field names are the topic values (``discussion``, ``following``...)."""

    submit = SubmitField(_l("Simpan pengaturan"))

    def choices(self) -> dict[NotificationTopic, EmailFrequency]:
        return {topic: EmailFrequency(self[topic.value].data) for topic in TOPICS}


for _topic in TOPICS:
    setattr(SettingsForm, _topic.value, _frequency_field(_topic))
