"""Transfer learning and its relatives on one problem: what each one needs, what it
optimises, and how well it does.

The problem: videos described by four features, two from the image and two from the
audio, ``x ~ N(0, I)`` pushed ``gap`` away from the target's boundary on either side
(videos of one class look alike: the cluster assumption of semi-supervised learning).
The *target task* labels a video by the sign of ``w_0 . x`` with a fixed rule,
``w_0 = (e_brightness + e_pitch) / sqrt(2)``: one feature of each view, so each view
alone predicts the class fairly well (co-training's sufficiency) whatever the other
tasks are. Two *related tasks* label the same kind of videos by rules turned away from
it, ``w_t = r w_0 + sqrt(1 - r^2) u_t`` with ``u_1 = e_edges`` and ``u_2 = e_volume``
(orthogonal to ``w_0`` and to each other): each has cosine ``r = relatedness`` with the
target, the two have cosine ``r^2`` with each other, and at ``r = 0`` their labels are
independent of the target's. Labels are flipped with probability ``noise``.

Each learner gets the same few target labels and, on top, the one resource its setting
assumes:

=================  =======================================================
supervised          the ``k`` labelled target videos only
semi-supervised     + many unlabelled target videos (self-training)
multi-view          + the same unlabelled videos, seen as image and audio
                    (co-training, Blum & Mitchell 1998)
multi-task          + a few labels of each related task, all tasks learned
                    together with equal attention (Evgeniou & Pontil 2004)
transfer            + a finished source: many labels of related task 1,
                    then fine-tuned towards the target (L2-SP)
=================  =======================================================

The relatedness changes only the related tasks' labels. The target's videos, labels and
test set come from a stream of their own, so the three learners that never see another
task (:data:`OWN_DATA`) score exactly the same at every relatedness, and every learner is
scored on the same target data within a draw (their differences are paired).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.semi_supervised import SelfTrainingClassifier

from ._sampling import choose_labelled, flip_labels
from ._validation import check_float, check_int
from .multitask import MultiTaskLogisticRegression
from .multiview import CoTrainingClassifier
from .parameter import SourcePriorLogisticRegression

__all__ = ["LEARNERS", "OWN_DATA", "OTHER_TASKS", "FEATURE_NAMES", "RelativesComparison",
           "task_normals", "score_one_draw", "compare_relatives"]

LEARNERS = ("supervised", "semi_supervised", "multi_view", "multi_task", "transfer")
OWN_DATA = ("supervised", "semi_supervised", "multi_view")  # never see another task
OTHER_TASKS = ("multi_task", "transfer")  # depend on the related tasks
FEATURE_NAMES = ("image_brightness", "audio_pitch", "image_edges", "audio_volume")
_VIEWS = ((0, 2), (1, 3))  # image features, audio features
_N_FEATURES = 4


@dataclass(frozen=True)
class RelativesComparison:
    """Target test accuracy of every learner, per draw.

    Attributes
    ----------
    learners : tuple of str
        The learners compared (in :data:`LEARNERS` order), the order of the columns.
    accuracy : ndarray of shape (n_draws, n_learners)
    seeds : tuple of int
        The seed of each row's draw: the same seed gives the same target data to
        every learner, whichever others are computed beside it.
    """

    learners: tuple
    accuracy: np.ndarray
    seeds: tuple = ()

    @property
    def mean(self) -> dict[str, float]:
        return dict(zip(self.learners, self.accuracy.mean(axis=0).tolist()))

    @property
    def std(self) -> dict[str, float]:
        return dict(zip(self.learners, self.accuracy.std(axis=0).tolist()))

    def column(self, name: str) -> np.ndarray:
        """One learner's accuracy on every draw. Shape (n_draws,)."""
        return self.accuracy[:, self.learners.index(name)]


def task_normals(relatedness: float) -> np.ndarray:
    """The rules' unit normals: the target's ``w_0`` (fixed), then the two related
    tasks' ``r w_0 + sqrt(1 - r^2) u_t``. Shape (3, 4)."""
    r = float(relatedness)
    target = np.array([1.0, 1.0, 0.0, 0.0]) / np.sqrt(2.0)
    own = np.eye(_N_FEATURES)[[2, 3]]  # image_edges, audio_volume: orthogonal to w_0
    return np.vstack([target, r * target + np.sqrt(1.0 - r * r) * own])


def score_one_draw(seed, normals, learners, *, n_labelled, n_unlabelled, n_related,
                   n_source, n_test, noise, gap) -> list[float]:
    """One draw of the problem (seed ``seed``, rules ``normals`` from
    :func:`task_normals`): each learner's accuracy on the target's test set."""
    # Two streams: the target's data, and the other tasks' videos and label noise.
    # Neither depends on the relatedness, which only labels the latter.
    target_rng = np.random.default_rng([seed, 0])
    other_rng = np.random.default_rng([seed, 1])

    def videos(rng, n):
        # Videos cluster by their target class: a gap of 2 * gap along the target's
        # normal, the low-density region semi-supervised learners rely on.
        X = rng.standard_normal((n, _N_FEATURES))
        return X + gap * np.sign(X @ normals[0])[:, None] * normals[0]

    def labels(rng, X, task):
        return flip_labels(rng, (X @ normals[task] > 0).astype(int), noise)

    # 1. The target's data: a pool (k of it labelled) and a test set.
    X_pool = videos(target_rng, n_labelled + n_unlabelled)
    y_pool = labels(target_rng, X_pool, 0)
    labelled = choose_labelled(target_rng, y_pool, n_labelled)
    y_visible = np.where(labelled, y_pool, -1)  # scikit-learn's unlabelled mark
    X_lab, y_lab = X_pool[labelled], y_pool[labelled]
    X_test = videos(target_rng, n_test)
    y_test = labels(target_rng, X_test, 0)

    # 2. The other tasks' data: a few labels of each related task, and the source
    #    (many labels of related task 1).
    related = []
    for task in (1, 2):
        X = videos(other_rng, n_related)
        related.append((X, labels(other_rng, X, task)))
    X_source = videos(other_rng, n_source)
    y_source = labels(other_rng, X_source, 1)

    # 3. Each learner with the resource its setting assumes, judged on the target.
    scores = []
    for name in learners:
        on_target = {}  # how the model is asked about the target's test videos
        if name == "supervised":
            model = LogisticRegression().fit(X_lab, y_lab)
        elif name == "semi_supervised":
            model = SelfTrainingClassifier(LogisticRegression(), threshold=0.9)
            model.fit(X_pool, y_visible)
        elif name == "multi_view":
            model = CoTrainingClassifier(views=_VIEWS, max_iter=15).fit(X_pool, y_visible)
        elif name == "transfer":
            model = SourcePriorLogisticRegression(source_strength=3.0)
            model.fit(X_source, y_source, Xt=X_pool, yt=y_visible)
        else:  # multi-task: the target (task 0) and both related tasks, learned together
            X_mt = np.vstack([X_lab, *(X for X, _ in related)])
            y_mt = np.concatenate([y_lab, *(y for _, y in related)])
            tasks = np.repeat([0, 1, 2], [len(y_lab), n_related, n_related])
            model = MultiTaskLogisticRegression(coupling=10.0).fit(X_mt, y_mt, tasks=tasks)
            on_target = {"tasks": np.zeros(n_test, dtype=int)}
        scores.append(model.score(X_test, y_test, **on_target))
    return scores


def compare_relatives(
    *,
    n_labelled: int = 8,
    relatedness: float = 0.8,
    learners: tuple = LEARNERS,
    n_unlabelled: int = 300,
    n_related: int = 20,
    n_source: int = 300,
    n_test: int = 1000,
    noise: float = 0.05,
    gap: float = 1.0,
    n_draws: int = 5,
    random_state: int = 0,
) -> RelativesComparison:
    """Train the learners on draws of the problem and score them on the target.

    Parameters
    ----------
    n_labelled : int, default=8
        Labelled target videos, shared by every learner; >= 2.
    relatedness : float, default=0.8
        Cosine between the target's rule and each related task's rule, in [0, 1]. It
        changes the related tasks' labels only.
    learners : tuple of str, default=LEARNERS
        Which of :data:`LEARNERS` to train; the others cost nothing. A learner's
        accuracy on a draw does not depend on which others are trained beside it.
    n_unlabelled : int, default=300
        Unlabelled target videos (semi-supervised, multi-view).
    n_related : int, default=20
        Labels of each of the two related tasks (multi-task).
    n_source : int, default=300
        Labels of the finished source task, related task 1 (transfer).
    n_test, noise
        Target test size, label-flip probability.
    gap : float, default=1.0
        Half-width of the empty band between the target's classes, >= 0: the cluster
        structure that unlabelled data reveal.
    n_draws : int, default=5
        Draws with the seeds ``random_state, random_state + 1, ...``: a draw's data
        depend on its seed only, so ``n_draws=1, random_state=s`` is draw ``s``.
    random_state : int, default=0
        The first draw's seed, >= 0.
    """
    check_int("n_labelled", n_labelled, 2)
    check_float("relatedness", relatedness, 0.0, 1.0)
    for name, value in (("n_unlabelled", n_unlabelled), ("n_related", n_related),
                        ("n_source", n_source), ("n_test", n_test), ("n_draws", n_draws)):
        check_int(name, value, 1)
    check_int("random_state", random_state, 0)
    check_float("noise", noise, 0.0, 0.5, high_open=True)
    check_float("gap", gap, 0.0, 10.0)
    unknown = [name for name in learners if name not in LEARNERS]
    if unknown or not learners:
        raise ValueError(f"learners must be a non-empty tuple of {LEARNERS}; got {learners!r}")
    learners = tuple(name for name in LEARNERS if name in learners)
    normals = task_normals(relatedness)  # target, related 1, related 2
    sizes = dict(n_labelled=n_labelled, n_unlabelled=n_unlabelled, n_related=n_related,
                 n_source=n_source, n_test=n_test)
    seeds = tuple(range(random_state, random_state + n_draws))
    accuracy = np.array([score_one_draw(seed, normals, learners, noise=noise, gap=gap, **sizes)
                         for seed in seeds]).reshape(n_draws, len(learners))
    return RelativesComparison(learners, accuracy, seeds)
