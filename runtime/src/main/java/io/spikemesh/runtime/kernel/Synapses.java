package io.spikemesh.runtime.kernel;

/**
 * The synapses of one projection, laid out so that one presynaptic event touches one contiguous run of memory.
 *
 * <p>Sources and targets are numbered in the runtime's internal order (see {@code network.Layout}: channel-last for
 * 3-D layers). A spike of source neuron {@code s} with sign ±1 is {@code accumulate(s, ±1, current, lo, hi)}; the
 * network input uses its raw value as the multiplier, once per sample (the input current is the same every input
 * step). The kernels are stateless and thread-safe; all state lives in the caller's arrays.
 *
 * <p>One call to {@link #accumulate} counts as many synaptic operations (SynOps) as it returns: the number of
 * (event, synapse) pairs it applied, zero weights included, because hardware pays for a synapse whether or not its
 * weight happens to be zero.
 */
public abstract sealed class Synapses permits DenseSynapses, ConvSynapses {
    private final int sourceSize;
    private final int targetSize;

    Synapses(int sourceSize, int targetSize) {
        this.sourceSize = sourceSize;
        this.targetSize = targetSize;
    }

    /** Number of presynaptic neurons (internal order indices {@code 0..sourceSize-1}). */
    public final int sourceSize() {
        return sourceSize;
    }

    /** Number of postsynaptic neurons (internal order indices {@code 0..targetSize-1}). */
    public final int targetSize() {
        return targetSize;
    }

    /**
     * Adds {@code multiplier · w(source → t)} to {@code current[t - targetLo]} for every target {@code t} in
     * {@code [targetLo, targetHi)} that {@code source} reaches.
     *
     * @return the number of synapses touched (synaptic operations)
     */
    public abstract int accumulate(int sourceNeuron, int multiplier, int[] current, int targetLo, int targetHi);

    /** Lowest target {@code source} reaches (inclusive); equals {@link #targetHi} when it reaches none. */
    public abstract int targetLo(int sourceNeuron);

    /** One past the highest target {@code source} reaches: {@code [targetLo, targetHi)} is the hull of its targets. */
    public abstract int targetHi(int sourceNeuron);

    /** Total number of synapses of this projection. */
    public abstract long synapseCount();
}
