package io.spikemesh.runtime.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MaxPoolKernelTest {

    @Test
    void shouldEmitTheChangeOfTheWindowMaximumOnSignedTrains() {
        // One channel, 2×2 input, one 2×2 window. Input spikes per step (neuron, sign):
        // (0,+1) (1,+1) (1,+1) (1,-1) (1,-1) (0,-1) → counts max 1,1,2,1,1,0.
        MaxPoolKernel pool = new MaxPoolKernel(1, 2, 2, 2, 2, 0);
        int[][] spikes = {{0, 1}, {1, 1}, {1, 1}, {1, -1}, {1, -1}, {0, -1}};
        int[] counts = new int[4];
        int[] max = new int[1];
        int[] index = new int[1];
        byte[] sign = new byte[1];
        int[] emitted = new int[spikes.length];
        for (int t = 0; t < spikes.length; t++) {
            counts[spikes[t][0]] += spikes[t][1];
            int n = pool.step(0, 1, counts, max, index, sign);
            emitted[t] = n == 0 ? 0 : sign[0];
        }
        assertArrayEquals(new int[] {1, 0, 1, -1, 0, -1}, emitted);
        assertEquals(0, max[0]);
    }

    @Test
    void shouldNeverLetPaddingWin() {
        // 1×1×2 input, kernel 2, stride 1, padding 1 → 2×3 outputs; all inputs at -1 (padding as 0 would win).
        MaxPoolKernel pool = new MaxPoolKernel(1, 1, 2, 2, 1, 1);
        assertEquals(6, pool.size());
        int[] counts = {-1, -1};
        int[] max = new int[6];
        int[] index = new int[6];
        byte[] sign = new byte[6];
        assertEquals(6, pool.step(0, 6, counts, max, index, sign));
        assertArrayEquals(new int[] {-1, -1, -1, -1, -1, -1}, max);
    }

    @Test
    void shouldPoolChannelsIndependentlyInChannelLastOrder() {
        // 2 channels, 2×2 input, 2×2 window: input internal index (y*2+x)*2+c.
        MaxPoolKernel pool = new MaxPoolKernel(2, 2, 2, 2, 2, 0);
        int[] counts = new int[8];
        counts[(1 * 2 + 1) * 2 + 1] = 1;  // channel 1 at (1,1)
        int[] max = new int[2];
        int[] index = new int[2];
        byte[] sign = new byte[2];
        assertEquals(1, pool.step(0, 2, counts, max, index, sign));
        assertEquals(1, index[0]);
        assertArrayEquals(new int[] {0, 1}, max);
        assertEquals(1, pool.targetLo(7));
        assertEquals(2, pool.targetHi(7));
    }

    @Test
    void shouldStepOnlyTheRequestedRange() {
        MaxPoolKernel pool = new MaxPoolKernel(1, 2, 4, 2, 2, 0);  // outputs 0 and 1
        int[] counts = {1, 0, 0, 1, 0, 0, 0, 0};
        int[] max = new int[1];
        int[] index = new int[1];
        byte[] sign = new byte[1];
        assertEquals(1, pool.step(1, 2, counts, max, index, sign));
        assertEquals(1, index[0]);
        assertEquals(1, max[0]);
    }
}
