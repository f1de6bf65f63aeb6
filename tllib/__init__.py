"""tllib: a small, readable library of transfer-learning methods and the synthetic
source/target data to try them on. Plain numpy, scipy and scikit-learn; no Streamlit, so
it works as well in a notebook as behind the course's lessons.

>>> from tllib import make_domain_pair, score_baselines
>>> pair = make_domain_pair("covariate", strength=0.8, random_state=0)
>>> scores = score_baselines(pair)      # source-only, target-only, pooled

The transfer methods follow scikit-learn, with the target data as keywords
(``fit(X, y, *, Xt=None, yt=None)``, ``-1`` marking a hidden target label):

>>> from tllib import CORAL
>>> pair = make_domain_pair("feature", strength=0.8, random_state=0)
>>> model = CORAL().fit(pair.X_source, pair.y_source, Xt=pair.X_target)
>>> accuracy = model.score(pair.X_test, pair.y_test)   # no target label used
"""

from .datasets import SHIFT_KINDS, DomainPair, describe_shift, make_domain_pair, source_rule
from .evaluate import (
    BASELINES,
    Curves,
    crossing,
    default_estimator,
    fit_baseline,
    fit_transfer,
    labels_to_reach,
    learning_curve,
    score_baselines,
    shift_sweep,
    transfer_gain,
)
from .negative import (
    Detection,
    DetectorRecord,
    GainMap,
    detect_negative_transfer,
    detector_record,
    fit_weighted_pooling,
    gain_map,
    gain_sweep,
)
from .augmentation import FeatureAugmentation
from .feature import CORAL, SubspaceAlignment, TransferComponentAnalysis
from .instance import (
    KLIEP,
    DiscriminatorReweighting,
    KernelMeanMatching,
    effective_sample_size,
    top_weight_share,
)
from .multitask import MultiTaskLogisticRegression, make_multitask_data
from .multiview import CoTrainingClassifier, make_two_view_data
from .parameter import SourcePriorLogisticRegression, source_prior_path
from .relatives import compare_relatives
from .semi_supervised import self_training_history
from .semi_supervised_data import make_ssl_pair
from .selection import (
    Selection,
    dev_score,
    estimate_importance,
    iwv_score,
    make_iw_scorer,
    reverse_score,
    select,
    select_each,
)
from .tabular import CSVProblem, read_pair, read_table, sample_csv_pair
from .tasks import make_task_pair, task_rule
from .tradaboost import TrAdaBoostClassifier, TrAdaBoostRound

__all__ = [
    "SHIFT_KINDS",
    "DomainPair",
    "describe_shift",
    "make_domain_pair",
    "source_rule",
    "BASELINES",
    "Curves",
    "crossing",
    "default_estimator",
    "fit_baseline",
    "fit_transfer",
    "labels_to_reach",
    "learning_curve",
    "score_baselines",
    "shift_sweep",
    "transfer_gain",
    "make_task_pair",
    "Selection",
    "dev_score",
    "estimate_importance",
    "iwv_score",
    "make_iw_scorer",
    "reverse_score",
    "select",
    "select_each",
    "CSVProblem",
    "read_pair",
    "read_table",
    "sample_csv_pair",
    "task_rule",
    "SourcePriorLogisticRegression",
    "source_prior_path",
    "Detection",
    "DetectorRecord",
    "GainMap",
    "detect_negative_transfer",
    "detector_record",
    "fit_weighted_pooling",
    "gain_map",
    "gain_sweep",
    "MultiTaskLogisticRegression",
    "make_multitask_data",
    "CoTrainingClassifier",
    "make_two_view_data",
    "make_ssl_pair",
    "self_training_history",
    "compare_relatives",
    "KernelMeanMatching",
    "KLIEP",
    "DiscriminatorReweighting",
    "effective_sample_size",
    "top_weight_share",
    "TrAdaBoostClassifier",
    "TrAdaBoostRound",
    "CORAL",
    "SubspaceAlignment",
    "TransferComponentAnalysis",
    "FeatureAugmentation",
]
