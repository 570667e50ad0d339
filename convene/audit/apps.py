from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "convene.audit"
    label = "audit"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Every change to a case record (who, when, old and new values) goes to auditlog's
        # LogEntry, written by a signal inside the same transaction as the change.
        from auditlog.registry import auditlog
        from django.apps import apps

        for label in ("people", "cases", "strategy", "enquiries", "conferences", "plans"):
            for model in apps.get_app_config(label).get_models():
                exclude = ["password", "last_login"] if model.__name__ == "User" else []
                auditlog.register(model, exclude_fields=exclude)
