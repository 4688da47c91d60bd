package io.spikemesh.runtime.network;

import java.util.Arrays;

/**
 * How the neurons of one layer (or the network input) are numbered inside the runtime, and how that numbering maps to
 * the model file's.
 *
 * <p>Model order is the model file's: row-major {@code [C, H, W]}, so neuron {@code (c, y, x)} has model index
 * {@code c * H * W + y * W + x}; a 1-D layer {@code [N]} is just {@code 0..N-1}.
 *
 * <p>Internal order is channel-last for 3-D layers: neuron {@code (c, y, x)} has internal index
 * {@code (y * W + x) * C + c}, so all channels of one position are contiguous and a convolution spike adds one
 * contiguous kernel slice across all output channels. 1-D layers keep the identity. Everything a user sees (samples,
 * net counts, rasters) is in model order; kernels, membranes and spike indices on the wire are in internal order.
 */
public final class Layout {
    private final int[] shape;
    private final int channels;
    private final int height;
    private final int width;
    private final int size;
    private final boolean channelLast;

    private Layout(int[] shape) {
        this.shape = shape.clone();
        long n = 1;
        for (int d : shape) {
            if (d < 1) {
                throw new IllegalArgumentException("shape entries must be >= 1: " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("layer too large: " + Arrays.toString(shape));
        }
        this.size = (int) n;
        this.channelLast = shape.length == 3;
        this.channels = channelLast ? shape[0] : 1;
        this.height = channelLast ? shape[1] : 1;
        this.width = channelLast ? shape[2] : size;
    }

    /** A layout for a model shape: {@code [C, H, W]} becomes channel-last, anything else keeps the identity. */
    public static Layout of(int... shape) {
        return new Layout(shape);
    }

    /** The shape in model order, e.g. {@code [C, H, W]} or {@code [N]}. */
    public int[] shape() {
        return shape.clone();
    }

    public int size() {
        return size;
    }

    /** True for 3-D layers, whose internal order is {@code [H, W, C]}. */
    public boolean isChannelLast() {
        return channelLast;
    }

    /** C of a 3-D layer, 1 otherwise. */
    public int channels() {
        return channels;
    }

    /** H of a 3-D layer, 1 otherwise. */
    public int height() {
        return height;
    }

    /** W of a 3-D layer, the size otherwise. */
    public int width() {
        return width;
    }

    /** Internal index of the neuron with model index {@code modelIndex}. */
    public int toInternal(int modelIndex) {
        if (!channelLast) {
            return modelIndex;
        }
        int c = modelIndex / (height * width);
        int position = modelIndex - c * height * width;
        return position * channels + c;
    }

    /** Model index of the neuron with internal index {@code internalIndex}. */
    public int toModelOrder(int internalIndex) {
        if (!channelLast) {
            return internalIndex;
        }
        int position = internalIndex / channels;
        int c = internalIndex - position * channels;
        return c * height * width + position;
    }

    /** Values given per neuron in model order, rearranged into internal order (a new array). */
    public int[] toInternal(int[] modelOrder) {
        checkLength(modelOrder.length);
        int[] internal = new int[size];
        for (int m = 0; m < size; m++) {
            internal[toInternal(m)] = modelOrder[m];
        }
        return internal;
    }

    /** Values given per neuron in model order, written into {@code internal} in internal order (no allocation). */
    public void toInternal(int[] modelOrder, int[] internal) {
        checkLength(modelOrder.length);
        checkLength(internal.length);
        for (int m = 0; m < size; m++) {
            internal[toInternal(m)] = modelOrder[m];
        }
    }

    /** Values given per neuron in internal order, rearranged into model order (a new array). */
    public int[] toModelOrder(int[] internal) {
        checkLength(internal.length);
        int[] model = new int[size];
        for (int i = 0; i < size; i++) {
            model[toModelOrder(i)] = internal[i];
        }
        return model;
    }

    /** Values given per neuron in internal order, rearranged into model order (a new array). */
    public long[] toModelOrder(long[] internal) {
        checkLength(internal.length);
        long[] model = new long[size];
        for (int i = 0; i < size; i++) {
            model[toModelOrder(i)] = internal[i];
        }
        return model;
    }

    /** Values given per neuron in internal order, rearranged into model order (a new array). */
    public byte[] toModelOrder(byte[] internal) {
        checkLength(internal.length);
        byte[] model = new byte[size];
        for (int i = 0; i < size; i++) {
            model[toModelOrder(i)] = internal[i];
        }
        return model;
    }

    /** Values given per neuron in model order, rearranged into internal order (a new array). */
    public long[] toInternal(long[] modelOrder) {
        checkLength(modelOrder.length);
        long[] internal = new long[size];
        for (int m = 0; m < size; m++) {
            internal[toInternal(m)] = modelOrder[m];
        }
        return internal;
    }

    private void checkLength(int length) {
        if (length != size) {
            throw new IllegalArgumentException(
                    "expected " + size + " values for shape " + Arrays.toString(shape) + ", got " + length);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Layout other && Arrays.equals(shape, other.shape);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return Arrays.toString(shape) + (channelLast ? " (internal [H, W, C])" : "");
    }
}
