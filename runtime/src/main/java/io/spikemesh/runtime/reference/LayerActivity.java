package io.spikemesh.runtime.reference;

import io.spikemesh.runtime.network.CompiledLayer;

/**
 * What one layer did during one sample.
 *
 * @param name                the layer's name
 * @param kind                neuron, max-pool or output
 * @param positiveSpikes      +1 spikes the layer emitted (for a pool: increases of a window maximum)
 * @param negativeSpikes      -1 spikes the layer emitted
 * @param synapticOperations  SynOps caused by this layer's spikes: for every spike, the number of synapses it reached
 *                            in all projections it feeds. Pooling a spike is not a SynOp (a pool has no synapses), and
 *                            neither is the input current (computed once per sample, see
 *                            {@link SimulationResult#inputAccumulations()}); the output layer never spikes, so 0.
 * @param netCounts           final net spike count per neuron, in MODEL order (empty for the output layer; see
 *                            {@link SimulationResult#outputPotentials()})
 */
public record LayerActivity(String name, CompiledLayer.Kind kind, long positiveSpikes, long negativeSpikes,
                            long synapticOperations, int[] netCounts) {

    /** Positive plus negative spikes: what travels on the wire. */
    public long spikes() {
        return positiveSpikes + negativeSpikes;
    }
}
