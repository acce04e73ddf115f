"""The PME's attendees that day logs wrote as text (one per line, "Name, role") become the
day's participants, present when the day was done, so that older plans show them too."""

from django.db import migrations


def attendees_to_participants(apps, schema_editor):  # type: ignore[no-untyped-def]
    PlanDay = apps.get_model("assessments", "PlanDay")
    PlanParticipant = apps.get_model("assessments", "PlanParticipant")
    days = PlanDay.objects.exclude(attendees="").filter(participants=None)
    for day in days.iterator():
        seen: set[str] = set()
        for line in day.attendees.splitlines():
            name, _comma, role = (part.strip() for part in line.partition(","))
            if not name or name.lower() in seen:
                continue
            seen.add(name.lower())
            PlanParticipant.objects.create(
                day=day,
                name=name[:150],
                role=role[:150],
                present=True if day.outcome == "done" else None,
            )


class Migration(migrations.Migration):
    dependencies = [("assessments", "0015_plan_day_agenda_participants_signoff")]

    operations = [migrations.RunPython(attendees_to_participants, migrations.RunPython.noop)]
