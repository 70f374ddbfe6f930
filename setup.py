"""Packaging glue that pyproject.toml alone cannot express.

The top-level ``resources/`` folder (frameworks, demo review, fonts, icons) ships inside the wheel
as the data-only package ``reviewdesk._resources``. Everything else is declared in pyproject.toml.
"""

from setuptools import find_packages, setup

packages = find_packages(include=["reviewdesk", "reviewdesk.*"])

setup(
    packages=[*packages, "reviewdesk._resources"],
    package_dir={"reviewdesk._resources": "resources"},
    package_data={
        "reviewdesk._resources": ["**/*"],
        "reviewdesk.store": ["migrations/script.py.mako"],
    },
    exclude_package_data={"reviewdesk._resources": ["**/__pycache__/*", "**/*.pyc"]},
)
