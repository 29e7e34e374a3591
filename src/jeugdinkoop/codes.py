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

__all__ = [
    "ChangeReason",
    "DebitCredit",
    "Domain",
    "EndReason",
    "Frequency",
    "ProductCategory",
    "Referrer",
    "Unit",
    "Variant",
]


_LABELS: dict[tuple[type, str], str] = {}


class _Coded(enum.StrEnum):
    """A ``StrEnum`` of iJw codes whose members also carry a Dutch label."""

    @property
    def label(self) -> str:
        """The Dutch name of the code, as the iStandaard lists it."""
        return _LABELS[(type(self), self.value)]


def _labels(kind: type[_Coded], labels: dict[str, str]) -> None:
    for code, label in labels.items():
        _LABELS[(kind, kind(code).value)] = label


class Unit(_Coded):
    """Eenheid, iJw codelist WJ756.

    Examples:
        >>> Unit.MINUTE.minutes, Unit.DAY_PART.minutes, Unit.EURO.minutes is None
        (Decimal('1'), Decimal('240'), True)
    """

    MINUTE = "01"
    HOUR = "04"
    DAY = "14"
    DAY_PART = "16"
    PIECES_OUTPUT = "82"
    EURO = "83"
    PIECES_EFFORT = "84"

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


_labels(
    Unit,
    {
        "01": "minuut",
        "04": "uur",
        "14": "etmaal",
        "16": "dagdeel (4 uur)",
        "82": "stuks (output)",
        "83": "euro's",
        "84": "stuks (inspanning)",
    },
)


class Frequency(_Coded):
    """Frequentie, iJw codelist WMO757 (also used by iJw).

    Examples:
        >>> Frequency.PER_WEEK.value
        '2'
    """

    PER_DAY = "1"
    PER_WEEK = "2"
    PER_MONTH = "4"
    TOTAL = "6"


_labels(
    Frequency,
    {
        "1": "per dag",
        "2": "per week",
        "4": "per maand",
        "6": "totaal binnen geldigheidsduur toewijzing",
    },
)


class DebitCredit(_Coded):
    """Debet/credit, codelist COD043.

    Examples:
        >>> DebitCredit("C").sign
        -1
    """

    DEBIT = "D"
    CREDIT = "C"

    @property
    def sign(self) -> int:
        """+1 for a debit, -1 for a credit."""
        return 1 if self is DebitCredit.DEBIT else -1


_labels(
    DebitCredit,
    {
        "D": "debet",
        "C": "credit",
    },
)


class Referrer(_Coded):
    """Verwijzer, codelist COD327.

    Examples:
        >>> Referrer("04").label
        'gecertificeerde instelling'
    """

    MUNICIPALITY = "01"
    GENERAL_PRACTITIONER = "02"
    YOUTH_DOCTOR = "03"
    CERTIFIED_INSTITUTION = "04"
    MEDICAL_SPECIALIST = "05"
    SELF = "06"
    JUDICIAL = "08"


_labels(
    Referrer,
    {
        "01": "gemeente",
        "02": "huisarts",
        "03": "jeugdarts",
        "04": "gecertificeerde instelling",
        "05": "medisch specialist",
        "06": "zelfverwijzer/geen verwijzer",
        "08": "rechter, Officier van Justitie of functionaris JJI",
    },
)


class EndReason(_Coded):
    """Reden beëindiging, codelist JZ588.

    Examples:
        >>> EndReason("31").label
        'volgens plan'
    """

    DEATH = "02"
    TEMPORARY = "20"
    AS_PLANNED = "31"
    EARLY_BY_CLIENT = "32"
    EARLY_BY_PROVIDER = "33"
    EARLY_AGREED = "34"
    EXTERNAL = "35"
    BY_MUNICIPALITY = "36"
    CHANGE_REQUEST = "37"
    OTHER_PROVIDER = "38"
    OTHER_DOMAIN = "39"


_labels(
    EndReason,
    {
        "02": "overlijden",
        "20": "tijdelijk beëindigd",
        "31": "volgens plan",
        "32": "voortijdig door cliënt",
        "33": "voortijdig door aanbieder",
        "34": "voortijdig in overeenstemming",
        "35": "externe omstandigheden",
        "36": "geïnitieerd door gemeente",
        "37": "wijzigingsverzoek",
        "38": "overstap naar andere aanbieder",
        "39": "uitstroom naar ander domein",
    },
)


class ChangeReason(_Coded):
    """Reden wijziging, codelist JZ002: why an assignment (ToegewezenProduct) was changed.

    A claim on an assignment withdrawn with reason ``13`` (verwijderd) is refused (iJw
    TR384, return code 9384).

    Examples:
        >>> ChangeReason("13"), ChangeReason.WITHDRAWN.label
        (<ChangeReason.WITHDRAWN: '13'>, 'verwijderd')
    """

    CORRECTION_WITHDRAWN = "01"
    DEATH = "02"
    CONTRACT_CHANGE = "03"
    EXTENDED = "04"
    SHORTENED = "05"
    OTHER_DOMAIN = "06"
    MOVED = "07"
    FORM_CHANGE = "08"
    OTHER_PROVIDER = "09"
    NEW_FUNDING = "10"
    MERGER = "11"
    BY_PROVIDER = "12"
    WITHDRAWN = "13"
    CORRECTION = "14"


_labels(
    ChangeReason,
    {
        "01": "administratieve correctie (vervallen)",
        "02": "cliënt overleden",
        "03": "contractwijziging",
        "04": "herbeoordeling: verlenging toewijzing",
        "05": "herbeoordeling: verkorting toewijzing",
        "06": "uitstroom naar ander domein",
        "07": "verhuizing naar een andere gemeente",
        "08": "wijziging leveringsvorm",
        "09": "overstap naar andere aanbieder",
        "10": "overgang naar nieuwe bekostigingssystematiek",
        "11": "gemeentelijke herindeling",
        "12": "geïnitieerd door de aanbieder",
        "13": "verwijderd",
        "14": "administratieve correctie",
    },
)


class ProductCategory(_Coded):
    """Productcategorie, codelist JZ020.

    Codes ``31``–``38`` are the 2015 categories: accepted when read (``is_legacy``),
    never to be used in new assignments.

    Examples:
        >>> ProductCategory.AMBULANT.value, ProductCategory.AMBULANT.is_legacy
        ('45', False)
    """

    LEGACY_31 = "31"
    LEGACY_32 = "32"
    LEGACY_33 = "33"
    LEGACY_34 = "34"
    LEGACY_35 = "35"
    LEGACY_36 = "36"
    LEGACY_37 = "37"
    LEGACY_38 = "38"
    PERSONAL_CARE = "40"
    DAY_TREATMENT = "41"
    TRANSPORT = "42"
    STAY_WITH_TREATMENT = "43"
    STAY_WITHOUT_TREATMENT = "44"
    AMBULANT = "45"
    CRISIS = "46"
    YOUTH_PROBATION = "47"
    CHILD_PROTECTION = "48"
    PREVENTIVE_JUSTICE = "49"
    CUSTOM_ARRANGEMENT = "50"
    GENERALIST_BASIC_MENTAL_HEALTH = "51"
    SPECIALIST_MENTAL_HEALTH = "52"
    PAEDIATRICS = "53"
    YOUTH_MENTAL_HEALTH = "54"
    NATIONALLY_PROCURED = "55"

    @property
    def is_legacy(self) -> bool:
        """Whether this is a 2015 category (31–38): read it, never emit it."""
        return self.value < "40"


_labels(
    ProductCategory,
    {
        "31": "categorie 2015 (31)",
        "32": "categorie 2015 (32)",
        "33": "categorie 2015 (33)",
        "34": "categorie 2015 (34)",
        "35": "categorie 2015 (35)",
        "36": "categorie 2015 (36)",
        "37": "categorie 2015 (37)",
        "38": "categorie 2015 (38)",
        "40": "persoonlijke verzorging",
        "41": "dagbehandeling",
        "42": "vervoerdiensten",
        "43": "verblijf inclusief behandeling",
        "44": "verblijf exclusief behandeling",
        "45": "ambulant",
        "46": "crisis",
        "47": "jeugdreclassering",
        "48": "jeugdbescherming",
        "49": "preventief justitieel kader",
        "50": "maatwerkarrangementen",
        "51": "generalistische basis-ggz",
        "52": "specialistische ggz",
        "53": "kindergeneeskunde",
        "54": "jeugd-ggz",
        "55": "landelijk ingekochte zorg",
    },
)


class Variant(_Coded):
    """The three iJw execution variants (uitvoeringsvarianten) a funding model belongs to.

    Examples:
        >>> Variant.TASK.label
        'taakgericht'
    """

    EFFORT = "effort"
    OUTPUT = "output"
    TASK = "task"


_labels(
    Variant,
    {
        "effort": "inspanningsgericht",
        "output": "outputgericht",
        "task": "taakgericht",
    },
)


class Domain(_Coded):
    """The law a segment falls under: Jeugdwet or Wmo 2015.

    Examples:
        >>> Domain("jeugd").label
        'Jeugdwet'
    """

    JEUGD = "jeugd"
    WMO = "wmo"


_labels(
    Domain,
    {
        "jeugd": "Jeugdwet",
        "wmo": "Wmo 2015",
    },
)
