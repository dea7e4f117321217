"""Which language an article is in, and the words Reelmap needs to read it.

spaCy's English model finds places and the role cues are English phrases, so
an article in Spanish, French, German or Italian needs its own small lexicons:
function words (never place names), place prepositions, the nouns that
introduce a place ("la ciudad de ..."), and filming cue phrases for each role.
Any other language is reported as such: Reelmap cannot read it and says so.

Detection is two-step so English pays nothing: English function words decide
most articles at once; the rest go to py3langid, a naive Bayes identifier of
97 languages whose model ships inside its wheel (loaded once, on first need).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier  # type: ignore[import-untyped]

READABLE: tuple[str, ...] = ("en", "es", "fr", "de", "it")
_NAMES = {"en": "English", "es": "Spanish", "fr": "French", "de": "German", "it": "Italian"}
_SAMPLE_CHARS = 5_000
_MIN_WORDS = 5  # fewer words than this cannot be told apart: read as English
_MIN_CONFIDENCE = 0.5
_SURE = 0.8  # below this, a readable runner-up of at least _RUNNER_UP wins
_RUNNER_UP = 0.25
_WORD = re.compile(r"[^\W\d_]+")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Frequent English words that are not also common words of es/fr/de/it
# ("was", "will" and "her" are German words; "he" is Spanish).
_ENGLISH = _words(
    "the and of to is for that with from it she his they their have has had been were are "
    "this which who would said at by not but"
)
_MONTHS_DAYS = {
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre "
    "noviembre diciembre lunes martes miércoles jueves viernes sábado domingo",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre "
    "décembre lundi mardi mercredi jeudi vendredi samedi dimanche",
    "de": "januar februar märz april mai juni juli august september oktober november "
    "dezember montag dienstag mittwoch donnerstag freitag samstag sonntag",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre "
    "novembre dicembre lunedì martedì mercoledì giovedì venerdì sabato domenica",
}
_FUNCTION_WORDS = {
    "es": "el la los las lo un una unos unas de del al y e o u en a por para con sin sobre "
    "entre desde hasta hacia que se su sus le les me te nos es son fue fueron era está están "
    "ha han había este esta estos estas ese esa eso como más muy pero también ya no sí "
    "cuando donde quien cual mi tu yo él ella ellos ellas hay ser según tras durante qué cómo",
    "fr": "le la les l un une des du de d et ou en à au aux par pour avec sans sur sous dans "
    "entre vers chez que qu qui se sa son ses leur leurs ce cet cette ces il elle ils elles "
    "nous vous on je est sont était été ont avait pas ne plus mais aussi comme très où y "
    "dont selon après avant pendant",
    "de": "der die das den dem des ein eine einer einen einem eines und oder im an am auf "
    "aus bei mit nach von vom zu zum zur für über unter vor durch um ist sind war waren wird "
    "werden wurde wurden hat haben hatte nicht auch noch schon sehr wie als wenn dass es er "
    "sie wir ihr ich man sich sein seine ihre dieser diese dieses doch aber nur so bis",
    "it": "il lo la i gli le un uno una di del dello della dei degli delle da dal dallo "
    "dalla dai in nel nello nella nei negli nelle a al allo alla ai agli alle su sul sulla "
    "con per tra fra e ed o che chi non è sono era erano ha hanno si ci anche come più ma se "
    "questo questa quello quella suo sua loro molto già dopo prima",
}


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The closed word classes the capitalisation recogniser needs for one language."""

    stopwords: frozenset[str]  # function words, months and days: never a place alone
    prepositions: frozenset[str]  # "en Corse", "nach Salzburg": the next name is a place
    articles: frozenset[str]  # may stand between a preposition and the name
    of_words: frozenset[str]  # "de", "di": a place only after a settlement noun
    # "la provincia de X", "la città di X"; not "barrio del X", a neighbourhood that
    # shares its name with some distant town far more often than it is one.
    settlement_nouns: frozenset[str]
    connectors: frozenset[str]  # lowercase words inside names ("Zell am See")
    elisions: frozenset[str]  # "l'", "dell'": cut off the front of a name
    person_titles: frozenset[str]  # "el alcalde X", "Frau X": a person, not a place
    nouns_capitalised: bool = False  # German: every noun is capitalised


_LEXICONS = {
    "es": Lexicon(
        stopwords=_words(_FUNCTION_WORDS["es"] + " " + _MONTHS_DAYS["es"]),
        prepositions=_words("en a desde hasta hacia por entre"),
        articles=_words("el la los las"),
        of_words=_words("de del"),
        settlement_nouns=_words(
            "ciudad provincia región pueblo localidad municipio departamento capital isla "
            "comunidad estado centro calles norte sur este oeste noroeste noreste "
            "sudoeste sureste afueras alrededores cerca valle sierra costa playa puerto zona "
            "área país villa"
        ),
        connectors=_words("de del la las los el"),
        elisions=frozenset(),
        person_titles=_words(
            "señor sr señora sra don doña presidente presidenta alcalde alcaldesa director "
            "directora realizador actor actriz general ministro ministra productor productora"
        ),
    ),
    "fr": Lexicon(
        stopwords=_words(_FUNCTION_WORDS["fr"] + " " + _MONTHS_DAYS["fr"]),
        prepositions=_words("à en au aux dans vers depuis jusqu entre près"),
        articles=_words("le la les l"),
        of_words=_words("de du des d"),
        settlement_nouns=_words(
            "ville région département commune village île province municipalité centre rues "
            "nord sud est ouest environs banlieue côte vallée port aéroport pays "
            "canton capitale territoire"
        ),
        connectors=_words("de du des la le les sur en"),
        elisions=_words("l d j qu jusqu lorsqu puisqu s n m c t"),
        person_titles=_words(
            "m mme monsieur madame président présidente maire réalisateur réalisatrice acteur "
            "actrice général ministre directeur directrice producteur productrice"
        ),
    ),
    "de": Lexicon(
        # "zu Ende", "Anfang Mai": nouns of time, whatever towns share them (Ende, Flores)
        stopwords=_words(_FUNCTION_WORDS["de"] + " " + _MONTHS_DAYS["de"] + " ende anfang"),
        prepositions=_words("in nach aus bei von um über durch zwischen nahe ab"),
        articles=_words("der die das den dem des ein eine einer einen einem eines"),
        of_words=frozenset(),
        settlement_nouns=_words("stadt gemeinde region provinz bundesland kanton dorf ort"),
        connectors=_words("am an der im bei ob in"),
        elisions=frozenset(),
        person_titles=_words(
            "herr frau präsident präsidentin bürgermeister bürgermeisterin regisseur "
            "regisseurin schauspieler schauspielerin general minister ministerin produzent "
            "produzentin"
        ),
        nouns_capitalised=True,
    ),
    "it": Lexicon(
        stopwords=_words(_FUNCTION_WORDS["it"] + " " + _MONTHS_DAYS["it"]),
        prepositions=_words(
            "a ad in da tra fra verso presso per nel nella nello nei nelle al alla allo ai alle "
            "dal dalla dallo sul sulla"
        ),
        articles=_words("il lo la i gli le l"),
        of_words=_words("di del della dello dei degli delle d"),
        settlement_nouns=_words(
            "città provincia regione comune paese isola borgo centro vie nord sud est ovest "
            "vicino periferia costa valle porto zona capoluogo frazione territorio"
        ),
        connectors=_words("di del della dei delle de sul sulla al in"),
        elisions=_words("l d dell nell all dall sull coll un quest quell"),
        person_titles=_words(
            "signor signora sig presidente sindaco sindaca regista attore attrice generale "
            "ministro ministra don padre produttore produttrice"
        ),
    ),
}


def lexicon(language: str) -> Lexicon | None:
    """The word classes for es/fr/de/it; None for English (spaCy reads it) and others."""
    return _LEXICONS.get(language)


# -- detection ------------------------------------------------------------------


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@lru_cache(maxsize=1)
def _distinctive() -> dict[str, frozenset[str]]:
    """Each readable language's function words that the other four do not share."""
    sets = {lang: _words(_FUNCTION_WORDS[lang]) for lang in _LEXICONS}
    sets["en"] = _ENGLISH
    return {
        lang: words
        - frozenset().union(*(s for other, s in sets.items() if other != lang))
        - (_ALSO_ENGLISH if lang != "en" else frozenset())
        for lang, words in sets.items()
    }


# Function words of the other languages that English writes as often ("opens in
# Athens in March" is no Italian): they tell no language apart.
_ALSO_ENGLISH = _words("in a on me he")


def _function_word_guess(words: list[str]) -> str | None:
    """The readable language whose own function words clearly dominate, if any."""
    counts = sorted(
        ((sum(w in own for w in words), lang) for lang, own in _distinctive().items()),
        reverse=True,
    )
    (best, lang), (second, _) = counts[0], counts[1]
    return lang if best >= 2 and best > 1.5 * second else None


def detect(text: str) -> str:
    """ISO 639-1 code of the article's language ("en" when too short to tell)."""
    sample = text[:_SAMPLE_CHARS]
    words = _WORD.findall(sample.lower())
    if len(words) < _MIN_WORDS:
        return "en"
    english = sum(w in _ENGLISH for w in words)
    if english >= 3 and english >= 0.12 * len(words):
        return "en"
    ranked = _identifier().rank(sample)
    code, confidence = ranked[0]
    if code in READABLE and confidence >= _MIN_CONFIDENCE:
        return str(code)
    # A short Spanish sentence reads as Extremaduran about as well as Spanish: an
    # uncertain verdict goes to a readable language that is nearly as likely.
    readable = next(((c, p) for c, p in ranked if c in READABLE), None)
    if confidence < _SURE and readable is not None and readable[1] >= _RUNNER_UP:
        return str(readable[0])
    if confidence >= _MIN_CONFIDENCE:
        return str(code)
    return _function_word_guess(words) or "en"


def language_name(code: str) -> str:
    """English name of a language code ("pt" -> "Portuguese"), the code if unknown."""
    if code in _NAMES:
        return _NAMES[code]
    import babel

    return str(babel.Locale("en").languages.get(code, code))


def notice(code: str) -> str:
    """What to tell the user about an article's language; "" when Reelmap reads it."""
    if code in READABLE:
        return ""
    readable = ", ".join(_NAMES[c] for c in READABLE[:-1]) + f" and {_NAMES[READABLE[-1]]}"
    return (
        f"This article looks written in {language_name(code)} ({code}); Reelmap reads "
        f"{readable} only, so it looked for no places in it."
    )


# -- filming-role cues ----------------------------------------------------------


def _cues(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE)


# Each role's phrases per language, written for classes of phrasing: every
# tense and number of the filming verbs, the nouns for a shoot and its crew,
# story-setting verbs, abandoned or competing locations, and the places that
# are about people or releases rather than the shoot. Future tenses are plans.
_ROLE_CUES: dict[str, dict[str, tuple[str, ...]]] = {
    "es": {
        "planned": (
            r"(?:se )?(?:rodar|filmar|grabar)(?:á|án)",
            r"(?:comenzar|empezar|arrancar|iniciar)(?:á|án) (?:el rodaje|las grabaciones|"
            r"a (?:rodar|filmar|grabar))",
            r"(?:va|van|iba|iban) a (?:rodar|filmar|grabar|rodarse|filmarse)",
            r"(?:tiene|tienen|tenía|tenían) previsto (?:rodar|filmar|grabar)",
            r"(?:está|están|estaba|estaban) previst[oa]s?",
            r"próxim[oa]s? (?:rodaje|rodajes|parada|destino|locación|locaciones)",
            r"(?:se )?(?:traslad|desplaz|mud)ará(?:n)?",
            r"viajará(?:n)?",
            r"llegará(?:n)? a",
            r"antes de (?:trasladarse|viajar|mudarse|desplazarse)",
            r"(?:continuar|seguir|proseguir|reanudar)(?:á|án)",  # the shoot goes on there later
        ),
        "filmed": (
            r"rodajes?",
            r"(?:se )?(?:rodó|rodaron|rueda|ruedan|rodaba|rodaban)",
            r"rodad[oa]s?",
            r"rodando",
            r"rodar(?:se|la|lo|las|los)?",
            r"film(?:ó|aron|aba|aban|ando|ación|aciones|ar|arse)",
            r"filmad[oa]s?",
            r"grab(?:ó|aron|aba|aban|ando|ación|aciones|ar|arse)",
            r"grabad[oa]s?",
            r"grabaran",
            r"locaci(?:ón|ones)",
            r"localizaciones",
            r"escenarios?",
            r"plató",
            r"exteriores",
            r"escenas?",
            r"secuencias?",
            r"tomas",
            r"planos",
            r"equipo (?:de rodaje|de filmación|técnico)",
            r"producción",
            r"(?:se )?traslad(?:ó|aron) (?:a|hasta)",
            r"cámaras?",
        ),
        "setting": (
            r"ambientad[oa]s?",
            r"se desarroll(?:a|aba|an|aban|ará)",
            r"transcurr(?:e|en|ía|ían)",
            r"tiene lugar",
            r"la (?:historia|trama|acción) (?:de|se|transcurre|tiene)",
            r"se sitúa",
            r"retrat(?:a|an|aba)",
            r"narr(?:a|an)",
            r"cuenta la historia",
            r"fictici[oa]s?",
            r"recre(?:ar|a|ó|aron)",
            # what a place is turned into, or stands in for, is the story's
            r"(?:se )?convert(?:irá|irán|ió|ieron|ido|ida) en",
            r"(?:hace|hará|hizo|hacen) (?:las veces )?de",
        ),
        "scouted": (
            r"no (?:pudo|pudieron|logró|lograron|consiguió|consiguieron) (?:obtener|conseguir|"
            r"rodar|filmar|grabar)",
            r"neg(?:ó|aron) (?:el )?permiso",
            r"sin permiso",
            r"descart(?:ó|aron|ad[oa]s?)",
            r"en (?:lugar|vez) de",
            r"(?:primera|otra|segunda) opción",
            r"consider(?:ó|aron)",
            r"baraj(?:ó|aron|aba|aban)",
            r"quer(?:ía|ían) (?:rodar|filmar|grabar)",
            r"(?:pensaba|pensaban|planeaba|planeaban) (?:rodar|filmar|grabar)",
            r"scouting",
            r"cancelad[oa]s?",
            # looking for locations is no shoot: "buscaron localizaciones en Toledo"
            r"(?:busc|recorr|visit)(?:ó|aron|aba|aban|ando) (?:posibles )?"
            r"(?:localizaciones|exteriores)",
            r"localizaciones (?:posibles|potenciales)",
        ),
        "other": (
            r"estren(?:o|os|ó|aron|ará|arán|a|an)",
            r"premi(?:ere|ère)",
            r"festival",
            r"alfombra roja",
            r"nacid[oa]s? en",
            r"naci(?:ó|eron) en",
            r"viv(?:e|en|ía|ían) en",
            r"residente en",
            r"reside en",
            r"sede en",
            # where the crew sleeps or keeps its base, not where it shoots
            r"(?:con )?base (?:en|de operaciones)",
            r"(?:instalad|alojad|hospedad)[oa]s? en",
            r"originari[oa]s? de",
            r"natal",
            r"taquilla",
            r"proyección",
            r"gira promocional",
            r"de origen",
        ),
    },
    "fr": {
        "planned": (
            r"(?:tourner|filmer)(?:a|ont|ait|aient)",
            r"ser(?:a|ont|ait|aient) (?:tourné|filmé)e?s?",
            r"(?:va|vont|allait|allaient) (?:tourner|filmer|être tourné)",
            r"(?:débuter|commencer|démarrer)(?:a|ont) (?:le tournage|les prises de vues?|"
            r"à tourner)",
            r"prochains? tournages?",
            r"(?:doit|doivent|devrait|devraient) (?:être tourné|tourner|filmer|commencer)",
            r"prévue?s?",
            r"se poursuivra",
            r"(?:continuer|reprendr)(?:a|ont)",
            r"prochaine (?:étape|destination)",
            r"(?:se )?déplacer(?:a|ont)",
            r"(?:partira|partiront|ira|iront|rejoindra|rejoindront)",
            r"avant de (?:partir|se rendre|rejoindre|s['’]installer)",
        ),
        "filmed": (
            r"tournages?",
            r"tourn(?:é|ée|és|ées|er|ait|aient|ant|ent|e|ons)",
            r"(?:a|ont|avait|avaient) tourné",
            r"film(?:é|ée|és|ées|er|ait|aient|ant)",
            r"prises? de vues?",
            r"scènes?",
            r"séquences?",
            r"plateaux?",
            r"décors?",
            r"équipe (?:du film|de tournage|technique)",
            r"caméras?",
            r"extérieurs",
            r"on tourne",
        ),
        "setting": (
            r"se dérouler",
            r"se déroul(?:e|ent|ait|aient|era)",
            r"se pass(?:e|ent|ait|aient|era)",
            r"l['’]histoire (?:se|de)",
            r"se situe",
            r"a pour cadre",
            r"racont(?:e|ent) l['’]histoire",
            r"fictif|fictive|fictifs|fictives",
            r"censée?s? se",
            r"(?:scènes? )?situées? (?:à|en|au|dans)",  # "les scènes situées à Londres"
            r"(?:se )?transform(?:e|é|ée|ent|era) en",
            r"(?:joue|jouera|a joué) le rôle de",
        ),
        "scouted": (
            r"(?:en )?concurrence avec",
            r"au lieu de",
            r"plutôt qu['’]?",
            r"à la place de",
            r"(?:abandonn|renonc)(?:é|ée|er|ait)",
            r"repérages?",
            r"envisagée?s?",
            r"(?:trop|très|vraiment|plus) (?:compliqué|complexe)",
            r"n['’](?:a|ont|avait|avaient) pas pu",
            r"refusée?s?",
            r"(?:première|autre) option",
            r"annulée?s?",
            r"(?:voulai(?:t|ent)|souhaitai(?:t|ent)|espérai(?:t|ent)) (?:y )?(?:tourner|filmer)",
        ),
        "other": (
            r"avant-premières?",
            r"première mondiale",
            r"festival",
            r"tapis rouge",
            r"née?s? (?:à|en)",
            r"(?:vit|vivent|habite|habitent) (?:à|en)",
            r"originaires? de",
            r"basée?s? à",
            r"(?:installée?s?|logée?s?|hébergée?s?) (?:à|en)",
            r"camp de base",
            r"siège",
            r"box-office",
            r"projection",
            r"sortie en salles?",
        ),
    },
    "de": {
        "planned": (
            r"(?:wird|werden)(?:\s+\S+){0,6}?\s+(?:drehen|filmen|gedreht werden|gefilmt werden)",
            r"(?:soll|sollen|sollte|sollten)(?:\s+\S+){0,6}?\s+(?:gedreht|gefilmt|drehen|filmen)",
            r"(?:gedreht|gefilmt) (?:wird|werden)",  # "Gedreht wird ab März in Hamburg"
            r"(?:wird|werden|soll|sollen)(?:\s+\S+){0,6}?\s+(?:weiter)?(?:ziehen|reisen|wechseln|"
            r"umziehen|fahren)",
            r"geplant",
            r"Drehplan",
            r"(?:beginnen|starten|beginnt|startet) (?:die |im \S+ die )?Dreharbeiten",
            r"(?:kommt|kommen) nach",
            r"nächsten? (?:Drehort|Station|Drehorte)",
            r"demnächst",
            r"(?:wird|werden)(?:\s+\S+){0,6}?\s+fortgesetzt",
            r"künftig",
        ),
        "filmed": (
            r"Dreharbeiten",
            r"gedreht",
            r"dreh(?:t|en|te|ten)(?!\s+wollten?\b)",  # "wo sie drehen wollten": a wish
            r"Dreh(?!en\s+wollten?\b)",
            r"Drehort(?:e|en)?",
            r"Drehtage?n?",
            r"film(?:t|te|ten)",
            r"gefilmt",
            r"verfilmt",
            r"Szenen?",
            r"Kulisse",
            r"Filmset",
            r"am Set",
            r"Aufnahmen",
            r"Außenaufnahmen",
            r"Filmteam",
            r"Crew",
            r"Produktion",
            r"Kameras?",
        ),
        "setting": (
            r"spielt (?:\w+ )?(?:in|im|auf|an)",  # "spielt allerdings in Kanada"
            r"(?:Handlung|Geschichte) (?:spielt|führt|ist)",
            r"angesiedelt",
            r"handelt von",
            r"erzählt (?:die Geschichte|von)",
            r"fiktive[nrs]?",
            r"Schauplatz",
            r"(?:verwandelt|umgewandelt|wird zu|wurde zu)(?: in)?",
            r"(?:als|zum) Double (?:für|von)",
        ),
        "scouted": (
            r"statt(?= (?:in|im|auf|nach|an|am|der|des|dem|den|eine|einer|zu)\b)",
            r"anstelle",
            r"anstatt",
            r"im Gespräch",
            r"verworfen",
            r"abgelehnt",
            r"abgesagt",
            r"Motivsuche",
            r"Locationsuche",
            r"(?:besichtigte|besichtigten|besucht(?:e|en)?) (?:mögliche )?(?:Drehorte|Motive)",
            r"in Betracht gezogen",
            r"(?:ursprünglich|eigentlich) (?:sollte|sollten|geplant)",
            r"Konkurrenz",
            r"(?:wollte|wollten) (?:dort |hier )?(?:drehen|filmen)",
            r"(?:drehen|filmen) wollten?",
        ),
        "other": (
            r"(?:Welt)?premiere",
            r"Festival",
            r"Filmfest(?:spiele)?",
            r"roten? Teppich",
            r"geboren in",
            r"aufgewachsen in",
            r"(?:lebt|wohnt|leben|wohnen) in",
            r"(?:Firmen)?sitz in",
            r"untergebracht in",
            r"(?:Basis|Basislager|Standquartier) in",
            r"übernachte(?:t|te|ten|n) in",
            r"stammt aus",
            r"Heimatstadt",
            r"Kinostart",
            r"Vorführung",
        ),
    },
    "it": {
        "planned": (
            r"(?:si )?girer(?:à|anno)",
            r"(?:inizier|comincer|partir)(?:à|anno) le riprese",
            r"(?:saranno|verranno|sarà|verrà) (?:effettuat|girat)[eiao]",
            r"ospiter(?:à|anno)",
            r"(?:si )?(?:sposter|trasferir)(?:à|anno)",
            r"arriver(?:à|anno)",
            r"(?:continuer|proseguir|riprender)(?:à|anno)",
            r"prima di (?:spostarsi|trasferirsi)",
            r"prossim[aei] (?:tappa|tappe|location)",
            r"(?:dovrebbe|dovrebbero|deve|devono) (?:girare|essere girat[oaie])",
            r"previst[oaie]",
            r"in programma",
            r"divent(?:a|ano|erà|eranno) (?:il )?set",
        ),
        "filmed": (
            r"riprese",
            r"girat[oaie]",
            r"girare",
            r"girando",
            r"(?:si )?gira(?:no)?",
            r"(?:ha|hanno|aveva|avevano) girato",
            r"set",
            r"scen[ae]",
            r"sequenz[ae]",
            r"location",
            r"troupe",
            r"ciak",
            r"filmat[oaie]",
            r"produzione",
        ),
        "setting": (
            r"ambientat[oaie]",
            r"si svolg(?:e|ono|eva|evano)",
            r"raccont(?:a|ano|erà) (?:la storia|la vita|le vicende)",
            r"narra",
            r"la storia (?:di|è|si)",
            r"fittizi[oa]",
            r"immaginari[oa]",
            r"ricostruit[oaie]",
            r"(?:trasformat[oaie]|trasform(?:a|ano|erà)) in",
            r"(?:fa|farà|ha fatto) da",
        ),
        "scouted": (
            r"invece di",
            r"al posto di",
            r"(?:prima|seconda) scelta",
            r"scartat[oaie]",
            r"sopralluoghi",
            r"sopralluogo",
            r"(?:cerca|cercava|cercavano|cercato) (?:di )?(?:location|luoghi)",
            r"(?:non è|non sono) stat[oaie] (?:possibile|concess[oaie])",
            r"annullat[oaie]",
            r"(?:doveva|dovevano) essere",
            r"in lizza",
            r"(?:voleva|volevano|avrebbe voluto|avrebbero voluto) (?:girare|filmare)",
        ),
        "other": (
            r"anteprima",
            r"prima mondiale",
            r"festival",
            r"mostra del cinema",
            r"red carpet",
            r"tappeto rosso",
            r"nat[oaie] a",
            r"(?:vive|vivono|abita|abitano) a",
            r"originari[oaie] di",
            r"con sede",
            r"sede (?:a|di|in)",
            r"base (?:logistica|operativa)",
            r"(?:ha|hanno) alloggiato",
            r"alloggiat[oaie] a",
            r"botteghino",
            r"incassi",
            r"proiezione",
            r"uscirà",
        ),
    },
}


@lru_cache(maxsize=8)
def _compiled(lang: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((role, _cues(*phrases)) for role, phrases in _ROLE_CUES.get(lang, {}).items())


def role_cues(lang: str) -> dict[str, re.Pattern[str]]:
    """Case-insensitive cue patterns per role ("filmed", "planned", "setting",
    "scouted", "other") for es/fr/de/it; empty for English (roles.py has its
    own) and for languages Reelmap cannot read."""
    return dict(_compiled(lang))
