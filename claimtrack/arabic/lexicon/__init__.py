"""Generate claimtrack's CAMeL morphology database from the readable lexicon.

The output is CAMeL Tools' own `morphology.db` text format (DEFINES, DEFAULTS,
ORDER, TOKENIZATIONS, STEMBACKOFF, PREFIXES, SUFFIXES, STEMS and the three
compatibility tables), so `camel_tools.morphology.MorphologyDB` reads it and
`Analyzer(db, backoff="NOAN_PROP")` analyses with it, exactly as it would with
CAMeL's full calima-msa database.

Categories keep combinations valid: the article ال never takes a possessive
enclitic (table AC), prepositions never attach to verbs and the future س only to
imperfectives (table AB), and each stem class takes only its own endings (table BC).
"""

from __future__ import annotations

import itertools
import tomllib
from importlib import resources
from pathlib import Path

HERE = Path(__file__).resolve().parent
LEXICON = HERE / "lexicon.toml"
DB_NAME = "claimtrack-msa.db"
FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ـ": ""})

CONJ = {"": "0", "و": "wa_conj", "ف": "fa_conj"}
PREP = {"": "0", "ب": "bi_prep", "ل": "li_prep", "ك": "ka_prep"}
PERSON = {"ي": "3", "ت": "3f", "ن": "1p", "ا": "1s"}
ENCLITICS = {
    "ه": "3ms", "ها": "3fs", "هما": "3d", "هم": "3mp", "هن": "3fp", "ك": "2ms", "كما": "2d",
    "كم": "2mp", "كن": "2fp", "ي": "1s", "نا": "1p",
}
VERB_ENCLITICS = dict(ENCLITICS, **{"ني": "1s"})
FEATURES = ["pos", "lex", "diac", "bw", "gloss", "prc3", "prc2", "prc1", "prc0", "enc0", "asp", "vox"]

# stem class → its ending categories (the first without enclitics, the second with)
NOUN_M_ENDINGS = ["", "ا", "ات", "ان", "ين", "ون"]
NOUN_F_ENDINGS = ["ه", "ات", "تان", "تين"]
NOUN_F_BEFORE_ENC = ["ت", "ات", "تا", "تي"]
ADJ_ENDINGS = ["", "ا", "ه", "ين", "ون", "ات", "تان", "تين"]
PV_ENDINGS = ["", "ت", "ا", "وا", "تا", "ن", "نا", "تم", "تما", "تن"]
PV_BEFORE_ENC = ["", "ت", "ا", "و", "تا", "نا", "تمو"]
IV_ENDINGS = ["", "ون", "ان", "ين", "وا", "ا", "ن"]
IV_BEFORE_ENC = ["", "ون", "ان", "و", "ين"]


def fold(word: str) -> str:
    """Fold a stem like CAMeL's analyzer does before lookup."""
    return word.translate(FOLD)


def _feats(**kw: str) -> str:
    base = {"prc3": "0", "prc2": "0", "prc1": "0", "prc0": "0", "enc0": "0", "asp": "na", "vox": "na"}
    base.update(kw)
    return " ".join(f"{k}:{str(v).replace(' ', '_')}" for k, v in base.items())


def _affix_feats(surface: str, kind: str, **kw: str) -> str:
    # affixes carry only what they set; merge_features keeps the stem's value otherwise
    parts = [f"diac:{surface}", f"bw:{surface or '0'}/{kind}", f"gloss:{kind.lower()}"]
    parts += [f"{k}:{v}" for k, v in kw.items()]
    return " ".join(parts)


def _prefixes() -> list[tuple[str, str, str]]:
    rows = [("", "P0", _affix_feats("", "NONE"))]
    for c, cv in CONJ.items():
        if c:
            rows.append((c, "PC", _affix_feats(c, "CONJ", prc2=cv)))
    for (c, cv), (p, pv) in itertools.product(CONJ.items(), PREP.items()):
        if p:
            rows.append((c + p, "PP", _affix_feats(c + p, "PREP", prc2=cv, prc1=pv)))
        # the article: ل + ال is written لل
        det = (c + p + "ال") if p != "ل" else (c + "لل")
        rows.append((det, "PD", _affix_feats(det, "DET", prc2=cv, prc1=pv, prc0="Al_det")))
    for (c, cv), fut, (person, _per) in itertools.product(CONJ.items(), ("", "س"), PERSON.items()):
        form = c + fut + person
        rows.append((form, "PI", _affix_feats(form, "IV_PREF", prc2=cv, prc1="sa_fut" if fut else "0")))
    return rows


def _suffixes() -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    for e in NOUN_M_ENDINGS:
        rows.append((e, "SN0", _affix_feats(e, "NSUFF")))
    for e in NOUN_F_ENDINGS:
        rows.append((e, "SF0", _affix_feats(e, "NSUFF")))
    for e in ADJ_ENDINGS:
        rows.append((e, "SA0", _affix_feats(e, "NSUFF")))
    rows.append(("", "S00", _affix_feats("", "NONE")))
    rows.append(("ا", "S00", _affix_feats("ا", "CASE")))
    for enc, pv in ENCLITICS.items():
        rows.append((enc, "SNE", _affix_feats(enc, "POSS", enc0=f"{pv}_poss")))
        rows.append(("ات" + enc, "SNE", _affix_feats("ات" + enc, "POSS", enc0=f"{pv}_poss")))
        for before in NOUN_F_BEFORE_ENC:
            rows.append((before + enc, "SFE", _affix_feats(before + enc, "POSS", enc0=f"{pv}_poss")))
    for e in PV_ENDINGS:
        rows.append((e, "SV0", _affix_feats(e, "PVSUFF")))
    for e in IV_ENDINGS:
        rows.append((e, "SI0", _affix_feats(e, "IVSUFF")))
    for enc, pv in VERB_ENCLITICS.items():
        for before in PV_BEFORE_ENC:
            rows.append((before + enc, "SVE", _affix_feats(before + enc, "DOBJ", enc0=f"{pv}_dobj")))
        for before in IV_BEFORE_ENC:
            rows.append((before + enc, "SIE", _affix_feats(before + enc, "DOBJ", enc0=f"{pv}_dobj")))
    return sorted(set(rows))


def _stems(lexicon: dict) -> list[tuple[str, str, str]]:
    rows = []
    for v in lexicon.get("verb", []):
        for stem in v.get("pv", []):
            rows.append((fold(stem), "PV", _feats(diac=stem, lex=v["lemma"], bw=f"{stem}/PV",
                                                   gloss=v["gloss"], pos="verb", asp="p", vox="a")))
        for stem in v.get("pass_pv", []):
            rows.append((fold(stem), "PV", _feats(diac=stem, lex=v["lemma"], bw=f"{stem}/PV_PASS",
                                                   gloss=v["gloss"], pos="verb", asp="p", vox="p")))
        for stem in v.get("iv", []):
            rows.append((fold(stem), "IV", _feats(diac=stem, lex=v["lemma"], bw=f"{stem}/IV",
                                                   gloss=v["gloss"], pos="verb", asp="i", vox="a")))
        for stem in v.get("pass_iv", []):
            rows.append((fold(stem), "IV", _feats(diac=stem, lex=v["lemma"], bw=f"{stem}/IV_PASS",
                                                   gloss=v["gloss"], pos="verb", asp="i", vox="p")))
    for n in lexicon.get("noun", []):
        lemma = n["lemma"]
        if n.get("fem"):
            stem = fold(lemma)[:-1]  # without the ة, which comes as an ending
            rows.append((stem, "NF", _feats(diac=stem, lex=lemma, bw=f"{stem}/NOUN", gloss=n["gloss"], pos="noun")))
        else:
            rows.append((fold(lemma), "NM", _feats(diac=lemma, lex=lemma, bw=f"{lemma}/NOUN", gloss=n["gloss"], pos="noun")))
        for plural in n.get("broken", []):
            rows.append((fold(plural), "NB", _feats(diac=plural, lex=lemma, bw=f"{plural}/NOUN",
                                                     gloss=n["gloss"], pos="noun")))
    for a in lexicon.get("adj", []):
        rows.append((fold(a["lemma"]), "ADJ", _feats(diac=a["lemma"], lex=a["lemma"], bw=f"{a['lemma']}/ADJ",
                                                      gloss=a["gloss"], pos="adj")))
    rows.append(("NOAN", "PROP", _feats(diac="NOAN", lex="NOAN", bw="NOAN/NOUN_PROP", gloss="NOAN", pos="noun_prop")))
    return sorted(set(rows))


TABLE_AB = {
    "P0": ["NM", "NF", "NB", "ADJ", "PV", "PROP"],
    "PC": ["NM", "NF", "NB", "ADJ", "PV", "PROP"],
    "PP": ["NM", "NF", "NB", "ADJ", "PROP"],
    "PD": ["NM", "NF", "NB", "ADJ", "PROP"],
    "PI": ["IV"],
}
TABLE_BC = {
    "NM": ["SN0", "SNE"], "NF": ["SF0", "SFE"], "NB": ["S00", "SNE"], "ADJ": ["SA0"],
    "PV": ["SV0", "SVE"], "IV": ["SI0", "SIE"], "PROP": ["S00"],
}
NON_ENCLITIC = ["SN0", "SF0", "SA0", "S00", "SV0", "SI0"]
TABLE_AC = {
    "P0": NON_ENCLITIC + ["SNE", "SFE", "SVE", "SIE"],
    "PC": NON_ENCLITIC + ["SNE", "SFE", "SVE", "SIE"],
    "PP": NON_ENCLITIC + ["SNE", "SFE"],
    "PD": NON_ENCLITIC,  # no "الزيارته"
    "PI": ["SI0", "SIE"],
}


def build(lexicon_text: str | None = None) -> str:
    """The whole database file as text."""
    text = lexicon_text if lexicon_text is not None else LEXICON.read_text(encoding="utf-8")
    lexicon = tomllib.loads(text)
    out = ["###DEFINES###"]
    out.append("DEFINE pos " + " ".join(f"pos:{p}" for p in
                                        ["noun", "verb", "adj", "noun_prop", "digit", "punc", "foreign"]))
    for open_feat in ("lex", "diac", "bw", "gloss"):
        out.append(f"DEFINE {open_feat} {open_feat}:*open*")
    out.append("DEFINE prc3 prc3:0")
    out.append("DEFINE prc2 prc2:0 prc2:wa_conj prc2:fa_conj")
    out.append("DEFINE prc1 prc1:0 prc1:bi_prep prc1:li_prep prc1:ka_prep prc1:sa_fut")
    out.append("DEFINE prc0 prc0:0 prc0:Al_det")
    encs = sorted({f"{v}_{k}" for v in VERB_ENCLITICS.values() for k in ("poss", "dobj")})
    out.append("DEFINE enc0 enc0:0 " + " ".join(f"enc0:{e}" for e in encs))
    out.append("DEFINE asp asp:p asp:i asp:c asp:na")
    out.append("DEFINE vox vox:a vox:p vox:na")
    out.append("###DEFAULTS###")
    for pos in ("noun", "verb", "adj", "noun_prop", "digit", "punc", "foreign"):
        out.append(f"DEFAULT pos:{pos} prc3:0 prc2:0 prc1:0 prc0:0 enc0:0 asp:na vox:na "
                   "lex:* diac:* bw:* gloss:*")
    out.append("###ORDER###")
    out.append("ORDER " + " ".join(FEATURES))
    out.append("###TOKENIZATIONS###")
    out.append("TOKENIZATION diac")
    out.append("###STEMBACKOFF###")
    out.append("STEMBACKOFF PROP PROP")
    out.append("###PREFIXES###")
    out += ["\t".join(r) for r in sorted(set(_prefixes()))]
    out.append("###SUFFIXES###")
    out += ["\t".join(r) for r in _suffixes()]
    out.append("###STEMS###")
    out += ["\t".join(r) for r in _stems(lexicon)]
    out.append("###TABLE AB###")
    out += [f"{a} {b}" for a, bs in TABLE_AB.items() for b in bs]
    out.append("###TABLE BC###")
    out += [f"{b} {c}" for b, cs in TABLE_BC.items() for c in cs]
    out.append("###TABLE AC###")
    out += [f"{a} {c}" for a, cs in TABLE_AC.items() for c in cs]
    return "\n".join(out) + "\n"


def shipped_db() -> Path:
    """Path of the database shipped inside the package."""
    return Path(str(resources.files("claimtrack.arabic.lexicon").joinpath(DB_NAME)))


def write(dest: Path | None = None) -> Path:
    """Regenerate the shipped database (or write it to dest)."""
    dest = dest or HERE / DB_NAME
    dest.write_text(build(), encoding="utf-8")
    return dest
