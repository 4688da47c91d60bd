package io.spikemesh.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks every rule of the model file before anything is simulated, so that a bad file fails here with a message
 * naming the layer and the field, never later with an index out of bounds or a silently wrong answer.
 *
 * <p>The rules are listed in protocol/README.md. Shapes are inferred while walking the layers in file order, which is
 * also the check that every source is listed earlier (and therefore that the graph has no cycles).
 */
public final class ModelValidator {
    /** Largest number of neurons (or input values) in one layer. */
    public static final long MAX_LAYER_SIZE = 1L << 24;
    /** Largest number of weights in one projection. */
    public static final long MAX_PROJECTION_WEIGHTS = 1L << 28;
    /** Largest threshold; keeps membranes far from the long range whatever T is. */
    public static final long MAX_THRESHOLD = 1L << 40;
    /** Largest default number of time steps. */
    public static final int MAX_TIME_STEPS = 4096;
    /** Largest raw input value: samples are Java ints. */
    public static final long MAX_INPUT_VALUE = Integer.MAX_VALUE;
    public static final int MIN_WEIGHT_BITS = 2;
    public static final int MAX_WEIGHT_BITS = 16;
    public static final int MAX_ACTIVATION_BITS = 8;

    private ModelValidator() {
    }

    /**
     * Validates the whole model and returns its resolved graph.
     *
     * @throws InvalidModelException naming the first broken rule.
     */
    public static ModelGraph validate(Model model) {
        if (model == null) {
            throw new InvalidModelException("model is null");
        }
        if (model.getFormatVersion() != ModelFile.FORMAT_VERSION) {
            throw new InvalidModelException("Model.format_version is " + Integer.toUnsignedString(model.getFormatVersion())
                + ", expected " + ModelFile.FORMAT_VERSION + " (the only version this Spikemesh reads)");
        }
        final int[] inputShape = checkInput(model.getInput());
        final int layerCount = model.getLayersCount();
        if (layerCount == 0) {
            throw new InvalidModelException("model has no layers: expected at least an output layer");
        }
        final Map<String, Integer> positions = checkNamesAndKinds(model);
        final int[][] shapes = new int[layerCount][];
        for (int i = 0; i < layerCount; i++) {
            shapes[i] = new LayerCheck(model, positions, inputShape, shapes, i).run();
        }
        checkMetadata(model.getMetadata(), shapes[layerCount - 1]);
        return new ModelGraph(model, inputShape, shapes);
    }

    private static int[] checkInput(InputSpec input) {
        final int[] shape = checkShape("input.shape", input.getShapeList(), false);
        final double scale = input.getScale();
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new InvalidModelException("input.scale is " + scale
                + ", expected a finite value > 0 (the float value of one raw input unit, e.g. 1/255)");
        }
        final long maxValue = Integer.toUnsignedLong(input.getMaxValue());
        if (maxValue < 1 || maxValue > MAX_INPUT_VALUE) {
            throw new InvalidModelException("input.max_value is " + maxValue + ", expected 1.." + MAX_INPUT_VALUE
                + " (the largest raw sample value, e.g. 255 for pixels)");
        }
        return shape;
    }

    private static Map<String, Integer> checkNamesAndKinds(Model model) {
        final Map<String, Integer> positions = new HashMap<>();
        final List<String> outputs = new ArrayList<>();
        for (int i = 0; i < model.getLayersCount(); i++) {
            final Layer layer = model.getLayers(i);
            final String name = layer.getName();
            if (name.isEmpty()) {
                throw new InvalidModelException("layer " + i + ": name is empty, expected a unique non-empty name");
            }
            if (ModelGraph.INPUT.equals(name)) {
                throw new InvalidModelException("layer " + i + ": name \"input\" is reserved for the network input; "
                    + "rename the layer");
            }
            final Integer earlier = positions.putIfAbsent(name, i);
            if (earlier != null) {
                throw new InvalidModelException("layer " + i + ": duplicate name \"" + name + "\" (also layer "
                    + earlier + "); layer names must be unique");
            }
            if (layer.getKindCase() == Layer.KindCase.KIND_NOT_SET) {
                throw new InvalidModelException("layer \"" + name + "\": kind is not set, expected one of neurons, "
                    + "max_pool, flatten, output");
            }
            if (layer.hasOutput()) {
                outputs.add(name);
            }
        }
        final Layer last = model.getLayers(model.getLayersCount() - 1);
        if (outputs.isEmpty()) {
            throw new InvalidModelException("model has no output layer: expected exactly one layer of kind output, "
                + "listed last (the last layer \"" + last.getName() + "\" is " + kindName(last) + ")");
        }
        if (outputs.size() > 1) {
            throw new InvalidModelException("model has " + outputs.size() + " output layers " + outputs
                + ": expected exactly one, listed last");
        }
        if (!last.hasOutput()) {
            throw new InvalidModelException("output layer \"" + outputs.get(0) + "\" is at position "
                + positions.get(outputs.get(0)) + " of " + model.getLayersCount()
                + ": expected it to be the last layer");
        }
        return positions;
    }

    private static void checkMetadata(Metadata metadata, int[] outputShape) {
        final long bits = Integer.toUnsignedLong(metadata.getActivationBits());
        if (bits > MAX_ACTIVATION_BITS) {
            throw new InvalidModelException("metadata.activation_bits is " + bits + ", expected 1.."
                + MAX_ACTIVATION_BITS + " (or 0 when unknown)");
        }
        final long steps = Integer.toUnsignedLong(metadata.getDefaultTimeSteps());
        if (steps < 1 || steps > MAX_TIME_STEPS) {
            throw new InvalidModelException("metadata.default_time_steps is " + steps + ", expected 1.."
                + MAX_TIME_STEPS + " (normally L = 2^b - 1 for b activation bits)");
        }
        checkAccuracy("float_accuracy", metadata.hasFloatAccuracy(), metadata.getFloatAccuracy());
        checkAccuracy("qann_accuracy", metadata.hasQannAccuracy(), metadata.getQannAccuracy());
        checkAccuracy("int_qann_accuracy", metadata.hasIntQannAccuracy(), metadata.getIntQannAccuracy());
        checkAccuracy("snn_accuracy", metadata.hasSnnAccuracy(), metadata.getSnnAccuracy());
        final int classes = metadata.getClassNamesCount();
        if (classes != 0 && classes != outputShape[0]) {
            throw new InvalidModelException("metadata.class_names has " + classes + " names, expected 0 or "
                + outputShape[0] + " (one per output neuron)");
        }
    }

    private static void checkAccuracy(String field, boolean present, double value) {
        if (present && !(value >= 0 && value <= 1)) {
            throw new InvalidModelException("metadata." + field + " is " + value + ", expected a fraction in [0, 1]");
        }
    }

    /**
     * Checks a shape: rank 3 ({@code [C, H, W]}) or 1 ({@code [N]}) where {@code anyRank} is false, every entry
     * &gt;= 1, and at most {@link #MAX_LAYER_SIZE} values in all.
     */
    static int[] checkShape(String where, List<Integer> entries, boolean anyRank) {
        if (entries.isEmpty()) {
            throw new InvalidModelException(where + " is empty, expected [C, H, W] or [N]");
        }
        if (!anyRank && entries.size() != 1 && entries.size() != 3) {
            throw new InvalidModelException(where + " is " + unsignedList(entries) + " (rank " + entries.size()
                + "), expected [C, H, W] or [N]");
        }
        final int[] shape = new int[entries.size()];
        long size = 1;
        for (int i = 0; i < shape.length; i++) {
            final long extent = Integer.toUnsignedLong(entries.get(i));
            if (extent < 1 || extent > MAX_LAYER_SIZE) {
                throw new InvalidModelException(where + " is " + unsignedList(entries) + ": entry " + i + " is "
                    + extent + ", expected 1.." + MAX_LAYER_SIZE);
            }
            size *= extent;
            if (size > MAX_LAYER_SIZE) {
                throw new InvalidModelException(where + " is " + unsignedList(entries) + ": more than "
                    + MAX_LAYER_SIZE + " values, the most one layer may have");
            }
            shape[i] = (int)extent;
        }
        return shape;
    }

    static String unsignedList(List<Integer> values) {
        final StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            text.append(i == 0 ? "" : ", ").append(Integer.toUnsignedString(values.get(i)));
        }
        return text.append(']').toString();
    }

    static String kindName(Layer layer) {
        switch (layer.getKindCase()) {
            case NEURONS:
                return "a neuron layer";
            case MAX_POOL:
                return "a max-pool layer";
            case FLATTEN:
                return "a flatten layer";
            case OUTPUT:
                return "the output layer";
            default:
                return "a layer without kind";
        }
    }

    static String shapeText(int[] shape) {
        return Arrays.toString(shape);
    }
}
