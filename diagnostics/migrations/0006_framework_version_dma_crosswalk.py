from pathlib import Path

from django.db import migrations, models

DEFAULT = Path(__file__).resolve().parent.parent / "frameworks" / "default.yaml"


def crosswalk_from_default_file(apps, schema_editor):
    """A running instance's default framework gets the file's crosswalk, without an operator
    step: only the version the file describes, and only if its content is the file's."""
    from diagnostics.framework_io import parse_framework
    from diagnostics.services import spec_checksum

    spec = parse_framework(DEFAULT.read_bytes())
    FrameworkVersion = apps.get_model("diagnostics", "FrameworkVersion")
    FrameworkVersion.objects.filter(
        framework__code=spec.code, version=spec.version, checksum=spec_checksum(spec)
    ).update(dma_crosswalk=spec.dma)


class Migration(migrations.Migration):
    dependencies = [
        ("diagnostics", "0005_merge_arabic_and_business_case"),
    ]

    operations = [
        migrations.AddField(
            model_name="frameworkversion",
            name="dma_crosswalk",
            field=models.JSONField(blank=True, default=dict, verbose_name="EU DMA crosswalk"),
        ),
        migrations.AddField(
            model_name="historicalframeworkversion",
            name="dma_crosswalk",
            field=models.JSONField(blank=True, default=dict, verbose_name="EU DMA crosswalk"),
        ),
        migrations.RunPython(crosswalk_from_default_file, migrations.RunPython.noop),
    ]
