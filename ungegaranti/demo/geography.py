"""A made-up but plausible Hjørring: its seven real postal codes weighted by population, six
school districts with fourteen schools, two friskoler, streets, and what kinds of companies
each town has.

School names are invented in the style of the area; they are not the municipality's register.
"""

from dataclasses import dataclass

MUNICIPALITY_CODE = "860"
MUNICIPALITY_NAME = "Hjørring"

# Postal code -> (town, share of the population in weight units). 9800 Hjørring is the big one.
POSTAL_CODES: dict[str, tuple[str, int]] = {
    "9800": ("Hjørring", 50),
    "9850": ("Hirtshals", 12),
    "9870": ("Sindal", 10),
    "9760": ("Vrå", 9),
    "9480": ("Løkken", 7),
    "9830": ("Tårs", 6),
    "9881": ("Bindslev", 6),
}


@dataclass(frozen=True)
class DemoSchool:
    name: str
    postal_code: str
    weight: int  # relative size among the district's schools
    grades: tuple[int, ...] = tuple(range(10))  # 0-9; a 10th-grade centre has (10,)
    institution_number: str = ""
    # A friskole (a private school outside the municipal districts) takes families from these
    # postal codes. It sits in the district of its address only because every school row needs
    # one; families choose it instead of their district school.
    friskole_for: tuple[str, ...] = ()
    # The share of those families who choose it. Nationally about one pupil in six goes to a
    # fri- or privatskole, fewer in a rural municipality; a friskole has a few hundred pupils.
    friskole_share: float = 0.0


@dataclass(frozen=True)
class DemoDistrict:
    name: str
    postal_codes: tuple[str, ...]  # where its pupils live
    schools: tuple[DemoSchool, ...]


DISTRICTS: tuple[DemoDistrict, ...] = (
    DemoDistrict(
        "Hjørring Nord",
        ("9800",),
        (
            DemoSchool("Nordbyskolen", "9800", 3, institution_number="801001"),
            DemoSchool("Bagterpskolen", "9800", 3, institution_number="801002"),
            DemoSchool("Hjørring 10. klasse-center", "9800", 0, (10,), "801003"),
        ),
    ),
    DemoDistrict(
        "Hjørring Syd",
        ("9800",),
        (
            DemoSchool("Skolen i Bymidten", "9800", 3, institution_number="801004"),
            DemoSchool("Lundergårdskolen", "9800", 3, institution_number="801005"),
            DemoSchool("Bjergby-Mygdal Skole", "9800", 1, institution_number="801006"),
            DemoSchool(
                "Vendsyssel Friskole",
                "9800",
                0,
                institution_number="801015",
                friskole_for=("9800", "9850", "9830", "9870"),
                friskole_share=0.05,  # 12 % of the town's many families would make it 600 pupils
            ),
        ),
    ),
    DemoDistrict(
        "Hirtshals",
        ("9850",),
        (
            DemoSchool("Hirtshals Skole", "9850", 4, institution_number="801007"),
            DemoSchool("Tornby Skole", "9850", 1, institution_number="801008"),
        ),
    ),
    DemoDistrict(
        "Sindal-Bindslev",
        ("9870", "9881"),
        (
            DemoSchool("Sindal Skole", "9870", 4, tuple(range(11)), "801009"),
            DemoSchool("Bindslev Skole", "9881", 2, institution_number="801010"),
        ),
    ),
    DemoDistrict(
        "Vrå-Løkken",
        ("9760", "9480"),
        (
            DemoSchool("Vrå Skole", "9760", 3, institution_number="801011"),
            DemoSchool("Løkken Skole", "9480", 3, institution_number="801012"),
            DemoSchool(
                "Vestkystens Friskole",
                "9480",
                0,
                institution_number="801016",
                friskole_for=("9480", "9760"),
                friskole_share=0.12,
            ),
        ),
    ),
    DemoDistrict(
        "Tårs",
        ("9830",),
        (
            DemoSchool("Tårs Skole", "9830", 3, institution_number="801013"),
            DemoSchool("Hørmested Skole", "9830", 1, institution_number="801014"),
        ),
    ),
)

TOWN_STREETS = (
    "Østergade",
    "Vestergade",
    "Nørregade",
    "Søndergade",
    "Jernbanegade",
    "Stationsvej",
    "Kirkegade",
    "Bredgade",
    "Torvet",
    "Springvandspladsen",
    "Strandvejen",
    "Skagensvej",
    "Frederikshavnsvej",
    "Aalborgvej",
    "Læsøvej",
    "Hovedgaden",
    "Brinck Seidelins Gade",
)
INDUSTRIAL_STREETS = (
    "Industrivej",
    "Erhvervsvej",
    "Håndværkervej",
    "Fabriksvej",
    "Smedevej",
    "Sadelmagervej",
    "Transportvej",
    "Værkstedsvej",
    "Montagevej",
    "Energivej",
)
HARBOUR_STREETS = ("Havnegade", "Nordsøvej", "Vesterhavsgade", "Kystvejen", "Fiskerihavnsgade")
RURAL_STREETS = ("Hedevej", "Markvej", "Bakkevej", "Engvej", "Mosevej", "Åsvej", "Lyngvej")

# Where the street is: sector -> street list (default: town streets).
SECTOR_STREETS = {
    "A": RURAL_STREETS,
    "C": INDUSTRIAL_STREETS,
    "D": INDUSTRIAL_STREETS,
    "E": INDUSTRIAL_STREETS,
    "F": INDUSTRIAL_STREETS,
    "H": INDUSTRIAL_STREETS,
}

# Partners per town (weights), and sector weights for the area.
PARTNER_POSTAL_WEIGHTS = {
    "9800": 46,
    "9850": 16,
    "9870": 10,
    "9760": 9,
    "9480": 9,
    "9830": 5,
    "9881": 5,
}
SECTOR_WEIGHTS = {
    "A": 5,
    "C": 23,
    "D": 1,
    "E": 1,
    "F": 15,
    "G": 18,
    "H": 5,
    "I": 8,
    "J": 2,
    "K": 1,
    "L": 1,
    "M": 5,
    "N": 3,
    "P": 1,
    "Q": 7,
    "R": 2,
    "S": 4,
}
# Local character: fishing, the harbour and tourism at the coast, services in the town.
TOWN_SECTOR_FACTORS = {
    "9850": {"A": 3.0, "H": 2.5, "I": 2.0, "C": 1.3},
    "9480": {"I": 3.5, "R": 2.0, "G": 1.2},
    "9800": {"M": 1.6, "Q": 1.5, "J": 1.5, "K": 2.0, "N": 1.3},
    "9830": {"A": 2.0},
    "9881": {"A": 2.0},
    "9760": {"C": 1.3},
}

# Kinds of business by DB07 section; the builder makes names like "Vrå Tømrerforretning".
SECTOR_KINDS: dict[str, tuple[str, ...]] = {
    "A": ("Maskinstation", "Planteskole", "Gartneri", "Landbrug", "Kvægbrug", "Svineproduktion"),
    "C": (
        "Maskinfabrik",
        "Stålindustri",
        "Plastindustri",
        "Snedkeri",
        "Møbelfabrik",
        "Smedeværksted",
        "Bageri",
        "Trykkeri",
        "Betonvarefabrik",
        "Vinduesfabrik",
        "Elektronik",
        "Bådebyggeri",
        "Fiskeindustri",
        "Pølsemageri",
    ),
    "D": ("Varmeværk", "Vindmølleservice"),
    "E": ("Renovation", "Genbrug"),
    "F": (
        "Tømrerforretning",
        "Murerfirma",
        "Entreprenør",
        "El-installation",
        "VVS",
        "Malerfirma",
        "Kloakmester",
        "Tagdækning",
        "Byggefirma",
    ),
    "G": (
        "Autohus",
        "Byggecenter",
        "Supermarked",
        "Isenkram",
        "Cykler",
        "Fiskeeksport",
        "Foderstof",
        "Købmand",
        "Blomster",
        "Boghandel",
        "Tøjhus",
        "Autoværksted",
        "Maskinhandel",
        "Sko",
        "Elektronikhandel",
    ),
    "H": ("Vognmandsforretning", "Transport", "Logistik", "Spedition", "Busser"),
    "I": ("Hotel", "Kro", "Restaurant", "Café", "Pizzeria", "Badehotel", "Camping", "Grill"),
    "J": ("IT", "Webbureau", "Software", "Media"),
    "K": ("Forsikringsservice", "Finans"),
    "L": ("Ejendomme", "Boligudlejning"),
    "M": (
        "Revision",
        "Advokatfirma",
        "Arkitekter",
        "Rådgivende Ingeniører",
        "Landinspektører",
        "Dyrlæger",
        "Reklamebureau",
    ),
    "N": ("Rengøring", "Vikarservice", "Anlægsgartner", "Maskinudlejning"),
    "P": ("Køreskole", "Sprogcenter", "Musikskole"),
    "Q": ("Tandlægehus", "Fysioterapi", "Lægehus", "Bosted", "Privat Hjemmepleje"),
    "R": ("Fitness", "Oplevelsespark", "Kunstgalleri", "Bowling"),
    "S": ("Frisør", "Vaskeri", "Skrædderi", "Bedemand", "Hundepension"),
}
# Kinds that only fit at the coast.
COASTAL_KINDS = frozenset({"Fiskeindustri", "Fiskeeksport", "Bådebyggeri", "Badehotel"})
COASTAL_POSTAL_CODES = frozenset({"9850", "9480"})
# Fishing at Hirtshals is section A too.
HARBOUR_A_KINDS = ("Fiskeriselskab", "Trawlerrederi", "Rejefiskeri")

REGIONAL_PREFIXES = (
    "Vendsyssel",
    "Nordjysk",
    "Toppen af Danmarks",
    "Vestkystens",
    "Nordkystens",
    "Skagerrak",
    "Nord",
)

CONTACT_TITLES = (
    "Direktør",
    "Ejer",
    "Indehaver",
    "Daglig leder",
    "HR-ansvarlig",
    "Elevansvarlig",
    "Værkfører",
    "Butikschef",
    "Produktionschef",
    "Køkkenchef",
)

# Example domains only (RFC 2606): never a real domain.
EMAIL_DOMAINS = ("example.org", "example.net", "example.com")
