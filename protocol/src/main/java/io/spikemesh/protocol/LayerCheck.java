package io.spikemesh.protocol;

import java.util.List;
import java.util.Map;

/**
 * Validates one layer against the layers before it and infers its output shape. Part of {@link ModelValidator}.
 */
final class LayerCheck {
    private final Model model;
    private final Map<String, Integer> positions;
    private final int[] inputShape;
    private final int[][] shapes;
    private final int index;
    private final Layer layer;
    private final String where;

    LayerCheck(Model model, Map<String, Integer> positions, int[] inputShape, int[][] shapes, int index) {
        this.model = model;
        this.positions = positions;
        this.inputShape = inputShape;
        this.shapes = shapes;
        this.index = index;
        this.layer = model.getLayers(index);
        this.where = "layer \"" + layer.getName() + "\"";
    }

    int[] run() {
        switch (layer.getKindCase()) {
            case NEURONS:
                return checkNeurons(layer.getNeurons());
            case OUTPUT:
                return checkOutput(layer.getOutput());
            case MAX_POOL:
                return checkMaxPool(layer.getMaxPool());
            case FLATTEN:
                return checkFlatten(layer.getFlatten());
            default:
                throw new IllegalStateException("kind checked before: " + layer.getKindCase());
        }
    }

    private int[] checkNeurons(NeuronLayer neurons) {
        final int[] shape = ModelValidator.checkShape(where + ": neurons.shape", neurons.getShapeList(), false);
        final CurrentRange current = checkProjections("neurons", neurons.getProjectionsList(), shape);
        final long threshold = neurons.getThreshold();
        if (threshold <= 0 || threshold > ModelValidator.MAX_THRESHOLD) {
            throw new InvalidModelException(where + ": neurons.threshold is " + threshold + ", expected 1..2^40 (> 0)");
        }
        final long start = neurons.getMembraneStart();
        if (start < 0 || start >= threshold) {
            throw new InvalidModelException(where + ": neurons.membrane_start is " + start + ", expected 0.."
                + (threshold - 1) + " (in [0, threshold), normally threshold / 2 = " + threshold / 2 + ")");
        }
        checkBiasCount("neurons.bias", neurons.getBiasCount(), shape);
        current.check(neurons.getBiasList());
        return shape;
    }

    private int[] checkOutput(OutputLayer output) {
        final int[] shape = ModelValidator.checkShape(where + ": output.shape", output.getShapeList(), true);
        if (shape.length != 1) {
            throw new InvalidModelException(where + ": output.shape is " + ModelValidator.shapeText(shape)
                + ", expected [N] (one neuron per class)");
        }
        final CurrentRange current = checkProjections("output", output.getProjectionsList(), shape);
        checkBiasCount("output.bias", output.getBiasCount(), shape);
        current.check(output.getBiasList());
        return shape;
    }

    private CurrentRange checkProjections(String kind, List<Projection> projections, int[] shape) {
        if (projections.isEmpty()) {
            throw new InvalidModelException(where + ": " + kind + ".projections is empty, expected at least one "
                + "incoming projection");
        }
        final CurrentRange current = new CurrentRange(where, shape);
        for (int p = 0; p < projections.size(); p++) {
            final Projection projection = projections.get(p);
            final String field = kind + ".projections[" + p + "].source";
            final int source = resolveSource(field, projection.getSource());
            if (source >= 0 && model.getLayers(source).hasOutput()) {
                throw new InvalidModelException(where + ": " + field + " is the output layer \""
                    + projection.getSource() + "\", which does not spike; expected a neuron, max-pool or flatten layer");
            }
            final String projectionWhere = where + " projection " + p + " (from \"" + projection.getSource() + "\")";
            final long magnitude = source < 0 ? Integer.toUnsignedLong(model.getInput().getMaxValue()) : 1;
            ProjectionCheck.check(projectionWhere, projection, shapeOf(source), shape, magnitude, current);
        }
        return current;
    }

    private void checkBiasCount(String field, int count, int[] shape) {
        final long size = ModelGraph.sizeOf(shape);
        if (count != 0 && count != size) {
            throw new InvalidModelException(where + ": " + field + " has " + count + " values, expected 0 (all zero) or "
                + size + " (one per neuron of shape " + ModelValidator.shapeText(shape) + ")");
        }
    }

    private int[] checkMaxPool(MaxPoolLayer pool) {
        final int source = resolveSource("max_pool.source", pool.getSource());
        if (source < 0 || !(model.getLayers(source).hasNeurons() || model.getLayers(source).hasMaxPool())) {
            throw new InvalidModelException(where + ": max_pool.source \"" + pool.getSource() + "\" is "
                + (source < 0 ? "the network input" : ModelValidator.kindName(model.getLayers(source)))
                + ", expected a neuron or max-pool layer (pooling acts on spike trains)");
        }
        final int[] sourceShape = require3d("max_pool.source", pool.getSource(), source);
        final long kernel = Integer.toUnsignedLong(pool.getKernel());
        final long stride = Integer.toUnsignedLong(pool.getStride());
        final long padding = Integer.toUnsignedLong(pool.getPadding());
        checkWindow(where, "max_pool", kernel, kernel, stride, padding, sourceShape);
        return ModelGraph.maxPoolOutputShape(sourceShape, pool);
    }

    private int[] checkFlatten(FlattenLayer flatten) {
        final int source = resolveSource("flatten.source", flatten.getSource());
        if (source < 0) {
            throw new InvalidModelException(where + ": flatten.source is \"input\", expected a neuron or max-pool "
                + "layer (a dense projection takes the input in any shape directly)");
        }
        return ModelGraph.flattenShape(require3d("flatten.source", flatten.getSource(), source));
    }

    /** Kernel, stride and padding of a window over a {@code [C, H, W]} source; shared by conv2d and max-pool. */
    static void checkWindow(String where, String kind, long kernelH, long kernelW, long stride, long padding,
        int[] sourceShape) {
        final String prefix = kind.equals("max_pool") ? "max_pool." : kind + ".";
        final String kernelField = kind.equals("max_pool") ? "kernel" : "kernel_h/kernel_w";
        if (kernelH < 1 || kernelW < 1 || kernelH > ModelValidator.MAX_LAYER_SIZE
            || kernelW > ModelValidator.MAX_LAYER_SIZE) {
            throw new InvalidModelException(where + ": " + prefix + kernelField + " is " + kernelH
                + (kind.equals("max_pool") ? "" : "x" + kernelW) + ", expected >= 1");
        }
        if (stride < 1 || stride > ModelValidator.MAX_LAYER_SIZE) {
            throw new InvalidModelException(where + ": " + prefix + "stride is " + stride + ", expected >= 1");
        }
        if (padding >= Math.min(kernelH, kernelW)) {
            throw new InvalidModelException(where + ": " + prefix + "padding is " + padding + ", expected less than "
                + "the kernel size " + Math.min(kernelH, kernelW) + " (a window must overlap real values)");
        }
        final long height = sourceShape[1] + 2 * padding;
        final long width = sourceShape[2] + 2 * padding;
        if (height < kernelH || width < kernelW) {
            throw new InvalidModelException(where + ": " + prefix + kernelField + " " + kernelH + "x" + kernelW
                + " with padding " + padding + " does not fit the source's " + sourceShape[1] + "x" + sourceShape[2]
                + " feature map: the output would be empty, expected an output size >= 1");
        }
    }

    private int[] require3d(String field, String sourceName, int source) {
        final int[] shape = shapeOf(source);
        if (shape.length != 3) {
            throw new InvalidModelException(where + ": " + field + " \"" + sourceName + "\" has shape "
                + ModelValidator.shapeText(shape) + ", expected a [C, H, W] shape");
        }
        return shape;
    }

    private int[] shapeOf(int source) {
        return source < 0 ? inputShape : shapes[source];
    }

    /** Returns the position of an earlier layer, or -1 for the input. */
    private int resolveSource(String field, String source) {
        if (ModelGraph.INPUT.equals(source)) {
            return -1;
        }
        if (source.isEmpty()) {
            throw new InvalidModelException(where + ": " + field + " is empty, expected \"input\" or the name of an "
                + "earlier layer");
        }
        final Integer position = positions.get(source);
        if (position == null) {
            throw new InvalidModelException(where + ": " + field + " refers to unknown layer \"" + source
                + "\"; expected \"input\" or one of the earlier layers " + earlierNames());
        }
        if (position == index) {
            throw new InvalidModelException(where + ": " + field + " refers to the layer itself (a cycle); expected "
                + "\"input\" or one of the earlier layers " + earlierNames());
        }
        if (position > index) {
            throw new InvalidModelException(where + ": " + field + " refers to \"" + source + "\", which is listed "
                + "later (position " + position + ", this is " + index + "); sources must be listed before the "
                + "layers that use them, which keeps the graph free of cycles");
        }
        return position;
    }

    private String earlierNames() {
        final StringBuilder names = new StringBuilder("[");
        for (int i = 0; i < index; i++) {
            names.append(i == 0 ? "" : ", ").append('"').append(model.getLayers(i).getName()).append('"');
        }
        return names.append(']').toString();
    }
}
