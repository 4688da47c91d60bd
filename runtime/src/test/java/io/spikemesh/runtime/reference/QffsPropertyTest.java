package io.spikemesh.runtime.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spikemesh.protocol.Model;
import io.spikemesh.runtime.RandomNetworks;
import io.spikemesh.runtime.network.CompiledLayer;
import io.spikemesh.runtime.network.Network;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Properties of the reference simulator on many random small dense and conv networks (seeded, reproducible). */
class QffsPropertyTest {

    @Test
    void shouldMatchTheQuantizedAnnExactlyForEveryNeuronAfterSettling() {
        Random random = new Random(20221);
        int samples = 0;
        long neurons = 0;
        long settleSteps = 0;
        long intermediate = 0;
        long silent = 0;
        for (int net = 0; net < 1000; net++) {
            Model model = RandomNetworks.any(random);
            Network network = Network.compile(model);
            ReferenceSimulator simulator = new ReferenceSimulator(network);
            QuantizedAnn ann = new QuantizedAnn(network);
            for (int s = 0; s < 5; s++) {
                int steps = 1 + random.nextInt(8);
                int[] sample = RandomNetworks.sample(random, network);
                SimulationResult snn = simulator.run(sample, SimulationOptions.of(steps).withSettle(true));
                QuantizedAnn.Evaluation expected = ann.evaluate(sample, steps);
                String where = "network " + net + " sample " + s + " T=" + steps;
                for (CompiledLayer layer : network.layers()) {
                    if (layer.kind() != CompiledLayer.Kind.OUTPUT) {
                        assertArrayEquals(expected.counts(layer.name()), snn.layer(layer.name()).netCounts(),
                                where + " layer " + layer.name());
                        neurons += layer.size();
                        for (int c : expected.counts(layer.name())) {
                            intermediate += c > 0 && c < steps ? 1 : 0;
                            silent += c == 0 ? 1 : 0;
                        }
                    }
                }
                assertArrayEquals(expected.outputs(), snn.outputPotentials(), where + " outputs");
                assertEquals(expected.prediction(), snn.prediction(), where);
                settleSteps += snn.settleSteps();
                samples++;
            }
        }
        System.out.printf("settled SNN = quantized ANN on %d samples, %d neuron counts (%.1f%% strictly between 0 and T, "
                + "%.1f%% zero); mean settle %.2f steps%n", samples, neurons, 100.0 * intermediate / neurons,
                100.0 * silent / neurons, (double) settleSteps / samples);
        assertTrue(intermediate * 10 >= neurons, "the generator should drive at least 10% of counts into (0, T)");
        assertTrue(settleSteps > 0, "some samples should need a settle phase");
    }

    @Test
    void shouldAgreeWithTheQuantizedAnnAtLeastAsOftenWithSuppressionAtTEqualsL() {
        Random random = new Random(918793);
        int cases = 0;
        int agreeWith = 0;
        int agreeWithout = 0;
        long countsEqualWith = 0;
        long countsEqualWithout = 0;
        long neurons = 0;
        for (int net = 0; net < 1000; net++) {
            Network network = Network.compile(RandomNetworks.any(random));
            ReferenceSimulator simulator = new ReferenceSimulator(network);
            QuantizedAnn ann = new QuantizedAnn(network);
            int levels = (1 << (1 + random.nextInt(3))) - 1;
            for (int s = 0; s < 5; s++) {
                int[] sample = RandomNetworks.sample(random, network);
                QuantizedAnn.Evaluation expected = ann.evaluate(sample, levels);
                SimulationResult with = simulator.run(sample, SimulationOptions.of(levels));
                SimulationResult without = simulator.run(sample, SimulationOptions.of(levels).withSuppression(false));
                agreeWith += with.prediction() == expected.prediction() ? 1 : 0;
                agreeWithout += without.prediction() == expected.prediction() ? 1 : 0;
                for (CompiledLayer layer : network.layers()) {
                    if (layer.kind() == CompiledLayer.Kind.OUTPUT) {
                        continue;
                    }
                    int[] oracle = expected.counts(layer.name());
                    int[] a = with.layer(layer.name()).netCounts();
                    int[] b = without.layer(layer.name()).netCounts();
                    for (int i = 0; i < oracle.length; i++) {
                        countsEqualWith += a[i] == oracle[i] ? 1 : 0;
                        countsEqualWithout += b[i] == oracle[i] ? 1 : 0;
                    }
                    neurons += oracle.length;
                }
                cases++;
            }
        }
        System.out.printf("T = L, %d cases: prediction agreement with suppression %.2f%%, without %.2f%%; "
                        + "neuron counts equal to the oracle with %.2f%%, without %.2f%%%n", cases,
                100.0 * agreeWith / cases, 100.0 * agreeWithout / cases,
                100.0 * countsEqualWith / neurons, 100.0 * countsEqualWithout / neurons);
        assertTrue(agreeWith >= agreeWithout, agreeWith + " < " + agreeWithout);
        assertTrue(countsEqualWith >= countsEqualWithout, countsEqualWith + " < " + countsEqualWithout);
    }
}
