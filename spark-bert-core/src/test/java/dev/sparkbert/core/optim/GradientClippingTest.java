package dev.sparkbert.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.sparkbert.core.util.Engines;
import dev.sparkbert.core.util.RestoresIntraOpThreads;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link GradientClipping#globalNorm} over a matrix whose gradient is zero outside a few rows. */
@ExtendWith(RestoresIntraOpThreads.class)
class GradientClippingTest {

    private static final int ROWS = 3000;
    private static final int WIDTH = 384;

    /**
     * Reading only the blocks of the touched rows gives the bits of the whole-buffer norm, on 1 and
     * 3 threads, also for rows that straddle a block boundary (row 21 spans floats 8064-8447, the
     * block boundary is at 8192); a value outside the rows is not read.
     */
    @Test
    void touchedRowsGiveTheBitsOfTheWholeNorm() {
        Random random = new Random(11);
        int[] rows = {0, 21, 22, 500, 1717, ROWS - 1};
        float[] matrix = new float[ROWS * WIDTH];
        for (int r : rows) {
            for (int c = 0; c < WIDTH; c++) {
                matrix[r * WIDTH + c] = (float) random.nextGaussian();
            }
        }
        float[] dense = new float[20_000];
        for (int i = 0; i < dense.length; i++) {
            dense[i] = (float) random.nextGaussian();
        }
        FloatBuffer sparse = FloatBuffer.wrap(matrix);
        List<FloatBuffer> grads = List.of(FloatBuffer.wrap(dense), sparse);
        for (int threads : new int[] {1, 3}) {
            Engines.intraOpThreadsOnThisThread(threads);
            double whole = GradientClipping.globalNorm(grads);
            assertEquals(Double.doubleToRawLongBits(whole),
                    Double.doubleToRawLongBits(GradientClipping.globalNorm(grads, sparse, WIDTH, rows)),
                    threads + " threads");
        }
        matrix[1000 * WIDTH] = 5f;
        assertNotEquals(GradientClipping.globalNorm(grads),
                GradientClipping.globalNorm(grads, sparse, WIDTH, rows), "row 1000 is not one of the rows");
    }
}
