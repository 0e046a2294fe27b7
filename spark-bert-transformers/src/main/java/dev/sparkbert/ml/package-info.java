/**
 * Spark ML stages over spark-bert-core's heads (issue 3): one {@code Model} per head, run on
 * executors in length-bucketed batches. Not implemented yet.
 */
package dev.sparkbert.ml;
