package io.spikemesh.runtime.reference;

import static io.spikemesh.runtime.ModelBuilder.dense;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spikemesh.protocol.Model;
import io.spikemesh.protocol.SpikemeshException;
import io.spikemesh.runtime.ModelBuilder;
import io.spikemesh.runtime.network.Network;
import org.junit.jupiter.api.Test;

/** Golden rasters, computed by hand in the comments, for tiny networks. */
class ReferenceSimulatorTest {

    private static ReferenceSimulator simulator(Model model) {
        return new ReferenceSimulator(Network.compile(model));
    }

    /** One row per step of a one-neuron layer's raster. */
    private static int[] column(byte[][] raster, int neuron) {
        int[] column = new int[raster.length];
        for (int t = 0; t < raster.length; t++) {
            column[t] = raster[t][neuron];
        }
        return column;
    }

    @Test
    void shouldFireAtTheRateOfAConstantInputDrive() {
        // a: Θ=4, V0=2, input current 3·1 per step: V = 5→1 (+), 4→0 (+), 3, 6→2 (+).
        // out = [2, -1] · spikes of a: 6 and -3.
        Model model = new ModelBuilder(1, 1)
                .neurons("a", new int[] {1}, 4, 2, null, dense("input", 3))
                .output("out", 2, null, dense("a", 2, -1))
                .build();
        SimulationResult r = simulator(model).run(new int[] {1}, SimulationOptions.of(4).withRaster("a"));
        assertArrayEquals(new int[] {1, 1, 0, 1}, column(r.raster("a"), 0));
        assertArrayEquals(new int[] {3}, r.layer("a").netCounts());
        assertEquals(3, r.layer("a").positiveSpikes());
        assertEquals(0, r.layer("a").negativeSpikes());
        assertArrayEquals(new long[] {6, -3}, r.outputPotentials());
        assertEquals(0, r.prediction());
        assertEquals(4, r.stepsRun());
        assertEquals(6, r.layer("a").synapticOperations(), "3 spikes × 2 synapses");
    }

    /**
     * early: Θ=8, V0=6, drive 2 → V 8→0 (+ at step 0), 2, 4, 6. late: Θ=8, V0=4, drive 2 → 6, 8→0 (+ at step 1), 2, 4.
     * n (Θ=4, V0=2) gets +4 from early at step 0 and -4 from late at step 1: V = 6→2 (+), then -2.
     * Without suppression the spike stays (count 1 although the total drive is 0); with it, step 1 retracts it.
     */
    private static Model noiseModel() {
        return new ModelBuilder(1, 1)
                .neurons("early", new int[] {1}, 8, 6, null, dense("input", 2))
                .neurons("late", new int[] {1}, 8, 4, null, dense("input", 2))
                .neurons("n", new int[] {1}, 4, 2, null, dense("early", 4), dense("late", -4))
                .output("out", 1, null, dense("n", 1))
                .build();
    }

    @Test
    void shouldKeepAnOccasionalNoiseSpikeWithoutSuppression() {
        SimulationResult r = simulator(noiseModel()).run(new int[] {1},
                SimulationOptions.of(4).withSuppression(false).withRaster("early", "late", "n"));
        assertArrayEquals(new int[] {1, 0, 0, 0}, column(r.raster("early"), 0));
        assertArrayEquals(new int[] {0, 1, 0, 0}, column(r.raster("late"), 0));
        assertArrayEquals(new int[] {1, 0, 0, 0}, column(r.raster("n"), 0));
        assertArrayEquals(new int[] {1}, r.layer("n").netCounts());
        assertArrayEquals(new long[] {1}, r.outputPotentials());
    }

    @Test
    void shouldRetractAnOccasionalNoiseSpikeWithSuppression() {
        SimulationResult r = simulator(noiseModel()).run(new int[] {1}, SimulationOptions.of(4).withRaster("n"));
        assertArrayEquals(new int[] {1, -1, 0, 0}, column(r.raster("n"), 0));
        assertArrayEquals(new int[] {0}, r.layer("n").netCounts());
        assertEquals(1, r.layer("n").positiveSpikes());
        assertEquals(1, r.layer("n").negativeSpikes());
        assertArrayEquals(new long[] {0}, r.outputPotentials());
        assertArrayEquals(new int[] {0}, new QuantizedAnn(Network.compile(noiseModel()))
                .evaluate(new int[] {1}, 4).counts("n"));
    }

    @Test
    void shouldFireOncePerStepUnderASaturatingDrive() {
        // Drive 13 = 3.25 Θ per step: one spike per step, the rest waits in V (2 + 39 - 12 = 29).
        Model model = new ModelBuilder(1, 1)
                .neurons("a", new int[] {1}, 4, 2, null, dense("input", 13))
                .output("out", 1, null, dense("a", 1))
                .build();
        SimulationResult r = simulator(model).run(new int[] {1},
                SimulationOptions.of(3).withSettle(true).withRaster("a"));
        assertArrayEquals(new int[] {1, 1, 1}, column(r.raster("a"), 0));
        assertArrayEquals(new int[] {3}, r.layer("a").netCounts(), "the cap n < T binds in the settle phase");
        assertEquals(3, r.stepsRun());
    }

    /**
     * n [1, 2, 2] (Θ=12, V0=6), model order A, B, C, D:
     * A: +12 from early (step 0), -12 from late (step 1): V 18→6 (+), -6→6 (-) → train +1, -1, 0, 0;
     * B: input drive 2: V 8, 10, 12→0 (+ at step 2), 2 → train 0, 0, +1, 0; C, D: no drive.
     * pool (2×2 window over all four): max of the net counts 1, 0, 1, 1 → emits +1, -1, +1, 0.
     */
    private static Model poolModel() {
        return new ModelBuilder(1, 1)
                .neurons("early", new int[] {1}, 8, 6, null, dense("input", 2))
                .neurons("late", new int[] {1}, 8, 4, null, dense("input", 2))
                .neurons("n", new int[] {1, 2, 2}, 12, 6, null,
                        dense("early", 12, 0, 0, 0), dense("late", -12, 0, 0, 0), dense("input", 0, 2, 0, 0))
                .maxPool("pool", "n", 2, 2, 0)
                .flatten("flat", "pool")
                .output("out", 1, null, dense("flat", 5))
                .build();
    }

    @Test
    void shouldMaxPoolSignedSpikeTrainsExactly() {
        SimulationResult r = simulator(poolModel()).run(new int[] {1},
                SimulationOptions.of(4).withRaster("n", "pool"));
        byte[][] n = r.raster("n");
        assertArrayEquals(new int[] {1, -1, 0, 0}, column(n, 0));
        assertArrayEquals(new int[] {0, 0, 1, 0}, column(n, 1));
        assertArrayEquals(new int[] {0, 0, 0, 0}, column(n, 2));
        assertArrayEquals(new int[] {1, -1, 1, 0}, column(r.raster("pool"), 0));
        assertArrayEquals(new int[] {1}, r.layer("pool").netCounts());
        assertEquals(2, r.layer("pool").positiveSpikes());
        assertEquals(1, r.layer("pool").negativeSpikes());
        assertEquals(3, r.layer("pool").synapticOperations(), "3 pool spikes × 1 synapse");
        assertEquals(0, r.layer("n").synapticOperations(), "pooling is not a synaptic operation");
        assertArrayEquals(new long[] {5}, r.outputPotentials());
    }

    @Test
    void shouldMaxPoolWithoutSuppressionOnlyUpwards() {
        SimulationResult r = simulator(poolModel()).run(new int[] {1},
                SimulationOptions.of(4).withSuppression(false).withRaster("pool"));
        assertArrayEquals(new int[] {1, 0, 0, 0}, column(r.raster("pool"), 0));
    }

    @Test
    void shouldSumTwoProjectionsInAResidualJoin() {
        // a: Θ=4, V0=2, drive 4 → fires every step. r: input 3 + a 2 = 5 per step, Θ=10, V0=5: 10→0 (+), 5, 10→0 (+), 5.
        Model model = new ModelBuilder(1, 1)
                .neurons("a", new int[] {1}, 4, 2, null, dense("input", 4))
                .neurons("r", new int[] {1}, 10, 5, null, dense("input", 3), dense("a", 2))
                .output("out", 1, null, dense("r", 1))
                .build();
        SimulationResult r = simulator(model).run(new int[] {1}, SimulationOptions.of(4).withRaster("a", "r"));
        assertArrayEquals(new int[] {1, 1, 1, 1}, column(r.raster("a"), 0));
        assertArrayEquals(new int[] {1, 0, 1, 0}, column(r.raster("r"), 0));
        assertArrayEquals(new int[] {2}, r.layer("r").netCounts());
    }

    @Test
    void shouldAccumulateOutputWithBiasOnlyOnInputSteps() {
        // late fires at step 1 (see the noise model); c (Θ=4, V0=2) gets +8: 10→6 (+), and in the settle step 6→2 (+).
        // out = 100 per input step + c's spikes: 2·100 + 2 = 202 (the settle step adds no bias).
        Model model = new ModelBuilder(1, 1)
                .neurons("late", new int[] {1}, 8, 4, null, dense("input", 2))
                .neurons("c", new int[] {1}, 4, 2, null, dense("late", 8))
                .output("out", 2, new long[] {100, 101}, dense("c", 1, 0), dense("input", 0, 0))
                .build();
        SimulationResult r = simulator(model).run(new int[] {1},
                SimulationOptions.of(2).withSettle(true).withRaster("c", "out"));
        assertArrayEquals(new int[] {0, 1, 1}, column(r.raster("c"), 0));
        assertEquals(3, r.stepsRun());
        assertEquals(1, r.settleSteps());
        assertArrayEquals(new long[] {202, 202}, r.outputPotentials());
        assertEquals(0, r.prediction(), "lowest index on ties");
        assertEquals(3, r.raster("out").length);
        assertEquals(0, r.layer("out").spikes(), "the output layer never spikes");
    }

    @Test
    void shouldComputeTheInputCurrentOncePerSample() {
        // 2 non-zero inputs × fan-out 2 = 4 accumulations, whatever T; the input is not charged as SynOps.
        Model model = new ModelBuilder(3, 3)
                .neurons("a", new int[] {2}, 4, 2, null, dense("input", 1, 1, 1, 1, 1, 1))
                .output("out", 1, null, dense("a", 1, 1))
                .build();
        ReferenceSimulator simulator = simulator(model);
        SimulationResult one = simulator.run(new int[] {1, 0, 2}, SimulationOptions.of(1));
        SimulationResult many = simulator.run(new int[] {1, 0, 2}, SimulationOptions.of(9));
        assertEquals(4, one.inputAccumulations());
        assertEquals(4, many.inputAccumulations());
        assertEquals(many.layer("a").spikes(), many.layer("a").synapticOperations());
        assertTrue(many.layer("a").spikes() > one.layer("a").spikes());
    }

    @Test
    void shouldGiveTheSameResultWhenReused() {
        ReferenceSimulator simulator = simulator(poolModel());
        SimulationOptions options = SimulationOptions.of(4).withRaster("pool");
        SimulationResult first = simulator.run(new int[] {1}, options);
        simulator.run(new int[] {0}, options);
        SimulationResult again = simulator.run(new int[] {1}, options);
        assertArrayEquals(first.raster("pool"), again.raster("pool"));
        assertArrayEquals(first.outputPotentials(), again.outputPotentials());
    }

    @Test
    void shouldFailLoudlyWhenTheSettleCapIsExceeded() {
        Model model = new ModelBuilder(1, 1)
                .neurons("late", new int[] {1}, 8, 4, null, dense("input", 2))
                .neurons("c", new int[] {1}, 4, 2, null, dense("late", 8))
                .output("out", 1, null, dense("c", 1))
                .build();
        SpikemeshException e = assertThrows(SpikemeshException.class, () -> simulator(model).run(new int[] {1},
                SimulationOptions.of(2).withSettle(true).withMaxSettleSteps(0)));
        assertTrue(e.getMessage().contains("settle"), e.getMessage());
    }

    @Test
    void shouldRejectSamplesOfTheWrongSizeOrRange() {
        ReferenceSimulator simulator = simulator(noiseModel());
        SpikemeshException size = assertThrows(SpikemeshException.class,
                () -> simulator.run(new int[] {1, 1}, SimulationOptions.of(2)));
        assertTrue(size.getMessage().contains("expects 1"), size.getMessage());
        SpikemeshException range = assertThrows(SpikemeshException.class,
                () -> simulator.run(new int[] {2}, SimulationOptions.of(2)));
        assertTrue(range.getMessage().contains("outside [0, 1]"), range.getMessage());
        assertThrows(SpikemeshException.class, () -> simulator.run(new int[] {1},
                SimulationOptions.of(2).withRaster("nope")));
    }
}
