/**
 * Spark ML estimators that fine-tune and pretrain BERT with synchronized data parallelism in a
 * barrier stage (issue 4). Not implemented yet.
 */
package dev.sparkbert.training;
