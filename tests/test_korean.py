"""Korean text is Korean: every rendered Korean message, hint, mistake text and quiz (prompts,
options, explanations) contains no English word outside code, identifiers, commands and units.
Identifiers are the names used in the solutions and references (function and parameter names,
xp, axis, ...); the allow-list below holds proper names, acronyms and units."""
import ast
import glob
import io
import keyword
import os
import re
import tokenize

import builtins

from dlgrade import catalog, quiz
from dlgrade.messages import MESSAGES

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ALLOW = set("AI College PyTorch TensorFlow Keras NumPy CuPy cupy SciPy nbgrader Gradescope Dask Debian "
            "bubblewrap bwrap JSON CSV HTML GPU CPU GB MB KB ms gbps NaN inf He Xavier Adam AdaGrad RMSProp SGD ReLU "
            "LeakyReLU PReLU ELU Softplus Swish XOR NAND OR AND NOT MSE MAE RMSE BCE CCE coth sech ln pi DeltaSGD "
            "BackpropXOR BatchNorm Ctrl Shift Enter wn xn".split())
CODE = re.compile(r"`[^`]*`|'[^']*'|\"[^\"]*\"|(?:dlgrade|pip|cd)\b[^()\n:,.]*|--?[A-Za-z][\w-]*|\S*/\S*|\w+-\w+[\w-]*"
                  r"|\{[^{}]*\}")
WORD = re.compile(r"(?<![\w.])[A-Za-z][A-Za-z]+(?![\w(\[])")
DERIVATIVE = re.compile(r"^d[A-Za-z]{1,5}$")  # dx, dout, dE, dW1 ...


def identifiers():
    names = set(keyword.kwlist) | set(dir(builtins))
    for path in glob.glob(os.path.join(ROOT, "solutions", "ex*.py")) + glob.glob(
        os.path.join(ROOT, "reference", "ex*.py")
    ):
        with open(path, encoding="utf-8") as fh:
            names |= {t.string for t in tokenize.generate_tokens(io.StringIO(fh.read()).readline)
                      if t.type == tokenize.NAME}
    return names - {"seed", "seeds"}  # a variable of that name in code never makes the word right in a text


def korean_texts():
    for mid, t in MESSAGES.items():
        yield f"message {mid}", t.ko
    for ex in catalog.all_exercises():
        yield f"{ex.id} title", ex.title.ko
        for f in ex.functions:
            for level, h in enumerate(f.hints.levels, start=1):
                yield f"{ex.id}.{f.name} hint {level}", h.ko
            for m in f.mistakes:
                yield f"mistake {m.id}", m.hint.ko
    for slug in catalog.slugs():
        qz = quiz.load(slug)
        for student in ("s1", "s2"):
            draw = qz.draw(student)
            for q in qz.questions:
                yield f"quiz {slug}.{q.id}", q.prompt(draw, "ko") + " " + q.explain.ko


def english_words(text, allowed):
    return [w for w in WORD.findall(CODE.sub(" ", text)) if w not in allowed and not DERIVATIVE.match(w)]


def test_rendered_korean_has_no_english_words():
    allowed = identifiers() | ALLOW
    found = {where: words for where, text in korean_texts() if (words := english_words(text, allowed))}
    assert found == {}


def test_the_check_finds_english_in_korean():
    allowed = identifiers() | ALLOW
    assert english_words("기울기가 overflow 됩니다", allowed) == ["overflow"]
    assert english_words("the seed's example (000 §2.2.3-4)", allowed) == ["the", "seed", "example"]
    assert english_words("xp.exp(x)를 쓰고 `output[0]`은 코드, dout은 기울기, Adam은 이름", allowed) == []


def english_texts():
    for mid, t in MESSAGES.items():
        yield f"message {mid}", t.en
    for ex in catalog.all_exercises():
        for f in ex.functions:
            for level, h in enumerate(f.hints.levels, start=1):
                yield f"{ex.id}.{f.name} hint {level}", h.en
            for m in f.mistakes:
                yield f"mistake {m.id}", m.hint.en
    for slug in catalog.slugs():
        qz = quiz.load(slug)
        draw = qz.draw("s1")
        for q in qz.questions:
            yield f"quiz {slug}.{q.id}", q.prompt(draw, "en") + " " + q.explain.en + " " + " ".join(
                o.en for o in getattr(q, "options", ()))


def test_source_notes_are_cited_by_title_never_as_seed():
    """Students do not know what 'seed 002' means: the notes are cited by a short title (README table)."""
    citation = re.compile(r"seeds? ?\d{3}|seed's|seeds'|the seeds?\b|seed의|seed에|seed 예제", re.I)
    found = {where: text[:120] for where, text in list(english_texts()) + list(korean_texts()) if citation.search(text)}
    assert found == {}
    assert citation.search("the seed's example (000 §2.2.3-4)") and citation.search("seed 002는")


# The stubs' docstrings are what a student reads first: every paragraph (split on blank lines) of the module
# docstring and of each public function's docstring that has an English word has Korean too. An English word
# is a run of 3+ letters outside backticks that is not a code name of the course (a variable, function or
# attribute: Python's keywords and builtins are English words here), not a name from ALLOW and not the
# "Example" marker that tests/test_docstring_examples.py reads ("lambda" is code in an example).
HANGUL = re.compile(r"[\uac00-\ud7a3]")
DOC_WORD = re.compile(r"(?<![\w.])[A-Za-z]{3,}(?![\w(\[])")
DOC_ALLOW = {"Example", "lambda"}


def docstring_allowed():
    return (identifiers() - set(keyword.kwlist) - set(dir(builtins))) | ALLOW | DOC_ALLOW


def docstring_paragraphs(folder):
    for path in sorted(glob.glob(os.path.join(folder, "ex*.py"))):
        with open(path, encoding="utf-8") as fh:
            tree = ast.parse(fh.read())
        docs = [("module", ast.get_docstring(tree))] + [
            (node.name, ast.get_docstring(node)) for node in tree.body
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")]
        for name, doc in docs:
            for paragraph in re.split(r"\n[ \t]*\n", doc or ""):
                yield f"{os.path.basename(folder)}/{os.path.basename(path)} {name}", paragraph


def english_only(paragraph, allowed):
    """The English words of a paragraph that has no Korean ([] when it has Korean or no English word)."""
    if HANGUL.search(paragraph):
        return []
    return [w for w in DOC_WORD.findall(re.sub(r"`[^`]*`", " ", paragraph)) if w not in allowed]


def test_every_docstring_paragraph_with_english_has_korean():
    allowed = docstring_allowed()
    for folder in ("solutions", "exercises"):
        paragraphs = list(docstring_paragraphs(os.path.join(ROOT, folder)))
        assert len(paragraphs) > 100, folder
        found = [(where, words) for where, paragraph in paragraphs if (words := english_only(paragraph, allowed))]
        assert found == [], folder


def test_the_docstring_check_finds_english_only_paragraphs():
    allowed = docstring_allowed()
    assert english_only("Shapes: X (N, D_in), W (D_in, D_out) -> (N, D_out).", allowed) == ["Shapes"]
    assert english_only("z = t^2 with t = x + y. Return dz/dx = dz/dt dt/dx.", allowed) == ["with", "Return"]
    assert english_only("d/dx relu(x): 1 for x > 0, 0 for x < 0.", allowed) == ["for", "for"]
    assert english_only("p = 0 gives all ones (the `xp.ones` of NumPy)", allowed) == ["gives", "all", "the"]
    assert english_only("Shapes / 모양: X (N, D_in) -> (N, D_out).", allowed) == []
    assert english_only("Example: sigmoid([0.]) -> [0.5]", allowed) == []
    assert english_only("d/dx tanh(x) = 1 - tanh(x)^2. Example: tanh_grad([0.]) -> [1.]", allowed) == []
    assert english_only("ReLU: max(0, x). E_total = sum(0.5 * (target - o)^2), xp.exp", allowed) == []
