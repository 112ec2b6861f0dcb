"""Make camel_tools importable offline without touching the user's own CAMeL data.

`camel_tools.morphology` imports `camel_tools.data`, which downloads CAMeL's
catalogue when `$CAMELTOOLS_DATA/catalogue.json` (default ~/.camel_tools) is missing;
offline, the import itself fails. When the user has no catalogue of their own, we
point CAMELTOOLS_DATA at a folder claimtrack owns holding a minimal catalogue. A user
who has installed CAMeL's data keeps using it untouched.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

MINIMAL_CATALOGUE = {"version": "1.6", "packages": {}, "components": {}}


def user_camel_dir() -> Path:
    """Where camel_tools looks for its data: $CAMELTOOLS_DATA or ~/.camel_tools."""
    env = os.environ.get("CAMELTOOLS_DATA")
    return Path(env) if env else Path.home() / ".camel_tools"


def _own_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    for candidate in (Path(base) / "claimtrack" / "camel_data", Path(tempfile.gettempdir()) / "claimtrack-camel-data"):
        try:
            candidate.mkdir(parents=True, exist_ok=True)
            catalogue = candidate / "catalogue.json"
            if not catalogue.exists():
                tmp = candidate / f"catalogue.json.{os.getpid()}"
                tmp.write_text(json.dumps(MINIMAL_CATALOGUE))
                tmp.replace(catalogue)
            return candidate
        except OSError:
            continue
    raise OSError("no writable folder for claimtrack's offline CAMeL catalogue")


def ensure_offline_catalogue() -> Path:
    """Set CAMELTOOLS_DATA so importing camel_tools.data needs no network; return the folder used."""
    user = user_camel_dir()
    if (user / "catalogue.json").is_file():
        return user
    own = _own_dir()
    os.environ["CAMELTOOLS_DATA"] = str(own)
    return own


def installed_calima_msa() -> Path | None:
    """CAMeL's own calima-msa-r13 database, if the user installed it (never downloads)."""
    user = user_camel_dir()
    for candidate in (
        user / "data" / "morphology_db" / "calima-msa-r13" / "morphology.db",
        user / "morphology_db" / "calima-msa-r13" / "morphology.db",
    ):
        if candidate.is_file():
            return candidate
    return None
