/**
 * Spark ML estimators that fine-tune and pretrain BERT with synchronized data parallelism: one
 * barrier stage, one replica per task, gradients all-reduced every step ({@code distributed});
 * training params in groups ({@code param}); how rows become examples ({@code data}); metrics,
 * evaluators and training curves ({@code report}).
 */
package dev.sparkbert.training;
