package io.analogcomposer.engine.data;

/**
 * An image dataset seen as a sequence of square patches (the input of a vision transformer): a one-channel
 * {@code [1, H, W]} sample becomes {@code [(H/p)·(W/p), p·p]}, patches in row-major order and each patch's pixels
 * row-major, as ViT's {@code b c (h p1) (w p2) -> b (h w) (p1 p2 c)}. Fashion-MNIST with {@code input_shape [16,
 * 49]} is the 7×7-patch sequence of 16 tokens.
 */
public final class Patches {

    private Patches() {
    }

    /**
     * The patch size that turns {@code sample} into {@code shape}, or 0 when {@code shape} is no patch sequence of
     * it. A shape whose features equal the image width is the row-by-row reading instead (sequential
     * Fashion-MNIST, {@code [28, 28]}), so it is never taken for patches.
     */
    public static int patchSize(int[] sample, int[] shape) {
        if (sample.length != 3 || sample[0] != 1 || shape.length != 2 || shape[1] == sample[2]) {
            return 0;
        }
        int p = (int) Math.round(Math.sqrt(shape[1]));
        if (p < 2 || p * p != shape[1] || sample[1] % p != 0 || sample[2] % p != 0
                || (sample[1] / p) * (sample[2] / p) != shape[0]) {
            return 0;
        }
        return p;
    }

    /** The dataset's samples cut into {@code p × p} patches (a copy, stored as the images are). */
    public static Dataset of(Dataset images, int p) {
        int[] s = images.sampleShape();
        int w = s[2], across = w / p, tokens = (s[1] / p) * across;
        int[] from = new int[images.sampleSize()];
        for (int t = 0; t < tokens; t++) {
            int top = (t / across) * p, left = (t % across) * p;
            for (int r = 0; r < p; r++) {
                for (int c = 0; c < p; c++) {
                    from[(t * p + r) * p + c] = (top + r) * w + left + c;
                }
            }
        }
        return images.rearranged(new int[]{tokens, p * p}, from);
    }
}
