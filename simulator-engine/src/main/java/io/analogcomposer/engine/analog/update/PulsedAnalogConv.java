package io.analogcomposer.engine.analog.update;

import io.analogcomposer.engine.backend.ComputeBackend;
import io.analogcomposer.engine.nn.ConvRows;
import io.analogcomposer.engine.nn.Module;
import io.analogcomposer.engine.nn.Parameter;
import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.ConvGeometry;
import io.analogcomposer.engine.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * A convolution trained in analog memory (AIHWKit's {@code AnalogConv1d/2d} with a training RPU config, groups 1):
 * the kernel is a {@code [out_channels, C·kh·kw]} crossbar ({@link PulsedAnalogLinear}); every output position's
 * receptive field is one MVM input, and the in-memory update takes all positions of all images as its samples, as
 * AIHWKit's unfolded convolution tiles do. 1-D convolutions are 2-D ones over a height-1 image.
 */
public final class PulsedAnalogConv extends Module {
    private final boolean oneD;
    private final int inC, outC, kh, kw, sh, sw, ph, pw, dh, dw;
    private final PulsedAnalogLinear crossbar;
    private ConvGeometry geom;
    private final ConvRows conv = new ConvRows();
    private final PatchRowSource updateRows = new PatchRowSource();
    private Tensor output, gradInput;
    private int batch;

    /** A 2-D convolution with PyTorch's initial weight range {@code U(-1/sqrt(C kh kw), ...)}. */
    public PulsedAnalogConv(int inChannels, int outChannels, int kernelH, int kernelW, int strideH, int strideW,
            int padH, int padW, int dilH, int dilW, boolean bias, TrainingRpuConfig config, int maxInputSize,
            int maxOutputSize, Rng rng) {
        this(false, inChannels, outChannels, kernelH, kernelW, strideH, strideW, padH, padW, dilH, dilW, bias, config,
                maxInputSize, maxOutputSize, rng);
    }

    /** A 1-D convolution along the length axis. */
    public static PulsedAnalogConv oneD(int inChannels, int outChannels, int kernel, int stride, int padding,
            int dilation, boolean bias, TrainingRpuConfig config, int maxInputSize, int maxOutputSize, Rng rng) {
        return new PulsedAnalogConv(true, inChannels, outChannels, 1, kernel, 1, stride, 0, padding, 1, dilation,
                bias, config, maxInputSize, maxOutputSize, rng);
    }

    private PulsedAnalogConv(boolean oneD, int inChannels, int outChannels, int kernelH, int kernelW, int strideH,
            int strideW, int padH, int padW, int dilH, int dilW, boolean bias, TrainingRpuConfig config,
            int maxInputSize, int maxOutputSize, Rng rng) {
        if (inChannels < 1 || outChannels < 1 || kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1
                || padH < 0 || padW < 0 || dilH < 1 || dilW < 1) {
            throw new IllegalArgumentException(type(oneD) + " needs channels, kernel, stride, dilation >= 1 and "
                    + "padding >= 0");
        }
        this.oneD = oneD;
        this.inC = inChannels;
        this.outC = outChannels;
        this.kh = kernelH;
        this.kw = kernelW;
        this.sh = strideH;
        this.sw = strideW;
        this.ph = padH;
        this.pw = padW;
        this.dh = dilH;
        this.dw = dilW;
        this.crossbar = new PulsedAnalogLinear(inChannels * kernelH * kernelW, outChannels, bias, config,
                maxInputSize, maxOutputSize, rng);
        crossbar.updateRowsFrom(updateRows);
    }

    private static String type(boolean oneD) {
        return oneD ? "analog_conv1d" : "analog_conv2d";
    }

    /** The kernel's crossbar (its update is applied by {@link AnalogSgd}). */
    public PulsedAnalogLinear crossbar() {
        return crossbar;
    }

    @Override
    public String type() {
        return type(oneD);
    }

    private int[] image(int[] s) {
        if (oneD) {
            if (s.length != 2 || s[0] != inC) {
                throw new IllegalArgumentException(
                        "analog_conv1d expects input shape [" + inC + ", L], got " + Arrays.toString(s));
            }
            return new int[]{inC, 1, s[1]};
        }
        if (s.length != 3 || s[0] != inC) {
            throw new IllegalArgumentException(
                    "analog_conv2d expects input shape [" + inC + ", H, W], got " + Arrays.toString(s));
        }
        return s;
    }

    @Override
    public int[] outputShape(int[] s) {
        int[] img = image(s);
        ConvGeometry g = new ConvGeometry(inC, img[1], img[2], kh, kw, sh, sw, ph, pw, dh, dw);
        if (g.outH() < 1 || g.outW() < 1) {
            throw new IllegalArgumentException(type() + ": the kernel does not fit the input " + Arrays.toString(s));
        }
        return oneD ? new int[]{outC, g.outW()} : new int[]{outC, g.outH(), g.outW()};
    }

    @Override
    public Tensor forward(Tensor x) {
        int[] sample = Arrays.copyOfRange(x.shape(), 1, x.rank());
        int[] img = image(sample);
        batch = x.dim(0);
        if (geom == null || geom.height() != img[1] || geom.width() != img[2]) {
            geom = new ConvGeometry(inC, img[1], img[2], kh, kw, sh, sw, ph, pw, dh, dw);
        }
        int p = geom.outH() * geom.outW(), n = batch * p, k = geom.patchSize();
        // the update gathers its rows again from a copy of the images (PatchRowSource), so the rows live only for
        // this multiplication (they were kept per layer until the optimizer step, 480 MB on VGG8 at batch 128), and
        // they are gathered and multiplied a block of images at a time: one block-sized array per thread serves all
        // convolutions (all rows of VGG8's second layer were 226 MB). Only a training forward is the update's.
        PatchRowSource source = updateRows;
        if (training) {
            updateRows.keep(geom, x.data(), batch);
        } else {
            source = new PatchRowSource();
            source.view(geom, x.data(), batch);
        }
        output = oneD
                ? Tensor.ensure(output, batch, outC, geom.outW())
                : Tensor.ensure(output, batch, outC, geom.outH(), geom.outW());
        int images = blockImages(p);
        float[] rows = PATCH_SCRATCH.get(Math.min(batch, images) * p * k);
        float[] y = ROW_SCRATCH.get(Math.min(batch, images) * p * outC);
        for (int b0 = 0; b0 < batch; b0 += images) {
            int nb = Math.min(images, batch - b0), r = nb * p;
            source.fill(b0 * p, b0 * p + r, 0, k, rows);
            crossbar.forwardBlock(rows, r, y);
            ConvRows.rowsToChannels(y, nb, p, outC, output.data(), b0);
        }
        return output;
    }

    @Override
    public Tensor backward(Tensor dy) {
        int p = geom.outH() * geom.outW(), n = batch * p;
        if (dy.size() != batch * outC * p) {
            throw new IllegalArgumentException(
                    type() + " backward expects " + output.shapeString() + ", got " + dy.shapeString());
        }
        float[] dyRows = conv.channelsToRows(dy.data(), batch, p, outC);
        // dyRows is this layer's own buffer, rewritten only by its next backward: the update may read it in place
        crossbar.keepGradient(dyRows, n);
        if (!needsInputGrad) {
            return null;
        }
        gradInput = oneD
                ? Tensor.ensure(gradInput, batch, inC, geom.width())
                : Tensor.ensure(gradInput, batch, inC, geom.height(), geom.width());
        // the row gradients, as large as the patch rows, a block of images at a time in the patch rows' scratch
        int images = blockImages(p);
        float[] dRows = PATCH_SCRATCH.get(Math.min(batch, images) * p * geom.patchSize());
        for (int b0 = 0; b0 < batch; b0 += images) {
            int nb = Math.min(images, batch - b0);
            crossbar.inputGradientBlock(b0 * p, nb * p, dRows);
            conv.rowsToImages(geom, dRows, b0, nb, gradInput.data());
        }
        return gradInput;
    }

    /**
     * Patch rows per block of the forward and backward passes: each block is one call of the crossbar's MVMs (a new
     * draw of their noise streams, the same distribution), small enough that its rows stay a few MB.
     */
    static final int BLOCK_ROWS = 8192;

    /** Whole images per block: {@link #BLOCK_ROWS} rows, at least one image. */
    static int blockImages(int positions) {
        return Math.max(1, BLOCK_ROWS / positions);
    }

    /**
     * The patch rows (forward) and their gradients (backward), which live only until the crossbar has multiplied them
     * or this layer has scattered them into its input gradient: the convolutions one thread runs share one array, the
     * largest layer's.
     */
    private static final SharedScratch PATCH_SCRATCH = new SharedScratch();
    /** The crossbar's row outputs, which live only until this layer has reordered them into channels. */
    private static final SharedScratch ROW_SCRATCH = new SharedScratch();

    @Override
    public List<Parameter> parameters() {
        return crossbar.parameters();
    }

    @Override
    public void train(boolean on) {
        super.train(on);
        crossbar.train(on);
    }

    @Override
    public void setBackend(ComputeBackend b) {
        super.setBackend(b);
        crossbar.setBackend(b);
    }

    @Override
    public void setNeedsInputGrad(boolean needed) {
        super.setNeedsInputGrad(needed);
        crossbar.setNeedsInputGrad(needed);
    }

    @Override
    public void visitTrainingState(io.analogcomposer.engine.resume.StateRegistry registry) {
        crossbar.visitTrainingState(registry.within("crossbar."));
    }
}
