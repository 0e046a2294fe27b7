package dev.sparkbert.core.nn;

import ai.djl.nn.Block;

/**
 * A block that only groups named submodules, for HF modules whose forward pass their parent runs
 * (such as {@code cls.predictions.transform}).
 */
public final class ModuleContainer extends HfBlock {

    /** Adds a submodule under its HF name and returns it. */
    public <B extends Block> B add(String hfName, B block) {
        return addModule(hfName, block);
    }
}
