package io.spikemesh.runtime.partition;

import io.spikemesh.runtime.kernel.MaxPoolKernel;
import io.spikemesh.runtime.kernel.Synapses;
import io.spikemesh.runtime.network.CompiledLayer;
import io.spikemesh.runtime.network.CompiledProjection;
import io.spikemesh.runtime.network.Network;
import io.spikemesh.runtime.network.PoolingLayer;
import io.spikemesh.runtime.network.ReadoutLayer;
import io.spikemesh.runtime.network.SpikingLayer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Which partitions receive the spikes of which partition — multicast routing, like SpiNNaker routing keys.
 *
 * <p>A destination is listed for a source partition when some neuron of the source reaches, through a projection or
 * a max-pool window, a target inside the destination's range; the reach of a neuron is the hull
 * {@code [targetLo, targetHi)} its kernel reports. Every listed link carries exactly one frame per sample and step
 * (empty when nothing fired), and no frame goes anywhere else.
 */
public final class RoutingTable {
    private final int[][] destinations;
    private final int[][] sources;
    private final int links;

    private RoutingTable(int[][] destinations, int[][] sources) {
        this.destinations = destinations;
        this.sources = sources;
        int count = 0;
        for (int[] d : destinations) {
            count += d.length;
        }
        this.links = count;
    }

    /** Routes for every partition of {@code plan}. */
    public static RoutingTable build(Network network, PartitionPlan plan) {
        int n = plan.size();
        BitSet[] out = new BitSet[n];
        for (Partition source : plan.partitions()) {
            BitSet targets = new BitSet(n);
            for (int consumer : network.consumersOf(source.layerIndex())) {
                CompiledLayer layer = network.layer(consumer);
                if (layer instanceof PoolingLayer pool) {
                    MaxPoolKernel kernel = pool.kernel();
                    for (int s = source.lo(); s < source.hi(); s++) {
                        mark(plan, consumer, kernel.targetLo(s), kernel.targetHi(s), targets);
                    }
                } else {
                    for (CompiledProjection projection : projections(layer)) {
                        if (projection.sourceIndex() != source.layerIndex()) {
                            continue;
                        }
                        Synapses synapses = projection.synapses();
                        for (int s = source.lo(); s < source.hi(); s++) {
                            mark(plan, consumer, synapses.targetLo(s), synapses.targetHi(s), targets);
                        }
                    }
                }
            }
            out[source.id()] = targets;
        }
        int[][] destinations = new int[n][];
        List<List<Integer>> in = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            in.add(new ArrayList<>());
        }
        for (int s = 0; s < n; s++) {
            destinations[s] = out[s].stream().toArray();
            for (int d : destinations[s]) {
                in.get(d).add(s);
            }
        }
        int[][] sources = new int[n][];
        for (int d = 0; d < n; d++) {
            sources[d] = in.get(d).stream().mapToInt(Integer::intValue).toArray();
        }
        return new RoutingTable(destinations, sources);
    }

    /** The incoming projections of a neuron or output layer (none for a max-pool). */
    public static List<CompiledProjection> projections(CompiledLayer layer) {
        if (layer instanceof SpikingLayer spiking) {
            return spiking.projections();
        }
        if (layer instanceof ReadoutLayer readout) {
            return readout.projections();
        }
        return List.of();
    }

    private static void mark(PartitionPlan plan, int layer, int targetLo, int targetHi, BitSet targets) {
        if (targetLo >= targetHi) {
            return;
        }
        int first = plan.owner(layer, targetLo).id();
        int last = plan.owner(layer, targetHi - 1).id();
        targets.set(first, last + 1);
    }

    /** Partitions that receive the frames of {@code source}, ascending. */
    public int[] destinations(int source) {
        return destinations[source].clone();
    }

    /** Partitions whose frames {@code destination} waits for each step, ascending. */
    public int[] sources(int destination) {
        return sources[destination].clone();
    }

    /** Number of links (source, destination) in the table. */
    public int linkCount() {
        return links;
    }
}
