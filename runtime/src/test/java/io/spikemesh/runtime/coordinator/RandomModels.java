package io.spikemesh.runtime.coordinator;

import static io.spikemesh.runtime.ModelBuilder.conv;
import static io.spikemesh.runtime.ModelBuilder.dense;

import io.spikemesh.protocol.Model;
import io.spikemesh.runtime.ModelBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small random conv + max-pool + dense networks with enough activity to exercise +1 and −1 spikes. */
final class RandomModels {
    private RandomModels() {
    }

    private static int[] weights(Random random, int count, int bound) {
        int[] w = new int[count];
        for (int i = 0; i < count; i++) {
            w[i] = random.nextInt(2 * bound) - bound;
        }
        return w;
    }

    private static long[] bias(Random random, int count, int bound) {
        long[] b = new long[count];
        for (int i = 0; i < count; i++) {
            b[i] = random.nextInt(2 * bound + 1) - bound;
        }
        return b;
    }

    /**
     * input [2, 8, 8] (0..15) → conv1 [4, 8, 8] 3×3 pad 1 → pool [4, 4, 4] 2×2/2 → conv2 [6, 4, 4] 3×3 pad 1
     * →
     * flatten → hidden [12] → out [5], plus a residual projection pool → out, so pool multicasts to two layers.
     */
    static Model convNet(long seed) {
        Random random = new Random(seed);
        return new ModelBuilder(15, 2, 8, 8)
                .neurons("conv1", new int[] {4, 8, 8}, 60, 30, bias(random, 4 * 64, 6),
                        conv("input", 2, 4, 3, 1, 1, weights(random, 4 * 2 * 9, 4)))
                .maxPool("pool", "conv1", 2, 2, 0)
                .neurons("conv2", new int[] {6, 4, 4}, 6, 3, bias(random, 6 * 16, 2),
                        conv("pool", 4, 6, 3, 1, 1, weights(random, 6 * 4 * 9, 3)))
                .flatten("flat", "conv2")
                .flatten("poolflat", "pool")
                .neurons("hidden", new int[] {12}, 8, 4, bias(random, 12, 2),
                        dense("flat", weights(random, 12 * 96, 3)))
                .output("out", 5, bias(random, 5, 3), dense("hidden", weights(random, 5 * 12, 4)),
                        dense("poolflat", weights(random, 5 * 64, 2)))
                .build();
    }

    /** input [20] → a [16] → b [9] → out [4], dense. */
    static Model denseNet(long seed) {
        Random random = new Random(seed);
        return new ModelBuilder(15, 20)
                .neurons("a", new int[] {16}, 40, 20, bias(random, 16, 5), dense("input", weights(random, 16 * 20, 4)))
                .neurons("b", new int[] {9}, 6, 3, bias(random, 9, 2), dense("a", weights(random, 9 * 16, 4)))
                .output("out", 4, null, dense("b", weights(random, 4 * 9, 4)))
                .build();
    }

    static List<int[]> samples(long seed, int count, int size, int max) {
        Random random = new Random(seed);
        List<int[]> samples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int[] sample = new int[size];
            for (int j = 0; j < size; j++) {
                sample[j] = random.nextInt(4) == 0 ? 0 : random.nextInt(max + 1);
            }
            samples.add(sample);
        }
        return samples;
    }
}
