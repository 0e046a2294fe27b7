package dev.sparkbert.core.weights;

/** A weight file that cannot be what it claims: truncated, inconsistent or of an unknown type. */
public final class CorruptCheckpointException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public CorruptCheckpointException(String message) {
        super(message);
    }
}
