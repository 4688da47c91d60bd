package io.spikemesh.runtime.network;

import java.util.Arrays;

/**
 * One layer of a compiled {@link Network}: a spiking neuron layer, a max-pool or the output. Flatten layers do not
 * exist here; they are compiled into the projections that consume them.
 *
 * <p>Neurons are numbered in the layer's internal order ({@link #layout()}: channel-last for 3-D layers); use
 * {@link #toModelOrder(int)} / {@link #toInternal(int)} at the edges.
 */
public abstract sealed class CompiledLayer permits SpikingLayer, PoolingLayer, ReadoutLayer {

    /** What a layer does each step. */
    public enum Kind {
        /** QFFS integrate-and-fire neurons ({@code neuron.QffsNeurons}). */
        NEURON,
        /** Exact max pooling of signed spike trains ({@code kernel.MaxPoolKernel}). */
        MAX_POOL,
        /** The non-spiking readout ({@code neuron.Readout}). */
        OUTPUT
    }

    private final int index;
    private final String name;
    private final Layout layout;

    CompiledLayer(int index, String name, Layout layout) {
        this.index = index;
        this.name = name;
        this.layout = layout;
    }

    public abstract Kind kind();

    /** Position in the network's topological order, {@code 0..layers().size()-1}. */
    public final int index() {
        return index;
    }

    public final String name() {
        return name;
    }

    /** Neuron numbering: shape in model order and the internal (channel-last) mapping. */
    public final Layout layout() {
        return layout;
    }

    /** Number of neurons (pool outputs, output classes). */
    public final int size() {
        return layout.size();
    }

    /** Shape in model order, {@code [C, H, W]} or {@code [N]}. */
    public final int[] shape() {
        return layout.shape();
    }

    /** Model index of internal neuron {@code internalIndex}. */
    public final int toModelOrder(int internalIndex) {
        return layout.toModelOrder(internalIndex);
    }

    /** Internal index of model neuron {@code modelIndex}. */
    public final int toInternal(int modelIndex) {
        return layout.toInternal(modelIndex);
    }

    @Override
    public String toString() {
        return kind() + " " + name + " " + Arrays.toString(layout.shape());
    }
}
