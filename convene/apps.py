from pathlib import Path

from django.apps import AppConfig


class ConveneConfig(AppConfig):
    """Convene itself as a Django app, so that `convene/management/commands/` is found."""

    name = "convene"
    label = "convene"
    verbose_name = "Convene"
    default_auto_field = "django.db.models.BigAutoField"
    # Explicit, so that an editable install that sees `convene` as a namespace package
    # (two "locations") still gives Django one directory.
    path = str(Path(__file__).resolve().parent)

    def ready(self) -> None:
        from convene import checks  # noqa: F401 - registers the system checks
