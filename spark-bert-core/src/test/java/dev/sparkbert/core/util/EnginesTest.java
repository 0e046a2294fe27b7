package dev.sparkbert.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.pytorch.jni.JniUtils;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EnginesTest {

    @Test
    void intraOpThreadsAreKeptPerCallingThread() throws Exception {
        assumeTrue(System.getProperty("ai.djl.pytorch.num_threads") == null, "a forced count applies to every thread");
        CountDownLatch oneSet = new CountDownLatch(1);
        CountDownLatch threeSet = new CountDownLatch(1);
        AtomicInteger seenByFirst = new AtomicInteger();
        AtomicInteger seenBySecond = new AtomicInteger();
        Thread first = new Thread(() -> {
            Engines.intraOpThreadsOnThisThread(1);
            oneSet.countDown();
            await(threeSet);
            seenByFirst.set(JniUtils.getNumThreads());
        });
        Thread second = new Thread(() -> {
            await(oneSet);
            Engines.intraOpThreadsOnThisThread(3);
            seenBySecond.set(JniUtils.getNumThreads());
            threeSet.countDown();
        });
        first.start();
        second.start();
        first.join();
        second.join();
        // One task thread asking for 3 must not change what another task thread runs with.
        assertEquals(1, seenByFirst.get());
        assertEquals(3, seenBySecond.get());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
