"""Existing participants become people: each named line is linked to a person (one per
e-mail, else per name and organisation within the activity's cluster), and every line is
counted for its own cluster (its PME's, else its activity's)."""

from typing import Any

from django.db import migrations


def _key(line: Any) -> tuple[str, ...]:
    email = line.email.strip().casefold()
    if email:
        return ("email", email)
    name = " ".join(line.name.split()).casefold()
    return ("name", name, line.organisation.strip().casefold(), str(line.activity.cluster_id))


def forwards(apps: Any, schema_editor: Any) -> None:
    Participant = apps.get_model("reports", "Participant")
    Person = apps.get_model("reports", "Person")
    User = apps.get_model("auth", "User")
    people: dict[tuple[str, ...], Any] = {}
    lines = Participant.objects.select_related("activity", "company").order_by("id")
    for line in lines.iterator():
        cluster_id = line.company.cluster_id if line.company else line.activity.cluster_id
        if line.name.strip() or line.email.strip():
            key = _key(line)
            person = people.get(key)
            if person is None:
                user = (
                    User.objects.filter(email__iexact=line.email.strip()).first()
                    if line.email.strip()
                    else None
                )
                if user is not None and Person.objects.filter(user=user).exists():
                    user = None
                person = Person.objects.create(
                    name=line.name.strip() or line.email.strip(),
                    email=line.email.strip(),
                    sex=line.sex,
                    role=line.role,
                    organisation=line.organisation,
                    company_id=line.company_id,
                    cluster_id=cluster_id,
                    user=user,
                )
                people[key] = person
            line.person = person
            cluster_id = person.cluster_id
        line.cluster_id = cluster_id
        line.save(update_fields=["person", "cluster"])


class Migration(migrations.Migration):
    dependencies = [("reports", "0005_people_programme_activities_results_chain")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
