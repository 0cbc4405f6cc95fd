package dev.graphlens.support;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

/** The leak guard must see a real leak, or every green run proves nothing. */
class LeakCheckTest {

    @Test
    void aDroppedBufferIsReported() throws Exception {
        leakOne();
        assertFalse(LeakCheck.drainLeaks().isEmpty(), "a dropped ByteBuf must be reported");
    }

    private static void leakOne() {
        ByteBuf leaked = UnpooledByteBufAllocator.DEFAULT.directBuffer(64);
        leaked.writeLong(42);
    }
}
