package io.spikemesh.runtime;

import io.spikemesh.protocol.Conv2d;
import io.spikemesh.protocol.Dense;
import io.spikemesh.protocol.FlattenLayer;
import io.spikemesh.protocol.InputSpec;
import io.spikemesh.protocol.Layer;
import io.spikemesh.protocol.MaxPoolLayer;
import io.spikemesh.protocol.Metadata;
import io.spikemesh.protocol.Model;
import io.spikemesh.protocol.NeuronLayer;
import io.spikemesh.protocol.OutputLayer;
import io.spikemesh.protocol.Projection;
import java.util.Arrays;

/** Builds small models in code for tests: weights and shapes in MODEL order, exactly as a model file holds them. */
public final class ModelBuilder {
    private final Model.Builder model = Model.newBuilder().setFormatVersion(1);

    public ModelBuilder(int maxValue, int... inputShape) {
        InputSpec.Builder input = InputSpec.newBuilder().setScale(1.0).setMaxValue(maxValue);
        Arrays.stream(inputShape).forEach(input::addShape);
        model.setInput(input);
        model.setMetadata(Metadata.newBuilder().setName("test").setActivationBits(2).setDefaultTimeSteps(3));
    }

    public static Projection dense(String source, int... weights) {
        Projection.Builder p = Projection.newBuilder().setSource(source).setWeightBits(16)
                .setDense(Dense.getDefaultInstance());
        Arrays.stream(weights).forEach(p::addWeights);
        return p.build();
    }

    public static Projection conv(String source, int inChannels, int outChannels, int kernel, int stride, int padding,
                                  int... weights) {
        Projection.Builder p = Projection.newBuilder().setSource(source).setWeightBits(16)
                .setConv2D(Conv2d.newBuilder().setInChannels(inChannels).setOutChannels(outChannels)
                        .setKernelH(kernel).setKernelW(kernel).setStride(stride).setPadding(padding));
        Arrays.stream(weights).forEach(p::addWeights);
        return p.build();
    }

    public ModelBuilder neurons(String name, int[] shape, long threshold, long membraneStart, long[] bias,
                                Projection... projections) {
        NeuronLayer.Builder n = NeuronLayer.newBuilder().setThreshold(threshold).setMembraneStart(membraneStart);
        Arrays.stream(shape).forEach(n::addShape);
        if (bias != null) {
            Arrays.stream(bias).forEach(n::addBias);
        }
        Arrays.stream(projections).forEach(n::addProjections);
        model.addLayers(Layer.newBuilder().setName(name).setNeurons(n));
        return this;
    }

    public ModelBuilder maxPool(String name, String source, int kernel, int stride, int padding) {
        model.addLayers(Layer.newBuilder().setName(name).setMaxPool(MaxPoolLayer.newBuilder().setSource(source)
                .setKernel(kernel).setStride(stride).setPadding(padding)));
        return this;
    }

    public ModelBuilder flatten(String name, String source) {
        model.addLayers(Layer.newBuilder().setName(name).setFlatten(FlattenLayer.newBuilder().setSource(source)));
        return this;
    }

    public ModelBuilder output(String name, int size, long[] bias, Projection... projections) {
        OutputLayer.Builder o = OutputLayer.newBuilder().addShape(size);
        if (bias != null) {
            Arrays.stream(bias).forEach(o::addBias);
        }
        Arrays.stream(projections).forEach(o::addProjections);
        model.addLayers(Layer.newBuilder().setName(name).setOutput(o));
        return this;
    }

    public Model build() {
        return model.build();
    }
}
