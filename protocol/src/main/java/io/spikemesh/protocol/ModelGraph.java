package io.spikemesh.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The resolved layer graph of a valid model: every layer's output shape and size, and the input's.
 *
 * <p>Shape inference is defined here and nowhere else; the runtime and the converter use these shapes and the static
 * helpers below. Shapes are in model order, {@code [C, H, W]} or {@code [N]}. A graph only exists for a model that
 * passed {@link ModelValidator#validate(Model)}, so every lookup below is safe.
 */
public final class ModelGraph {
    /** The reserved name under which projections and pools refer to the network input. */
    public static final String INPUT = "input";

    private final Model model;
    private final int[] inputShape;
    private final int[][] shapes;
    private final Map<String, Integer> indexByName;

    ModelGraph(Model model, int[] inputShape, int[][] shapes) {
        this.model = model;
        this.inputShape = inputShape;
        this.shapes = shapes;
        final Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < model.getLayersCount(); i++) {
            index.put(model.getLayers(i).getName(), i);
        }
        this.indexByName = Collections.unmodifiableMap(index);
    }

    /**
     * Validates the model and resolves its graph.
     *
     * @throws InvalidModelException when the model breaks any rule of the model file.
     */
    public static ModelGraph of(Model model) {
        return ModelValidator.validate(model);
    }

    public Model model() {
        return model;
    }

    public int[] inputShape() {
        return inputShape.clone();
    }

    public int inputSize() {
        return (int)sizeOf(inputShape);
    }

    public int layerCount() {
        return shapes.length;
    }

    public Layer layer(int index) {
        return model.getLayers(index);
    }

    public Layer layer(String name) {
        return model.getLayers(indexOf(name));
    }

    /** Layer names in file order, which is a topological order. */
    public List<String> layerNames() {
        final List<String> names = new ArrayList<>(shapes.length);
        for (final Layer layer : model.getLayersList()) {
            names.add(layer.getName());
        }
        return names;
    }

    /** Position of the named layer in the file; {@code -1} for {@link #INPUT}. */
    public int indexOf(String name) {
        if (INPUT.equals(name)) {
            return -1;
        }
        final Integer index = indexByName.get(name);
        if (index == null) {
            throw new IllegalArgumentException("no layer named \"" + name + "\"; layers: " + layerNames());
        }
        return index;
    }

    /** Output shape of the named layer, or the input shape for {@link #INPUT}. */
    public int[] shape(String name) {
        final int index = indexOf(name);
        return index < 0 ? inputShape.clone() : shapes[index].clone();
    }

    public int[] shape(int layerIndex) {
        return shapes[layerIndex].clone();
    }

    /** Number of values (neurons) the named layer, or {@link #INPUT}, outputs. */
    public int size(String name) {
        final int index = indexOf(name);
        return (int)sizeOf(index < 0 ? inputShape : shapes[index]);
    }

    public int size(int layerIndex) {
        return (int)sizeOf(shapes[layerIndex]);
    }

    /** The output layer is always the last one. */
    public Layer outputLayer() {
        return model.getLayers(shapes.length - 1);
    }

    public String outputName() {
        return outputLayer().getName();
    }

    /**
     * Follows flatten layers back to the layer that really produces the values: a neuron layer, a max-pool layer or
     * {@link #INPUT}. Flatten only reshapes, and row-major order is kept, so neuron indices are unchanged.
     */
    public String resolveFlatten(String name) {
        String current = name;
        while (!INPUT.equals(current) && layer(current).hasFlatten()) {
            current = layer(current).getFlatten().getSource();
        }
        return current;
    }

    /** Incoming projections of a neuron or output layer; empty for other kinds. */
    public static List<Projection> projectionsOf(Layer layer) {
        if (layer.hasNeurons()) {
            return layer.getNeurons().getProjectionsList();
        }
        if (layer.hasOutput()) {
            return layer.getOutput().getProjectionsList();
        }
        return List.of();
    }

    /** Output size of one spatial axis of a convolution or pooling window: {@code (in + 2p - k) / s + 1}. */
    public static int windowOutputSize(int in, int kernel, int stride, int padding) {
        return (int)Math.floorDiv((long)in + 2L * padding - kernel, stride) + 1;
    }

    /** {@code [out_channels, H', W']} for a {@code [C, H, W]} source. */
    public static int[] conv2dOutputShape(int[] source, Conv2d conv) {
        return new int[] {
            conv.getOutChannels(),
            windowOutputSize(source[1], conv.getKernelH(), conv.getStride(), conv.getPadding()),
            windowOutputSize(source[2], conv.getKernelW(), conv.getStride(), conv.getPadding())};
    }

    /** {@code [C, H', W']} for a {@code [C, H, W]} source. */
    public static int[] maxPoolOutputShape(int[] source, MaxPoolLayer pool) {
        return new int[] {
            source[0],
            windowOutputSize(source[1], pool.getKernel(), pool.getStride(), pool.getPadding()),
            windowOutputSize(source[2], pool.getKernel(), pool.getStride(), pool.getPadding())};
    }

    /** {@code [C * H * W]}. */
    public static int[] flattenShape(int[] source) {
        return new int[] {(int)sizeOf(source)};
    }

    /** Product of the entries, as a long so a hostile shape cannot overflow it silently. */
    public static long sizeOf(int[] shape) {
        long size = 1;
        for (final int extent : shape) {
            size *= extent;
            if (size > Integer.MAX_VALUE || size < 0) {
                return Long.MAX_VALUE;
            }
        }
        return size;
    }

    @Override
    public String toString() {
        final StringBuilder text = new StringBuilder("input ").append(Arrays.toString(inputShape));
        for (int i = 0; i < shapes.length; i++) {
            text.append(" -> ").append(layer(i).getName()).append(' ').append(Arrays.toString(shapes[i]));
        }
        return text.toString();
    }
}
