"""The profile key `pretraining_deadline_months` conflated "pre-job training required" with "deadline + kinds";
issue 9 split it. Overrides typed under the old key move to `training_deadline_months` (profiles reload from
their JSON files)."""

from django.db import migrations


def forwards(apps, schema_editor):
    PolicyOverride = apps.get_model("orgs", "PolicyOverride")
    PolicyOverride.objects.filter(key="pretraining_deadline_months").update(key="training_deadline_months")


def backwards(apps, schema_editor):
    PolicyOverride = apps.get_model("orgs", "PolicyOverride")
    PolicyOverride.objects.filter(key="training_deadline_months").update(key="pretraining_deadline_months")


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial"), ("orgs", "0003_national_level")]
    operations = [migrations.RunPython(forwards, backwards)]
