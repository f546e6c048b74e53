"""The rule-based finder: quotations, reported speech and the people they are attributed to.

Claims come from four rules, each written from how news reports speech:

- a direct quotation (see `quotes`), kept when a reporting cue attributes it or when it is long enough to be
  speech rather than a scare-quoted word or a title; in English, the author's words before a quotation
  attributed after it belong to the claim ('With the budget unsigned, "the schools will open late," she
  said');
- indirect speech after a reporting verb ("a déclaré que …", "said that …", "told reporters …") and after
  verbs of position that news attributes as well ("called for", "urged", "proposed", "accused X of",
  "endorsed"; what a poll or a study "shows" or "finds"), and the content before a sentence-final
  attribution ("…, a estimé le ministre.", "…, Smith said.");
- the content of "selon X, …", "d'après X, …", "according to X, …" and of those phrases after it; a
  "selon X" inside a French clause makes the whole clause the claim;
- a paragraph opened by a speaker's label and a colon: an interview's transcript ("JANE DOE: …") or a
  headline naming someone the article quotes ("Sanders: …");
- in English, what news attributes beyond speech, as English newsroom annotation (PolNeAR) does: what someone
  knows, fears or expects (a clause: "feels the country is …", "knows how …"), intends or refuses (an
  infinitive: "refused to answer"), supports or attacks (an object: "slammed the loophole"); a stance given
  with a preposition ("railed against the judge", "his comments on immigration", "proud of her record",
  "Ms. Vale, a fierce critic of the toll"); the "that" clause of a noun of belief ("his view that …");
  "For X, …" and "In a poll, …" opening a sentence; and, with no speaker, what a subject is expected, seems
  or is known to be ("The firm is best known for …": the subject and the rest, two claims).

The source of a claim is the noun phrase naming the speaker next to the cue: a name, a title with its
complements ("le secrétaire général de l'OTAN"), a name with its apposition ("Josh Earnest, the White House
press secretary"), the name a relative pronoun stands for ("Smith, who told reporters …"), in English a
common noun opening its sentence or following its quotation ("the gambling tycoon said"), or a subject
pronoun when it is the only mention there ("a-t-il déclaré", "he said"). A quotation with no cue of its own
takes the speaker of the quotation just before it in the same paragraph (a quotation split by its
attribution), else of the paragraph before when it opens its own paragraph, else the name that opens the
next sentence ("« … » Emmanuel Macron a ensuite …").

An indirect claim ends at its sentence's end or earlier where the author's words resume: another cue, a
semicolon, ", but" with a new subject, an aside about someone (", who …"), a concession (", even though …"),
and in English a participle that closes the sentence (", allowing …"), a dash no second dash closes, the
comma that ends the relative or subordinate clause holding the cue; an English object or infinitive also
ends where the subject's own clause goes on ("by tying …", "and took the stage", ", hours after …", a
trailing "this month"), a noun phrase at a comma, a conjunction or a finite verb; it never ends inside a
quotation it opens.
"""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

from annotator.domain.suggest import CLAIM, SOURCE, Proposal
from annotator.domain.suggest import lexicon as lx
from annotator.domain.suggest.quotes import Quote, find_quotes

# Tokens: words with inner apostrophes/hyphens, or one mark; a title's or an initial's dot is joined to it
# afterwards ("M.", "Sen.", "U.S.").
_TOKEN = re.compile(r"[^\W_]+(?:[’'\-][^\W_]+)*[’']?|[^\w\s]")
_LAST_WORD = re.compile(r"[^\W\d_]+$")
_DOTTED = frozenset("M Mme Mlle Mr Mrs Ms Dr Sen Rep Gov Gen Lt Col Pr Me St Jr Sr Pres Prof Rev Capt Sgt Adm"
                    .split())
_WORD = re.compile(r"[^\W\d_]+(?:[’'\-][^\W\d_]+)*")
_SENTENCE_END = re.compile(
    r"[.!?]+(?:[ \u00a0\u202f]?[»”’\"')\]])*(?=\s)"
    r"|…(?:[ \u00a0\u202f]?[»”’\"')\]])*(?=\s+[«“\"A-ZÀ-ÖØ-Þ])|\n")
# where an indirect content stops short of its sentence end: a semicolon, a new clause with its own subject
# after ", but" / ", mais", the author's comment after ", puisque" / ", d'autant que" / ", pendant que", a
# colon opening a quotation, a parenthetical aside closing the sentence
_CONTENT_STOP = re.compile(
    r";|,\s+(?:but|mais)\s+(?=[A-ZÀ-ÖØ-Þ]|(?:the|a|an|le|la|les|l['’]|un|une|des)\b)"
    r"|,\s+(?:puisque|d['’]autant|pendant\s+qu)|:\s*[«“\"‘]|\s*\([^()]*\)\s*[.!?…]*$"
    r"|,\s+(?:who|whom|whose|which|while|whereas|although|even\s+though)\s|,\s*[“\"](?=\w)"
    r"|,?(?<!\bare)(?<!\bis)(?<!\bwas)(?<!\bwere)(?<!\bbe)(?<!\bbeen)"  # not "are saying"
    r"\s+(?:saying|adding|noting|arguing|insisting|explaining|warning)\b|,?\s+but\s+(?:have|has|had|did|do|does|never)\b")
_ABBREVIATIONS = frozenset(
    "m mme mlle mr mrs ms dr st sen rep gov gen lt col pr me jr sr no vs etc p ex cf av bd vol art ch "
    "sens reps govs jan feb apr aug sept oct nov dec pres prof rev capt sgt adm".split()
)
_CLOSERS = "»”\"’›"
_OPENERS = "«“\"‘‹"
_ELISION = re.compile(r"^(?:[ldjnmstc]|qu|jusqu|lorsqu|puisqu)['’]", re.IGNORECASE)
_FR_INVERTED = re.compile(r"^(?P<word>[^\W\d_]+)(?:-t)?-(?P<pron>il|elle|ils|elles|on)$", re.IGNORECASE)
_FR_AUX = frozenset(lx.FR_AUXILIARIES.split())
_EN_AUX = frozenset("has have had will would could may might did does do is was are were".split())
_EN_NEGATED_AUX = "do does did is are was were has have had would could should must".split()
_EN_AUX |= frozenset(f"{aux}n{mark}t" for aux in _EN_NEGATED_AUX for mark in "'’")  # "didn't disclose"
_EN_AUX |= frozenset(f"{aux}{mark}t" for aux in ("won", "can") for mark in "'’")
_EN_WANT = frozenset("want wants wanted wanting".split())


def _wanted_object(t: _Text, j: int) -> bool:
    """"want the east bank for their village", "want a bully for a president", "wants the attacks to stop": a
    noun phrase and then "for" or "to" after a verb of wanting."""
    texts = t.tokens.texts
    k = j
    while k < len(texts) and k - j < 16 and texts[k] not in (".", ";", ":", "?", "!"):
        low = texts[k].lower()
        if k > j and low in ("for", "to"):
            return True
        if low in _EN_FINITE or low in _NP_OPENS_CLAUSE or low in _NP_STOPS or low == "so":
            return False
        k += 1
    return False


_EN_DOCUMENTS = frozenset("""statement statements letter letters lawsuit suit complaint memo email emails
video videos ad ads poster posters leaflet leaflets flyer flyers banner banners op-ed tweet tweets petition
""".split())
_EN_OBLIGED = frozenset("has have had needs need needed".split())  # "has to remind voters why …"
_EN_HAVE = frozenset("have has had having".split())  # "has doubts about", "have mixed feelings about"
_EN_FREE_RELATIVES = frozenset(("what", "whatever"))
_EN_PARTICIPLE_AFTER = frozenset(("this", "it"))  # not a person, who could be the one speaking
_EN_BE = frozenset("is are was were".split())  # "is calling for", "were saying"
_EN_NOT_YET = frozenset("to will would could should can must may might shall".split())
_EN_PASSIVE = frozenset("is was were be been being are".split())
_NEGATIONS = frozenset("not never n't pas jamais guère nullement".split())
_EN_CLASS = lx.en_class_forms()
_EN_FORMS = frozenset(lx.en_verb_forms()) | frozenset(_EN_CLASS)
_EN_CALL = frozenset("call calls called calling".split())
_QUOTE_MARKS = frozenset("“\"«‘'")
_EN_LEMMA = {form: lemma for lemma in (*lx.EN_INFINITIVE, *lx.EN_QUESTION)
             for form in lx.en_forms_of(lemma)}
_EN_ING = frozenset(f.split()[0] for f in _EN_FORMS if f.split()[0].endswith("ing"))
_FR_FORMS = lx.fr_verb_forms()


def _phrases(forms) -> dict[str, list[tuple[str, ...]]]:
    """Forms of several words, by their first word, longest first."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for form in sorted((f for f in forms if " " in f), key=len, reverse=True):
        words = tuple(form.split())
        out.setdefault(words[0], []).append(words)
    return out


_FR_PHRASES = _phrases(_FR_FORMS)
_EN_PHRASES = _phrases(_EN_FORMS)


def _phrase(toks: list[_Tok], k: int, low: str, phrases: dict[str, list[tuple[str, ...]]]
            ) -> tuple[int, str | None]:
    """The number of tokens of the verb phrase starting at token `k` and the phrase, or (0, None)."""
    for words in phrases.get(low, ()):
        if tuple(x.text.lower() for x in toks[k:k + len(words)]) == words:
            return len(words), " ".join(words)
    return 0, None
_EN_ADJUNCT = re.compile(lx.EN_ADJUNCT)
_EN_HEARERS = frozenset("reporters journalists him her them me us you supporters voters lawmakers".split())
_FR_PRONOUN_OBJECTS = frozenset("lui elle eux elles".split())
_EN_PRONOUN_OBJECTS = frozenset("him her them".split())
#: Words after a verb that do not start what was said: "said in", "said so", "told him about".
_EN_NO_CONTENT = frozenset("""
in on at to for with by of from about after before during while when whenever if as so yes no nothing
something anything goodbye hello thanks thank earlier later then again also too only just but and or nor
because since though although up out off back over into onto through than
""".split())
_EN_OPINION = frozenset("think thinks thought believe believes believed".split())
# what may follow an inverted speaker in French: a complement of place, time or manner
_FR_TRAILING = re.compile(
    r"(?:à|au|aux|dans|lors|lorsqu|quand|devant|sur|en|depuis|pendant|après|avant|le|la|ce|cette|selon|lundi|mardi"
    r"|mercredi|jeudi|vendredi|samedi|dimanche|mi-\w+)\b", re.IGNORECASE)
_FR_PLACE_TIME = frozenset("à au aux dans lors devant sur en depuis pendant après avant le ce cette".split())
_FIRST_PERSON = frozenset("je j nous i we".split())
_EN_FIRST_PERSON = frozenset("je j nous".split())  # an English author's "I" and "we" are attributed too
_MIN_QUOTE_WORDS = 6  # a quotation this long is speech even without a cue
_MIN_CLAIM_WORDS = 3


class _Tok(NamedTuple):
    start: int
    end: int
    text: str


class _Cue(NamedTuple):
    """A reporting cue: the verb (or "selon"/"according to") and where its words start and end."""

    start: int  # first word of the cue, auxiliaries and adverbs included
    end: int  # after the verb (and an inverted pronoun)
    source: tuple[int, int] | None
    inverted: bool  # the speaker comes after the verb
    kind: str  # "verb" or "per" (selon / according to)
    after: int  # where the content may start (after adjuncts, "que"/"that", a hearer)
    complement: bool  # "que"/"that" or a clause follows
    shared: bool = False  # "… and said …": the subject of the verb before, the cue starts at "and"
    verb_class: str | None = None  # English verbs of stance, intention or knowing: "stance", "to", "clause"
    relative: bool = False  # the verb of a relative clause: "Smith, who supports the plan, …"


class _Lang:
    def __init__(self, code: str) -> None:
        fr = code == "fr"
        self.fr = fr
        self.pronouns = lx.FR_PRONOUNS if fr else lx.EN_PRONOUNS
        self.titles = lx.FR_TITLES if fr else lx.EN_TITLES
        self.determiners = lx.FR_DETERMINERS if fr else lx.EN_DETERMINERS
        self.links = lx.FR_LINKS if fr else lx.EN_LINKS
        self.not_names = lx.FR_NOT_NAMES if fr else lx.EN_NOT_NAMES
        self.adverbs = lx.FR_ADVERBS if fr else lx.EN_ADVERBS
        self.auxiliaries = _FR_AUX if fr else _EN_AUX


_LANGS = {"fr": _Lang("fr"), "en": _Lang("en")}


class _Tokens:
    """The tokens of a text, kept as two lists and made into `_Tok` only when looked at."""

    def __init__(self, text: str) -> None:
        starts = [m.start() for m in _TOKEN.finditer(text)]
        texts = _TOKEN.findall(text)
        dots = [k for k, word in enumerate(texts) if word == "." and _joined_dot(text, texts, starts, k)]
        if dots:
            for k in dots:
                texts[k - 1] += "."
            kept_starts: list[int] = []
            kept_texts: list[str] = []
            previous = 0
            for k in dots:
                kept_starts += starts[previous:k]
                kept_texts += texts[previous:k]
                previous = k + 1
            starts = kept_starts + starts[previous:]
            texts = kept_texts + texts[previous:]
        self.starts = starts
        self.texts = texts
        self._made: dict[int, _Tok] = {}

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, k):
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self.starts)))]
        tok = self._made.get(k)
        if tok is None:
            start = self.starts[k]
            word = self.texts[k]
            tok = self._made[k] = _Tok(start, start + len(word), word)
        return tok


def _joined_dot(text: str, texts: list[str], starts: list[int], k: int) -> bool:
    """Whether the dot at token `k` ends a title ("M.", "Sen.") or an initial rather than a sentence."""
    if not k or starts[k] != starts[k - 1] + len(texts[k - 1]):
        return False
    before = texts[k - 1]
    titled = before in _DOTTED or (len(before) == 1 and before.isupper())
    spaced = text[starts[k] + 1:starts[k] + 2] in (" ", "\u00a0", "-")
    return (titled and spaced) or _initials(texts, starts, k)


def _initials(texts: list[str], starts: list[int], k: int) -> bool:
    """A dot inside "U.S." or "J.-C.": right after a one-letter capital and followed by another one."""
    return (texts[k] == "." and k and len(texts[k - 1]) == 1 and texts[k - 1].isupper()
            and k + 1 < len(texts) and starts[k + 1] == starts[k] + 1 and len(texts[k + 1]) <= 2)


class _Text:
    """The text with its tokens and sentence limits, for lookups by position."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _Tokens(text)
        self.starts = self.tokens.starts
        ends = []
        for m in _SENTENCE_END.finditer(text):
            if m.group() != "\n" and m.group()[0] == ".":
                word = _LAST_WORD.search(text, max(0, m.start() - 6), m.start())
                if word and (word.group().lower() in _ABBREVIATIONS or len(word.group()) == 1):
                    continue
            ends.append(m.end())
        # a text without punctuation or line breaks still gets bounded sentences and paragraphs, so the
        # work around each cue stays bounded
        self.sentence_ends = _bounded(ends, text, 2000)
        self.paragraph_breaks = _bounded([m.start() for m in re.finditer(r"\n", text)], text, 8000)
        self._lower: set[str] | None = None
        self.lang_fr = False

    def common_word(self, word: str) -> bool:
        """Whether `word` is written in lower case elsewhere in the text (so capitalised as a first word)."""
        if self._lower is None:
            self._lower = set(filter(str.islower, self.tokens.texts))
        return word.lower() in self._lower

    def sentence_initial(self, k: int) -> bool:
        """Whether token `k` opens its sentence (after opening marks)."""
        start = self.sentence(self.tokens[k].start)[0]
        return not self.text[start:self.tokens[k].start].strip(" \t\n\u00a0" + _OPENERS)

    def token_at(self, pos: int) -> int:
        """Index of the first token starting at or after `pos`."""
        return bisect.bisect_left(self.starts, pos)

    def sentence(self, pos: int) -> tuple[int, int]:
        """Start and end of the sentence holding `pos`."""
        k = bisect.bisect_right(self.sentence_ends, pos)
        start = self.sentence_ends[k - 1] if k else 0
        end = self.sentence_ends[k] if k < len(self.sentence_ends) else len(self.text)
        return start, end

    def paragraph(self, pos: int) -> tuple[int, int]:
        k = bisect.bisect_right(self.paragraph_breaks, pos - 1)
        start = self.paragraph_breaks[k - 1] + 1 if k else 0
        end = self.paragraph_breaks[k] if k < len(self.paragraph_breaks) else len(self.text)
        return start, end


def _bounded(limits: list[int], text: str, longest: int) -> list[int]:
    """`limits` with extra ones at blanks wherever two are more than `longest` characters apart."""
    out: list[int] = []
    previous = 0
    for limit in [*limits, len(text)]:
        while limit - previous > longest:
            blank = text.rfind(" ", previous + longest // 2, previous + longest)
            previous = blank if blank > previous else previous + longest
            out.append(previous)
        out.append(limit)
        previous = limit
    out.pop()
    return out


def _bare(word: str) -> str:
    """A word without a French elision: "l'OTAN" -> "OTAN"."""
    return _ELISION.sub("", word)


_KINDS: dict[tuple[str, bool], str] = {}


def _kind(tok: str, lang: _Lang) -> str:
    """What a token can be inside a speaker mention."""
    key = (tok, lang.fr)
    kind = _KINDS.get(key)
    if kind is None:
        kind = _KINDS[key] = _kind_of(tok, lang)
        if len(_KINDS) > 200_000:
            _KINDS.clear()
    return kind


def _kind_of(tok: str, lang: _Lang) -> str:
    low = tok.lower()
    if low in lang.determiners:
        return "det"
    if low in lang.links:
        return "link"
    if not tok[0].isalnum():
        return "mark"
    if tok[0].isdigit():
        return "link"  # "the 50-state poll", "le G7": inside a mention, never its head
    bare = _bare(tok)
    if not bare:
        return "other"
    low_bare = bare.lower().rstrip("’'")
    if low_bare.endswith(("'s", "’s")):
        low_bare = low_bare[:-2]
    if bare[0].isupper() and low not in lang.not_names:
        return "name"
    if low_bare in lang.titles or (low_bare.endswith("s") and low_bare[:-1] in lang.titles):
        return "title"
    if "-" in low_bare and all(part in lang.titles for part in low_bare.split("-") if part):
        return "title"
    return "other"


_FR_ADJECTIVE = re.compile(
    r"(?:ien|ienne|éen|éenne|ais|aise|ain|aine|and|ande|ois|oise|al|ale|el|elle|if|ive|ier|ière|eur|rice|ol|"
    r"kh|ec|..e|adjoint|général)s?$"
)


def _adjective_of_title(t: _Text, k: int, left: int, lang: _Lang, depth: int = 0) -> bool:
    """'le Premier ministre italien', 'le Conseil européen', 'un haut responsable militaire russe': a
    lower-case adjective right after a title or a name, or after another such adjective (French)."""
    tok = t.tokens[k].text
    if not lang.fr or not tok.isalpha() or not tok.islower() or tok in _FR_FORMS or tok in lang.auxiliaries:
        return False
    if not (0 <= left < len(t.tokens) and _FR_ADJECTIVE.search(tok) and tok not in lang.adverbs
            and tok not in lang.links):
        return False
    return _kind(t.tokens[left].text, lang) in ("title", "name") or (
        depth == 0 and _adjective_of_title(t, left, left - 1, lang, 1))


_WEAK_LINKS = frozenset("à au aux en pour chez at on to for".split())


def _weak_link_after_name(t: _Text, k: int, lang: _Lang) -> bool:
    """'Emmanuel Macron à l'hebdomadaire', 'Smith at a rally': after a name these start a complement."""
    return k > 0 and t.tokens[k].text.lower() in _WEAK_LINKS and _kind(t.tokens[k - 1].text, lang) == "name"


def _drop_capitalised_opener(t: _Text, first: int, last: int, lang: _Lang) -> int:
    """Skip a sentence's first word that is only capitalised for being first ("Hours after …")."""
    tok = t.tokens[first].text
    if (tok[0].isupper() and t.sentence_initial(first) and t.common_word(tok)
            and tok.lower() not in lang.titles and tok.lower() not in lang.determiners):
        return first + 1
    return first


def _mention_before(t: _Text, end_tok: int, lang: _Lang, floor: int) -> tuple[int, int] | None:
    """The speaker mention ending with token `end_tok` (inclusive), going left no further than `floor`."""
    toks = t.tokens
    k = end_tok
    if k < 0 or toks[k].start < floor:
        return None
    low = toks[k].text.lower()
    bare = _bare(low)
    if bare in lang.pronouns:
        return toks[k].end - len(bare), toks[k].end  # "il", or the "il" of "qu'il"
    contracted = None if lang.fr else _EN_CONTRACTED.match(low)
    if contracted:
        return toks[k].start, toks[k].start + contracted.end(1)  # "she's said", "they've argued"
    first = None
    kinds = []
    while k >= 0 and toks[k].start >= floor and len(kinds) < 14:
        kind = _kind(toks[k].text, lang)
        if kind == "other" and _adjective_of_title(t, k, k - 1, lang):
            kind = "title"
        if kind in ("name", "title", "link"):
            kinds.append(kind)
            first = k
            k -= 1
            continue
        if kind == "det":
            kinds.append(kind)
            first = k
            if k > 0 and _kind(toks[k - 1].text, lang) == "link" and toks[k - 1].start >= floor:
                k -= 1
                continue
        break
    if first is None:
        return None
    # trim links at both ends, a capitalised sentence opener such as "But" or "Mardi"
    last = end_tok
    while first <= last and _kind(toks[first].text, lang) == "link":
        first += 1
    while last >= first and _kind(toks[last].text, lang) in ("link", "det"):
        last -= 1
    if first > last:
        return None
    first = _drop_capitalised_opener(t, first, last, lang)
    if not lang.fr and first < last and toks[first].text.lower() == "that" and _kind(
            toks[first + 1].text, lang) == "name":
        first += 1  # "the day that Trump railed": a conjunction, not a determiner
    heads = [_kind(toks[i].text, lang) for i in range(first, last + 1)]
    if "name" not in heads and "title" not in heads:
        return None
    if _kind(toks[last].text, lang) not in ("name", "title") and not _adjective_of_title(
            t, last, last - 1, lang):
        return None
    if not lang.fr:
        first = _en_premodifiers(t, first, lang, floor)
        if first > 1 and toks[first - 1].text == "and" and toks[first - 2].text.lower() in lang.pronouns and (
                toks[first - 2].start >= floor and toks[first - 2].text.lower() != "it"):
            first -= 2  # "he and Mr. Allen said"
    return toks[first].start, toks[last].end


_EN_CONTRACTED = re.compile(r"(he|she|they|we|i|you)['’](?:s|ve|d|ll|re)$")
_EN_COMPOUND = re.compile(r"[\w]+(?:-[a-z]+)+$")  # "50-state", "long-time"
_EN_ADJECTIVE = re.compile(r"(?:al|ic|an|ive|ent|ant|est|ous|ary|ful)$")
_EN_PLAIN_ADJECTIVES = frozenset("new latest recent other top senior former longtime leading rolling "
                                 "national local federal state rival key chief close".split())


def _en_premodifiers(t: _Text, first: int, lang: _Lang, floor: int) -> int:
    """'The new 50-state poll', 'Democratic presidential candidate Bernie Sanders': lower-case adjectives
    before an English mention belong to it when a determiner or a name opens them."""
    toks = t.tokens
    if first >= 1 and toks[first].text.lower() in lang.determiners and toks[first - 1].text.lower() in (
            "the", "these", "those", "all", "his", "her", "their") and toks[first - 1].start >= floor:
        return first - 1  # "The two leaders"
    k = first - 1
    adjectives = True
    while k >= 0 and first - k <= 3 and toks[k].start >= floor:
        word = toks[k].text
        if word.islower() and (word.isalpha() or _EN_COMPOUND.match(word)) and word not in _EN_FORMS and (
                word not in lang.adverbs) and (
                word not in lang.links and word not in _EN_NO_CONTENT and word not in lang.pronouns
                and word not in _EN_AUX and word not in _EN_NP_DETERMINERS and not word.endswith("ly")
                and word not in _PER_PHRASE_STOPS and word not in lx.EN_QUESTION_WORDS):
            adjectives = adjectives and (word in _EN_PLAIN_ADJECTIVES or bool(
                _EN_ADJECTIVE.search(word) and len(word) > 4))
            k -= 1
            continue
        break
    if k == first - 1 or k < 0 or toks[k].start < floor or (
            not adjectives and _kind(toks[first].text, lang) == "name"):
        # "After the debate Clinton said": a name's own words are adjectives; "a slew of RNC leaders"
        return _en_quantifier(t, first, floor) if k == first - 1 else first
    opener = toks[k].text
    if opener.lower() in _EN_NP_DETERMINERS or (
            adjectives and _kind(opener, lang) == "name" and not t.common_word(opener)):
        k = _en_quantifier(t, k, floor)  # "a slew of RNC leaders"
        return k  # "the mega donor", "a policy institute": any words a determiner opens before the head
    if opener.lower() in _EN_QUANTIFIERS:
        return k  # "Other recent surveys"
    if toks[k + 1].text.lower() in _EN_QUANTIFIERS:
        return k + 1  # "while other recent surveys"
    return first


_EN_QUANTIFIERS = frozenset("other both most all several many some few".split())
_EN_QUANTITY_NOUNS = frozenset("""slew lot lots number group handful majority minority dozen dozens hundreds
thousands millions host series couple pair coalition chorus""".split())


def _en_quantifier(t: _Text, k: int, floor: int) -> int:
    """'a slew of', 'a group of', 'dozens of' before a mention opened at token `k` belong to it."""
    toks = t.tokens
    if k >= 2 and toks[k - 1].text.lower() == "of" and toks[k - 2].text.lower() in _EN_QUANTITY_NOUNS:
        j = k - 2
        if j >= 1 and toks[j - 1].text.lower() in ("a", "an", "the") and toks[j - 1].start >= floor:
            return j - 1
        if toks[j].start >= floor and toks[j].text.endswith("s"):
            return j
    return k


def _mention_after(t: _Text, first_tok: int, lang: _Lang, ceiling: int) -> tuple[int, int] | None:
    """The speaker mention starting at token `first_tok`, ending before `ceiling`."""
    toks = t.tokens
    k = first_tok
    if k >= len(toks) or toks[k].end > ceiling:
        return None
    low = toks[k].text.lower()
    if low in lang.pronouns:
        return toks[k].start, toks[k].end
    last = None
    count = 0
    while k < len(toks) and toks[k].end <= ceiling and count < 14:
        kind = _kind(toks[k].text, lang)
        if kind == "other" and _adjective_of_title(t, k, k - 1, lang):
            kind = "title"
        if kind == "link" and _weak_link_after_name(t, k, lang):
            break
        if kind in ("name", "title", "link", "det"):
            if count == 0 and kind == "link":
                return None
            last = k
            k += 1
            count += 1
            continue
        break
    if last is None:
        return None
    while last >= first_tok and _kind(toks[last].text, lang) in ("link", "det"):
        last -= 1
    if last < first_tok:
        return None
    kinds = {_kind(toks[i].text, lang) for i in range(first_tok, last + 1)}
    if not kinds & {"name", "title"}:
        return None
    start, end = toks[first_tok].start, toks[last].end
    # an apposition up to the end of the sentence: "said Josh Earnest, the press secretary."
    k = last + 1
    if k + 1 < len(toks) and toks[k].text == "," and toks[k + 1].end <= ceiling:
        more = _apposition(t, k + 1, lang, ceiling)
        if more is not None:
            end = more
    return start, end


_APPOSITION_END = frozenset(".,;!?»”\")")


def _apposition(t: _Text, first: int, lang: _Lang, ceiling: int) -> int | None:
    """Where an apposition to a name ends ("Ada Lind, the mayor's long-time press officer."): a
    noun phrase opened by a determiner or a title running to the next comma or the sentence end, with no
    verb or relative pronoun in it."""
    toks = t.tokens
    opener = _kind(toks[first].text, lang)
    named = opener == "name" and toks[first].text.lower() not in lang.not_names
    if opener not in ("det", "title") and not named:
        return None
    k = first
    while k < len(toks) and toks[k].end <= ceiling and k - first < 16:
        word = toks[k].text
        low = word.lower()
        if word in _APPOSITION_END:
            break
        if (low in _RELATIVES or low in lang.auxiliaries or low in _EN_FORMS or low in _FR_FORMS
                or low in ("que", "qu", "that", "et", "and") and k == first):
            return None
        k += 1
    if k == first or (k < len(toks) and toks[k].text not in _APPOSITION_END and toks[k].end <= ceiling):
        return None
    return toks[k - 1].end


def _mention_after_plain(t: _Text, first_tok: int, lang: _Lang, ceiling: int) -> tuple[int, int] | None:
    toks = t.tokens
    k, last = first_tok, None
    while k < len(toks) and toks[k].end <= ceiling and k - first_tok < 14:
        if _kind(toks[k].text, lang) == "link" and _weak_link_after_name(t, k, lang):
            break
        if _kind(toks[k].text, lang) in ("name", "title", "link", "det") or _adjective_of_title(
                t, k, k - 1, lang):
            last = k
            k += 1
            continue
        break
    if last is None or _kind(toks[first_tok].text, lang) == "link":
        return None
    while last >= first_tok and _kind(toks[last].text, lang) in ("link", "det"):
        last -= 1
    if last < first_tok or not {_kind(toks[i].text, lang) for i in range(first_tok, last + 1)} & {
        "name", "title"
    }:
        return None
    return toks[first_tok].start, toks[last].end


def _subject_before(t: _Text, verb_tok: int, lang: _Lang, floor: int) -> tuple[tuple[int, int] | None, int]:
    """The speaker before a verb (past auxiliaries and adverbs) and the index of the cue's first token."""
    toks = t.tokens
    texts, starts = toks.texts, toks.starts
    k = verb_tok - 1
    while k >= 0 and starts[k] >= floor:
        low = texts[k].lower()
        if low in lang.adverbs or low in lang.auxiliaries or (lang.fr and low in lx.FR_CLITICS) or (
                not lang.fr and low.endswith("ly") and len(low) > 4 and low not in _EN_LY_NOUNS
                and texts[k].islower()):
            k -= 1  # "has repeatedly said", "have vigorously denied"
            continue
        if lang.fr:
            inv = _FR_INVERTED.match(toks[k].text)
            if inv and inv.group("word").lower() in _FR_AUX:
                # "a-t-il déclaré": the pronoun inside the auxiliary
                p = toks[k].start + inv.start("pron")
                return (p, p + len(inv.group("pron"))), k
        break
    cue_first = k + 1
    if not lang.fr and k > 0 and toks[k].start >= floor and toks[k].text.lower() in _EN_WHO:
        # "Jane Doe, who told reporters …", "Democrats who agree that …": the one the relative stands for
        j = k - 1 if toks[k - 1].text not in (",", "—", "–") else k - 2
        if j >= 0 and toks[j].text.lower() in ("and", "but", "or"):
            return None, cue_first  # "a president who authorized the raid and who hoped …": further back
        named = _mention_before(t, j, lang, floor) if j >= 0 else None
        if named is None and j >= 0 and toks[j].text.isalpha():
            # "citizens who have voted for …": no name to stand for, the relative itself is the source
            named = toks[k].start, toks[k].end
        return named, cue_first
    if k < 0 or toks[k].start < floor:
        return None, cue_first
    if not lang.fr and toks[k].text == "," and k >= 3:
        # "Smith, for example, said": an aside between the speaker and the verb
        j = k - 1
        while j > k - 4 and toks[j].text != ",":
            j -= 1
        if toks[j].text == "," and toks[j].start >= floor and " ".join(
                x.text.lower() for x in toks[j + 1:k]) in _EN_ASIDES:
            found = _mention_before(t, j - 1, lang, floor)
            if found is not None:
                return found, cue_first
    if toks[k].text == ",":
        # "Name, apposition, said": both mentions
        inner = _mention_before(t, k - 1, lang, floor)
        if inner is not None:
            j = t.token_at(inner[0]) - 1
            if j >= 0 and toks[j].text == "," and toks[j].start >= floor:
                outer = _mention_before(t, j - 1, lang, floor)
                if outer is not None:
                    return (outer[0], inner[1]), cue_first
        return _opening_mention(t, k, lang, floor), cue_first
    if toks[k].text == ")":
        # "Harry M. Reid (D-Nev.) said": the parenthesis belongs to the mention
        j = k - 1
        while j >= 0 and k - j < 10 and toks[j].text != "(" and toks[j].start >= floor:
            j -= 1
        if j >= 1 and toks[j].text == "(":
            named = _mention_before(t, j - 1, lang, floor)
            return ((named[0], toks[k].end) if named else None), cue_first
        return None, cue_first
    found = _mention_before(t, k, lang, floor)
    if found is None and not lang.fr:
        found = _common_noun_subject(t, k, lang, floor)
    return found, cue_first


_EN_NP_DETERMINERS = frozenset("the a an his her their its our this these those several many some".split())


def _common_noun_subject(t: _Text, k: int, lang: _Lang, floor: int) -> tuple[int, int] | None:
    """'"…," the gambling tycoon said', 'A longtime friend told …': a determiner and up to three lower-case
    words right before an English verb, opening the sentence or right after a quotation, when no name or
    title is there."""
    toks = t.tokens
    j = k
    while j >= 0 and k - j < 3 and toks[j].start >= floor:
        word = toks[j].text
        low = word.lower()
        if low in _EN_NP_DETERMINERS or low in _EN_QUANTIFIERS or low == "another":
            break
        if j < k and word[0].isupper() and word.isalpha() and not t.common_word(word) and (
                toks[k].text.islower()):
            j -= 1  # "Another Lamsa employee": a name modifying the noun
            continue
        if (not (word.isalpha() or _EN_COMPOUND.match(word)) or not word.islower() or low in _EN_FORMS
                or low in _EN_AUX or low in lang.links or low in _EN_NO_CONTENT or low in lang.pronouns
                or low in _RELATIVES or low in lang.adverbs or low.endswith("ly")):
            break
        j -= 1
    if j < 0 or j == k or toks[j].start < floor:
        return None
    opener = toks[j].text.lower()
    if opener in _EN_NP_DETERMINERS or opener in _EN_QUANTIFIERS or opener == "another":
        if not t.text[floor:toks[j].start].strip(" \t\n\u00a0,—–-" + _OPENERS + _CLOSERS):
            return toks[j].start, toks[k].end  # it opens its sentence or follows its quotation
        if toks[j - 1].text in (",", ";") or toks[j - 1].text.lower() in _CLAUSE_OPENERS:
            return toks[j].start, toks[k].end  # "…, but the movement has argued that"
        return None
    # "…, politicians disagree on", "Palestinians want": a plural noun alone opening its clause
    if k - j == 1 and toks[k].text.endswith("s") and toks[k].text.islower() and toks[k].text.isalpha() and (
            toks[j].text in (",", ";") or opener in _CLAUSE_OPENERS or not t.text[floor:toks[k].start].strip(
                " \t\n\u00a0" + _OPENERS)):
        return toks[k].start, toks[k].end
    return None


_CLAUSE_OPENERS = frozenset("and but while if when because as since although though whereas which that so"
                            .split())


_EN_ASIDES = frozenset(("for example", "for instance", "however", "too", "in turn", "meanwhile", "though",
                        "for his part", "for her part", "for their part", "in particular", "in fact"))
_EN_WHO = frozenset(("who", "who's", "who’s"))
_EN_LY_NOUNS = frozenset("family ally rally assembly supply reply anomaly monopoly bully belly jelly".split())
_APPOSITION_STARTS = frozenset("a an the le la l' l’ les un une".split())
_RELATIVES = frozenset("who which whose qui dont lequel laquelle".split())


def _opening_mention(t: _Text, comma: int, lang: _Lang, floor: int) -> tuple[int, int] | None:
    """'Scarborough, who served in the House, said', 'Andrey Sidorov, doyen adjoint …, a répondu': a mention
    between commas (or opening the sentence) and the apposition after it, up to the comma at token `comma`."""
    toks, text = t.tokens, t.text
    start = t.token_at(floor)
    j = comma - 1
    while j > start and comma - j < 40:
        if toks[j].text in (";", "!", "?", "«", "“", "»", "”") or (
                toks[j].text == "." and text[toks[j].end:toks[j].end + 1].isspace()):
            return None
        if toks[j].text == ",":
            found = _apposed(t, start, j, comma, lang)
            if found is not None:
                return found
        j -= 1
    return None


_SENTENCE_ADVERBS = frozenset("""meanwhile but and yet still now then also however instead moreover mais et
puis pourtant cependant toutefois ainsi alors enfin""".split())


def _apposed(t: _Text, start: int, j: int, comma: int, lang: _Lang) -> tuple[int, int] | None:
    """The mention that ends at the comma `j` (after the previous comma or `start`) with its apposition."""
    toks = t.tokens
    first = j - 1
    while first > start and toks[first - 1].text != ",":
        first -= 1
    while first < j and toks[first].text[0] in _OPENERS + _CLOSERS + ",'":
        first += 1
    while first + 1 < j and toks[first].text.lower() in _SENTENCE_ADVERBS:
        first += 1  # "Meanwhile Rihanna, who …, spoke": a connective before the mention
    if first >= j or toks[first].text.lower() in lang.not_names:
        return None
    head = _mention_after_plain(t, first, lang, toks[j].start)
    if head is None or t.token_at(head[1]) != j or j + 1 >= comma:
        return None
    opener = toks[j + 1].text.lower()
    if opener in _RELATIVES or opener.isdigit():
        return head  # "Scarborough, who served …, said", "Maria Chuprina, 30 ans, a dit": the name
    if opener not in _APPOSITION_STARTS and _kind(toks[j + 1].text, lang) not in ("title", "name"):
        if not lang.fr and comma - j <= 12 and all(
                x.isalpha() and x.islower() and x not in _EN_FINITE and x not in _EN_FORMS
                and x not in _CLAUSE_OPENERS for x in toks.texts[j + 1:comma]):
            return head  # "Party insiders, long wary of the plan, are now convinced": an aside about them
        return None
    return head[0], toks[comma - 1].end


def _participle_subject(t: _Text, verb_tok: int, lang: _Lang, sent_start: int
                        ) -> tuple[tuple[int, int] | None, int]:
    """'Warren praised Clinton, saying she …': the subject that opens the sentence speaks."""
    toks = t.tokens
    first = t.token_at(sent_start)
    while first < verb_tok and toks[first].text[0] in _OPENERS + _CLOSERS + ",'":
        first += 1
    if first >= verb_tok:
        return None, verb_tok - 1
    if not lang.fr:
        found = _en_clause_subject(t, t.token_at(sent_start), verb_tok, lang)
        if found is not None:
            return found, verb_tok - 1
    if toks[first].text.lower() in lang.pronouns:
        return (toks[first].start, toks[first].end), verb_tok - 1
    if toks[first].text.lower() in lang.not_names:
        return None, verb_tok - 1
    return _mention_after_plain(t, first, lang, toks[verb_tok].start), verb_tok - 1


def _subject_before_relative(t: _Text, verb_tok: int, lang: _Lang, sent_start: int) -> tuple[int, int] | None:
    """'Smith, who calls the plan a "fraud," said …': the name before a relative clause that ends with a
    quotation right before the verb (English)."""
    texts = t.tokens.texts
    k = verb_tok - 1
    if k < 1 or texts[k] not in _CLOSERS:
        return None
    j = k - 1
    first = t.token_at(sent_start)
    while j > first and k - j < 40:
        if texts[j].lower() in _RELATIVES and texts[j - 1] == ",":
            return _mention_before(t, j - 2, lang, sent_start)
        if texts[j] in (".", ";", "!", "?"):
            return None
        j -= 1
    return None


def _en_clause_subject(t: _Text, first: int, verb_tok: int, lang: _Lang) -> tuple[int, int] | None:
    """The first mention before an English participle that a lower-case verb follows: 'But a week later,
    Lind changed course, telling …', '…, as Mr. Hale repeated the warning, saying …'."""
    toks = t.tokens
    found = None
    k = first
    quoted = False
    while k < verb_tok - 1:
        word = toks[k].text
        low = word.lower()
        if word in "“«\"”»":
            quoted = word in "“«" or (word == '"' and not quoted)  # a quotation's words are no subject
            k += 1
            continue
        if quoted:
            k += 1
            continue
        if low in lang.pronouns and low != "it":
            span, nxt = (toks[k].start, toks[k].end), k + 1
        elif _kind(word, lang) in ("name", "title", "det"):
            span = _mention_after_plain(t, k, lang, toks[verb_tok].start)
            nxt = t.token_at(span[1]) if span else k + 1
            if span is not None and word.islower() and nxt - 1 == k:
                # "The ferry company denied it, saying …": the determiner and the words before the title
                wider = _common_noun_subject(t, k, lang, toks[first].start)
                span = (wider[0], span[1]) if wider is not None and wider[1] == span[1] else span
            elif span is not None and nxt - 1 == k and low in _EN_QUANTIFIERS:
                # "Both women framed …": a quantifier and its noun
                for head in range(k + 1, min(k + 3, verb_tok - 1)):
                    wider = _common_noun_subject(t, head, lang, toks[first].start)
                    if wider is not None and wider[0] == span[0] and head + 1 < verb_tok and (
                            toks[head + 1].text.islower() and _kind(toks[head + 1].text, lang) == "other"):
                        span, nxt = wider, head + 1
                        break
        else:
            k += 1
            continue
        if span is not None and nxt < verb_tok and toks[nxt].text.isalpha() and toks[nxt].text.islower() and (
                _kind(toks[nxt].text, lang) == "other" and toks[nxt].text not in _EN_NO_CONTENT):
            return span  # the first subject: the main clause's, not that of a clause reported inside it
        k = max(nxt, k + 1)
    return found


_EN_QUESTION_AUX = frozenset("will would do does did can could should is are was were has have had".split())


def _inverted_question(t: _Text, source: tuple[int, int], sent_end: int) -> bool:
    """Whether the speaker follows an auxiliary that opens a question ending with "?": "And will their editors
    want to …?"."""
    texts = t.tokens.texts
    j = t.token_at(source[0])
    if texts[j] not in ("Will", "Would", "Do", "Does", "Did", "Can", "Could", "Should"):
        j -= 1  # "Will editors say …?": the auxiliary opening the question may be read into the name
    if j < 0 or texts[j].lower() not in _EN_QUESTION_AUX:
        return False
    before = j - 1
    if before >= 0 and texts[before][0].isalnum() and texts[before].lower() not in ("and", "but", "so", "or"):
        return False
    end = sent_end
    while end > 0 and t.text[end - 1] in " \n\"”’'»)":
        end -= 1
    return end > 0 and t.text[end - 1] == "?"


_EN_OBJECT_PREPOSITIONS = frozenset("from of to against for with by into onto over".split())


def _modified_subject(t: _Text, sent_start: int, verb_tok: int, lang: _Lang) -> tuple[int, int] | None:
    """'But activists hoping to block Smith from the nomination say …': the mention opening the sentence with
    the participle phrase after it up to the verb, with no comma, verb or clause in between."""
    toks = t.tokens
    texts = toks.texts
    k = t.token_at(sent_start)
    while k < verb_tok and texts[k].lower() in _SENTENCE_ADVERBS:
        k += 1
    span = _mention_after_plain(t, k, lang, toks[verb_tok].start) if k < verb_tok else None
    if span is None:
        return None
    nxt = t.token_at(span[1])
    if nxt >= verb_tok - 1 or not texts[nxt].endswith("ing") or not texts[nxt].islower():
        return None
    for j in range(nxt + 1, verb_tok):
        low = texts[j].lower()
        if not texts[j][0].isalnum() or low in _EN_FINITE or low in _NP_OPENS_CLAUSE or low in _NP_STOPS:
            return None
    return span[0], toks[verb_tok - 1].end  # the whole noun phrase, its participle phrase included


def _noun_use(before: str) -> bool:
    """Whether the word before a verb form makes it a noun: a determiner or a possessive."""
    low = before.lower()
    return low in ("the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "this", "that") or (
        low.endswith(("'s", "’s", "s'", "s’")) and before[:1].isalpha() and not _EN_CONTRACTED.match(low)
        and low[:-2] not in ("it", "that", "there", "what", "who", "here")
    )


def _after_evidence_noun(texts: list[str], k: int, lang: _Lang) -> bool:
    """Whether a poll, a study or a document is the word before token `k`, past auxiliaries and adverbs;
    a participle after a comma looks no further ("…, showing …")."""
    j = k - 1
    while j >= 0 and (texts[j].lower() in lang.auxiliaries or texts[j].lower() in lang.adverbs):
        j -= 1
    return j >= 0 and (texts[j] == "," or texts[j].lower() in lx.EN_EVIDENCE_NOUNS)


def _negated(t: _Text, first: int, verb_tok: int) -> bool:
    texts = t.tokens.texts
    return any(texts[i].lower() in _NEGATIONS for i in range(max(0, first - 1), verb_tok))


def _skip_to_content(t: _Text, k: int, lang: _Lang, hearer: bool, limit: int, lemma: str = ""
                     ) -> tuple[int, bool]:
    """Where content may start after a verb's token `k` (exclusive) and whether a clause follows."""
    toks, text = t.tokens, t.text
    if lang.fr:
        # up to ten tokens of complements ("à l'AFP", "lundi", "dans un communiqué") then "que"
        j = k + 1
        while j < len(toks) and j <= k + 8 and toks[j].end <= limit:
            low = toks[j].text.lower()
            if low in ("que", "qu'", "qu’") or low.startswith(("qu'", "qu’")):
                if toks[j - 1].text.lower() in ("ce", "c'est", "c’est", "ainsi", "alors", "bien", "tant"):
                    break  # "ce que", "ainsi que": not the start of what was said
                start = toks[j].start + (3 if low.startswith(("qu'", "qu’")) else len(low))
                return start, True
            if toks[j].text in (".", ";", "!", "?", "«", "»", "“", "”", '"', ":") or low in _FR_FORMS:
                break
            j += 1
        return toks[k].end, False
    pos = toks[k].end
    m = _EN_ADJUNCT.match(text, pos)
    if m:
        pos = m.end()
    j = t.token_at(pos)
    if hearer and j < len(toks):
        # "told reporters", "told CNN's Jake Tapper", "told him"
        low = toks[j].text.lower()
        if low in _EN_HEARERS:
            j += 1
        elif low != "that":
            heard = _mention_after_plain(t, j, lang, limit)
            if heard is not None:
                j = t.token_at(heard[1])
            elif low in _EN_NP_DETERMINERS:
                # "assured his audience he would …": a hearer named by a common noun, then the clause
                h = j + 1
                while h < len(toks) and h - j <= 3 and toks[h].text.isalpha() and toks[h].text.islower() and (
                        toks[h].text not in lang.pronouns and toks[h].text != "that"):
                    h += 1
                if h > j + 1 and h < len(toks) and (toks[h].text.lower() in lang.pronouns
                                                    or toks[h].text == "that" or toks[h].text in _OPENERS):
                    j = h
            if toks[j].text.lower() != "that" and j < len(toks):
                # "reminded viewers that …", "assured fellow senators and party leaders that …": a hearer of
                # a few words, then "that"
                j = _hearer_then_that(t, j, lang, limit)
        if j < len(toks):
            m = _EN_ADJUNCT.match(text, toks[j - 1].end)
            if m and m.end() > toks[j - 1].end:
                j = t.token_at(m.end())
    if j < len(toks) and toks[j].end <= limit:
        low = toks[j].text.lower()
        if lemma in lx.EN_QUESTION:
            # "asked whether …", "asked him why …": only a question is reported
            return (toks[j].start, True) if low in lx.EN_QUESTION_WORDS else (pos, False)
        if low == "to" and (lemma in lx.EN_INFINITIVE or lemma == _TO_OK):
            return toks[j].start, True  # "vowed to block the bill"
        if low == "that":
            return toks[j].end, True
        if toks[j].text == ",":
            return toks[j].end, False
        if hearer and toks[j].text in _OPENERS and j > t.token_at(pos):
            return toks[j].start, True  # 'told the magazine "We …"': the quotation after the hearer
        if toks[j].text[0].isalnum() and low not in _EN_NO_CONTENT:
            # a clause or what was said as a noun phrase: "said the plan", "denied any role"
            return toks[j].start, True
    return pos, False


_HEARER_WORDS = 8
_EN_HEARD_QUESTIONS = frozenset("why how whether".split())


def _hearer_then_that(t: _Text, j: int, lang: _Lang, limit: int) -> int:
    """Token index of the "that" ending a hearer of a few plain words that starts at token `j` (nouns,
    adjectives, names, "and"), else `j`: no verb, pronoun or punctuation may come before it."""
    toks = t.tokens
    h = j
    while h < len(toks) and h - j <= _HEARER_WORDS and toks[h].end <= limit:
        word = toks[h].text
        low = word.lower()
        if low == "that" or (low in _EN_HEARD_QUESTIONS and h > j):
            return h if h > j else j  # "reminded the rank and file why …"
        if not word[0].isalpha() or low in lang.pronouns or low in _EN_FINITE or low in _EN_FORMS or (
                low in _CLAUSE_OPENERS and low != "and"):
            return j
        h += 1
    return j


_EN_GAP_AFTER = frozenset("on in at for with to from about into during".split())


def _contact_relative(t: _Text, source: tuple[int, int], last: int) -> bool:
    """'the policy points he hopes to see on the platform': a pronoun right after a common noun, then a verb
    of wanting and an infinitive without its object (a preposition or a punctuation mark next): a relative
    clause without its "that", whose object is the noun before it."""
    toks = t.tokens
    texts = toks.texts
    s = t.token_at(source[0])
    if s < 1 or texts[s].lower() not in _EN_SUBJECTS or _EN_CLASS.get(texts[last].lower()) not in (
            "to", "clause"):
        return False
    noun = texts[s - 1]  # a plural noun: "the points", not "this morning"
    if not (noun.isalpha() and noun.islower() and noun.endswith("s")) or noun in _NP_BOUNDARIES or (
            noun in _EN_NO_CONTENT or noun in _EN_FORMS or noun in _EN_FINITE or noun in _EN_NP_DETERMINERS
            or noun in _EN_DATES):
        return False
    if last + 3 >= len(texts) or texts[last + 1].lower() != "to":
        return False
    after = texts[last + 3]
    return after.lower() in _EN_GAP_AFTER or not after[0].isalnum()


_TO_OK = "+to"
_CUE_BEFORE = frozenset(",;:—–-" + _CLOSERS)
_EN_TO_REPORT = re.compile(r"to\s+([a-z]+)\s+that\s+")
_EN_TO_STANCE = re.compile(r"[Tt]o\s+(?:(?:publicly|openly|formally|fully)\s+)?([A-Za-z]+)\s+(?=\S)")
_EN_FINITE = frozenset("""is are was were has have had will would can could should may might must does did do
isn't aren't wasn't weren't hasn't haven't hadn't won't wouldn't can't couldn't shouldn't doesn't didn't don't
isn’t aren’t wasn’t weren’t hasn’t haven’t hadn’t won’t wouldn’t can’t couldn’t shouldn’t doesn’t didn’t don’t
""".split())
_EN_SUBJECTS = frozenset("he she they we i you there".split())


def _class_complement(t: _Text, content_at: int, verb_class: str, lang: _Lang) -> bool:
    """Whether what follows a verb of knowing ("clause") or intending ("to") at `content_at` is its
    content: "that …", an infinitive, a question word, or a clause with its own subject and finite verb
    ("feels the harbour is in decline"); any object is the content of a verb of stance."""
    toks = t.tokens
    j = t.token_at(content_at)
    if j >= len(toks):
        return False
    if j and toks[j - 1].text.lower() == "that" and toks[j - 1].end <= content_at:
        return True
    low = toks[j].text.lower()
    if verb_class == "stance" or low == "to":
        return True
    if verb_class == "to":
        return False
    if low in lx.EN_QUESTION_WORDS or low in _EN_SUBJECTS:
        return True
    gerund = j + 1 if low.endswith("ly") and j + 1 < len(toks) else j
    if toks[gerund].text.endswith("ing") and toks[gerund].text.islower() and len(toks[gerund].text) > 5:
        return True  # "remembers nearly losing her job": a gerund clause
    for k in range(j, min(j + 8, len(toks))):
        word = toks[k].text.lower()
        if not word[0].isalnum():
            return False
        if k > j and (word in _EN_FINITE or (word in _EN_FORMS and word.endswith("s"))):
            return True
    return False


def _closes_clause(t: _Text, pos: int, lang: _Lang, sent_end: int) -> bool:
    """Whether only an adjunct and a punctuation mark (or the sentence end) follow `pos`."""
    if not lang.fr:
        m = _EN_ADJUNCT.match(t.text, pos)
        pos = m.end() if m else pos
    rest = t.text[pos:min(sent_end, pos + 200)].lstrip()
    if lang.fr and _FR_TRAILING.match(rest):
        return True  # "a déclaré X à l'hebdomadaire du dimanche.", "a dit X lors d'une conférence."
    return not rest or rest[0] in ".,;:!?…(" + _CLOSERS + ")"


_FR_KEYS = frozenset(_FR_FORMS) | frozenset(_FR_PHRASES) | {
    "selon", "d'après", "d’après", "avis", "vue", "pour"}
_EN_KEYS = frozenset(_EN_FORMS) | frozenset(_EN_PHRASES) | {"according", "According"}


_EN_KEYS_ANY_CASE = _EN_KEYS | frozenset(word.capitalize() for word in _EN_KEYS if word.islower())
_RARE_KEYS = frozenset("pour Pour avis vue".split())
_POSSESSIVES = frozenset("son sa ses leur leurs".split())


def _candidates(texts: list[str], lang: _Lang) -> list[int]:
    """Indices of the tokens that may start a cue: a verb form, "selon", "according"."""
    if not lang.fr:
        keys = _EN_KEYS_ANY_CASE  # a capitalised form counts in a headline ("Senator Slams Plan")
        return [k for k, word in enumerate(texts) if word in keys]
    keys = _FR_KEYS
    out = [k for k, word in enumerate(texts) if word in keys]
    out += [k for k, word in enumerate(texts) if word[0].isupper() and word.lower() in keys]
    out += [k for k, word in enumerate(texts) if ("'" in word or "’" in word or "-" in word) and (
        _bare(word.lower()) in keys or ((inv := _FR_INVERTED.match(word.lower())) is not None
                                        and inv.group("word") in keys))]
    out.sort()
    # "pour", "avis", "vue" only count opening a sentence or after a possessive
    return [k for k in out if texts[k] not in _RARE_KEYS or (
        texts[k] == "Pour" or (k and texts[k - 1].lower() in _POSSESSIVES) or (
            k > 2 and texts[k] == "vue" and texts[k - 3].lower() in _POSSESSIVES))]


def _find_cues(t: _Text, lang: _Lang, quotes: list[Quote]) -> list[_Cue]:
    """Every reporting cue with its speaker, in reading order; a speaker is never looked for inside or
    before a quotation that precedes its verb in the sentence."""
    ends = [q.after for q in quotes]
    cues: list[_Cue] = []
    toks, text = t.tokens, t.text
    n = len(toks)
    texts = toks.texts
    for k in _candidates(texts, lang):
        governed = None  # "continues to insist that": the word that governs an infinitive cue
        adverb = document = False
        tok = toks[k]
        word = tok.text
        low = word.lower()
        verb_tok = k
        if lang.fr:
            if low in ("selon", "d'après", "d’après"):
                cues.extend(_per_cue(t, k, lang, *t.sentence(tok.start)))
                continue
            if low in ("avis", "vue", "pour"):
                cues.extend(_opinion_cue(t, k, lang, *t.sentence(tok.start)))
                continue
            inverted_pron = None
            if low != _bare(low) and _bare(low) in _FR_FORMS:
                word = low = _bare(low)  # "l'écrit", "s'inquiète"
            inv = _FR_INVERTED.match(word)
            if inv and inv.group("word").lower() in _FR_FORMS:
                low = inv.group("word").lower()
                p = tok.start + inv.start("pron")
                if inv.group("pron").lower() != "on":
                    inverted_pron = (p, p + len(inv.group("pron")))
            size, phrase = _phrase(toks, k, low, _FR_PHRASES)
            if not size and low not in _FR_FORMS:
                continue
            last = k + max(size, 1) - 1
            needs_que = _FR_FORMS[phrase or low] in lx.FR_NEEDS_QUE
            if low.endswith("ant"):
                # "…, affirmant que", "en disant que": the sentence's subject speaks
                if not k or texts[k - 1].lower() not in (",", "en", "tout"):
                    continue
                needs_que = True
        else:
            if low == "according" and k + 1 < n and texts[k + 1].lower() == "to":
                cues.extend(_per_cue(t, k + 1, lang, *t.sentence(tok.start)))
                continue
            size, phrase = _phrase(toks, k, low, _EN_PHRASES)
            if (not size and low not in _EN_FORMS) or (not word.islower() and not _in_headline(t, tok.start)):
                continue
            last = k + max(size, 1) - 1
            low = phrase or low
            progressive = low.split()[0] in _EN_ING and k > 0 and texts[k - 1].lower() in _EN_BE
            # "…, quickly reminding viewers that …": a participle after a comma and an adverb
            adverb = k > 1 and texts[k - 1].endswith("ly") and texts[k - 1].islower() and texts[k - 2] == ","
            # "confirmed it saying …": a participle right after a verb's object pronoun
            after_object = (low.split()[0] in _EN_ING and k > 1 and texts[k - 1] in _EN_PARTICIPLE_AFTER
                            and texts[k - 2].isalpha() and texts[k - 2].islower())
            adverb = adverb or after_object
            # "framed their remarks by portraying Smith as …": a gerund after "by", the subject's own act
            adverb = adverb or (low.split()[0] in _EN_ING and k > 1 and texts[k - 1] == "by"
                                and texts[k - 2] not in _CUE_BEFORE)
            # "put up posters explaining their goals", "filed a lawsuit alleging that …": what the subject's
            # document says
            document = (low.split()[0] in _EN_ING and k > 1 and texts[k - 1].lower() in _EN_DOCUMENTS
                        and texts[k - 2].lower() not in _EN_PASSIVE)
            adverb = adverb or document
            if low.split()[0] in _EN_ING and (k == 0 or texts[k - 1] != ",") and not (progressive or adverb):
                continue
            if k > 0 and texts[k - 1].lower() in _EN_PASSIVE and not progressive:
                continue  # "it was said", "is told"
            j = k - 1
            while j > 0 and (texts[j].lower() in lang.adverbs or texts[j].endswith("ly")):
                j -= 1
            if j >= 0 and texts[j].lower() in _EN_NOT_YET:
                governor = texts[j - 1] if j > 1 else ""
                if not (texts[j].lower() == "to" and governor.isalpha() and governor.islower()
                        and ("that" in (x.lower() for x in texts[last + 1:last + 3])
                             or (governor in _EN_OBLIGED and low in _EN_FORMS and low not in _EN_CLASS) or (
                            last + 1 < n and _EN_CONTRACTED.match(texts[last + 1].lower())) or (
                            last + 2 < n and texts[last + 1].lower() in _EN_SUBJECTS
                            and texts[last + 2].lower() in _EN_FINITE))):
                    continue  # "prepared to declare", "will clarify", "would only describe": nothing yet
                # "continues to insist that …", "will be eager to prove that …": the subject of the verb or
                # adjective that governs the infinitive
                governed = j - 2 if texts[j - 2].lower() == "be" else j - 1
            if k > 0 and _noun_use(texts[k - 1]) and not after_object:
                continue  # "the report that", "Trump's claim that": a noun
            if k > 1 and low.endswith("ed") and texts[k - 1].endswith("ly") and _noun_use(texts[k - 2]):
                continue  # "Obama's highly criticized press conference": an adjective
            if low in _EN_CALL and not any(x in _QUOTE_MARKS for x in texts[last + 1:last + 9]):
                continue  # 'called the plan "a disaster"' names it; "called Smith on Monday" does not
            wanted = low in _EN_WANT and _wanted_object(t, last + 1)
            if _EN_CLASS.get(low) == "to" and last + 1 < n and texts[last + 1].lower() not in (
                    "to", "that") and not texts[last + 1].endswith("ly") and (
                    texts[k - 1] not in _CUE_BEFORE) and not wanted:
                continue  # "plans a trip": no infinitive, nothing reported (told early)
            if _EN_CLASS.get(low) == "clause" and texts[k - 1] not in _CUE_BEFORE:
                after = _EN_ADJUNCT.match(text, toks[last].end)
                j = t.token_at(after.end() if after else toks[last].end)
                if j >= n or not (texts[j].lower() == "that"
                                  or _class_complement(t, toks[j].start, "clause", lang)):
                    continue  # "knows the valley": an object, nothing reported (told before any subject)
            if low.split()[0] in lx.EN_EVIDENCE_VERBS and not _after_evidence_noun(t.tokens.texts, k, lang):
                continue  # "the poll shows …" reports, "Smith found his keys" does not
            j = last + 1
            while j < n and (texts[j].lower() in lang.adverbs or texts[j].endswith("ly")):
                j += 1
            if j < n and texts[j] == "by":
                continue  # "documents reported previously by The Post": a passive, its agent follows
            needs_que = False
            inverted_pron = None
        verb_end = toks[last].end
        sent_start, sent_end = t.sentence(tok.start)
        floor = _speaker_floor(sent_start, ends, tok.start)
        participle = low.split()[0] in _EN_ING and (texts[k - 1] == "," or adverb)
        if participle or (lang.fr and low.endswith("ant")):
            source, first = _participle_subject(t, verb_tok, lang, sent_start)
            first -= adverb
        else:
            subject_of = verb_tok if lang.fr or governed is None else governed
            source, first = _subject_before(t, subject_of, lang, floor)
            if source is None and not lang.fr and floor > sent_start:
                source = _subject_before_relative(t, verb_tok, lang, sent_start)
            if source is None and governed is not None and texts[governed].islower() and (
                    _kind(texts[governed], lang) == "other"):
                # "protesters gathered in the square to demand that …": the subject of the clause the
                # infinitive of purpose closes, after its last comma or conjunction
                opening = governed
                while opening > 0 and toks[opening - 1].start >= floor and texts[opening - 1] not in (
                        ",", ";", ":") and texts[opening - 1].lower() not in _CLAUSE_OPENERS:
                    opening -= 1
                source = _en_clause_subject(t, opening, governed, lang)
                first = governed + 1  # the cue starts at "to"
            if not lang.fr and governed is None and _EN_CLASS.get(low) is None and floor == sent_start and (
                    source is None or texts[t.token_at(source[0]) - 1].lower() in _EN_OBJECT_PREPOSITIONS):
                # no subject, or the object of a preposition in a participle phrase ("from the nomination")
                source = _modified_subject(t, sent_start, verb_tok, lang) or source
        shared = (not lang.fr and 0 < first < n and texts[first - 1].lower() == "and"
                  and (last + 1 >= n or texts[last + 1].lower() != "of"))  # not "and claims of"
        if shared:
            # "Smith complained the vote was rigged and questioned why …": the subject of the verb before
            first -= 1
            strong = [c for c in cues[-3:] if c.verb_class is None]
            source = strong[-1].source if strong and strong[-1].complement and not strong[-1].inverted and (
                t.sentence(strong[-1].start)[0] == sent_start) else None
        if _negated(t, first, last):
            continue
        if not lang.fr and source is not None and source[0] < tok.start:
            if _inverted_question(t, source, sent_end):
                continue  # "Will reporters still want to pursue them?": a question asserts nothing
            if _contact_relative(t, source, last):
                continue  # "the points he hopes to see on the platform": what he hopes is the noun before
            opener = t.token_at(source[0]) - 1
            if opener >= 0 and texts[opener].lower() in _EN_FREE_RELATIVES and (
                    last + 1 >= n or not texts[last + 1][0].isalnum()):
                continue  # "has heard what voters are saying,": what was said is not there, only a pronoun
        cue_start = toks[first].start if first < n else tok.start
        if inverted_pron is not None:
            source, inverted = inverted_pron, True
        elif source is not None:
            inverted = source[0] >= cue_start  # the pronoun of "a-t-il déclaré"
        else:
            before = text[sent_start:cue_start].rstrip()
            if lang.fr and _COMME.search(before):
                # "Comme le souligne X, …", "…, comme le révèle Reuters"
                cue = _comme_cue(t, last, lang, sent_start, sent_end, before)
                if cue is not None:
                    cues.append(cue._replace(start=sent_start + _COMME.search(before).start()))
                continue
            inverted = (bool(before) and (before[-1] in ",:;'" or before[-1] in _CLOSERS)
                        and low not in _EN_OPINION)
            j = last + 1
            while j < n and texts[j].lower() in lang.adverbs:
                j += 1  # "», disait encore Emmanuel Macron"
            source = _inverted_speaker(t, j, lang, sent_end) if inverted else None
            if source is not None and not lang.fr and text[source[0]:source[1]].lower() in lang.pronouns:
                source = None  # "said he would": a clause, not an inverted speaker
        if source is None or _bare(text[source[0]:source[1]].lower()) in (
                _FIRST_PERSON if lang.fr else _EN_FIRST_PERSON):
            continue  # no speaker, or the author speaking in the first person (French)
        if not lang.fr and low.split()[0] in lx.EN_EVIDENCE_VERBS and (
                text[source[0]:source[1]].split()[-1].lower() not in lx.EN_EVIDENCE_NOUNS):
            continue  # the evidence is the subject, not a word before it
        hearer = (not lang.fr) and low.split()[0] in lx.EN_WITH_HEARER
        verb_class = None if lang.fr else _EN_CLASS.get(low.split()[0])
        if document and verb_class is None and last + 1 < n and texts[last + 1].lower() != "that":
            verb_class = "stance"  # its object ends where the subject's own clause goes on ("and blocked …")
        infinitive = _TO_OK if verb_class in ("to", "clause") else ""
        lemma = "" if lang.fr else _EN_LEMMA.get(low.split()[0], infinitive)
        content_at, complement = _skip_to_content(
            t, last if not inverted else t.token_at(source[1]) - 1, lang, hearer, sent_end, lemma)
        reported = _EN_TO_REPORT.match(text, content_at) if verb_class in ("to", "clause") else None
        if reported and reported.group(1).lower() in _EN_FORMS:
            content_at = reported.end()  # "refused to admit that he …": what he would not admit
        before_subject = t.token_at(min(source[0], cue_start)) - 1
        if verb_class == "clause" and before_subject >= 0 and texts[before_subject].lower() == "as":
            complement = False  # "news as we know it": a comment clause, it reports nothing
        wanted = texts[last] in _EN_WANT and _wanted_object(t, t.token_at(content_at))
        if verb_class is not None and complement and not wanted and not _class_complement(
                t, content_at, verb_class, lang):
            complement = False  # "knows him", "wanted a recount": an object, not what is known or wanted
        if verb_class in ("to", "clause") and complement and not reported:
            stance = _EN_TO_STANCE.match(text, content_at)
            if stance and _EN_CLASS.get(stance.group(1).lower()) == "stance":
                # "refused to disavow the group": what the subject would (not) take a stand on
                content_at, verb_class = stance.end(), "stance"
        # "The plan, they fear, will fail": a verb of knowing or believing set between commas
        if not lang.fr and complement and texts[last] in _EN_EXPRESS:
            object_at = _prep_noun_object(t, content_at)
            if object_at is not None:
                content_at, verb_class = object_at, "prep"  # "signaled support for a ban": the ban
        said_from = t.token_at(min(source[0], cue_start))
        aside = (not lang.fr and verb_class != "to" and not complement and not inverted and 0 < said_from
                 and texts[said_from - 1] == "," and last + 1 < n and texts[last + 1] == ","
                 and text[source[0]:source[1]].lower() not in ("i", "we"))  # the author's own "I thought"
        if verb_class in ("to", "clause") and not complement and not inverted and not aside:
            continue
        if not lang.fr and _EN_LEMMA.get(low.split()[0]) in lx.EN_QUESTION and not complement:
            continue  # "asked for a recount", "asked reporters to leave": no question is reported
        if (lang.fr and needs_que or low in _EN_OPINION) and not complement and not inverted and not aside:
            continue
        relative = not lang.fr and 0 < first < n and texts[first - 1].lower() in _RELATIVE_SUBJECTS
        cues.append(_Cue(cue_start, verb_end, source, inverted, "verb", content_at, complement, shared,
                         verb_class, relative))
    return cues


_EN_PREP = lx.en_prep_cues()
_EN_PREP_FIRST = frozenset(form.split()[0] for form in _EN_PREP)
_EN_POSSESSIVES = frozenset("his her their its".split())
_EN_EXPRESSING = "offer voice express share repeat reiterate discuss explain signal air outline float".split()
_EN_EXPRESS = frozenset(form for lemma in _EN_EXPRESSING for form in lx.en_forms_of(lemma))
_EN_EXPRESS |= frozenset("give gives gave given giving make makes made making".split())
_EN_EXPRESS |= frozenset(form for lemma in ("deliver", "issue", "renew") for form in lx.en_forms_of(lemma))
_EN_TO_NOUNS = frozenset("promise promises pledge pledges vow vows threat threats offer demand call plan"
                         .split())
_EN_DATES = frozenset("""monday tuesday wednesday thursday friday saturday sunday january february march april
may june july august september october november december today yesterday tonight years months weeks days
decades hours minutes""".split())


def _en_prep_cues(t: _Text, lang: _Lang, quotes: list[Quote], hits: list[int]) -> list[_Cue]:
    """'Smith railed against the judge', 'his comments on immigration', 'she was proud of her record': a
    word of stance or speech and its preposition; the object of the preposition is the content, the
    subject (of a verb or an adjective) or the possessor (of a noun) its source."""
    toks = t.tokens
    texts = toks.texts
    n = len(texts)
    ends = [q.after for q in quotes]
    out: list[_Cue] = []
    for k in [k for k in hits if texts[k] in _EN_PREP_FIRST]:
        word = texts[k]
        entry, size = None, 1
        if k + 2 < n:
            entry = _EN_PREP.get(f"{word} {texts[k + 1].lower()} {texts[k + 2].lower()}")
            size = 3 if entry else 1  # "made no secret of"
        if k + 1 < n and entry is None:
            entry = _EN_PREP.get(f"{word} {texts[k + 1].lower()}")
            size = 2 if entry else 1
        entry = entry or _EN_PREP.get(word)
        if entry is None:
            continue
        kind, preps = entry
        if kind == "verb or noun":
            kind = "noun" if k and _noun_use(texts[k - 1]) else "verb"
        j = k + size
        while j < n and texts[j].endswith("ly") and texts[j].islower() and j - k - size < 2:
            j += 1  # "spoke openly about"
        for prep in preps:
            words = prep.split()
            if [x.lower() for x in texts[j:j + len(words)]] == words:
                j += len(words)
                break
        else:
            continue
        if j >= n or not (texts[j][0].isalnum() or texts[j] in _OPENERS) or texts[j].lower() in _EN_DATES:
            continue  # "his remarks on Monday", "argued for years": a date or a duration, not a topic
        sent_start, sent_end = t.sentence(toks[k].start)
        floor = _speaker_floor(sent_start, ends, toks[k].start)
        if kind == "noun":
            source = _agent_of(t, k, lang, floor) if word.lower() in _EN_AGENT_NOUNS else None
            source = source or _possessor(t, k, lang, floor)
            first = t.token_at(source[0]) if source else k
        else:
            governor = None
            before = k - 1
            while before > 0 and texts[before].endswith("ly") and texts[before].islower():
                before -= 1
            if kind == "verb" and before > 1 and texts[before] == "to" and texts[before - 1].islower() and (
                    texts[before - 1] in _EN_FORMS or texts[before - 1].endswith("ed")):
                governor = before - 1  # "have volunteered to publicly advocate for …": who volunteered
            elif k and (_noun_use(texts[k - 1]) or texts[k - 1].lower() in _EN_NOT_YET or (
                    kind == "verb" and texts[k - 1].lower() in _EN_PASSIVE)):
                continue
            source = None
            if kind == "verb" and word.endswith("ing") and k and (
                    (texts[k - 1] == "," and floor == sent_start) or texts[k - 1] == "by"):
                # "denied the claims, pointing to …", "… by pushing for …": the subject of the sentence
                source, first = _participle_subject(t, k, lang, sent_start)
            if source is None:
                source, first = _subject_before(t, k if governor is None else governor, lang, floor)
        if source is None or text_of(t, source).lower() in _FIRST_PERSON or toks[j].end > sent_end:
            continue
        relative = 0 < first < n and texts[first - 1].lower() in _RELATIVE_SUBJECTS
        out.append(_Cue(min(toks[first].start, source[0]), toks[j - 1].end, source, False, "verb",
                        toks[j].start, True, False, "prep", relative))
    return out


def _prep_noun_object(t: _Text, pos: int) -> int | None:
    """Where the object starts after a noun of stance and its preposition at `pos`, past up to two
    lower-case modifiers ("strong support for …", "opposition to …"), else None."""
    toks = t.tokens
    texts = toks.texts
    j = t.token_at(pos)
    for k in range(j, min(j + 3, len(texts) - 2)):
        entry = _EN_PREP.get(texts[k])
        if entry is not None and entry[0] != "verb" and texts[k + 1].lower() in entry[1]:
            return toks[k + 2].start if texts[k + 2][0].isalnum() or texts[k + 2] in _OPENERS else None
        if not (texts[k].isalpha() and texts[k].islower()) or texts[k] in _EN_POSSESSIVES:
            return None
    return None


_EN_NOUN_TIME = re.compile(
    r"\s+(?:(?:earlier|later)\s+(?:this|last)\s+(?:week|month|year)|(?:last|this)\s+(?:week|month|year)"
    r"|on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|(?:days|weeks|months|years)\s+ago)"
    r"(?=\s+that\s)")


def _en_that_noun_cues(t: _Text, lang: _Lang, quotes: list[Quote], hits: list[int]) -> list[_Cue]:
    """'his view that …', 'the firmly held belief that …', 'floated the notion that …': a noun of saying or
    believing, a determiner or a possessive before it, its "that" clause after; the possessor, or the
    subject of a verb of giving one's view, is the source (none else)."""
    toks = t.tokens
    texts = toks.texts
    n = len(texts)
    ends = [q.after for q in quotes]
    out: list[_Cue] = []
    for k in [k for k in hits if texts[k] in lx.EN_THAT_NOUNS]:
        that = k + 1
        when = _EN_NOUN_TIME.match(t.text, toks[k].end) if k + 1 < n and texts[k + 1] != "that" else None
        if when:
            that = t.token_at(when.end())  # "his statement earlier this year that …"
        infinitive = texts[that] == "to" and texts[k] in _EN_TO_NOUNS  # "a promise to raise wages"
        if that + 1 >= n or (texts[that] != "that" and not infinitive):
            continue
        j = k - 1
        while j >= 0 and k - j <= 3 and _modifier(texts[j], lang):
            j -= 1  # "the firmly held belief"
        if j < 0 or not (_noun_use(texts[j]) or texts[j].endswith(("'", "’"))):
            continue
        nxt = texts[that + 1].lower()
        if not infinitive and (nxt in _EN_FINITE or nxt in _EN_FORMS or not texts[that + 1][0].isalnum()):
            continue  # "the claim that was made": a relative clause
        sent_start, _ = t.sentence(toks[k].start)
        floor = _speaker_floor(sent_start, ends, toks[k].start)
        source = _possessor(t, k, lang, floor)
        if source is None and j > 0 and texts[j - 1] in _EN_EXPRESS:
            source = _subject_before(t, j - 1, lang, floor)[0]  # "floated the notion that …"
        if infinitive and source is None:
            continue  # "a plan to build a bridge": no one's promise
        if source is not None and text_of(t, source).lower() in _FIRST_PERSON:
            continue
        start = min(toks[j].start, source[0]) if source else toks[j].start
        content_at = toks[that].start if infinitive else toks[that + 1].start  # "to" belongs to the promise
        out.append(_Cue(start, toks[that].end if not infinitive else toks[k].end, source, False, "verb",
                        content_at, True, False, "noun"))
    return out


_EN_COPULAS = frozenset("is are was were be been being am remain remains remained seem seems seemed "
                        "appear appears appeared 's ’s 're ’re".split())
_EN_DEGREE = frozenset("more most less very so too increasingly now still already quite fully all".split())


def _en_that_adjective_cues(t: _Text, lang: _Lang, quotes: list[Quote], hits: list[int]) -> list[_Cue]:
    """'Insiders are now more convinced that …', 'the mayor is confident that …': an adjective of believing
    after a copula, its "that" clause after it; the subject of the copula is the source."""
    toks = t.tokens
    texts = toks.texts
    n = len(texts)
    ends = [q.after for q in quotes]
    out: list[_Cue] = []
    for k in [k for k in hits if texts[k] in lx.EN_THAT_ADJECTIVES]:
        if k + 2 >= n or texts[k + 1] != "that" or not texts[k + 2][0].isalnum():
            continue
        j = k - 1
        while j >= 0 and k - j <= 3 and (texts[j] in _EN_DEGREE or (
                texts[j].endswith("ly") and texts[j].islower())):
            j -= 1  # "are now more convinced"
        if j < 0 or texts[j].lower() not in _EN_COPULAS:
            continue
        nxt = texts[k + 2].lower()
        if nxt in _EN_FINITE:
            continue
        sent_start, _ = t.sentence(toks[k].start)
        floor = _speaker_floor(sent_start, ends, toks[k].start)
        source, first = _subject_before(t, j, lang, floor)
        if source is None or text_of(t, source).lower() in _FIRST_PERSON or _negated(t, first, k):
            continue
        relative = 0 < first < n and texts[first - 1].lower() in _RELATIVE_SUBJECTS
        out.append(_Cue(min(toks[first].start, source[0]), toks[k + 1].end, source, False, "verb",
                        toks[k + 2].start, True, False, None, relative))
    return out


def _modifier(word: str, lang: _Lang) -> bool:
    """Whether a lower-case word may modify a noun ("firmly", "held"), not a function word."""
    return word.isalpha() and word.islower() and not _noun_use(word) and word not in lang.links and (
        word not in _EN_NO_CONTENT and word not in _EN_AUX)


_EN_BY_ACCOUNTS = re.compile(r"\s+(?:some|most|many|all|one|several|other|his|her|their|its|official|"
                             r"these|those|the\s+\w+['’]s)\s+(?:\w+\s+)?(?:measures?|accounts?|estimates?|counts?"
                             r"|calculations?|reckonings?|tallies|tally)(?=,)")
_EN_LISTED = re.compile(r",\s+([^,;:]{1,50}?\s(?:and|or)\s[^,;:]{1,50}?)(?=,)")


def _en_opening_stance(t: _Text, lang: _Lang, hits: list[int]) -> list[_Cue]:
    """'For Smith, the mission is different.', 'In a Gallup poll released Sunday, most voters …': a sentence
    opened by "For" and a name, or by "In" and a poll or a report, and a comma states that one's view or
    finding: the rest of the sentence is the claim, the name or the poll its source."""
    toks = t.tokens
    texts = toks.texts
    out: list[_Cue] = []
    for k in [k for k in hits if texts[k] in ("For", "In", "To", "By")]:
        if not t.sentence_initial(k) or k + 1 >= len(toks):
            continue
        sent_start, sent_end = t.sentence(toks[k].start)
        if texts[k] == "By":
            # "By most accounts, …", "By one estimate, …": what the accounts or the estimate give
            by = _EN_BY_ACCOUNTS.match(t.text, toks[k].end)
            if by and by.end() < sent_end:
                comma = t.token_at(by.end())
                source = toks[k + 1].start, toks[comma - 1].end
                out.append(_Cue(toks[k].start, source[1], source, False, "per", toks[comma].end, True))
            continue
        source = _mention_after_plain(t, k + 1, lang, sent_end)
        if source is None:
            continue
        if texts[k] == "In":
            if text_of(t, source).split()[-1].lower() not in lx.EN_EVIDENCE_NOUNS:
                continue
            source = _per_source_tail(t, source, lang, sent_end)  # "a Gallup poll released Sunday"
        else:
            # "For the first time", "For years": no one's view; "For the mayor", "To many voters": theirs
            head = texts[t.token_at(source[1]) - 1]
            determined = texts[k + 1].lower() in ("the", "many", "most", "some") and (
                _kind(head, lang) == "title")
            if (_kind(texts[k + 1], lang) not in ("name", "title") and not determined) or (
                    texts[k + 1].lower() in _EN_DATES):
                continue
        listed = _EN_LISTED.match(t.text, source[1], sent_end)
        if listed and not any(w in _EN_FINITE or w in _NP_OPENS_CLAUSE
                              for w in listed.group(1).lower().split()):
            source = source[0], listed.end(1)  # "To Moreau, his aides and those in the hall, …"
        comma = t.token_at(source[1])
        if comma + 1 >= len(toks) or texts[comma] != "," or toks[comma].end >= sent_end or _title_case(
                t.text[sent_start:sent_end]):
            continue  # 'For News Outlets Feeling the Squeeze, It's …': a headline's capitals
        out.append(_Cue(toks[k].start, source[1], source, False, "per", toks[comma].end, True))
    return out


def _in_headline(t: _Text, pos: int) -> bool:
    """Whether `pos` is in a headline: a line of its own, most of its words capitalised."""
    text = t.text
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    end = len(text) if end < 0 else end
    return end - start < 200 and _title_case(text[start:end])


def _title_case(sentence: str) -> bool:
    """Whether most words of a sentence are capitalised, as in a headline."""
    words = [w for w in _WORD.findall(sentence) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) > 0.6 * len(words)


def text_of(t: _Text, span: tuple[int, int]) -> str:
    return t.text[span[0]:span[1]]


_EN_AGENT_NOUNS = frozenset("""supporter supporters proponent proponents advocate advocates critic critics
opponent opponents backer backers champion champions defender defenders""".split())


def _agent_of(t: _Text, k: int, lang: _Lang, floor: int) -> tuple[int, int] | None:
    """Who a noun of agency describes: "Adelson, a fierce supporter of …" (the name it is set beside),
    "Graham is the party's most outspoken proponent of …" (the subject it is said of)."""
    toks = t.tokens
    j = k - 1
    while j >= 0 and k - j <= 8 and toks[j].start >= floor and toks[j].text not in (",", ";", ":", "(") and (
            toks[j].text.lower() not in _EN_BE_FORMS):
        j -= 1
    if j < 1 or toks[j].start < floor:
        return None
    if toks[j].text == ",":
        return _mention_before(t, j - 1, lang, floor)
    if toks[j].text.lower() in _EN_BE_FORMS and toks[j].text.islower():
        return _subject_before(t, j, lang, floor)[0]
    return None


def _speaker_floor(sent_start: int, quote_ends: list[int], at: int) -> int:
    """Where a speaker for a cue at `at` may begin: its sentence's start, or the end of the last
    quotation closed before the cue if that is later (`quote_ends` sorted)."""
    q = bisect.bisect_right(quote_ends, at) - 1
    return max(sent_start, quote_ends[q]) if q >= 0 else sent_start


def _possessor(t: _Text, k: int, lang: _Lang, floor: int) -> tuple[int, int] | None:
    """Who a noun of stance belongs to: 'his comments', "Graham's energetic endorsement" (the name without
    its 's), past up to two lower-case adjectives."""
    toks = t.tokens
    # "voiced strong opposition to …", "have a very different view on …": the subject of a verb of giving or
    # holding one's view, past "a" or "an" and up to three modifiers
    j = k - 1
    while j >= 0 and k - j <= 4 and toks[j].start >= floor and toks[j].text.isalpha() and (
            toks[j].text.islower()) and toks[j].text not in _EN_POSSESSIVES and (
            toks[j].text not in lang.determiners or toks[j].text in ("a", "an")):
        if (toks[j].text in _EN_EXPRESS or toks[j].text in _EN_HAVE) and not (
                j and toks[j - 1].text.lower() in _EN_PASSIVE):
            return _subject_before(t, j, lang, floor)[0]
        j -= 1
    j = k - 1
    while j >= 0 and k - j <= 2 and toks[j].text.isalpha() and toks[j].text.islower() and (
            toks[j].text not in _EN_POSSESSIVES and toks[j].text not in lang.determiners):
        j -= 1
    if j < 0 or toks[j].start < floor:
        return None
    word = toks[j].text
    if word.lower() in _EN_POSSESSIVES:
        verb = j - 1
        if verb >= 0 and toks[verb].start >= floor and toks[verb].text in _EN_EXPRESS:
            # "the front-runner offered his opinion on …": the subject of a verb of giving one's view
            subject = _subject_before(t, verb, lang, floor)[0]
            if subject is not None:
                return subject
        return toks[j].start, toks[j].end
    if word.endswith(("'s", "’s", "s'", "s’")):
        return _mention_before(t, j, lang, floor)  # "Clinton's", "the mayor's", as a possessor is named
    return None


_COMME = re.compile(r"\b[Cc]omme(?:\s+(?:l['’]|le|la|les|nous|vous|on))?\s*$")


def _comme_cue(t: _Text, last: int, lang: _Lang, sent_start: int, sent_end: int, before: str) -> _Cue | None:
    """An incise with "comme": what was said follows its comma when it opens the sentence, else
    precedes it."""
    toks = t.tokens
    j = last + 1
    while j < len(toks) and toks[j].text.lower() in lang.adverbs:
        j += 1
    source = _mention_after(t, j, lang, sent_end)
    if source is None or _bare(t.text[source[0]:source[1]].lower()) in _FIRST_PERSON:
        return None
    nxt = t.token_at(source[1])
    opens = not _COMME.sub("", before).strip(" ,\n\u00a0" + _OPENERS)
    after = source[1]
    while nxt < len(toks) and toks[nxt].text != "," and toks[nxt].end <= sent_end and nxt - j < 20:
        nxt += 1  # "Comme l'a écrit X dans le Telegraph cette semaine, « … »"
    if nxt < len(toks) and toks[nxt].text == ",":
        after = toks[nxt].end
    return _Cue(0, toks[last].end, source, False, "comme", after, opens)


def _inverted_speaker(t: _Text, j: int, lang: _Lang, sent_end: int) -> tuple[int, int] | None:
    """The speaker after the verb ("a déclaré le ministre."), past a complement of place or time in French
    ("a insisté en Bavière le chef de l'État", "a lancé le 23 avril le président")."""
    toks = t.tokens
    source = _mention_after(t, j, lang, sent_end)
    if source is not None and _closes_clause(t, source[1], lang, sent_end):
        return source
    if not lang.fr or j >= len(toks) or toks[j].text.lower() not in _FR_PLACE_TIME:
        return None
    for k in range(j + 1, min(j + 8, len(toks))):
        if not toks[k].text[0].isalnum() or toks[k].end > sent_end:
            return None
        starts = _kind(toks[k].text, lang) in ("det", "name", "title")
        if starts and toks[k - 1].text.lower() not in lang.links:
            source = _mention_after(t, k, lang, sent_end)
            if source is not None and _closes_clause(t, source[1], lang, sent_end):
                return source
    return None


def _opinion_cue(t: _Text, k: int, lang: _Lang, sent_start: int, sent_end: int) -> list[_Cue]:
    """'À son avis, …' / 'De leur point de vue, …' (the possessive is the source) and 'Pour X, … « … »' at
    the start of a sentence (only the quotations of that sentence are X's words)."""
    toks = t.tokens
    first = t.token_at(sent_start)
    while first < k and toks[first].text[0] in _OPENERS:
        first += 1
    low = toks[k].text.lower()
    if low == "pour":
        if k != first or k + 1 >= len(toks):
            return []
        source = _mention_after_plain(t, k + 1, lang, sent_end)
        nxt = t.token_at(source[1]) if source else len(toks)
        if source is None or nxt >= len(toks) or toks[nxt].text != ",":
            return []
        return [_Cue(toks[k].start, toks[nxt].end, source, False, "pour", toks[nxt].end, False)]
    words = [x.text.lower() for x in toks[first:k + 1]]
    possessive = len(words) > 1 and words[1] in ("son", "sa", "ses", "leur", "leurs")
    phrases = ([words[0], words[1], "avis"], ["de", words[1], "point", "de", "vue"])
    if not possessive or words not in phrases or words[0] not in ("à", "a", "de"):
        return []
    owner, nxt = toks[first + 1], k + 1
    if nxt >= len(toks) or toks[nxt].text != ",":
        return []
    source = (owner.start, owner.end)
    return [_Cue(toks[first].start, toks[nxt].end, source, False, "per", toks[nxt].end, True)]


def _per_cue(t: _Text, k: int, lang: _Lang, sent_start: int, sent_end: int) -> list[_Cue]:
    """'selon X' / 'd'après X' / 'according to X' at token `k` (the preposition)."""
    toks = t.tokens
    j = k + 1
    if j >= len(toks):
        return []
    low = toks[j].text.lower()
    if lang.fr and low in ("laquelle", "lequel", "lesquelles", "lesquels"):
        # "la déclaration de Poutine selon laquelle …": the holder, when named, is the source
        holder = _mention_before(t, k - 1, lang, sent_start)
        if holder is not None and "name" not in {_kind(x.text, lang) for x in toks[t.token_at(holder[0]):k]}:
            holder = None
        return [_Cue(toks[k].start, toks[j].end, holder, False, "per", toks[j].end, True)]
    if low in (_FR_PRONOUN_OBJECTS if lang.fr else _EN_PRONOUN_OBJECTS):
        source = (toks[j].start, toks[j].end)
    else:
        source = _mention_after_plain(t, j, lang, sent_end) or _per_phrase(t, j, lang, sent_end)
        if source is None:
            return []
    source = _per_source_tail(t, source, lang, sent_end)
    start = toks[k - 1].start if not lang.fr and k > 0 else toks[k].start
    nxt = t.token_at(source[1])
    if nxt < len(toks) and toks[nxt].text == "(":
        close = t.text.find(")", toks[nxt].start, sent_end)
        if close > 0:
            nxt = t.token_at(close + 1)  # "selon Vitaly Yermakov (expert du Valdai Club), …"
    after = toks[nxt].end if nxt < len(toks) and toks[nxt].text == "," else source[1]
    complement = nxt < len(toks) and toks[nxt].text == ","
    before = t.text[sent_start:start].strip(" \n\u00a0" + _OPENERS)
    words = _count_words(before, 0, len(before), 3)
    if complement and words and (not before.endswith(",") or words > 2):
        complement = False  # "…, which would slash the rate, according to company leaders, compared with …"
    return [_Cue(start, source[1], source, False, "per", after, complement)]


_PARTICIPLE = re.compile(r"[a-zà-ÿ]{3,}(?:ed|é|ée|és|ées)$")


def _per_source_tail(t: _Text, source: tuple[int, int], lang: _Lang, sent_end: int) -> tuple[int, int]:
    """'according to a Harbour Herald/City Radio survey published Friday', 'selon un sondage publié
    dimanche': the source runs on over a slash between names and over a participle with its complements,
    up to the comma or the sentence end."""
    toks = t.tokens
    nxt = t.token_at(source[1])
    if nxt + 1 < len(toks) and toks[nxt].text == "/" and toks[nxt].start == source[1]:
        more = _mention_after_plain(t, nxt + 1, lang, sent_end)
        if more is not None and more[0] == toks[nxt].end:
            source = (source[0], more[1])
            nxt = t.token_at(source[1])
    if nxt < len(toks) and (_PARTICIPLE.match(toks[nxt].text) or _PARTICIPLE.match(toks[nxt - 1].text)):
        k = nxt + 1 if _PARTICIPLE.match(toks[nxt].text) else nxt
        nxt = k - 1
        while k < len(toks) and toks[k].end <= sent_end and k - nxt < 7 and toks[k].text[0].isalnum():
            if toks[k].text.lower() in _PER_PHRASE_STOPS or toks[k].text.lower() in lang.auxiliaries:
                return source
            k += 1
        if k - nxt < 7 and (k >= len(toks) or toks[k].end > sent_end or toks[k].text in ",.;:!?"):
            return source[0], toks[k - 1].end
    return source


_PER_PHRASE_STOPS = frozenset(
    "that which who whom whose where when while what qui que qu dont où lorsque quand".split())


def _per_phrase(t: _Text, j: int, lang: _Lang, sent_end: int) -> tuple[int, int] | None:
    """What "according to" / "selon" names when it is no name or title ("according to recent polling",
    "selon une étude récente"): the words up to the comma, the parenthesis or the sentence end, at most
    eight, with no verb or relative pronoun in them."""
    toks = t.tokens
    k = j
    while k < len(toks) and toks[k].end <= sent_end and k - j < 9:
        word = toks[k].text
        low = word.lower()
        if not word[0].isalnum() and word not in ("-", "/", "&", "'", "’"):
            break
        if (low in _PER_PHRASE_STOPS or low in lang.auxiliaries or low in _EN_FORMS or low in _FR_FORMS
                or low in lang.pronouns):
            return None
        k += 1
    if k == j or k - j > 8 or (k < len(toks) and toks[k].end <= sent_end and toks[k].text not in ",.;:()!?"):
        return None
    last = k - 1
    while last >= j and _kind(toks[last].text, lang) in ("det", "link"):
        last -= 1
    if last < j or _kind(toks[j].text, lang) == "link":
        return None
    return toks[j].start, toks[last].end


_SUBORDINATE = re.compile(r"\s*[«“\"‘]?\s*(?:While|Although|Though|Whereas|Even though|Even if|Even as|"
                         r"(?:Ever )?[Ss]ince|When|Whenever|After|Before|Because|If|Once|Until|"
                         r"Alors que|Bien que|Tandis que|Même si)\b")


def _content_after(t: _Text, cue: _Cue, sent_end: int) -> tuple[int, int] | None:
    """The indirect content a cue introduces, up to the end of its sentence."""
    text = t.text
    start, end = cue.after, sent_end
    if cue.verb_class is not None:
        end = min(end, start + _LONGEST_OBJECT)  # an object or an infinitive is never a page long
    if cue.verb_class == "prep":
        end = _noun_phrase_end(t, start, end)
    stop = _CONTENT_STOP.search(text, start, end)
    if stop:
        end = stop.start()
    opening = t.sentence(cue.start)[0]
    clause_opening = max(opening, text.rfind(",", opening, cue.start) + 1)
    if cue.relative or _SUBORDINATE.match(text, clause_opening, cue.start) or (
            not t.lang_fr and _EN_SUBORDINATE.match(text, clause_opening, cue.start)):
        # "While voters said the economy mattered most, the race …", "…, as the campaign sought to …, the
        # delegates …", "A voter who supports Smith, Jones …": the main clause is the author's
        comma = text.find(",", start, end)
        if comma > 0:
            end = comma
    if not t.lang_fr:
        # "… in sciences — her brothers all studied it": a dash that no second dash closes opens the
        # author's aside at the end of the sentence; a pair of dashes sets an aside inside the content
        if "—" in text[start:end] or "–" in text[start:end] or "--" in text[start:end]:
            dashes = [m.start() for m in _EN_DASH.finditer(text, start, end)]
            if len(dashes) % 2:
                end = dashes[-1]
    if cue.verb_class == "noun" and not text[opening:cue.start].strip(" \t\n\u00a0" + _OPENERS):
        end = _subject_clause_end(t, start, end)
    if cue.verb_class in ("stance", "to", "prep"):
        # "assailed the policies by tying …", "echoed the themes and took the stage", "attacking Smith and
        # visiting …": an object or an infinitive ends where the subject's own clause goes on
        tail = _EN_MAIN_CLAUSE_GOES_ON.search(text, start, end)
        if tail:
            end = tail.start()
        if text[cue.start:cue.end].endswith("ing"):
            tail = _EN_NEXT_PARTICIPLE.search(text, start, end)
            if tail:
                end = tail.start()
        while end > start and text[end - 1] in " .;":
            end -= 1
        tail = _EN_TRAILING_TIME.search(text, start, end)
        if tail:
            end = tail.start()  # "endorsed Smith this month": when, not what
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".;"):
        end -= 1
    if not t.lang_fr:
        # "…, allowing time to redact the names.": a participle closing the sentence is the author's gloss
        tail = _EN_CLOSING_PARTICIPLE.search(text, start, end)
        if tail:
            end = tail.start()
        # "…, a claim few others accept.": a noun summing up what was said is the author's comment on it
        tail = _EN_SUMMING_UP.search(text, start, end)
        if tail:
            end = tail.start()
    # the object of a verb of stance may be one name ("supports Smith"), not a pronoun standing for it
    objects = ("stance", "prep")
    least = 1 if cue.verb_class in objects else 2 if cue.verb_class == "to" else _MIN_CLAIM_WORDS
    span = _trim(text, start, end, least)  # "supports Smith", "refused to answer"
    if span and cue.verb_class in objects and text[span[0]:span[1]].lower() in _EN_OBJECT_PRONOUNS:
        return None
    return span


_EN_SUBORDINATE = re.compile(
    r"\s*(?:as|while|when|where|after|before|because|since|although|though|whereas|once|until"
    r"|(?:in|of|on|at|by|for|with|under|through|from)\s+which)\s", re.IGNORECASE)
_EN_MAIN_CLAUSE_GOES_ON = re.compile(
    r",[”\"’']?\s+(?:in|of|on|at|by|for|with|under|through|from)\s+(?:which|whom)\s"
    r"|,?\s+(?:when|after|before|because|since|once|until)\s+(?:he|she|they|we|I|it)\s|,?\s+by\s+(?:[a-z]+ly\s+)?[a-z]+ing\b|,\s+(?:minutes|hours|days|weeks|months|shortly|just|moments|soon)\s+"
    r"(?:after|before|later)\b|,?\s+and\s+(?:then\s+|also\s+|later\s+)?(?:[a-z]{3,}ed|took|made|went|gave|came|left|held|got"
    r"|met|ran|began|spent|sent|told|said|won|lost|saw|has|have|had|is|was|were|will|would)\s")
_NP_OPENS_CLAUSE = frozenset("that who whom whose which he she they we i you it how what why whether".split())
_NP_STOPS = frozenset("until where when because though although whereas but since unless".split())


def _subject_clause_end(t: _Text, start: int, end: int) -> int:
    """'The council's vow that the rents will stay low is hard to believe': a clause inside the subject of
    its sentence ends before the sentence's own verb, the second finite verb after its start."""
    toks = t.tokens
    k = t.token_at(start)
    verbs = 1 if toks[k].text == "to" else 0  # "His pledge to cut taxes was …": the infinitive is its verb
    while k < len(toks) and toks[k].start < end:
        low = toks[k].text.lower()
        if low in _EN_FINITE or (k > t.token_at(start) and low.endswith("ed") and toks[k].text.islower()):
            if verbs and low in _EN_FINITE and toks[k - 1].text.lower() not in ("and", "or", "that", "who",
                                                                                   "which"):
                return toks[k].start
            verbs += 1
        k += 1
    return end


_LONGEST_OBJECT = 500


def _noun_phrase_end(t: _Text, start: int, end: int) -> int:
    """Where the noun phrase at `start` ends, at most at `end`: at a comma, a dash or a colon, before a
    conjunction, and before a finite verb unless a relative or a subject opened a clause inside it ("a
    Democrat they don't support")."""
    texts, starts = t.tokens.texts, t.starts
    n = len(texts)
    k = t.token_at(start)
    clause = False
    last = k + 40  # a noun phrase is never longer
    while k < n and starts[k] < end:
        if k == last:
            return starts[k]
        word = texts[k]
        low = word.lower()
        if low == "," and _series_to(t, starts[k], end):
            return end  # "on taxes, trade, schools and roads.": a list of noun phrases ends the sentence
        if low in _NP_PUNCTUATION or (low == "-" and k + 1 < n and texts[k + 1] == "-"):
            return starts[k]
        if low in _NP_OPENS_CLAUSE:
            clause = True
        elif low in _NP_STOPS or (not clause and low in _EN_FINITE):
            return starts[k]
        elif low in ("at", "during") and k + 1 < n and texts[k + 1].lower() in ("a", "an") and not clause:
            return starts[k]  # "railed against the judge at a rally": where, not what
        elif not clause and low.endswith("ed") and word.islower() and texts[k - 1][0].isupper():
            return starts[k]  # "Ms. Vale surprised the council": a name and its verb
        elif low == "to" and k + 1 < n and _modifier(texts[k + 1], _LANGS["en"]) and (
                texts[k + 1] not in _EN_POSSESSIVES) and not (clause and texts[k - 1] in _EN_FORMS):
            return starts[k]  # "a polling station to enable voters …": a purpose, not the phrase
        k += 1
    return end


_NP_PUNCTUATION = frozenset(",;:—–?!(")
_SERIES = re.compile(r"(?:,\s+[^\W\d_][^,;:—–()“”\"]{0,40}?)*,?\s+(?:and|or)\s+[^,;:—–()“”\"]{1,40}?[.\s]*")


def _series_to(t: _Text, comma: int, end: int) -> bool:
    """Whether from the comma at `comma` to `end` is the rest of a list of short noun phrases, its last one
    after "and" or "or": no verb, pronoun or clause inside it."""
    if not _SERIES.fullmatch(t.text, comma, end):
        return False
    k = t.token_at(comma)
    while k < len(t.tokens) and t.starts[k] < end:
        low = t.tokens.texts[k].lower()
        if low in _EN_FINITE or low in _EN_FORMS or low in _NP_OPENS_CLAUSE or low in _NP_STOPS:
            return False
        k += 1
    return True
_EN_DASH = re.compile(r"(?:\s(?:—|–|--)\s|—)(?![«“\"‘])")
_EN_OBJECT_PRONOUNS = frozenset("it him her them this that these those me us you".split())
_EN_TRAILING_TIME = re.compile(
    r"\s+(?:(?:this|last|next|that)\s+(?:week|month|year|weekend|spring|summer|fall|autumn|winter|morning|evening)"
    r"|(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\s+(?:morning|evening|night))?"
    r"|yesterday|today|tonight|on\s+(?:multiple|several|many|numerous)\s+occasions"
    r"|(?:several|many|multiple|numerous)\s+times)$")
_EN_SUMMING_UP = re.compile(
    r",\s+(?:a|an)\s+(?:[a-z]+\s+)?(?:claim|assertion|view|position|stance|notion|charge|accusation|move|step"
    r"|statement|argument|idea)(?:\s[^,;:“”\"]*)?$")
_EN_NEXT_PARTICIPLE = re.compile(r",?\s+and\s+[a-z]{2,}ing\s")
_RELATIVE_SUBJECTS = frozenset(("who", "which", "who's", "who’s"))
_EN_CLOSING_PARTICIPLE = re.compile(r",\s+[a-z]{3,}ing\s[^,;:“”\"]*$")


def _content_before(t: _Text, cue: _Cue, sent_start: int) -> tuple[int, int] | None:
    """The content of "…, X said." / "…, selon X.": from the sentence start to the comma."""
    text = t.text
    left = min(cue.start, cue.source[0]) if cue.source else cue.start
    end = left
    while end > sent_start and text[end - 1].isspace():
        end -= 1
    if end <= sent_start or text[end - 1] not in ",—–":
        return None
    opened = text.rfind("(", sent_start, end)
    if opened >= 0 and text.find(")", opened, end) < 0:
        sent_start = opened + 1  # "(environ 30 fois plus, selon l'OSCE)": inside the parenthesis
    # the cue must close the sentence
    tail_end = max(cue.end, cue.source[1] if cue.source else cue.end)
    adjunct = _EN_ADJUNCT.match(text, tail_end)
    if adjunct:
        tail_end = adjunct.end()
    tail = text[tail_end:t.sentence(cue.start)[1]].strip()
    sent_end = t.sentence(cue.start)[1]
    if cue.kind != "comme" and tail not in ("", ".", "!", "?", "…") and not (
            t.lang_fr and cue.kind == "verb" and cue.source and cue.source[0] >= cue.start
            and _closes_clause(t, cue.source[1], _LANGS["fr"], sent_end)):
        return None  # the attribution must close the sentence ("…, a annoncé X le 5 mai.")
    if not t.lang_fr and cue.kind == "per":
        # "…, which would slash the rate, according to X.": the relative or participial clause it follows
        last = _EN_TRAILING_CLAUSE.search(text, sent_start, end - 1)
        if last:
            sent_start = last.start(1)
    return _trim(text, sent_start, end - 1)


_EN_TRAILING_CLAUSE = re.compile(
    r",\s+((?:who|which|whose|[a-z]{3,}ing)\s[^,]*|(?:the|a|an)\s(?:[^\W\d_]+\s){1,3}(?:that|which|who)\s[^,]*)$")


def _count_words(text: str, start: int, end: int, enough: int) -> int:
    """Words in text[start:end], counted up to `enough`."""
    count = 0
    for _ in _WORD.finditer(text, start, end):
        count += 1
        if count >= enough:
            break
    return count


def _trim(text: str, start: int, end: int, least: int = _MIN_CLAIM_WORDS) -> tuple[int, int] | None:
    while start < end and (text[start].isspace() or text[start] in _OPENERS + _CLOSERS + ",:"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _OPENERS + _CLOSERS + ",;:"):
        end -= 1
    if _count_words(text, start, end, least) < least:
        return None
    return start, end


def _quote_span(text: str, q: Quote) -> tuple[int, int]:
    """A quotation's inside, without the English comma before its closing mark."""
    start, end = q.start, q.end
    while end > start and text[end - 1] in ", ":
        end -= 1
    return start, end


_EN_CLAUSE_GOES_ON = re.compile(
    r"\s+(?:is|are|was|were|has|have|had|will|would|could|should|must|can|did|does|do)\b")


class _Claim(NamedTuple):
    start: int
    end: int
    source: tuple[int, int] | None


def find(text: str, language: str) -> tuple[Proposal, ...]:
    """Claims and their sources proposed for `text` in `language` ('fr' or 'en')."""
    lang = _LANGS[language]
    t = _Text(text)
    t.lang_fr = lang.fr
    quotes = find_quotes(text)
    quote_starts = [q.start for q in quotes]
    # a cue inside a quotation belongs to the quoted speech, not to the article
    found = _find_cues(t, lang, quotes)
    hits: list[int] = []
    if not lang.fr:
        hits = [k for k, word in enumerate(t.tokens.texts) if word in _EN_EXTRA_KEYS]
        found += _en_prep_cues(t, lang, quotes, hits) + _en_that_noun_cues(t, lang, quotes, hits)
        found += _en_that_adjective_cues(t, lang, quotes, hits)
        found += _en_opening_stance(t, lang, hits)
        found.sort(key=lambda c: c.start)
    cues = [c for c in found if not _inside_quote(c.start, quotes, quote_starts)]
    # "a déclaré Simonyan selon le Daily Beast": the relay is not the speaker
    speakers_end = {c.source[1] for c in cues if c.kind == "verb" and c.source}
    cues = [c for c in cues if c.kind != "per" or not any(
        c.start - d in speakers_end and not text[c.start - d:c.start].strip() for d in (1, 2))]
    cue_starts = [c.start for c in cues]
    used: set[int] = set()
    claims = _Claims()

    previous: tuple[Quote, tuple[int, int] | None] | None = None
    for q in quotes:
        source, used_cue = _quote_source(t, q, cues, cue_starts, lang)
        start, end = _quote_span(text, q)
        words = _count_words(text, start, end, _MIN_QUOTE_WORDS)
        if source is None:
            source = _colon_speaker(t, q, lang)
        if source is None and previous is not None:
            source = _continued_speaker(t, q, previous, words)
        if source is None and q.closed and words >= 3 and _stands_alone(t, q):
            source = _next_sentence_speaker(t, q, lang)
        if used_cue is not None:
            used.add(used_cue)
        keep = (source is not None and words >= 1) or (
            words >= _MIN_QUOTE_WORDS and q.closed and _stands_alone(t, q))
        if keep and not lang.fr and used_cue is not None and cues[used_cue].start >= q.after:
            lead = _lead_in(t, q, start, cue_starts)
            if lead < start:
                start, end = lead, q.after  # the quotation marks stay paired inside the claim
        if keep and not lang.fr and used_cue is not None and cues[used_cue].complement and (
                cues[used_cue].end < q.open_at and not text[cues[used_cue].after:q.open_at].strip()):
            # 'testified that "none of the staff" were chosen by him': a quotation opens a clause that goes on
            rest = _EN_CLAUSE_GOES_ON.match(text, q.after)
            if rest:
                whole = _content_after(t, cues[used_cue], t.sentence(q.open_at)[1])
                if whole is not None and whole[1] > q.after:
                    start, end = q.open_at, whole[1]  # the opening mark stays with its closing one
        if keep and end > start:
            claims.add(_Claim(start, end, source))
            previous = (q, source)

    # a cue's left edge, and its verb where its subject comes first ("Smith, who denied A, said B")
    lefts = sorted({min(c.start, c.source[0]) if c.source and not c.shared else c.start for c in cues
                    if c.verb_class is None or c.shared}
                   | {c.start for c in cues if c.kind == "verb" and not lang.fr and c.verb_class is None
                      and not _subject_next_to(text, c)})
    for index, cue in enumerate(cues):
        if index in used or cue.kind == "pour":
            continue
        sent_start, sent_end = t.sentence(cue.start)
        if lang.fr and cue.kind == "per" and cue.source and cue.source[0] > cue.start:
            inside = _clause_around(t, cue, sent_start, sent_end, lang)
            if inside is not None:
                clash = claims.overlapping(inside)
                if not any(c.start < inside[0] or c.end > inside[1] for c in clash):
                    claims.discard(clash)  # quotations inside the clause are part of it
                    claims.add(_Claim(inside[0], inside[1], cue.source))
                continue
        after = cue.after
        if cue.inverted or not cue.complement:
            spans = [_content_before(t, cue, sent_start)]
            if spans[0] is None:
                # "Survival, Mr. VandeHei says, depends on …": what was said on both sides
                after = _parenthetical(t, cue, sent_start)
                if after is not None:
                    # in English even one word before it is part of what was said ("Now, he says, …")
                    opening = sent_start
                    if not lang.fr and cue.kind == "per":
                        # "X denounced the deal, which would cut the rate, according to Y, …": the clause
                        comma = _left_of(cue) - 1
                        while comma > sent_start and text[comma].isspace():
                            comma -= 1
                        last = _EN_TRAILING_CLAUSE.search(text, sent_start, comma)
                        opening = last.start(1) if last else opening
                    spans = [_trim(text, opening, _left_of(cue) - 1, _MIN_CLAIM_WORDS if lang.fr else 1),
                             None]
        else:
            spans = [None]
        if spans[-1] is None and after is not None and (cue.complement or len(spans) == 2):
            # the next cue ends this content, unless it opens it: "a déclaré que la Pologne considère que …"
            k = bisect.bisect_right(lefts, after + 1)
            end = lefts[k] if k < len(lefts) and lefts[k] < sent_end else sent_end
            spans[-1] = _content_after(t, cue._replace(after=after), end)
            if spans[-1] is not None and len(spans) == 2 and cue.kind == "per" and not lang.fr:
                words = text[spans[-1][0]:spans[-1][1]].lower().split()
                if not words[0].endswith("ing") and not any(word in _EN_FINITE for word in words):
                    spans[-1] = None  # "…, according to X, compared with last year": the author's gloss
            if spans[-1] is not None:
                spans[-1] = _whole_quotation(spans[-1], quotes, quote_starts)
            if spans[-1] is not None and not lang.fr and text[cue.start:cue.end].split()[-1] in _EN_CALL:
                # 'called the plan "a disaster," and …': the name given ends with its quotation
                q = bisect.bisect_left(quote_starts, spans[-1][0])
                if q < len(quotes) and quotes[q].after <= spans[-1][1] + 1 and (
                        text[quotes[q].end - 1] == "," or text[quotes[q].after:quotes[q].after + 1] == ","):
                    spans[-1] = (spans[-1][0], quotes[q].after)
        for span in spans:
            if span is None or _overlaps_source(span, cue.source):
                continue
            clash = claims.overlapping(span)
            if any(c.start <= span[0] and span[1] <= c.end for c in clash):
                continue  # reported inside a claim already proposed: it stays inside, as nested quotations do
            if clash:
                rest = text[span[0]:span[1]]
                for c in clash:
                    rest = rest[:max(0, c.start - span[0])] + " " + rest[max(0, c.end - span[0]):]
                if _count_words(rest, 0, len(rest), 2) < 2:
                    continue  # the quotation already says it
                claims.discard(clash)
            claims.add(_Claim(span[0], span[1], cue.source))
    if not lang.fr:
        for span in _en_raised(t, lang, quotes, quote_starts, hits):
            if not claims.overlapping(span):
                claims.add(_Claim(span[0], span[1], None))
    _labelled_paragraphs(t, claims)
    return _proposals(claims.kept())


# "KATE SMITH: …" in a transcript, "Sanders: …" in a headline: a speaker's label, a colon, what was said
_LABEL = re.compile(
    r"^[ \t]*(?P<label>[A-ZÀ-ÖØ-Þ][\w’'.\- ]{1,40}?)[ \t\u00a0]*:[ \t\u00a0]+(?P<rest>[^\n]+)", re.MULTILINE)


_EN_RAISING_TO = frozenset("expected set poised supposed slated".split())  # not "likely": the writer's guess
_EN_SEEM = frozenset("appear appears appeared seem seems seemed".split())
_EN_REPUTED = frozenset("""known recognized recognised regarded seen viewed considered described hailed
credited declared""".split())
_EN_RAISED_KEYS = _EN_RAISING_TO | _EN_SEEM | _EN_REPUTED
# words the extra English rules start at
_EN_EXTRA_KEYS = (_EN_RAISED_KEYS | _EN_PREP_FIRST | lx.EN_THAT_NOUNS | lx.EN_THAT_ADJECTIVES
                  | {"For", "In", "To", "By"})
_EN_BE_FORMS = frozenset("is are was were be been being 's ’s".split())
_NP_BOUNDARIES = frozenset("""and but or nor while when as that which who whom whose after before because if
although though since until whereas where in on at for with by to from into than""".split())


def _en_raised(t: _Text, lang: _Lang, quotes: list[Quote], quote_starts: list[int], hits: list[int]
               ) -> list[tuple[int, int]]:
    """'The company is expected to save $2 billion', 'Voters appear to favour him', 'The firm is best known
    for making solar panels', 'Smith was declared the winner': what is expected, seems or is known of a
    subject is reported without a speaker, the subject and the rest of the predicate each a claim
    (English)."""
    toks = t.tokens
    texts = toks.texts
    n = len(texts)
    out: list[tuple[int, int]] = []
    for k in [k for k in hits if texts[k] in _EN_RAISED_KEYS]:
        word = texts[k]
        j = k - 1
        while j >= 0 and (texts[j].endswith("ly") and texts[j].islower() or texts[j].lower() in (
                "also", "now", "still", "once", "best", "well", "not", "often", "long", "already")):
            j -= 1
        participle = False
        if word in _EN_SEEM:
            if j >= 0 and texts[j].lower() in _EN_AUX and texts[j].lower() not in _EN_BE_FORMS:
                j -= 1  # "don't seem"
        elif j >= 1 and texts[j] == "," and word in _EN_REPUTED and word != "declared":
            j -= 1  # "the old city, once known as …": a participle after the noun it describes
            participle = True
        elif j < 0 or texts[j].lower() not in _EN_BE_FORMS:
            continue
        else:
            j -= 1
        subject = _clause_subject_before(t, j, lang, participle)
        if subject is None or _inside_quote(subject[0], quotes, quote_starts):
            continue
        m = k + 1
        while m < n and texts[m].lower() in ("now", "also", "widely", "still"):
            m += 1
        if m >= n:
            continue
        nxt = texts[m].lower()
        sent_end = t.sentence(toks[k].start)[1]
        if word in _EN_RAISING_TO or word in _EN_SEEM:
            if nxt != "to" or word in ("set",) and m + 1 < n and texts[m + 1].lower() in ("for",):
                continue
            end = _clause_end_after(t, toks[m].start, sent_end)
            rest = _trim(t.text, toks[m].start, end, 2)
        elif word == "declared":
            if not texts[m][0].isalnum() or nxt in _EN_NO_CONTENT or nxt == "that":
                continue
            rest = _trim(t.text, toks[m].start, _noun_phrase_end(t, toks[m].start, sent_end), 1)
        else:
            if nxt not in ("as", "for"):
                continue
            begin = toks[m + 1].start if word == "known" and m + 1 < n else toks[m].start
            rest = _trim(t.text, begin, _noun_phrase_end(t, toks[m].start + len(nxt), sent_end), 1)
        if rest is None:
            continue
        end = rest[1]
        last = _LAST_WORD.search(t.text, max(rest[0], end - 8), end - 1)
        if t.text[end - 1] in ".;" and not (last and (last.group().lower() in _ABBREVIATIONS or len(
                last.group()) == 1)):
            end -= 1  # the sentence's full stop, not an abbreviation's
        out += [subject, (rest[0], end)]
    return out


def _clause_subject_before(t: _Text, j: int, lang: _Lang, anywhere: bool = False) -> tuple[int, int] | None:
    """The noun phrase that ends at token `j` and opens its clause (after the sentence start, a comma or a
    conjunction; after a preposition too when `anywhere`), at most seven words with no verb in them."""
    toks = t.tokens
    texts = toks.texts
    sent_start = t.sentence(toks[j].start)[0] if j >= 0 else 0
    k = j
    while k >= 0 and j - k < 7 and toks[k].start >= sent_start:
        low = texts[k].lower()
        if not texts[k][0].isalnum() or low in _NP_BOUNDARIES or low in _EN_AUX or (
                low in _EN_FORMS and texts[k].islower()):
            break
        k -= 1
    first = k + 1
    allowed = _NP_BOUNDARIES if anywhere else _NP_BOUNDARIES - _PREPOSITIONS
    if first > j or (k >= 0 and toks[k].start >= sent_start and texts[k] not in (",", "—", "–", ";", ":")
                     and texts[k].lower() not in allowed):
        return None
    if first == j and (texts[j].lower() in lang.pronouns or texts[j].lower() in _EN_OBJECT_PRONOUNS
                       or texts[j].lower() in ("it", "this", "that", "there")):
        return None  # "It is expected to rain": no one is reported on
    words = [texts[i] for i in range(first, j + 1)]
    if words[0].lower() in ("it", "there", "this", "that") or all(
            w.lower() in lang.determiners for w in words):
        return None
    return toks[first].start, toks[j].end


_PREPOSITIONS = frozenset("in on at for with by to from into than".split())


def _clause_end_after(t: _Text, start: int, sent_end: int) -> int:
    """Where an infinitive's clause ends: before a semicolon, a dash left open, a new clause after ", but"
    or the sentence end."""
    stop = _CONTENT_STOP.search(t.text, start, sent_end)
    end = stop.start() if stop else sent_end
    tail = _EN_MAIN_CLAUSE_GOES_ON.search(t.text, start, end)
    return tail.start() if tail else end


def _labelled_paragraphs(t: _Text, claims: _Claims) -> None:
    """A paragraph opened by a speaker's label and a colon says what that speaker said: the label is a name
    in capitals (an interview's transcript) or a name the article quotes elsewhere (a headline)."""
    text = t.text
    known = None
    labels: set[str] = set()  # last words of the transcript's labels: "JOEL SMITH: …", then "SMITH: …"
    found = list(_LABEL.finditer(text))
    turns = sum(m.group("label").isupper() for m in found)  # a transcript has turns
    for m in found:
        label = m.group("label").strip()
        words = label.replace(".", " ").split()
        if not words or len(words) > 4 or not all(w[0].isupper() for w in words):
            continue
        if label.isupper():
            if turns < 2 or sum(c.isalpha() for c in label) < 3 or (
                    len(words) == 1 and words[0] not in labels and f" {words[0].title()}" not in text):
                continue  # an acronym alone ("NATO: …") heads a headline, it is no speaker
            labels.add(words[-1])
        else:
            if len(words) > 2:
                continue
            if known is None:
                known = {text[c.source[0]:c.source[1]].split()[-1].lower().rstrip("’'s")
                         for c in claims.kept() if c.source is not None}
            if words[-1].lower().rstrip("’'s") not in known:
                continue
        start, end = m.start("rest"), m.end("rest")
        while end > start and (text[end - 1].isspace() or text[end - 1] in ".;"):
            end -= 1
        span = _trim_marks(text, start, end)
        if span is None:
            continue
        clash = claims.overlapping(span)
        if any(c.start < span[0] or c.end > span[1] for c in clash):
            continue  # a quotation running on past the paragraph: it stays as it is
        claims.discard(clash)
        claims.add(_Claim(span[0], span[1], (m.start("label"), m.start("label") + len(label))))


def _trim_marks(text: str, start: int, end: int) -> tuple[int, int] | None:
    """A span without blanks or quotation marks at its edges, if a word is left."""
    while start < end and (text[start].isspace() or text[start] in _OPENERS + _CLOSERS):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _OPENERS + _CLOSERS):
        end -= 1
    return (start, end) if _count_words(text, start, end, 1) else None


_CLAUSE_LIMITS = ",;:()—–"


def _clause_around(t: _Text, cue: _Cue, sent_start: int, sent_end: int, lang: _Lang
                   ) -> tuple[int, int] | None:
    """'Les Occidentaux sont, selon lui, les responsables', 'une tactique qui viole selon elle le droit': a
    "selon X" inside a clause that a noun phrase opens makes the whole clause the claim (the source
    inside)."""
    text = t.text
    left = cue.start
    while left > sent_start and text[left - 1] in " \u00a0":
        left -= 1
    incise = left > sent_start and text[left - 1] == ","
    if incise:
        left -= 1
    dash = text.rfind(" - ", sent_start, left)
    start = max(max(text.rfind(c, sent_start, left) for c in _CLAUSE_LIMITS) + 1,
                dash + 3 if dash >= 0 else 0, sent_start)
    while start < left and text[start] in " \t\n\u00a0" + _OPENERS:
        start += 1
    first = t.token_at(start)
    if first >= len(t.tokens) or t.tokens[first].end > left:
        return None
    word = t.tokens[first].text
    if _count_words(text, start, left, 2) < 2 or not (
            word.lower() in lang.determiners or word.lower().startswith(("l'", "l’"))):
        return None  # "Plus précisément, selon …": an adverbial, not a subject opened by its determiner
    right = cue.source[1]
    if incise:
        comma = text.find(",", right, sent_end)
        if comma < 0:
            return None
        right = comma + 1
    ends = [i for i in (text.find(c, right, sent_end) for c in _CLAUSE_LIMITS) if i >= 0]
    end = min(ends) if ends else sent_end
    if _count_words(text, right, end, 2) < 2:
        return None
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".!?…"):
        end -= 1
    return _trim(text, start, end)


def _whole_quotation(span: tuple[int, int], quotes: list[Quote], starts: list[int]) -> tuple[int, int]:
    """A claim cut inside a quotation it opens ('that the laws "are set… And we leave it."') runs on to the
    quotation's end, in its paragraph."""
    k = bisect.bisect_left(starts, span[0]) - 1
    k = max(k, 0)
    while k < len(quotes) and quotes[k].open_at < span[1]:
        q = quotes[k]
        if span[0] <= q.open_at and q.end > span[1] and q.closed and q.end - span[1] < 400:
            return span[0], q.after  # the closing mark too, so the marks stay paired
        k += 1
    return span


class _Claims:
    """Claims kept in order of start, so the ones overlapping a span are found near it (no further back
    than the longest claim)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.items: list[_Claim] = []
        self.dropped: set[_Claim] = set()
        self.longest = 0

    def add(self, claim: _Claim) -> None:
        self.longest = max(self.longest, claim.end - claim.start)
        k = bisect.bisect_right(self.starts, claim.start)
        self.starts.insert(k, claim.start)
        self.items.insert(k, claim)

    def overlapping(self, span: tuple[int, int]) -> list[_Claim]:
        out = []
        k = bisect.bisect_left(self.starts, span[1]) - 1
        while k >= 0 and self.starts[k] > span[0] - self.longest:
            c = self.items[k]
            if span[0] < c.end and c not in self.dropped:
                out.append(c)
            k -= 1
        return out

    def discard(self, claims: list[_Claim]) -> None:
        self.dropped.update(claims)

    def kept(self) -> list[_Claim]:
        return [c for c in self.items if c not in self.dropped]


def _subject_next_to(text: str, cue: _Cue) -> bool:
    """Whether a cue's speaker comes right before its first word ("he doesn't believe")."""
    return bool(cue.source) and cue.source[1] <= cue.start and not text[cue.source[1]:cue.start].strip()


def _left_of(cue: _Cue) -> int:
    return min(cue.start, cue.source[0]) if cue.source else cue.start


def _parenthetical(t: _Text, cue: _Cue, sent_start: int) -> int | None:
    """Where the content resumes after an attribution set between commas inside the sentence, else None."""
    text = t.text
    left = _left_of(cue)
    if not text[sent_start:left].rstrip().endswith(","):
        return None
    right = max(cue.end, cue.source[1] if cue.source else cue.end)
    adjunct = _EN_ADJUNCT.match(text, right)
    if adjunct:
        right = adjunct.end()
    rest = text[right:right + 8]
    stripped = rest.lstrip(" \u00a0")
    if not stripped.startswith(","):
        return None
    return right + (len(rest) - len(stripped)) + 1


def _stands_alone(t: _Text, q: Quote) -> bool:
    """A quotation that is a sentence of its own or follows a colon, not a phrase quoted inside one."""
    text = t.text
    before = text[t.sentence(q.open_at)[0]:q.open_at].strip()
    return not before or before[-1] in ":—–"


def _inside_quote(pos: int, quotes: list[Quote], starts: list[int]) -> bool:
    k = bisect.bisect_right(starts, pos) - 1
    return k >= 0 and quotes[k].start <= pos < quotes[k].end


def _colon_speaker(t: _Text, q: Quote, lang: _Lang) -> tuple[int, int] | None:
    """'Un journaliste allemand a pris conscience du danger : « … »': the subject of the sentence that
    introduces the quotation with a colon."""
    text = t.text
    at = q.open_at
    while at > 0 and text[at - 1] in " \t\n\u00a0\u202f":
        at -= 1
    if at == 0 or text[at - 1] != ":":
        return None
    sent_start = t.sentence(at - 1)[0]
    first = t.token_at(sent_start)
    colon = t.token_at(at - 1)
    while first < colon and toks_text(t, first)[0] in _OPENERS + _CLOSERS:
        first += 1
    if first >= colon:
        return None
    if any(toks_text(t, k).lower() in _NEGATIONS for k in range(first, colon)):
        return None  # "La Russie ne peut pas dire : « … »": no one said it
    low = _bare(toks_text(t, first).lower())
    if low in lang.pronouns:
        return None if low in _FIRST_PERSON else (t.tokens[first].start, t.tokens[first].end)
    if low in lang.not_names or (toks_text(t, first)[0].isupper() and t.common_word(toks_text(t, first))
                                 and low not in lang.titles and low not in lang.determiners):
        return None
    head = _mention_after_plain(t, first, lang, t.tokens[colon].start)
    if head is None:
        return None
    nxt = t.token_at(head[1])
    if nxt < colon and t.tokens[nxt].text == ",":
        # "Martin Brudermüller, le patron de BASF, s'est opposé … :"
        closing = nxt + 1
        while closing < colon and t.tokens[closing].text != ",":
            closing += 1
        if closing < colon and _apposed(t, first, nxt, closing, lang) is not None:
            return head[0], t.tokens[closing - 1].end
    return head


def _lead_in(t: _Text, q: Quote, start: int, cue_starts: list[int]) -> int:
    """'But with voters split, "Smith's 22% goes a long way," Jones says.': the author's words before a
    quotation attributed after it belong to what was said, in English, when no cue of their own is there
    and they are no introduction ending in a colon."""
    text = t.text
    sent_start = t.sentence(q.open_at)[0]
    before = text[sent_start:q.open_at]
    stripped = before.strip(" \t\n\u00a0")
    if not stripped or stripped[-1] in ":—–" or _count_words(text, sent_start, q.open_at, 3) < 3:
        return start
    k = bisect.bisect_left(cue_starts, sent_start)
    if k < len(cue_starts) and cue_starts[k] < q.open_at:
        return start
    return sent_start + len(before) - len(before.lstrip(" \t\n\u00a0"))


def _next_sentence_speaker(t: _Text, q: Quote, lang: _Lang) -> tuple[int, int] | None:
    """'« Nous ne céderons pas. » Emmanuel Macron a ensuite …', '"We will not give up." Smith had …': a
    quotation of its own sentence followed in its paragraph by a sentence whose subject is a name."""
    text = t.text
    para_end = t.paragraph(q.open_at)[1]
    j = q.after
    while j < para_end and text[j] in " \t\u00a0\u202f.":
        j += 1
    if j >= para_end or not text[j].isupper() or not (text[q.end - 1] in ".!?…" or text[q.after - 1] == "."
                                                       or text[j - 1] == "."):
        return None
    k = t.token_at(j)
    if k >= len(t.tokens) or t.tokens[k].start != j or _kind(t.tokens[k].text, lang) != "name" or (
            t.common_word(t.tokens[k].text)):
        return None
    mention = _mention_after_plain(t, k, lang, para_end)
    if mention is None:
        return None
    nxt = t.token_at(mention[1])
    if nxt >= len(t.tokens):
        return None
    low = t.tokens[nxt].text.lower()
    verb = low in lang.auxiliaries or (low in _FR_FORMS if lang.fr else low in _EN_FORMS)
    return mention if verb else None


def toks_text(t: _Text, k: int) -> str:
    return t.tokens[k].text


def _continued_speaker(t: _Text, q: Quote, previous: tuple[Quote, tuple[int, int] | None], words: int
                       ) -> tuple[int, int] | None:
    """The speaker of the quotation before, for a quotation split by its attribution in one paragraph
    or one opening the next paragraph (the speaker goes on talking)."""
    prev_q, prev_source = previous
    if prev_source is None:
        return None
    text = t.text
    para = t.paragraph(q.open_at)
    if not _stands_alone(t, q):
        return None
    if prev_q.after >= para[0] and q.open_at - prev_q.after < 200:
        return prev_source
    if text[para[0]:q.open_at].strip() == "" and q.closed and words >= _MIN_QUOTE_WORDS:
        prev_para = t.paragraph(para[0] - 1)
        if prev_q.after >= prev_para[0] - 1:
            return prev_source
    return None


def _overlaps_source(span: tuple[int, int], source: tuple[int, int] | None) -> bool:
    return source is not None and source[0] < span[1] and span[0] < source[1]


def _quote_source(t: _Text, q: Quote, cues: list[_Cue], cue_starts: list[int], lang: _Lang
                  ) -> tuple[tuple[int, int] | None, int | None]:
    """The speaker of a quotation from a cue right after its closing mark or right before its opening one."""
    text = t.text
    # after: '», a déclaré le ministre', '," Smith said', '», selon lui'
    if q.closed:
        k = bisect.bisect_left(cue_starts, q.after)
        for index in range(k, min(k + 2, len(cues))):
            cue = cues[index]
            gap_end = min(cue.start, cue.source[0]) if cue.source else cue.start
            gap = text[q.after:gap_end]
            if cue.source and cue.source[0] < q.open_at:
                continue  # 'Smith, who calls it a "fraud," said …': the quotation is inside the subject
            if len(gap) <= 3 and re.fullmatch(r"[\s,;:.!?—–-]*", gap) and "\n" not in gap:
                if ("." not in gap and text[q.end - 1] != ".") or cue.inverted:
                    return cue.source, index
    # before: 'Il a déclaré : «', 'Smith said, "', 'Selon lui, «', 'a-t-il ajouté, «'
    k = bisect.bisect_left(cue_starts, q.open_at) - 1
    for index in range(k, max(k - 2, -1), -1):
        cue = cues[index]
        if cue.kind == "pour":
            # "Pour Joe Biden, Vladimir Poutine est un « boucher »": the sentence's quotations are X's
            return (cue.source, None) if t.sentence(q.open_at)[0] <= cue.start else (None, None)
        para = t.paragraph(q.open_at)
        if cue.start < para[0]:
            break
        tail_from = max(cue.end, cue.source[1] if cue.source else cue.end)
        gap = text[tail_from:q.open_at]
        if "\n" in gap or t.sentence(q.open_at)[0] > cue.start:
            break
        words = [w.lower() for w in _WORD.findall(gap) if w.lower() not in _GAP_ADVERBS]
        clause = words in (["que"], ["qu"], ["that"]) or (cue.kind == "per" and not words)
        if clause and not _quote_ends_clause(t, q):
            return None, None  # "a estimé que « … » étaient présents": the clause holds the quotation
        if not lang.fr and cue.complement and len(words) > 2 and gap.rstrip().endswith(","):
            # 'said that they act alone, "we see ourselves …"': the clause is a claim of its own
            return cue.source, None
        if not words or clause or (len(words) <= 14 and re.search(r"[:,—–]\s*$", gap)):
            return cue.source, index
        if not lang.fr and cue.kind == "verb" and cue.after > tail_from and not text[
                cue.after:q.open_at].strip():
            # 'told the magazine "We have filed a complaint"': the quotation is what the cue reports
            return cue.source, index
        if lang.fr and cue.kind == "verb" and not cue.complement and not cue.inverted and len(words) <= 10:
            # "il a qualifié Vladimir Poutine de « boucher »": words of the subject quoted in its clause
            return cue.source, None
        break
    return None, None


_GAP_ADVERBS = frozenset("également aussi encore ensuite notamment alors enfin also then later again".split())


def _quote_ends_clause(t: _Text, q: Quote) -> bool:
    """Whether nothing but punctuation (or an attribution) follows a quotation in its sentence."""
    end = t.sentence(max(q.start, q.after - 1))[1]
    rest = t.text[q.after:end].strip(" \t\n\u00a0\u202f,.;:!?…»”\"')")
    return not rest


def _proposals(claims: list[_Claim]) -> tuple[Proposal, ...]:
    """Claims and their distinct sources as proposals sorted by start, claims linked by index."""
    seen: set[tuple[int, int]] = set()
    unique = []
    for c in sorted(claims):
        if (c.start, c.end) in seen:
            continue
        seen.add((c.start, c.end))
        unique.append(c)
    sources = sorted({c.source for c in unique if c.source is not None})
    items = [(c.start, CLAIM, c.end, c.source) for c in unique]
    items += [(s[0], SOURCE, s[1], None) for s in sources]
    items.sort(key=lambda item: (item[0], item[1], item[2]))
    index = {(start, end): i for i, (start, kind, end, _) in enumerate(items) if kind == SOURCE}
    return tuple(
        Proposal(kind, start, end, index[src] if src is not None else None)
        for start, kind, end, src in items
    )
