package io.spikemesh.runtime.network;

import io.spikemesh.runtime.neuron.QffsNeurons;
import java.util.Arrays;
import java.util.List;

/** A compiled QFFS neuron layer: threshold, membrane start, bias (internal order) and its incoming projections. */
public final class SpikingLayer extends CompiledLayer {
    private final long threshold;
    private final long membraneStart;
    private final long[] bias;
    private final List<CompiledProjection> projections;

    SpikingLayer(int index, String name, Layout layout, long threshold, long membraneStart, long[] internalBias,
                 List<CompiledProjection> projections) {
        super(index, name, layout);
        this.threshold = threshold;
        this.membraneStart = membraneStart;
        this.bias = internalBias;
        this.projections = List.copyOf(projections);
    }

    @Override
    public Kind kind() {
        return Kind.NEURON;
    }

    /** Θ, in this layer's fixed-point scale. */
    public long threshold() {
        return threshold;
    }

    public long membraneStart() {
        return membraneStart;
    }

    /** Bias per input step of internal neuron {@code neuron}. */
    public long bias(int neuron) {
        return bias[neuron];
    }

    /** Incoming projections; several sum (a residual join). */
    public List<CompiledProjection> projections() {
        return projections;
    }

    /** Fresh neuron state for the internal range {@code [lo, hi)} of this layer (e.g. one partition). */
    public QffsNeurons neurons(int lo, int hi) {
        return new QffsNeurons(threshold, membraneStart, Arrays.copyOfRange(bias, lo, hi), lo, hi);
    }
}
