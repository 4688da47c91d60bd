package io.spikemesh.runtime.partition;

import static io.spikemesh.runtime.ModelBuilder.dense;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spikemesh.runtime.ModelBuilder;
import io.spikemesh.runtime.network.Network;
import io.spikemesh.runtime.traffic.LocalCounters;
import io.spikemesh.runtime.traffic.TrafficMeter;
import io.spikemesh.runtime.transport.Frame;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.BehaviorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestInbox;
import org.junit.jupiter.api.Test;

/** The actor shell around {@link PartitionEngine}, driven synchronously with BehaviorTestKit. */
class PartitionActorTest {
    private final Network network = Network.compile(new ModelBuilder(15, 2)
            .neurons("h", new int[] {2}, 4, 2, null, dense("input", 1, 1, 1, 0))
            .output("out", 1, null, dense("h", 1, 2))
            .build());
    private final PartitionPlan plan = Partitioner.partition(network, 1);
    private final RoutingTable routing = RoutingTable.build(network, plan);
    private final TrafficMeter meter = new TrafficMeter(network, plan, routing,
            new LocalCounters(TrafficMeter.counterCount(network, routing))::newCounter);
    private final List<PartitionEngine.SampleReport> done = new ArrayList<>();
    private final List<RuntimeException> failures = new ArrayList<>();

    private BehaviorTestKit<PartitionActor.Command> spawn(int partition) {
        PartitionActor.Reports reports = new PartitionActor.Reports() {
            @Override
            public void onSampleDone(PartitionEngine.SampleReport report) {
                done.add(report);
            }

            @Override
            public void onFailure(Partition p, RuntimeException error) {
                failures.add(error);
            }
        };
        return BehaviorTestKit.create(PartitionActor.create(listener -> new PartitionEngine(network, plan, routing,
                plan.partition(partition), 1, true, (s, t, d, pos, neg) -> 1, meter, listener), reports));
    }

    @Test
    void shouldReportWhatItWaitsFor() {
        BehaviorTestKit<PartitionActor.Command> out = spawn(2);
        out.run(new PartitionActor.Deliver(new Frame(0, 0, 0, 2, new int[] {0}, new int[0], 1)));
        TestInbox<PartitionActor.Status> inbox = TestInbox.create();
        out.run(new PartitionActor.Diagnose(inbox.getRef()));
        PartitionActor.Status status = inbox.receiveMessage();
        assertEquals(2, status.partition());
        assertEquals(0, status.sample());
        assertEquals(0, status.step());
        assertArrayEquals(new int[] {1}, status.missingSources());
        assertFalse(status.missingInput());

        out.run(new PartitionActor.Deliver(new Frame(0, 0, 1, 2, new int[0], new int[0], 1)));
        assertEquals(1, done.size());
        assertArrayEquals(new long[] {1}, done.get(0).outputPotentials());
    }

    @Test
    void shouldStopAndReportAFailureInsteadOfLookingSlow() {
        BehaviorTestKit<PartitionActor.Command> out = spawn(2);
        out.run(new PartitionActor.Deliver(new Frame(0, 0, 2, 2, new int[0], new int[0], 1)));
        assertFalse(out.isAlive());
        assertEquals(1, failures.size());
        assertTrue(failures.get(0).getMessage().contains("not in its routing table"));
    }

    @Test
    void shouldWaitForTheSampleInputBeforeStepZero() {
        BehaviorTestKit<PartitionActor.Command> h0 = spawn(0);
        TestInbox<PartitionActor.Status> inbox = TestInbox.create();
        h0.run(new PartitionActor.Diagnose(inbox.getRef()));
        assertTrue(inbox.receiveMessage().missingInput());
        h0.run(new PartitionActor.Inject(0, new int[] {3, 1}));
        assertEquals(1, done.size());
        assertEquals(1, done.get(0).positiveSpikes(), "V = 2 + 4 >= 4");
    }
}
