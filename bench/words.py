"""German building blocks for the bench corpus: topics, sentence and title patterns, headings.

Everything here is written for the bench; sentences are assembled from these parts by
bench/corpus.py with a seeded random generator. Slots in braces are filled per sentence:
{city} (a city of data/cities.yml), {org} (an organisation's name), {topic}/{topic_akk}/{topic_dat}
(a topic of the item's action field, declined), {year}, {month}, {number}, {months}, {percent}, {person},
{role}, {group}, {place}.
"""

from __future__ import annotations

# Per action field of the real region (data/action_fields.yml): topics as (nominative, accusative,
# dative, short title form). Unknown fields fall back to the "verwaltung" topics.
TOPICS: dict[str, list[tuple[str, str, str, str]]] = {
    "verwaltung": [
        ("das digitale Bürgerbüro", "das digitale Bürgerbüro", "dem digitalen Bürgerbüro", "Digitales Bürgerbüro"),
        ("die elektronische Akte", "die elektronische Akte", "der elektronischen Akte", "E-Akte"),
        ("das gemeinsame Serviceportal", "das gemeinsame Serviceportal", "dem gemeinsamen Serviceportal", "Serviceportal"),
        ("der Online-Antrag für Wohngeld", "den Online-Antrag für Wohngeld", "dem Online-Antrag für Wohngeld", "Wohngeld online"),
        ("das digitale Gewerbeamt", "das digitale Gewerbeamt", "dem digitalen Gewerbeamt", "Digitales Gewerbeamt"),
        ("die Terminbuchung im Bürgerbüro", "die Terminbuchung im Bürgerbüro", "der Terminbuchung im Bürgerbüro", "Terminbuchung"),
        ("der digitale Posteingang", "den digitalen Posteingang", "dem digitalen Posteingang", "Digitaler Posteingang"),
        ("die Prozessaufnahme in den Ämtern", "die Prozessaufnahme in den Ämtern", "der Prozessaufnahme in den Ämtern", "Prozessaufnahme"),
    ],
    "mobilitaet": [
        ("der Batterie-Oberleitungsbus", "den Batterie-Oberleitungsbus", "dem Batterie-Oberleitungsbus", "Batteriebus"),
        ("das Testfeld für autonomes Fahren", "das Testfeld für autonomes Fahren", "dem Testfeld für autonomes Fahren", "Autonomes Fahren"),
        ("die Mobilitätsplattform", "die Mobilitätsplattform", "der Mobilitätsplattform", "Mobilitätsplattform"),
        ("der Rufbus in den Randlagen", "den Rufbus in den Randlagen", "dem Rufbus in den Randlagen", "Rufbus"),
        ("das Parkleitsystem", "das Parkleitsystem", "dem Parkleitsystem", "Parkleitsystem"),
        ("die Ladeinfrastruktur für Elektroautos", "die Ladeinfrastruktur für Elektroautos", "der Ladeinfrastruktur für Elektroautos", "Ladesäulen"),
        ("das Leihradsystem", "das Leihradsystem", "dem Leihradsystem", "Leihräder"),
    ],
    "energie-umwelt": [
        ("das virtuelle Kraftwerk", "das virtuelle Kraftwerk", "dem virtuellen Kraftwerk", "Virtuelles Kraftwerk"),
        ("die LED-Straßenbeleuchtung", "die LED-Straßenbeleuchtung", "der LED-Straßenbeleuchtung", "LED-Beleuchtung"),
        ("der regionale Energiemarktplatz", "den regionalen Energiemarktplatz", "dem regionalen Energiemarktplatz", "Energiemarktplatz"),
        ("die Messung der Luftqualität", "die Messung der Luftqualität", "der Messung der Luftqualität", "Luftqualität"),
        ("das Mieterstrommodell", "das Mieterstrommodell", "dem Mieterstrommodell", "Mieterstrom"),
        ("die Wärmeplanung", "die kommunale Wärmeplanung", "der kommunalen Wärmeplanung", "Wärmeplanung"),
        ("das Hochwasser-Frühwarnsystem", "das Hochwasser-Frühwarnsystem", "dem Hochwasser-Frühwarnsystem", "Hochwasserwarnung"),
    ],
    "gesundheit": [
        ("die Telemedizin in der Pflege", "die Telemedizin in der Pflege", "der Telemedizin in der Pflege", "Telemedizin"),
        ("das digitale Quartiersnetz für ältere Menschen", "das digitale Quartiersnetz für ältere Menschen", "dem digitalen Quartiersnetz für ältere Menschen", "Quartiersnetz"),
        ("die Vernetzung der Rettungsdienste", "die Vernetzung der Rettungsdienste", "der Vernetzung der Rettungsdienste", "Rettungsdienste"),
        ("der Pflegeplatz-Finder", "den Pflegeplatz-Finder", "dem Pflegeplatz-Finder", "Pflegeplatz-Finder"),
        ("die Gesundheitsplattform", "die Gesundheitsplattform", "der Gesundheitsplattform", "Gesundheitsplattform"),
    ],
    "bildung": [
        ("das WLAN in allen Schulen", "das WLAN in allen Schulen", "dem WLAN in allen Schulen", "Schul-WLAN"),
        ("die Lernplattform", "die Lernplattform", "der Lernplattform", "Lernplattform"),
        ("das Medienzentrum", "das Medienzentrum", "dem Medienzentrum", "Medienzentrum"),
        ("der Programmierkurs für Jugendliche", "den Programmierkurs für Jugendliche", "dem Programmierkurs für Jugendliche", "Programmierkurse"),
        ("die digitale Stadtbibliothek", "die digitale Stadtbibliothek", "der digitalen Stadtbibliothek", "Digitale Bibliothek"),
        ("die Fortbildung für Lehrkräfte", "die Fortbildung für Lehrkräfte", "der Fortbildung für Lehrkräfte", "Lehrkräfte-Fortbildung"),
    ],
    "wirtschaft-innovation": [
        ("das Gründerzentrum", "das Gründerzentrum", "dem Gründerzentrum", "Gründerzentrum"),
        ("der Wissenstransfer in kleine Betriebe", "den Wissenstransfer in kleine Betriebe", "dem Wissenstransfer in kleine Betriebe", "Wissenstransfer"),
        ("der lokale Online-Marktplatz", "den lokalen Online-Marktplatz", "dem lokalen Online-Marktplatz", "Online-Marktplatz"),
        ("das Innovationslabor", "das Innovationslabor", "dem Innovationslabor", "Innovationslabor"),
        ("das Netzwerk der Industrie 4.0", "das Netzwerk der Industrie 4.0", "dem Netzwerk der Industrie 4.0", "Industrie 4.0"),
        ("die Fachkräfte-Offensive", "die Fachkräfte-Offensive", "der Fachkräfte-Offensive", "Fachkräfte"),
    ],
    "infrastruktur-daten": [
        ("das Glasfasernetz", "das Glasfasernetz", "dem Glasfasernetz", "Glasfaser"),
        ("das offene Datenportal", "das offene Datenportal", "dem offenen Datenportal", "Open Data"),
        ("das Sensornetz für die Stadt", "das Sensornetz für die Stadt", "dem Sensornetz für die Stadt", "Sensornetz"),
        ("der Bergische Datenring", "den Bergischen Datenring", "dem Bergischen Datenring", "Datenring"),
        ("das freie WLAN in der Innenstadt", "das freie WLAN in der Innenstadt", "dem freien WLAN in der Innenstadt", "Freies WLAN"),
        ("das Rechenzentrum", "das gemeinsame Rechenzentrum", "dem gemeinsamen Rechenzentrum", "Rechenzentrum"),
        ("die urbane Datenplattform", "die urbane Datenplattform", "der urbanen Datenplattform", "Datenplattform"),
    ],
    "beteiligung": [
        ("der Bürgerhaushalt", "den Bürgerhaushalt", "dem Bürgerhaushalt", "Bürgerhaushalt"),
        ("die Beteiligungsplattform", "die Beteiligungsplattform", "der Beteiligungsplattform", "Beteiligungsplattform"),
        ("der Mängelmelder", "den Mängelmelder", "dem Mängelmelder", "Mängelmelder"),
        ("die Zukunftswerkstatt", "die Zukunftswerkstatt", "der Zukunftswerkstatt", "Zukunftswerkstatt"),
        ("das Ideenportal", "das Ideenportal", "dem Ideenportal", "Ideenportal"),
        ("der Runde Tisch Digitalisierung", "den Runden Tisch Digitalisierung", "dem Runden Tisch Digitalisierung", "Runder Tisch"),
    ],
}

NEWS_TITLES = [
    "{city} startet {short}",
    "{short}: erste Ergebnisse aus {city}",
    "{org} übernimmt Betrieb von {short}",
    "Neue Förderung für {short} in {city}",
    "{short} geht in die zweite Phase",
    "Rat in {city} beschließt {short}",
    "{short}: Bürgerinnen und Bürger geben Rückmeldung",
    "Workshop zu {short} in {city}",
    "{org} und {org2} vereinbaren Zusammenarbeit",
    "{short} erreicht {number} Nutzerinnen und Nutzer",
    "Zwischenbilanz: {short} nach {months} Monaten",
    "{city} testet {short} im Stadtteil {place}",
    "Fachtag {short} mit {number} Gästen",
    "{short}: Ausschreibung veröffentlicht",
    "Land besucht {short} in {city}",
    "Delegation aus {place} informiert sich über {short}",
    "{short} ausgezeichnet",
    "{org} stellt {short} vor",
    "Wie {short} den Alltag in {city} verändert",
    "Neue Ansprechpartnerin für {short}",
]

SUMMARIES = [
    "{city} hat {topic_akk} gestartet. {Org_sentence}",
    "Seit {month} {year} arbeiten die Städte an {topic_dat}. Die ersten Erfahrungen sind ermutigend.",
    "Mit {topic_dat} will {city} Wege verkürzen und Abläufe vereinfachen. {Org_sentence}",
    "Rund {number} Menschen haben {topic_akk} bereits genutzt. Nun sollen weitere Angebote folgen.",
    "Die Förderung des Landes macht {topic_akk} möglich. Bis {year2} soll es in allen drei Städten verfügbar sein.",
    "Fachleute aus Verwaltung, Wissenschaft und Wirtschaft haben über {topic_akk} beraten und nächste Schritte vereinbart.",
]

ORG_SENTENCES = [
    "{org} begleitet das Vorhaben.",
    "Federführend ist {org}.",
    "Partner ist {org}.",
    "Unterstützt wird die Stadt von {org}.",
]

SENTENCES = [
    "{city} hat {topic_akk} im {month} {year} auf den Weg gebracht.",
    "Nach Angaben der Stadt nutzen inzwischen rund {number} Menschen {topic_akk}.",
    "Gemeinsam mit {org} wollen die drei Städte {topic_akk} bis {year2} weiterentwickeln.",
    "Im Mittelpunkt steht die Frage, wie {topic} den Alltag der Menschen in {city} erleichtern kann.",
    "Die Kosten teilen sich die beteiligten Partner; einen großen Teil trägt das Land.",
    "Wer Fragen zu {topic_dat} hat, erreicht das Projektbüro werktags per E-Mail und Telefon.",
    "Bei der Umsetzung arbeitet die Verwaltung eng mit {org} zusammen.",
    "Zuvor hatten {group} ihre Wünsche und Bedenken in mehreren Werkstätten eingebracht.",
    "Die Ergebnisse sollen auch anderen Kommunen in Nordrhein-Westfalen zur Verfügung stehen.",
    "„Wir wollen zeigen, dass {topic} im Alltag funktioniert“, sagt {person}, {role}.",
    "„Ohne die Rückmeldungen der Bürgerinnen und Bürger wären wir nicht so weit“, betont {person}.",
    "Die Auswertung zeigt, dass etwa {percent} Prozent der Anfragen inzwischen digital eingehen.",
    "Im Stadtteil {place} läuft seit dem {month} ein erster Versuch.",
    "Schon in der ersten Woche gingen mehr als {number} Anmeldungen ein.",
    "Die Stadtverwaltung wertet die Erfahrungen aus und passt das Angebot Schritt für Schritt an.",
    "Für das kommende Jahr ist geplant, {topic_akk} auf weitere Stadtteile auszudehnen.",
    "Datenschutz und Barrierefreiheit waren von Anfang an Teil der Planung.",
    "{org} bringt dabei die technische Erfahrung ein, die Städte ihr Wissen über die Abläufe vor Ort.",
    "Die Fördermittel stammen aus dem Programm des Landes für die digitalen Modellkommunen.",
    "Ein Beirat aus {group} begleitet die Arbeit und berichtet zweimal im Jahr.",
    "Die Software beruht auf offenen Standards, damit andere Städte sie übernehmen können.",
    "In einer ersten Befragung bewerteten {percent} Prozent der Teilnehmenden das Angebot als hilfreich.",
    "Mehrere Ämter haben ihre Abläufe dafür neu beschrieben und vereinfacht.",
    "Auch {group} sollen von {topic_dat} profitieren.",
    "Die nächste Ausbaustufe ist für den {month} {year2} vorgesehen.",
    "Dafür stehen nach Angaben der Stadt rund {number} 000 Euro bereit.",
    "Die Mitarbeiterinnen und Mitarbeiter wurden in Schulungen auf die neue Arbeitsweise vorbereitet.",
    "Kritisch sehen manche, dass ältere Menschen ohne Internetzugang zurückbleiben könnten.",
    "Deshalb bleibt der Weg ins Rathaus weiterhin offen, betont die Verwaltung.",
    "Die Erfahrungen aus {city} fließen in die Arbeit der anderen Modellkommunen ein.",
    "Ein Abschlussbericht soll bis Ende {year2} vorliegen.",
    "Technisch setzt {topic} auf die vorhandene Infrastruktur der Städte auf.",
    "Zum Auftakt kamen Vertreterinnen und Vertreter von {org} und {org2} zusammen.",
    "Die Beteiligten verständigten sich auf einen gemeinsamen Zeitplan.",
    "Wie es weitergeht, entscheidet der Lenkungskreis in seiner nächsten Sitzung.",
]

HEADINGS = [
    "Worum es geht", "Was sich ändert", "Erste Erfahrungen", "Wie es weitergeht", "Zahlen und Fakten",
    "Die Partner", "Der Zeitplan", "Stimmen aus der Praxis", "Hintergrund", "Förderung und Kosten",
    "Beteiligung der Bürgerschaft", "Technik und Datenschutz", "Was Nutzerinnen und Nutzer sagen",
    "Ausblick", "Offene Fragen", "Die nächsten Schritte", "Erfahrungen aus anderen Städten",
    "Was die Verwaltung lernt", "Barrierefreiheit", "Kontakt und Information",
]

SUBHEADINGS = [
    "In {city}", "Für Unternehmen", "Für Bürgerinnen und Bürger", "Im Stadtteil {place}", "Bis {year2}",
    "Aus Sicht von {org}", "Die Technik", "Die Kosten",
]

LIST_ITEMS = [
    "Anträge rund um die Uhr stellen",
    "Termine im Bürgerbüro online buchen",
    "Bescheide digital erhalten",
    "Unterlagen hochladen statt per Post schicken",
    "Rückmeldungen direkt an das zuständige Amt geben",
    "Daten aus {city} offen herunterladen",
    "Schulungen für Mitarbeiterinnen und Mitarbeiter",
    "Sprechstunden in den Stadtteilbibliotheken",
    "ein gemeinsamer Standard für alle drei Städte",
    "Auswertung nach {months} Monaten",
    "Beteiligung von {group}",
    "Veröffentlichung des Quellcodes",
    "Prüfung der Barrierefreiheit durch eine externe Stelle",
    "regelmäßige Berichte an den Lenkungskreis",
    "Zusammenarbeit mit {org}",
    "Erweiterung auf weitere Stadtteile",
    "eine Hotline für Rückfragen",
    "Informationen in Leichter Sprache",
]

GROUPS = [
    "Seniorinnen und Senioren", "Schülerinnen und Schüler", "Pendlerinnen und Pendler",
    "kleine und mittlere Unternehmen", "Vereine und Initiativen", "Studierende der Bergischen Universität",
    "Beschäftigte der Stadtverwaltung", "Menschen mit Behinderung", "Eltern", "Händlerinnen und Händler",
]

PLACES = [
    "Elberfeld", "Barmen", "Vohwinkel", "Cronenberg", "Ronsdorf", "Ohligs", "Wald", "Gräfrath",
    "Höhscheid", "Lennep", "Lüttringhausen", "Hasten", "Langerfeld", "Oberbarmen", "Burg an der Wupper",
]

FIRST_NAMES = ["Anna", "Jonas", "Fatma", "Lukas", "Marie", "Mehmet", "Sabine", "Thomas", "Julia", "Stefan",
               "Elena", "Michael", "Katharina", "Yusuf", "Claudia", "Peter", "Leonie", "Andreas", "Nina", "Daniel"]
LAST_NAMES = ["Becker", "Schmitz", "Yılmaz", "Hoffmann", "Krüger", "Wagner", "Neumann", "Schulte", "Kowalski",
              "Meyer", "Brandt", "Arslan", "Lorenz", "Vogel", "Hartmann", "Berger", "Winter", "Engels"]
ROLES = ["Leiterin des Projektbüros", "Leiter des Projektbüros", "Digitalisierungsbeauftragte der Stadt",
         "Digitalisierungsbeauftragter der Stadt", "Projektleiterin", "Projektleiter", "Beigeordnete für Digitales",
         "Amtsleiter", "Sprecherin der Initiative", "wissenschaftlicher Mitarbeiter"]
MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"]

PROJECT_TITLES = [
    "{short} {city}",
    "{short} für die Region",
    "{short} im Bergischen Städtedreieck",
    "Pilotprojekt {short}",
    "{short} – gemeinsam mit {org}",
    "Modellversuch {short} in {place}",
    "{short} 2.0",
    "Regionales Netzwerk {short}",
]

PROJECT_SUMMARIES = [
    "Die Städte bauen {topic_akk} gemeinsam auf und teilen Technik, Wissen und Kosten.",
    "{city} erprobt {topic_akk} zuerst im Stadtteil {place}; danach sollen die Partnerstädte folgen.",
    "Mit {topic_dat} sollen Bürgerinnen, Bürger und Unternehmen schneller zu ihrem Anliegen kommen.",
    "{org} entwickelt {topic_akk} mit den Städten so, dass andere Kommunen es übernehmen können.",
]

EVENT_TITLES = [
    "Werkstatt: {short}", "Infoabend {short} in {city}", "Fachtag {short}", "Sprechstunde {short}",
    "Lenkungskreis der Modellregion", "Hackathon {short}", "Bürgerdialog {short}", "Netzwerktreffen {short}",
    "Online-Seminar: {short} für Einsteiger", "Abschlussveranstaltung {short}",
]

LOCATIONS = [
    ("Rathaus Barmen, Ratssaal", "Johannes-Rau-Platz 1, 42275 Wuppertal"),
    ("Rathaus Solingen", "Rathausplatz 1, 42651 Solingen"),
    ("Rathaus Remscheid", "Theodor-Heuss-Platz 1, 42853 Remscheid"),
    ("Bergische Universität, Campus Freudenberg", "Rainer-Gruenter-Straße 21, 42119 Wuppertal"),
    ("Stadtbibliothek Wuppertal", "Kolpingstraße 8, 42103 Wuppertal"),
    ("Utopiastadt im Bahnhof Mirke", "Mirker Straße 48, 42105 Wuppertal"),
    ("Güterhallen Solingen", "Alexander-Coppel-Straße 44, 42651 Solingen"),
]

ALT_TEXTS = [
    "Zwei Beschäftigte der Stadt zeigen einer Bürgerin das neue Angebot am Bildschirm",
    "Blick über die Dächer von {city} mit dem Rathausturm im Vordergrund",
    "Ein Elektrobus hält an einer Haltestelle in der Innenstadt",
    "Teilnehmende eines Workshops sitzen mit Laptops an langen Tischen",
    "Bauarbeiter verlegen orangefarbene Leerrohre für Glasfaser am Straßenrand",
    "Eine Schülerin arbeitet im Klassenzimmer an einem Tablet",
    "Podium mit vier Personen vor einer Leinwand mit dem Logo der Modellregion",
    "Sensor für Luftqualität an einer Straßenlaterne in {city}",
]

QUERY = "Glasfaser"  # one search on /suche/: a word that many generated items contain
