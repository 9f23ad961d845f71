"""The build's messages about a transcription in plain Danish, for contributors who are not
programmers (`omgoerelse tjek`): where (file, line, column), what is wrong, what to write.

Each rule matches one of the build's own messages (English, for developers) and says the same in
Danish; a message no rule knows is shown as the build wrote it.
"""

from __future__ import annotations

import re

from omgoerelse.core.errors import Problem
from omgoerelse.core.text import visible

FOUND = r", found '(?P<found>[^']*)'"
# core/text.py's text_problem: "U+00A0 NO-BREAK SPACE at character 2 of 'I<U+00A0>alt': write ..."
INVISIBLE = r"(?P<char>U\+[0-9A-F]{4,6} [^']+) at character (?P<at>\d+) of '(?P<found>.*)': "
# (the build's message, what a contributor is told): the patterns are the build's own words
RULES: list[tuple[re.Pattern, str]] = [
    (
        re.compile(r"expected a dot as decimal mark \(write (?P<fix>[^)]+)\)" + FOUND),
        "Brug punktum som decimaltegn: skriv {fix} i stedet for {found}.",
    ),
    (
        re.compile(r"without thousands separators \(write (?P<fix>[^)]+)\)" + FOUND),
        "Skriv antal uden punktum mellem tusinderne: {fix} i stedet for {found}.",
    ),
    (
        re.compile(r"expected a value \(the cell is empty"),
        "Cellen er tom. Skriv tallet, som det står i dokumentet, eller en markør som Tom.",
    ),
    (
        re.compile(r"expected a four-digit year" + FOUND),
        "Skriv året med fire cifre (fx 2024), ikke {found}.",
    ),
    (
        re.compile(r"expected no spaces around the value" + FOUND),
        "Fjern mellemrum før eller efter værdien '{found}'.",
    ),
    (
        re.compile(INVISIBLE + "write a plain"),
        "Der står et usynligt mellemrum ({char}) som tegn nr. {at} i '{found}'. Skriv et "
        "almindeligt mellemrum.",
    ),
    (
        re.compile(INVISIBLE + "remove it"),
        "Der står et usynligt tegn ({char}) som tegn nr. {at} i '{found}'. Slet det; det kommer "
        "ofte med, når tekst kopieres fra en PDF.",
    ),
    (
        re.compile(r"text of (?P<n>\d+) characters is longer than (?P<limit>\d+)"),
        "Teksten har {n} tegn, mere end de {limit}, et trykt navn eller en note kan have. Tjek, "
        "om flere celler er kommet med i én.",
    ),
    (
        re.compile(r"expected the digits 0-9 \((?P<char>[^)]*) is not one of them\)"),
        "Skriv tallet med almindelige cifre 0-9 ({char} er ikke et af dem).",
    ),
    (
        re.compile(r"of at most (?P<most>\d+) \(no printed \w+ is larger\)" + FOUND),
        "Tallet {found} er for stort: intet trykt tal her er over {most}. Tjek, om der er "
        "kommet cifre for meget med.",
    ),
    (
        re.compile(r"expected a percentage from 0 to 100" + FOUND),
        "En procent ligger mellem 0 og 100, ikke {found}.",
    ),
    (
        re.compile(r"with at most (?P<most>\d+) decimals.*" + FOUND),
        "Skriv højst {most} decimaler, som dokumentet gør, ikke {found}.",
    ),
    (
        re.compile(r"expected a whole number.*" + FOUND),
        "Her skal stå et helt tal (et antal), ikke '{found}'.",
    ),
    (
        re.compile(r"expected a number.*" + FOUND),
        "Her skal stå et tal (fx 44.9), ikke '{found}'.",
    ),
    (
        re.compile(
            r"unknown \w+ '(?P<found>[^']*)': not a printed name in code list '(?P<list>\w+)' "
            r"\(known: (?P<known>.*?)\);"
        ),
        "Navnet '{found}' kendes ikke i kodelisten {list}. Skriv det som et af disse: {known} "
        "- eller bed en vedligeholder om at tilføje navnet.",
    ),
    (
        re.compile(r"looks semicolon-separated"),
        "Filen er delt med semikolon. Gem den som CSV med komma mellem cellerne (CSV UTF-8).",
    ),
    (
        re.compile(r"unknown column \(expected one of: (?P<known>.*)\)"),
        "Overskriften i første linje har en kolonne, som ikke hører til. "
        "Kolonnerne skal hedde: {known}.",
    ),
    (
        re.compile(r"column is missing from the header"),
        "Kolonnen mangler i første linje (overskriften). Kopiér overskriften fra skabelonen.",
    ),
    (
        re.compile(r"document '(?P<doc>[^']*)' is not in sources/register.yaml"),
        "Dokumentet {doc} står ikke i sources/register.yaml. Tilføj titel, udgiver og dato.",
    ),
    (
        re.compile(r"url is null: say why in url_note"),
        "Dokumentet har ingen adresse (url: null). Skriv i url_note, hvorfor det ikke har nogen.",
    ),
    (
        re.compile(r"file starts with a byte-order mark"),
        "Filen starter med et usynligt tegn (BOM). Gem den som 'CSV UTF-8' uden BOM.",
    ),
    (
        re.compile(r"not UTF-8"),
        "Filen er ikke gemt som UTF-8, så æ, ø og å bliver forkerte. Gem den som 'CSV UTF-8'.",
    ),
]


def in_danish(problem: Problem) -> str:
    """The problem as a contributor reads it: "fil, linje 3, kolonne 'vaerdi': ..." in Danish."""
    where = str(problem.path)
    if problem.line is not None:
        where += f", linje {problem.line}"
    if problem.column is not None:
        where += f", kolonne '{visible(problem.column)}'"
    for pattern, text in RULES:
        found = pattern.search(problem.message)
        if found:
            return f"{where}: {text.format(**found.groupdict())}"
    return f"{where}: {problem.message}"
