from django.apps import AppConfig


class EnquiriesConfig(AppConfig):
    name = "convene.enquiries"
    label = "enquiries"
    default_auto_field = "django.db.models.BigAutoField"
