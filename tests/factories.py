import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from assessments.models import Cluster, Company, Region, Sector

PASSWORD = "a-strong-test-passphrase"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.ma")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def role(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        if extracted:
            self.groups.add(Group.objects.get_or_create(name=extracted)[0])
        self.save()


class ClusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cluster
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"cluster-{n}")
    name = factory.Sequence(lambda n: f"Cluster {n}")
    sector = Sector.ELECTRONICS
    region = Region.CASABLANCA_SETTAT


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company
        skip_postgeneration_save = True

    cluster = factory.SubFactory(ClusterFactory)
    name = factory.Sequence(lambda n: f"PME {n} SARL")
    ice = factory.Sequence(lambda n: f"{n:015d}")
    sector = Sector.ELECTRONICS
    region = Region.CASABLANCA_SETTAT
    city = "Casablanca"
    headcount = Company.Headcount.SMALL

    @factory.post_generation
    def consultants(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if extracted:
            self.consultants.set(extracted)

    @factory.post_generation
    def managers(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if extracted:
            self.managers.set(extracted)


VISIT = datetime.date(2026, 10, 1)


def install_programme():  # type: ignore[no-untyped-def]
    """The install's own programme (open to all), as ``load_logframe`` makes it without a
    programme header: for rows a test creates before or without a logframe."""
    from reports.monitoring.services.programmes import programme_install

    return programme_install()
