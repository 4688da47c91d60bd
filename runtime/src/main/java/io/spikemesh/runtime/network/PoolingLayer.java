package io.spikemesh.runtime.network;

import io.spikemesh.runtime.kernel.MaxPoolKernel;

/** A compiled max-pool layer: its source layer and the pooling kernel (both sides channel-last). */
public final class PoolingLayer extends CompiledLayer {
    private final int sourceIndex;
    private final MaxPoolKernel kernel;

    PoolingLayer(int index, String name, Layout layout, int sourceIndex, MaxPoolKernel kernel) {
        super(index, name, layout);
        this.sourceIndex = sourceIndex;
        this.kernel = kernel;
    }

    @Override
    public Kind kind() {
        return Kind.MAX_POOL;
    }

    /** Index of the pooled layer (a neuron or max-pool layer). */
    public int sourceIndex() {
        return sourceIndex;
    }

    public MaxPoolKernel kernel() {
        return kernel;
    }
}
