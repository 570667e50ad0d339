from django.apps import AppConfig


class ConferencesConfig(AppConfig):
    name = "convene.conferences"
    label = "conferences"
    default_auto_field = "django.db.models.BigAutoField"
