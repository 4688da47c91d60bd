package io.spikemesh.protocol;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;

import java.util.List;
import java.util.Map;

/**
 * Rejects fields the schema does not know. A version-1 writer never produces them, so they mean a corrupt payload
 * (random bytes often parse as unknown fields) or a file from a newer writer that kept the version number.
 */
final class UnknownFields {
    private UnknownFields() {
    }

    static void reject(Message message) {
        reject(message, message.getDescriptorForType().getName());
    }

    private static void reject(Message message, String path) {
        if (!message.getUnknownFields().asMap().isEmpty()) {
            throw new InvalidModelException("payload has unknown field number(s) "
                + message.getUnknownFields().asMap().keySet() + " in " + path
                + ": the file is corrupt or was written by a newer, incompatible Spikemesh");
        }
        for (final Map.Entry<FieldDescriptor, Object> entry : message.getAllFields().entrySet()) {
            final FieldDescriptor field = entry.getKey();
            if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE || field.isMapField()) {
                continue;
            }
            if (field.isRepeated()) {
                final List<?> values = (List<?>)entry.getValue();
                for (int i = 0; i < values.size(); i++) {
                    reject((Message)values.get(i), path + "." + field.getName() + "[" + i + "]");
                }
            } else {
                reject((Message)entry.getValue(), path + "." + field.getName());
            }
        }
    }
}
