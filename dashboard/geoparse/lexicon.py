"""Word lists the geoparser relies on: demonyms, state abbreviations, cue words.

Kept as data, apart from the logic, so that adding a demonym or a cue is a
one-line change that needs no reading of the algorithms.
"""

from __future__ import annotations

# Demonyms and plural nationality nouns -> ISO 3166-1 alpha-2 country code.
DEMONYMS: dict[str, str] = {
    "afghan": "AF", "albanian": "AL", "algerian": "DZ", "american": "US", "americans": "US",
    "angolan": "AO", "argentine": "AR", "argentinian": "AR", "armenian": "AM",
    "australian": "AU", "australians": "AU", "austrian": "AT", "azerbaijani": "AZ",
    "bahraini": "BH", "bangladeshi": "BD", "belarusian": "BY", "belgian": "BE",
    "bolivian": "BO", "bosnian": "BA", "brazilian": "BR", "brazilians": "BR", "british": "GB",
    "briton": "GB", "britons": "GB", "bulgarian": "BG", "burmese": "MM", "cambodian": "KH",
    "cameroonian": "CM", "canadian": "CA", "canadians": "CA", "chilean": "CL", "chinese": "CN",
    "colombian": "CO", "congolese": "CD", "costa rican": "CR", "croatian": "HR", "cuban": "CU",
    "cubans": "CU", "cypriot": "CY", "czech": "CZ", "czechs": "CZ", "danish": "DK", "dane": "DK",
    "danes": "DK", "dominican": "DO", "dutch": "NL", "ecuadorian": "EC", "egyptian": "EG",
    "egyptians": "EG", "emirati": "AE", "english": "GB", "eritrean": "ER", "estonian": "EE",
    "ethiopian": "ET", "faroese": "FO", "fijian": "FJ", "filipino": "PH", "finnish": "FI",
    "finn": "FI", "finns": "FI", "french": "FR", "georgian": "GE", "german": "DE",
    "germans": "DE", "ghanaian": "GH", "greek": "GR", "greeks": "GR", "guatemalan": "GT",
    "haitian": "HT", "honduran": "HN", "hungarian": "HU", "icelandic": "IS", "indian": "IN",
    "indians": "IN", "indonesian": "ID", "iranian": "IR", "iranians": "IR", "iraqi": "IQ",
    "iraqis": "IQ", "irish": "IE", "israeli": "IL", "israelis": "IL", "italian": "IT",
    "italians": "IT", "ivorian": "CI", "jamaican": "JM", "japanese": "JP", "jordanian": "JO",
    "kazakh": "KZ", "kenyan": "KE", "korean": "KR", "south korean": "KR", "north korean": "KP",
    "kosovar": "XK", "kuwaiti": "KW", "kyrgyz": "KG", "lao": "LA", "laotian": "LA",
    "latvian": "LV", "lebanese": "LB", "liberian": "LR", "libyan": "LY", "lithuanian": "LT",
    "luxembourgish": "LU", "macedonian": "MK", "malagasy": "MG", "malaysian": "MY",
    "maltese": "MT", "mauritanian": "MR", "mexican": "MX", "mexicans": "MX", "moldovan": "MD",
    "mongolian": "MN", "montenegrin": "ME", "moroccan": "MA", "mozambican": "MZ",
    "namibian": "NA", "nepalese": "NP", "nepali": "NP", "new zealander": "NZ",
    "nicaraguan": "NI", "nigerian": "NG", "nigerien": "NE", "norwegian": "NO",
    "norwegians": "NO", "omani": "OM", "pakistani": "PK", "pakistanis": "PK",
    "palestinian": "PS", "palestinians": "PS", "panamanian": "PA", "paraguayan": "PY",
    "peruvian": "PE", "polish": "PL", "pole": "PL", "poles": "PL", "portuguese": "PT",
    "puerto rican": "PR", "qatari": "QA", "romanian": "RO", "russian": "RU", "russians": "RU",
    "rwandan": "RW", "saudi": "SA", "saudis": "SA", "scottish": "GB", "scot": "GB",
    "scots": "GB", "senegalese": "SN", "serbian": "RS", "serb": "RS", "serbs": "RS",
    "singaporean": "SG", "slovak": "SK", "slovenian": "SI", "somali": "SO", "somalis": "SO",
    "south african": "ZA", "spanish": "ES", "spaniard": "ES", "sri lankan": "LK",
    "sudanese": "SD", "swedish": "SE", "swede": "SE", "swedes": "SE", "swiss": "CH",
    "syrian": "SY", "syrians": "SY", "taiwanese": "TW", "tajik": "TJ", "tanzanian": "TZ",
    "thai": "TH", "tibetan": "CN", "tunisian": "TN", "turkish": "TR", "turk": "TR",
    "turks": "TR", "turkmen": "TM", "ugandan": "UG", "ukrainian": "UA", "ukrainians": "UA",
    "uruguayan": "UY", "uzbek": "UZ", "venezuelan": "VE", "venezuelans": "VE",
    "vietnamese": "VN", "welsh": "GB", "yemeni": "YE", "zambian": "ZM", "zimbabwean": "ZW",
    "kiwi": "NZ", "aussie": "AU", "hong konger": "HK", "icelander": "IS", "icelanders": "IS",
}

# AP-style US state abbreviations, as they appear in datelines ("Fargo, N.D.").
US_STATE_ABBREVIATIONS: dict[str, str] = {
    "ala.": "Alabama", "ariz.": "Arizona", "ark.": "Arkansas", "calif.": "California",
    "colo.": "Colorado", "conn.": "Connecticut", "del.": "Delaware", "fla.": "Florida",
    "ga.": "Georgia", "ill.": "Illinois", "ind.": "Indiana", "kan.": "Kansas",
    "kans.": "Kansas", "ky.": "Kentucky", "la.": "Louisiana", "md.": "Maryland",
    "mass.": "Massachusetts", "mich.": "Michigan", "minn.": "Minnesota",
    "miss.": "Mississippi", "mo.": "Missouri", "mont.": "Montana", "neb.": "Nebraska",
    "nev.": "Nevada", "n.h.": "New Hampshire", "n.j.": "New Jersey", "n.m.": "New Mexico",
    "n.y.": "New York", "n.c.": "North Carolina", "n.d.": "North Dakota", "okla.": "Oklahoma",
    "ore.": "Oregon", "pa.": "Pennsylvania", "r.i.": "Rhode Island", "s.c.": "South Carolina",
    "s.d.": "South Dakota", "tenn.": "Tennessee", "tex.": "Texas", "vt.": "Vermont",
    "va.": "Virginia", "wash.": "Washington", "w.va.": "West Virginia",
    "w. va.": "West Virginia", "wis.": "Wisconsin", "wyo.": "Wyoming", "d.c.": "Washington, D.C.",
}

# Words that, right after a name, say the name is a subdivision ("Rauma Municipality").
ADMIN_SUFFIXES: tuple[str, ...] = (
    "municipality", "municipalities", "county", "counties", "parish", "parishes",
    "province", "provinces", "region", "regions", "district", "districts", "borough",
    "township", "prefecture", "canton", "state", "oblast", "governorate",
)

# Words that, after a capitalised name, mark a landmark or facility, not a settlement.
LANDMARK_WORDS: frozenset[str] = frozenset(
    {
        "museum", "mountain", "mountains", "mount", "lake", "river", "bridge", "castle",
        "cathedral", "church", "palace", "park", "station", "airport", "beach", "island",
        "islands", "valley", "glacier", "fjord", "desert", "forest", "falls", "canyon",
        "harbour", "harbor", "square", "street", "road", "avenue", "studios", "studio",
        "tower", "hotel", "stadium", "abbey", "fort", "pier", "bay", "coast", "peninsula",
        "railway", "line", "dam", "cliffs", "cliff", "rock", "gardens", "temple", "monastery",
    }
)

# Prepositions that make the next capitalised name likely a place.
PLACE_PREPOSITIONS: frozenset[str] = frozenset(
    {
        "in", "at", "near", "to", "from", "outside", "across", "around", "toward",
        "towards", "into", "through", "throughout", "via", "within", "between", "of",
    }
)

# Generic capitalised words a gazetteer knows as places but text rarely means as places.
NOT_PLACES: frozenset[str] = frozenset(
    {
        "the", "a", "an", "i", "he", "she", "we", "it", "they", "mr", "mrs", "ms", "dr",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december", "god", "christmas", "easter",
        "president", "governor", "mayor", "police", "university", "college", "school",
        "hospital", "church", "court", "city", "county", "state", "north", "south", "east",
        "west", "central", "new", "old", "good", "best", "love", "hope", "victory", "unity",
        "liberty", "independence", "justice", "union", "republic", "republican", "democrat",
        "democrats", "republicans", "senate", "congress", "house", "white", "black", "green",
        "brown", "young", "king", "queen", "prince", "star", "sun", "moon", "ocean", "home",
        "island", "lake", "river", "park", "mount", "beach", "man", "woman", "people",
    }
)
