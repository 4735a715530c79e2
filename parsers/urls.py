"""Canonical URLs: the same story reached through a feed, Google News or GDELT is stored once."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that only track where a reader came from.
TRACKING = (
    "utm_",
    "fbclid",
    "gclid",
    "dclid",
    "mc_cid",
    "mc_eid",
    "igshid",
    "ocid",
    "cmpid",
    "ref",
    "ref_src",
    "_ga",
    "yclid",
    "spm",
    "s_cid",
    "outputType",
    "amp",
)


def canonical_url(url: str, mirrors: dict[str, str] | None = None) -> str:
    """Lower-case scheme and host, no fragment, no tracking parameters, no "www." distinction lost,
    mirror hosts rewritten to the canonical host, and no trailing "/amp" page variant."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if mirrors:
        host = mirrors.get(host, host)
    netloc = host + (f":{parts.port}" if parts.port and parts.port not in (80, 443) else "")
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not any(k == t or (t.endswith("_") and k.startswith(t)) for t in TRACKING)
    ]
    path = parts.path or "/"
    if path.endswith("/amp/") or path.endswith("/amp"):
        path = path[: path.rfind("/amp")] + "/"
    return urlunsplit((parts.scheme.lower(), netloc, path, urlencode(query), ""))
