"""Who is writing on this computer. Stored in the local library, changeable at any time."""

from __future__ import annotations

from sqlalchemy import select

from reviewdesk.domain.errors import ValidationError
from reviewdesk.domain.review import Profile
from reviewdesk.store.engine import Store
from reviewdesk.store.tables import SettingRow

_KEYS = ("profile.name", "profile.role", "profile.agency")


class ProfileService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def get(self) -> Profile:
        with self._store.read() as session:
            values = dict(
                session.execute(
                    select(SettingRow.key, SettingRow.value).where(SettingRow.key.in_(_KEYS))
                ).all()
            )
        return Profile(
            name=values.get("profile.name", ""),
            role=values.get("profile.role", ""),
            agency=values.get("profile.agency", ""),
        )

    def save(self, profile: Profile) -> Profile:
        clean = checked_profile(profile)
        with self._store.write() as session:
            for key, value in zip(_KEYS, (clean.name, clean.role, clean.agency), strict=True):
                row = session.get(SettingRow, key)
                if row is None:
                    session.add(SettingRow(key=key, value=value))
                else:
                    row.value = value
        return clean


def checked_profile(profile: Profile) -> Profile:
    """The person's details as they are kept: trimmed, a name given, none too long (raises a
    kind :class:`ValidationError` otherwise). In a library, or on the laptop in partnership
    mode (services/partnership.py)."""
    clean = Profile(profile.name.strip(), profile.role.strip(), profile.agency.strip())
    if not clean.name:
        raise ValidationError(
            "Please tell us your name, so your reflections are recorded as yours.",
            {"name": "Please enter your name."},
        )
    if any(len(v) > 120 for v in (clean.name, clean.role, clean.agency)):
        raise ValidationError("Name, role and agency can each be up to 120 characters.")
    return clean
