package io.spikemesh.runtime.kernel;

/**
 * A fully connected projection, weights stored presynaptic-major: row {@code s} holds {@code w(s → 0..targetSize)}
 * contiguously, so a spike is one sequential pass over one row.
 */
public final class DenseSynapses extends Synapses {
    private final short[] weights;

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
        this.weights = presynapticMajor;
    }

    /** Weight from source {@code s} to target {@code t} (internal order); for tests and tools, not the hot path. */
    public int weight(int s, int t) {
        return weights[s * targetSize() + t];
    }

    @Override
    public int accumulate(int sourceNeuron, int multiplier, int[] current, int targetLo, int targetHi) {
        int n = targetSize();
        int lo = Math.max(targetLo, 0);
        int hi = Math.min(targetHi, n);
        if (lo >= hi) {
            return 0;
        }
        final short[] w = weights;
        int row = sourceNeuron * n;
        int shift = -targetLo;
        if (multiplier == 1) {
            for (int t = lo; t < hi; t++) {
                current[t + shift] += w[row + t];
            }
        } else if (multiplier == -1) {
            for (int t = lo; t < hi; t++) {
                current[t + shift] -= w[row + t];
            }
        } else {
            for (int t = lo; t < hi; t++) {
                current[t + shift] += multiplier * w[row + t];
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
