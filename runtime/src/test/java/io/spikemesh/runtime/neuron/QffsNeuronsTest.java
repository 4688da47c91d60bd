package io.spikemesh.runtime.neuron;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class QffsNeuronsTest {

    /** Runs one neuron for the given per-step currents; returns its signed spike per step. */
    private static int[] raster(QffsNeurons neurons, int[] currents, int inputSteps, int maxCount,
                                boolean suppression) {
        int[] out = new int[currents.length];
        int[] current = new int[1];
        int[] index = new int[1];
        byte[] sign = new byte[1];
        for (int t = 0; t < currents.length; t++) {
            current[0] = currents[t];
            int fired = neurons.step(current, t < inputSteps, maxCount, suppression, index, sign);
            assertEquals(0, current[0], "the step consumes the current");
            out[t] = fired == 0 ? 0 : sign[0];
        }
        return out;
    }

    @Test
    void shouldFireAtTheRateOfAConstantDrive() {
        // Θ=4, V0=2, bias 3: V = 5→1 (+1), 4→0 (+1), 3 (0), 6→2 (+1); count 3 = floor((2 + 4·3) / 4).
        QffsNeurons n = new QffsNeurons(4, 2, new long[] {3}, 0, 1);
        assertArrayEquals(new int[] {1, 1, 0, 1}, raster(n, new int[4], 4, 4, true));
        assertEquals(3, n.netCount(0));
        assertEquals(2, n.membrane(0));
    }

    @Test
    void shouldFireAtMostOncePerStepUnderSaturatingDrive() {
        // Bias 13 > 3Θ: one spike per step, the excess stays in V; the cap n < T stops it in the settle steps.
        QffsNeurons n = new QffsNeurons(4, 2, new long[] {13}, 0, 1);
        assertArrayEquals(new int[] {1, 1, 1, 0, 0}, raster(n, new int[5], 3, 3, true));
        assertEquals(3, n.netCount(0));
        assertEquals(29, n.membrane(0));
    }

    @Test
    void shouldKeepTheNoiseSpikeWithoutSuppression() {
        QffsNeurons n = new QffsNeurons(4, 2, new long[] {0}, 0, 1);
        assertArrayEquals(new int[] {1, 0, 0, 0}, raster(n, new int[] {4, -4, 0, 0}, 4, 4, false));
        assertEquals(1, n.netCount(0));
        assertEquals(-2, n.membrane(0));
    }

    @Test
    void shouldRetractTheNoiseSpikeWithSuppression() {
        QffsNeurons n = new QffsNeurons(4, 2, new long[] {0}, 0, 1);
        assertArrayEquals(new int[] {1, -1, 0, 0}, raster(n, new int[] {4, -4, 0, 0}, 4, 4, true));
        assertEquals(0, n.netCount(0));
        assertEquals(2, n.membrane(0));
    }

    @Test
    void shouldNotGoBelowZeroCountUnderNegativeDrive() {
        QffsNeurons n = new QffsNeurons(4, 2, new long[] {-5}, 0, 1);
        assertArrayEquals(new int[] {0, 0, 0}, raster(n, new int[3], 3, 3, true));
        assertEquals(2 - 15, n.membrane(0));
    }

    @Test
    void shouldAddBiasAndInputCurrentOnlyOnInputSteps() {
        // Drive = bias 1 + input current 2 per input step; the settle step gets only its synaptic current (4).
        QffsNeurons n = new QffsNeurons(8, 4, new long[] {1}, 0, 1);
        n.beginSample(new int[] {2});
        assertArrayEquals(new int[] {0, 1, 0, 1}, raster(n, new int[] {0, 0, 0, 4}, 3, 10, true));
        assertEquals(4 + 9 + 4 - 16, n.membrane(0));
    }

    @Test
    void shouldReportAbsoluteIndicesOfARange() {
        QffsNeurons n = new QffsNeurons(4, 0, new long[] {0, 4, 0}, 10, 13);
        int[] index = new int[3];
        byte[] sign = new byte[3];
        int fired = n.step(new int[] {5, 0, -1}, true, 3, true, index, sign);
        assertEquals(2, fired);
        assertArrayEquals(new int[] {10, 11}, new int[] {index[0], index[1]});
        assertEquals(1, n.netCount(11));
        assertEquals(-1, n.membrane(12));
    }

    @Test
    void shouldResetStateAtTheStartOfASample() {
        QffsNeurons n = new QffsNeurons(4, 2, new long[] {9}, 0, 1);
        raster(n, new int[3], 3, 3, true);
        n.beginSample(null);
        assertEquals(0, n.netCount(0));
        assertEquals(2, n.membrane(0));
    }

    @Test
    void shouldRejectMembraneStartOutsideThreshold() {
        assertThrows(IllegalArgumentException.class, () -> new QffsNeurons(4, 4, new long[] {0}, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new QffsNeurons(0, 0, new long[] {0}, 0, 1));
    }

    @Test
    void shouldAccumulateOutputsAndPredictLowestIndexOnTies() {
        Readout r = new Readout(new long[] {1, 2, 0}, 0, 3);
        r.beginSample(new int[] {0, 0, 3});
        int[] current = {5, 0, 0};
        r.step(current, true);
        r.step(new int[] {0, 0, -1}, false);
        long[] v = new long[3];
        r.copyPotentials(v, 0);
        assertArrayEquals(new long[] {6, 2, 2}, v);
        assertEquals(0, Readout.argmax(new long[] {7, 3, 7}));
        assertEquals(1, Readout.argmax(new long[] {3, 7, 7}));
    }
}
