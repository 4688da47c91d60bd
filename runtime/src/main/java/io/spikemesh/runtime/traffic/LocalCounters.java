package io.spikemesh.runtime.traffic;

import java.nio.ByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

/** An in-process counters buffer, for runs without a media driver (the in-JVM transport). */
public final class LocalCounters {
    private final CountersManager manager;

    public LocalCounters(int capacity) {
        int values = CountersReader.COUNTER_LENGTH * Math.max(16, capacity);
        int metadata = values * (CountersReader.METADATA_LENGTH / CountersReader.COUNTER_LENGTH);
        manager = new CountersManager(new UnsafeBuffer(ByteBuffer.allocateDirect(metadata)),
                new UnsafeBuffer(ByteBuffer.allocateDirect(values)));
    }

    public AtomicCounter newCounter(String label) {
        return manager.newCounter(label);
    }
}
