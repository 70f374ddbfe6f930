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
