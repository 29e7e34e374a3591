"""Messages in Dutch and English, from Babel message catalogs shipped in the package.

Message ids are the English texts; ``locale/nl/LC_MESSAGES/jeugdinkoop.po`` holds the
Dutch. The few Dutch names in the package's data (the demo's variant names, the start
budget's steps) have English in ``locale/en/LC_MESSAGES/jeugdinkoop.po``, so that an
English run shows them in English too. Catalogs are read with Babel straight from
the ``.po`` file and compiled in memory to gettext lookups
(``babel.support.Translations``; no build step), once, on first use. Dutch is the
default: the library's users answer Dutch providers.

Examples:
    >>> from jeugdinkoop.i18n import translate
    >>> translate("claim refers to assignment {assignment}, which is not known", "nl")
    'declaratie verwijst naar toewijzing {assignment}, die niet bekend is'
    >>> translate("claim refers to assignment {assignment}, which is not known", "en")
    'claim refers to assignment {assignment}, which is not known'
"""

from __future__ import annotations

import gettext
from functools import cache
from importlib.resources import files
from io import BytesIO
from typing import Final

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

__all__ = ["DEFAULT_LOCALE", "LOCALES", "PHRASE", "catalog_ids", "translate", "translate_phrases"]

DEFAULT_LOCALE: Final = "nl"
LOCALES: Final = ("nl", "en")
_DOMAIN: Final = "jeugdinkoop"
PHRASE: Final = "phrase"
"""The message context (``msgctxt``) of a phrase: a part of a message filled in at run time.

A value's own error (``'123' is not 9 digits``) is filled into a rule's message; the
catalog translates such phrases where they occur in it (:func:`translate_phrases`).
"""


def _language(locale: str) -> str:
    return locale.replace("-", "_").split("_")[0].lower()


@cache
def _po(language: str) -> Catalog | None:
    """The language's catalog, read by Babel from the ``.po`` file shipped in the package."""
    resource = files("jeugdinkoop") / "locale" / language / "LC_MESSAGES" / f"{_DOMAIN}.po"
    if not resource.is_file():
        return None
    with resource.open("rb") as handle:
        return read_po(handle, locale=language, domain=_DOMAIN)


@cache
def _translations(language: str) -> gettext.NullTranslations:
    """The gettext lookups of a language: the catalog compiled in memory (no build step)."""
    catalog = _po(language)
    if catalog is None:
        return gettext.NullTranslations()
    compiled = BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=_DOMAIN)


@cache
def _messages(language: str) -> tuple[tuple[str | None, str, str], ...]:
    """The catalog's translated messages as (context, id, string)."""
    catalog = _po(language)
    return tuple(
        (message.context, str(message.id), str(message.string))
        for message in catalog or ()
        if message.id and message.string and not message.fuzzy
    )


@cache
def _phrases(language: str) -> tuple[str, ...]:
    """The phrase ids, longest first, so that a longer phrase wins over one it contains."""
    found = [id_ for context, id_, _ in _messages(language) if context == PHRASE]
    return tuple(sorted(found, key=len, reverse=True))


def translate(message: str, locale: str = DEFAULT_LOCALE) -> str:
    """The message in ``locale`` (``"nl"``, ``"en"``, ``"nl_NL"``…); English when untranslated."""
    return _translations(_language(locale)).gettext(message)


def translate_phrases(text: str, locale: str = DEFAULT_LOCALE) -> str:
    """``text`` with every phrase the catalog knows (context :data:`PHRASE`) translated.

    Examples:
        >>> translate_phrases("'123' is not 9 digits")
        "'123' bestaat niet uit 9 cijfers"
        >>> translate_phrases("'123' is not 9 digits", "en")
        "'123' is not 9 digits"
    """
    language = _language(locale)
    if language == "en":
        return text
    translations = _translations(language)
    for phrase in _phrases(language):
        if phrase in text:
            text = text.replace(phrase, translations.pgettext(PHRASE, phrase))
    return text


def catalog_ids(locale: str = DEFAULT_LOCALE) -> frozenset[str]:
    """The message ids a catalog translates (used to test that every rule has Dutch)."""
    return frozenset(id_ for context, id_, _ in _messages(_language(locale)) if context is None)
