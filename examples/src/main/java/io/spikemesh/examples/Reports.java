package io.spikemesh.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Small shared pieces of the commands' output: JSON rendering and the predictions digest. */
final class Reports {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Reports() {
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
    }

    /** SHA-256 of the predicted labels in input order, one byte each: equal digests mean equal predictions. */
    static String predictionsSha256(int[] predictions) {
        byte[] bytes = new byte[predictions.length];
        for (int i = 0; i < predictions.length; i++) {
            bytes[i] = (byte) predictions[i];
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    static String percent(double fraction) {
        return String.format("%.2f%%", 100.0 * fraction);
    }
}
