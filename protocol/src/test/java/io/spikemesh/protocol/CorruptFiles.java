package io.spikemesh.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/** Builds model files that break the rules, bypassing the validating writer. */
final class CorruptFiles {
    private CorruptFiles() {
    }

    /** A file with a correct header around any payload. */
    static byte[] withPayload(byte[] payload) {
        return withHeader(ModelFile.FORMAT_VERSION, payload.length, payload);
    }

    static byte[] withHeader(int version, long payloadLength, byte[] payload) {
        final ByteBuffer file = ByteBuffer.allocate(ModelFile.HEADER_LENGTH + payload.length);
        file.put("SPKMESH\0".getBytes(StandardCharsets.US_ASCII)).putInt(version).putLong(payloadLength).put(payload);
        return file.array();
    }

    /** A well-formed file whose model was changed by {@code edit} without validation. */
    static byte[] edited(Model model, UnaryOperator<Model.Builder> edit) {
        return withPayload(edit.apply(model.toBuilder()).build().toByteArray());
    }

    /** Edits layer {@code index} of the model. */
    static UnaryOperator<Model.Builder> layer(int index, UnaryOperator<Layer.Builder> edit) {
        return model -> model.setLayers(index, edit.apply(model.getLayers(index).toBuilder()));
    }

    /** Edits the neuron part of layer {@code index}. */
    static UnaryOperator<Model.Builder> neurons(int index, UnaryOperator<NeuronLayer.Builder> edit) {
        return layer(index, layer -> layer.setNeurons(edit.apply(layer.getNeurons().toBuilder())));
    }

    /** Edits projection {@code p} of the neuron layer {@code index}. */
    static UnaryOperator<Model.Builder> projection(int index, int p, UnaryOperator<Projection.Builder> edit) {
        return neurons(index, neurons -> neurons.setProjections(p, edit.apply(neurons.getProjections(p).toBuilder())));
    }
}
