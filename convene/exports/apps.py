from django.apps import AppConfig


class ExportsConfig(AppConfig):
    """Downloads of a child's record: the strategy discussion record as a PDF and the case's
    chronology as CSV. No models: each export reuses its page's access check and records."""

    name = "convene.exports"
    label = "exports"
