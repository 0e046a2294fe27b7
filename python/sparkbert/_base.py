"""Base classes of the generated wrappers (models, estimators, evaluators): JVM calls with readable
errors, pretrained models, training history, and the Spark Connect paths pyspark.ml leaves to each
library."""

import functools
import json
from typing import Any, Callable, Dict, List, Optional, TypeVar, cast

from pyspark.ml.evaluation import JavaEvaluator
from pyspark.ml.util import JavaMLReadable, JavaMLWritable
from pyspark.ml.wrapper import JavaEstimator, JavaModel, JavaParams
from pyspark.sql import DataFrame

from sparkbert._progress import PrintedProgress
from sparkbert._session import check_jvm, is_remote

F = TypeVar("F", bound=Callable[..., Any])

# Params a fitted model gets from its fit, not from the estimator's values (BertEstimator.fitted).
_SET_BY_FIT = {"modelLocation", "maxLength"}


def _keyword_only_after_java_model(init: F) -> F:
    """pyspark's ``keyword_only`` for model constructors, which also take the JVM model (or its
    Spark Connect reference) as their one positional argument, as pyspark.ml's readers pass it."""

    @functools.wraps(init)
    def wrapped(self: Any, java_model: Any = None, **kwargs: Any) -> Any:
        self._input_kwargs = kwargs
        return init(self, java_model, **kwargs)

    return cast(F, wrapped)


def _jvm_errors(f: F) -> F:
    """Raises a JVM failure as a Python exception carrying the JVM's messages: ValueError for bad
    input (the message names the param, column, row or file), RuntimeError otherwise."""

    @functools.wraps(f)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        try:
            return f(*args, **kwargs)
        except Exception as e:  # noqa: BLE001 - only JVM failures are translated
            translated = _translate(e)
            if translated is None:
                raise
            raise translated from None

    return cast(F, wrapped)


def _translate(e: Exception) -> Optional[Exception]:
    java = getattr(e, "java_exception", None)
    if java is None:
        from pyspark.errors.exceptions.captured import CapturedException

        if not isinstance(e, CapturedException):
            return None
        java = getattr(e, "_origin", None)
        if java is None:
            return ValueError(e.getMessage() if hasattr(e, "getMessage") else str(e))
    messages: List[str] = []
    bad_input = False
    cause = java
    while cause is not None and len(messages) < 6:
        text = cause.toString().splitlines()[0]
        bad_input |= text.startswith("java.lang.IllegalArgumentException") or "UsageException" in text
        messages.append(text.split(": ", 1)[1] if ": " in text else text)
        nested = cause.getCause()
        cause = None if nested is None or nested.equals(cause) else nested
    message = messages[-1] if len(messages) == 1 else "\n  caused by: ".join(messages)
    return ValueError(message) if bad_input else RuntimeError(message)


class _BertJavaParams(JavaParams):
    """What models and estimators share: their JVM class, loading by it, checked sessions."""

    _java_class: str

    @staticmethod
    def _new_java_obj(java_class: str, *args: Any) -> Any:
        if not is_remote():
            check_jvm()
        return JavaParams._new_java_obj(java_class, *args)

    @_jvm_errors
    def _transfer_params_to_java(self) -> None:
        super()._transfer_params_to_java()


class _BertModel(JavaModel, _BertJavaParams, JavaMLReadable, JavaMLWritable):
    """A spark-bert inference stage (a Spark ML Model over a Hugging Face checkpoint)."""

    @classmethod
    def fromPretrained(cls, location: str) -> Any:
        """The stage over an HF checkpoint folder (any Hadoop path), an ONNX export or ``"embedded"``.
        The location's config is read now, so a bad location fails here, naming it (not over
        Spark Connect, where it fails at transform)."""
        model = cls()
        model.setModelLocation(location)
        if not is_remote():
            _jvm_errors(lambda: (model._transfer_params_to_java(), model._java_obj.config()))()
        return model

    @_jvm_errors
    def _transform(self, dataset: DataFrame) -> DataFrame:
        if is_remote() and isinstance(self._java_obj, str) and "." in self._java_obj:
            # Built here, not fitted on the server: the server makes it from its class and params
            # (found through META-INF/services), as pyspark.ml does for plain transformers.
            from pyspark.ml.connect.proto import TransformerRelation
            from pyspark.ml.connect.serialize import serialize_ml_params
            from pyspark.sql.connect.dataframe import DataFrame as ConnectDataFrame

            session = dataset.sparkSession
            return ConnectDataFrame(
                TransformerRelation(
                    child=dataset._plan,
                    name=self._java_obj,
                    ml_params=serialize_ml_params(self, session.client),
                    uid=self.uid,
                    is_model=False,
                ),
                session,
            )
        return super()._transform(dataset)


class _BertEvaluator(JavaEvaluator, _BertJavaParams, JavaMLReadable, JavaMLWritable):
    """A spark-bert evaluator: a task's standard metric as a Spark ML Evaluator (for CrossValidator
    and TrainValidationSplit); every metric is larger-is-better."""

    @_jvm_errors
    def _evaluate(self, dataset: DataFrame) -> float:
        return super()._evaluate(dataset)

    def isLargerBetter(self) -> bool:
        return True


class _BertEstimator(JavaEstimator, _BertJavaParams, JavaMLReadable, JavaMLWritable):
    """A spark-bert estimator (distributed fine-tuning or pretraining)."""

    _model_class: str

    def _create_model(self, java_model: Any) -> Any:
        from sparkbert import _stages

        model = getattr(_stages, self._model_class)(java_model)
        if not isinstance(java_model, str):
            model._transfer_params_from_java()
        return model

    def _copyValues(self, to: Any, extra: Optional[Dict[Any, Any]] = None) -> Any:
        if not isinstance(to, _BertModel):
            return super()._copyValues(to, extra)
        # Only the params this estimator shares with its model; the model's location and length
        # come from the fit, and a name the two use differently (tagsCol) stays the model's own.
        shared = {p.name for p in self.params if to.hasParam(p.name)} - _SET_BY_FIT - self._not_shared_with_model
        for param in self.params:
            if param.name not in shared:
                continue
            if param in self._defaultParamMap:
                to._defaultParamMap[to.getParam(param.name)] = self._defaultParamMap[param]
            if self.isSet(param):
                to._set(**{param.name: self.getOrDefault(param)})
        return to

    _not_shared_with_model: set = set()

    @_jvm_errors
    def _fit(self, dataset: DataFrame) -> Any:
        """Fits on the JVM; its progress lines (every ``loggingSteps``) are printed as they come
        (not over Spark Connect, where the server trains)."""
        if is_remote() or self.getOrDefault("loggingSteps") == 0:
            return super()._fit(dataset)
        from pyspark import SparkContext

        with PrintedProgress(SparkContext._jvm, self._java_obj):
            return super()._fit(dataset)

    def setValidationData(self, dataset: DataFrame) -> Any:
        """Rows (the training data's columns) to validate on every evalSteps and after the last step,
        instead of a validationFraction of the training data. Not a param: not saved, and not
        available over Spark Connect."""
        self._classic_only("setValidationData")
        self._java_obj.setValidationData(dataset._jdf)
        return self

    def lastTrainingHistory(self) -> Dict[str, Any]:
        """What the last fit reported: ``steps`` (step, loss, learning_rate, grad_norm, examples,
        seconds, all_reduce_seconds, pass_seconds, update_seconds, wait_seconds), ``eval`` (step,
        eval_loss, eval_accuracy, eval_examples) and ``replica_threads``."""
        self._classic_only("lastTrainingHistory")
        return json.loads(self._java_obj.lastTrainingHistory().toJson())

    def lastHistory(self) -> List[Dict[str, Any]]:
        """The per-step records of the last fit."""
        return self.lastTrainingHistory()["steps"]

    def lastEvaluations(self) -> List[Dict[str, Any]]:
        """The validation results of the last fit."""
        return self.lastTrainingHistory()["eval"]

    def _classic_only(self, what: str) -> None:
        if is_remote():
            raise NotImplementedError(
                f"{what} is not available over Spark Connect (the estimator runs on the server); "
                "the trained model's checkpoint holds training_history.json"
            )
