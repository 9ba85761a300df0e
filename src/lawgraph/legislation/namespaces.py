"""The XML namespaces of legislation.gov.uk documents, in one place."""

from __future__ import annotations

__all__ = ["ATOM", "DC", "DCT", "LEG", "MATHML", "NS", "UKM", "XHTML", "clark"]

LEG = "http://www.legislation.gov.uk/namespaces/legislation"
UKM = "http://www.legislation.gov.uk/namespaces/metadata"
DC = "http://purl.org/dc/elements/1.1/"
DCT = "http://purl.org/dc/terms/"
ATOM = "http://www.w3.org/2005/Atom"
XHTML = "http://www.w3.org/1999/xhtml"
MATHML = "http://www.w3.org/1998/Math/MathML"
OPENSEARCH = "http://a9.com/-/spec/opensearch/1.1/"

#: Prefix map for XPath queries.
NS = {"leg": LEG, "ukm": UKM, "dc": DC, "dct": DCT, "atom": ATOM, "xhtml": XHTML, "m": MATHML}


def clark(namespace: str, local: str) -> str:
    """The ``{namespace}local`` form lxml uses for tags."""
    return f"{{{namespace}}}{local}"
