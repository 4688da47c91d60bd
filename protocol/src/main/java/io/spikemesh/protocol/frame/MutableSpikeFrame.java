package io.spikemesh.protocol.frame;

import java.util.Arrays;

/**
 * A reusable, decoded {@code SpikeFrame}: header fields plus the absolute (not delta coded) local indices that fired,
 * held in caller-provided arrays so decoding allocates nothing.
 *
 * <p>Not thread-safe: one instance per decoding thread (agent or actor).
 */
public final class MutableSpikeFrame {
    private long sampleId;
    private int timeStep;
    private int sourcePartition;
    private int destination;
    private final int[] positive;
    private int positiveCount;
    private final int[] negative;
    private int negativeCount;

    /** Frames with at most {@code capacity} indices per sign can be decoded into this instance. */
    public MutableSpikeFrame(int capacity) {
        this(new int[capacity], new int[capacity]);
    }

    /** Decodes into the given arrays; their lengths bound the positive and negative index counts. */
    public MutableSpikeFrame(int[] positive, int[] negative) {
        this.positive = positive;
        this.negative = negative;
    }

    public long sampleId() {
        return sampleId;
    }

    public int timeStep() {
        return timeStep;
    }

    public int sourcePartition() {
        return sourcePartition;
    }

    public int destination() {
        return destination;
    }

    /** Backing array: valid entries are {@code [0, positiveCount())}, ascending local indices. */
    public int[] positive() {
        return positive;
    }

    public int positiveCount() {
        return positiveCount;
    }

    /** Backing array: valid entries are {@code [0, negativeCount())}, ascending local indices. */
    public int[] negative() {
        return negative;
    }

    public int negativeCount() {
        return negativeCount;
    }

    /** Sets header fields and clears both index lists. */
    public MutableSpikeFrame reset(long sampleId, int timeStep, int sourcePartition, int destination) {
        this.sampleId = sampleId;
        this.timeStep = timeStep;
        this.sourcePartition = sourcePartition;
        this.destination = destination;
        this.positiveCount = 0;
        this.negativeCount = 0;
        return this;
    }

    void sampleId(long value) {
        sampleId = value;
    }

    void timeStep(int value) {
        timeStep = value;
    }

    void sourcePartition(int value) {
        sourcePartition = value;
    }

    void destination(int value) {
        destination = value;
    }

    /** Appends a positive index (the codec checks order); returns false when the array is full. */
    boolean addPositive(int index) {
        if (positiveCount == positive.length) {
            return false;
        }
        positive[positiveCount++] = index;
        return true;
    }

    boolean addNegative(int index) {
        if (negativeCount == negative.length) {
            return false;
        }
        negative[negativeCount++] = index;
        return true;
    }

    /** Copy of the valid positive indices (for tests and reports, not the hot path). */
    public int[] positiveCopy() {
        return Arrays.copyOf(positive, positiveCount);
    }

    /** Copy of the valid negative indices (for tests and reports, not the hot path). */
    public int[] negativeCopy() {
        return Arrays.copyOf(negative, negativeCount);
    }

    @Override
    public String toString() {
        return "SpikeFrame{sample=" + sampleId + ", step=" + timeStep + ", source=" + sourcePartition + ", destination="
                + destination + ", +" + positiveCount + ", -" + negativeCount + "}";
    }
}
