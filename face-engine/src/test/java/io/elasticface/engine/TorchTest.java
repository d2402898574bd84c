package io.elasticface.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class TorchTest {

    @Test
    void channelsLastIsTheSameArrayInAnotherLayout() {
        int n = 2;
        int c = 3;
        int h = 4;
        int w = 5;
        float[] nhwc = new float[n * h * w * c];
        for (int i = 0; i < nhwc.length; i++) {
            nhwc[i] = i;
        }
        try (NDManager m = Torch.newManager()) {
            NDArray view = Torch.channelsLast(m, nhwc, n, c, h, w);
            assertThat(view.getShape()).isEqualTo(new Shape(n, c, h, w));
            // element [b, ch, y, x] of the view is nhwc[((b * h + y) * w + x) * c + ch]
            float[] nchw = view.toFloatArray();
            for (int b = 0; b < n; b++) {
                for (int ch = 0; ch < c; ch++) {
                    for (int y = 0; y < h; y++) {
                        for (int x = 0; x < w; x++) {
                            assertThat(nchw[((b * c + ch) * h + y) * w + x])
                                    .isEqualTo(nhwc[((b * h + y) * w + x) * c + ch]);
                        }
                    }
                }
            }
        }
    }

    @Test
    void nnpackIsOffOnceTheEngineIsLoaded() {
        // libtorch's default is on; on a CPU NNPACK rejects, "on" means a warning logged on every small convolution
        try (NDManager m = Torch.newManager()) {
            assertThat(Nnpack.enabled()).as("libtorch's NNPACK switch").isFalse();
        }
    }
}
