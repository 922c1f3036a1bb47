"""The app's migrations go forward and back (zero) and forward again."""

import os

import pytest
from django.core.management import call_command
from django.db import connection


@pytest.mark.django_db(transaction=True)
def test_migrations_reverse_to_zero_and_forward_again():
    tables = {"connectors_app_savedreport", "connectors_app_insightcount"}
    assert tables <= set(connection.introspection.table_names())
    call_command("migrate", "connectors_app", "zero", verbosity=0)
    assert not tables & set(connection.introspection.table_names())
    call_command("migrate", "connectors_app", verbosity=0)
    assert tables <= set(connection.introspection.table_names())


@pytest.mark.django_db
def test_the_database_is_the_one_database_url_names():
    # make test-postgres runs the whole suite with DATABASE_URL=postgres://...
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected
