package io.spikemesh.runtime.network;

import io.spikemesh.runtime.kernel.Synapses;

/**
 * A compiled projection into a neuron or output layer: its source (a layer index, or {@link Network#INPUT}) and its
 * synapses in internal order on both sides. A projection from a flatten layer is compiled to come straight from the
 * flatten's source, with the dense weights permuted to that layer's internal order.
 */
public final class CompiledProjection {
    private final int sourceIndex;
    private final String sourceName;
    private final String declaredSource;
    private final int targetIndex;
    private final Synapses synapses;

    CompiledProjection(int sourceIndex, String sourceName, String declaredSource, int targetIndex, Synapses synapses) {
        this.sourceIndex = sourceIndex;
        this.sourceName = sourceName;
        this.declaredSource = declaredSource;
        this.targetIndex = targetIndex;
        this.synapses = synapses;
    }

    /** Index of the source layer in the network, or {@link Network#INPUT}. */
    public int sourceIndex() {
        return sourceIndex;
    }

    /** Whether this projection carries the raw sample (its current is computed once per sample). */
    public boolean fromInput() {
        return sourceIndex == Network.INPUT;
    }

    /** Name of the layer whose neurons are the presynaptic side (flatten layers resolved), or {@code "input"}. */
    public String sourceName() {
        return sourceName;
    }

    /** The source as written in the model file (may be a flatten layer). */
    public String declaredSource() {
        return declaredSource;
    }

    /** Index of the layer this projection feeds. */
    public int targetIndex() {
        return targetIndex;
    }

    public Synapses synapses() {
        return synapses;
    }

    @Override
    public String toString() {
        return sourceName + " -> #" + targetIndex + " (" + synapses.getClass().getSimpleName() + ")";
    }
}
