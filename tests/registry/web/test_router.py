import json
import os
import subprocess
import sys

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

from registry.models import Park
from registry.web.routers import REPLICA, ReplicaRouter, public_reads

router = ReplicaRouter()


def test_without_a_replica_public_reads_stay_on_the_primary():
    with public_reads():
        assert router.db_for_read(Park) is None


def test_writes_always_go_to_the_primary():
    with public_reads():
        assert router.db_for_write(Park) == DEFAULT_DB_ALIAS


def test_only_the_primary_is_migrated():
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "registry")
    assert not router.allow_migrate(REPLICA, "registry")


# A real process with two database aliases: the replica is a copy of the primary taken before
# a new park was saved, so whatever a request reads tells which database it asked.
TWO_DATABASES = """
import json, shutil
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from registry.models import Park
from tests.factories import ParkFactory

call_command("migrate", verbosity=0)
ParkFactory(slug="on-both")
connections.close_all()
shutil.copy(settings.DATABASES["default"]["NAME"], settings.DATABASES["replica"]["NAME"])
park = ParkFactory(slug="only-on-primary")
admin = get_user_model().objects.create_superuser("hq", "hq@example.org", "pw")

def queries(fetch):
    with CaptureQueriesContext(connections["default"]) as primary:
        with CaptureQueriesContext(connections["replica"]) as replica:
            body = fetch()
    return {"primary": len(primary), "replica": len(replica), "body": body}

public = Client()
editor = Client()
editor.force_login(admin)
print(json.dumps({
    "list": queries(lambda: public.get("/parks/").content.decode()),
    "detail": public.get("/parks/only-on-primary/").status_code,
    "csv": queries(lambda: b"".join(public.get("/parks/export.csv").streaming_content).decode()),
    "admin": editor.get(f"/admin/registry/park/{park.pk}/change/").status_code,
    "orm": Park.objects.filter(slug="only-on-primary").exists(),
}))
"""


def test_public_pages_and_csvs_read_the_replica_while_the_admin_reads_the_primary(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")},
        "DATABASE_URL": f"sqlite:///{tmp_path / 'primary.sqlite3'}",
        "DATABASE_REPLICA_URL": f"sqlite:///{tmp_path / 'replica.sqlite3'}",
        "ALLOWED_HOSTS": "testserver",
    }
    result = subprocess.run(
        [sys.executable, str(settings.BASE_DIR / "manage.py"), "shell", "-c", TWO_DATABASES],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr

    seen = json.loads(result.stdout.strip().splitlines()[-1])

    assert seen["list"]["primary"] == 0 and seen["list"]["replica"] > 0
    assert "on-both" in seen["list"]["body"] and "only-on-primary" not in seen["list"]["body"]
    assert seen["detail"] == 404
    assert seen["csv"]["primary"] == 0 and seen["csv"]["replica"] > 0
    assert "on-both" in seen["csv"]["body"] and "only-on-primary" not in seen["csv"]["body"]
    assert seen["admin"] == 200
    assert seen["orm"] is True
