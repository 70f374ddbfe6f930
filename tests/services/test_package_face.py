"""Importing one service loads that service, not all of them (issue 21): the package's face is
thin, and the bundle (Services, open_services) lives in reviewdesk/services/bundle.py."""

from __future__ import annotations

import subprocess
import sys


def test_importing_one_service_loads_neither_the_others_nor_sqlalchemy() -> None:
    # A fresh interpreter: this process has long since loaded everything.
    code = (
        "import sys\n"
        "import reviewdesk.services.frameworks\n"
        "print(sorted(m for m in sys.modules if m.startswith('reviewdesk.services')))\n"
        "print('sqlalchemy' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    loaded, sqlalchemy = done.stdout.splitlines()
    assert loaded == "['reviewdesk.services', 'reviewdesk.services.frameworks']"
    assert sqlalchemy == "False"


def test_the_bundle_is_still_offered_by_the_package_on_first_use() -> None:
    import reviewdesk.services as package
    from reviewdesk.services import Services, bundle, open_services
    from reviewdesk.services.exchange import sealed

    assert Services is bundle.Services and open_services is bundle.open_services
    assert sealed.__name__ == "reviewdesk.services.exchange.sealed"  # submodules import as before
    try:
        package.no_such_name  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("an unknown name must raise AttributeError")


WINGS = ("exchange", "analysis", "library")


def test_each_wing_of_the_services_imports_nothing_itself() -> None:
    # services/exchange/, services/analysis/, services/library/ (issue 21, point 6): a wing's
    # face is its docstring, so importing one of its modules loads that module's needs only.
    code = (
        "import sys\n"
        + "".join(f"import reviewdesk.services.{wing}\n" for wing in WINGS)
        + "print(sorted(m for m in sys.modules if m.startswith('reviewdesk.')))\n"
        "print('sqlalchemy' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    loaded, sqlalchemy = done.stdout.splitlines()
    assert loaded == str(
        sorted(["reviewdesk.services", *(f"reviewdesk.services.{w}" for w in WINGS)])
    )
    assert sqlalchemy == "False"


def test_one_name_per_module_none_left_under_its_old_name() -> None:
    # The moves of issue 21, point 6 left no shim behind: the old names import nothing.
    import importlib.util

    # Written in parts, so that names-apply.py (which rewrites old names) leaves them be.
    old = [
        "reviewdesk." + ".".join(parts)
        for parts in [
            ("domain", "learning"),
            ("gui", "models", "lead"),
            ("gui", "pages", "lead"),
            ("services", "findings"),
            ("services", "lead_common"),
            ("services", "chronology"),
            ("services", "chronology_import"),
            ("services", "exchange_analysis"),
            ("services", "exchange_schema"),
            ("services", "sealed"),
            ("services", "packs"),
            ("services", "backups"),
            ("services", "encryption"),
            ("services", "library_lock"),
        ]
    ]
    assert [name for name in old if importlib.util.find_spec(name) is not None] == []
