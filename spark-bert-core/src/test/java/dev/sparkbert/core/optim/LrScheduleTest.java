package dev.sparkbert.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** HF values are checked by HfParityTest; this covers warmup ratio and bad parameters. */
class LrScheduleTest {

    @Test
    void warmupRatioRoundsUpLikeHf() {
        assertEquals(25, LrSchedule.warmupSteps(0, 0.1, 250));
        assertEquals(26, LrSchedule.warmupSteps(0, 0.1, 251));
        assertEquals(7, LrSchedule.warmupSteps(7, 0.5, 100), "explicit steps win");
    }

    @Test
    void linearScheduleEndsAtZeroAndStaysThere() {
        LrSchedule s = LrSchedule.builder().setType("linear").setTotalSteps(10).optWarmupSteps(2).build();
        assertEquals(0.0, s.multiplier(10));
        assertEquals(0.0, s.multiplier(50));
        assertEquals(1.0, s.multiplier(2));
    }

    @Test
    void badParametersAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LrSchedule.builder().setType("cyclic").setTotalSteps(10).build());
        assertTrue(e.getMessage().contains("lrSchedulerType 'cyclic'"));
        e = assertThrows(IllegalArgumentException.class, () -> LrSchedule.builder().setType("cosine").build());
        assertTrue(e.getMessage().contains("positive number of training steps"));
        e = assertThrows(IllegalArgumentException.class,
                () -> LrSchedule.builder().setType("linear").setTotalSteps(5).optWarmupSteps(-1).build());
        assertTrue(e.getMessage().contains("warmupSteps"));
    }
}
