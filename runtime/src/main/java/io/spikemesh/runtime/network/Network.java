package io.spikemesh.runtime.network;

import io.spikemesh.protocol.Conv2d;
import io.spikemesh.protocol.Layer;
import io.spikemesh.protocol.MaxPoolLayer;
import io.spikemesh.protocol.Model;
import io.spikemesh.protocol.ModelGraph;
import io.spikemesh.protocol.ModelValidator;
import io.spikemesh.protocol.NeuronLayer;
import io.spikemesh.protocol.OutputLayer;
import io.spikemesh.protocol.Projection;
import io.spikemesh.protocol.SpikemeshException;
import io.spikemesh.runtime.kernel.ConvSynapses;
import io.spikemesh.runtime.kernel.DenseSynapses;
import io.spikemesh.runtime.kernel.MaxPoolKernel;
import io.spikemesh.runtime.kernel.Synapses;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable, compiled form of a model: layers in topological order (neuron, max-pool, output; flatten layers are
 * compiled away), each with its neurons in internal order (see {@link Layout}) and its projections as {@link Synapses}
 * kernels. Safe to share between threads; all simulation state lives elsewhere.
 */
public final class Network {
    /** The source index of projections from the network input. */
    public static final int INPUT = -1;
    /** The reserved name of the network input. */
    public static final String INPUT_NAME = "input";

    private final Model model;
    private final Layout inputLayout;
    private final int maxInputValue;
    private final List<CompiledLayer> layers;
    private final Map<String, CompiledLayer> byName;
    private final int[][] consumers;

    private Network(Model model, Layout inputLayout, List<CompiledLayer> layers) {
        this.model = model;
        this.inputLayout = inputLayout;
        this.maxInputValue = model.getInput().getMaxValue();
        this.layers = List.copyOf(layers);
        Map<String, CompiledLayer> names = new HashMap<>();
        for (CompiledLayer layer : layers) {
            names.put(layer.name(), layer);
        }
        this.byName = Collections.unmodifiableMap(names);
        this.consumers = consumerTable(layers);
    }

    /**
     * Validates ({@link ModelValidator#validate}: structure, shapes, weight ranges, and that every per-step current
     * fits the runtime's {@code int} accumulators) and compiles a model; shapes come from {@link ModelGraph}.
     *
     * @throws SpikemeshException ({@code InvalidModelException}) naming the layer and field when the model is invalid
     */
    public static Network compile(Model model) {
        return new Compiler(model).compile();
    }

    /** The model this network was compiled from. */
    public Model model() {
        return model;
    }

    /** Shape of one sample (model order) and its internal order. */
    public Layout inputLayout() {
        return inputLayout;
    }

    /** Number of raw values in one sample. */
    public int inputSize() {
        return inputLayout.size();
    }

    /** Largest raw input value the model accepts ({@code InputSpec.max_value}). */
    public int maxInputValue() {
        return maxInputValue;
    }

    /** The model's default number of time steps T (at least 1). */
    public int defaultTimeSteps() {
        return Math.max(1, model.getMetadata().getDefaultTimeSteps());
    }

    /** Layers in topological order; the output layer is the last. */
    public List<CompiledLayer> layers() {
        return layers;
    }

    public CompiledLayer layer(int index) {
        return layers.get(index);
    }

    /** The layer called {@code name}; flatten layers do not exist after compilation. */
    public CompiledLayer layer(String name) {
        CompiledLayer layer = byName.get(name);
        if (layer == null) {
            throw new SpikemeshException("the network has no layer '" + name + "'; its layers are " + layerNames()
                    + " (flatten layers are compiled away)");
        }
        return layer;
    }

    public boolean hasLayer(String name) {
        return byName.containsKey(name);
    }

    public List<String> layerNames() {
        List<String> names = new ArrayList<>(layers.size());
        for (CompiledLayer layer : layers) {
            names.add(layer.name());
        }
        return names;
    }

    /** The output layer. */
    public ReadoutLayer output() {
        return (ReadoutLayer) layers.get(layers.size() - 1);
    }

    /** Indices of the layers that receive the spikes of layer {@code layerIndex} (by projection or pooling). */
    public int[] consumersOf(int layerIndex) {
        return consumers[layerIndex].clone();
    }

    private static int[][] consumerTable(List<CompiledLayer> layers) {
        List<List<Integer>> lists = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            lists.add(new ArrayList<>());
        }
        for (CompiledLayer layer : layers) {
            for (int source : sourcesOf(layer)) {
                if (source != INPUT && !lists.get(source).contains(layer.index())) {
                    lists.get(source).add(layer.index());
                }
            }
        }
        int[][] table = new int[layers.size()][];
        for (int i = 0; i < table.length; i++) {
            table[i] = lists.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
        return table;
    }

    private static List<Integer> sourcesOf(CompiledLayer layer) {
        List<Integer> sources = new ArrayList<>();
        if (layer instanceof SpikingLayer s) {
            s.projections().forEach(p -> sources.add(p.sourceIndex()));
        } else if (layer instanceof ReadoutLayer r) {
            r.projections().forEach(p -> sources.add(p.sourceIndex()));
        } else if (layer instanceof PoolingLayer p) {
            sources.add(p.sourceIndex());
        }
        return sources;
    }

    /** Turns the model's layer list into compiled layers, one pass in the model's (topological) order. */
    private static final class Compiler {
        private final Model model;
        private final Map<String, Layout> layouts = new HashMap<>();
        // A flatten layer's name -> the neuron or pool layer whose neurons it reshapes.
        private final Map<String, String> flattenSource = new HashMap<>();
        private final Map<String, Integer> indexOf = new HashMap<>();
        private final List<CompiledLayer> compiled = new ArrayList<>();

        Compiler(Model model) {
            this.model = model;
        }

        Network compile() {
            ModelGraph graph = ModelValidator.validate(model);
            Layout input = Layout.of(graph.inputShape());
            layouts.put(INPUT_NAME, input);
            for (Layer layer : model.getLayersList()) {
                String name = layer.getName();
                Layout layout = Layout.of(graph.shape(name));
                switch (layer.getKindCase()) {
                    case FLATTEN -> flattenSource.put(name, graph.resolveFlatten(name));
                    case NEURONS -> add(name, layout, spiking(name, layout, layer.getNeurons()));
                    case MAX_POOL -> add(name, layout, pooling(name, layout, layer.getMaxPool()));
                    case OUTPUT -> add(name, layout, readout(name, layout, layer.getOutput()));
                    default -> throw new SpikemeshException("layer '" + name + "' has no kind; set one of neurons, "
                            + "max_pool, flatten or output");
                }
            }
            return new Network(model, input, compiled);
        }

        private void add(String name, Layout layout, CompiledLayer layer) {
            layouts.put(name, layout);
            indexOf.put(name, compiled.size());
            compiled.add(layer);
        }

        private SpikingLayer spiking(String name, Layout layout, NeuronLayer spec) {
            List<CompiledProjection> projections = projections(name, layout, spec.getProjectionsList());
            long[] bias = bias(name, layout, spec.getBiasList());
            return new SpikingLayer(compiled.size(), name, layout, spec.getThreshold(), spec.getMembraneStart(), bias,
                    projections);
        }

        private ReadoutLayer readout(String name, Layout layout, OutputLayer spec) {
            List<CompiledProjection> projections = projections(name, layout, spec.getProjectionsList());
            return new ReadoutLayer(compiled.size(), name, layout, bias(name, layout, spec.getBiasList()), projections);
        }

        private PoolingLayer pooling(String name, Layout layout, MaxPoolLayer spec) {
            Integer source = indexOf.get(spec.getSource());
            if (source == null) {
                throw new SpikemeshException("max-pool layer '" + name + "': source '" + spec.getSource()
                        + "' is not an earlier neuron or max-pool layer");
            }
            Layout in = layouts.get(spec.getSource());
            MaxPoolKernel kernel = new MaxPoolKernel(in.channels(), in.height(), in.width(), spec.getKernel(),
                    spec.getStride(), spec.getPadding());
            return new PoolingLayer(compiled.size(), name, layout, source, kernel);
        }

        private static long[] bias(String name, Layout layout, List<Long> modelBias) {
            if (modelBias.isEmpty()) {
                return new long[layout.size()];
            }
            long[] model = new long[modelBias.size()];
            for (int i = 0; i < model.length; i++) {
                model[i] = modelBias.get(i);
            }
            if (model.length != layout.size()) {
                throw new SpikemeshException("layer '" + name + "': bias has " + model.length
                        + " entries, expected " + layout.size() + " (one per neuron) or none");
            }
            return layout.toInternal(model);
        }

        private List<CompiledProjection> projections(String target, Layout targetLayout, List<Projection> specs) {
            List<CompiledProjection> result = new ArrayList<>();
            for (int p = 0; p < specs.size(); p++) {
                Projection spec = specs.get(p);
                String declared = spec.getSource();
                String source = flattenSource.getOrDefault(declared, declared);
                int sourceIndex;
                if (source.equals(INPUT_NAME)) {
                    sourceIndex = INPUT;
                } else if (indexOf.containsKey(source)
                        && compiled.get(indexOf.get(source)).kind() != CompiledLayer.Kind.OUTPUT) {
                    sourceIndex = indexOf.get(source);
                } else {
                    throw new SpikemeshException("layer '" + target + "', projection " + p + ": source '" + declared
                            + "' is not 'input' or an earlier neuron, max-pool or flatten layer");
                }
                String where = "layer '" + target + "', projection " + p + " (from '" + declared + "')";
                Synapses synapses = synapses(where, spec, layouts.get(source), targetLayout);
                result.add(new CompiledProjection(sourceIndex, source, declared, compiled.size(), synapses));
            }
            return result;
        }

        private static Synapses synapses(String where, Projection spec, Layout source, Layout target) {
            List<Integer> weights = spec.getWeightsList();
            return switch (spec.getKindCase()) {
                case DENSE -> dense(where, weights, source, target);
                case CONV2D -> conv(where, weights, spec.getConv2D(), source, target);
                default -> throw new SpikemeshException(where + ": no kind; set dense or conv2d");
            };
        }

        /** Model weights [out][in] in model order become presynaptic-major rows in internal order. */
        private static DenseSynapses dense(String where, List<Integer> weights, Layout source, Layout target) {
            int in = source.size();
            int out = target.size();
            if ((long) in * out != weights.size()) {
                throw new SpikemeshException(where + ": dense weights has " + weights.size() + " values, expected "
                        + (long) in * out + " (" + out + " outputs × " + in + " inputs)");
            }
            short[] rows = new short[in * out];
            for (int o = 0; o < out; o++) {
                int t = target.toInternal(o);
                for (int i = 0; i < in; i++) {
                    rows[source.toInternal(i) * out + t] = toShort(where, weights.get(o * in + i));
                }
            }
            return new DenseSynapses(in, out, rows);
        }

        /** Model weights [cout][cin][kh][kw] become [kh][kw][cin][cout], for channel-last membranes. */
        private static ConvSynapses conv(String where, List<Integer> weights, Conv2d conv, Layout source,
                                         Layout target) {
            int cin = conv.getInChannels();
            int cout = conv.getOutChannels();
            int kh = conv.getKernelH();
            int kw = conv.getKernelW();
            if (!source.isChannelLast() || source.channels() != cin) {
                throw new SpikemeshException(where + ": conv2d expects a source of shape [" + cin + ", H, W], got "
                        + source);
            }
            if ((long) cout * cin * kh * kw != weights.size()) {
                throw new SpikemeshException(where + ": conv2d weights has " + weights.size() + " values, expected "
                        + (long) cout * cin * kh * kw + " ([" + cout + ", " + cin + ", " + kh + ", " + kw + "])");
            }
            short[] kernel = new short[weights.size()];
            for (int co = 0; co < cout; co++) {
                for (int ci = 0; ci < cin; ci++) {
                    for (int ky = 0; ky < kh; ky++) {
                        for (int kx = 0; kx < kw; kx++) {
                            int model = ((co * cin + ci) * kh + ky) * kw + kx;
                            kernel[((ky * kw + kx) * cin + ci) * cout + co] = toShort(where, weights.get(model));
                        }
                    }
                }
            }
            ConvSynapses synapses = new ConvSynapses(cin, source.height(), source.width(), cout, kh, kw,
                    conv.getStride(), conv.getPadding(), kernel);
            if (!target.isChannelLast() || target.channels() != cout || target.height() != synapses.outHeight()
                    || target.width() != synapses.outWidth()) {
                throw new SpikemeshException(where + ": conv2d produces [" + cout + ", " + synapses.outHeight() + ", "
                        + synapses.outWidth() + "] but the layer's shape is " + target);
            }
            return synapses;
        }

        private static short toShort(String where, int weight) {
            if (weight < Short.MIN_VALUE || weight > Short.MAX_VALUE) {
                throw new SpikemeshException(where + ": weight " + weight + " does not fit in 16 bits");
            }
            return (short) weight;
        }
    }
}
