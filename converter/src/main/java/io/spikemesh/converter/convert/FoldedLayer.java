package io.spikemesh.converter.convert;

/**
 * One layer of the float network after batch-norm folding, in model-file terms.
 *
 * <p>For a projection ({@link Kind#CONV} / {@link Kind#DENSE}): {@code weight} in [out, in] or [out, in, kh, kw]
 * row-major order, {@code bias} one per output channel, {@code step} the quantizer step s of this layer (NaN for the
 * output layer). {@code source} names the presynaptic layer ("input" for the network input).
 */
public record FoldedLayer(String name, Kind kind, String source, int[] outShape, float[] weight, float[] bias,
        int inChannels, int outChannels, int kernel, int stride, int padding, float step) {

    /** What a layer is. */
    public enum Kind { CONV, DENSE, MAX_POOL }

    public boolean isProjection() {
        return kind != Kind.MAX_POOL;
    }

    public boolean isOutput() {
        return isProjection() && Float.isNaN(step);
    }

    public int size() {
        int s = 1;
        for (int d : outShape) {
            s *= d;
        }
        return s;
    }
}
