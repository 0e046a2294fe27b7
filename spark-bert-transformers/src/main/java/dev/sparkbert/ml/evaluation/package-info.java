/**
 * Spark ML evaluators of the tasks whose standard metric MLlib lacks: entity-level F1 of token
 * classification (seqeval) and SQuAD exact match and F1 of question answering, for MLlib's tuning
 * ({@code CrossValidator}, {@code TrainValidationSplit}) and for scoring a model's output.
 * Classification is scored by MLlib's own {@code MulticlassClassificationEvaluator}.
 */
package dev.sparkbert.ml.evaluation;
