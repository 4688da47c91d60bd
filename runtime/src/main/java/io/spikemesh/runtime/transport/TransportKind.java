package io.spikemesh.runtime.transport;

import io.spikemesh.protocol.SpikemeshException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The transports a run can use. */
public enum TransportKind {
    /** Frames handed directly from actor to actor inside the JVM. */
    INPROC,
    /** Aeron IPC through a media driver's shared memory. */
    IPC,
    /** Aeron UDP (loopback unless configured otherwise). */
    UDP;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code inproc}, {@code ipc} or {@code udp} (case-insensitive). */
    public static TransportKind parse(String name) {
        for (TransportKind kind : values()) {
            if (kind.id().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return kind;
            }
        }
        throw new SpikemeshException("unknown transport '" + name + "'; use one of "
                + Arrays.stream(values()).map(TransportKind::id).collect(Collectors.joining(", ")));
    }
}
