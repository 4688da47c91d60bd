package io.spikemesh.runtime.partition;

import static io.spikemesh.runtime.ModelBuilder.conv;
import static io.spikemesh.runtime.ModelBuilder.dense;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spikemesh.protocol.SpikemeshException;
import io.spikemesh.runtime.ModelBuilder;
import io.spikemesh.runtime.network.Layout;
import io.spikemesh.runtime.network.Network;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PartitionerTest {

    @Test
    void shouldCutConvLayersIntoWholeRowTilesThenWholePixelsThenPlainRuns() {
        Layout conv = Layout.of(4, 8, 8); // a row is 8 pixels × 4 channels = 32 neurons
        assertEquals(64, Partitioner.unit(conv, 70), "two whole rows");
        assertEquals(32, Partitioner.unit(conv, 32), "one whole row");
        assertEquals(20, Partitioner.unit(conv, 22), "five whole pixels when a row does not fit");
        assertEquals(3, Partitioner.unit(conv, 3), "plain runs when a pixel's channels do not fit");
        assertEquals(7, Partitioner.unit(Layout.of(100), 7), "dense layers: runs of N");
    }

    @Test
    void shouldCoverEveryLayerWithContiguousPartitionsOfAtMostN() {
        Network network = Network.compile(new ModelBuilder(3, 1, 6, 6)
                .neurons("c", new int[] {2, 6, 6}, 4, 2, null, conv("input", 1, 2, 3, 1, 1, new int[18]))
                .flatten("f", "c")
                .neurons("d", new int[] {10}, 4, 2, null, dense("f", new int[720]))
                .output("out", 3, null, dense("d", new int[30]))
                .build());
        PartitionPlan plan = Partitioner.partition(network, 25);
        for (int layer = 0; layer < network.layers().size(); layer++) {
            List<Partition> parts = plan.ofLayer(layer);
            int next = 0;
            for (Partition p : parts) {
                assertEquals(next, p.lo());
                assertTrue(p.size() >= 1 && p.size() <= 25);
                next = p.hi();
            }
            assertEquals(network.layer(layer).size(), next);
        }
        // c: rows of 12 neurons → tiles of 2 rows = 24 neurons, 3 tiles; d: 10 fits; out: 3.
        assertArrayEquals(new int[] {24, 24, 24, 10, 3},
                plan.partitions().stream().mapToInt(Partition::size).toArray());
        assertArrayEquals(IntStream.range(0, 5).toArray(),
                plan.partitions().stream().mapToInt(Partition::id).toArray());
        assertEquals(plan.partition(1), plan.owner(0, 24));
        assertEquals(plan.partition(2), plan.owner(0, 71));
    }

    @Test
    void shouldRejectAPartitionSizeOfZero() {
        Network network = Network.compile(new ModelBuilder(3, 2)
                .output("out", 1, null, dense("input", 1, 1)).build());
        SpikemeshException e = assertThrows(SpikemeshException.class, () -> Partitioner.partition(network, 0));
        assertTrue(e.getMessage().contains("partition size must be at least 1"));
    }
}
