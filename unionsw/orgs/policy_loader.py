"""Load the shipped policy profiles (orgs/profiles/*.json) into the database, idempotently."""

from datetime import date

from .models import PolicyProfile
from .policy import POLICY_KEYS, load_profile_files


def load_policy_profiles() -> int:
    count = 0
    for data in load_profile_files():
        unknown = set(data["values"]) - set(POLICY_KEYS)
        if unknown:
            raise ValueError(f"profile {data['code']} has unknown keys: {sorted(unknown)}")
        PolicyProfile.objects.update_or_create(
            code=data["code"],
            effective_from=date.fromisoformat(data["effective_from"]),
            defaults={
                "name": data["name"],
                "values": data["values"],
                "sources": data.get("sources", {}),
                "note": data.get("note", ""),
                "date_stated": data.get("effective_from_stated", True),
            },
        )
        count += 1
    return count
