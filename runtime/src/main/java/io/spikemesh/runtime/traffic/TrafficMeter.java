package io.spikemesh.runtime.traffic;

import io.spikemesh.runtime.network.Network;
import io.spikemesh.runtime.partition.Partition;
import io.spikemesh.runtime.partition.PartitionPlan;
import io.spikemesh.runtime.partition.RoutingTable;
import java.util.function.Function;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Live traffic counters of a run: per link (partition → partition) frames, +spikes, −spikes and bytes; per layer
 * +spikes, −spikes and synaptic operations; back-pressure events. They are Agrona/Aeron counters, so with an Aeron
 * transport they live in the media driver's counters file and AeronStat shows them while the run goes (the in-JVM
 * transport keeps them in a private counters buffer). Reports read the same counters at the end.
 *
 * <p>Writers: a link's counters only by its source partition's actor (single writer, release stores); a layer's
 * counters by several partitions (atomic adds, once per step, never per spike).
 */
public final class TrafficMeter {
    private final Long2ObjectHashMap<LinkCounters> links = new Long2ObjectHashMap<>();
    private final LayerCounters[] layers;
    private final AtomicCounter backPressure;
    private final PartitionPlan plan;
    private final RoutingTable routing;
    private final Network network;

    /**
     * @param newCounter allocates a counter with a label (AeronMedia::newCounter or a {@link LocalCounters})
     */
    public TrafficMeter(Network network, PartitionPlan plan, RoutingTable routing,
                        Function<String, AtomicCounter> newCounter) {
        this.network = network;
        this.plan = plan;
        this.routing = routing;
        this.backPressure = newCounter.apply("spikemesh back-pressure events");
        this.layers = new LayerCounters[network.layers().size()];
        for (int l = 0; l < layers.length; l++) {
            String name = network.layer(l).name();
            layers[l] = new LayerCounters(newCounter.apply("spikemesh layer " + name + " +spikes"),
                    newCounter.apply("spikemesh layer " + name + " -spikes"),
                    newCounter.apply("spikemesh layer " + name + " synops"));
        }
        for (Partition p : plan.partitions()) {
            for (int d : routing.destinations(p.id())) {
                String link = "spikemesh link P" + p.id() + "->P" + d;
                links.put(key(p.id(), d), new LinkCounters(newCounter.apply(link + " frames"),
                        newCounter.apply(link + " +spikes"), newCounter.apply(link + " -spikes"),
                        newCounter.apply(link + " bytes")));
            }
        }
    }

    /** Counters needed for a plan: what a counters buffer must hold. */
    public static int counterCount(Network network, RoutingTable routing) {
        return 1 + 3 * network.layers().size() + 4 * routing.linkCount();
    }

    private static long key(int source, int destination) {
        return ((long) source << 32) | destination;
    }

    public LinkCounters link(int source, int destination) {
        LinkCounters counters = links.get(key(source, destination));
        if (counters == null) {
            throw new IllegalArgumentException("no link P" + source + " -> P" + destination + " in the routing table");
        }
        return counters;
    }

    public LayerCounters layer(int layerIndex) {
        return layers[layerIndex];
    }

    public AtomicCounter backPressureCounter() {
        return backPressure;
    }

    public Network network() {
        return network;
    }

    public PartitionPlan plan() {
        return plan;
    }

    public RoutingTable routing() {
        return routing;
    }

    /** Counters of one link; written only by the source partition. */
    public record LinkCounters(AtomicCounter frames, AtomicCounter positive, AtomicCounter negative,
                               AtomicCounter bytes) {
        public void record(int positiveSpikes, int negativeSpikes, int frameBytes) {
            frames.incrementRelease();
            if (positiveSpikes != 0) {
                positive.getAndAddRelease(positiveSpikes);
            }
            if (negativeSpikes != 0) {
                negative.getAndAddRelease(negativeSpikes);
            }
            bytes.getAndAddRelease(frameBytes);
        }
    }

    /** Counters of one layer; written by all its partitions (and, for synops, by the partitions it feeds). */
    public record LayerCounters(AtomicCounter positive, AtomicCounter negative, AtomicCounter synapticOperations) {
    }
}
