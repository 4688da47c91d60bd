package io.spikemesh.runtime.partition;

import io.spikemesh.runtime.network.CompiledLayer;

/**
 * A contiguous range {@code [lo, hi)} of one layer's neurons in internal order, owned by one actor — the runtime's
 * counterpart of a neuromorphic core.
 *
 * @param id         global id, {@code 0..partitions-1}, numbered layer by layer in topological order
 * @param layerIndex index of the owning layer in the compiled network
 * @param layerName  name of the owning layer
 * @param kind       what the layer does each step
 * @param lo         first neuron (internal order, inclusive)
 * @param hi         one past the last neuron
 */
public record Partition(int id, int layerIndex, String layerName, CompiledLayer.Kind kind, int lo, int hi) {
    public int size() {
        return hi - lo;
    }

    @Override
    public String toString() {
        return "P" + id + " (" + layerName + " [" + lo + ", " + hi + "))";
    }
}
