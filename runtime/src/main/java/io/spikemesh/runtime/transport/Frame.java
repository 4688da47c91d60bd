package io.spikemesh.runtime.transport;

/**
 * One spike frame as delivered to a partition: the content of {@code SpikeFrame}, with absolute local indices of the
 * source partition. The arrays are exact-length and immutable by convention (a multicast shares them between the
 * frames of all destinations).
 *
 * @param encodedBytes size of the frame on the wire (for the in-JVM transport: the size it would have)
 */
public record Frame(long sampleId, int timeStep, int sourcePartition, int destination, int[] positive,
                    int[] negative, int encodedBytes) {
}
