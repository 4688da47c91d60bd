package io.spikemesh.runtime.partition;

import static io.spikemesh.runtime.ModelBuilder.dense;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spikemesh.protocol.SpikemeshException;
import io.spikemesh.runtime.ModelBuilder;
import io.spikemesh.runtime.network.Network;
import io.spikemesh.runtime.traffic.LocalCounters;
import io.spikemesh.runtime.traffic.TrafficMeter;
import io.spikemesh.runtime.transport.Frame;
import io.spikemesh.runtime.transport.FrameSender;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The step protocol of one partition, driven directly (no actors, no threads).
 *
 * <p>input x = (3, 1) → h (Θ=4, V0=2, weights [[1,1],[1,0],[0,1]]: input currents 4, 3, 1) → out (weights
 * [[1,2,3],[-1,0,1]]). Partition size 1: h = P0, P1, P2 and out = P3, P4. By hand, T = 2: h0 fires at steps 0 and 1
 * (V 6→2, 6→2), h1 at 0 and 1 (5→1, 4→0), h2 only at step 1 (3, then 4→0). out0 = (1+2) + (1+2+3) = 9,
 * out1 = (-1+0) + (-1+0+1) = -1.
 */
class PartitionEngineTest {
    private static final int T = 2;
    private final Network network = Network.compile(new ModelBuilder(15, 2)
            .neurons("h", new int[] {3}, 4, 2, null, dense("input", 1, 1, 1, 0, 0, 1))
            .output("out", 2, null, dense("h", 1, 2, 3, -1, 0, 1))
            .build());
    private final PartitionPlan plan = Partitioner.partition(network, 1);
    private final RoutingTable routing = RoutingTable.build(network, plan);
    private final TrafficMeter meter = new TrafficMeter(network, plan, routing,
            new LocalCounters(TrafficMeter.counterCount(network, routing))::newCounter);
    private final List<Frame> sent = new ArrayList<>();
    private final List<PartitionEngine.SampleReport> reports = new ArrayList<>();

    private PartitionEngine engine(int partition) {
        FrameSender sender = (sample, step, destination, positive, negative) -> {
            sent.add(new Frame(sample, step, partition, destination, positive, negative, 0));
            return 10;
        };
        return new PartitionEngine(network, plan, routing, plan.partition(partition), T, true, sender, meter,
                reports::add);
    }

    private static Frame frame(int source, int destination, long sample, int step, int... positive) {
        return new Frame(sample, step, source, destination, positive, new int[0], 0);
    }

    @Test
    void shouldSendExactlyOneFramePerDestinationAndStepEmptyOnesIncluded() {
        PartitionEngine h2 = engine(2);
        h2.onInject(0, new int[] {3, 1});
        assertEquals(T * 2, sent.size(), "2 steps × 2 destinations");
        for (Frame f : sent) {
            assertEquals(f.timeStep() == 0 ? 0 : 1, f.positive().length, f.toString());
        }
        assertEquals(List.of(3, 4, 3, 4), sent.stream().map(Frame::destination).toList());
        assertEquals(1, reports.size());
        assertEquals(1, reports.get(0).positiveSpikes());
        assertEquals(T * 2, meter.link(2, 3).frames().get() + meter.link(2, 4).frames().get());
        assertEquals(20, meter.link(2, 3).bytes().get());
    }

    @Test
    void shouldStepOnlyWhenEverySourceFrameOfTheStepIsIn() {
        PartitionEngine out0 = engine(3);
        out0.onFrame(frame(0, 3, 0, 0, 0));
        out0.onFrame(frame(1, 3, 0, 0, 0));
        assertArrayEquals(new int[] {2}, out0.missingSources());
        assertEquals(0, out0.expectedStep(), "waits for P2");
        // Frames of the next step and of the next sample queue up behind the missing one.
        out0.onFrame(frame(0, 3, 0, 1, 0));
        out0.onFrame(frame(1, 3, 0, 1, 0));
        out0.onFrame(frame(0, 3, 1, 0));
        assertEquals(0, out0.expectedStep());
        out0.onFrame(frame(2, 3, 0, 0));
        assertEquals(1, out0.expectedStep());
        assertTrue(reports.isEmpty());
        out0.onFrame(frame(2, 3, 0, 1, 0));
        assertEquals(1, reports.size());
        assertArrayEquals(new long[] {9}, reports.get(0).outputPotentials());
        assertEquals(1, out0.expectedSample());
        assertEquals(0, out0.expectedStep());
        assertArrayEquals(new int[] {1, 2}, out0.missingSources());
        // SynOps are charged to the source layer h: 5 spikes, each reaching one synapse of out0.
        assertEquals(5, reports.get(0).synopsBySourceLayer()[0]);
    }

    @Test
    void shouldRejectFramesFromPartitionsOutsideTheRoutingTable() {
        PartitionEngine out0 = engine(3);
        assertThrows(IllegalStateException.class, () -> out0.onFrame(frame(4, 3, 0, 0)));
        assertThrows(IllegalStateException.class, () -> out0.onFrame(frame(0, 4, 0, 0)));
    }

    @Test
    void shouldNameTheGapWhenALinkSkipsAStep() {
        PartitionEngine out0 = engine(3);
        out0.onFrame(frame(1, 3, 0, 0));
        out0.onFrame(frame(2, 3, 0, 0));
        SpikemeshException e = assertThrows(SpikemeshException.class, () -> out0.onFrame(frame(0, 3, 0, 1)));
        assertTrue(e.getMessage().contains("no frame arrived on link P0 (h [0, 1)) -> P3 (out [0, 1)) for sample 0"
                + " step 0"), e.getMessage());
    }
}
