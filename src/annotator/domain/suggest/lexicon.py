"""Words the rules look for: reporting verbs with their inflected and compound forms, speaker titles,
pronouns.

Every form is generated from a lemma list, so adding a verb adds all its forms. Lists are lower case; the
rules match them case-insensitively where a sentence may start with them.
"""

from __future__ import annotations

# --- English -----------------------------------------------------------------------------------------------

#: Regular reporting verbs (lemma); -s, -ed, -ing forms are generated.
EN_REGULAR = """
add admit affirm agree allege announce answer argue assert assure boast caution charge claim complain
concede conclude confirm contend counter declare deny disclose emphasize emphasise estimate explain
insist joke mention note object observe predict promise quip recall recount remark remind repeat reply
report respond retort reveal scoff stress suggest testify tweet urge vow warn acknowledge
maintain posit reason speculate worry lament concur clarify insinuate hint opine
propose accuse order reaffirm indicate cite highlight advise question signal
endorse praise describe pledge threaten ask call discuss
""".split()

#: Irregular verbs: lemma -> (3rd person, past, past participle, -ing).
EN_IRREGULAR = {
    "say": ("says", "said", "said", "saying"),
    "tell": ("tells", "told", "told", "telling"),
    "write": ("writes", "wrote", "written", "writing"),
    "think": ("thinks", "thought", "thought", "thinking"),
    "believe": ("believes", "believed", "believed", "believing"),
    "point out": ("points out", "pointed out", "pointed out", "pointing out"),
    "find": ("finds", "found", "found", "finding"),
    "show": ("shows", "showed", "shown", "showing"),
    "call for": ("calls for", "called for", "called for", "calling for"),
    "call on": ("calls on", "called on", "called on", "calling on"),
    "make clear": ("makes clear", "made clear", "made clear", "making clear", "made it clear",
                   "makes it clear", "making it clear"),
    # "state" and "states" are nouns far more often than reporting verbs
    "stated": ("stated",),
}

#: Verbs of knowing, feeling and expecting: news attributes their content like speech, but only a clause
#: ("knows that …", "feels the country is …", "knows how …") or, for some, an infinitive ("hopes to …") is
#: that content; an object alone ("knows him", "felt the heat") is not.
EN_CLAUSE_REGULAR = """
fear hope expect realize realise recognize recognise doubt assume imagine suspect remember envision
project decide guess figure reckon wonder fret
""".split()

EN_CLAUSE_IRREGULAR = {
    "know": ("knows", "knew", "known", "knowing"),
    "feel": ("feels", "felt", "felt", "feeling"),
    "understand": ("understands", "understood", "understood", "understanding"),
    "prove": ("proves", "proved", "proven", "proving"),
}

#: Verbs whose content is an infinitive (with "to", which belongs to the content): "hoped to leave office",
#: "refused to answer", "sought to address …".
EN_TO_REGULAR = """
hope expect decide refuse offer want plan intend aim vote demand agree promise vow pledge threaten
""".split()

EN_TO_IRREGULAR = {
    "seek": ("seeks", "sought", "sought", "seeking"),
}

#: Verbs of stance whose object is what the subject holds a position on: "supports Trump", "slammed the
#: loophole", "blames the government for …".
EN_STANCE = """
support oppose attack criticize criticise slam blast assail denounce reject dismiss embrace blame rebuke
condemn applaud echo disavow favor favour welcome hail tout champion decry lambaste dispute endorse praise
regard portray
""".split()

#: Verbs, nouns and adjectives of stance or speech whose content is the object of a preposition: "spoke
#: about the economy", "railed against the judge", "his comments on immigration", "proud of his record".
#: Verbs (regular lemma, or a form list) -> prepositions.
EN_PREP_VERBS = {
    "speak": ("about", "of", "against"), "talk": ("about",), "write": ("about",), "vote": ("for", "against"),
    "rail": ("against",), "push": ("for",), "point": ("to",), "agree": ("with", "on"),
    "disagree": ("with", "on", "over", "about"), "advocate": ("for",), "react": ("to",), "refer": ("to",),
    "argue": ("for", "against"), "fight": ("for", "against"),
    "worry": ("about",), "complain": ("about",), "comment": ("on",), "insist": ("on",),
    "object": ("to",), "warn": ("of", "about", "against"), "boast": ("about", "of"),
    "lobby": ("for", "against"),
    "testify": ("about", "on"), "weigh in": ("on",), "lash out": ("at",), "speak out": ("about", "against"),
    "come out": ("against", "for", "in support of"), "reflect": ("on",), "hint": ("at",), "dwell": ("on",),
    "make no secret": ("of",),
}
EN_PREP_VERB_FORMS = {
    "speak": "speak speaks spoke spoken speaking", "write": "write writes wrote written writing",
    "fight": "fight fights fought fighting", "come out": "come out, comes out, came out, coming out",
    "make no secret": "make no secret, makes no secret, made no secret, making no secret",
}
#: Nouns (singular; plurals are generated) -> prepositions.
EN_PREP_NOUNS = {
    "endorsement": ("of",), "criticism": ("of",), "attack": ("on", "against"), "comment": ("on", "about"),
    "remark": ("on", "about"), "statement": ("on", "about"), "support": ("for", "of"), "opposition": ("to",),
    "view": ("of", "on"), "position": ("on",), "stance": ("on",), "opinion": ("on", "of", "about"),
    "praise": ("for", "of"), "outrage": ("over", "at"), "concern": ("about", "over"),
    "proponent": ("of",), "supporter": ("of",), "advocate": ("for", "of"), "critic": ("of",),
    "theory": ("of",), "mantra": ("of",), "complaint": ("about",), "warning": ("about", "of", "against"),
    "disagreement": ("on", "over", "about"), "assessment": ("of",), "condemnation": ("of",),
    "denunciation": ("of",), "defense": ("of",), "defence": ("of",), "rejection": ("of",),
    "embrace": ("of",), "dismissal": ("of",), "call": ("for",), "calls": ("for",), "demand": ("for",),
    "feeling": ("about",), "doubt": ("about",), "reservation": ("about",),
}
#: Adjectives -> prepositions ("was proud of", "aren't enamored of").
EN_PREP_ADJECTIVES = {
    "proud": ("of",), "wary": ("of",), "enamored": ("of",), "enamoured": ("of",), "worried": ("about",),
    "concerned": ("about",), "critical": ("of",), "supportive": ("of",), "skeptical": ("of", "about"),
    "sceptical": ("of", "about"), "opposed": ("to",), "confident": ("of", "about"), "optimistic": ("about",),
    "pessimistic": ("about",), "angry": ("about", "at", "over"), "upset": ("about", "over"),
}


def en_prep_cues() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Every form of the words of `EN_PREP_*` -> ("verb" | "noun" | "adjective", its prepositions).
    Forms of several words ("weighed in") are keyed by their words joined by blanks."""
    out: dict[str, tuple[str, tuple[str, ...]]] = {}
    for lemma, preps in EN_PREP_VERBS.items():
        listed = EN_PREP_VERB_FORMS.get(lemma)
        if listed:
            forms = [f.strip() for f in listed.split(",")] if "," in listed else listed.split()
        else:
            head, _, rest = lemma.partition(" ")
            forms = [f"{form} {rest}".strip() for form in _en_regular_forms(head)]
        for form in forms:
            out[form] = ("verb", preps)
    for noun, preps in EN_PREP_NOUNS.items():
        plural = _en_regular_forms(noun)[1]  # "comments", "theories", "supporters"
        for form in (noun, plural):
            verb = out.get(form)
            # "comments": a verb ("he comments on") or a noun ("his comments on")
            out[form] = ("verb or noun", tuple(dict.fromkeys(verb[1] + preps))) if verb else ("noun", preps)
    for adjective, preps in EN_PREP_ADJECTIVES.items():
        out[adjective] = ("adjective", preps)
    return out


#: Nouns of saying and believing whose content is a "that" clause: "his view that …", "the notion that …".
EN_THAT_NOUNS = frozenset("""
belief beliefs claim claims notion assertion assertions view argument case vow vows promise promises statement
agreement idea hope hopes fear fears warning warnings insistence contention suggestion allegation allegations
charge charges conviction assurance assurances reminder reminders message theory assessment expectation
expectations prediction predictions finding findings conclusion announcement admission pledge threat demand
demands sense feeling impression acknowledgment acknowledgement confidence complaint complaints
""".split())

#: Adjectives of believing or knowing whose content is a "that" clause after a copula: "is confident that …".
EN_THAT_ADJECTIVES = frozenset("""
confident convinced certain sure aware hopeful optimistic adamant skeptical sceptical worried concerned
afraid positive persuaded unconvinced doubtful
""".split())

#: Verbs that report only what a poll, a study or a document finds: "the poll shows Smith ahead".
EN_EVIDENCE_VERBS = frozenset("find finds found finding show shows showed shown showing".split())

#: What such a verb needs as its subject.
EN_EVIDENCE_NOUNS = frozenset("""
poll polls polling survey surveys study studies report reports analysis analyses data research figures
census audit review investigation inquiry memo cable document documents records statistics estimates
review reviews tally count numbers results
""".split())

#: Verbs whose content may be an infinitive: "vowed to block the bill".
EN_INFINITIVE = frozenset("promise vow pledge threaten agree".split())

#: Verbs that report only a question: "asked whether …", "asked him why …".
EN_QUESTION = frozenset(("ask",))
EN_QUESTION_WORDS = frozenset("whether if why how what when who where which".split())

#: Verbs whose object (the hearer) comes before the content: "told reporters that".
EN_WITH_HEARER = frozenset("tell tells told telling remind reminds reminded reminding assure assures assured "
                           "assuring warn warns warned warning ask asks asked asking".split())

#: Words between a speaker and its verb that change nothing: "he also said".
EN_ADVERBS = frozenset("also later then further again previously repeatedly often once recently "
                       "publicly privately reportedly flatly simply only still already has have had".split())

#: Phrases after the verb and before the content: "said in a statement that".
EN_ADJUNCT = (
    r"(?:\s*,?\s*(?:on|last|this|early|late)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
    r"|week|month|year|night|morning|afternoon|evening)(?:\s+(?:morning|afternoon|evening|night))?"
    r"|\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|tonight)"
    r"(?:\s+(?:morning|afternoon|evening|night))?"
    r"|\s+(?:in|during|at|on|via|through|after|before)\s+(?:one\s+of\s+)?(?:a|an|the|his|her|their|its)\s+"
    r"[\w' -]{1,40}?"
    r"(?=\s+(?:that\b|he\b|she\b|they\b|it\b|we\b|I\b|the\b)|[,.:;\"“])"
    r"|\s+(?:on|in)\s+(?:Twitter|Facebook|Fox|CNN|MSNBC|NBC|ABC|CBS|television|TV|radio)(?:\s+News)?"
    r"|\s+(?:a|an|one|two|three|several|a\s+few)\s+(?:day|days|week|weeks|month|months|year|years|hour|hours)"
    r"\s+(?:earlier|later|ago|before)"
    r"|\s+(?:flatly|publicly|privately|repeatedly|again|later|also|then|recently|simply|bluntly|earlier)"
    r"|\s+(?:several|many|multiple|numerous|three|four)\s+times|\s+twice"
    r"|\s+of\s+(?:the|a|an|his|her|their|its)\s+[\w' -]{1,40}?(?=\s+that\s)"
    r"|\s+for\s+(?:years|months|weeks|days|decades|some\s+time|a\s+long\s+time))*"
)

EN_PRONOUNS = frozenset("he she they it we i".split())

#: Titles and roles that head a speaker mention even in lower case: "the White House press secretary".
EN_TITLES = frozenset("""
secretary press spokesman spokeswoman spokesperson spokespeople minister president senator governor mayor
chairman chairwoman chair chief executive director official aide adviser advisor strategist analyst expert
economist professor researcher scientist lawyer attorney candidate nominee campaign manager leader
representative general prosecutor judge source report study survey poll statement police department
agency company group organization organisation government administration committee former top senior
deputy assistant vice acting host co-host founder head member supporter critic voter resident officer
staff communications federal state national party lawmaker congressman congresswoman legislator
spokesmen spokeswomen commissioner ambassador diplomat envoy activist activists organizer
investigator investigators authorities authority ministry office service council court board union
witness doctor physician author historian pollster commentator columnist editor reporter correspondent
observer insider insiders operative consultant director-general secretary-general chancellor premier
prime foreign defense defence interior justice finance health homeland security white house
agent detective sheriff commander colonel captain sergeant spokes official officials aides advisers
advisors experts analysts economists lawyers attorneys candidates leaders representatives sources
reports studies surveys polls statements departments agencies companies groups organizations
governments committees hosts founders heads members supporters critics voters residents officers
lawmakers legislators researchers scientists professors judges prosecutors critics democrats
republicans conservatives liberals progressives protesters demonstrators officials'
polling data figures documents records statistics research analysis estimates filing filings memo email
letter transcript order ruling lawsuit complaint firm institute center centre university newspaper network
website outlet magazine paper newsroom bureau census regulators prosecutors court-filings donor backer
delegate committeeman committeewoman speechwriter pundit anchor surrogate ally allies
surveyed polled interviewed respondents participants front-runner frontrunner front-runners frontrunners
nominees hopeful hopefuls contender contenders challenger incumbent
""".split())

#: Determiners and links inside a speaker mention.
EN_DETERMINERS = frozenset("the a an his her their its our this that these those one some several many most "
                           "other two three four".split())
EN_LINKS = frozenset("of for at on to and & 's ’s - /".split())

#: Capitalised words that start a sentence without being part of a name.
EN_NOT_NAMES = frozenset("""
but and or so yet also still however meanwhile instead moreover then now today yesterday tonight
monday tuesday wednesday thursday friday saturday sunday january february march april may june july
august september october november december in on at after before when while as if though although
because since for of to with without by from earlier later last next this that these those there here
it he she they we i you what who which where why how hours minutes days weeks months years ever let
""".split())

# --- French ------------------------------------------------------------------------------------------------

#: First-group (-er) reporting verbs (lemma); forms are generated.
FR_ER = """
déclarer affirmer estimer indiquer expliquer ajouter assurer souligner préciser annoncer confier rappeler
insister juger considérer avouer marteler lancer répliquer rétorquer raconter déplorer dénoncer regretter
noter observer relever confirmer plaider tweeter twitter témoigner révéler signaler alerter lâcher glisser
prophétiser pronostiquer certifier jurer clamer proclamer objecter protester argumenter
arguer nuancer développer détailler commenter insinuer suggérer avancer conseiller reconnaître ironiser
s'inquiéter inquiéter féliciter réjouir interroger demander expliciter répéter exposer mentionner
souhaiter espérer redouter craindre trancher informer qualifier traiter exiger supplier menacer
réclamer exhorter réitérer claironner vanter tempérer admettre pointer fustiger accuser
""".split()

#: Other verbs: lemma -> forms (present 3sg/3pl, participles, imperfect, simple past, future).
FR_OTHER = {
    "dire": "dit disent disait disaient dira diront dirait disant",
    "rappeler": "rappelle rappellent rappelait rappelaient rappelé rappelée rappela rappelant rappellera",
    "appeler": "appelle appellent appelait appelé appelée appela appelant",
    "décrire": "décrit décrivent décrivait décrivant",
    "écrire": "écrit écrivent écrivait écrivaient écrira écrivit écrite écrivant",
    "reconnaître": "reconnaît reconnait reconnaissent reconnaissait reconnaissaient reconnu reconnue "
                   "reconnut",
    "admettre": "admet admettent admettait admis admise admit",
    "soutenir": "soutient soutiennent soutenait soutenaient soutenu soutint soutenant",
    "prévenir": "prévient préviennent prévenait prévenu prévint",
    "promettre": "promet promettent promettait promis promit",
    "conclure": "conclut concluent concluait conclu",
    "répondre": "répond répondent répondait répondu répondit répondant",
    "poursuivre": "poursuit poursuivent poursuivait poursuivi poursuivit",
    "prétendre": "prétend prétendent prétendait prétendu",
    "démentir": "dément démentent démentait démenti",
    "avertir": "avertit avertissent avertissait averti",
    "réagir": "réagit réagissent réagissait réagi",
    "craindre": "craint craignent craignait",
    "relever": "relève relèvent",
    "répéter": "répète répètent",
    "soulever": "soulève",
    "suggérer": "suggère suggèrent",
    "considérer": "considère considèrent",
    "révéler": "révèle révèlent",
    "espérer": "espère espèrent",
    "maintenir": "maintient maintiennent maintenait maintenu",  # not "maintenant" (now)
    "convenir": "convient conviennent convenu",
    "faire valoir": "fait valoir, font valoir, faisait valoir",
    "faire savoir": "fait savoir, font savoir, faisait savoir",
    "mettre en garde": "met en garde, mettent en garde, mis en garde",
}

#: Verbs of the lexicon that only report speech with a "que" after them (never on their own).
FR_NEEDS_QUE = frozenset("""
penser croire espérer souhaiter craindre redouter considérer juger estimer demander interroger admettre
reconnaître constater souligner noter relever rappeler expliquer indiquer préciser regretter déplorer
""".split())

FR_PRONOUNS = frozenset("il elle ils elles je nous".split())

#: Titles and roles that head a speaker mention in lower case: "le secrétaire général de l'OTAN".
FR_TITLES = frozenset("""
ministre président présidente porte-parole secrétaire général générale directeur directrice chef cheffe
député députée sénateur sénatrice maire premier première patron patronne responsable procureur procureure
avocat avocate expert experte spécialiste chercheur chercheuse professeur professeure économiste analyste
syndicat gouvernement ministère dirigeant dirigeante ambassadeur ambassadrice commissaire délégué déléguée
conseiller conseillère élu élue préfet préfète candidat candidate leader militant militante association
entreprise groupe société police gendarmerie parquet étude rapport communiqué sondage ancien ancienne
nouveau nouvelle haut haute représentant représentante fondateur fondatrice juge témoin habitant habitante
auteur autrice médecin docteur scientifique organisation agence autorités services enquêteurs manifestants
opposition majorité parti chargé chargée adjoint adjointe vice-président vice-présidente chancelier
chancelière diplomate émissaire envoyé envoyée commandant colonel capitaine général porte-paroles
directeur-général président-directeur coordinateur coordinatrice politologue sociologue historien
historienne journaliste éditorialiste chroniqueur chroniqueuse observateur observatrice proche proches
entourage cabinet équipe sources source état-major armée mairie préfecture gouverneur gouverneure
syndicaliste avocats experts chercheurs spécialistes députés sénateurs élus militants habitants
dirigeants responsables représentants candidats ministres témoins médecins scientifiques économistes
analystes auteurs enquêteurs observateurs journalistes
données chiffres documents enquête institut journal quotidien hebdomadaire site chaîne presse agence
statistiques estimations note courrier lettre tribune décision jugement arrêt plainte armée conseil
commission parlement présidence diplomatie télévision ong législateur parlementaire dirigeants ministres
""".split())

FR_DETERMINERS = frozenset("le la les l' l’ un une des son sa ses leur leurs ce cet cette ces plusieurs "
                           "certains certaines deux trois quatre nombreux nombreuses".split())
FR_LINKS = frozenset("de du des d' d’ l' l’ la le les au aux en et à pour chez -".split())

FR_NOT_NAMES = frozenset("""
mais et ou donc or ni car pourtant cependant toutefois ainsi alors aussi puis enfin ensuite hier
aujourd'hui aujourd’hui demain lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars
avril mai juin juillet août septembre octobre novembre décembre en dans à après avant lors quand lorsque
si comme depuis pour par sur sous selon d'après d’après il elle ils elles on nous vous je tu ce cela ça
tout toute tous toutes rien personne chacun chacune beaucoup certains ceci voici voilà
""".split())

FR_ADVERBS = frozenset("""
aussi également encore ensuite déjà toutefois d'ailleurs d’ailleurs notamment pourtant alors enfin
ainsi même lui-même elle-même quant bien pas n' n’ ne y toujours clairement souvent longtemps récemment
publiquement ouvertement
""".split())

#: Object pronouns between a subject and its verb: "le communiqué le dit", "il lui a répondu".
FR_CLITICS = frozenset("le la les l' l’ lui leur en se s' s’ me nous vous".split())

#: Auxiliary forms before a past participle: "a déclaré", "avaient estimé", "aurait affirmé".
FR_AUXILIARIES = ("a ont avait avaient aura auront aurait auraient eut ayant s'est s’est se sont s'était "
                  "s’était est l'a l’a l'avait l’avait l'ont l’ont")


def _en_regular_forms(lemma: str) -> list[str]:
    if lemma.endswith("e"):
        past, ing = lemma + "d", lemma[:-1] + "ing"
    elif lemma.endswith("y") and lemma[-2] not in "aeiou":
        past, ing = lemma[:-1] + "ied", lemma + "ing"
    elif lemma in ("admit", "object", "concur", "quip", "scoff", "plan", "slam", "fret", "regret", "refer"):
        double = lemma if lemma in ("object", "scoff") else lemma + lemma[-1]
        past, ing = double + "ed", double + "ing"
    else:
        past, ing = lemma + "ed", lemma + "ing"
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        third = lemma + "es"
    elif lemma.endswith("y") and lemma[-2] not in "aeiou":
        third = lemma[:-1] + "ies"
    else:
        third = lemma + "s"
    return [lemma, third, past, ing]


def en_forms_of(lemma: str) -> list[str]:
    """The inflected forms of one regular English verb."""
    return _en_regular_forms(lemma)


def en_verb_forms() -> list[str]:
    """Every inflected form of the English reporting verbs."""
    forms: set[str] = set()
    for lemma in EN_REGULAR:
        forms.update(_en_regular_forms(lemma))
    for lemma, others in EN_IRREGULAR.items():
        forms.add(lemma)
        forms.update(others)
    return sorted(forms, key=len, reverse=True)


def en_class_forms() -> dict[str, str]:
    """Forms of the verbs of knowing, intending and stance -> "clause", "to" or "stance" (what their content
    must be: a clause, an infinitive or a clause, any object)."""
    out: dict[str, str] = {}
    for kind, regular, irregular in (("stance", EN_STANCE, {}), ("to", EN_TO_REGULAR, EN_TO_IRREGULAR),
                                     ("clause", EN_CLAUSE_REGULAR, EN_CLAUSE_IRREGULAR)):
        for lemma in regular:
            for form in _en_regular_forms(lemma):
                out[form] = kind
        for lemma, others in irregular.items():
            for form in (lemma, *others):
                out[form] = kind
    return out


def _fr_er_forms(lemma: str) -> list[str]:
    stem = lemma[:-2]
    soft = stem + ("e" if stem.endswith("g") else "")
    cedilla = stem[:-1] + "ç" if stem.endswith("c") else soft
    return [
        stem + "e", stem + "ent", stem + "é", stem + "ée", stem + "és", stem + "ées",
        cedilla + "ait", cedilla + "aient", cedilla + "a", stem + "èrent", stem + "era", stem + "eront",
        stem + "erait", stem + "eraient", cedilla + "ant",
    ]


def fr_verb_forms() -> dict[str, str]:
    """Every inflected form of the French reporting verbs -> its lemma (reflexive pronoun dropped)."""
    forms: dict[str, str] = {}
    for lemma in FR_ER:
        bare = lemma.removeprefix("s'")
        for form in _fr_er_forms(bare):
            forms.setdefault(form, bare)
    for lemma, others in FR_OTHER.items():
        lemma = lemma.strip()
        for form in [lemma, *(others.split(",") if "," in others else others.split())]:
            form = form.strip()
            forms[form] = lemma
    return forms
