package dev.sparkbert.core.util;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/** Copying values into an existing array without changing where its data lives. */
public final class InPlace {

    private InPlace() {}

    /**
     * Copies {@code source} into {@code target} (same shape), element by element into target's own
     * storage.
     *
     * <p>Never {@code NDArray.set(Buffer)} on a gradient or a temporary view: DJL's PyTorch engine
     * makes the tensor point at the Java buffer and keeps the buffer alive only through that Java
     * object, so once the view is closed the tensor's memory is freed under it (a JVM crash in a
     * later memcpy, seen when training MiniLM; gradients copied from Java arrays were corrupted the
     * same way once the garbage collector freed the buffers).
     */
    public static void copy(NDArray target, NDArray source) {
        if (!target.getShape().equals(source.getShape())) {
            throw new IllegalArgumentException("cannot copy " + source.getShape() + " into " + target.getShape());
        }
        // A native copy first: arrays made from Java data alias the Java buffer, and an indexed set
        // may share the source's storage; storage owned by PyTorch stays alive for as long as needed.
        try (NDArray owned = source.duplicate()) {
            if (target.getShape().dimension() == 0) {
                target.muli(0).addi(owned);
            } else {
                target.set(new NDIndex(":"), owned);
            }
        }
    }
}
