package io.spikemesh.runtime.partition;

import io.spikemesh.protocol.SpikemeshException;
import io.spikemesh.runtime.network.CompiledLayer;
import io.spikemesh.runtime.network.Layout;
import io.spikemesh.runtime.network.Network;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Splits every compiled layer into partitions of at most N neurons, each a contiguous range of the layer's internal
 * order, like neurons mapped onto the cores of a chip.
 *
 * <p>The unit of splitting is the largest of these that fits in N:
 * <ul>
 *   <li>3-D layers (internal order {@code [H, W, C]}): whole pixel rows with all their channels, i.e. horizontal
 *   tiles of {@code floor(N / (W·C))} rows; when one row is larger than N, runs of whole pixels (all channels) of
 *   {@code floor(N / C)}; when even one pixel's channels exceed N, plain runs of N neurons.</li>
 *   <li>1-D layers (dense, output): runs of N neurons.</li>
 * </ul>
 * Row tiles keep conv routing tight: a source pixel's kernel reaches a band of whole rows, so every tile inside the
 * hull of its targets really has synapses from it, and a tile talks only to the tiles above and below. The last
 * partition of a layer takes the remainder.
 */
public final class Partitioner {
    private Partitioner() {
    }

    /** The partitions of every layer of {@code network}, numbered layer by layer. */
    public static PartitionPlan partition(Network network, int maxNeurons) {
        if (maxNeurons < 1) {
            throw new SpikemeshException("partition size must be at least 1 neuron, got " + maxNeurons
                    + "; it is the number of neurons per partition (like neurons per core)");
        }
        List<Partition> all = new ArrayList<>();
        List<List<Partition>> byLayer = new ArrayList<>();
        for (CompiledLayer layer : network.layers()) {
            int unit = unit(layer.layout(), maxNeurons);
            List<Partition> parts = new ArrayList<>();
            for (int lo = 0; lo < layer.size(); lo += unit) {
                Partition p = new Partition(all.size(), layer.index(), layer.name(), layer.kind(), lo,
                        Math.min(layer.size(), lo + unit));
                parts.add(p);
                all.add(p);
            }
            byLayer.add(Collections.unmodifiableList(parts));
        }
        return new PartitionPlan(maxNeurons, all, byLayer);
    }

    /** Neurons per partition: a multiple of a row or a pixel when that fits in {@code max}, see the class comment. */
    static int unit(Layout layout, int max) {
        if (layout.isChannelLast()) {
            int row = layout.width() * layout.channels();
            if (row <= max) {
                return (max / row) * row;
            }
            if (layout.channels() <= max) {
                return (max / layout.channels()) * layout.channels();
            }
        }
        return max;
    }
}
