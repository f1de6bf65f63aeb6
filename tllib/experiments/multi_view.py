"""The multi-view lesson (slide 10): co-training on one draw of two-view videos,
against a single-view learner and a learner on both views side by side.

Everything here is one draw (the seed control): co-training is a sequence of rounds on
that draw's points, cheap enough (a batched Newton solve per round) to run on every
change of a control, so the lesson has no background to precompute.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression

from .._validation import check_int
from ..evaluate import Comparison, Curves, compare, shown_percent
from ..linear import as_estimator, fit_logistic
from ..multiview import CoTrainingClassifier, round_accuracy
from ..multiview_data import TwoViewData, make_two_view_data
from . import Note, call, no_background

__all__ = ["LEARNERS", "ViewComparison", "compare_views", "MultiViewResult", "run",
           "background_settings"]

LEARNERS = ("co_training", "image_only", "concatenated")
# Agreement of the two view learners before the first round above this: the views are
# copies of each other, and co-training has nothing to teach.
COPY_AGREEMENT = 0.97


@dataclass(frozen=True)
class ViewComparison:
    """Test accuracy of co-training and of the supervised learners it is compared with,
    with co-training's history (one entry per round, then the final state).

    Attributes
    ----------
    accuracy : dict of str to float
        ``"co_training"``, ``"image_only"`` (image view, labelled points only),
        ``"concatenated"`` (both views side by side, labelled points only).
    agreement : ndarray of shape (n_iter + 1,)
        After ``r`` rounds (entry 0: the 6 given labels only, before any round; the
        last: the final learners), the two view learners' agreement on the unlabelled
        points.
    round_accuracy : ndarray of shape (n_iter + 1,)
        After ``r`` rounds, the combined view learners' test accuracy (entry 0: on
        the given labels only; the last: co-training's final accuracy).
    pseudo_label_accuracy : ndarray of shape (n_iter,)
        After round ``r`` (entry ``r - 1``), the share of labels given so far that are
        right.
    termination_condition : str
    """

    accuracy: dict
    agreement: np.ndarray
    round_accuracy: np.ndarray
    pseudo_label_accuracy: np.ndarray
    termination_condition: str

    def round_curves(self) -> Curves:
        """``agreement``, ``accuracy`` and ``pseudo_label_accuracy`` against the rounds
        done, 0..n_iter (0: the given labels only, before any round; no pseudo-label
        yet there), as :class:`~tllib.evaluate.Curves` with zero spread (one run)."""
        x = np.arange(len(self.agreement))
        scores = {"agreement": self.agreement, "accuracy": self.round_accuracy,
                  "pseudo_label_accuracy": np.r_[np.nan, self.pseudo_label_accuracy]}
        return Curves.from_scores(x, {k: np.asarray(v, dtype=float)[None, :]
                                      for k, v in scores.items()})


def compare_views(data: TwoViewData, *, n_per_round: int = 4, max_iter: int = 30,
                  estimator=None) -> ViewComparison:
    """Fit co-training on ``data`` and the two supervised learners; score them.
    ``estimator=None`` is ``LogisticRegression()`` throughout (solved batched)."""
    X, y = data.X_train, data.y_train
    model = CoTrainingClassifier(estimator, views=data.views, n_per_round=n_per_round,
                                 max_iter=max_iter).fit(X, y)
    image = list(data.views[0])
    if estimator is None:  # the two supervised learners in one batched solve
        Xs = np.zeros((2,) + data.X_labelled.shape)
        Xs[0, :, :len(image)] = data.X_labelled[:, image]
        Xs[1] = data.X_labelled
        coef, b = fit_logistic(Xs, (data.y_labelled == 1).astype(float), alpha=1.0)
        image_only = as_estimator(coef[0, :len(image)], b[0])
        concatenated = as_estimator(coef[1], b[1])
    else:
        image_only = LogisticRegression().fit(data.X_labelled[:, image], data.y_labelled)
        concatenated = LogisticRegression().fit(data.X_labelled, data.y_labelled)
    accuracy = {
        "co_training": float(model.score(data.X_test, data.y_test)),
        "image_only": float(image_only.score(data.X_test[:, image], data.y_test)),
        "concatenated": float(concatenated.score(data.X_test, data.y_test)),
    }
    truth = np.concatenate([data.y_labelled, data.y_unlabelled])
    right = []
    for r in range(1, model.n_iter_ + 1):
        given = (model.labeled_iter_ > 0) & (model.labeled_iter_ <= r)
        right.append(float(np.mean(model.transduction_[given] == truth[given])))
    # The final learners' agreement on the same unlabelled points: after the last round.
    views = model.views_
    final = [h.predict(data.X_unlabelled[:, v]) for h, v in zip(model.estimators_, views)]
    agreement = [h.agreement for h in model.history_] + [float(np.mean(final[0] == final[1]))]
    return ViewComparison(
        accuracy, np.array(agreement),
        round_accuracy(model, X, y, data.X_test, data.y_test), np.array(right),
        model.termination_condition_,
    )


@dataclass(frozen=True)
class MultiViewResult:
    """What the multi-view page shows for one draw.

    Attributes
    ----------
    data : TwoViewData
        The draw (for the two views' scatter plots).
    comparison : ViewComparison
        Accuracies and co-training's rounds.
    vs_image, vs_concatenated : Comparison
        Co-training against the image view alone and against both views side by side
        (both supervised learners on the labelled videos only).
    story : str
        ``"copy"`` (the views agree from the start, over :data:`COPY_AGREEMENT`),
        ``"fails"`` (co-training behind the image view alone), ``"agree"`` (the
        agreement rose over the rounds) or ``"agree_flat"`` (it did not).
    vs_start : Comparison
        The combined view learners after the last round against the same learners on
        the given labels only (round 0): what the unlabelled videos added.
    notes : tuple of Note
        The "what to notice" sentences (``multi_view.notice.<name>``).
    """

    data: TwoViewData
    comparison: ViewComparison
    vs_image: Comparison
    vs_concatenated: Comparison
    story: str
    vs_start: Comparison = None
    notes: tuple = ()


def run(sufficiency: float = 1.0, independence: float = 1.0, seed: int = 0, *,
        memo=call) -> MultiViewResult:
    """Draw the videos (this draw: ``seed``), co-train, score and judge."""
    check_int("seed", seed, 0)  # in words here, not as random_state below
    data = make_two_view_data(sufficiency=sufficiency, independence=independence,
                              random_state=seed)
    result = compare_views(data)
    acc = result.accuracy
    vs_image = compare(acc["co_training"], acc["image_only"])
    a0, a1 = result.agreement[0], result.agreement[-1]
    if a0 > COPY_AGREEMENT:
        story = "copy"
    elif vs_image.verdict == "behind":
        story = "fails"
    else:
        story = "agree" if shown_percent(a1) > shown_percent(a0) else "agree_flat"
    vs_start = compare(result.round_accuracy[-1], result.round_accuracy[0])
    gain = shown_percent(acc["co_training"]) - shown_percent(acc["image_only"])
    verdict = {"ahead": "now_ahead", "tie": "now_tie", "behind": "now_behind"}
    notes = [Note(verdict[vs_image.verdict], dict(
        co=acc["co_training"], image=acc["image_only"], both=acc["concatenated"], gain=gain))]
    if story == "fails":
        notes.append(Note("fails", dict(right=result.pseudo_label_accuracy[-1])))
    else:
        notes.append(Note(story, dict(a0=a0, a1=a1)))
    if vs_start.verdict == "ahead":
        notes.append(Note("rounds", dict(r0=result.round_accuracy[0],
                                         r1=result.round_accuracy[-1], both=acc["concatenated"])))
    if sufficiency == 1.0 and independence == 1.0:
        notes.append(Note("try"))
    return MultiViewResult(data, result, vs_image,
                           compare(acc["co_training"], acc["concatenated"]), story,
                           vs_start, tuple(notes))


def background_settings():
    """None: every figure is this draw's, computed on each change."""
    return no_background()
