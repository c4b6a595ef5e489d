package io.analogcomposer.spec.rpu;

import io.analogcomposer.spec.meta.Param;
import java.util.List;

/**
 * A pulsed device model or a compound of devices, tagged by {@code type}. One record carries the fields of
 * every type; {@link Param#appliesTo()} says which type has which field, and the schema rejects a field on a
 * type that does not have it. Defaults are AIHWKit's (including its per-class overrides).
 */
public record Device(
        @Param(doc = "Device model or compound.", required = true) DeviceType type,
        @Param(doc = "Seed of the device-to-device variations (0 = derived from the run's seed).", def = "0", min = 0, max = 2147483647) Integer constructionSeed,
        // Every pulsed device (PulsedDevice).
        @Param(doc = "Probability that a device is corrupt (stuck) at construction.", def = "0.0", min = 0, max = 1, appliesTo = "@pulsed") Double corruptDevicesProb,
        @Param(doc = "Range of the stuck weights of corrupt devices.", def = "0.1", min = 0, max = 10, appliesTo = "@pulsed") Double corruptDevicesRange,
        @Param(doc = "Standard deviation of the weight diffusion applied after each mini-batch.", def = "0.0", min = 0, max = 1, appliesTo = {
                "@pulsed", "ideal"}) Double diffusion,
        @Param(doc = "Device-to-device variation of the diffusion.", def = "0.0", min = 0, max = 10, appliesTo = "@pulsed") Double diffusionDtod,
        @Param(doc = "Mean step size of one pulse (in weight units).", def = "0.001", min = 0, exclusiveMin = true, max = 1, appliesTo = "@pulsed") Double dwMin,
        @Param(doc = "Device-to-device variation of dw_min (relative).", def = "0.3", min = 0, max = 10, appliesTo = "@pulsed") Double dwMinDtod,
        @Param(doc = "Draw the dw_min variation from a log-normal instead of a normal distribution.", def = "false", appliesTo = "@pulsed") Boolean dwMinDtodLogNormal,
        @Param(doc = "Cycle-to-cycle variation of the step size (relative to dw_min).", def = "0.3", min = 0, max = 10, appliesTo = "@pulsed") Double dwMinStd,
        @Param(doc = "Redraw device parameters until bounds and step sizes are consistent.", def = "true", appliesTo = "@pulsed") Boolean enforceConsistency,
        @Param(doc = "Decay time constant of the weights in mini-batches (0 = no decay).", def = "0.0", min = 0, max = 1e9, appliesTo = {
                "@pulsed", "ideal"}) Double lifetime,
        @Param(doc = "Device-to-device variation of the lifetime.", def = "0.0", min = 0, max = 10, appliesTo = "@pulsed") Double lifetimeDtod,
        @Param(doc = "Make the analog bias column perfect.", def = "false", appliesTo = "@pulsed") Boolean perfectBias,
        @Param(doc = "Mean weight value after a reset.", def = "0.0", min = -1, max = 1, appliesTo = "@pulsed") Double reset,
        @Param(doc = "Device-to-device variation of the reset value.", def = "0.0", min = 0, max = 10, appliesTo = "@pulsed") Double resetDtod,
        @Param(doc = "Cycle-to-cycle variation of the reset value.", def = "0.01", min = 0, max = 10, appliesTo = {
                "@pulsed", "ideal"}) Double resetStd,
        @Param(doc = "Asymmetry between up and down steps: up = dw_min (1 + up_down), down = dw_min (1 - up_down).", def = "0.0", min = -1, max = 1, appliesTo = "@pulsed") Double upDown,
        @Param(doc = "Device-to-device variation of up_down.", def = "0.01", min = 0, max = 10, appliesTo = "@pulsed") Double upDownDtod,
        @Param(doc = "Upper weight bound of the device.", def = "0.6", min = 0, max = 100, appliesTo = "@pulsed") Double wMax,
        @Param(doc = "Device-to-device variation of w_max (relative).", def = "0.3", min = 0, max = 10, appliesTo = "@pulsed") Double wMaxDtod,
        @Param(doc = "Lower weight bound of the device.", def = "-0.6", min = -100, max = 0, appliesTo = "@pulsed") Double wMin,
        @Param(doc = "Device-to-device variation of w_min (relative).", def = "0.3", min = 0, max = 10, appliesTo = "@pulsed") Double wMinDtod,
        @Param(doc = "Count the pulses (for statistics; slows training).", def = "false", appliesTo = "@pulsed") Boolean countPulses,
        // Write noise and reversibility (linear step, soft bounds, exp/pow/piecewise step).
        @Param(doc = "Scale the noise with the step size (multiplicative) instead of additively.", def = "true", defFor = "soft_bounds_reference=false", appliesTo = "@reversible") Boolean multNoise,
        @Param(doc = "Standard deviation of the write noise added to the weight after each update (in units of dw_min).", def = "0.0", min = 0, max = 100, appliesTo = "@write_noise") Double writeNoiseStd,
        @Param(doc = "Also apply the write noise when a weight is set directly.", def = "true", appliesTo = "@write_noise") Boolean applyWriteNoiseOnSet,
        @Param(doc = "Reverse the up direction when the weight is above the reverse offset.", def = "false", appliesTo = "@reversible") Boolean reverseUp,
        @Param(doc = "Reverse the down direction when the weight is below the reverse offset.", def = "false", appliesTo = "@reversible") Boolean reverseDown,
        @Param(doc = "Offset of the reversal point.", def = "0.01", min = -1, max = 1, appliesTo = "@reversible") Double reverseOffset,
        // Linear and exponential step.
        @Param(doc = "Slope of the up step versus the weight (linear_step) or exponent of the up step (exp_step).", def = "0.0", defFor = "exp_step=12.44625", min = -1000, max = 1000, appliesTo = {
                "linear_step", "exp_step"}) Double gammaUp,
        @Param(doc = "Slope of the down step versus the weight (linear_step) or exponent of the down step (exp_step).", def = "0.0", defFor = "exp_step=12.78785", min = -1000, max = 1000, appliesTo = {
                "linear_step", "exp_step"}) Double gammaDown,
        @Param(doc = "Device-to-device variation of gamma_up.", def = "0.05", min = 0, max = 10, appliesTo = "linear_step") Double gammaUpDtod,
        @Param(doc = "Device-to-device variation of gamma_down.", def = "0.05", min = 0, max = 10, appliesTo = "linear_step") Double gammaDownDtod,
        @Param(doc = "Allow steps that grow with the weight.", def = "false", appliesTo = "linear_step") Boolean allowIncreasing,
        @Param(doc = "Use the mean bounds (not the device's own) as reference of the linear slope.", def = "true", appliesTo = "linear_step") Boolean meanBoundReference,
        // Soft bounds with p_max.
        @Param(doc = "Number of pulses to go from range_min to range_max.", def = "1000", min = 1, max = 10000000, appliesTo = "soft_bounds_pmax") Integer pMax,
        @Param(doc = "Step size at the symmetry point (soft_bounds_pmax).", def = "0.0005", min = 0, exclusiveMin = true, max = 1, appliesTo = "soft_bounds_pmax") Double alpha,
        @Param(doc = "Lower end of the conductance range.", def = "-1.0", min = -100, max = 100, appliesTo = "soft_bounds_pmax") Double rangeMin,
        @Param(doc = "Upper end of the conductance range.", def = "1.0", min = -100, max = 100, appliesTo = "soft_bounds_pmax") Double rangeMax,
        // Reference devices.
        @Param(doc = "Device-to-device variation of the up slope.", def = "0.0", min = 0, max = 10, appliesTo = "soft_bounds_reference") Double slopeUpDtod,
        @Param(doc = "Device-to-device variation of the down slope.", def = "0.0", min = 0, max = 10, appliesTo = "soft_bounds_reference") Double slopeDownDtod,
        @Param(doc = "Mean of the reference device's weight.", def = "0.0", min = -10, max = 10, appliesTo = "@reference") Double referenceMean,
        @Param(doc = "Device-to-device variation of the reference.", def = "0.0", min = 0, max = 10, appliesTo = "@reference") Double referenceStd,
        @Param(doc = "Set the reference to the device's symmetry point.", def = "false", appliesTo = "@reference") Boolean subtractSymmetryPoint,
        @Param(doc = "Pulses used to estimate the symmetry point (-1 = automatic).", def = "-1", min = -1, max = 1000000, appliesTo = "pow_step_reference") Integer nEstimationSteps,
        // Exponential step.
        @Param(doc = "Amplitude of the up step (exp_step).", def = "0.00081", min = -1000, max = 1000, appliesTo = "exp_step") Double aUp,
        @Param(doc = "Amplitude of the down step (exp_step).", def = "0.36833", min = -1000, max = 1000, appliesTo = "exp_step") Double aDown,
        @Param(doc = "Offset a of the exp_step model.", def = "0.244", min = -100, max = 100, appliesTo = "exp_step") Double a,
        @Param(doc = "Offset b of the exp_step model.", def = "0.2425", min = -100, max = 100, appliesTo = "exp_step") Double b,
        @Param(doc = "Additive cycle-to-cycle variation of the step (exp_step).", def = "0.0", min = 0, max = 10, appliesTo = "exp_step") Double dwMinStdAdd,
        @Param(doc = "Slope of the step variation versus the weight (exp_step).", def = "0.0", min = -100, max = 100, appliesTo = "exp_step") Double dwMinStdSlope,
        // Power step.
        @Param(doc = "Exponent of the power-law step.", def = "1.0", min = 0, max = 100, appliesTo = "@pow") Double powGamma,
        @Param(doc = "Device-to-device variation of pow_gamma.", def = "0.1", min = 0, max = 10, appliesTo = "@pow") Double powGammaDtod,
        @Param(doc = "Asymmetry of the power-law step between up and down.", def = "0.0", min = -1, max = 1, appliesTo = "@pow") Double powUpDown,
        @Param(doc = "Device-to-device variation of pow_up_down.", def = "0.0", min = 0, max = 10, appliesTo = "@pow") Double powUpDownDtod,
        // Piecewise step.
        @Param(doc = "Relative up step sizes at equally spaced weights from w_min to w_max.", def = "[1.0]", min = 0, max = 1000, minItems = 1, maxItems = 1000, appliesTo = "piecewise_step") List<Double> piecewiseUp,
        @Param(doc = "Relative down step sizes at equally spaced weights from w_min to w_max.", def = "[1.0]", min = 0, max = 1000, minItems = 1, maxItems = 1000, appliesTo = "piecewise_step") List<Double> piecewiseDown,
        // Compounds.
        @Param(doc = "The devices of the unit cell (fast device first for the transfer family).", minItems = 1, maxItems = 8, appliesTo = {
                "@vector", "one_sided",
                "@transfer"}, requiredFor = {"@vector", "one_sided", "@transfer"}) List<Device> unitCellDevices,
        @Param(doc = "Which devices of a vector unit cell receive each update.", def = "\"all\"", defFor = "reference=\"single_fixed\"", appliesTo = "@vector") VectorUpdatePolicy updatePolicy,
        @Param(doc = "Index of the first device updated.", def = "0", min = 0, max = 7, appliesTo = "@vector") Integer firstUpdateIdx,
        @Param(doc = "Weights of the devices when summed to the effective weight (empty = all 1, or gamma for transfer).", min = -1000, max = 1000, maxItems = 8, appliesTo = {
                "@vector", "@transfer"}) List<Double> gammaVec,
        @Param(doc = "Refresh the one-sided pair every this many updates (0 = never).", def = "0", min = 0, max = 1000000, appliesTo = "one_sided") Integer refreshEvery,
        @Param(doc = "Count refresh_every and transfer_every in mini-batches instead of samples.", def = "true", defFor = {
                "chopped_transfer=false",
                "dynamic_transfer=false"}, appliesTo = {"one_sided", "@transfer"}) Boolean unitsInMbatch,
        @Param(doc = "Refresh when a device is above this fraction of its range.", def = "0.75", min = 0, max = 1, appliesTo = "one_sided") Double refreshUpperThres,
        @Param(doc = "Refresh when a device is below this fraction of its range.", def = "0.25", min = 0, max = 1, appliesTo = "one_sided") Double refreshLowerThres,
        @Param(doc = "Forward IO used to read the devices during a refresh.", def = "{}", appliesTo = "one_sided") IOParameters refreshForward,
        @Param(doc = "Update used to write the devices during a refresh.", def = "{}", appliesTo = "one_sided") UpdateParameters refreshUpdate,
        @Param(doc = "Copy the inverted weight to the other device on refresh.", def = "false", appliesTo = "one_sided") Boolean copyInverted,
        // Transfer family.
        @Param(doc = "Weight of the fast device in the effective weight (Tiki-Taka gamma).", def = "0.0", min = 0, max = 1, appliesTo = "@transfer") Double gamma,
        @Param(doc = "Transfer every this many updates (mini-batches or samples, see units_in_mbatch).", def = "1.0", min = 0, max = 1000000, appliesTo = {
                "@transfer", "mixed_precision"}) Double transferEvery,
        @Param(doc = "Do not transfer the last device onto itself.", def = "true", appliesTo = "@transfer") Boolean noSelfTransfer,
        @Param(doc = "Number of reads per transfer.", def = "1", min = 1, max = 1000, appliesTo = "@transfer") Integer nReadsPerTransfer,
        @Param(doc = "Transfer column-wise (otherwise row-wise).", def = "true", appliesTo = "@transfer") Boolean transferColumns,
        @Param(doc = "Probability of resetting the fast device after a transfer.", def = "0.0", min = 0, max = 1, appliesTo = "@transfer") Double withResetProb,
        @Param(doc = "Pick the transferred column at random.", def = "false", appliesTo = "@transfer") Boolean randomSelection,
        @Param(doc = "Learning rate of the gradient pulses onto the fast device: constant, whatever the optimizer's rate (0 = the optimizer's rate).", def = "1.0", min = 0, max = 1000, appliesTo = "@transfer") Double fastLr,
        @Param(doc = "Learning rate of the transfer (or of the mixed-precision pulses).", def = "1.0", min = 0, max = 1000, appliesTo = {
                "@transfer", "mixed_precision"}) Double transferLr,
        @Param(doc = "Scale the transfer learning rate with the optimizer's learning rate.", def = "true", appliesTo = "@transfer") Boolean scaleTransferLr,
        @Param(doc = "Multiply fast_lr by the optimizer's learning rate (off in AIHWKit 1.0.0, which keeps fast_lr constant).", def = "false", appliesTo = "@transfer") Boolean scaleFastLr,
        @Param(doc = "Forward IO used to read the fast device during a transfer.", def = "{}", appliesTo = "@transfer") IOParameters transferForward,
        @Param(doc = "Update used to write the slow device during a transfer.", def = "{}", defFor = {
                "buffered_transfer={\"desired_bl\": 1, \"update_bl_management\": false, \"update_management\": false}",
                "chopped_transfer={\"desired_bl\": 1, \"update_bl_management\": false, \"update_management\": false}",
                "dynamic_transfer={\"desired_bl\": 1, \"update_bl_management\": false, \"update_management\": false}"}, appliesTo = "@transfer") UpdateParameters transferUpdate,
        @Param(doc = "Threshold scale of the buffer (TTv2).", def = "1.0", min = 0, max = 1000, appliesTo = "buffered_transfer") Double thresScale,
        @Param(doc = "Value written per transfer pulse, relative to the granularity.", def = "1.0", min = 0, max = 1000, appliesTo = "@buffered") Double step,
        @Param(doc = "Momentum of the buffer.", def = "0.1", defFor = {"chopped_transfer=0.0",
                "dynamic_transfer=0.0"}, min = 0, max = 1, appliesTo = "@buffered") Double momentum,
        @Param(doc = "Forget the buffer after a transfer.", def = "true", appliesTo = "@buffered") Boolean forgetBuffer,
        @Param(doc = "Probability of switching the input chopper.", def = "0.1", min = 0, max = 1, appliesTo = "@chopped") Double inChopProb,
        @Param(doc = "Switch the input chopper at random instead of periodically.", def = "true", defFor = "dynamic_transfer=false", appliesTo = "@chopped") Boolean inChopRandom,
        @Param(doc = "Probability of switching the output chopper.", def = "0.0", min = 0, max = 1, appliesTo = "@chopped") Double outChopProb,
        @Param(doc = "Granularity of the buffer relative to dw_min.", def = "1.0", min = 0, max = 1000, appliesTo = "@chopped") Double bufferGranularity,
        @Param(doc = "Adapt the granularity automatically over this many updates (0 = off).", def = "0.0", min = 0, max = 1e9, appliesTo = "@chopped") Double autoGranularity,
        @Param(doc = "Transfer directly without a buffer.", def = "false", appliesTo = "chopped_transfer") Boolean noBuffer,
        @Param(doc = "Scale the transfer automatically by the running gradient magnitude.", def = "false", appliesTo = "chopped_transfer") Boolean autoScale,
        @Param(doc = "Momentum of the running gradient magnitude of auto_scale.", def = "0.99", min = 0, max = 1, appliesTo = "chopped_transfer") Double autoMomentum,
        @Param(doc = "Correct the gradient magnitudes for the chopper.", def = "false", appliesTo = "chopped_transfer") Boolean correctGradientMagnitudes,
        @Param(doc = "Experimental correction of the accumulation (AGAD).", def = "false", appliesTo = "dynamic_transfer") Boolean experimentalCorrectAccumulation,
        @Param(doc = "Cap of the buffer in units of the granularity (0 = none).", def = "0.0", min = 0, max = 1e6, appliesTo = "dynamic_transfer") Double bufferCap,
        @Param(doc = "Weighting of the tail of the reference estimate (AGAD).", def = "5.0", min = 0, max = 1000, appliesTo = "dynamic_transfer") Double tailWeightening,
        // Mixed precision.
        @Param(doc = "The analog device updated by the thresholded pulses (mixed precision).", appliesTo = "mixed_precision", requiredFor = "mixed_precision") Device device,
        @Param(doc = "Number of rows transferred per transfer (-1 = all).", def = "-1", min = -1, max = 65536, appliesTo = "mixed_precision") Integer nRowsPerTransfer,
        @Param(doc = "Start transferring at a random row.", def = "false", appliesTo = "mixed_precision") Boolean randomRow,
        @Param(doc = "Granularity of the digital accumulator (0 = dw_min of the device).", def = "0.0", min = 0, max = 1, appliesTo = "mixed_precision") Double granularity,
        @Param(doc = "Number of bins to quantize x (0 = none).", def = "0", min = 0, max = 65536, appliesTo = "mixed_precision") Integer nXBins,
        @Param(doc = "Number of bins to quantize d (0 = none).", def = "0", min = 0, max = 65536, appliesTo = "mixed_precision") Integer nDBins,
        @Param(doc = "Round x stochastically when quantizing.", def = "true", appliesTo = "mixed_precision") Boolean stocRoundX,
        @Param(doc = "Round d stochastically when quantizing.", def = "true", appliesTo = "mixed_precision") Boolean stocRoundD){
}
