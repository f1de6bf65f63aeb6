"""Lesson: the formal definition (slide 7).

D = {X, P(x)}, T = {Y, f(·)}, f(x) = P(y|x): the user picks which part differs between
source and target, sees both domains, the formulas with that part highlighted, the
measured difference, and the when / what / how questions it raises.
"""

import streamlit as st

from tllib import datasets
from tllib.experiments import formal_definition as experiment
from ui import cache, controls, formulas, lesson
from ui.figures import FIRST_HEIGHT, scatter, show
from ui.text import t

SLUG = "formal_definition"
KINDS, NOISE = experiment.KINDS, experiment.NOISE
pct = lesson.percent


def kind_label(kind: str) -> str:
    return t(f"{SLUG}.kinds.{kind}.label")


lesson.header(SLUG, with_intuition=False)

controls_col, figures_col = st.columns([1, 2])
with controls_col:
    kind = controls.choice(st.radio, t(f"{SLUG}.differs"), KINDS, key="fd_kind",
                           default="covariate", format_func=kind_label)
    strength = controls.strength("fd", default=0.6)
    seed = controls.seed("fd")
    st.caption(t(f"shift.{kind}.description"))

result = cache.run(experiment.run, kind=kind, strength=strength, seed=seed, memo=cache.memo)
pair, measured, differing = result.pair, result.measured, result.differing

with figures_col:
    left, right = st.columns(2)
    with left:
        show(scatter(pair, show_target=False, title=t(f"{SLUG}.source_title")),
             height=FIRST_HEIGHT)
    with right:
        show(scatter(pair, show_source=False, title=t(f"{SLUG}.target_title")),
             height=FIRST_HEIGHT)

lesson.intuition(SLUG)

# -- The definitions, with the differing part highlighted ----------------------------
st.subheader(t(f"{SLUG}.definitions"))
st.latex(formulas.domain_and_task("S", differing))
st.latex(formulas.domain_and_task("T", differing))
st.markdown(t(f"{SLUG}.condition"))
st.latex(formulas.condition(differing, or_word=t(f"{SLUG}.condition_or")))

st.subheader(t(f"{SLUG}.comparison"))
# Each part as measured on these samples: ≠ where it differs beyond sampling noise.
st.latex(r" \qquad ".join(formulas.comparison(part, part if result.differs[part] else None)
                           for part in experiment.PARTS))

# -- Measured on the samples ---------------------------------------------------------
st.subheader(t(f"{SLUG}.measured"))


def shares(d: dict) -> str:
    return t(f"{SLUG}.list_separator").join(
        t(f"{SLUG}.class_share", label=k, share=pct(v)) for k, v in d.items())


def point(v) -> str:
    return t(f"{SLUG}.point", x=v[0], y=v[1])


def label_set(labels) -> str:
    return t(f"{SLUG}.label_set", labels=t(f"{SLUG}.list_separator").join(map(str, labels)))


features = (t(f"{SLUG}.features_changed", **result.feature_map) if result.feature_map
            else t(f"{SLUG}.features_same"))
mean_s, mean_t = measured["mean"]
st.table({
    t(f"{SLUG}.column_part"): [t(f"{SLUG}.row_{r}") for r in ("features", "mean", "shares", "labels")],
    t(f"{SLUG}.column_source"): [
        t(f"{SLUG}.features_same"), point(mean_s),
        shares(measured["class_shares"][0]), label_set(measured["label_set"][0]),
    ],
    t(f"{SLUG}.column_target"): [
        features, point(mean_t),
        shares(measured["class_shares"][1]), label_set(measured["label_set"][1]),
    ],
})

lesson.notes(SLUG, result.notes)

# -- When, what, how -----------------------------------------------------------------
st.subheader(t(f"{SLUG}.questions"))
for column, question in zip(st.columns(3), ("when", "what", "how")):
    with column, st.container(border=True):
        st.markdown(f"**{t(f'{SLUG}.{question}')}**")
        st.markdown(t(f"{SLUG}.kinds.{kind}.{question}"))

lesson.show_code(experiment.run, datasets.make_domain_pair, datasets.describe_shift)
lesson.self_checks(SLUG, "hospital", "definition", "questions")
