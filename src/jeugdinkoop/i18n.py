"""Messages in Dutch and English, from Babel message catalogs shipped in the package.

Message ids are the English texts; ``locale/nl/LC_MESSAGES/jeugdinkoop.po`` holds the
Dutch. Catalogs are read with Babel straight from the ``.po`` file (no compile step),
once, on first use. Dutch is the default: the library's users answer Dutch providers.

Examples:
    >>> from jeugdinkoop.i18n import translate
    >>> translate("claim refers to assignment {assignment}, which is not known", "nl")
    'declaratie verwijst naar toewijzing {assignment}, die niet bekend is'
    >>> translate("claim refers to assignment {assignment}, which is not known", "en")
    'claim refers to assignment {assignment}, which is not known'
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Final

from babel.messages.pofile import read_po

__all__ = ["DEFAULT_LOCALE", "LOCALES", "catalog_ids", "translate"]

DEFAULT_LOCALE: Final = "nl"
LOCALES: Final = ("nl", "en")
_DOMAIN: Final = "jeugdinkoop"


def _language(locale: str) -> str:
    return locale.replace("-", "_").split("_")[0].lower()


@cache
def _catalog(language: str) -> dict[str, str]:
    resource = files("jeugdinkoop") / "locale" / language / "LC_MESSAGES" / f"{_DOMAIN}.po"
    if not resource.is_file():
        return {}
    with resource.open("rb") as handle:
        catalog = read_po(handle, locale=language, domain=_DOMAIN)
    return {
        str(message.id): str(message.string)
        for message in catalog
        if message.id and message.string and not message.fuzzy
    }


def translate(message: str, locale: str = DEFAULT_LOCALE) -> str:
    """The message in ``locale`` (``"nl"``, ``"en"``, ``"nl_NL"``…); English when untranslated."""
    language = _language(locale)
    if language == "en":
        return message
    return _catalog(language).get(message, message)


def catalog_ids(locale: str = DEFAULT_LOCALE) -> frozenset[str]:
    """The message ids a catalog translates (used to test that every rule has Dutch)."""
    return frozenset(_catalog(_language(locale)))
