"""Pure parsing: HTML and feeds to documents, text to count claims. No network, no database."""

from parsers.claims import GROUPS, METRICS, ORGS, QUALIFIERS, Claim, Document
from parsers.extract import EXTRACTOR_VERSION, extract_claims
from parsers.lang import LANGUAGES, detect_language

__all__ = [
    "EXTRACTOR_VERSION",
    "GROUPS",
    "LANGUAGES",
    "METRICS",
    "ORGS",
    "QUALIFIERS",
    "Claim",
    "Document",
    "detect_language",
    "extract_claims",
]
