package io.spikemesh.runtime.coordinator;

import java.util.List;

/**
 * The result of one sample run through the partitioned network.
 *
 * @param sampleId         position of the sample in submission order, from 0
 * @param prediction       argmax of the output potentials (lowest index on ties)
 * @param outputPotentials the output layer's potentials after T steps, in output order
 * @param layers           per layer (topological order): spikes and the synaptic operations its spikes caused
 * @param latencyNs        from injecting the sample until every partition had finished it
 */
public record Prediction(long sampleId, int prediction, long[] outputPotentials, List<LayerCounts> layers,
                         long latencyNs) {

    /** What one layer did for one sample; the same quantities as the reference simulator's LayerActivity. */
    public record LayerCounts(String name, long positiveSpikes, long negativeSpikes, long synapticOperations) {
    }

    public long totalSpikes() {
        return layers.stream().mapToLong(l -> l.positiveSpikes() + l.negativeSpikes()).sum();
    }

    public long totalSynapticOperations() {
        return layers.stream().mapToLong(LayerCounts::synapticOperations).sum();
    }
}
