/**
 * The chip side of hardware inference, independent of the worker runtime and of the engine: placing a model's
 * weight matrices on chip addresses ({@link io.analogcomposer.worker.hardware.chip.ChipPlacer}, refusing models
 * that do not fit with the numbers), converting weights to Fusion conductances and back
 * ({@link io.analogcomposer.worker.hardware.chip.FusionConductanceConverter}, g_max 10..40 µS), and programming and
 * reading them through the pcm-chip client ({@link io.analogcomposer.worker.hardware.chip.ChipSession}, with
 * retries while the chip controller is away). A Fusion CSV of the user's own conductances is programmed by
 * {@link io.analogcomposer.worker.hardware.chip.FusionCsvProgramming}.
 *
 * <p>
 * The job handler uses it as: {@code ChipSession.open(client, ChipRetry.DEFAULT)}, {@code place(shapes, excluded,
 * first)}, {@code programWeights(placement, weights, converter, algorithm, progress)}, {@code readWeights(model,
 * reads)} (again later to measure drift), then runs the engine on {@code Measurement.weights()} and reports
 * {@link io.analogcomposer.worker.hardware.chip.HardwareProgrammingReport}.
 */
package io.analogcomposer.worker.hardware.chip;
