package io.spikemesh.runtime.partition;

import java.util.List;

/** The partitions of a network: all of them by global id, and per layer in neuron order. */
public final class PartitionPlan {
    private final int maxNeurons;
    private final List<Partition> partitions;
    private final List<List<Partition>> byLayer;

    PartitionPlan(int maxNeurons, List<Partition> partitions, List<List<Partition>> byLayer) {
        this.maxNeurons = maxNeurons;
        this.partitions = List.copyOf(partitions);
        this.byLayer = List.copyOf(byLayer);
    }

    /** N, the most neurons any partition has. */
    public int maxNeurons() {
        return maxNeurons;
    }

    /** All partitions, index = global id. */
    public List<Partition> partitions() {
        return partitions;
    }

    public Partition partition(int id) {
        return partitions.get(id);
    }

    public int size() {
        return partitions.size();
    }

    /** Partitions of layer {@code layerIndex}, ascending ranges covering the layer. */
    public List<Partition> ofLayer(int layerIndex) {
        return byLayer.get(layerIndex);
    }

    /** The partition of layer {@code layerIndex} that owns internal neuron {@code neuron}. */
    public Partition owner(int layerIndex, int neuron) {
        List<Partition> parts = byLayer.get(layerIndex);
        int low = 0;
        int high = parts.size() - 1;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (parts.get(mid).lo() <= neuron) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return parts.get(low);
    }
}
