from django.db import migrations

# The kinds named in the seeds (003: 组建指导岗, 职工频道岗) and the spec; federations add their own.
KINDS = [
    ("组建指导岗", "指导基层工会组建和规范化建设"),
    ("维权服务岗", "劳动争议调解、法律咨询、困难职工帮扶"),
    ("职工频道岗", "职工服务热线与网上工会"),
    ("帮扶救助岗", "困难职工帮扶、送温暖"),
    ("法律援助岗", "职工法律援助"),
]


def add(apps, schema_editor):
    PostKind = apps.get_model("employment", "PostKind")
    for i, (name, desc) in enumerate(KINDS):
        PostKind.objects.get_or_create(name=name, defaults={"description": desc, "sort": i})


class Migration(migrations.Migration):
    dependencies = [("employment", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
