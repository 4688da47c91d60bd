package io.spikemesh.runtime.coordinator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spikemesh.protocol.TrafficReport;
import io.spikemesh.runtime.network.Network;
import io.spikemesh.runtime.reference.LayerActivity;
import io.spikemesh.runtime.reference.ReferenceSimulator;
import io.spikemesh.runtime.reference.SimulationOptions;
import io.spikemesh.runtime.reference.SimulationResult;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The central invariant: any transport and any partitioning give bit-identical predictions, output potentials,
 * per-layer spike counts and synaptic operations to the reference simulator, with several samples in flight.
 */
class SessionEquivalenceTest {
    private static final int T = 4;

    static void assertSameAsReference(Network network, List<int[]> samples, RunOptions options) {
        ReferenceSimulator reference = new ReferenceSimulator(network);
        List<SimulationResult> expected = reference.runAll(samples, SimulationOptions.of(T)
                .withSuppression(options.suppression()));
        List<Prediction> actual;
        TrafficReport traffic;
        int links;
        try (SpikemeshSession session = SpikemeshSession.open(network, options.withTimeSteps(T))) {
            actual = session.runAll(samples);
            traffic = session.trafficReport();
            links = session.meter().routing().linkCount();
        }
        long positive = 0;
        long negative = 0;
        for (int i = 0; i < samples.size(); i++) {
            SimulationResult r = expected.get(i);
            Prediction p = actual.get(i);
            String where = options.transport() + " size " + options.partitionSize() + " sample " + i;
            assertEquals(i, p.sampleId(), where);
            assertEquals(r.prediction(), p.prediction(), where);
            assertArrayEquals(r.outputPotentials(), p.outputPotentials(), where);
            assertEquals(r.layers().size(), p.layers().size());
            for (int l = 0; l < r.layers().size(); l++) {
                LayerActivity want = r.layers().get(l);
                Prediction.LayerCounts got = p.layers().get(l);
                assertEquals(want.name(), got.name());
                assertEquals(want.positiveSpikes(), got.positiveSpikes(), where + " " + want.name() + " +spikes");
                assertEquals(want.negativeSpikes(), got.negativeSpikes(), where + " " + want.name() + " -spikes");
                assertEquals(want.synapticOperations(), got.synapticOperations(), where + " " + want.name()
                        + " synops");
                positive += want.positiveSpikes();
                negative += want.negativeSpikes();
            }
        }
        assertTrue(positive > 0 && (negative > 0 || !options.suppression()),
                "the test network must exercise both signs: +" + positive
                + " -" + negative);
        assertEquals((double) links * samples.size() * T, traffic.getTotal().getFrames(),
                "exactly one frame per link, sample and step");
        assertEquals(samples.size(), traffic.getSamples());
        long meteredSpikes = traffic.getLayersList().stream()
                .mapToLong(l -> l.getPositiveSpikes() + l.getNegativeSpikes()).sum();
        assertEquals(positive + negative, meteredSpikes, "the live counters agree with the per-sample reports");
    }

    @ParameterizedTest(name = "{0}, partition size {1}, window {2}")
    @CsvSource({
            "inproc, 100000, 1",
            "inproc, 7, 5",
            "inproc, 40, 3",
            "ipc, 100000, 4",
            "ipc, 7, 5",
            "udp, 100000, 4",
            "udp, 7, 5",
    })
    void shouldMatchTheReferenceOnAConvPoolDenseNetwork(String transport, int partitionSize, int window) {
        Network network = Network.compile(RandomModels.convNet(11));
        assertSameAsReference(network, RandomModels.samples(5, 12, 128, 15), RunOptions.defaults()
                .withTransport(transport).withPartitionSize(partitionSize).withWindow(window));
    }

    @ParameterizedTest(name = "{0}, partition size {1}, suppression {2}")
    @CsvSource({
            "inproc, 3, true",
            "inproc, 5, false",
            "ipc, 4, true",
            "udp, 4, false",
    })
    void shouldMatchTheReferenceOnADenseNetwork(String transport, int partitionSize, boolean suppression) {
        Network network = Network.compile(RandomModels.denseNet(3));
        assertSameAsReference(network, RandomModels.samples(9, 10, 20, 15), RunOptions.defaults()
                .withTransport(transport).withPartitionSize(partitionSize).withWindow(3)
                .withSuppression(suppression));
    }
}
