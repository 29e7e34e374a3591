"""Messages in Dutch and English, from Babel message catalogs shipped in the package.

Message ids are the English texts; ``locale/nl/LC_MESSAGES/jeugdinkoop.po`` holds the
Dutch. The few Dutch names in the package's data (the demo's variant names, the start
budget's steps) have English in ``locale/en/LC_MESSAGES/jeugdinkoop.po``, so that an
English run shows them in English too. Catalogs are read with Babel straight from the ``.po`` file (no compile step),
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
def _messages(language: str) -> tuple[tuple[str | None, str, str], ...]:
    """The catalog's translated messages as (context, id, string)."""
    resource = files("jeugdinkoop") / "locale" / language / "LC_MESSAGES" / f"{_DOMAIN}.po"
    if not resource.is_file():
        return ()
    with resource.open("rb") as handle:
        catalog = read_po(handle, locale=language, domain=_DOMAIN)
    return tuple(
        (message.context, str(message.id), str(message.string))
        for message in catalog
        if message.id and message.string and not message.fuzzy
    )


@cache
def _catalog(language: str) -> dict[str, str]:
    return {id_: text for context, id_, text in _messages(language) if context is None}


@cache
def _phrases(language: str) -> tuple[tuple[str, str], ...]:
    """The phrases, longest first, so that a longer phrase wins over one it contains."""
    found = [(id_, text) for context, id_, text in _messages(language) if context == PHRASE]
    return tuple(sorted(found, key=lambda pair: -len(pair[0])))


def translate(message: str, locale: str = DEFAULT_LOCALE) -> str:
    """The message in ``locale`` (``"nl"``, ``"en"``, ``"nl_NL"``…); English when untranslated."""
    language = _language(locale)
    return _catalog(language).get(message, message)


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
    for phrase, translated in _phrases(language):
        if phrase in text:
            text = text.replace(phrase, translated)
    return text


def catalog_ids(locale: str = DEFAULT_LOCALE) -> frozenset[str]:
    """The message ids a catalog translates (used to test that every rule has Dutch)."""
    return frozenset(_catalog(_language(locale)))
