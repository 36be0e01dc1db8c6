"""Bilingual text: every string a learner sees is a `T` (inline, in catalog records) or a
message id from `grader.messages`, rendered by `render` in one language."""
from dataclasses import dataclass, field
import string

LANGS = ("en", "ko")  # every text exists in each; the CLI offers these


@dataclass(frozen=True)
class T:
    """A text in English and Korean, kept side by side; `T(text)` for one written alike in both
    (code, a formula)."""

    en: str
    ko: str = None

    def __post_init__(self):
        if self.ko is None:
            object.__setattr__(self, "ko", self.en)

    def get(self, lang):
        return self.ko if lang == "ko" else self.en

    def format(self, lang, **params):
        return self.get(lang).format(**params)


@dataclass(frozen=True)
class Msg:
    """A message id with its parameters, rendered late (the report stays language-free)."""

    id: str
    params: dict = field(default_factory=dict)

    def render(self, lang="en"):
        return render(self.id, lang, **self.params)


def render(msg_id, lang="en", **params):
    from dlgrade.messages import MESSAGES

    text = MESSAGES[msg_id]
    rendered = {k: (v.render(lang) if isinstance(v, Msg) else v.get(lang) if isinstance(v, T) else v)
                for k, v in params.items()}
    return text.get(lang).format(**rendered)


def placeholders(s):
    return sorted({name for _, name, _, _ in string.Formatter().parse(s) if name})
