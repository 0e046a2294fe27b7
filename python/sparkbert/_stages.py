# Generated from the JVM classes by dev.sparkbert.cli.PythonWrappers; do not edit.
# Regenerate: mvn -pl spark-bert-jobs -am test -Dtest=PythonWrappersTest -Dsparkbert.pythonRegenerate=true
#   -Dsurefire.failIfNoSpecifiedTests=false
"""The spark-bert stages: params mixins mirroring the Java params interfaces, then the models, estimators and evaluators."""

from typing import Any, Dict

from pyspark import keyword_only
from pyspark.ml.param import Param, Params, TypeConverters

from sparkbert._base import _BertEstimator, _BertEvaluator, _BertModel, _keyword_only_after_java_model


class _BertStageParams(Params):
    """Params of dev.sparkbert.ml.param.BertStageParams."""

    batchSize: "Param[int]" = Param(
        Params._dummy(),
        "batchSize",
        "rows per forward pass (> 0)",
        typeConverter=TypeConverters.toInt,
    )

    def getBatchSize(self) -> int:
        """Gets the value of batchSize or its default value."""
        return self.getOrDefault(self.batchSize)

    def setBatchSize(self, value: int) -> Any:
        """Sets the value of batchSize."""
        return self._set(batchSize=value)

    handleInvalid: "Param[str]" = Param(
        Params._dummy(),
        "handleInvalid",
        "what to do with a malformed input value: 'error' fails naming the column and row, 'skip' drops the row, 'keep' gives null outputs (error, skip, keep)",
        typeConverter=TypeConverters.toString,
    )

    def getHandleInvalid(self) -> str:
        """Gets the value of handleInvalid or its default value."""
        return self.getOrDefault(self.handleInvalid)

    def setHandleInvalid(self, value: str) -> Any:
        """Sets the value of handleInvalid."""
        return self._set(handleInvalid=value)

    maxLength: "Param[int]" = Param(
        Params._dummy(),
        "maxLength",
        "maximum tokens per sequence, special tokens included (>= 8), capped at the model's max_position_embeddings; longer inputs are truncated (question answering: windowed)",
        typeConverter=TypeConverters.toInt,
    )

    def getMaxLength(self) -> int:
        """Gets the value of maxLength or its default value."""
        return self.getOrDefault(self.maxLength)

    def setMaxLength(self, value: int) -> Any:
        """Sets the value of maxLength."""
        return self._set(maxLength=value)

    modelLocation: "Param[str]" = Param(
        Params._dummy(),
        "modelLocation",
        "HF checkpoint folder (config.json, model.safetensors, tokenizer files) on any Hadoop FileSystem, an ONNX export (.onnx with tokenizer.json beside it), or 'embedded' for the bundled all-MiniLM-L6-v2",
        typeConverter=TypeConverters.toString,
    )

    def getModelLocation(self) -> str:
        """Gets the value of modelLocation or its default value."""
        return self.getOrDefault(self.modelLocation)

    def setModelLocation(self, value: str) -> Any:
        """Sets the value of modelLocation."""
        return self._set(modelLocation=value)

    truncation: "Param[str]" = Param(
        Params._dummy(),
        "truncation",
        "truncation strategy (longest_first, only_first, only_second, do_not_truncate)",
        typeConverter=TypeConverters.toString,
    )

    def getTruncation(self) -> str:
        """Gets the value of truncation or its default value."""
        return self.getOrDefault(self.truncation)

    def setTruncation(self, value: str) -> Any:
        """Sets the value of truncation."""
        return self._set(truncation=value)


class _HasTextCol(Params):
    """Params of dev.sparkbert.ml.param.HasTextCol."""

    textCol: "Param[str]" = Param(
        Params._dummy(),
        "textCol",
        "text column",
        typeConverter=TypeConverters.toString,
    )

    def getTextCol(self) -> str:
        """Gets the value of textCol or its default value."""
        return self.getOrDefault(self.textCol)

    def setTextCol(self, value: str) -> Any:
        """Sets the value of textCol."""
        return self._set(textCol=value)


class _HasClassifierOutputCols(Params):
    """Params of dev.sparkbert.ml.param.HasClassifierOutputCols."""

    predictionCol: "Param[str]" = Param(
        Params._dummy(),
        "predictionCol",
        "prediction column: the class index (double)",
        typeConverter=TypeConverters.toString,
    )

    def getPredictionCol(self) -> str:
        """Gets the value of predictionCol or its default value."""
        return self.getOrDefault(self.predictionCol)

    def setPredictionCol(self, value: str) -> Any:
        """Sets the value of predictionCol."""
        return self._set(predictionCol=value)

    probabilityCol: "Param[str]" = Param(
        Params._dummy(),
        "probabilityCol",
        "class probabilities column (vector)",
        typeConverter=TypeConverters.toString,
    )

    def getProbabilityCol(self) -> str:
        """Gets the value of probabilityCol or its default value."""
        return self.getOrDefault(self.probabilityCol)

    def setProbabilityCol(self, value: str) -> Any:
        """Sets the value of probabilityCol."""
        return self._set(probabilityCol=value)

    rawPredictionCol: "Param[str]" = Param(
        Params._dummy(),
        "rawPredictionCol",
        "logits column (vector)",
        typeConverter=TypeConverters.toString,
    )

    def getRawPredictionCol(self) -> str:
        """Gets the value of rawPredictionCol or its default value."""
        return self.getOrDefault(self.rawPredictionCol)

    def setRawPredictionCol(self, value: str) -> Any:
        """Sets the value of rawPredictionCol."""
        return self._set(rawPredictionCol=value)


class _SequenceClassificationParams(_BertStageParams, _HasTextCol, _HasClassifierOutputCols):
    """Params of dev.sparkbert.ml.classification.SequenceClassificationParams."""

    predictedLabelCol: "Param[str]" = Param(
        Params._dummy(),
        "predictedLabelCol",
        "optional column with the predicted label name (single-label); empty for none",
        typeConverter=TypeConverters.toString,
    )

    def getPredictedLabelCol(self) -> str:
        """Gets the value of predictedLabelCol or its default value."""
        return self.getOrDefault(self.predictedLabelCol)

    def setPredictedLabelCol(self, value: str) -> Any:
        """Sets the value of predictedLabelCol."""
        return self._set(predictedLabelCol=value)

    predictedLabelsCol: "Param[str]" = Param(
        Params._dummy(),
        "predictedLabelsCol",
        "column with the labels at or above threshold (multi-label)",
        typeConverter=TypeConverters.toString,
    )

    def getPredictedLabelsCol(self) -> str:
        """Gets the value of predictedLabelsCol or its default value."""
        return self.getOrDefault(self.predictedLabelsCol)

    def setPredictedLabelsCol(self, value: str) -> Any:
        """Sets the value of predictedLabelsCol."""
        return self._set(predictedLabelsCol=value)

    textPairCol: "Param[str]" = Param(
        Params._dummy(),
        "textPairCol",
        "optional second text column (sentence pairs); empty for single texts",
        typeConverter=TypeConverters.toString,
    )

    def getTextPairCol(self) -> str:
        """Gets the value of textPairCol or its default value."""
        return self.getOrDefault(self.textPairCol)

    def setTextPairCol(self, value: str) -> Any:
        """Sets the value of textPairCol."""
        return self._set(textPairCol=value)

    threshold: "Param[float]" = Param(
        Params._dummy(),
        "threshold",
        "multi-label: probability at or above which a label is predicted",
        typeConverter=TypeConverters.toFloat,
    )

    def getThreshold(self) -> float:
        """Gets the value of threshold or its default value."""
        return self.getOrDefault(self.threshold)

    def setThreshold(self, value: float) -> Any:
        """Sets the value of threshold."""
        return self._set(threshold=value)


class _HasPrecision(Params):
    """Params of dev.sparkbert.ml.param.HasPrecision."""

    precision: "Param[str]" = Param(
        Params._dummy(),
        "precision",
        "number format of the encoder: 'fp32' (HF's numbers), 'bf16' (bfloat16 weights and activations; fast with AMX-BF16) or 'int8' (linear layers dynamically quantized; fast with AVX512-VNNI or AMX-INT8); heads and poolers stay float32 (fp32, bf16, int8)",
        typeConverter=TypeConverters.toString,
    )

    def getPrecision(self) -> str:
        """Gets the value of precision or its default value."""
        return self.getOrDefault(self.precision)

    def setPrecision(self, value: str) -> Any:
        """Sets the value of precision."""
        return self._set(precision=value)


class _HasEntitiesCol(Params):
    """Params of dev.sparkbert.ml.param.HasEntitiesCol."""

    entitiesCol: "Param[str]" = Param(
        Params._dummy(),
        "entitiesCol",
        "entities column",
        typeConverter=TypeConverters.toString,
    )

    def getEntitiesCol(self) -> str:
        """Gets the value of entitiesCol or its default value."""
        return self.getOrDefault(self.entitiesCol)

    def setEntitiesCol(self, value: str) -> Any:
        """Sets the value of entitiesCol."""
        return self._set(entitiesCol=value)


class _TokenClassificationParams(_BertStageParams, _HasTextCol, _HasEntitiesCol):
    """Params of dev.sparkbert.ml.token.TokenClassificationParams."""

    aggregationStrategy: "Param[str]" = Param(
        Params._dummy(),
        "aggregationStrategy",
        "how token predictions become entities, as HF's pipeline (none, simple, first, average, max)",
        typeConverter=TypeConverters.toString,
    )

    def getAggregationStrategy(self) -> str:
        """Gets the value of aggregationStrategy or its default value."""
        return self.getOrDefault(self.aggregationStrategy)

    def setAggregationStrategy(self, value: str) -> Any:
        """Sets the value of aggregationStrategy."""
        return self._set(aggregationStrategy=value)


class _HasAnswerCol(Params):
    """Params of dev.sparkbert.ml.param.HasAnswerCol."""

    answerCol: "Param[str]" = Param(
        Params._dummy(),
        "answerCol",
        "best answer column (struct)",
        typeConverter=TypeConverters.toString,
    )

    def getAnswerCol(self) -> str:
        """Gets the value of answerCol or its default value."""
        return self.getOrDefault(self.answerCol)

    def setAnswerCol(self, value: str) -> Any:
        """Sets the value of answerCol."""
        return self._set(answerCol=value)


class _QuestionAnsweringParams(_BertStageParams, _HasAnswerCol):
    """Params of dev.sparkbert.ml.qa.QuestionAnsweringParams."""

    contextCol: "Param[str]" = Param(
        Params._dummy(),
        "contextCol",
        "context column",
        typeConverter=TypeConverters.toString,
    )

    def getContextCol(self) -> str:
        """Gets the value of contextCol or its default value."""
        return self.getOrDefault(self.contextCol)

    def setContextCol(self, value: str) -> Any:
        """Sets the value of contextCol."""
        return self._set(contextCol=value)

    docStride: "Param[int]" = Param(
        Params._dummy(),
        "docStride",
        "tokens shared by consecutive context windows",
        typeConverter=TypeConverters.toInt,
    )

    def getDocStride(self) -> int:
        """Gets the value of docStride or its default value."""
        return self.getOrDefault(self.docStride)

    def setDocStride(self, value: int) -> Any:
        """Sets the value of docStride."""
        return self._set(docStride=value)

    handleImpossibleAnswer: "Param[bool]" = Param(
        Params._dummy(),
        "handleImpossibleAnswer",
        "allow an empty answer when the model prefers [CLS] (SQuAD 2.0 style)",
        typeConverter=TypeConverters.toBoolean,
    )

    def getHandleImpossibleAnswer(self) -> bool:
        """Gets the value of handleImpossibleAnswer or its default value."""
        return self.getOrDefault(self.handleImpossibleAnswer)

    def setHandleImpossibleAnswer(self, value: bool) -> Any:
        """Sets the value of handleImpossibleAnswer."""
        return self._set(handleImpossibleAnswer=value)

    maxAnswerLength: "Param[int]" = Param(
        Params._dummy(),
        "maxAnswerLength",
        "longest answer in tokens",
        typeConverter=TypeConverters.toInt,
    )

    def getMaxAnswerLength(self) -> int:
        """Gets the value of maxAnswerLength or its default value."""
        return self.getOrDefault(self.maxAnswerLength)

    def setMaxAnswerLength(self, value: int) -> Any:
        """Sets the value of maxAnswerLength."""
        return self._set(maxAnswerLength=value)

    questionCol: "Param[str]" = Param(
        Params._dummy(),
        "questionCol",
        "question column",
        typeConverter=TypeConverters.toString,
    )

    def getQuestionCol(self) -> str:
        """Gets the value of questionCol or its default value."""
        return self.getOrDefault(self.questionCol)

    def setQuestionCol(self, value: str) -> Any:
        """Sets the value of questionCol."""
        return self._set(questionCol=value)

    topAnswersCol: "Param[str]" = Param(
        Params._dummy(),
        "topAnswersCol",
        "column with the topK best answers (array of struct), when topK > 1",
        typeConverter=TypeConverters.toString,
    )

    def getTopAnswersCol(self) -> str:
        """Gets the value of topAnswersCol or its default value."""
        return self.getOrDefault(self.topAnswersCol)

    def setTopAnswersCol(self, value: str) -> Any:
        """Sets the value of topAnswersCol."""
        return self._set(topAnswersCol=value)

    topK: "Param[int]" = Param(
        Params._dummy(),
        "topK",
        "answers to keep per row",
        typeConverter=TypeConverters.toInt,
    )

    def getTopK(self) -> int:
        """Gets the value of topK or its default value."""
        return self.getOrDefault(self.topK)

    def setTopK(self, value: int) -> Any:
        """Sets the value of topK."""
        return self._set(topK=value)


class _MultipleChoiceParams(_BertStageParams, _HasClassifierOutputCols):
    """Params of dev.sparkbert.ml.choice.MultipleChoiceParams."""

    choicesCol: "Param[str]" = Param(
        Params._dummy(),
        "choicesCol",
        "choices column (array<string>)",
        typeConverter=TypeConverters.toString,
    )

    def getChoicesCol(self) -> str:
        """Gets the value of choicesCol or its default value."""
        return self.getOrDefault(self.choicesCol)

    def setChoicesCol(self, value: str) -> Any:
        """Sets the value of choicesCol."""
        return self._set(choicesCol=value)

    promptCol: "Param[str]" = Param(
        Params._dummy(),
        "promptCol",
        "prompt (question) column",
        typeConverter=TypeConverters.toString,
    )

    def getPromptCol(self) -> str:
        """Gets the value of promptCol or its default value."""
        return self.getOrDefault(self.promptCol)

    def setPromptCol(self, value: str) -> Any:
        """Sets the value of promptCol."""
        return self._set(promptCol=value)


class _MaskedLMParams(_BertStageParams, _HasTextCol):
    """Params of dev.sparkbert.ml.lm.MaskedLMParams."""

    maskToken: "Param[str]" = Param(
        Params._dummy(),
        "maskToken",
        "the mask token of the vocabulary",
        typeConverter=TypeConverters.toString,
    )

    def getMaskToken(self) -> str:
        """Gets the value of maskToken or its default value."""
        return self.getOrDefault(self.maskToken)

    def setMaskToken(self, value: str) -> Any:
        """Sets the value of maskToken."""
        return self._set(maskToken=value)

    outputCol: "Param[str]" = Param(
        Params._dummy(),
        "outputCol",
        "candidates per mask (array of array of struct)",
        typeConverter=TypeConverters.toString,
    )

    def getOutputCol(self) -> str:
        """Gets the value of outputCol or its default value."""
        return self.getOrDefault(self.outputCol)

    def setOutputCol(self, value: str) -> Any:
        """Sets the value of outputCol."""
        return self._set(outputCol=value)

    topK: "Param[int]" = Param(
        Params._dummy(),
        "topK",
        "candidates per mask",
        typeConverter=TypeConverters.toInt,
    )

    def getTopK(self) -> int:
        """Gets the value of topK or its default value."""
        return self.getOrDefault(self.topK)

    def setTopK(self, value: int) -> Any:
        """Sets the value of topK."""
        return self._set(topK=value)


class _NextSentenceParams(_BertStageParams):
    """Params of dev.sparkbert.ml.lm.NextSentenceParams."""

    predictionCol: "Param[str]" = Param(
        Params._dummy(),
        "predictionCol",
        "1.0 if B follows A, else 0.0",
        typeConverter=TypeConverters.toString,
    )

    def getPredictionCol(self) -> str:
        """Gets the value of predictionCol or its default value."""
        return self.getOrDefault(self.predictionCol)

    def setPredictionCol(self, value: str) -> Any:
        """Sets the value of predictionCol."""
        return self._set(predictionCol=value)

    probabilityCol: "Param[str]" = Param(
        Params._dummy(),
        "probabilityCol",
        "probability that B follows A (double)",
        typeConverter=TypeConverters.toString,
    )

    def getProbabilityCol(self) -> str:
        """Gets the value of probabilityCol or its default value."""
        return self.getOrDefault(self.probabilityCol)

    def setProbabilityCol(self, value: str) -> Any:
        """Sets the value of probabilityCol."""
        return self._set(probabilityCol=value)

    sentenceACol: "Param[str]" = Param(
        Params._dummy(),
        "sentenceACol",
        "first sentence column",
        typeConverter=TypeConverters.toString,
    )

    def getSentenceACol(self) -> str:
        """Gets the value of sentenceACol or its default value."""
        return self.getOrDefault(self.sentenceACol)

    def setSentenceACol(self, value: str) -> Any:
        """Sets the value of sentenceACol."""
        return self._set(sentenceACol=value)

    sentenceBCol: "Param[str]" = Param(
        Params._dummy(),
        "sentenceBCol",
        "second sentence column",
        typeConverter=TypeConverters.toString,
    )

    def getSentenceBCol(self) -> str:
        """Gets the value of sentenceBCol or its default value."""
        return self.getOrDefault(self.sentenceBCol)

    def setSentenceBCol(self, value: str) -> Any:
        """Sets the value of sentenceBCol."""
        return self._set(sentenceBCol=value)


class _CausalLMParams(_BertStageParams, _HasTextCol):
    """Params of dev.sparkbert.ml.lm.CausalLMParams."""

    logLikelihoodCol: "Param[str]" = Param(
        Params._dummy(),
        "logLikelihoodCol",
        "log-likelihood of the text (double, nats)",
        typeConverter=TypeConverters.toString,
    )

    def getLogLikelihoodCol(self) -> str:
        """Gets the value of logLikelihoodCol or its default value."""
        return self.getOrDefault(self.logLikelihoodCol)

    def setLogLikelihoodCol(self, value: str) -> Any:
        """Sets the value of logLikelihoodCol."""
        return self._set(logLikelihoodCol=value)

    perplexityCol: "Param[str]" = Param(
        Params._dummy(),
        "perplexityCol",
        "perplexity (double)",
        typeConverter=TypeConverters.toString,
    )

    def getPerplexityCol(self) -> str:
        """Gets the value of perplexityCol or its default value."""
        return self.getOrDefault(self.perplexityCol)

    def setPerplexityCol(self, value: str) -> Any:
        """Sets the value of perplexityCol."""
        return self._set(perplexityCol=value)


class _EmbeddingParams(_BertStageParams, _HasTextCol):
    """Params of dev.sparkbert.ml.embedding.EmbeddingParams."""

    normalize: "Param[bool]" = Param(
        Params._dummy(),
        "normalize",
        "scale embeddings to unit L2 norm",
        typeConverter=TypeConverters.toBoolean,
    )

    def getNormalize(self) -> bool:
        """Gets the value of normalize or its default value."""
        return self.getOrDefault(self.normalize)

    def setNormalize(self, value: bool) -> Any:
        """Sets the value of normalize."""
        return self._set(normalize=value)

    outputCol: "Param[str]" = Param(
        Params._dummy(),
        "outputCol",
        "sentence embedding column (vector)",
        typeConverter=TypeConverters.toString,
    )

    def getOutputCol(self) -> str:
        """Gets the value of outputCol or its default value."""
        return self.getOrDefault(self.outputCol)

    def setOutputCol(self, value: str) -> Any:
        """Sets the value of outputCol."""
        return self._set(outputCol=value)

    pooling: "Param[str]" = Param(
        Params._dummy(),
        "pooling",
        "how token states become one vector (cls, mean, pooler)",
        typeConverter=TypeConverters.toString,
    )

    def getPooling(self) -> str:
        """Gets the value of pooling or its default value."""
        return self.getOrDefault(self.pooling)

    def setPooling(self, value: str) -> Any:
        """Sets the value of pooling."""
        return self._set(pooling=value)

    tokenEmbeddingsCol: "Param[str]" = Param(
        Params._dummy(),
        "tokenEmbeddingsCol",
        "optional column of per-token embeddings (array of vectors, special tokens included); empty for none",
        typeConverter=TypeConverters.toString,
    )

    def getTokenEmbeddingsCol(self) -> str:
        """Gets the value of tokenEmbeddingsCol or its default value."""
        return self.getOrDefault(self.tokenEmbeddingsCol)

    def setTokenEmbeddingsCol(self, value: str) -> Any:
        """Sets the value of tokenEmbeddingsCol."""
        return self._set(tokenEmbeddingsCol=value)


class _OptimizerParams(Params):
    """Params of dev.sparkbert.training.param.OptimizerParams."""

    adamBeta1: "Param[float]" = Param(
        Params._dummy(),
        "adamBeta1",
        "AdamW beta1",
        typeConverter=TypeConverters.toFloat,
    )

    def getAdamBeta1(self) -> float:
        """Gets the value of adamBeta1 or its default value."""
        return self.getOrDefault(self.adamBeta1)

    def setAdamBeta1(self, value: float) -> Any:
        """Sets the value of adamBeta1."""
        return self._set(adamBeta1=value)

    adamBeta2: "Param[float]" = Param(
        Params._dummy(),
        "adamBeta2",
        "AdamW beta2",
        typeConverter=TypeConverters.toFloat,
    )

    def getAdamBeta2(self) -> float:
        """Gets the value of adamBeta2 or its default value."""
        return self.getOrDefault(self.adamBeta2)

    def setAdamBeta2(self, value: float) -> Any:
        """Sets the value of adamBeta2."""
        return self._set(adamBeta2=value)

    adamEpsilon: "Param[float]" = Param(
        Params._dummy(),
        "adamEpsilon",
        "AdamW epsilon",
        typeConverter=TypeConverters.toFloat,
    )

    def getAdamEpsilon(self) -> float:
        """Gets the value of adamEpsilon or its default value."""
        return self.getOrDefault(self.adamEpsilon)

    def setAdamEpsilon(self, value: float) -> Any:
        """Sets the value of adamEpsilon."""
        return self._set(adamEpsilon=value)

    learningRate: "Param[float]" = Param(
        Params._dummy(),
        "learningRate",
        "peak learning rate of AdamW (> 0)",
        typeConverter=TypeConverters.toFloat,
    )

    def getLearningRate(self) -> float:
        """Gets the value of learningRate or its default value."""
        return self.getOrDefault(self.learningRate)

    def setLearningRate(self, value: float) -> Any:
        """Sets the value of learningRate."""
        return self._set(learningRate=value)

    maxGradNorm: "Param[float]" = Param(
        Params._dummy(),
        "maxGradNorm",
        "clip the global gradient norm to this (0: no clipping)",
        typeConverter=TypeConverters.toFloat,
    )

    def getMaxGradNorm(self) -> float:
        """Gets the value of maxGradNorm or its default value."""
        return self.getOrDefault(self.maxGradNorm)

    def setMaxGradNorm(self, value: float) -> Any:
        """Sets the value of maxGradNorm."""
        return self._set(maxGradNorm=value)

    trainingPrecision: "Param[str]" = Param(
        Params._dummy(),
        "trainingPrecision",
        "number format of the encoder's forward and backward passes: 'fp32' (HF's numbers) or 'bf16' (linear layers and attention in bfloat16, as HF's bf16=True autocast; fast with AMX-BF16); weights, gradients, heads and AdamW stay float32 (fp32, bf16)",
        typeConverter=TypeConverters.toString,
    )

    def getTrainingPrecision(self) -> str:
        """Gets the value of trainingPrecision or its default value."""
        return self.getOrDefault(self.trainingPrecision)

    def setTrainingPrecision(self, value: str) -> Any:
        """Sets the value of trainingPrecision."""
        return self._set(trainingPrecision=value)

    weightDecay: "Param[float]" = Param(
        Params._dummy(),
        "weightDecay",
        "decoupled weight decay, not applied to biases and LayerNorm weights",
        typeConverter=TypeConverters.toFloat,
    )

    def getWeightDecay(self) -> float:
        """Gets the value of weightDecay or its default value."""
        return self.getOrDefault(self.weightDecay)

    def setWeightDecay(self, value: float) -> Any:
        """Sets the value of weightDecay."""
        return self._set(weightDecay=value)


class _ScheduleParams(Params):
    """Params of dev.sparkbert.training.param.ScheduleParams."""

    lrSchedulerType: "Param[str]" = Param(
        Params._dummy(),
        "lrSchedulerType",
        "learning-rate schedule (constant, constant_with_warmup, linear, cosine, cosine_with_restarts, polynomial)",
        typeConverter=TypeConverters.toString,
    )

    def getLrSchedulerType(self) -> str:
        """Gets the value of lrSchedulerType or its default value."""
        return self.getOrDefault(self.lrSchedulerType)

    def setLrSchedulerType(self, value: str) -> Any:
        """Sets the value of lrSchedulerType."""
        return self._set(lrSchedulerType=value)

    maxSteps: "Param[int]" = Param(
        Params._dummy(),
        "maxSteps",
        "optimizer steps to train for; -1 to use numTrainEpochs",
        typeConverter=TypeConverters.toInt,
    )

    def getMaxSteps(self) -> int:
        """Gets the value of maxSteps or its default value."""
        return self.getOrDefault(self.maxSteps)

    def setMaxSteps(self, value: int) -> Any:
        """Sets the value of maxSteps."""
        return self._set(maxSteps=value)

    numTrainEpochs: "Param[float]" = Param(
        Params._dummy(),
        "numTrainEpochs",
        "passes over the training data (ignored when maxSteps > 0)",
        typeConverter=TypeConverters.toFloat,
    )

    def getNumTrainEpochs(self) -> float:
        """Gets the value of numTrainEpochs or its default value."""
        return self.getOrDefault(self.numTrainEpochs)

    def setNumTrainEpochs(self, value: float) -> Any:
        """Sets the value of numTrainEpochs."""
        return self._set(numTrainEpochs=value)

    warmupRatio: "Param[float]" = Param(
        Params._dummy(),
        "warmupRatio",
        "warm-up as a fraction of the training steps",
        typeConverter=TypeConverters.toFloat,
    )

    def getWarmupRatio(self) -> float:
        """Gets the value of warmupRatio or its default value."""
        return self.getOrDefault(self.warmupRatio)

    def setWarmupRatio(self, value: float) -> Any:
        """Sets the value of warmupRatio."""
        return self._set(warmupRatio=value)

    warmupSteps: "Param[int]" = Param(
        Params._dummy(),
        "warmupSteps",
        "linear warm-up steps (overrides warmupRatio when > 0)",
        typeConverter=TypeConverters.toInt,
    )

    def getWarmupSteps(self) -> int:
        """Gets the value of warmupSteps or its default value."""
        return self.getOrDefault(self.warmupSteps)

    def setWarmupSteps(self, value: int) -> Any:
        """Sets the value of warmupSteps."""
        return self._set(warmupSteps=value)


class _BatchingParams(Params):
    """Params of dev.sparkbert.training.param.BatchingParams."""

    gradientAccumulationSteps: "Param[int]" = Param(
        Params._dummy(),
        "gradientAccumulationSteps",
        "micro-batches per optimizer step on each worker",
        typeConverter=TypeConverters.toInt,
    )

    def getGradientAccumulationSteps(self) -> int:
        """Gets the value of gradientAccumulationSteps or its default value."""
        return self.getOrDefault(self.gradientAccumulationSteps)

    def setGradientAccumulationSteps(self, value: int) -> Any:
        """Sets the value of gradientAccumulationSteps."""
        return self._set(gradientAccumulationSteps=value)

    numWorkers: "Param[int]" = Param(
        Params._dummy(),
        "numWorkers",
        "model replicas (barrier tasks); each needs a task slot",
        typeConverter=TypeConverters.toInt,
    )

    def getNumWorkers(self) -> int:
        """Gets the value of numWorkers or its default value."""
        return self.getOrDefault(self.numWorkers)

    def setNumWorkers(self, value: int) -> Any:
        """Sets the value of numWorkers."""
        return self._set(numWorkers=value)

    perWorkerBatchSize: "Param[int]" = Param(
        Params._dummy(),
        "perWorkerBatchSize",
        "examples per worker per optimizer step (HF's per_device_train_batch_size)",
        typeConverter=TypeConverters.toInt,
    )

    def getPerWorkerBatchSize(self) -> int:
        """Gets the value of perWorkerBatchSize or its default value."""
        return self.getOrDefault(self.perWorkerBatchSize)

    def setPerWorkerBatchSize(self, value: int) -> Any:
        """Sets the value of perWorkerBatchSize."""
        return self._set(perWorkerBatchSize=value)

    seed: "Param[int]" = Param(
        Params._dummy(),
        "seed",
        "seed of data shuffling and new weights",
        typeConverter=TypeConverters.toInt,
    )

    def getSeed(self) -> int:
        """Gets the value of seed or its default value."""
        return self.getOrDefault(self.seed)

    def setSeed(self, value: int) -> Any:
        """Sets the value of seed."""
        return self._set(seed=value)


class _CheckpointParams(Params):
    """Params of dev.sparkbert.training.param.CheckpointParams."""

    checkpointDir: "Param[str]" = Param(
        Params._dummy(),
        "checkpointDir",
        "folder (any Hadoop FileSystem, shared by the driver and all executors on a cluster) where training checkpoints and the trained checkpoint are written; empty: a temporary folder on the driver that goes when the driver exits (local mode or a one-machine cluster; executors on other machines are refused)",
        typeConverter=TypeConverters.toString,
    )

    def getCheckpointDir(self) -> str:
        """Gets the value of checkpointDir or its default value."""
        return self.getOrDefault(self.checkpointDir)

    def setCheckpointDir(self, value: str) -> Any:
        """Sets the value of checkpointDir."""
        return self._set(checkpointDir=value)

    checkpointSteps: "Param[int]" = Param(
        Params._dummy(),
        "checkpointSteps",
        "write a resumable checkpoint to checkpointDir every this many steps (0: never); a retried or restarted fit with the same settings resumes from the newest",
        typeConverter=TypeConverters.toInt,
    )

    def getCheckpointSteps(self) -> int:
        """Gets the value of checkpointSteps or its default value."""
        return self.getOrDefault(self.checkpointSteps)

    def setCheckpointSteps(self, value: int) -> Any:
        """Sets the value of checkpointSteps."""
        return self._set(checkpointSteps=value)


class _ValidationParams(Params):
    """Params of dev.sparkbert.training.param.ValidationParams."""

    evalSteps: "Param[int]" = Param(
        Params._dummy(),
        "evalSteps",
        "evaluate on the validation examples every this many steps (0: only after the last step)",
        typeConverter=TypeConverters.toInt,
    )

    def getEvalSteps(self) -> int:
        """Gets the value of evalSteps or its default value."""
        return self.getOrDefault(self.evalSteps)

    def setEvalSteps(self, value: int) -> Any:
        """Sets the value of evalSteps."""
        return self._set(evalSteps=value)

    loggingSteps: "Param[int]" = Param(
        Params._dummy(),
        "loggingSteps",
        "report a progress line every this many steps (0: never)",
        typeConverter=TypeConverters.toInt,
    )

    def getLoggingSteps(self) -> int:
        """Gets the value of loggingSteps or its default value."""
        return self.getOrDefault(self.loggingSteps)

    def setLoggingSteps(self, value: int) -> Any:
        """Sets the value of loggingSteps."""
        return self._set(loggingSteps=value)

    validationFraction: "Param[float]" = Param(
        Params._dummy(),
        "validationFraction",
        "share of the (shuffled) training examples held out for validation (0: none, unless validation data is given)",
        typeConverter=TypeConverters.toFloat,
    )

    def getValidationFraction(self) -> float:
        """Gets the value of validationFraction or its default value."""
        return self.getOrDefault(self.validationFraction)

    def setValidationFraction(self, value: float) -> Any:
        """Sets the value of validationFraction."""
        return self._set(validationFraction=value)


class _TrainingParams(_BertStageParams, _OptimizerParams, _ScheduleParams, _BatchingParams, _CheckpointParams, _ValidationParams):
    """Params of dev.sparkbert.training.param.TrainingParams."""


class _HasWordsAndTags(Params):
    """Params of dev.sparkbert.ml.param.HasWordsAndTags."""

    tagsCol: "Param[str]" = Param(
        Params._dummy(),
        "tagsCol",
        "array<string> column of gold tags, one per word",
        typeConverter=TypeConverters.toString,
    )

    def getTagsCol(self) -> str:
        """Gets the value of tagsCol or its default value."""
        return self.getOrDefault(self.tagsCol)

    def setTagsCol(self, value: str) -> Any:
        """Sets the value of tagsCol."""
        return self._set(tagsCol=value)

    wordsCol: "Param[str]" = Param(
        Params._dummy(),
        "wordsCol",
        "array<string> column of words",
        typeConverter=TypeConverters.toString,
    )

    def getWordsCol(self) -> str:
        """Gets the value of wordsCol or its default value."""
        return self.getOrDefault(self.wordsCol)

    def setWordsCol(self, value: str) -> Any:
        """Sets the value of wordsCol."""
        return self._set(wordsCol=value)


class _HasAnswerTextCol(Params):
    """Params of dev.sparkbert.ml.param.HasAnswerTextCol."""

    answerTextCol: "Param[str]" = Param(
        Params._dummy(),
        "answerTextCol",
        "answer text column",
        typeConverter=TypeConverters.toString,
    )

    def getAnswerTextCol(self) -> str:
        """Gets the value of answerTextCol or its default value."""
        return self.getOrDefault(self.answerTextCol)

    def setAnswerTextCol(self, value: str) -> Any:
        """Sets the value of answerTextCol."""
        return self._set(answerTextCol=value)


class BertSequenceClassificationModel(_BertModel, _SequenceClassificationParams, _HasPrecision):
    """Inference stage for sequence-classification: text or text-pair classification, regression, multi-label.

    Wraps the JVM class ``dev.sparkbert.ml.classification.BertSequenceClassificationModel``; trained by BertSequenceClassifier.
    """

    __module__ = "dev.sparkbert.ml.classification"
    _java_class = "dev.sparkbert.ml.classification.BertSequenceClassificationModel"

    @_keyword_only_after_java_model
    def __init__(
        self,
        java_model: Any = None,
        *,
        batchSize: int = 32,
        handleInvalid: str = "error",
        maxLength: int = 128,
        modelLocation: str = "embedded",
        precision: str = "fp32",
        predictedLabelCol: str = "",
        predictedLabelsCol: str = "predictedLabels",
        predictionCol: str = "prediction",
        probabilityCol: str = "probability",
        rawPredictionCol: str = "rawPrediction",
        textCol: str = "text",
        textPairCol: str = "",
        threshold: float = 0.5,
        truncation: str = "longest_first",
    ) -> None:
        super().__init__(java_model)
        if java_model is None:
            self._java_obj = self._new_java_obj(self._java_class, self.uid)
        self._setDefault(
            batchSize=32,
            handleInvalid="error",
            maxLength=128,
            modelLocation="embedded",
            precision="fp32",
            predictedLabelCol="",
            predictedLabelsCol="predictedLabels",
            predictionCol="prediction",
            probabilityCol="probability",
            rawPredictionCol="rawPrediction",
            textCol="text",
            textPairCol="",
            threshold=0.5,
            truncation="longest_first",
        )
        kwargs = self._input_kwargs
        self.setParams(**kwargs)

    @keyword_only
    def setParams(
        self, *,
        batchSize: int = 32,
        handleInvalid: str = "error",
        maxLength: int = 128,
        modelLocation: str = "embedded",
        precision: str = "fp32",
        predictedLabelCol: str = "",
        predictedLabelsCol: str = "predictedLabels",
        predictionCol: str = "prediction",
        probabilityCol: str = "probability",
        rawPredictionCol: str = "rawPrediction",
        textCol: str = "text",
        textPairCol: str = "",
        threshold: float = 0.5,
        truncation: str = "longest_first",
    ) -> "BertSequenceClassificationModel":
        """Sets params by name."""
        kwargs: Dict[str, Any] = self._input_kwargs
        return self._set(**kwargs)


class BertTokenClassificationModel(_BertModel, _TokenClassificationParams, _HasPrecision):
    """Inference stage for token-classification: named entities and tagging.

    Wraps the JVM class ``dev.sparkbert.ml.token.BertTokenClassificationModel``; trained by BertTokenClassifier.
    """

    __module__ = "dev.sparkbert.ml.token"
    _java_class = "dev.sparkbert.ml.token.BertTokenClassificationModel"

    tagsCol: "Param[str]" = Param(
        Params._dummy(),
        "tagsCol",
        "optional column with the predicted tag of every (non-special) token; empty for none",
        typeConverter=TypeConverters.toString,
    )

    def getTagsCol(self) -> str:
        """Gets the value of tagsCol or its default value."""
        return self.getOrDefault(self.tagsCol)

    def setTagsCol(self, value: str) -> Any:
        """Sets the value of tagsCol."""
        return self._set(tagsCol=value)

    @_keyword_only_after_java_model
    def __init__(
        self,
        java_model: Any = None,
        *,
        aggregationStrategy: str = "simple",
        batchSize: int = 32,
        entitiesCol: str = "entities",
        handleInvalid: str = "error",
        maxLength: int = 128,
        modelLocation: str = "embedded",
        precision: str = "fp32",
        tagsCol: str = "",
        textCol: str = "text",
        truncation: str = "longest_first",
    ) -> None:
        super().__init__(java_model)
        if java_model is None:
            self._java_obj = self._new_java_obj(self._java_class, self.uid)
        self._setDefault(
            aggregationStrategy="simple",
            batchSize=32,
            entitiesCol="entities",
            handleInvalid="error",
            maxLength=128,
            modelLocation="embedded",
            precision="fp32",
            tagsCol="",
            textCol="text",
            truncation="longest_first",
        )
        kwargs = self._input_kwargs
        self.setParams(**kwargs)

    @keyword_only
    def setParams(
        self, *,
        aggregationStrategy: str = "simple",
        batchSize: int = 32,
        entitiesCol: str = "entities",
        handleInvalid: str = "error",
        maxLength: int = 128,
        modelLocation: str = "embedded",
        precision: str = "fp32",
        tagsCol: str = "",
        textCol: str = "text",
        truncation: str = "longest_first",
    ) -> "BertTokenClassificationModel":
        """Sets params by name."""
        kwargs: Dict[str, Any] = self._input_kwargs
        return self._set(**kwargs)


class BertQuestionAnsweringModel(_BertModel, _QuestionAnsweringParams, _HasPrecision):
    """Inference stage for question-answering: extractive question answering (SQuAD).

    Wraps the JVM class ``dev.sparkbert.ml.qa.BertQuestionAnsweringModel``; trained by BertQuestionAnswerer.
    """

    __module__ = "dev.sparkbert.ml.qa"
    _java_class = "dev.sparkbert.ml.qa.BertQuestionAnsweringModel"

    @_keyword_only_after_java_model
    def __init__(
        self,
        java_model: Any = None,
        *,
        answerCol: str = "answer",
        batchSize: int = 32,
        contextCol: str = "context",
        docStride: int = 64,
        handleImpossibleAnswer: bool = False,
        handleInvalid: str = "error",
        maxAnswerLength: int = 15,
        maxLength: int = 384,
        modelLocation: str = "embedded",
        precision: str = "fp32",
        questionCol: str = "question",
        topAnswersCol: str = "answers",
        topK: int = 1,
        truncation: str = "only_second",
    ) -> None:
        super().__init__(java_model)
        if java_model is None:
            self._java_obj = self._new_java_obj(self._java_class, self.uid)
        self._setDefault(
            answerCol="answer",
            batchSize=32,
            contextCol="context",
            docStride=64,
            handleImpossibleAnswer=False,
            handleInvalid="error",
            maxAnswerLength=15,
            maxLength=384,
            modelLocation="embedded",
            precision="fp32",
            questionCol="question",
            topAnswersCol="answers",
            topK=1,
            truncation="only_second",
        )
        kwargs = self._input_kwargs
        self.setParams(**kwargs)

    @keyword_only
    def setParams(
        self, *,
        answerCol: str = "answer",
        batchSize: int = 32,
        contextCol: str = "context",
        docStride: int = 64,
        handleImpossibleAnswer: bool = False,
        handleInvalid: str = "error",
        maxAnswerLength: int = 15,
        maxLength: int = 384,
        modelLocation: str = "embedded",
        precision: str = "fp32",
        questionCol: str = "question",
        topAnswersCol: str = "answers",
        topK: int = 1,
        truncation: str = "only_second",
    ) -> "BertQuestionAnsweringModel":
        """Sets params by name."""
        kwargs: Dict[str, Any] = self._input_kwargs
        return self._set(**kwargs)


class BertMultipleChoiceModel(_BertModel, _MultipleChoiceParams, _HasPrecision):
    """Inference stage for multiple-choice: the best of several answers (SWAG, CommonsenseQA).

    Wraps the JVM class ``dev.sparkbert.ml.choice.BertMultipleChoiceModel``; trained by BertMultipleChoiceClassifier.
    """

    __module__ = "dev.sparkbert.ml.choice"
    _java_class = "dev.sparkbert.ml.choice.BertMultipleChoiceModel"

    @_keyword_only_after_java_model
    def __init__(
        self,
        java_model: Any = None,
        *,
        batchSize: int = 32,
        choicesCol: str = "choices",
        handleInvalid: str = "error",
        maxLength: int = 128,
        modelLocation: str = "embedded",
        precision: str = "fp32",
        predictionCol: str = "prediction",
        probabilityCol: str = "probability",
        promptCol: str = "prompt",
        rawPredictionCol: str = "rawPrediction",
        truncation: str = "longest_first",
    ) -> None:
        super().__init__(java_model)
        if java_model is None:
            self._java_obj = self._new_java_obj(self._java_class, self.uid)
        self._setDefault(
            batchSize=32,
            choicesCol="choices",
            handleInvalid="error",
            maxLength=128,
            modelLocation="embedded",
            precision="fp32",
            predictionCol="prediction",
            probabilityCol="probability",
            promptCol="prompt",
            rawPredictionCol="rawPrediction",
            truncation="longest_first",
        )
        kwargs = self._input_kwargs
        self.setParams(**kwargs)

    @keyword_only
    def setParams(
        self, *,
        batchSize: int = 32,
        choicesCol: str = "choices",
        handleInvalid: str = "error",
        maxLength: int = 128,
        modelLocation: str = "embedded",
        precision: str = "fp32",
        predictionCol: str = "prediction",
        probabilityCol: str = "probability",
        promptCol: str = "prompt",
        rawPredictionCol: str = "rawPrediction",
        truncation: str = "longest_first",
    ) -> "BertMultipleChoiceModel":
        """Sets params by name."""
        kwargs: Dict[str, Any] = self._input_kwargs
        return self._set(**kwargs)


class BertMaskedLMModel(_BertModel, _MaskedLMParams, _HasPrecision):
    """Inference stage for fill-mask: masked-token candidates; trained by pretraining on documents.

    Wraps the JVM class ``dev.sparkbert.ml.lm.BertMaskedLMModel``; trained by BertPretrainer.
    """

    __module__ = "dev.sparkbert.ml.lm"
    _java_class = "dev.sparkbert.ml.lm.BertMaskedLMModel"

    @_keyword_only_after_java_model
    def __init__(
        self,
        java_model: Any = None,
        *,
        batchSize: int = 32,
        handleInvalid: str = "error",
        maskToken: str = "[MASK]",
        maxLength: int = 128,
        modelLocation: str = "embedded",
        outputCol: str = "fills",
        precision: str = "fp32",
        textCol: str = "text",
        topK: int = 5,
        truncation: str = "longest_first",
    ) -> None:
        super().__init__(java_model)
        if java_model is None:
            self._java_obj = self._new_java_obj(self._java_class, self.uid)
        self._setDefault(
            batchSize=32,
            handleInvalid="error",
            maskToken="[MASK]",
            maxLength=128,
            modelLocation="embedded",
            outputCol="fills",
            precision="fp32",
            textCol="text",
            topK=5,
            truncation="longest_first",
        )
        kwargs = self._input_kwargs
        self.setParams(**kwargs)

    @keyword_only
    def setParams(
        self, *,
        batchSize: int = 32,
        handleInvalid: str = "error",
        maskToken: str = "[MASK]",
        maxLength: int = 128,
        modelLocation: str = "embedded",
        outputCol: str = "fills",
        precision: str = "fp32",
        textCol: str = "text",
        topK: int = 5,
        truncation: str = "longest_first",
    ) -> "BertMaskedLMModel":
        """Sets params by name."""
        kwargs: Dict[str, Any] = self._input_kwargs
        return self._set(**kwargs)


class BertNextSentenceModel(_BertModel, _NextSentenceParams, _HasPrecision):
    """Inference stage for next-sentence: whether sentence B follows sentence A.

    Wraps the JVM class ``dev.sparkbert.ml.lm.BertNextSentenceModel``; trained by no estimator.
    """

    __module__ = "dev.sparkbert.ml.lm"
    _java_class = "dev.sparkbert.ml.lm.BertNextSentenceModel"

    @_keyword_only_after_java_model
    def __init__(
        self,
        java_model: Any = None,
        *,
        batchSize: int = 32,
        handleInvalid: str = "error",
        maxLength: int = 128,
        modelLocation: str = "embedded",
        precision: str = "fp32",
        predictionCol: str = "prediction",
        probabilityCol: str = "probability",
        sentenceACol: str = "sentenceA",
        sentenceBCol: str = "sentenceB",
        truncation: str = "longest_first",
    ) -> None:
        super().__init__(java_model)
        if java_model is None:
            self._java_obj = self._new_java_obj(self._java_class, self.uid)
        self._setDefault(
            batchSize=32,
            handleInvalid="error",
            maxLength=128,
            modelLocation="embedded",
            precision="fp32",
            predictionCol="prediction",
            probabilityCol="probability",
            sentenceACol="sentenceA",
            sentenceBCol="sentenceB",
            truncation="longest_first",
        )
        kwargs = self._input_kwargs
        self.setParams(**kwargs)

    @keyword_only
    def setParams(
        self, *,
        batchSize: int = 32,
        handleInvalid: str = "error",
        maxLength: int = 128,
        modelLocation: str = "embedded",
        precision: str = "fp32",
        predictionCol: str = "prediction",
        probabilityCol: str = "probability",
        sentenceACol: str = "sentenceA",
        sentenceBCol: str = "sentenceB",
        truncation: str = "longest_first",
    ) -> "BertNextSentenceModel":
        """Sets params by name."""
        kwargs: Dict[str, Any] = self._input_kwargs
        return self._set(**kwargs)


class BertCausalLMModel(_BertModel, _CausalLMParams, _HasPrecision):
    """Inference stage for causal-lm: log-likelihood and perplexity of texts (decoder checkpoints).

    Wraps the JVM class ``dev.sparkbert.ml.lm.BertCausalLMModel``; trained by no estimator.
    """

    __module__ = "dev.sparkbert.ml.lm"
    _java_class = "dev.sparkbert.ml.lm.BertCausalLMModel"

    @_keyword_only_after_java_model
    def __init__(
        self,
        java_model: Any = None,
        *,
        batchSize: int = 32,
        handleInvalid: str = "error",
        logLikelihoodCol: str = "logLikelihood",
        maxLength: int = 128,
        modelLocation: str = "embedded",
        perplexityCol: str = "perplexity",
        precision: str = "fp32",
        textCol: str = "text",
        truncation: str = "longest_first",
    ) -> None:
        super().__init__(java_model)
        if java_model is None:
            self._java_obj = self._new_java_obj(self._java_class, self.uid)
        self._setDefault(
            batchSize=32,
            handleInvalid="error",
            logLikelihoodCol="logLikelihood",
            maxLength=128,
            modelLocation="embedded",
            perplexityCol="perplexity",
            precision="fp32",
            textCol="text",
            truncation="longest_first",
        )
        kwargs = self._input_kwargs
        self.setParams(**kwargs)

    @keyword_only
    def setParams(
        self, *,
        batchSize: int = 32,
        handleInvalid: str = "error",
        logLikelihoodCol: str = "logLikelihood",
        maxLength: int = 128,
        modelLocation: str = "embedded",
        perplexityCol: str = "perplexity",
        precision: str = "fp32",
        textCol: str = "text",
        truncation: str = "longest_first",
    ) -> "BertCausalLMModel":
        """Sets params by name."""
        kwargs: Dict[str, Any] = self._input_kwargs
        return self._set(**kwargs)


class BertEmbeddingModel(_BertModel, _EmbeddingParams, _HasPrecision):
    """Inference stage for embedding: sentence and token embeddings.

    Wraps the JVM class ``dev.sparkbert.ml.embedding.BertEmbeddingModel``; trained by no estimator.
    """

    __module__ = "dev.sparkbert.ml.embedding"
    _java_class = "dev.sparkbert.ml.embedding.BertEmbeddingModel"

    @_keyword_only_after_java_model
    def __init__(
        self,
        java_model: Any = None,
        *,
        batchSize: int = 32,
        handleInvalid: str = "error",
        maxLength: int = 128,
        modelLocation: str = "embedded",
        normalize: bool = True,
        outputCol: str = "embedding",
        pooling: str = "mean",
        precision: str = "fp32",
        textCol: str = "text",
        tokenEmbeddingsCol: str = "",
        truncation: str = "longest_first",
    ) -> None:
        super().__init__(java_model)
        if java_model is None:
            self._java_obj = self._new_java_obj(self._java_class, self.uid)
        self._setDefault(
            batchSize=32,
            handleInvalid="error",
            maxLength=128,
            modelLocation="embedded",
            normalize=True,
            outputCol="embedding",
            pooling="mean",
            precision="fp32",
            textCol="text",
            tokenEmbeddingsCol="",
            truncation="longest_first",
        )
        kwargs = self._input_kwargs
        self.setParams(**kwargs)

    @keyword_only
    def setParams(
        self, *,
        batchSize: int = 32,
        handleInvalid: str = "error",
        maxLength: int = 128,
        modelLocation: str = "embedded",
        normalize: bool = True,
        outputCol: str = "embedding",
        pooling: str = "mean",
        precision: str = "fp32",
        textCol: str = "text",
        tokenEmbeddingsCol: str = "",
        truncation: str = "longest_first",
    ) -> "BertEmbeddingModel":
        """Sets params by name."""
        kwargs: Dict[str, Any] = self._input_kwargs
        return self._set(**kwargs)


class BertSequenceClassifier(_BertEstimator, _SequenceClassificationParams, _TrainingParams):
    """Estimator for sequence-classification: text or text-pair classification, regression, multi-label.

    Wraps the JVM class ``dev.sparkbert.training.BertSequenceClassifier``; fits a BertSequenceClassificationModel.
    """

    __module__ = "dev.sparkbert.training"
    _java_class = "dev.sparkbert.training.BertSequenceClassifier"
    _model_class = "BertSequenceClassificationModel"

    labelCol: "Param[str]" = Param(
        Params._dummy(),
        "labelCol",
        "label column: string or integer (classes), double (regression; class indices when it carries a StringIndexer's attribute) or array<string> (multi-label)",
        typeConverter=TypeConverters.toString,
    )

    def getLabelCol(self) -> str:
        """Gets the value of labelCol or its default value."""
        return self.getOrDefault(self.labelCol)

    def setLabelCol(self, value: str) -> Any:
        """Sets the value of labelCol."""
        return self._set(labelCol=value)

    @keyword_only
    def __init__(
        self, *,
        adamBeta1: float = 0.9,
        adamBeta2: float = 0.999,
        adamEpsilon: float = 1.0e-8,
        batchSize: int = 32,
        checkpointDir: str = "",
        checkpointSteps: int = 0,
        evalSteps: int = 0,
        gradientAccumulationSteps: int = 1,
        handleInvalid: str = "error",
        labelCol: str = "label",
        learningRate: float = 5.0e-5,
        loggingSteps: int = 10,
        lrSchedulerType: str = "linear",
        maxGradNorm: float = 1.0,
        maxLength: int = 128,
        maxSteps: int = -1,
        modelLocation: str = "embedded",
        numTrainEpochs: float = 3.0,
        numWorkers: int = 1,
        perWorkerBatchSize: int = 8,
        predictedLabelCol: str = "",
        predictedLabelsCol: str = "predictedLabels",
        predictionCol: str = "prediction",
        probabilityCol: str = "probability",
        rawPredictionCol: str = "rawPrediction",
        seed: int = 42,
        textCol: str = "text",
        textPairCol: str = "",
        threshold: float = 0.5,
        trainingPrecision: str = "fp32",
        truncation: str = "longest_first",
        validationFraction: float = 0.0,
        warmupRatio: float = 0.0,
        warmupSteps: int = 0,
        weightDecay: float = 0.0,
    ) -> None:
        super().__init__()
        self._java_obj = self._new_java_obj(self._java_class, self.uid)
        self._setDefault(
            adamBeta1=0.9,
            adamBeta2=0.999,
            adamEpsilon=1.0e-8,
            batchSize=32,
            checkpointDir="",
            checkpointSteps=0,
            evalSteps=0,
            gradientAccumulationSteps=1,
            handleInvalid="error",
            labelCol="label",
            learningRate=5.0e-5,
            loggingSteps=10,
            lrSchedulerType="linear",
            maxGradNorm=1.0,
            maxLength=128,
            maxSteps=-1,
            modelLocation="embedded",
            numTrainEpochs=3.0,
            numWorkers=1,
            perWorkerBatchSize=8,
            predictedLabelCol="",
            predictedLabelsCol="predictedLabels",
            predictionCol="prediction",
            probabilityCol="probability",
            rawPredictionCol="rawPrediction",
            seed=42,
            textCol="text",
            textPairCol="",
            threshold=0.5,
            trainingPrecision="fp32",
            truncation="longest_first",
            validationFraction=0.0,
            warmupRatio=0.0,
            warmupSteps=0,
            weightDecay=0.0,
        )
        kwargs = self._input_kwargs
        self.setParams(**kwargs)

    @keyword_only
    def setParams(
        self, *,
        adamBeta1: float = 0.9,
        adamBeta2: float = 0.999,
        adamEpsilon: float = 1.0e-8,
        batchSize: int = 32,
        checkpointDir: str = "",
        checkpointSteps: int = 0,
        evalSteps: int = 0,
        gradientAccumulationSteps: int = 1,
        handleInvalid: str = "error",
        labelCol: str = "label",
        learningRate: float = 5.0e-5,
        loggingSteps: int = 10,
        lrSchedulerType: str = "linear",
        maxGradNorm: float = 1.0,
        maxLength: int = 128,
        maxSteps: int = -1,
        modelLocation: str = "embedded",
        numTrainEpochs: float = 3.0,
        numWorkers: int = 1,
        perWorkerBatchSize: int = 8,
        predictedLabelCol: str = "",
        predictedLabelsCol: str = "predictedLabels",
        predictionCol: str = "prediction",
        probabilityCol: str = "probability",
        rawPredictionCol: str = "rawPrediction",
        seed: int = 42,
        textCol: str = "text",
        textPairCol: str = "",
        threshold: float = 0.5,
        trainingPrecision: str = "fp32",
        truncation: str = "longest_first",
        validationFraction: float = 0.0,
        warmupRatio: float = 0.0,
        warmupSteps: int = 0,
        weightDecay: float = 0.0,
    ) -> "BertSequenceClassifier":
        """Sets params by name."""
        kwargs: Dict[str, Any] = self._input_kwargs
        return self._set(**kwargs)


class BertTokenClassifier(_BertEstimator, _TokenClassificationParams, _HasWordsAndTags, _TrainingParams):
    """Estimator for token-classification: named entities and tagging.

    Wraps the JVM class ``dev.sparkbert.training.BertTokenClassifier``; fits a BertTokenClassificationModel.
    """

    __module__ = "dev.sparkbert.training"
    _java_class = "dev.sparkbert.training.BertTokenClassifier"
    _model_class = "BertTokenClassificationModel"
    _not_shared_with_model = {"tagsCol"}

    @keyword_only
    def __init__(
        self, *,
        adamBeta1: float = 0.9,
        adamBeta2: float = 0.999,
        adamEpsilon: float = 1.0e-8,
        aggregationStrategy: str = "first",
        batchSize: int = 32,
        checkpointDir: str = "",
        checkpointSteps: int = 0,
        entitiesCol: str = "entities",
        evalSteps: int = 0,
        gradientAccumulationSteps: int = 1,
        handleInvalid: str = "error",
        learningRate: float = 5.0e-5,
        loggingSteps: int = 10,
        lrSchedulerType: str = "linear",
        maxGradNorm: float = 1.0,
        maxLength: int = 128,
        maxSteps: int = -1,
        modelLocation: str = "embedded",
        numTrainEpochs: float = 3.0,
        numWorkers: int = 1,
        perWorkerBatchSize: int = 8,
        seed: int = 42,
        tagsCol: str = "tags",
        textCol: str = "text",
        trainingPrecision: str = "fp32",
        truncation: str = "longest_first",
        validationFraction: float = 0.0,
        warmupRatio: float = 0.0,
        warmupSteps: int = 0,
        weightDecay: float = 0.0,
        wordsCol: str = "words",
    ) -> None:
        super().__init__()
        self._java_obj = self._new_java_obj(self._java_class, self.uid)
        self._setDefault(
            adamBeta1=0.9,
            adamBeta2=0.999,
            adamEpsilon=1.0e-8,
            aggregationStrategy="first",
            batchSize=32,
            checkpointDir="",
            checkpointSteps=0,
            entitiesCol="entities",
            evalSteps=0,
            gradientAccumulationSteps=1,
            handleInvalid="error",
            learningRate=5.0e-5,
            loggingSteps=10,
            lrSchedulerType="linear",
            maxGradNorm=1.0,
            maxLength=128,
            maxSteps=-1,
            modelLocation="embedded",
            numTrainEpochs=3.0,
            numWorkers=1,
            perWorkerBatchSize=8,
            seed=42,
            tagsCol="tags",
            textCol="text",
            trainingPrecision="fp32",
            truncation="longest_first",
            validationFraction=0.0,
            warmupRatio=0.0,
            warmupSteps=0,
            weightDecay=0.0,
            wordsCol="words",
        )
        kwargs = self._input_kwargs
        self.setParams(**kwargs)

    @keyword_only
    def setParams(
        self, *,
        adamBeta1: float = 0.9,
        adamBeta2: float = 0.999,
        adamEpsilon: float = 1.0e-8,
        aggregationStrategy: str = "first",
        batchSize: int = 32,
        checkpointDir: str = "",
        checkpointSteps: int = 0,
        entitiesCol: str = "entities",
        evalSteps: int = 0,
        gradientAccumulationSteps: int = 1,
        handleInvalid: str = "error",
        learningRate: float = 5.0e-5,
        loggingSteps: int = 10,
        lrSchedulerType: str = "linear",
        maxGradNorm: float = 1.0,
        maxLength: int = 128,
        maxSteps: int = -1,
        modelLocation: str = "embedded",
        numTrainEpochs: float = 3.0,
        numWorkers: int = 1,
        perWorkerBatchSize: int = 8,
        seed: int = 42,
        tagsCol: str = "tags",
        textCol: str = "text",
        trainingPrecision: str = "fp32",
        truncation: str = "longest_first",
        validationFraction: float = 0.0,
        warmupRatio: float = 0.0,
        warmupSteps: int = 0,
        weightDecay: float = 0.0,
        wordsCol: str = "words",
    ) -> "BertTokenClassifier":
        """Sets params by name."""
        kwargs: Dict[str, Any] = self._input_kwargs
        return self._set(**kwargs)


class BertQuestionAnswerer(_BertEstimator, _QuestionAnsweringParams, _HasAnswerTextCol, _TrainingParams):
    """Estimator for question-answering: extractive question answering (SQuAD).

    Wraps the JVM class ``dev.sparkbert.training.BertQuestionAnswerer``; fits a BertQuestionAnsweringModel.
    """

    __module__ = "dev.sparkbert.training"
    _java_class = "dev.sparkbert.training.BertQuestionAnswerer"
    _model_class = "BertQuestionAnsweringModel"

    answerStartCol: "Param[str]" = Param(
        Params._dummy(),
        "answerStartCol",
        "integer column: char offset of the answer in the context",
        typeConverter=TypeConverters.toString,
    )

    def getAnswerStartCol(self) -> str:
        """Gets the value of answerStartCol or its default value."""
        return self.getOrDefault(self.answerStartCol)

    def setAnswerStartCol(self, value: str) -> Any:
        """Sets the value of answerStartCol."""
        return self._set(answerStartCol=value)

    @keyword_only
    def __init__(
        self, *,
        adamBeta1: float = 0.9,
        adamBeta2: float = 0.999,
        adamEpsilon: float = 1.0e-8,
        answerCol: str = "answer",
        answerStartCol: str = "answer_start",
        answerTextCol: str = "answer_text",
        batchSize: int = 32,
        checkpointDir: str = "",
        checkpointSteps: int = 0,
        contextCol: str = "context",
        docStride: int = 128,
        evalSteps: int = 0,
        gradientAccumulationSteps: int = 1,
        handleImpossibleAnswer: bool = False,
        handleInvalid: str = "error",
        learningRate: float = 5.0e-5,
        loggingSteps: int = 10,
        lrSchedulerType: str = "linear",
        maxAnswerLength: int = 15,
        maxGradNorm: float = 1.0,
        maxLength: int = 384,
        maxSteps: int = -1,
        modelLocation: str = "embedded",
        numTrainEpochs: float = 3.0,
        numWorkers: int = 1,
        perWorkerBatchSize: int = 8,
        questionCol: str = "question",
        seed: int = 42,
        topAnswersCol: str = "answers",
        topK: int = 1,
        trainingPrecision: str = "fp32",
        truncation: str = "only_second",
        validationFraction: float = 0.0,
        warmupRatio: float = 0.0,
        warmupSteps: int = 0,
        weightDecay: float = 0.0,
    ) -> None:
        super().__init__()
        self._java_obj = self._new_java_obj(self._java_class, self.uid)
        self._setDefault(
            adamBeta1=0.9,
            adamBeta2=0.999,
            adamEpsilon=1.0e-8,
            answerCol="answer",
            answerStartCol="answer_start",
            answerTextCol="answer_text",
            batchSize=32,
            checkpointDir="",
            checkpointSteps=0,
            contextCol="context",
            docStride=128,
            evalSteps=0,
            gradientAccumulationSteps=1,
            handleImpossibleAnswer=False,
            handleInvalid="error",
            learningRate=5.0e-5,
            loggingSteps=10,
            lrSchedulerType="linear",
            maxAnswerLength=15,
            maxGradNorm=1.0,
            maxLength=384,
            maxSteps=-1,
            modelLocation="embedded",
            numTrainEpochs=3.0,
            numWorkers=1,
            perWorkerBatchSize=8,
            questionCol="question",
            seed=42,
            topAnswersCol="answers",
            topK=1,
            trainingPrecision="fp32",
            truncation="only_second",
            validationFraction=0.0,
            warmupRatio=0.0,
            warmupSteps=0,
            weightDecay=0.0,
        )
        kwargs = self._input_kwargs
        self.setParams(**kwargs)

    @keyword_only
    def setParams(
        self, *,
        adamBeta1: float = 0.9,
        adamBeta2: float = 0.999,
        adamEpsilon: float = 1.0e-8,
        answerCol: str = "answer",
        answerStartCol: str = "answer_start",
        answerTextCol: str = "answer_text",
        batchSize: int = 32,
        checkpointDir: str = "",
        checkpointSteps: int = 0,
        contextCol: str = "context",
        docStride: int = 128,
        evalSteps: int = 0,
        gradientAccumulationSteps: int = 1,
        handleImpossibleAnswer: bool = False,
        handleInvalid: str = "error",
        learningRate: float = 5.0e-5,
        loggingSteps: int = 10,
        lrSchedulerType: str = "linear",
        maxAnswerLength: int = 15,
        maxGradNorm: float = 1.0,
        maxLength: int = 384,
        maxSteps: int = -1,
        modelLocation: str = "embedded",
        numTrainEpochs: float = 3.0,
        numWorkers: int = 1,
        perWorkerBatchSize: int = 8,
        questionCol: str = "question",
        seed: int = 42,
        topAnswersCol: str = "answers",
        topK: int = 1,
        trainingPrecision: str = "fp32",
        truncation: str = "only_second",
        validationFraction: float = 0.0,
        warmupRatio: float = 0.0,
        warmupSteps: int = 0,
        weightDecay: float = 0.0,
    ) -> "BertQuestionAnswerer":
        """Sets params by name."""
        kwargs: Dict[str, Any] = self._input_kwargs
        return self._set(**kwargs)


class BertMultipleChoiceClassifier(_BertEstimator, _MultipleChoiceParams, _TrainingParams):
    """Estimator for multiple-choice: the best of several answers (SWAG, CommonsenseQA).

    Wraps the JVM class ``dev.sparkbert.training.BertMultipleChoiceClassifier``; fits a BertMultipleChoiceModel.
    """

    __module__ = "dev.sparkbert.training"
    _java_class = "dev.sparkbert.training.BertMultipleChoiceClassifier"
    _model_class = "BertMultipleChoiceModel"

    labelCol: "Param[str]" = Param(
        Params._dummy(),
        "labelCol",
        "integer column: index of the right choice",
        typeConverter=TypeConverters.toString,
    )

    def getLabelCol(self) -> str:
        """Gets the value of labelCol or its default value."""
        return self.getOrDefault(self.labelCol)

    def setLabelCol(self, value: str) -> Any:
        """Sets the value of labelCol."""
        return self._set(labelCol=value)

    @keyword_only
    def __init__(
        self, *,
        adamBeta1: float = 0.9,
        adamBeta2: float = 0.999,
        adamEpsilon: float = 1.0e-8,
        batchSize: int = 32,
        checkpointDir: str = "",
        checkpointSteps: int = 0,
        choicesCol: str = "choices",
        evalSteps: int = 0,
        gradientAccumulationSteps: int = 1,
        handleInvalid: str = "error",
        labelCol: str = "label",
        learningRate: float = 5.0e-5,
        loggingSteps: int = 10,
        lrSchedulerType: str = "linear",
        maxGradNorm: float = 1.0,
        maxLength: int = 128,
        maxSteps: int = -1,
        modelLocation: str = "embedded",
        numTrainEpochs: float = 3.0,
        numWorkers: int = 1,
        perWorkerBatchSize: int = 8,
        predictionCol: str = "prediction",
        probabilityCol: str = "probability",
        promptCol: str = "prompt",
        rawPredictionCol: str = "rawPrediction",
        seed: int = 42,
        trainingPrecision: str = "fp32",
        truncation: str = "longest_first",
        validationFraction: float = 0.0,
        warmupRatio: float = 0.0,
        warmupSteps: int = 0,
        weightDecay: float = 0.0,
    ) -> None:
        super().__init__()
        self._java_obj = self._new_java_obj(self._java_class, self.uid)
        self._setDefault(
            adamBeta1=0.9,
            adamBeta2=0.999,
            adamEpsilon=1.0e-8,
            batchSize=32,
            checkpointDir="",
            checkpointSteps=0,
            choicesCol="choices",
            evalSteps=0,
            gradientAccumulationSteps=1,
            handleInvalid="error",
            labelCol="label",
            learningRate=5.0e-5,
            loggingSteps=10,
            lrSchedulerType="linear",
            maxGradNorm=1.0,
            maxLength=128,
            maxSteps=-1,
            modelLocation="embedded",
            numTrainEpochs=3.0,
            numWorkers=1,
            perWorkerBatchSize=8,
            predictionCol="prediction",
            probabilityCol="probability",
            promptCol="prompt",
            rawPredictionCol="rawPrediction",
            seed=42,
            trainingPrecision="fp32",
            truncation="longest_first",
            validationFraction=0.0,
            warmupRatio=0.0,
            warmupSteps=0,
            weightDecay=0.0,
        )
        kwargs = self._input_kwargs
        self.setParams(**kwargs)

    @keyword_only
    def setParams(
        self, *,
        adamBeta1: float = 0.9,
        adamBeta2: float = 0.999,
        adamEpsilon: float = 1.0e-8,
        batchSize: int = 32,
        checkpointDir: str = "",
        checkpointSteps: int = 0,
        choicesCol: str = "choices",
        evalSteps: int = 0,
        gradientAccumulationSteps: int = 1,
        handleInvalid: str = "error",
        labelCol: str = "label",
        learningRate: float = 5.0e-5,
        loggingSteps: int = 10,
        lrSchedulerType: str = "linear",
        maxGradNorm: float = 1.0,
        maxLength: int = 128,
        maxSteps: int = -1,
        modelLocation: str = "embedded",
        numTrainEpochs: float = 3.0,
        numWorkers: int = 1,
        perWorkerBatchSize: int = 8,
        predictionCol: str = "prediction",
        probabilityCol: str = "probability",
        promptCol: str = "prompt",
        rawPredictionCol: str = "rawPrediction",
        seed: int = 42,
        trainingPrecision: str = "fp32",
        truncation: str = "longest_first",
        validationFraction: float = 0.0,
        warmupRatio: float = 0.0,
        warmupSteps: int = 0,
        weightDecay: float = 0.0,
    ) -> "BertMultipleChoiceClassifier":
        """Sets params by name."""
        kwargs: Dict[str, Any] = self._input_kwargs
        return self._set(**kwargs)


class BertPretrainer(_BertEstimator, _MaskedLMParams, _TrainingParams):
    """Estimator for fill-mask: masked-token candidates; trained by pretraining on documents.

    Wraps the JVM class ``dev.sparkbert.training.BertPretrainer``; fits a BertMaskedLMModel.
    """

    __module__ = "dev.sparkbert.training"
    _java_class = "dev.sparkbert.training.BertPretrainer"
    _model_class = "BertMaskedLMModel"

    fromScratch: "Param[bool]" = Param(
        Params._dummy(),
        "fromScratch",
        "start from newly initialised weights of the model's config instead of its weights",
        typeConverter=TypeConverters.toBoolean,
    )

    def getFromScratch(self) -> bool:
        """Gets the value of fromScratch or its default value."""
        return self.getOrDefault(self.fromScratch)

    def setFromScratch(self, value: bool) -> Any:
        """Sets the value of fromScratch."""
        return self._set(fromScratch=value)

    mlmProbability: "Param[float]" = Param(
        Params._dummy(),
        "mlmProbability",
        "share of tokens chosen for masked-LM prediction",
        typeConverter=TypeConverters.toFloat,
    )

    def getMlmProbability(self) -> float:
        """Gets the value of mlmProbability or its default value."""
        return self.getOrDefault(self.mlmProbability)

    def setMlmProbability(self, value: float) -> Any:
        """Sets the value of mlmProbability."""
        return self._set(mlmProbability=value)

    nextSentencePrediction: "Param[bool]" = Param(
        Params._dummy(),
        "nextSentencePrediction",
        "also train next-sentence prediction (BertForPreTraining); else masked LM only",
        typeConverter=TypeConverters.toBoolean,
    )

    def getNextSentencePrediction(self) -> bool:
        """Gets the value of nextSentencePrediction or its default value."""
        return self.getOrDefault(self.nextSentencePrediction)

    def setNextSentencePrediction(self, value: bool) -> Any:
        """Sets the value of nextSentencePrediction."""
        return self._set(nextSentencePrediction=value)

    staticMasking: "Param[bool]" = Param(
        Params._dummy(),
        "staticMasking",
        "draw each example's masks once, as the original BERT; else new masks every epoch, as HF's DataCollatorForLanguageModeling",
        typeConverter=TypeConverters.toBoolean,
    )

    def getStaticMasking(self) -> bool:
        """Gets the value of staticMasking or its default value."""
        return self.getOrDefault(self.staticMasking)

    def setStaticMasking(self, value: bool) -> Any:
        """Sets the value of staticMasking."""
        return self._set(staticMasking=value)

    wholeWordMask: "Param[bool]" = Param(
        Params._dummy(),
        "wholeWordMask",
        "choose whole words (a token and its ## continuations) for masking",
        typeConverter=TypeConverters.toBoolean,
    )

    def getWholeWordMask(self) -> bool:
        """Gets the value of wholeWordMask or its default value."""
        return self.getOrDefault(self.wholeWordMask)

    def setWholeWordMask(self, value: bool) -> Any:
        """Sets the value of wholeWordMask."""
        return self._set(wholeWordMask=value)

    @keyword_only
    def __init__(
        self, *,
        adamBeta1: float = 0.9,
        adamBeta2: float = 0.999,
        adamEpsilon: float = 1.0e-8,
        batchSize: int = 32,
        checkpointDir: str = "",
        checkpointSteps: int = 0,
        evalSteps: int = 0,
        fromScratch: bool = False,
        gradientAccumulationSteps: int = 1,
        handleInvalid: str = "error",
        learningRate: float = 5.0e-5,
        loggingSteps: int = 10,
        lrSchedulerType: str = "linear",
        maskToken: str = "[MASK]",
        maxGradNorm: float = 1.0,
        maxLength: int = 128,
        maxSteps: int = -1,
        mlmProbability: float = 0.15,
        modelLocation: str = "embedded",
        nextSentencePrediction: bool = True,
        numTrainEpochs: float = 3.0,
        numWorkers: int = 1,
        outputCol: str = "fills",
        perWorkerBatchSize: int = 8,
        seed: int = 42,
        staticMasking: bool = False,
        textCol: str = "text",
        topK: int = 5,
        trainingPrecision: str = "fp32",
        truncation: str = "longest_first",
        validationFraction: float = 0.0,
        warmupRatio: float = 0.0,
        warmupSteps: int = 0,
        weightDecay: float = 0.0,
        wholeWordMask: bool = False,
    ) -> None:
        super().__init__()
        self._java_obj = self._new_java_obj(self._java_class, self.uid)
        self._setDefault(
            adamBeta1=0.9,
            adamBeta2=0.999,
            adamEpsilon=1.0e-8,
            batchSize=32,
            checkpointDir="",
            checkpointSteps=0,
            evalSteps=0,
            fromScratch=False,
            gradientAccumulationSteps=1,
            handleInvalid="error",
            learningRate=5.0e-5,
            loggingSteps=10,
            lrSchedulerType="linear",
            maskToken="[MASK]",
            maxGradNorm=1.0,
            maxLength=128,
            maxSteps=-1,
            mlmProbability=0.15,
            modelLocation="embedded",
            nextSentencePrediction=True,
            numTrainEpochs=3.0,
            numWorkers=1,
            outputCol="fills",
            perWorkerBatchSize=8,
            seed=42,
            staticMasking=False,
            textCol="text",
            topK=5,
            trainingPrecision="fp32",
            truncation="longest_first",
            validationFraction=0.0,
            warmupRatio=0.0,
            warmupSteps=0,
            weightDecay=0.0,
            wholeWordMask=False,
        )
        kwargs = self._input_kwargs
        self.setParams(**kwargs)

    @keyword_only
    def setParams(
        self, *,
        adamBeta1: float = 0.9,
        adamBeta2: float = 0.999,
        adamEpsilon: float = 1.0e-8,
        batchSize: int = 32,
        checkpointDir: str = "",
        checkpointSteps: int = 0,
        evalSteps: int = 0,
        fromScratch: bool = False,
        gradientAccumulationSteps: int = 1,
        handleInvalid: str = "error",
        learningRate: float = 5.0e-5,
        loggingSteps: int = 10,
        lrSchedulerType: str = "linear",
        maskToken: str = "[MASK]",
        maxGradNorm: float = 1.0,
        maxLength: int = 128,
        maxSteps: int = -1,
        mlmProbability: float = 0.15,
        modelLocation: str = "embedded",
        nextSentencePrediction: bool = True,
        numTrainEpochs: float = 3.0,
        numWorkers: int = 1,
        outputCol: str = "fills",
        perWorkerBatchSize: int = 8,
        seed: int = 42,
        staticMasking: bool = False,
        textCol: str = "text",
        topK: int = 5,
        trainingPrecision: str = "fp32",
        truncation: str = "longest_first",
        validationFraction: float = 0.0,
        warmupRatio: float = 0.0,
        warmupSteps: int = 0,
        weightDecay: float = 0.0,
        wholeWordMask: bool = False,
    ) -> "BertPretrainer":
        """Sets params by name."""
        kwargs: Dict[str, Any] = self._input_kwargs
        return self._set(**kwargs)


class EntityEvaluator(_BertEvaluator, _HasWordsAndTags, _HasTextCol, _HasEntitiesCol):
    """Evaluator for token-classification: named entities and tagging.

    Wraps the JVM class ``dev.sparkbert.ml.evaluation.EntityEvaluator``; scores a BertTokenClassificationModel's output.
    """

    __module__ = "dev.sparkbert.ml.evaluation"
    _java_class = "dev.sparkbert.ml.evaluation.EntityEvaluator"

    metricName: "Param[str]" = Param(
        Params._dummy(),
        "metricName",
        "metric evaluate returns: entity-level F1, precision or recall (fractions, as seqeval) (f1, precision, recall)",
        typeConverter=TypeConverters.toString,
    )

    def getMetricName(self) -> str:
        """Gets the value of metricName or its default value."""
        return self.getOrDefault(self.metricName)

    def setMetricName(self, value: str) -> Any:
        """Sets the value of metricName."""
        return self._set(metricName=value)

    @keyword_only
    def __init__(
        self, *,
        entitiesCol: str = "entities",
        metricName: str = "f1",
        tagsCol: str = "tags",
        textCol: str = "text",
        wordsCol: str = "words",
    ) -> None:
        super().__init__()
        self._java_obj = self._new_java_obj(self._java_class, self.uid)
        self._setDefault(
            entitiesCol="entities",
            metricName="f1",
            tagsCol="tags",
            textCol="text",
            wordsCol="words",
        )
        kwargs = self._input_kwargs
        self.setParams(**kwargs)

    @keyword_only
    def setParams(
        self, *,
        entitiesCol: str = "entities",
        metricName: str = "f1",
        tagsCol: str = "tags",
        textCol: str = "text",
        wordsCol: str = "words",
    ) -> "EntityEvaluator":
        """Sets params by name."""
        kwargs: Dict[str, Any] = self._input_kwargs
        return self._set(**kwargs)


class QuestionAnsweringEvaluator(_BertEvaluator, _HasAnswerCol, _HasAnswerTextCol):
    """Evaluator for question-answering: extractive question answering (SQuAD).

    Wraps the JVM class ``dev.sparkbert.ml.evaluation.QuestionAnsweringEvaluator``; scores a BertQuestionAnsweringModel's output.
    """

    __module__ = "dev.sparkbert.ml.evaluation"
    _java_class = "dev.sparkbert.ml.evaluation.QuestionAnsweringEvaluator"

    metricName: "Param[str]" = Param(
        Params._dummy(),
        "metricName",
        "metric evaluate returns: SQuAD token F1 or exact match (percent, as the official script) (f1, exactMatch)",
        typeConverter=TypeConverters.toString,
    )

    def getMetricName(self) -> str:
        """Gets the value of metricName or its default value."""
        return self.getOrDefault(self.metricName)

    def setMetricName(self, value: str) -> Any:
        """Sets the value of metricName."""
        return self._set(metricName=value)

    @keyword_only
    def __init__(
        self, *,
        answerCol: str = "answer",
        answerTextCol: str = "answer_text",
        metricName: str = "f1",
    ) -> None:
        super().__init__()
        self._java_obj = self._new_java_obj(self._java_class, self.uid)
        self._setDefault(
            answerCol="answer",
            answerTextCol="answer_text",
            metricName="f1",
        )
        kwargs = self._input_kwargs
        self.setParams(**kwargs)

    @keyword_only
    def setParams(
        self, *,
        answerCol: str = "answer",
        answerTextCol: str = "answer_text",
        metricName: str = "f1",
    ) -> "QuestionAnsweringEvaluator":
        """Sets params by name."""
        kwargs: Dict[str, Any] = self._input_kwargs
        return self._set(**kwargs)

__all__ = ["BertSequenceClassificationModel", "BertTokenClassificationModel", "BertQuestionAnsweringModel", "BertMultipleChoiceModel", "BertMaskedLMModel", "BertNextSentenceModel", "BertCausalLMModel", "BertEmbeddingModel", "BertSequenceClassifier", "BertTokenClassifier", "BertQuestionAnswerer", "BertMultipleChoiceClassifier", "BertPretrainer", "EntityEvaluator", "QuestionAnsweringEvaluator"]
