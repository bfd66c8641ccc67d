"""Common Danish first names and surnames, most frequent first (the builder weights by rank).

Written for the demo municipality: the young people's first names follow their birth decade,
their parents get the "parent" names.
"""


def _words(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(text.split()))


# First names of children and young people by birth decade, most frequent first: names from
# Danmarks Statistik's yearly top-50 lists of first names given to newborns ("Navne til
# nyfødte", https://www.dst.dk/da/Statistik/emner/borgere/navne/navne-til-nyfoedte), roughly
# in their order over the decade. So one born in 1999 is more likely a Mads or a Julie, one
# born in 2020 an Oscar or an Alma.
YOUNG_BY_DECADE: dict[int, dict[str, tuple[str, ...]]] = {
    1990: {
        "M": _words(
            """
            Mads Mikkel Rasmus Frederik Christian Mathias Jonas Nicolai Kasper Martin Andreas
            Emil Alexander Tobias Jakob Simon Patrick Daniel Sebastian Jesper Nikolaj Thomas
            Anders Kristian Lasse Marcus Philip Michael Peter Morten Oliver Magnus Jeppe Niklas
            Casper Jacob Mark Benjamin Kristoffer Steffen
            """
        ),
        "F": _words(
            """
            Julie Camilla Sarah Maria Louise Cecilie Mathilde Emma Laura Christina Katrine
            Amalie Stine Line Sofie Signe Ida Caroline Nanna Anne Mette Sara Maja Emilie
            Josefine Rikke Natasja Simone Frederikke Trine Sandra Nicoline Pernille Marie
            Kristine Michelle Anna Freja Melanie Mie
            """
        ),
    },
    2000: {
        "M": _words(
            """
            Mikkel Frederik Mathias Emil Lucas Magnus Mads Rasmus Oliver Christian Jonas Tobias
            Alexander Sebastian William Noah Victor Nikolaj Oscar Marcus Andreas Malthe Jakob
            Simon Kasper Benjamin Daniel Nicklas Philip Anton Jeppe Gustav Carl Jonathan Elias
            Laurits Sander Patrick Kristian Thomas Adam Villads Johan
            """
        ),
        "F": _words(
            """
            Emma Julie Ida Mathilde Laura Sofie Freja Caroline Cecilie Anna Maja Clara Isabella
            Emilie Amalie Sara Josefine Frida Signe Nanna Mille Katrine Louise Sofia Camilla
            Olivia Lærke Nicoline Line Victoria Kaja Sarah Alberte Liva Marie Frederikke
            Christina Naja Mia Rebecca
            """
        ),
    },
    2010: {
        "M": _words(
            """
            William Noah Oliver Lucas Victor Oscar Carl Malthe Emil Alfred Elias Magnus
            Frederik Valdemar August Aksel Anton Arthur Villads Mikkel Alexander Mathias
            Sebastian Johan Liam Theo Felix Anker Hugo Otto Vincent Theodor Storm Bertram
            Laurits Milas Konrad Viggo Marius Adam
            """
        ),
        "F": _words(
            """
            Emma Ida Sofia Alma Clara Freja Ella Anna Laura Karla Josefine Isabella Agnes
            Olivia Lærke Maja Mathilde Frida Nora Ellen Alberte Asta Emily Lily Luna Aya
            Esther Liva Vigga Filippa Signe Caroline Victoria Sofie Johanne Ellie Gry Hannah
            Molly Dagmar
            """
        ),
    },
    2020: {
        "M": _words(
            """
            William Oscar Carl Noah Emil Valdemar Alfred Aksel Arthur Malthe Lucas Oliver
            Elias August Viggo Otto Hugo Theo Villads Frederik Magnus Anton Felix Ludvig Bertram
            Vincent Storm Konrad Bjørn Harald Holger Sigurd Walter Mio Asger Ivar Sofus Lauge
            Alvin Johan
            """
        ),
        "F": _words(
            """
            Alma Ella Emma Ida Sofia Olivia Freja Clara Nora Karla Astrid Agnes Asta Ellen Lily
            Luna Frida Aya Saga Alberte Anna Esther Vilma Ingrid Josefine Isabella Lærke Ellie
            Molly Vigga Hedda Liv Tilde Marie Selma Kamma Lea Dagmar Gry Rosa
            """
        ),
    },
}


def young_names(*, birth_year: int, male: bool) -> tuple[str, ...]:
    """The names for a birth year (the nearest decade in the table)."""
    decades = sorted(YOUNG_BY_DECADE)
    decade = min(max(birth_year // 10 * 10, decades[0]), decades[-1])
    return YOUNG_BY_DECADE[decade]["M" if male else "F"]


PARENT_MALE = _words(
    """
    Peter Michael Lars Thomas Jens Henrik Søren Martin Christian Jan Morten Jesper Anders
    Niels Rasmus Brian Kenneth Kim Allan Mads Jacob Per Ole Torben Claus Carsten Steen Bo
    Dennis Jakob Kristian Tommy Jimmy Frank Flemming Bjarne Poul Erik Hans Jørgen Kurt Leif
    Mogens Ulrik Troels René Nicolaj Esben Lasse Kasper Rune Simon Johnny Finn Gert Bent
    Michael Dan Kåre Svend Preben Henning Karsten Tonny Tom Jonas
    """
)

PARENT_FEMALE = _words(
    """
    Mette Anne Susanne Hanne Charlotte Louise Camilla Tina Lene Maria Helle Marianne Pia
    Pernille Trine Heidi Karina Gitte Lone Anja Dorthe Malene Rikke Jeanette Bettina Janni
    Birgitte Kirsten Jette Lisbeth Sanne Line Maja Maiken Stine Christina Mia Signe Sara
    Kristina Katrine Ditte Tanja Mona Jane Vibeke Inge Annette Bente Lotte Tove Winnie Eva
    Julie Nina Majbritt Ane Tenna Karen
    """
)

SURNAMES = _words(
    """
    Nielsen Jensen Hansen Pedersen Andersen Christensen Larsen Sørensen Rasmussen Jørgensen
    Petersen Madsen Kristensen Olsen Thomsen Christiansen Poulsen Johansen Møller Mortensen
    Knudsen Jakobsen Jacobsen Mikkelsen Olesen Frederiksen Laursen Henriksen Lund Schmidt
    Eriksen Holm Kristiansen Clausen Simonsen Svendsen Andreasen Iversen Jeppesen Mogensen
    Jespersen Nissen Lauridsen Kjær Jepsen Frandsen Østergaard Søndergaard Thygesen Kjeldsen
    Dahl Vestergaard Nørgaard Bach Lassen Overgaard Christoffersen Thomassen Bertelsen
    Mathiasen Karlsen Carlsen Kjærgaard Dam Steffensen Berg Enevoldsen Bruun Kofoed Bech
    Winther Mathiesen Sloth Nygaard Brandt Toft Juhl Pallesen Lind Riis Klausen Abildgaard
    Vinther Hedegaard Kirkegaard Skov Bak Storgaard Krogh Ravn Munk Hald Bisgaard Mølgaard
    Graversen Ebbesen Fisker Korsgaard Nørregaard Hjorth Brodersen Vendelbo Bonde Hvid
    """
)
