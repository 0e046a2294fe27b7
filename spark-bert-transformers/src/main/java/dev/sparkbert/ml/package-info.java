/**
 * Spark ML inference stages over spark-bert-core's heads: one {@code Model} per head ({@code
 * classification}, {@code token}, {@code qa}, {@code choice}, {@code lm}, {@code embedding}), each
 * with a params interface it shares with its estimator; {@code param} holds the shared params and
 * schema checks, {@code exec} the executor side (one model load per JVM, length-bucketed batches,
 * the job's Hadoop configuration), {@code io} save and load, {@code evaluation} the task
 * metrics MLlib lacks as evaluators.
 */
package dev.sparkbert.ml;
