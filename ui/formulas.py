"""LaTeX for the formal definition, with one part highlighted (rendered by st.latex)."""

from __future__ import annotations

from types import MappingProxyType

_MARK = r"\colorbox{#FFD58A}{$%s$}"

# part → (source symbol, target symbol); f(x) = P(y|x) is written as the conditional.
_SYMBOLS = MappingProxyType({
    "X": (r"\mathcal{X}_S", r"\mathcal{X}_T"),
    "P(x)": (r"P_S(x)", r"P_T(x)"),
    "Y": (r"\mathcal{Y}_S", r"\mathcal{Y}_T"),
    "P(y|x)": (r"P_S(y \mid x)", r"P_T(y \mid x)"),
    "P(y)": (r"P_S(y)", r"P_T(y)"),
})
PARTS = tuple(_SYMBOLS)


def _mark(symbol: str, on: bool) -> str:
    return _MARK % symbol if on else symbol


def domain_and_task(side: str, differing: str | None) -> str:
    """``D = {X, P(x)}``, ``T = {Y, f(·)}`` for side "S" or "T", the differing part
    highlighted on the target side."""
    i = 0 if side == "S" else 1
    hl = side == "T"
    x, px, y = (_mark(_SYMBOLS[p][i], hl and differing == p) for p in ("X", "P(x)", "Y"))
    f = _mark(f"f_{side}(\\cdot)", hl and differing == "P(y|x)")
    return rf"\mathcal{{D}}_{side} = \{{{x},\ {px}\}}, \qquad \mathcal{{T}}_{side} = \{{{y},\ {f}\}}"


def comparison(part: str, differing: str | None) -> str:
    """One line "source part = / ≠ target part"."""
    source, target = _SYMBOLS[part]
    if part == differing:
        return rf"{_mark(source, True)} \;\neq\; {_mark(target, True)}"
    return rf"{source} \;=\; {target}"


def comparisons(differing: str | None) -> str:
    """Every part, source against target, on one line (the differing one marked)."""
    return r" \qquad ".join(comparison(part, differing) for part in PARTS)


def condition(differing: str | None, *, or_word: str = "or") -> str:
    """The definition's condition, the clause that holds highlighted; ``or_word`` is
    "or" in the page's language."""
    in_domain = differing in ("X", "P(x)", "P(y)")  # a new prior also moves P(x)
    in_task = differing in ("Y", "P(y|x)", "P(y)")  # ... and, by Bayes, P(y|x)
    d = _mark(r"\mathcal{D}_S \neq \mathcal{D}_T", in_domain)
    t = _mark(r"\mathcal{T}_S \neq \mathcal{T}_T", in_task)
    return rf"{d} \quad \text{{{or_word}}} \quad {t}"
