package io.spikemesh.runtime.network;

import io.spikemesh.runtime.neuron.Readout;
import java.util.Arrays;
import java.util.List;

/** The compiled output layer: accumulates, never spikes; the prediction is the argmax of its potentials. */
public final class ReadoutLayer extends CompiledLayer {
    private final long[] bias;
    private final List<CompiledProjection> projections;

    ReadoutLayer(int index, String name, Layout layout, long[] bias, List<CompiledProjection> projections) {
        super(index, name, layout);
        this.bias = bias;
        this.projections = List.copyOf(projections);
    }

    @Override
    public Kind kind() {
        return Kind.OUTPUT;
    }

    /** Bias per input step of output {@code neuron}. */
    public long bias(int neuron) {
        return bias[neuron];
    }

    public List<CompiledProjection> projections() {
        return projections;
    }

    /** Fresh readout state for the range {@code [lo, hi)} of the outputs. */
    public Readout readout(int lo, int hi) {
        return new Readout(Arrays.copyOfRange(bias, lo, hi), lo, hi);
    }
}
