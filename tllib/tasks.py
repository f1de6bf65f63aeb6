"""Two tasks on one domain, with a controllable amount of relatedness.

Negative transfer depends first of all on how related the source and target *tasks*
are (Pan & Yang, 2010; Wang et al., 2019). To show that, both tasks here share the same
domain, so only the labelling rule differs::

    x ~ N(0, I_d)                                  (source and target alike)
    source:  y = 1[x1 > 0]
    target:  y = 1[cos(theta) * x1 + sin(theta) * x2 > 0],  theta = (1 - r) * pi

with ``r`` the *relatedness*; features ``x3 .. xd`` are irrelevant to both tasks, and
each label is flipped with probability ``noise``. Two half-spaces through the origin
whose normals make an angle ``theta`` disagree exactly on the two wedges of total angle
``2 * theta`` out of ``2 * pi``; ``x`` is isotropic, so the noise-free rules agree with
probability ``1 - theta / pi``, which is ``r``:

- ``r = 1``: the same task;
- ``r = 0.5``: orthogonal rules, knowing one tells nothing about the other;
- ``r = 0``: opposite rules, the source is exactly wrong on the target.

References
----------
Pan, S. J. & Yang, Q. (2010). A survey on transfer learning. IEEE TKDE 22(10).
Wang, Z., Dai, Z., Póczos, B. & Carbonell, J. (2019). Characterizing and avoiding
negative transfer. CVPR.
"""

from __future__ import annotations

import numpy as np

from ._validation import as_generator, check_float
from ._sampling import choose_labelled, flip_labels
from .datasets import DomainPair, check_pair_arguments

__all__ = ["make_task_pair", "task_normal", "task_rule"]


def task_normal(relatedness: float, n_features: int = 2) -> np.ndarray:
    """The unit normal of the task's boundary, ``(cos theta, sin theta, 0, …)`` with
    ``theta = (1 - relatedness) * pi``: the direction an ideal linear model's weights
    point in."""
    theta = (1.0 - relatedness) * np.pi
    normal = np.zeros(n_features)
    normal[:2] = np.cos(theta), np.sin(theta)
    return normal


def task_rule(X, relatedness: float) -> np.ndarray:
    """The noise-free labelling rule of the task with this relatedness to the source:
    ``1[cos(theta) x1 + sin(theta) x2 > 0]`` with ``theta = (1 - relatedness) * pi``.
    ``relatedness=1`` is the source rule ``1[x1 > 0]``."""
    X = np.asarray(X, dtype=float)
    return (X[:, :2] @ task_normal(relatedness) > 0).astype(int)


def make_task_pair(
    relatedness: float = 0.8,
    *,
    n_source: int = 500,
    n_target: int = 300,
    n_target_labelled: int = 10,
    n_test: int = 1000,
    n_features: int = 20,
    noise: float = 0.05,
    random_state=None,
) -> DomainPair:
    """Draw a source task and a target task on the same domain.

    Parameters
    ----------
    relatedness : float, default=0.8
        In [0, 1]: the probability that the two noise-free rules agree on a random
        input (1 same task, 0.5 unrelated, 0 opposite).
    n_source, n_target : int, default=500 and 300
        Sample sizes, each at least 2.
    n_target_labelled : int, default=10
        How many target labels a learner may see, in [0, n_target] (one per class
        first, as in :func:`~tllib.datasets.make_domain_pair`).
    n_test : int, default=1000
        Size of each independent test sample (one per task), at least 1.
    n_features : int, default=20
        At least 2; features beyond the first two are irrelevant to both tasks.
    noise : float, default=0.05
        Probability of flipping each label, in [0, 0.5).
    random_state : int, numpy.random.Generator or None, default=None
        Seed for a reproducible draw.

    Returns
    -------
    DomainPair
        With ``shift="task"``, ``strength = 1 - relatedness`` and ``details`` holding
        ``relatedness`` and ``angle_deg`` (the angle between the two rules' normals).
    """
    # The same checks as make_domain_pair, with relatedness in place of shift/strength.
    check_float("relatedness", relatedness, 0.0, 1.0)
    check_pair_arguments("none", 0.0, n_source, n_target, n_target_labelled, n_test,
                     n_features, noise, 0.5, random_state)
    relatedness = float(relatedness)
    rng = as_generator(random_state)

    def draw(n: int, r: float) -> tuple[np.ndarray, np.ndarray]:
        # One domain for both tasks: x ~ N(0, I); only the rule depends on the task.
        X = rng.standard_normal((n, n_features))
        return X, flip_labels(rng, task_rule(X, r), noise)

    # 1. The source task, its rule 1[x1 > 0] (relatedness 1 to itself).
    X_source, y_source = draw(n_source, 1.0)
    # 2. The target task and its test sample: the rule turned by theta.
    X_target, y_target = draw(n_target, relatedness)
    X_test, y_test = draw(n_test, relatedness)
    X_source_test, y_source_test = draw(n_test, 1.0)
    # 3. Which target labels a learner may see.
    target_labelled = choose_labelled(rng, y_target, n_target_labelled)

    details = {
        "relatedness": relatedness,
        "angle_deg": float(np.degrees((1.0 - relatedness) * np.pi)),
    }
    return DomainPair.read_only(
        X_source, y_source, X_target, y_target, target_labelled, X_test, y_test,
        X_source_test, y_source_test, shift="task", strength=1.0 - relatedness,
        details=details,
    )
