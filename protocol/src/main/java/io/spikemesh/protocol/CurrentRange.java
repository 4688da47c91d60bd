package io.spikemesh.protocol;

import java.util.List;

/**
 * The worst-case input current per step of each neuron of one layer: |bias| plus, over the incoming projections,
 * sum |w| times the largest presynaptic value. The runtime adds a step's currents in {@code int[]}, so this must fit
 * a Java int. Part of {@link ModelValidator}.
 *
 * <p>Bounds are kept per output channel for convolutions and per neuron for dense projections, so the work and memory
 * stay proportional to what the file holds: a hostile file with a huge layer but a tiny kernel costs little.
 */
final class CurrentRange {
    /** Saturation point of the sums: far above any int, far below overflow of a long sum of two. */
    private static final long LIMIT = 1L << 61;

    private final int size;
    private final int neuronsPerChannel;
    private final String where;
    private long[] perNeuron;
    private long[] perChannel;
    private int maxWeightBits;

    /**
     * @param shape the layer's shape; for {@code [C, H, W]} convolutions bound each of the C channels.
     */
    CurrentRange(String where, int[] shape) {
        this.where = where;
        this.size = (int)ModelGraph.sizeOf(shape);
        this.neuronsPerChannel = shape.length == 3 ? shape[1] * shape[2] : size;
    }

    /** Adds a dense projection's bound: {@code rowSums[n]} for target neuron n. */
    void addPerNeuron(long[] rowSums, int weightBits) {
        if (perNeuron == null) {
            perNeuron = new long[size];
        }
        for (int n = 0; n < size; n++) {
            perNeuron[n] = saturatingAdd(perNeuron[n], rowSums[n]);
        }
        maxWeightBits = Math.max(maxWeightBits, weightBits);
    }

    /** Adds a convolution's bound: {@code channelSums[c]} for every neuron of output channel c. */
    void addPerChannel(long[] channelSums, int weightBits) {
        if (perChannel == null) {
            perChannel = new long[size / neuronsPerChannel];
        }
        for (int c = 0; c < perChannel.length; c++) {
            perChannel[c] = saturatingAdd(perChannel[c], channelSums[c]);
        }
        maxWeightBits = Math.max(maxWeightBits, weightBits);
    }

    void check(List<Long> bias) {
        long worst = -1;
        int worstNeuron = 0;
        if (perNeuron == null && bias.isEmpty()) {
            for (int c = 0; c < perChannel.length; c++) {
                if (perChannel[c] > worst) {
                    worst = perChannel[c];
                    worstNeuron = c * neuronsPerChannel;
                }
            }
        } else {
            for (int n = 0; n < size; n++) {
                long total = bias.isEmpty() ? 0 : saturatingAbs(bias.get(n));
                total = saturatingAdd(total, perNeuron == null ? 0 : perNeuron[n]);
                total = saturatingAdd(total, perChannel == null ? 0 : perChannel[n / neuronsPerChannel]);
                if (total > worst) {
                    worst = total;
                    worstNeuron = n;
                }
            }
        }
        if (worst > Integer.MAX_VALUE) {
            throw new InvalidModelException(where + ": worst-case input current per step is "
                + (worst >= LIMIT ? "more than 2^61" : String.valueOf(worst)) + " at neuron " + worstNeuron
                + " (|bias| + sum over projections of sum |w| x largest presynaptic value, which is "
                + "input.max_value for \"input\" and 1 for spikes), more than " + Integer.MAX_VALUE
                + " that the runtime accumulates in a 32-bit int; convert with fewer weight bits (now up to "
                + maxWeightBits + "), a smaller bias or a smaller input.max_value");
        }
    }

    static long saturatingMultiply(long a, long b) {
        if (a == 0 || b == 0) {
            return 0;
        }
        return a > LIMIT / b ? LIMIT : Math.min(a * b, LIMIT);
    }

    static long saturatingAdd(long a, long b) {
        return Math.min(a + b, LIMIT);
    }

    static long saturatingAbs(long value) {
        return value == Long.MIN_VALUE ? LIMIT : Math.min(Math.abs(value), LIMIT);
    }
}
