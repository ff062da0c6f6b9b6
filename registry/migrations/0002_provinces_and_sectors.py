from django.db import migrations

PROVINCES = [
    ("PB", "Punjab", "پنجاب"),
    ("SD", "Sindh", "سندھ"),
    ("KP", "Khyber Pakhtunkhwa", "خیبر پختونخوا"),
    ("BA", "Balochistan", "بلوچستان"),
    ("IS", "Islamabad Capital Territory", "اسلام آباد وفاقی دارالحکومت"),
    ("GB", "Gilgit-Baltistan", "گلگت بلتستان"),
    ("AJK", "Azad Jammu and Kashmir", "آزاد جموں و کشمیر"),
]

SECTORS = [
    ("software", "Software development"),
    ("ites", "IT-enabled services / BPO"),
    ("freelancing", "Freelancing"),
    ("ecommerce", "E-commerce"),
    ("games", "Games"),
    ("fintech", "Fintech"),
    ("other", "Other"),
]


def load(apps, schema_editor):
    Province = apps.get_model("registry", "Province")
    Sector = apps.get_model("registry", "Sector")
    for code, name, name_ur in PROVINCES:
        Province.objects.update_or_create(code=code, defaults={"name": name, "name_ur": name_ur})
    for code, name in SECTORS:
        Sector.objects.update_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
