package io.analogcomposer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeapRelaunchTest {

    @Test
    void aHeapTheUserChoseIsKept() {
        assertTrue(HeapRelaunch.userChoseHeap(List.of("-Dx=1", "-Xmx2g")));
        assertTrue(HeapRelaunch.userChoseHeap(List.of("-XX:MaxRAMPercentage=50")));
        assertTrue(HeapRelaunch.userChoseHeap(List.of("-XX:MaxHeapSize=1073741824")));
        assertFalse(HeapRelaunch.userChoseHeap(List.of("-Xms64m", "-Dfoo=-Xmx1g", "-XX:+UseG1GC")));
    }

    @Test
    void theHeapIsRoundedUpToMebibytesAndNeverBelowTheFloor() {
        assertEquals("-Xmx256m", HeapRelaunch.xmx(1));
        assertEquals("-Xmx1025m", HeapRelaunch.xmx((1024L << 20) + 1));
        assertEquals("-Xmx1024m", HeapRelaunch.xmx(1024L << 20));
    }

    @Test
    void aSmallHeapRunsWithTheSerialCollectorUnlessTheUserChoseOne() {
        assertEquals(List.of("-Xmx400m", "-XX:+UseSerialGC"), HeapRelaunch.heapOptions(400L << 20, List.of()));
        assertEquals(List.of("-Xmx2231m"), HeapRelaunch.heapOptions(2231L << 20, List.of()));
        assertEquals(List.of("-Xmx400m"), HeapRelaunch.heapOptions(400L << 20, List.of("-XX:+UseParallelGC")));
        assertFalse(HeapRelaunch
                .userChoseCollector(List.of("-XX:+UseCompressedOops", "-XX:+UseAdaptiveSizePolicyWithSystemGC")));
    }

    @Test
    void theLaunchersSerialCollectorIsNotTheUsersChoice() {
        List<String> launcher = List.of("-XX:+UseSerialGC", "-Daimc.launcher-serial=true");
        assertFalse(HeapRelaunch.userChoseCollector(launcher));
        assertTrue(HeapRelaunch.userChoseCollector(List.of("-XX:+UseSerialGC")));
        // a small run's child keeps the serial collector; a large run's child goes back to G1 (its options come last)
        assertEquals(List.of("-Xmx400m", "-XX:+UseSerialGC"), HeapRelaunch.heapOptions(400L << 20, launcher));
        assertEquals(List.of("-Xmx2231m", "-XX:-UseSerialGC", "-XX:+UseG1GC"),
                HeapRelaunch.heapOptions(2231L << 20, launcher));
    }

    @Test
    void aSerialJvmRunsASmallRunItselfButNotALargeOne() {
        assertTrue(HeapRelaunch.alreadySuits(400L << 20, true));
        assertTrue(HeapRelaunch.alreadySuits(1, true));
        assertFalse(HeapRelaunch.alreadySuits(400L << 20, false), "G1 would grow the heap: a sized child");
        assertFalse(HeapRelaunch.alreadySuits(2231L << 20, true), "a large run's child runs G1");
    }

    @Test
    void theVectorRelaunchStartsTheChildOnTheSerialCollectorUnlessTheUserChoseOne() {
        assertTrue(VectorRelaunch.childOptions(List.of()).containsAll(HeapRelaunch.LAUNCHER_SERIAL_OPTIONS));
        assertFalse(VectorRelaunch.childOptions(List.of("-XX:+UseZGC")).contains("-XX:+UseSerialGC"));
        assertEquals(List.of("--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"),
                VectorRelaunch.childOptions(HeapRelaunch.LAUNCHER_SERIAL_OPTIONS));
    }

    @Test
    void testsAndChildrenRunInThisJvm() {
        assertFalse(HeapRelaunch.wanted(1, null), "no launch arguments (in-process use): no second JVM");
    }
}
