"""SQLite as the newcomer runs it: a long write transaction (an import) leaves every reader be."""

from django.db.utils import ConnectionHandler

from registry.settings import database


def connections_to(path, **options):
    config = database(f"sqlite:///{path}")
    config["OPTIONS"].update(options)
    return ConnectionHandler({"default": config, "writer": {**config}, "reader": {**config}})


def test_a_reader_is_not_refused_while_a_long_write_transaction_is_open(tmp_path):
    handler = connections_to(tmp_path / "db.sqlite3", timeout=0.1)
    writer, reader = handler["writer"], handler["reader"]
    with writer.cursor() as cursor:
        cursor.execute("CREATE TABLE row (id integer PRIMARY KEY, text varchar(100))")
        cursor.execute("INSERT INTO row (text) VALUES ('committed')")
    with writer.cursor() as cursor:
        # A write transaction bigger than its page cache, as an import's is: without
        # write-ahead logging SQLite then locks the whole file against readers.
        cursor.execute("PRAGMA cache_size = 1")
        cursor.execute("BEGIN IMMEDIATE")
        cursor.executemany("INSERT INTO row (text) VALUES (%s)", [("x" * 90,)] * 5000)
        with reader.cursor() as read:
            read.execute("PRAGMA journal_mode")
            assert read.fetchone()[0] == "wal"
            read.execute("SELECT text FROM row")
            assert read.fetchall() == [("committed",)]
        cursor.execute("COMMIT")
    handler.close_all()
