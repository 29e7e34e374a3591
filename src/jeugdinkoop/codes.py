"""The iJw 3.2 codelists as enums, values exactly as in the standard.

Municipal systems already speak these codes, so ``Unit("04")`` is an hour and
``Frequency("2")`` is per week, as in every JW301 and JW323 message. Each member also
carries its Dutch label.

Examples:
    >>> from jeugdinkoop.codes import Frequency, ProductCategory, Unit
    >>> Unit("04"), Unit.HOUR.label
    (<Unit.HOUR: '04'>, 'uur')
    >>> Frequency("6").label
    'totaal binnen geldigheidsduur toewijzing'
    >>> ProductCategory("45").label, ProductCategory("33").is_legacy
    ('ambulant', True)
"""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import Self

__all__ = [
    "DebitCredit",
    "Domain",
    "EndReason",
    "Frequency",
    "ProductCategory",
    "Referrer",
    "Unit",
    "Variant",
]


class _Coded(enum.StrEnum):
    """A ``StrEnum`` whose members carry a Dutch label next to their iJw code."""

    label: str

    def __new__(cls, code: str, label: str) -> Self:
        member = str.__new__(cls, code)
        member._value_ = code
        member.label = label
        return member


class Unit(_Coded):
    """Eenheid, iJw codelist WJ756.

    Examples:
        >>> Unit.MINUTE.minutes, Unit.DAY_PART.minutes, Unit.EURO.minutes is None
        (Decimal('1'), Decimal('240'), True)
    """

    MINUTE = "01", "minuut"
    HOUR = "04", "uur"
    DAY = "14", "etmaal"
    DAY_PART = "16", "dagdeel (4 uur)"
    PIECES_OUTPUT = "82", "stuks (output)"
    EURO = "83", "euro's"
    PIECES_EFFORT = "84", "stuks (inspanning)"

    @property
    def minutes(self) -> Decimal | None:
        """Length in minutes for time units; ``None`` for pieces and euros."""
        return _UNIT_MINUTES.get(self)

    @property
    def is_time(self) -> bool:
        """Whether the unit measures time (minute, hour, day part, etmaal)."""
        return self in _UNIT_MINUTES


_UNIT_MINUTES = {
    Unit.MINUTE: Decimal(1),
    Unit.HOUR: Decimal(60),
    Unit.DAY_PART: Decimal(240),  # iJw WJ756: a dagdeel is 4 hours
    Unit.DAY: Decimal(1440),  # an etmaal is 24 hours
}


class Frequency(_Coded):
    """Frequentie, iJw codelist WMO757 (also used by iJw).

    Examples:
        >>> Frequency.PER_WEEK.value
        '2'
    """

    PER_DAY = "1", "per dag"
    PER_WEEK = "2", "per week"
    PER_MONTH = "4", "per maand"
    TOTAL = "6", "totaal binnen geldigheidsduur toewijzing"


class DebitCredit(_Coded):
    """Debet/credit, codelist COD043.

    Examples:
        >>> DebitCredit("C").sign
        -1
    """

    DEBIT = "D", "debet"
    CREDIT = "C", "credit"

    @property
    def sign(self) -> int:
        """+1 for a debit, -1 for a credit."""
        return 1 if self is DebitCredit.DEBIT else -1


class Referrer(_Coded):
    """Verwijzer, codelist COD327.

    Examples:
        >>> Referrer("04").label
        'gecertificeerde instelling'
    """

    MUNICIPALITY = "01", "gemeente"
    GENERAL_PRACTITIONER = "02", "huisarts"
    YOUTH_DOCTOR = "03", "jeugdarts"
    CERTIFIED_INSTITUTION = "04", "gecertificeerde instelling"
    MEDICAL_SPECIALIST = "05", "medisch specialist"
    SELF = "06", "zelfverwijzer/geen verwijzer"
    JUDICIAL = "08", "rechter, Officier van Justitie of functionaris JJI"


class EndReason(_Coded):
    """Reden beëindiging, codelist JZ588.

    Examples:
        >>> EndReason("31").label
        'volgens plan'
    """

    DEATH = "02", "overlijden"
    TEMPORARY = "20", "tijdelijk beëindigd"
    AS_PLANNED = "31", "volgens plan"
    EARLY_BY_CLIENT = "32", "voortijdig door cliënt"
    EARLY_BY_PROVIDER = "33", "voortijdig door aanbieder"
    EARLY_AGREED = "34", "voortijdig in overeenstemming"
    EXTERNAL = "35", "externe omstandigheden"
    BY_MUNICIPALITY = "36", "geïnitieerd door gemeente"
    CHANGE_REQUEST = "37", "wijzigingsverzoek"
    OTHER_PROVIDER = "38", "overstap naar andere aanbieder"
    OTHER_DOMAIN = "39", "uitstroom naar ander domein"


class ProductCategory(_Coded):
    """Productcategorie, codelist JZ020.

    Codes ``31``–``38`` are the 2015 categories: accepted when read (``is_legacy``),
    never to be used in new assignments.

    Examples:
        >>> ProductCategory.AMBULANT.value, ProductCategory.AMBULANT.is_legacy
        ('45', False)
    """

    LEGACY_31 = "31", "categorie 2015 (31)"
    LEGACY_32 = "32", "categorie 2015 (32)"
    LEGACY_33 = "33", "categorie 2015 (33)"
    LEGACY_34 = "34", "categorie 2015 (34)"
    LEGACY_35 = "35", "categorie 2015 (35)"
    LEGACY_36 = "36", "categorie 2015 (36)"
    LEGACY_37 = "37", "categorie 2015 (37)"
    LEGACY_38 = "38", "categorie 2015 (38)"
    PERSONAL_CARE = "40", "persoonlijke verzorging"
    DAY_TREATMENT = "41", "dagbehandeling"
    TRANSPORT = "42", "vervoerdiensten"
    STAY_WITH_TREATMENT = "43", "verblijf inclusief behandeling"
    STAY_WITHOUT_TREATMENT = "44", "verblijf exclusief behandeling"
    AMBULANT = "45", "ambulant"
    CRISIS = "46", "crisis"
    YOUTH_PROBATION = "47", "jeugdreclassering"
    CHILD_PROTECTION = "48", "jeugdbescherming"
    PREVENTIVE_JUSTICE = "49", "preventief justitieel kader"
    CUSTOM_ARRANGEMENT = "50", "maatwerkarrangementen"
    GENERALIST_BASIC_MENTAL_HEALTH = "51", "generalistische basis-ggz"
    SPECIALIST_MENTAL_HEALTH = "52", "specialistische ggz"
    PAEDIATRICS = "53", "kindergeneeskunde"
    YOUTH_MENTAL_HEALTH = "54", "jeugd-ggz"
    NATIONALLY_PROCURED = "55", "landelijk ingekochte zorg"

    @property
    def is_legacy(self) -> bool:
        """Whether this is a 2015 category (31–38): read it, never emit it."""
        return self.value < "40"


class Variant(_Coded):
    """The three iJw execution variants (uitvoeringsvarianten) a funding model belongs to.

    Examples:
        >>> Variant.TASK.label
        'taakgericht'
    """

    EFFORT = "effort", "inspanningsgericht"
    OUTPUT = "output", "outputgericht"
    TASK = "task", "taakgericht"


class Domain(_Coded):
    """The law a segment falls under: Jeugdwet or Wmo 2015.

    Examples:
        >>> Domain("jeugd").label
        'Jeugdwet'
    """

    JEUGD = "jeugd", "Jeugdwet"
    WMO = "wmo", "Wmo 2015"
