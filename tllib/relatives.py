"""Transfer learning and its relatives on one problem: what each one needs, what it
optimises, and how well it does.

The problem: videos described by four features, two from the image and two from the
audio, ``x ~ N(0, I)`` pushed ``gap`` away from the target's boundary on either side
(videos of one class look alike: the cluster assumption of semi-supervised learning). The *target task* labels a video by the sign of ``w_0 . x``;
two *related tasks* label the same kind of videos by rules whose normals have cosine
``relatedness`` with it (:func:`tllib.multitask.multitask_normals`). Labels are flipped
with probability ``noise``. Each learner gets the same few target labels and, on top,
the one resource its setting assumes:

=================  =======================================================
supervised          the ``k`` labelled target videos only
semi-supervised     + many unlabelled target videos (self-training)
multi-view          + the same unlabelled videos, seen as image and audio
                    (co-training, Blum & Mitchell 1998)
multi-task          + a few labels of each related task, all tasks learned
                    together with equal attention (Evgeniou & Pontil 2004)
transfer            + a finished source: many labels of one related task,
                    then fine-tuned towards the target (L2-SP)
=================  =======================================================

Image and audio features are interleaved so that each view sees part of every rule:
the view split is ``(x1, x3)`` against ``(x2, x4)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.semi_supervised import SelfTrainingClassifier

from ._sampling import choose_labelled, flip_labels
from ._validation import check_float, check_int
from .multitask import MultiTaskLogisticRegression, multitask_normals
from .multiview import CoTrainingClassifier
from .parameter import SourcePriorLogisticRegression

__all__ = ["LEARNERS", "FEATURE_NAMES", "RelativesComparison", "compare_relatives"]

LEARNERS = ("supervised", "semi_supervised", "multi_view", "multi_task", "transfer")
FEATURE_NAMES = ("image_brightness", "audio_pitch", "image_edges", "audio_volume")
_VIEWS = ((0, 2), (1, 3))  # image features, audio features
_N_FEATURES = 4


@dataclass(frozen=True)
class RelativesComparison:
    """Target test accuracy of every learner, per draw.

    Attributes
    ----------
    learners : tuple of str
        :data:`LEARNERS`, the order of the columns.
    accuracy : ndarray of shape (n_draws, n_learners)
    """

    learners: tuple
    accuracy: np.ndarray

    @property
    def mean(self) -> dict[str, float]:
        return dict(zip(self.learners, self.accuracy.mean(axis=0).tolist()))

    @property
    def std(self) -> dict[str, float]:
        return dict(zip(self.learners, self.accuracy.std(axis=0).tolist()))


def compare_relatives(
    *,
    n_labelled: int = 8,
    relatedness: float = 0.8,
    n_unlabelled: int = 300,
    n_related: int = 20,
    n_source: int = 300,
    n_test: int = 1000,
    noise: float = 0.05,
    gap: float = 1.0,
    n_draws: int = 5,
    random_state: int = 0,
) -> RelativesComparison:
    """Train the five learners on draws of the problem and score them on the target.

    Parameters
    ----------
    n_labelled : int, default=8
        Labelled target videos, shared by every learner; >= 2.
    relatedness : float, default=0.8
        Cosine between the target's rule and each related task's rule, in [0, 1].
    n_unlabelled : int, default=300
        Unlabelled target videos (semi-supervised, multi-view).
    n_related : int, default=20
        Labels of each of the two related tasks (multi-task).
    n_source : int, default=300
        Labels of the finished source task (transfer).
    n_test, noise, n_draws, random_state
        Target test size, label-flip probability, number of draws, seed.
    gap : float, default=1.0
        Half-width of the empty band between the target's classes, >= 0: the cluster
        structure that unlabelled data reveal.
    """
    check_int("n_labelled", n_labelled, 2)
    check_float("relatedness", relatedness, 0.0, 1.0)
    for name, value in (("n_unlabelled", n_unlabelled), ("n_related", n_related),
                        ("n_source", n_source), ("n_test", n_test), ("n_draws", n_draws)):
        check_int(name, value, 1)
    check_float("noise", noise, 0.0, 0.5, high_open=True)
    check_float("gap", gap, 0.0, 10.0)
    rng = np.random.default_rng(random_state)
    normals = multitask_normals(3, float(relatedness), _N_FEATURES)  # target, related 1, 2

    def draw(n, task):
        # Videos cluster by their target class: a gap of 2 * gap along the target's
        # normal, the low-density region semi-supervised learners rely on.
        X = rng.standard_normal((n, _N_FEATURES))
        X += gap * np.sign(X @ normals[0])[:, None] * normals[0]
        return X, flip_labels(rng, (X @ normals[task] > 0).astype(int), noise)

    accuracy = np.empty((n_draws, len(LEARNERS)))
    for d in range(n_draws):
        # 1. The shared resources of this draw.
        X_pool, y_pool = draw(n_labelled + n_unlabelled, 0)
        labelled = choose_labelled(rng, y_pool, n_labelled)
        y_visible = np.where(labelled, y_pool, -1)  # scikit-learn's unlabelled mark
        X_lab, y_lab = X_pool[labelled], y_pool[labelled]
        related = [draw(n_related, task) for task in (1, 2)]
        X_source, y_source = draw(n_source, 1)
        X_test, y_test = draw(n_test, 0)

        # 2. Each learner with the resource its setting assumes.
        models = {
            "supervised": LogisticRegression().fit(X_lab, y_lab),
            "semi_supervised": SelfTrainingClassifier(LogisticRegression(), threshold=0.9)
            .fit(X_pool, y_visible),
            "multi_view": CoTrainingClassifier(views=_VIEWS, max_iter=15)
            .fit(X_pool, y_visible),
            "transfer": SourcePriorLogisticRegression(source_strength=3.0)
            .fit(X_source, y_source, Xt=X_pool, yt=y_visible),
        }
        X_mt = np.vstack([X_lab, *(X for X, _ in related)])
        y_mt = np.concatenate([y_lab, *(y for _, y in related)])
        tasks = np.repeat([0, 1, 2], [len(y_lab), n_related, n_related])
        multi_task = MultiTaskLogisticRegression(coupling=10.0).fit(X_mt, y_mt, tasks=tasks)

        # 3. Everyone is judged on the target task.
        for j, name in enumerate(LEARNERS):
            if name == "multi_task":
                accuracy[d, j] = multi_task.score(X_test, y_test,
                                                  tasks=np.zeros(n_test, dtype=int))
            else:
                accuracy[d, j] = models[name].score(X_test, y_test)
    return RelativesComparison(LEARNERS, accuracy)

