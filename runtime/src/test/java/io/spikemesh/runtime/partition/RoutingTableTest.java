package io.spikemesh.runtime.partition;

import static io.spikemesh.runtime.ModelBuilder.conv;
import static io.spikemesh.runtime.ModelBuilder.dense;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spikemesh.runtime.ModelBuilder;
import io.spikemesh.runtime.network.Network;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RoutingTableTest {

    private static int[] ones(int n) {
        int[] w = new int[n];
        Arrays.fill(w, 1);
        return w;
    }

    @Test
    void shouldRouteConvTilesOnlyToTheTilesTheirKernelsReach() {
        // [1, 6, 6] → 3×3 conv, padding 1 → [1, 6, 6] → 2×2 max-pool → [1, 3, 3] → out.
        Network network = Network.compile(new ModelBuilder(3, 1, 6, 6)
                .neurons("a", new int[] {1, 6, 6}, 4, 2, null, dense("input", ones(36 * 36)))
                .neurons("b", new int[] {1, 6, 6}, 4, 2, null, conv("a", 1, 1, 3, 1, 1, ones(9)))
                .maxPool("p", "b", 2, 2, 0)
                .flatten("f", "p")
                .output("out", 2, null, dense("f", ones(18)))
                .build());
        // Tiles of 2 rows (12 neurons): a = P0..P2, b = P3..P5; p (9 neurons) = P6; out = P7.
        PartitionPlan plan = Partitioner.partition(network, 12);
        assertEquals(8, plan.size());
        RoutingTable routing = RoutingTable.build(network, plan);
        // a rows 0-1 reach b rows 0-2 (tiles 0, 1); rows 2-3 reach rows 1-4 (all); rows 4-5 reach rows 3-5.
        assertArrayEquals(new int[] {3, 4}, routing.destinations(0));
        assertArrayEquals(new int[] {3, 4, 5}, routing.destinations(1));
        assertArrayEquals(new int[] {4, 5}, routing.destinations(2));
        assertArrayEquals(new int[] {6}, routing.destinations(3));
        assertArrayEquals(new int[] {6}, routing.destinations(5));
        assertArrayEquals(new int[] {7}, routing.destinations(6));
        assertArrayEquals(new int[0], routing.destinations(7), "the output sends nothing");
        assertArrayEquals(new int[] {0, 1, 2}, routing.sources(4));
        assertArrayEquals(new int[] {0, 1}, routing.sources(3));
        assertArrayEquals(new int[0], routing.sources(0), "input-fed partitions have no source partitions");
        assertArrayEquals(new int[] {3, 4, 5}, routing.sources(6));
        assertEquals(2 + 3 + 2 + 3 + 1, routing.linkCount());
    }

    @Test
    void shouldMulticastDenseSpikesToEveryTargetPartition() {
        Network network = Network.compile(new ModelBuilder(3, 2)
                .neurons("h", new int[] {4}, 4, 2, null, dense("input", ones(8)))
                .output("out", 6, null, dense("h", ones(24)))
                .build());
        PartitionPlan plan = Partitioner.partition(network, 2);
        RoutingTable routing = RoutingTable.build(network, plan);
        assertArrayEquals(new int[] {2, 3, 4}, routing.destinations(0));
        assertArrayEquals(new int[] {2, 3, 4}, routing.destinations(1));
        assertArrayEquals(new int[] {0, 1}, routing.sources(3));
    }
}
