"""Sites whose own, unattributed statements are a claimant's: Foro Penal's figures on foropenal.com are Foro
Penal's, an NGO's report on its own site is that NGO's. Any other site is the press (`media`)."""

from __future__ import annotations

from urllib.parse import urlsplit

# Registered domain (a subdomain matches too) -> claimant.
PUBLISHERS: dict[str, str] = {
    "foropenal.com": "foro_penal",
    "amnesty.org": "other_ngo",
    "amnistia.pt": "other_ngo",
    "amnistia.org.ar": "other_ngo",
    "es.amnesty.org": "other_ngo",
    "hrw.org": "other_ngo",
    "provea.org": "other_ngo",
    "jepvenezuela.com": "other_ngo",
    "oveprisiones.com": "other_ngo",
    "accesoalajusticia.org": "other_ngo",
    "cepaz.org": "other_ngo",
    "clippve.org": "other_ngo",
}


def publisher_org(url: str | None) -> str | None:
    """The claimant that publishes at this URL, or None for the press and unknown sites."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    while host:
        if host in PUBLISHERS:
            return PUBLISHERS[host]
        host = host.partition(".")[2]
    return None
