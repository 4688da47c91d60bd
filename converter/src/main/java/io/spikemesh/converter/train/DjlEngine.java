package io.spikemesh.converter.train;

import ai.djl.engine.Engine;

/** Loads the PyTorch engine once, offline, with a sensible thread count for a small machine. */
public final class DjlEngine {
    public static final String NAME = "PyTorch";

    private DjlEngine() {
    }

    /**
     * Returns the engine; the first call fixes PyTorch's thread counts (they are read when the native library loads),
     * unless the user set the {@code ai.djl.pytorch.num_threads} properties already.
     */
    public static synchronized Engine get(int threads) {
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        }
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        return Engine.getEngine(NAME);
    }
}
