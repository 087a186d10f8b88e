from django.db import migrations


def load(apps, schema_editor):
    from carriers.reference import load_rubric

    load_rubric(apps.get_model("carriers", "RubricIndicator"))


class Migration(migrations.Migration):
    dependencies = [("carriers", "0002_performance_reviews_and_rubric")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
