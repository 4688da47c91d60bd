package io.spikemesh.runtime.network;

import io.spikemesh.protocol.Layer;
import io.spikemesh.protocol.MaxPoolLayer;
import io.spikemesh.protocol.Model;
import io.spikemesh.protocol.SpikemeshException;
import io.spikemesh.runtime.kernel.ConvSynapses;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Interim: layer shapes until protocol's ModelGraph is on main; replaced by it, not a second shape inference. */
final class ModelShapes {
    private final int[] inputShape;
    private final Map<String, int[]> shapes = new HashMap<>();

    private ModelShapes(Model model) {
        this.inputShape = toInts(model.getInput().getShapeList());
        shapes.put(Network.INPUT_NAME, inputShape);
        for (Layer layer : model.getLayersList()) {
            int[] shape = switch (layer.getKindCase()) {
                case NEURONS -> toInts(layer.getNeurons().getShapeList());
                case OUTPUT -> toInts(layer.getOutput().getShapeList());
                case FLATTEN -> new int[] {size(source(layer.getName(), layer.getFlatten().getSource()))};
                case MAX_POOL -> pool(layer.getName(), layer.getMaxPool());
                default -> throw new SpikemeshException("layer '" + layer.getName() + "' has no kind");
            };
            shapes.put(layer.getName(), shape);
        }
    }

    static ModelShapes of(Model model) {
        return new ModelShapes(model);
    }

    int[] inputShape() {
        return inputShape.clone();
    }

    int[] shape(String name) {
        return source("?", name).clone();
    }

    private int[] source(String layer, String name) {
        int[] shape = shapes.get(name);
        if (shape == null) {
            throw new SpikemeshException("layer '" + layer + "': source '" + name + "' is not an earlier layer");
        }
        return shape;
    }

    private int[] pool(String name, MaxPoolLayer spec) {
        int[] in = source(name, spec.getSource());
        if (in.length != 3) {
            throw new SpikemeshException("max-pool layer '" + name + "': source must be [C, H, W]");
        }
        return new int[] {in[0], ConvSynapses.outSize(in[1], spec.getKernel(), spec.getStride(), spec.getPadding()),
            ConvSynapses.outSize(in[2], spec.getKernel(), spec.getStride(), spec.getPadding())};
    }

    private static int size(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    private static int[] toInts(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }
}
