"""The Lab: every method of the course on one shift — which one to use, when transfer
helps at all, and the same on your own data (tllib.experiments.lab, tllib.tabular).

Not a lesson: no slide, no self-check. Its settings live in the URL like a lesson's.
"""

import csv
import io
import math

import streamlit as st

from tllib import plots, tabular
from tllib.experiments import lab as experiment
from tllib.experiments import lab_selection as selecting
from ui import cache, controls, lesson
from ui.figures import scatter, show
from ui.text import numerals, plain, t

SLUG = "lab"
K_OPTIONS = (0, 2, 5, 10, 20, 50)
SIZES = (100, 200, 300, 500, 1000)
DRAWS = (1, 3, 5, 10)
DEFAULT_METHODS = ("source_only", "target_only", "pooled", "kmm", "coral", "l2sp")
STUDY_DRAWS = 15  # draws of the selector study, one cached call (and progress step) each
ROLES = {"source_only": "source_only", "target_only": "target_only", "pooled": "pooled"}
pct = lesson.percent


def method_name(name: str) -> str:
    return t(f"{SLUG}.method_names.{name}")


def spread(mean: float, std: float, *, points: bool = False) -> str:
    """"79% ± 3" (an accuracy) or "+5 ± 3 pp" (a gain), in the page's language."""
    if math.isnan(mean):
        return "—"
    if points:
        return t(f"{SLUG}.table.gain_value", gain=round(mean * 100), std=round(std * 100))
    return t(f"{SLUG}.table.accuracy_value", accuracy=pct(mean), std=round(std * 100))


def verdict(row) -> str:
    if row.reason:
        return t(f"{SLUG}.reasons.{row.reason}")
    return t(f"{SLUG}.table.verdicts.{row.verdict}")


def table(board) -> dict:
    """The leaderboard as the page shows it: one column per quantity, in words."""
    columns = {key: [] for key in ("method", "family", "accuracy", "gain", "verdict", "fit")}
    for row in board.rows:
        columns["method"].append(method_name(row.name))
        columns["family"].append(t(f"{SLUG}.families.{row.family}"))
        columns["accuracy"].append(spread(row.accuracy, row.accuracy_std))
        columns["gain"].append(spread(row.gain, row.gain_std, points=True))
        columns["verdict"].append(verdict(row))
        columns["fit"].append(numerals(f"{row.fit_ms:.0f}") if not math.isnan(row.fit_ms) else "—")
    return {t(f"{SLUG}.table.{key}"): values for key, values in columns.items()}


def as_csv(records: list[dict]) -> bytes:
    """Rows of plain values as a CSV file (the download)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(records[0]) if records else ["method"])
    writer.writeheader()
    writer.writerows(records)
    return out.getvalue().encode("utf-8")


def summary(board) -> list[str]:
    """Two sentences a teacher would say, chosen from the rows' verdicts."""
    said = []
    scored = [r for r in board.rows if not math.isnan(r.accuracy)]
    if scored:
        best = max(scored, key=lambda r: r.accuracy)
        clear = "best" if best.verdict == "ahead" else "best_unclear"
        said.append(t(f"{SLUG}.table.{clear}", method=method_name(best.name),
                      accuracy=pct(best.accuracy),
                      gain=lesson.pp(best.gain) if not math.isnan(best.gain) else "—"))
    # "None of them: transfer hurts here" — no method is ahead of learning without the
    # source, beyond the noise.
    if board.reference == "target_only" and not any(
            r.verdict == "ahead" for r in board.rows if r.name != "target_only"):
        said.append(t(f"{SLUG}.table.none_helps"))
    negative = [method_name(name) for name in board.negative]
    said.append(t(f"{SLUG}.table.negatives", methods=t(f"{SLUG}.list_separator").join(negative))
                if negative else t(f"{SLUG}.table.no_negative"))
    return said


def boundary_views(board, *, per_row: int = 4) -> None:
    """Each fitted method's boundary on the first draw, in the same axes."""
    fitted = [(name, board.models[name]) for name in board.names
              if board.models.get(name) is not None]
    for start in range(0, len(fitted), per_row):
        for column, (name, model) in zip(st.columns(per_row), fitted[start:start + per_row]):
            with column:
                fig = scatter(board.pair, show_source=False, title=method_name(name),
                              models={method_name(name): model},
                              roles=(ROLES.get(name, "transfer"),))
                fig.update_layout(showlegend=False)
                show(fig, height=260, download=f"lab-{name}")


@st.fragment
def your_data(data: tuple[bytes, bytes], methods, k: int, seed: int) -> None:
    """The uploaded (or sample) pair, read, ranked and estimated without labels."""
    try:
        own = cache.run(selecting.your_data, source=data[0], target=data[1], k=k,
                        methods=tuple(methods), random_state=seed)
    except tabular.CSVProblem as problem:
        fields = {**problem.display_fields(), "file": t(f"lab.upload.file.{problem.file}")}
        st.error(plain(t(f"lab.upload.{problem.code}", **fields)), icon=":material/error:")
        return
    pair = own.pair
    st.caption(t(f"{SLUG}.upload_read", n_source=len(pair.y_source),
                 n_target=len(pair.y_target), labelled=pair.n_target_labelled,
                 features=len(pair.features), classes=len(pair.classes), k=own.k,
                 measured=own.measured))
    shown = table(own.board)
    shown[t(f"{SLUG}.select.estimate")] = [pct(own.estimates.get(name, math.nan))
                                           for name in own.board.names]
    st.dataframe(shown, hide_index=True, width="stretch")
    if own.warnings:
        st.warning(t(f"{SLUG}.select.warning", methods=t(f"{SLUG}.list_separator").join(
            method_name(m) for m in own.warnings)), icon=":material/warning:")
    if own.measured < 1:
        st.info(t(f"{SLUG}.upload_no_test"), icon=":material/info:")
    st.download_button(t(f"{SLUG}.table.download"), as_csv(own.board.records()),
                       file_name="lab-your-data.csv", mime="text/csv",
                       icon=":material/download:", key="lab_own_download")


@st.fragment
def gain_sweep_section(settings: dict, kind: str, k: int, draws: int) -> None:
    """The gain against the shift's strength, on demand: one cached strength at a time,
    with its progress and a Stop button (only this part reruns meanwhile)."""
    sweep_key = ("lab_sweep", tuple(sorted(settings.items())))
    if st.button(t(f"{SLUG}.sweep.run"), key="lab_sweep_run", icon=":material/play_arrow:",
                 help=t(f"{SLUG}.sweep.run_help")):
        st.session_state["lab_sweep_for"] = sweep_key
    if st.session_state.get("lab_sweep_for") == sweep_key:
        strengths = experiment.STRENGTHS
        bar = st.progress(0.0, text=t(f"{SLUG}.sweep.progress", done=0, total=len(strengths)))
        stop = st.empty()  # only while it runs
        stop.button(t(f"{SLUG}.stop"), key="lab_sweep_stop", help=t(f"{SLUG}.stop_help"),
                    on_click=st.session_state.pop, args=("lab_sweep_for", None))
        parts = []
        for done, s in enumerate(strengths, 1):  # one cached column per strength
            parts.append(cache.run(experiment.gain_sweep, strengths=(s,), **settings))
            bar.progress(done / len(strengths),
                         text=t(f"{SLUG}.sweep.progress", done=done, total=len(strengths)))
        bar.empty()
        stop.empty()
        sweep = experiment.join_sweeps(parts)
        crossing = experiment.crossings(sweep)
        show(plots.gain_curves(
            sweep, labels={m: method_name(m) for m in sweep.mean}, crossings=crossing,
            x_title=t(f"{SLUG}.sweep.x"), y_title=t(f"{SLUG}.sweep.y"),
            title=t(f"{SLUG}.sweep.title", kind=t(f"shift.{kind}.short"), k=k, n=draws),
            positive_label=t(f"{SLUG}.sweep.positive"), negative_label=t(f"{SLUG}.sweep.negative"),
        ), height=480, download=f"lab-sweep-{kind}")
        turned = [t(f"{SLUG}.sweep.crossing", method=method_name(m), strength=f"{x:.2f}")
                  for m, x in crossing.items() if not math.isnan(x)]
        st.markdown("\n".join(f"- {line}" for line in turned) if turned
                    else t(f"{SLUG}.sweep.never"))
        st.download_button(
            t(f"{SLUG}.sweep.download"),
            as_csv([dict(method=m, strength=float(x), gain=float(g), gain_std=float(sd))
                    for m in sweep.mean for x, g, sd in zip(sweep.x, sweep.mean[m], sweep.std[m])]),
            file_name=f"lab-sweep-{kind}.csv", mime="text/csv", icon=":material/download:")


@st.fragment
def selector_study_section(choose: str, kind: str, strength: float, n_source: int,
                           n_target: int, seed: int) -> None:
    """Each selector against the oracle, on demand: one cached draw at a time, with its
    progress and a Stop button."""
    study_key = ("lab_study", choose, kind, strength, n_source, n_target, seed)
    if st.button(t(f"{SLUG}.select.run"), key="lab_select_run", icon=":material/play_arrow:",
                 help=t(f"{SLUG}.select.run_help", n=STUDY_DRAWS)):
        st.session_state["lab_study_for"] = study_key
    if st.session_state.get("lab_study_for") == study_key:
        bar = st.progress(0.0, text=t(f"{SLUG}.select.progress", done=0, total=STUDY_DRAWS))
        stop = st.empty()  # only while it runs
        stop.button(t(f"{SLUG}.stop"), key="lab_select_stop", help=t(f"{SLUG}.stop_help"),
                    on_click=st.session_state.pop, args=("lab_study_for", None))
        study_fn, extra = ((selecting.selector_study, {}) if choose == "methods"
                           else (selecting.hyperparameter_study, {"method": choose}))
        parts = []
        for done in range(1, STUDY_DRAWS + 1):  # one cached draw at a time
            parts.append(cache.run(study_fn, kind=kind, strength=strength, n_source=n_source,
                                   n_target=n_target, seeds=1, seed=seed + done - 1, **extra))
            bar.progress(done / STUDY_DRAWS,
                         text=t(f"{SLUG}.select.progress", done=done, total=STUDY_DRAWS))
        bar.empty()
        stop.empty()
        study = selecting.combine(parts)
        st.dataframe({
            t(f"{SLUG}.select.selector"): [t(f"{SLUG}.select.names.{r.name}") for r in study.rows],
            t(f"{SLUG}.select.agrees"): [pct(r.rate) for r in study.rows],
            t(f"{SLUG}.select.lost"): [t(f"{SLUG}.select.lost_value", lost=round(r.lost_mean * 100),
                                         std=round(r.lost_std * 100)) for r in study.rows],
        }, hide_index=True, width="stretch")
        best = min((r for r in study.rows if r.name != "source"), key=lambda r: r.lost_mean)
        baseline = study.row("source")
        key = "better" if best.lost_mean < baseline.lost_mean - 0.02 else "no_better"
        st.markdown(t(f"{SLUG}.select.{key}", n=STUDY_DRAWS,
                      best=t(f"{SLUG}.select.names.{best.name}"),
                      lost=round(best.lost_mean * 100), source=round(baseline.lost_mean * 100)))
        st.caption(t(f"{SLUG}.select.caption", n=STUDY_DRAWS))
        st.download_button(t(f"{SLUG}.select.download"), as_csv(study.records()),
                           file_name=f"lab-selectors-{choose}-{kind}.csv", mime="text/csv",
                           icon=":material/download:")


# -- Settings ------------------------------------------------------------------------
st.title(t(f"{SLUG}.title"))
st.markdown(t(f"{SLUG}.intro"))

c1, c2, c3, c4 = st.columns([2, 2, 2, 1])
with c1:
    kind = controls.shift_kind("lab", kinds=experiment.KINDS)
with c2:
    strength = controls.strength("lab")
with c3:
    k = controls.labelled_points("lab", SLUG, options=K_OPTIONS, default=10)
with c4:
    seed = controls.seed("lab")
c1, c2, c3, c4 = st.columns([4, 1, 1, 1])
with c1:
    methods = controls.several(t(f"{SLUG}.methods"), experiment.METHODS, key="lab_methods",
                               default=DEFAULT_METHODS, format_func=method_name,
                               help=t(f"{SLUG}.methods_help"))
with c2:
    n_source = controls.bound(st.select_slider, t(f"{SLUG}.n_source"), key="lab_ns",
                              options=SIZES, value=300, help=t(f"{SLUG}.sizes_help"))
with c3:
    n_target = controls.bound(st.select_slider, t(f"{SLUG}.n_target"), key="lab_nt",
                              options=SIZES, value=300, help=t(f"{SLUG}.sizes_help"))
with c4:
    draws = controls.bound(st.select_slider, t(f"{SLUG}.draws"), key="lab_draws",
                           options=DRAWS, value=5, help=t(f"{SLUG}.draws_help"))

settings = dict(kind=kind, k=k, n_source=n_source, n_target=n_target, seeds=draws,
                seed=seed, methods=tuple(methods))

# -- Leaderboard ---------------------------------------------------------------------
st.subheader(t(f"{SLUG}.table.heading"))
if not methods:
    st.info(t(f"{SLUG}.empty_methods"), icon=":material/info:")
    st.stop()
with st.spinner(t(f"{SLUG}.running")):
    board = cache.run(experiment.run, strength=strength, **settings)
st.dataframe(table(board), hide_index=True, width="stretch")
st.caption(t(f"{SLUG}.table.caption", n=draws, reference=t(f"{SLUG}.references.{board.reference}")))
for sentence in summary(board):
    st.markdown(sentence)
st.download_button(t(f"{SLUG}.table.download"), as_csv(board.records()),
                   file_name=f"lab-{kind}-{strength:g}-k{k}.csv", mime="text/csv",
                   icon=":material/download:")

with st.expander(t(f"{SLUG}.views.heading"), expanded=True):
    st.caption(t(f"{SLUG}.views.caption"))
    boundary_views(board)

# -- When to transfer: the gain against the shift's strength (on demand, with progress)
st.subheader(t(f"{SLUG}.sweep.heading"))
st.markdown(t(f"{SLUG}.sweep.intro"))
gain_sweep_section(settings, kind, k, draws)

# -- Choosing without target labels: how often each selector picks what the oracle would
st.subheader(t(f"{SLUG}.select.heading"))
st.markdown(t(f"{SLUG}.select.intro"))
choose = controls.choice(st.radio, t(f"{SLUG}.select.what"), ("methods", *selecting.TUNABLE),
                         key="lab_choose", default="methods", horizontal=True,
                         format_func=lambda c: t(f"{SLUG}.select.choices.{c}"),
                         help=t(f"{SLUG}.select.what_help"))
selector_study_section(choose, kind, strength, n_source, n_target, seed)

# -- Your own data -------------------------------------------------------------------
st.subheader(t(f"{SLUG}.upload_heading"))
st.markdown(t(f"{SLUG}.upload_intro"))
limits = dict(megabytes=tabular.MAX_MEGABYTES, max_rows=tabular.MAX_ROWS,
              max_columns=tabular.MAX_COLUMNS, min_rows=tabular.MIN_ROWS,
              max_classes=tabular.MAX_CLASSES, label="label")
help_text = t("lab.upload.help", **limits)
u1, u2 = st.columns(2)
source_file = u1.file_uploader(t(f"{SLUG}.upload_source"), type=["csv", "txt"], key="lab_up_s",
                               help=help_text, max_upload_size=tabular.MAX_MEGABYTES)
target_file = u2.file_uploader(t(f"{SLUG}.upload_target"), type=["csv", "txt"], key="lab_up_t",
                               help=help_text, max_upload_size=tabular.MAX_MEGABYTES)
if st.button(t("lab.upload.sample"), key="lab_sample_button", help=t("lab.upload.sample_help"),
             icon=":material/dataset:"):
    # Enough target labels to show k of them and measure on the rest.
    st.session_state["lab_sample"] = tabular.sample_csv_pair(
        kind if kind != "label_space" else "covariate", strength, n_target_labelled=60,
        random_state=seed)
sample = st.session_state.get("lab_sample")
if source_file is not None and target_file is not None:
    data = (source_file.getvalue(), target_file.getvalue())
elif sample is not None:
    data = sample
    st.caption(t(f"{SLUG}.sample_loaded"))
    s1, s2 = st.columns(2)
    s1.download_button(t(f"{SLUG}.sample_source"), sample[0], file_name="sample-source.csv",
                       mime="text/csv", icon=":material/download:")
    s2.download_button(t(f"{SLUG}.sample_target"), sample[1], file_name="sample-target.csv",
                       mime="text/csv", icon=":material/download:")
else:
    data = None

if data is not None:
    your_data(data, methods, k, seed)
