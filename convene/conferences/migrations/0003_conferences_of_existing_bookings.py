"""Every initial conference booked before conferences could be recorded gets its conference."""

from django.db import migrations


def conferences_for_bookings(apps, schema_editor):
    Booking = apps.get_model("enquiries", "InitialConference")
    Conference = apps.get_model("conferences", "Conference")
    for booking in Booking.objects.filter(conference__isnull=True).select_related("case__child"):
        child = booking.case.child
        unborn = child.date_of_birth is None and child.expected_birth_date is not None
        Conference.objects.create(
            case_id=booking.case_id,
            kind="pre_birth" if unborn else "initial",
            booking=booking,
            scheduled_for=booking.scheduled_for,
            venue=booking.venue,
            chair_id=booking.chair_id,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("conferences", "0002_initial"),
        ("enquiries", "0003_conference_delay_authorised_at"),
        ("cases", "0003_case_allocated_at"),
    ]

    operations = [migrations.RunPython(conferences_for_bookings, migrations.RunPython.noop)]
