package io.spikemesh.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * The worst-case input current per step of each neuron of one layer: |bias| plus, over the incoming projections,
 * sum |w| times the largest presynaptic value. The runtime adds a step's currents in {@code int[]}, so this must fit
 * a Java int. Part of {@link ModelValidator}.
 */
final class CurrentRange {
    /** Saturation point of the sums: far above any int, far below overflow of a long sum of two. */
    private static final long LIMIT = 1L << 61;

    /** Per-projection bound; one entry per {@code neuronsPerEntry} consecutive target neurons (a conv channel). */
    record Bound(long[] perEntry, int neuronsPerEntry, String source, long magnitude) {
    }

    private final int size;
    private final List<Bound> bounds = new ArrayList<>();

    CurrentRange(int size) {
        this.size = size;
    }

    void add(Bound bound) {
        bounds.add(bound);
    }

    void check(String where, List<Long> bias, List<Projection> projections) {
        long worst = -1;
        int worstNeuron = 0;
        for (int n = 0; n < size; n++) {
            long total = bias.isEmpty() ? 0 : saturatingAbs(bias.get(n));
            for (final Bound bound : bounds) {
                total = saturatingAdd(total, bound.perEntry()[n / bound.neuronsPerEntry()]);
            }
            if (total > worst) {
                worst = total;
                worstNeuron = n;
            }
        }
        if (worst > Integer.MAX_VALUE) {
            int maxBits = 0;
            for (final Projection projection : projections) {
                maxBits = Math.max(maxBits, projection.getWeightBits());
            }
            throw new InvalidModelException(where + ": worst-case input current per step is "
                + (worst >= LIMIT ? "more than 2^61" : String.valueOf(worst)) + " at neuron " + worstNeuron
                + " (|bias| + sum over projections of sum |w| x largest presynaptic value, which is "
                + "input.max_value for \"input\" and 1 for spikes), more than " + Integer.MAX_VALUE
                + " that the runtime accumulates in a 32-bit int; convert with fewer weight bits (now up to "
                + maxBits + "), a smaller bias or a smaller input.max_value");
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
