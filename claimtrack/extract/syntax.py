"""Arabic syntax the frames rely on: forms of a token, prepositions, coordination, the
phrase right before a name (its cue), and definiteness of verbal nouns."""

from __future__ import annotations

from bisect import bisect_right
from operator import attrgetter

from claimtrack.extract.lexicon import words
from claimtrack.models import Mention, Token

# entity kinds, by what they can do in an event
ACTOR_KINDS = frozenset({"person", "country", "organisation", "group", "media", "organization"})
PLACE_KINDS = frozenset({"city", "facility", "region", "country"})
PLACE_DEPTH = {"facility": 3, "city": 2, "region": 1, "country": 0}
PUNCTUATION = frozenset({"،", ",", "(", ")"})
CONJUNCTION = "و"
TITLE_REACH = 6  # title and descriptor words stepped over between a cue and its name
_end = attrgetter("end")


def forms(tok: Token) -> tuple[str, ...]:
    """The normal form, clitic-free stem and lemma of a token."""
    a = tok.analysis
    if a is None:
        return (tok.norm,)
    return (tok.norm, a.stem, a.lemma_norm)


def bare(tok: Token) -> str:
    """The normal form without a leading conjunction و."""
    return tok.norm.removeprefix(CONJUNCTION)


# `forms` and `bare` of every token of a sentence: the same expressions, spelled out in one
# comprehension each, because the engine asks them of every token of every sentence
def all_forms(tokens: list[Token]) -> list[tuple[str, ...]]:
    """`forms` of each token."""
    return [(t.norm,) if (a := t.analysis) is None else (t.norm, a.stem, a.lemma_norm) for t in tokens]


def all_bare(tokens: list[Token]) -> list[str]:
    """`bare` of each token."""
    return [t.norm.removeprefix(CONJUNCTION) for t in tokens]


def has_preposition(tok: Token) -> bool:
    """A preposition proclitic (ب، ل، لل، ك) on the token."""
    if tok.analysis and set(tok.analysis.proclitics) & {"ب", "ل", "لل", "ك"}:
        return True
    return tok.norm[:1] in ("ب", "ل") and tok.analysis is not None and bool(tok.analysis.proclitics)


def proclitic_preposition(tok: Token) -> str | None:
    """"ب" or "ل" when the token carries that preposition as a proclitic ("بالرئيس", "للشرع")."""
    a = tok.analysis
    if a is None or not a.proclitics:
        return None
    clitics = set(a.proclitics)
    if clitics & {"ل", "لل"}:
        return "ل"
    if "ب" in clitics:
        return "ب"
    return None


def _descriptor(word: str) -> bool:
    """A word that stands between a preposition and the name it governs."""
    return word in words("place_descriptors") or (word.startswith("ال") and word.endswith(("ي", "يه")))


def _preposition_title(tok: Token, word: str) -> str | None:
    """"لدولة", "بالرئيس": a title word carrying ب or ل; the preposition, if so (`word`: its bare form)."""
    if (clitic := proclitic_preposition(tok)) is not None and _title(tok.analysis.stem):
        return clitic
    if word[:1] in ("ب", "ل") and _title(word[1:]):  # a title the lexicon does not split
        return word[:1]
    return None


def _title(word: str) -> bool:
    """A title or office word between a cue and a name ("من نظيره الفرنسي إيمانويل ماكرون")."""
    return _descriptor(word) or word in words("title_words")


def governed(tokens: list[Token], m: Mention) -> bool:
    """True when a preposition governs the mention ("مع بوتين", "بموسكو", "إلى العاصمة الروسية موسكو")."""
    k = m.token_start
    if has_preposition(tokens[k]):
        return True
    preps = words("governing_prepositions")
    for _ in range(3):  # step back over "العاصمة الروسية", "مدينة", "ريف"
        if k == 0:
            return False
        prev = tokens[k - 1]
        word = bare(prev)
        if word in preps:
            return True
        if _preposition_title(prev, word):
            return True
        if not _descriptor(word):
            return False
        if has_preposition(prev):
            return True
        k -= 1
    return False


def cue_before(tokens: list[Token], bare_words: list[str], m: Mention, keys: frozenset[str],
               lo: int = 0) -> str | None:
    """The cue phrase right before a mention, if it is one of `keys`: a preposition word
    ("من", "الي"), a two-word phrase ("مقدمه من", "علي متن"), or a proclitic (ب، ل); place
    descriptors in between are stepped over (bare_words: `bare` of each token)."""
    k = m.token_start
    clitic = proclitic_preposition(tokens[k])
    for _ in range(TITLE_REACH):
        if k <= lo:
            break
        word = bare_words[k - 1]
        if k - 2 >= lo:
            pair = f"{bare_words[k - 2]} {word}"
            if pair in keys:
                return pair
            if k - 3 >= lo and f"{bare_words[k - 3]} {pair}" in keys:
                return f"{bare_words[k - 3]} {pair}"
        if word in keys:
            return word
        if (carried := _preposition_title(tokens[k - 1], word)) is not None:
            clitic = clitic or carried  # "لدولة قطر": the ل of the title marks the name
            k -= 1
            continue
        if not _title(word):
            break
        clitic = clitic or proclitic_preposition(tokens[k - 1])
        k -= 1
    return clitic if clitic in keys else None


def lam(tokens: list[Token], m: Mention) -> bool:
    """"زيارة للرئيس السوري": a ل that marks the doer of a verbal noun."""
    first = tokens[m.token_start]
    return first.norm.startswith("لل") or (first.analysis is not None and first.analysis.proclitics[-1:] == ("ل",))


def head_of_coordination(before: list[Mention], tokens: list[Token]) -> Mention:
    """The first of "بوتين والشرع": walk back over mentions joined by و."""
    k = len(before) - 1
    carriers = words("coordinated_descriptors")
    while k > 0:
        prev, cur = before[k - 1], before[k]
        gap = cur.token_start - prev.token_end
        joined = gap == 0 and tokens[cur.token_start].norm.startswith(CONJUNCTION)
        joined = joined or (gap == 1 and tokens[prev.token_end].norm == CONJUNCTION)
        # "الحكومة اللبنانية ودولة قطر": one descriptor word carries the و
        joined = joined or (gap == 1 and tokens[prev.token_end].norm[:1] == CONJUNCTION
                            and bare(tokens[prev.token_end]) in carriers)
        # "السوداني والعاهل الأردني الملك عبد الله الثاني": و on a title, titles up to the name
        between = tokens[prev.token_end : cur.token_start]
        joined = joined or (0 < gap <= TITLE_REACH and between[0].norm[:1] == CONJUNCTION
                            and all(_title(bare(t)) for t in between))
        if not joined:
            break
        k -= 1
    return before[k]


def separated(tokens: list[Token], i: int, j: int) -> bool:
    """A comma or a preposition between trigger and mention breaks a genitive."""
    preps = words("governing_prepositions")
    return any(t.norm in PUNCTUATION or t.norm in preps for t in tokens[i + 1 : j])


def definite(tok: Token) -> bool:
    """A noun with the article ("الزيارة", "بالدعوة"): it cannot take a genitive doer."""
    a = tok.analysis
    if a is not None and a.proclitics:
        return not words("articles").isdisjoint(a.proclitics)
    return tok.norm.removeprefix(CONJUNCTION).removeprefix("ب").startswith("ال")


def phrase_before(tokens: list[Token], char: int, n: int) -> list[str]:
    """The last n ≥ 1 words (without و) that end before a character offset."""
    k = bisect_right(tokens, char, key=_end)  # the tokens that end by `char`
    out: list[str] = []
    while k > 0 and len(out) < n:
        k -= 1
        if tokens[k].norm.isalpha():
            out.append(bare(tokens[k]))
    return out[::-1]
