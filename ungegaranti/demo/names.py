"""Common Danish first names and surnames, most frequent first (the builder weights by rank).

Written for the demo municipality; children born 1997-2020 get the "young" names, their
parents the "parent" names.
"""


def _words(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(text.split()))


YOUNG_MALE = _words(
    """
    William Noah Oscar Lucas Victor Malthe Emil Alfred Frederik Carl Oliver Magnus Elias
    Valdemar Aksel August Arthur Anton Mikkel Johan Christian Alexander Mathias Sebastian
    Jonas Rasmus Mads Kasper Nikolaj Andreas Tobias Jakob Marcus Simon Philip Daniel Benjamin
    Adam Liam Theo Milas Storm Bertram Villads Hugo Otto Viggo Konrad Holger Ludvig Felix
    Laurits Sigurd Asger Bastian Casper Gustav Harald Jonathan Julius Karl Lauge Loke Marius
    Max Oskar Silas Sofus Theodor Thor Tristan Vincent Aron Alex Esben Kristoffer Lasse Rune
    Mikael Nicklas Patrick Martin Jeppe Kristian Thomas Peter Anders Niklas Jens Hjalte Ejner
    Elliot Vitus Walter Mio Bjørn Asbjørn Johannes Louis Leo Ivar Hans Sander Sylvester Lukas
    Marinus Aage Eddie Jacob Nicolai Morten
    """
)

YOUNG_FEMALE = _words(
    """
    Emma Ida Clara Alma Ella Sofia Freja Josefine Agnes Karla Anna Laura Olivia Frida Ellen
    Lærke Nora Asta Isabella Mathilde Caroline Sofie Maja Emilie Cecilie Julie Sara Amalie
    Signe Line Camilla Louise Katrine Christina Maria Nanna Mette Stine Sarah Rikke Marie
    Astrid Aya Esther Lily Luna Vilma Liva Vigga Molly Hannah Alberte Johanne Filippa Alba
    Emily Gry Dagmar Elvira Ingrid Karen Rosa Selma Silje Thea Tilde Viola Andrea Mille
    Natasja Pernille Simone Trine Tine Nicoline Jasmin Malou Malene Naja Anne Kristine Iben
    Amanda Victoria Celina Sigrid Merle Ronja Elisabeth Lea Marta Nova Saga Hedda Liv Ella
    Johanna Ellie Josephine Cille Nathalie Helena Louisa Rebecca Stella Kamma Elin Mie
    """
)

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
