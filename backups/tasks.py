from celery import shared_task

from backups import services


# A backup outlasts the default time limits; the name stays put so queued messages survive.
@shared_task(name="backups.tasks.backup_daily", soft_time_limit=3 * 3600, time_limit=3 * 3600 + 300)
def backup_daily() -> str:
    """The daily backup (Celery beat's ``backup-daily``): the same as ``manage.py backup``."""
    return services.backup_create().name
