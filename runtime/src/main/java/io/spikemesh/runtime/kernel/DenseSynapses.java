package io.spikemesh.runtime.kernel;

/**
 * A fully connected projection, weights stored presynaptic-major: row {@code s} holds {@code w(s → 0..targetSize)}
 * contiguously, so a spike is one sequential pass over one row.
 *
 * <p>Each row is its own {@code int[]}: on Java 17, C2 vectorizes {@code current[t + shift] += row[t]} but neither a
 * widening {@code short} load nor an offset into one flat weight array (measured ~15 vs ~2.7 G adds/s per core).
 */
public final class DenseSynapses extends Synapses {
    private final int[][] rows;

    /**
     * @param presynapticMajor {@code sourceSize × targetSize} weights, {@code w(s → t)} at {@code s * targetSize + t},
     *                         both indices in internal order; each weight fits in 16 bits.
     */
    public DenseSynapses(int sourceSize, int targetSize, short[] presynapticMajor) {
        super(sourceSize, targetSize);
        if ((long) sourceSize * targetSize != presynapticMajor.length) {
            throw new IllegalArgumentException("dense weights: expected " + (long) sourceSize * targetSize
                    + " values for " + sourceSize + " × " + targetSize + ", got " + presynapticMajor.length);
        }
        this.rows = new int[sourceSize][targetSize];
        for (int s = 0; s < sourceSize; s++) {
            int[] row = rows[s];
            for (int t = 0; t < targetSize; t++) {
                row[t] = presynapticMajor[s * targetSize + t];
            }
        }
    }

    /** Weight from source {@code s} to target {@code t} (internal order); for tests and tools, not the hot path. */
    public int weight(int s, int t) {
        return rows[s][t];
    }

    @Override
    public int accumulate(int sourceNeuron, int multiplier, int[] current, int targetLo, int targetHi) {
        int n = targetSize();
        int lo = Math.max(targetLo, 0);
        int hi = Math.min(targetHi, n);
        if (lo >= hi) {
            return 0;
        }
        final int[] row = rows[sourceNeuron];
        final int shift = -targetLo;
        if (multiplier == 1) {
            for (int t = lo; t < hi; t++) {
                current[t + shift] += row[t];
            }
        } else if (multiplier == -1) {
            for (int t = lo; t < hi; t++) {
                current[t + shift] -= row[t];
            }
        } else {
            for (int t = lo; t < hi; t++) {
                current[t + shift] += multiplier * row[t];
            }
        }
        return hi - lo;
    }

    @Override
    public int targetLo(int sourceNeuron) {
        return 0;
    }

    @Override
    public int targetHi(int sourceNeuron) {
        return targetSize();
    }

    @Override
    public long synapseCount() {
        return (long) sourceSize() * targetSize();
    }
}
