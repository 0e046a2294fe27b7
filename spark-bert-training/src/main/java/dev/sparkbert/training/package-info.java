/**
 * Spark ML estimators that fine-tune and pretrain BERT with synchronized data parallelism: one
 * barrier stage, one replica per task, gradients summed and the update shared every step
 * ({@code distributed}); the replicas' authenticated (and, when Spark encrypts, TLS) links: ring
 * all-reduce and progress to the driver ({@code comm}); training params in groups ({@code param});
 * how rows become examples ({@code data}); metrics, evaluators, training curves and live progress
 * ({@code report}).
 */
package dev.sparkbert.training;
