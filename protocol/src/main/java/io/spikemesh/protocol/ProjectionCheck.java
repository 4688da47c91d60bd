package io.spikemesh.protocol;

/**
 * Validates one projection against its source and target shapes and bounds the input current it can inject.
 * Part of {@link ModelValidator}.
 */
final class ProjectionCheck {
    private ProjectionCheck() {
    }

    /**
     * @param where      "layer "x" projection p (from "y")", the prefix of every message.
     * @param magnitude  the largest absolute value one presynaptic event carries: the input's max_value, or 1 for a
     *                   spike.
     * @param current    receives the worst-case current this projection adds to each target neuron in one step.
     */
    static void check(String where, Projection projection, int[] sourceShape, int[] targetShape, long magnitude,
        CurrentRange current) {
        final long bits = Integer.toUnsignedLong(projection.getWeightBits());
        if (bits < ModelValidator.MIN_WEIGHT_BITS || bits > ModelValidator.MAX_WEIGHT_BITS) {
            throw new InvalidModelException(where + ": weight_bits is " + bits + ", expected "
                + ModelValidator.MIN_WEIGHT_BITS + ".." + ModelValidator.MAX_WEIGHT_BITS);
        }
        final long targetSize = ModelGraph.sizeOf(targetShape);
        final long rows;
        final long expected;
        final String formula;
        switch (projection.getKindCase()) {
            case DENSE:
                rows = targetSize;
                expected = targetSize * ModelGraph.sizeOf(sourceShape);
                formula = targetSize + "*" + ModelGraph.sizeOf(sourceShape);
                break;
            case CONV2D:
                final Conv2d conv = projection.getConv2D();
                checkConv(where, conv, sourceShape, targetShape);
                rows = conv.getOutChannels();
                // Every factor is at most 2^24 after checkConv, so the first product fits; the rest saturate.
                expected = CurrentRange.saturatingMultiply(
                    CurrentRange.saturatingMultiply(rows * conv.getInChannels(), conv.getKernelH()), conv.getKernelW());
                formula = rows + "*" + conv.getInChannels() + "*" + conv.getKernelH() + "*" + conv.getKernelW();
                break;
            default:
                throw new InvalidModelException(where + ": kind is not set, expected dense or conv2d");
        }
        if (expected > ModelValidator.MAX_PROJECTION_WEIGHTS) {
            throw new InvalidModelException(where + ": needs " + formula + " = " + expected + " weights, more than "
                + ModelValidator.MAX_PROJECTION_WEIGHTS + ", the most one projection may have");
        }
        final int count = projection.getWeightsCount();
        if (count != expected) {
            throw new InvalidModelException(where + ": weights has " + count + " values, expected " + formula + " = "
                + expected + " (" + (projection.hasDense() ? "[out, in]" : "[out_channels, in_channels, kh, kw]")
                + " row-major)");
        }
        final long[] rowSums = rowSums(where, projection, (int)bits, (int)rows, magnitude);
        if (projection.hasDense()) {
            current.addPerNeuron(rowSums, (int)bits);
        } else {
            current.addPerChannel(rowSums, (int)bits);
        }
    }

    private static void checkConv(String where, Conv2d conv, int[] sourceShape, int[] targetShape) {
        if (sourceShape.length != 3) {
            throw new InvalidModelException(where + ": conv2d needs a [C, H, W] source, but the source has shape "
                + ModelValidator.shapeText(sourceShape) + "; use a dense projection or a source with 3-D shape");
        }
        final long inChannels = Integer.toUnsignedLong(conv.getInChannels());
        if (inChannels != sourceShape[0]) {
            throw new InvalidModelException(where + ": conv2d.in_channels is " + inChannels + ", expected "
                + sourceShape[0] + " (the channels of the source's shape " + ModelValidator.shapeText(sourceShape)
                + ")");
        }
        final long outChannels = Integer.toUnsignedLong(conv.getOutChannels());
        if (outChannels < 1 || outChannels > ModelValidator.MAX_LAYER_SIZE) {
            throw new InvalidModelException(where + ": conv2d.out_channels is " + outChannels + ", expected >= 1");
        }
        LayerCheck.checkWindow(where, "conv2d", Integer.toUnsignedLong(conv.getKernelH()),
            Integer.toUnsignedLong(conv.getKernelW()), Integer.toUnsignedLong(conv.getStride()),
            Integer.toUnsignedLong(conv.getPadding()), sourceShape);
        final int[] produced = ModelGraph.conv2dOutputShape(sourceShape, conv);
        if (!java.util.Arrays.equals(produced, targetShape)) {
            throw new InvalidModelException(where + ": conv2d produces shape " + ModelValidator.shapeText(produced)
                + " from source shape " + ModelValidator.shapeText(sourceShape) + " ((H + 2*padding - kernel) / stride"
                + " + 1), but the layer's shape is " + ModelValidator.shapeText(targetShape)
                + "; expected them to be equal");
        }
    }

    /** Checks every weight against its bit width and sums |w| per row (target neuron or output channel). */
    private static long[] rowSums(String where, Projection projection, int bits, int rows, long magnitude) {
        final int lo = -(1 << (bits - 1));
        final int hi = (1 << (bits - 1)) - 1;
        final int rowLength = projection.getWeightsCount() / rows;
        final long[] perRow = new long[rows];
        int i = 0;
        for (int row = 0; row < rows; row++) {
            long sum = 0;
            for (int k = 0; k < rowLength; k++, i++) {
                final int w = projection.getWeights(i);
                if (w < lo || w > hi) {
                    throw new InvalidModelException(where + ": weights[" + i + "] is " + w + ", outside ["
                        + lo + ", " + hi + "] for weight_bits " + bits + "; expected every weight to fit the declared "
                        + "width");
                }
                sum += Math.abs(w);
            }
            perRow[row] = CurrentRange.saturatingMultiply(sum, magnitude);
        }
        return perRow;
    }
}
