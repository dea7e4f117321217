"""Find production titles that news writes without quotes.

Trade and local news mostly write titles bare, in italics lost to plain
text: "the comedy Paella Today", "Saltburn star Barry Keoghan", "filming of
Fast & Furious 6", "Apocalypse Now (1979)", "HMS Murder films in Malta",
"Netflix's Extraction 2". A title is a run of capitalised words (with small
joining words inside) that sits in one of those frames; the frame, not the
capitals, is the evidence. Frames that are weak on their own (a possessive, a
title before "star") do not take names the article uses for people or places.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from dashboard.geoparse.lexicon import DEMONYMS

# Words that join the capitalised words of a title ("Lady and the Tramp").
_JOINERS = frozenset(
    """
    of the and a an in on to for at or with & de la le les el los las del der die das des du
    di da e y et und von vs. vs
    """.split()
)
# Capitalised words that are never a title on their own.
_NOT_TITLES = frozenset(
    """
    the a an this that these those it its he she they we i you his her their our my
    there here when while after before during since if as at in on for with from by of
    to and but or so yet also now then today tonight yesterday tomorrow last next film
    films movie movies series season episode episodes show shows part chapter director
    producer producers star stars actor actress cast crew production productions studio
    studios tv television cinema festival premiere trailer netflix hbo amazon disney
    apple hulu paramount universal warner sony lionsgate bbc itv sky fox hollywood
    bollywood nollywood tollywood kollywood oscar oscars emmy emmys bafta golden globe
    globes mr mrs ms dr sir monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november
    december read more watch photo photos video videos picture credit source update
    updated advertisement related posted by news although however both many other others
    most some each every all no not one two three four five first second third new old
    according meanwhile despite though while where which who what why how because unit
    lead casting office
    """.split()
)
# Words no title starts with: a run that begins with one starts after it.
_STARTERS = frozenset(
    """
    although however both many other others most some each every no not according
    meanwhile despite though while where which who what why how because when after
    before since if as by and but or so yet also then this that these those it its he
    she they we his her their our there here during until throughout amid
    """.split()
)
# Words that end a title when walking back from its last word.
_BOUNDARY = frozenset(
    """
    film films movie movies series season episode show shows director producer producers
    actor actress cast crew production productions studio tv television
    hollywood bollywood nollywood tollywood kollywood he she they we it this that there
    by mr dr ms is was are were will has have
    """.split()
)
_ORGANISATION_END = re.compile(
    r"\b(?:Commission|Council|Office|Board|Authority|Institute|Agency|Department|Ministry|"
    r"University|Festival|Fest|Awards?|Studios|Entertainment|Productions|Pictures|Media|Group|"
    r"Company|Inc\.?|Ltd\.?|LLC|Society|Association|Foundation|Museum|School|Academy|"
    r"Police|Government|Network|Channel|Corporation|Centre|Center|Cinema)$"
)
_MODIFIED_NOUN = re.compile(
    r"^ +(?:story|stories|series|film|films|movie|movies|saga|franchise|universe|fans|"
    r"production|productions|thriller|drama|comedy|films?|shows?|star|stars|actor|"
    r"actress|industry|crew|cast|set|style|era|fame|project|brand|label|banner|imprint|"
    r"division|channel|network)\b"
)
_AGE = re.compile(r"\d+-year-old", re.I)
# "Around 200 crew": a headcount before a role noun, not a title.
_HEADCOUNT = re.compile(
    r"(?i:about|around|nearly|almost|some|over|roughly|approximately|more than|up to|at least)"
    r" [\d,.]+"
)
_MONTH_DAY = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d", re.IGNORECASE
)
_EPITHET = re.compile(r"-(?:winning|nominated|starring|based|born|backed|funded|led)$", re.I)
# Studios, networks and streamers: "Netflix's Extraction 2".
_COMPANIES = (
    r"Netflix|HBO(?: Max)?|Max|Amazon(?: Studios| Prime(?: Video)?| MGM Studios)?|Prime Video|"
    r"Disney\+?|Apple(?: TV\+?| Original Films)?|Paramount(?: Pictures|\+)?|"
    r"Universal(?: Pictures)?|"
    r"Warner Bros\.?(?: Pictures)?|Sony(?: Pictures)?|Lionsgate|BBC(?: One| Two)?|ITV|Channel 4|"
    r"Channel 5|Sky(?: Atlantic)?|Hulu|Starz|AMC|FX|Showtime|Marvel(?: Studios)?|Lucasfilm|A24|"
    r"Searchlight(?: Pictures)?|Focus Features|Fox|20th Century (?:Fox|Studios)|"
    r"Legendary(?: Entertainment)?|MGM|Peacock|CBS|NBC|ABC|Hallmark(?: Channel)?|Lifetime|eOne|"
    r"Amblin|Columbia(?: Pictures)?|DreamWorks|New Line|Blumhouse|Pixar|Canal\+|Arte|TF1|"
    r"France 2|RAI|Rai|Mediaset|ZDF|ARD|RTL|Movistar\+?|Atresmedia|tvN|JTBC|KBS|MBC|SBS|"
    r"Yash Raj Films|Dharma Productions|Showmax|Stan|Binge|Crave|CBC|Global|Hotstar|"
    r"Zee5|SonyLIV|Viaplay|Skydance|Working Title|Neon|Annapurna|Miramax|StudioCanal|"
    r"Gaumont|Pathé|Constantin|Legendary Pictures|Bad Robot"
)
_COMPANY_NAME = re.compile(rf"(?:{_COMPANIES})")
_STUDIO_POSSESSIVE = re.compile(rf"\b(?:{_COMPANIES})['’]s?\s*[“\"‘']?$")
_GENRES = (  # longer forms first: an alternation takes the first that matches
    r"live-action(?: (?:remake|version|adaptation|film|movie|feature))?|"
    r"serie (?:tv|TV)|fiction (?:tv|TV)|s[ée]rie (?:t[ée]l[ée]|TV)|"
    r"film|films|movie|flick|feature film|series|miniseries|mini-series|show|sitcom|"
    r"drama|k-drama|dramedy|thriller|comedy|rom-com|romcom|docuseries|documentary|docudrama|"
    r"biopic|blockbuster|sequel|prequel|remake|reboot|spin-?off|epic|musical|"
    r"adaptation|picture|pic|telenovela|actioner|horror|fantasy|saga|installment|instalment|"
    r"anthology|procedural|romance|caper|chiller|period piece|masterpiece|classic|hit|"
    r"adventure|crime drama|mystery|whodunnit|"
    r"pel[ií]cula|serie|comedia|cinta|filme|largometraje|s[ée]rie|t[ée]l[ée]film|feuilleton|"
    r"fiction|long-m[ée]trage|Spielfilm|Kinofilm|Fernsehfilm|Serie|Produktion|"
    r"pellicola"
)
_AFTER_CUES = re.compile(
    r"(?:"
    rf"\b(?P<genre>(?:{_GENRES}))(?: (?:called|titled|entitled|named|dubbed))? +"
    r"|\b(?P<named>working title|code-?named|codename|titled|entitled|renamed|retitled|"
    r"(?:now|later|since) (?:named|called)|s['’]appelle(?: provisoirement)?|intitulée?|"
    r"se llama|titulad[ao]|bajo el título|intitolat[oa]|dal titolo|mit dem Titel|"
    r"Arbeitstitel|heißt) +"
    r"|\b(?P<of>(?:filming|shooting|shoot|production|set|sets|wrap|premiere|release|trailer|"
    r"cast|filming locations?|stars?|sequel|prequel|scenes|director|makers|producers|team|"
    r"(?:season|series|part|episode|chapter|volume) (?:\d+|one|two|three|four|five|six|"
    r"seven|eight|nine|ten)|rodaje|tournage|riprese|Dreharbeiten) (?:of|for|on|behind|"
    r"on the set of|"
    r"de|du|de la|del|des|di|zu|zur|zum|von) +(?:(?:the|la|el|le) +)?"
    r"(?:(?:new|upcoming|latest|next|forthcoming|hit|popular|acclaimed) +)*)"
    rf"|\b(?P<company>(?:{_COMPANIES}))['’]s? +(?:(?:new|upcoming|latest|hit|original|"
    r"forthcoming|acclaimed|[a-z]+-(?:language|budget|set|era)) +)*"
    r")",
)
_BEFORE_CUES = re.compile(  # the title comes before these
    r"(?:"
    r"(?P<credit>,?\s+(?:starring|co-starring|directed by|produced by|written by|helmed by|"
    r"billed as|which (?:stars|starred|starring)|from director|with (?:stars?|actors?) )"
    r"|,\s+(?:(?:which|that)\s+(?:is|was)\s+)?(?:a|an|the|[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,2}['’]s)"
    rf"\s+(?:[\w-]+\s+){{0,3}}(?:{_GENRES}|production)(?=[,.;]|\s+(?:that|which|"
    r"starring|directed|from|about|set|by|with|in|of|and|for)\b)"
    r"|\s+(?:takes|took) place (?:over|in|during|on)\b|\s+is set (?:in|during|against)\b)"
    r"|(?P<role>\s+(?:star|stars|actor|actress|director|creator|showrunner|co-star|cast|"
    r"castmember|writer|filmmaker|helmer|cast and crew|production|producers?|set|shoot|"
    r"filming|crew|season \d+|series \d+)\b)"
    r"|(?P<year>\s*\((?:19|20)\d\d(?:\s*[-–]\s*(?:(?:19|20)\d\d|present)?)?\)(?=[\s,.;:]|$)"
    r"|\s+[-–—]\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,2}\s+\((?:19|20)\d\d\)\s+[-–—])"
    r"|(?P<verb>,?\s+(?:(?:is|was|has been|were|will be|is being|was being|began|begins|"
    r"started|starts|wrapped|wraps|completed|finished|resumed|resumes)\s+)?(?:filming|"
    r"shooting|films|shoots|filmed|shot|wrapped|wraps|production|principal photography)"
    r"(?:\s+(?:in|at|on|around|across|there|here))?\b"
    r"|(?i:\s+(?:is|was|were|has been|will be) (?:filmed|shot)\b)"  # "Where X Was Filmed"
    # "X couldn't be shot in Tibet", "X would not be filmed there"
    r"|\s+(?:could|would|can|might|may|must)(?:n['’]t| not)? be (?:filmed|shot)\b"
    r"|\s+(?:se (?:rodó|rueda|filmó|grabó)|fue (?:rodad|filmad|grabad)[ao]|(?:a|sera) été "
    r"tourné|est tourné|è stat[oa] girat[oa]|(?:wurde|wird) (?:in \w+ )?gedreht)"
    r")"
    r")",
)
_SINGLE_QUOTES = "‘’'"
_PLACE_ADJECTIVE_ENDINGS = ("ian", "ean", "ese", "ine", "ish", "an")
_CALENDAR_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "june july august september october november december".split()
)  # "the Gold Coast on Saturday": the run ends before the day
_SENTENCE_CASED_REACH = 80  # characters a sentence-cased title may run back
_BEFORE_STOP = re.compile(r"[;:.,!?()“”\"«»]\s*")
_LONGEST_NAME = 120  # characters: no person's name spaCy finds is longer
_NUMBER_ABBREVIATIONS = frozenset({"No.", "Vol.", "Pt.", "Nr."})  # "Biwi No. 1" goes on
# A cast follows these in a sentence-cased title's run: the title ends before them.
_CAST_AFTER = re.compile(r"\s+(?:con|avec|mit|with|starring|protagonizad[ao]|interpretad[ao])\b")
_OWNER_AFTER = re.compile(r"\s+(?:de|di|du|von)\s+(?=[A-Z])")
_MAX_NAME_WORDS = 4
_CONTRACTION = re.compile(r"(?i)(?:i|we|you|they|he|she|it|that|there)['’](?:m|re|ve|ll|d|s)")
# The text under a film's entry: its cast as "Character (Actor)", its year, its credits.
_ENTRY_TEXT = re.compile(
    r"[A-Z][\w-]+(?: [A-Z][\w-]+)? \((?:[A-Z][\w'’-]+ ){1,2}[A-Z][\w'’-]+\)"
    r"|\b(?:directed by|starring|the (?:film|movie|series|show|drama|sequel)\b)"
)
_HEADING = re.compile(r"(?:^|\n)[ \t]*(?P<title>[A-Z0-9][^\n.!?,;:]{1,50}?)[ \t]*\n[ \t]*\n")
_FOREIGN_CUE = re.compile(
    r"s['’]appelle|intitul|se|titulad|bajo|intitolat|dal|mit|Arbeitstitel|heißt|pel[ií]cula|serie|comedia|cinta|filme|largometraje|s[ée]rie|t[ée]l[ée]film|feuilleton|"
    r"long-m[ée]trage|Spielfilm|Kinofilm|Fernsehfilm|Produktion|pellicola|rodaje|tournage|"
    r"riprese|Dreharbeiten|set",
    re.IGNORECASE,
)
_SENTENCE_CASED = re.compile(r"[^\n,.;:()\[\]“”\"«»„]{2,70}(?=[,.;:()“”\"«»]|\n)")
# Genre words that are verbs or adjectives too: a title follows them only after a
# determiner, a possessive or a name ("the show X", "Netflix's show X").
_VERB_LIKE = re.compile(
    r"show|picture|hit|classic|adventure|mystery|romance|horror|fantasy|feature film|"
    r"musical|epic|caper|pic",
    re.IGNORECASE,
)
_NOUN_GUARD = re.compile(
    r"(?i:the|a|an|tv|television|new|hit|reality|talk|cooking|game|whose|its|their|his|her|"
    r"our|this|that|next|upcoming|latest|popular|animated|cult|big-budget|crime|action|"
    r"horror|comedy|war|period|indie|independent|motion|sci-fi|romantic|murder|spy|heist|"
    r"family|teen|psychological|supernatural|disaster|documentary|feature)"
    r"|[A-Z][\w+&-]*|[\w-]+['’]s?"
)
# A capitalised genre word is a title's cue after these only ("British TV Series X").
_HEADLINE_GENRE = re.compile(
    rf"(?:\bTV|\bTelevision|{_COMPANIES}) (?:Series|Show|Drama|Movie|Film|Sitcom|Thriller|"
    r"Comedy|Miniseries|Documentary) +"
)
# In a title-cased headline, these verbs before a preposition end the title ("X Shoots in").
_HEADLINE_VERB = re.compile(
    r"Shoots?|Shooting|Films?|Filming|Filmed|Wraps?|Wrapped|Begins?|Starts?|Heads?|Arrives?|"
    r"Returns?|Lands?|Comes?|Moves?|Is|Are|Was|Were|Will|Sets?"
)
_HEADLINE_PREPOSITION = re.compile(r"\s+(?:in|at|on|to|for|across|around|into|near|from)\b")
_APPOSITIVE = re.compile(rf"\b(?:{_GENRES}), +")
# "TV shows like Fringe, Arrow and Eureka": a list of titles after a plural genre.
_LISTING = frozenset({"and", "or", "&"})
# Frames that follow the title.
_BEFORE_FRAMES = frozenset({"credit", "role", "year", "verb", "franchise"})
_NAMES_INSIDE = frozenset({"of", "making", "year"})  # frames strong enough for a name inside
_LIST_JOINT = re.compile(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or|as well as)\s+")
_LISTED_WORKS = (
    r"films|movies|shows|series|dramas|productions|features|blockbusters|hits|titles|"
    r"sitcoms|thrillers|comedies|classics"
)
# "movies such as A and B"; "two adventure movies, A and B": a counted list names them.
_TITLE_LIST = re.compile(
    rf"(?i:\b(?:{_LISTED_WORKS}) (?:like|such as|including|include|included)) +"
    r"|(?i:\b(?:two|three|four|five|six|several|both|many|numerous)) (?:[\w-]+ ){0,3}?"
    rf"(?:{_LISTED_WORKS})(?:,|:) +"
)
_COMPARED = re.compile(r" (?:does|did|do|has|have|had)\b(?! been)")
_CLAUSE_GOES_ON = re.compile(
    r"^(?:[,.;:)]| (?:is|was|has|had|will|which|that|who|starring|stars|filmed|shot|wrapped|"
    r"begins|began|premiered|premieres|returns|follows)\b)"
)
_STOP_CHARS = ',.;!?)("“”«»„[]{}'
_NATIONAL = frozenset(
    {d.lower() for d in DEMONYMS}
    | {
        "uk",
        "us",
        "u.s.",
        "usa",
        "eu",
        "british",
        "american",
        "korean",
        "indian",
        "bollywood",
        "produktion",
        "hollywood",
        "south",
        "north",
        "east",
        "west",
    }
)


class _SpanIndex:
    """Whether a range overlaps any of many spans, in log time (spans may overlap)."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self.ordered = sorted(spans)
        self.starts = [s for s, _ in self.ordered]
        self.reach = list(itertools.accumulate((e for _, e in self.ordered), max))

    def overlaps(self, a: int, b: int) -> bool:
        i = bisect.bisect_left(self.starts, b) - 1  # the spans that start before b
        return i >= 0 and self.reach[i] > a

    def only_inside(self, a: int, b: int) -> bool:
        """Every span that overlaps a..b lies inside it and is shorter than it."""
        first = bisect.bisect_left(self.starts, a - _LONGEST_NAME)
        last = bisect.bisect_left(self.starts, b)
        return all(
            a <= s and e <= b and e - s < b - a
            for s, e in self.ordered[first:last]
            if s < b and e > a
        )


@dataclass(frozen=True, slots=True)
class _FrameRule:
    """How far a frame's evidence goes against names the article uses otherwise."""

    places: str  # "yes": may be a place's name; "goes on": if a verb follows; "partly"; "never"
    people: bool  # may overlap a name spaCy calls a person
    first_word_alone: bool = True  # a single word at a sentence's start may be the title


_FRAME_RULES = {
    "genre": _FrameRule("goes on", people=True),
    "named": _FrameRule("yes", people=True),
    "list": _FrameRule("yes", people=True),
    "making": _FrameRule("yes", people=False),
    "credit": _FrameRule("yes", people=False),
    "year": _FrameRule("yes", people=False),
    "of": _FrameRule("partly", people=False),
    "company": _FrameRule("partly", people=False),
    "possessive": _FrameRule("partly", people=False),
    "in": _FrameRule("partly", people=False, first_word_alone=False),
    "role": _FrameRule("never", people=False, first_word_alone=False),
    "verb": _FrameRule("never", people=False, first_word_alone=False),
    "heading": _FrameRule("never", people=False),
    "franchise": _FrameRule("partly", people=True),
}
# "the X-Men franchise", "the Star Wars saga": the words between "the" and the noun.
_FRANCHISE = re.compile(
    r"\b[Tt]he (?P<title>[A-Z][\w'’:&!-]*(?: (?:of|the|and|&|[A-Z0-9][\w'’:&!-]*))*?) "
    r"(?:franchise|trilogy|saga)\b"
)
_MAKING = re.compile(
    r"(?:filming|shooting|shoot|production|wrap|premiere|release|trailer|cast|sequel|prequel|"
    r"season|series|part|episode|chapter|volume|rodaje|tournage|riprese|Dreharbeiten)\b",
    re.IGNORECASE,
)
_FILMED_AT = re.compile(
    r"\b(?:film(?:ing|ed|s)?|shoot(?:ing|s)?|shot|scenes?)\s+(?:in|at|on|near|around)\s+$", re.I
)
_ON_A_PLACE = re.compile(r"\b(?:on|in|at) (?:the )?$", re.IGNORECASE)
_THING_BEFORE = re.compile(r"\b(?:the|a|an|at|in|on|from|near)\s+$")
# "five previous Ruiz films", "his other Ruiz shoots": a count or possessive before
# the name makes "films" a plural noun, and the name a modifier.
_COUNTED_BEFORE = re.compile(
    r"\b(?:his|her|their|its|our|two|three|four|five|six|seven|eight|nine|ten|several|many|"
    r"few|previous|other|earlier|recent|past|\d+)\s+$",
    re.IGNORECASE,
)
_PLURAL_NOUN = re.compile(r"\s+(?:films|shoots)\b")
_AGENT = re.compile(
    r",?\s+(?:\w+\s+)?(?:filmed|shot|shoots|films)\s+(?:it|them|him|her|this|that)\b"
)
_BLOG_CAST = re.compile(r"\s*\((?:19|20)\d\d\)\s+[-–—]\s")
_CREDITED = re.compile(
    r"\b(?:starring|featuring|by|with|director|actor|actress|star|stars|producer|writer|"
    r"creator|co-star|as)\s+$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Found:
    start: int
    end: int
    surface: str
    frame: str  # which frame found it: genre, named, of, company, credit, role, year, verb


def after_studio(text: str, start: int) -> bool:
    """Whether a studio's or network's possessive ends right at `start` ("Disney's ")."""
    return _STUDIO_POSSESSIVE.search(text, max(0, start - 40), start) is not None


def is_capitalised(word: str) -> bool:
    """A word as titles write their main words: a capital or a digit first, quotes aside."""
    head = word.lstrip("'‘’\"“")[:1]
    return head.isupper() or head.isdigit()


def _tokens(text: str, start: int, limit: int) -> Iterable[tuple[int, int, str]]:
    for match in re.finditer(r"\S+", text[start:limit]):
        yield start + match.start(), start + match.end(), match.group(0)


def _title_after(
    text: str, start: int, place_starts: Collection[int] = frozenset(), in_list: bool = False
) -> tuple[int, int] | None:
    """The run of title words that starts at `start`, or None.

    A joining word does not carry the run into a place ("Bell Bottom in
    Scotland") or a company ("Halo and Netflix's ...").
    """
    line_end = text.find("\n", start)
    limit = min(len(text), start + 120, line_end if line_end != -1 else len(text))
    words: list[tuple[int, int, str]] = []
    pending: list[tuple[int, int, str]] = []
    for a, b, word in _tokens(text, start, limit):
        bare = word.rstrip(_STOP_CHARS)
        stop = bare != word and not (
            word in _NUMBER_ABBREVIATIONS and text[b : b + 2].strip().isdigit()
        )
        if re.search(r"\w\.\w", bare) and not re.fullmatch(r"(?:[A-Z]\.)+[A-Z]?\.?", bare):
            break  # "2013.Javier": two words glued by a full stop
        if any(p[2].lower() in ("in", "on", "at", "and", "&", "for", "or") for p in pending) and (
            a in place_starts
            or bare.lower() in _CALENDAR_WORDS
            or _COMPANY_NAME.match(bare)
            or bare.endswith(("'s", "’s"))
            or re.fullmatch(r"(?:19|20)\d\d", bare)
        ):
            break
        if words and _HEADLINE_VERB.fullmatch(bare) and _HEADLINE_PREPOSITION.match(text, b):
            break  # "HMS Murder Shoots in Malta"
        if is_capitalised(bare) and bare:
            words.extend(pending)
            pending = []
            words.append((a, a + len(bare), bare))
        elif words and bare.lower() in _JOINERS and not stop and not (in_list and bare in _LISTING):
            pending.append((a, b, word))
            continue
        else:
            break
        if stop or len(words) >= 9:
            break
    if not words:
        return None
    first, last = words[0], words[-1]
    end = last[1]
    surface = text[first[0] : end]
    for suffix in ("'s", "’s"):
        if surface.endswith(suffix):
            end -= len(suffix)
    return first[0], end


def _a_place_owns(
    text: str, span: tuple[int, int], place_spans: Collection[tuple[int, int]]
) -> bool:
    """Whether the run opens with a place and its possessive ("Tasmania's West Coast")."""
    return any(
        a == span[0] and b < span[1] and text.startswith(("'s", "’s"), b) for a, b in place_spans
    )


def _sentence_cased_after(
    text: str, start: int, place_starts: Collection[int] = ()
) -> tuple[int, int] | None:
    """A title in sentence case, as Romance and German news write them, up to punctuation.

    A capitalised name after "de"/"di" is its maker ("Narcos de Netflix"), unless it
    is a place the title names ("Los amantes de Teruel").
    """
    match = _SENTENCE_CASED.match(text, start)
    if match is None or not is_capitalised(match.group(0)):
        return None
    surface = match.group(0).rstrip()
    cast = _CAST_AFTER.search(surface)
    if cast is not None:
        surface = surface[: cast.start()]
    owner = _OWNER_AFTER.search(surface)
    if owner is not None and start + owner.end() not in place_starts:
        surface = surface[: owner.start()]
    return (start, start + len(surface)) if len(surface.split()) <= 8 else None


def _sentence_cased_before(text: str, end: int) -> tuple[int, int] | None:
    """A sentence-cased title back from `end` to punctuation ("; El niño que robó un millón")."""
    line_start = text.rfind("\n", 0, end) + 1
    window = max(line_start, end - _SENTENCE_CASED_REACH)
    stops = list(_BEFORE_STOP.finditer(text, window, end))
    if stops:
        start = stops[-1].end()
    elif window == line_start:
        start = line_start + len(text[line_start:end]) - len(text[line_start:end].lstrip())
    else:
        return None  # no punctuation within reach: not a title-sized run
    words = text[start:end].split()
    if not words or not is_capitalised(words[0]) or len(words) > 9:
        return None
    return start, end


def _title_before(text: str, end: int) -> tuple[int, int] | None:
    """The run of title words that ends at `end` (walking back), or None."""
    line_start = text.rfind("\n", 0, end) + 1
    start_limit = max(line_start, end - 120)
    tokens = list(_tokens(text, start_limit, end))
    words: list[tuple[int, int, str]] = []
    pending: list[tuple[int, int, str]] = []
    for a, b, word in reversed(tokens):
        bare = word.strip(_STOP_CHARS)
        if word[-1:] in _STOP_CHARS or "(" in word or _EPITHET.search(bare):
            break  # punctuation or an epithet ("Oscar-winning") before the run ends it
        if is_capitalised(bare) and bare and bare.lower() not in _BOUNDARY:
            words.extend(pending)
            pending = []
            words.append((a, b, bare))
        elif words and bare.lower() in _JOINERS:
            pending.append((a, b, word))
        else:
            break
        if word[:1] in '"“(‘' or len(words) >= 9:
            break
    if not words:
        return None
    words.sort()
    first = words[0]
    start = first[0] + (
        len(text[first[0] : first[1]]) - len(text[first[0] : first[1]].lstrip('"“(‘'))
    )
    return start, words[-1][1]


def _trimmed(surface: str, start: int) -> tuple[str, int]:
    """Drop leading words no title starts with ("Both", a year, "Although")."""
    words = surface.split(" ")
    while len(words) > 1 and (words[0].lower() in _STARTERS or re.fullmatch(r"\d{4}", words[0])):
        start += len(words[0]) + 1
        words = words[1:]
    return " ".join(words), start


def _plausible(surface: str, text: str) -> bool:
    words = surface.split()
    if not words or len(words) > 9 or _CONTRACTION.fullmatch(surface):
        return False
    if any(ch in surface for ch in '<>"“”«»„|@#') or _MONTH_DAY.search(surface):
        return False
    if _AGE.search(surface) or surface.endswith(("'s", "’s")) or _HEADCOUNT.fullmatch(surface):
        return False  # "The 38-year-old actor", "Kunle Afolayan's production": a person
    if not any(w[:1].isalpha() and w[:1].isupper() for w in words) and not (
        words[0][:1].isdigit() and len(words) > 1 and words[1][:1].isalpha()
    ):
        return False
    if _ORGANISATION_END.search(surface) or _COMPANY_NAME.fullmatch(surface):
        return False
    if all(w.strip("'’s").lower() in _NATIONAL for w in re.split(r"[\s-]+", surface)):
        return False
    if len(words) == 1 and re.search(rf"\b{re.escape(surface.lower())}\b", text):
        return False  # a common word written in lower case elsewhere ("unit", "casting")
    content = [w for w in words if w.lower() not in _JOINERS]
    if not content or all(w.lower().strip(":'’") in _NOT_TITLES for w in content):
        return False
    if words[-1].lower() in _JOINERS:
        return False
    if _THE_FILM.fullmatch(surface):
        return False  # "Il film è stato girato", "La película se filmó": the noun, no title
    return not (len(words) == 1 and len(surface) < 2)


_THE_FILM = re.compile(
    r"(?:il|la|le|el|lo|l['’]|der|die|das|un|une|una|ein|eine)\s*"
    r"(?:film|pel[ií]cula|serie|série|Serie|fiction|téléfilm|Spielfilm|Kinofilm|Fernsehfilm|"
    r"documental|documentaire|documentario|largometraje|long[- ]métrage|lungometraggio)",
    re.IGNORECASE,
)


def _without_possessor(text: str, a: int, b: int, people: Sequence[tuple[int, int]]) -> int:
    """Start of the title after a studio's or a person's possessive ("Netflix's X")."""
    for match in re.finditer(r"['’]s? +", text[a:b]):
        owner = text[a : a + match.start()]
        end = a + match.start()
        if (
            _COMPANY_NAME.fullmatch(owner)
            or re.fullmatch(r"(?:19|20)\d\d", owner)
            or any(s <= a and end <= e for s, e in people)
        ):
            return a + match.end()
    return a


def _title_cased(surface: str) -> bool:
    words = [w for w in surface.split() if w.lower() not in _JOINERS]
    return bool(words) and all(is_capitalised(w) for w in words)


def _sentence_start(text: str, a: int) -> bool:
    before = text[max(0, a - 3) : a]
    return a == 0 or "\n" in before or bool(re.search(r"[.!?:]\s+$", before))


def find_unquoted(
    text: str,
    people: Sequence[tuple[int, int]] = (),
    places: Sequence[tuple[int, int]] = (),
    language: str = "en",
) -> list[Found]:
    """Titles found by their frames; weak frames skip people's and places' names.

    Spanish, French, German and Italian write titles in sentence case, so
    after a genre word the title runs to the next punctuation.
    """
    found: list[Found] = []
    # A "person" of more words than names have is a title spaCy misread.
    names = [(s, e) for s, e in people if len(text[s:e].split()) <= _MAX_NAME_WORDS]

    place_starts = frozenset(a for a, _ in places)
    place_heads = frozenset(text[a : a + 3].lower() for a in place_starts)  # "Ven" of Venice
    place_spans = frozenset(places)
    place_index, name_index = _SpanIndex(places), _SpanIndex(names)

    def keep(a: int, b: int, frame: str) -> None:
        a = _without_possessor(text, a, b, people)
        surface = text[a:b]
        if a == 0 or text[a - 1] not in _SINGLE_QUOTES + '"“':  # a quoted title is whole
            surface, a = _trimmed(surface, a)
        b = a + len(surface)
        if not _plausible(surface, text):
            return
        if frame not in _BEFORE_FRAMES and _MODIFIED_NOUN.match(text[b : b + 20]):
            return  # "Marvel's Avenger series": a modifier, not the title
        rule = _FRAME_RULES[frame]
        # "The Greek Islands" is the place "Greek Islands"
        a_place = (a, b) in place_spans or (
            surface.startswith("The ") and (a + 4, b) in place_spans
        )
        if place_index.overlaps(a, b) and (
            rule.places == "never"
            or (a_place and rule.places == "partly")
            or (
                a_place and rule.places == "goes on" and not _CLAUSE_GOES_ON.match(text[b : b + 12])
            )
        ):
            return
        bare = surface.removeprefix("The ")
        if (
            " " not in bare
            and bare.lower().endswith(_PLACE_ADJECTIVE_ENDINGS)
            and bare[:3].lower() in place_heads
        ):
            return  # "the Venetian shoot" in a story about Venice: the city's adjective
        if frame == "list" and _COMPARED.match(text, b):
            return  # "big budget movies like Atlanta does": a rival, not a title
        if (
            not rule.people
            and name_index.overlaps(a, b)
            and (frame not in _NAMES_INSIDE or not name_index.only_inside(a, b))
        ):
            return  # "Captain Corelli's Mandolin (2001)" may hold a name, "Ana Ruiz" is one
        if frame in _BEFORE_FRAMES and _CREDITED.search(text, max(0, a - 14), a):
            return  # "starring Ana Ruiz, shot ...": a person after a credit, not a title
        if (
            frame == "year"
            and _BLOG_CAST.match(text, b)
            and re.search(r"[-–—]\s+$", text[max(0, a - 4) : a])
        ):
            return  # "Title - Ana Ruiz (2019) - Place": the actor's slot
        if frame == "verb" and (
            _THING_BEFORE.search(text, max(0, a - 6), a)
            or _AGENT.match(text, b)
            or (_PLURAL_NOUN.match(text, b) and _COUNTED_BEFORE.search(text, max(0, a - 12), a))
        ):
            return  # "the seat of the Iron Throne, was filmed", "Ana Ruiz shot it": no titles
        if frame in _BEFORE_FRAMES and _FILMED_AT.search(text, max(0, a - 24), a):
            return  # "filming in Pulaski Square, a ...": where the shoot is, not what it is
        if rule.first_word_alone is False and _sentence_start(text, a) and " " not in surface:
            return
        if frame == "heading" and (surface != text[a:b] or not _title_cased(surface)):
            return
        quoted = (surface[:1] in _SINGLE_QUOTES, surface[-1:] in _SINGLE_QUOTES)
        if quoted == (True, True):
            a, b, surface = a + 1, b - 1, surface[1:-1]  # 'Forgive Us All' after a possessive
        elif any(quoted):
            return  # one end of a quoted title: the run stopped inside the quotes
        found.append(Found(a, b, surface, frame))

    for match in _AFTER_CUES.finditer(text):
        frame = match.lastgroup or "genre"
        if frame == "of" and _MAKING.match(match.group("of")):
            frame = "making"
        if frame == "genre" and not match.group("genre")[:1].islower():
            continue  # "Film London" is an agency, "the film X" is a title
        if frame == "genre" and _VERB_LIKE.fullmatch(match.group("genre")):
            before = text[max(0, match.start() - 20) : match.start()].split()
            if not before or not _NOUN_GUARD.fullmatch(before[-1]):
                continue  # "the clips show Cruise": a verb, not "the show X"
        cue = match.group(0).lower()
        if (
            frame == "named"
            and cue.split()[-1] in ("named", "called")
            and not re.search(
                rf"\b(?:{_GENRES})\b", text[max(0, match.start() - 40) : match.start()], re.I
            )
        ):
            continue  # "a boxer named Tommy" names a character
        cue_word = match.group(match.lastgroup or "genre").split()[0]
        foreign = _FOREIGN_CUE.fullmatch(cue_word) and (language != "en" or cue_word != "set")
        if foreign or (language != "en" and frame == "genre"):
            span = _sentence_cased_after(text, match.end(), place_starts)
        else:
            span = _title_after(text, match.end(), place_starts)
        if span is not None and not (
            frame in ("of", "making")
            and _ON_A_PLACE.search(match.group(0))
            and ((span[0], span[1]) in place_spans or _a_place_owns(text, span, place_spans))
        ):  # "the premiere on the Gold Coast", "the set on Tasmania's west coast": where
            keep(span[0], span[1], frame)
    for match in _FRANCHISE.finditer(text):
        keep(match.start("title"), match.end("title"), "franchise")
    for match in _HEADLINE_GENRE.finditer(text):
        span = _title_after(text, match.end(), place_starts)
        if span is not None:
            keep(span[0], span[1], "genre")
    for match in _HEADING.finditer(text):  # a list article's entry heading, then its text
        a, b = match.span("title")
        told = text.find(text[a:b], b, b + 400) != -1 or _ENTRY_TEXT.search(text, b, b + 300)
        if told and len(text[a:b].split()) <= 6:
            keep(a, b, "heading")
    for _, b in people:  # "Matt Damon in The Martian"
        if text[b : b + 4] == " in ":
            span = _title_after(text, b + 4, place_starts)
            if span is not None and text[span[1] : span[1] + 1] in (",", ".", ")", ";"):
                keep(span[0], span[1], "in")
    owners = {b: a for a, b in sorted(people, reverse=True)}  # the longest name per end
    for b, a in sorted(owners.items()):  # "David Michod's War Machine, ..."
        if text[b : b + 3] in ("'s ", "’s ") and not place_index.overlaps(a, b):
            span = _title_after(text, b + 3, place_starts)
            if (
                span is not None
                and " " in text[span[0] : span[1]]  # "Pedro Pascal's Joel" is his character
                and _CLAUSE_GOES_ON.match(text[span[1] : span[1] + 12])
            ):
                keep(span[0], span[1], "possessive")
    for match in _TITLE_LIST.finditer(text):
        at = match.end()
        for _ in range(8):  # the list's items, each a run of title words
            span = _title_after(text, at, place_starts, in_list=True)
            if span is None:
                break
            keep(span[0], span[1], "list")
            joint = _LIST_JOINT.match(text, span[1], span[1] + 16)
            if joint is None:
                break
            at = span[1] + len(joint.group(0))
    for match in _APPOSITIVE.finditer(text):  # "the desert adventure, Flight of the Phoenix, ..."
        span = _title_after(text, match.end(), place_starts)
        if span is not None and text[span[1] : span[1] + 1] == ",":
            keep(span[0], span[1], "genre")
    for match in re.finditer(r"(?:^|(?<=[.!?]\s)|(?<=\n))In (?=[A-Z0-9])", text):
        span = _title_after(text, match.end(), place_starts)  # "In Tomorrow Never Dies, Brosnan..."
        if span is not None and text[span[1] : span[1] + 1] == ",":
            keep(span[0], span[1], "in")
    for position in re.finditer(r"(?<=[\w’'&!?])(?=[ ,(])", text):
        cue_after = _BEFORE_CUES.match(text, position.start(), position.start() + 60)
        if cue_after is None:
            continue
        frame = cue_after.lastgroup or "credit"
        span = _title_before(text, position.start())
        if span is None and language != "en" and frame in ("year", "verb"):
            span = _sentence_cased_before(text, position.start())
        if span is not None:
            keep(span[0], span[1], frame)
    listed = [f for f in found if f.frame == "list"]
    return [  # "Dune and The Martian" is two titles when a list named both
        f
        for f in found
        if f.frame == "list"
        or not any(f.start <= g.start and g.end <= f.end and g != f for g in listed)
    ]
