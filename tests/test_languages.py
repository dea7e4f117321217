"""Language detection, per-language role cues and place recognition outside English."""

from __future__ import annotations

import pytest

from dashboard.geoparse import default_parser, languages
from dashboard.geoparse.recognize import Mention
from dashboard.model import ArticleResult


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The crew spent three weeks shooting on the coast before the cast flew home.", "en"),
        ("El equipo pasó tres semanas en la costa y después volvió a la capital.", "es"),
        ("L'équipe a passé trois semaines sur la côte avant de rentrer dans la capitale.", "fr"),
        ("Das Team verbrachte drei Wochen an der Küste und kehrte dann in die Stadt zurück.", "de"),
        ("La troupe ha passato tre settimane sulla costa prima di tornare nella capitale.", "it"),
        ("A equipa passou três semanas na costa antes de regressar à capital do país.", "pt"),
        ("De ploeg bracht drie weken door aan de kust en keerde daarna terug naar de stad.", "nl"),
        ("Rome, Paris", "en"),  # too short to tell: read as English, as before
        # one short sentence: Spanish, though it looks nearly as much like Extremaduran
        ("La película «La casa roja» se rodó en Bilbao.", "es"),
        ("La película «La sal» se rodó en Morella.", "es"),
        # "in" is English as much as Italian or German
        ('The film "Minoan Gold" opens in Athens in March.', "en"),
        # ... while a language Reelmap cannot read, told with certainty, stays itself
        ("Catalunya acull el rodatge de la sèrie a Girona aquesta setmana.", "ca"),
    ],
)
def test_detect(text: str, code: str) -> None:
    assert languages.detect(text) == code


@pytest.mark.parametrize("code", languages.READABLE)
def test_readable_languages_need_no_notice(code: str) -> None:
    assert languages.notice(code) == ""


@pytest.mark.parametrize(("code", "name"), [("pt", "Portuguese"), ("nl", "Dutch"), ("zz", "zz")])
def test_unreadable_language_notice_names_it(code: str, name: str) -> None:
    message = languages.notice(code)
    assert name in message and f"({code})" in message and "Spanish" in message


def test_role_cues_have_every_role_for_each_language() -> None:
    for code in ("es", "fr", "de", "it"):
        cues = languages.role_cues(code)
        assert set(cues) == {"filmed", "planned", "setting", "scouted", "other"}
        assert all(p.flags & languages.re.IGNORECASE for p in cues.values())
    assert languages.role_cues("en") == {} and languages.role_cues("pt") == {}


@pytest.mark.parametrize(
    ("code", "role", "phrase"),
    [
        ("es", "filmed", "Las escenas del mercado se grabaron allí en dos noches."),
        ("es", "filmed", "El RODAJE duró un mes."),
        ("es", "planned", "La segunda temporada se rodará el próximo verano."),
        ("es", "planned", "Después el equipo viajará a la costa norte."),
        ("es", "planned", "Las grabaciones continuarán en el puerto."),
        ("es", "setting", "La novela está ambientada en una isla imaginaria."),
        ("es", "scouted", "Los productores descartaron el puerto por el ruido."),
        ("es", "other", "La cinta tendrá su estreno en otoño."),
        ("fr", "filmed", "Les prises de vues ont duré six semaines."),
        ("fr", "planned", "La suite sera tournée au printemps."),
        ("fr", "planned", "L'équipe se déplacera ensuite vers la frontière."),
        ("fr", "planned", "Le tournage reprendra au port en mai."),
        ("fr", "setting", "Le roman se déroule dans une ville du nord."),
        ("fr", "scouted", "La ville était en concurrence avec deux autres régions."),
        ("fr", "other", "L'actrice est née à la campagne."),
        ("de", "filmed", "Die Dreharbeiten dauerten fünf Wochen."),
        ("de", "planned", "Im Frühling soll dort eine Serie gedreht werden."),
        ("de", "planned", "Im Winter soll die Crew in die Berge weiterziehen."),
        ("de", "planned", "Die Dreharbeiten werden im Hafen fortgesetzt."),
        ("de", "planned", "Gedreht wird ab dem Frühjahr am Hafen."),
        ("de", "setting", "Die Handlung spielt in einer kleinen Hafenstadt."),
        ("de", "scouted", "Die Altstadt wurde als Drehort verworfen."),
        ("de", "other", "Der Regisseur ist in einem Dorf aufgewachsen in der Nähe."),
        ("it", "filmed", "Le riprese sono durate un mese."),
        ("it", "planned", "La serie si girerà in estate."),
        ("it", "planned", "A marzo la produzione si sposterà in collina."),
        ("it", "planned", "Le riprese proseguiranno al porto."),
        ("it", "setting", "Il romanzo è ambientato in un paese di montagna."),
        ("it", "scouted", "Il castello è stato scartato per motivi di costi."),
        ("it", "other", "Il film sarà presentato in anteprima a settembre."),
    ],
)
def test_role_cue_matches(code: str, role: str, phrase: str) -> None:
    assert languages.role_cues(code)[role].search(phrase)


@pytest.mark.parametrize(
    ("code", "role", "phrase"),
    [
        ("de", "scouted", "Die Vorführung fand im Rathaus statt."),  # "stattfinden", no "instead"
        ("de", "setting", "Das erzählt der Sprecher der Kommission."),  # a speech verb
        ("fr", "setting", "Elle raconte son expérience de figurante."),
        ("es", "filmed", "La casa estaba rodeada de jardines."),  # "rodeada" is not "rodar"
    ],
)
def test_role_cue_does_not_match(code: str, role: str, phrase: str) -> None:
    assert not languages.role_cues(code)[role].search(phrase)


def _mentions(text: str, code: str) -> list[Mention]:
    parser = default_parser()
    return parser.recognizer.mentions_in(parser.nlp(text), code)


def _found(text: str, code: str) -> set[str]:
    return {m.surface for m in _mentions(text, code)}


@pytest.mark.parametrize(
    ("code", "text", "place"),
    [
        ("es", "Los productores eligieron rodar en Cádiz durante el invierno.", "Cádiz"),
        ("es", "Buscaron exteriores cerca de la ciudad de Burgos.", "Burgos"),
        ("es", "Viajaron hasta Castellón de la Plana.", "Castellón de la Plana"),
        ("fr", "Le tournage a eu lieu à Besançon au mois de mars.", "Besançon"),
        ("fr", "Les décors naturels de l'Ardèche ont séduit l'équipe.", "Ardèche"),
        ("fr", "Ils ont ensuite tourné en Belgique pendant dix jours.", "Belgique"),
        ("de", "Danach ging es für die Crew nach Regensburg.", "Regensburg"),
        ("de", "Gedreht wurde auch in der Schweiz und in Graz.", "Graz"),
        ("de", "Gedreht wurde auch in der Schweiz und in Graz.", "Schweiz"),
        ("it", "Le riprese si sono spostate a Matera per tre giorni.", "Matera"),
        ("it", "La troupe ha lavorato nella provincia di Lecce.", "Lecce"),
        ("it", "Le scene finali sono state girate in Sardegna.", "Sardegna"),
        # a preposition that opens the sentence (or a quotation) is still a preposition
        ("de", "Die Crew zog weiter. „In Kärnten war es kalt“, sagte sie.", "Kärnten"),
        ("es", "Hubo lluvia. En Almería el equipo esperó al sol.", "Almería"),
        # "Da X a Y" is a route between two places, not one name ("a" joins no name)
        ("it", "Da Cefalù a Partinico sono tanti i set allestiti.", "Cefalù"),
        # the places of a list after one preposition
        ("es", "El equipo rodó entre Morella y Cantavieja.", "Cantavieja"),
        ("de", "Gedreht wurde in Lübeck, Travemünde und Wismar.", "Travemünde"),
        ("de", "Gedreht wurde in Lübeck, Travemünde und Wismar.", "Wismar"),
        ("it", "Le riprese si sono svolte a Susa e Bardonecchia.", "Bardonecchia"),
    ],
)
def test_places_found_by_context(code: str, text: str, place: str) -> None:
    found = _mentions(text, code)
    assert place in {m.surface for m in found}
    mention = next(m for m in found if m.surface == place)
    assert text[mention.start : mention.end] == place and mention.kind == "place"


@pytest.mark.parametrize(
    ("code", "text", "not_place"),
    [
        # A surname that is also a town, after the person's first name.
        ("es", "La película está protagonizada por Tomás Reno y su hermana.", "Reno"),
        # German nouns after an article are nouns, whatever towns share the name.
        ("de", "Nach dem Essen fuhr das Team mit einem Zug weiter.", "Essen"),
        ("de", "Nach dem Essen fuhr das Team mit einem Zug weiter.", "Zug"),
        # A sentence-opening function word is not a place ("Como" is a town).
        ("es", "Como cada año, el festival atrajo a miles de personas.", "Como"),
        # A place name at the front of a longer name belongs to that name.
        ("fr", "Le rôle revient à Paris Hilton, selon le producteur.", "Paris"),
        # ... and a capitalised particle mid-sentence starts a surname.
        ("it", "Lo scrittore Paolo Della Valle abita a Siena.", "Valle"),
        # German "Ende Mai" is the end of a month, not a town followed by a noun ...
        ("de", "Die Dreharbeiten sind in Lübeck zu Ende gegangen.", "Ende"),
        ("de", "Ende Mai begannen die Dreharbeiten am Hafen.", "Ende"),
        # A word the article also writes in lowercase is a common word.
        ("es", "Pueblo a pueblo recorrieron la sierra hasta el último pueblo.", "Pueblo"),
        # a list goes on to a person only as far as the person's name starts
        ("es", "Rodaron en Sevilla y Antonio Banderas llegó después.", "Antonio"),
    ],
)
def test_not_places(code: str, text: str, not_place: str) -> None:
    assert not_place not in _found(text, code)


def test_a_name_kept_once_is_kept_everywhere_in_the_article() -> None:
    text = "El equipo llegó a Toledo el lunes. Toledo recibió al equipo con entusiasmo."
    assert [m.surface for m in _mentions(text, "es")] == ["Toledo", "Toledo"]


def test_unreadable_language_gives_no_mentions() -> None:
    text = "A equipa filmou em Lisboa e no Porto durante o verão."
    assert _mentions(text, "pt") == []


def test_english_path_is_unchanged() -> None:
    parser = default_parser()
    doc = parser.nlp("The crew filmed in Boston and then moved on to Halifax, Nova Scotia.")
    assert parser.recognizer.mentions_in(doc, "en") == parser.recognizer.mentions(doc)


def test_article_result_carries_language_and_notice() -> None:
    result = ArticleResult("texto", None, language="pt", notice=languages.notice("pt"))
    data = result.to_dict()
    assert data["language"] == "pt" and "Portuguese" in data["notice"]
    assert ArticleResult("text", None).language == "en"


def test_table_output_prints_the_notice() -> None:
    from io import StringIO

    from dashboard.extract_main import _table

    out = StringIO()
    _table(ArticleResult("texto", None, language="pt", notice=languages.notice("pt")), out)
    assert out.getvalue().startswith("notice: ") and "Portuguese" in out.getvalue()
    quiet = StringIO()
    _table(ArticleResult("text", None), quiet)
    assert "notice" not in quiet.getvalue()


def test_a_place_before_a_spanish_grabar_cue_is_filmed() -> None:
    """ "En X se grabaron las escenas": the place first, the shoot (grabar) after it."""
    text = "Hubo lluvia. En Almería se grabaron las escenas de la película Arena Roja."
    roles = [t.role for t in default_parser().parse(text).toponyms if t.surface == "Almería"]
    assert roles == ["filmed"]
