package io.analogcomposer.engine.experiment;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to train: epochs, batch size, loss name ({@code nll}, {@code cross_entropy}, {@code mse}, {@code bce}),
 * optimizer, learning-rate schedule, and whether to reshuffle the training set every epoch.
 */
public record TrainingSpec(int epochs, int batchSize, String loss, OptimizerSpec optimizer, LrScheduleSpec lrSchedule,
        boolean shuffle) {
    /** Validates ranges. */
    public TrainingSpec {
        if (epochs < 0) {
            throw new IllegalArgumentException("training epochs must be >= 0, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("training batch_size must be >= 1, got " + batchSize);
        }
        if (loss == null || loss.isBlank()) {
            throw new IllegalArgumentException("training loss must be set");
        }
        if (optimizer == null) {
            throw new IllegalArgumentException("training optimizer must be set");
        }
        if (lrSchedule == null) {
            lrSchedule = LrScheduleSpec.constant();
        }
    }

    /** A shuffling training spec. */
    public TrainingSpec(int epochs, int batchSize, String loss, OptimizerSpec optimizer, LrScheduleSpec lrSchedule) {
        this(epochs, batchSize, loss, optimizer, lrSchedule, true);
    }

    /** JSON-ready map. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epochs", epochs);
        m.put("batch_size", batchSize);
        m.put("loss", loss);
        m.put("optimizer", optimizer.toMap());
        m.put("lr_schedule", lrSchedule.toMap());
        m.put("shuffle", shuffle);
        return m;
    }

    /** Reads the map form. */
    public static TrainingSpec fromMap(Map<String, Object> m) {
        String w = "training";
        Map<String, Object> opt = Params.getMap(m, "optimizer", w);
        if (opt == null) {
            opt = Map.of(); // the format's default optimizer
        }
        Map<String, Object> sched = Params.getMap(m, "lr_schedule", w);
        return new TrainingSpec(Params.getInt(m, "epochs", 30, w), Params.getInt(m, "batch_size", 64, w),
                Params.getString(m, "loss", "nll", w), OptimizerSpec.fromMap(opt),
                sched == null ? LrScheduleSpec.constant() : LrScheduleSpec.fromMap(sched),
                Params.getBool(m, "shuffle", true, w));
    }
}
