package dev.sparkbert.training.distributed;

import java.io.IOException;

/**
 * Something a replica does around its steps (HF's {@code TrainerCallback}): report progress,
 * evaluate, compare replicas, write checkpoints. Every replica calls every listener at the same
 * points; a listener that talks to the other replicas must do so on all of them.
 */
interface TrainingListener {

    /** After each optimizer step, once its record is in the history. */
    default void onStepEnd(ReplicaState state, StepRecord step) throws IOException {}

    /** After the last step. */
    default void onTrainEnd(ReplicaState state) throws IOException {}
}
