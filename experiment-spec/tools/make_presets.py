#!/usr/bin/env python3
"""Writes the RPU configuration presets of the catalogue as one JSON document per preset.

The values are AIHWKit's (src/aihwkit/simulator/presets/{devices,configs,compounds,inference,web}.py at
1.1.0), transcribed into our format's names. Run from the module directory:
    python3 tools/make_presets.py
The output is committed; the catalogue test checks every preset against the schema and resolves it.
"""
import json
import os

OUT = "src/main/resources/io/analogcomposer/spec/catalogue/presets"

DEVICES = {
    "ReRamES": {"type": "exp_step", "dw_min": 0.00135, "up_down": 0.259359, "w_max": 1.0, "w_min": -1.0,
                "a": -0.5, "b": -0.5, "gamma_up": 5.0, "gamma_down": 5.0, "a_up": -1.18445, "a_down": -0.081404,
                "dw_min_dtod": 0.2, "up_down_dtod": 0.05, "w_max_dtod": 0.3, "w_min_dtod": 0.3, "dw_min_std": 5.0,
                "write_noise_std": 75.0},
    "ReRamSB": {"type": "soft_bounds_reference", "dw_min": 0.002, "up_down": 0.0, "w_max": 1.25, "w_min": -0.75,
                "mult_noise": False, "dw_min_dtod": 0.3, "up_down_dtod": 0.01, "w_max_dtod": 0.24,
                "w_min_dtod": 0.4, "dw_min_std": 3.75, "write_noise_std": 56.0},
    "Capacitor": {"type": "linear_step", "dw_min": 0.005, "up_down": 0.0, "w_max": 1.0, "w_min": -1.0,
                  "mult_noise": False, "gamma_up": 0.05, "gamma_down": 0.05, "dw_min_dtod": 0.1,
                  "up_down_dtod": 0.06, "w_max_dtod": 0.07, "w_min_dtod": 0.07, "gamma_up_dtod": 0.01,
                  "gamma_down_dtod": 0.01, "dw_min_std": 0.3, "write_noise_std": 0.0, "mean_bound_reference": True,
                  "lifetime": 1.0e6, "lifetime_dtod": 0.3},
    "EcRam": {"type": "linear_step", "dw_min": 0.002, "up_down": 0.0, "w_max": 1.1724, "w_min": -0.8276,
              "mult_noise": True, "gamma_up": 0.1153, "gamma_down": 0.5085, "dw_min_dtod": 0.1,
              "up_down_dtod": 0.01, "w_max_dtod": 0.05, "w_min_dtod": 0.05, "gamma_up_dtod": 0.05,
              "gamma_down_dtod": 0.05, "dw_min_std": 0.3, "write_noise_std": 0.0, "mean_bound_reference": True},
    "EcRamMO": {"type": "linear_step", "dw_min": 2.8214e-4, "up_down": 0.0, "w_max": 1.1714, "w_min": -0.8286,
                "mult_noise": True, "gamma_up": 0.4152, "gamma_down": 0.7342, "dw_min_dtod": 0.1,
                "up_down_dtod": 0.01, "w_max_dtod": 0.05, "w_min_dtod": 0.05, "gamma_up_dtod": 0.05,
                "gamma_down_dtod": 0.05, "dw_min_std": 2.0, "write_noise_std": 0.0, "mean_bound_reference": True},
    "Idealized": {"type": "constant_step", "dw_min": 0.0002, "dw_min_dtod": 0.3, "dw_min_std": 0.3,
                  "up_down": 0.0, "up_down_dtod": 0.0, "w_max": 1.0, "w_min": -1.0, "w_max_dtod": 0.3,
                  "w_min_dtod": 0.3},
    "GokmenVlasov": {"type": "constant_step", "dw_min": 0.0016, "dw_min_dtod": 0.3, "dw_min_std": 0.3,
                     "up_down": 0.0, "up_down_dtod": 0.01, "w_max": 1.0, "w_min": -1.0, "w_max_dtod": 0.3,
                     "w_min_dtod": 0.3},
    "PCM": {"type": "exp_step", "dw_min": 0.01, "up_down": 0.0, "w_max": 2.0, "w_min": 0.0, "a": -1.0, "b": 0.0,
            "gamma_up": 2.5, "gamma_down": 2.5, "a_up": -27.235, "a_down": -2.235, "dw_min_dtod": 0.2,
            "up_down_dtod": 0.05, "w_max_dtod": 0.1, "w_min_dtod": 0.0, "dw_min_std": 0.6,
            "dw_min_std_add": 0.042, "dw_min_std_slope": 0.108, "write_noise_std": 0.0, "reset": 0.01,
            "reset_dtod": 0.02},
    "ReRamArrayOM": {"type": "soft_bounds_reference", "enforce_consistency": True, "dw_min_dtod_log_normal": True,
                     "dw_min": 0.0949, "up_down": 0.0, "w_max": 1.0, "w_min": -1.0, "mult_noise": False,
                     "dw_min_dtod": 0.7829, "up_down_dtod": 0.01, "w_max_dtod": 0.3499, "w_min_dtod": 0.5695,
                     "dw_min_std": 0.4158, "write_noise_std": 1.4113, "corrupt_devices_range": 0.01,
                     "corrupt_devices_prob": 0.0, "subtract_symmetry_point": True, "reference_std": 0.05},
    "ReRamArrayHfO2": {"type": "soft_bounds_reference", "enforce_consistency": True,
                       "dw_min_dtod_log_normal": True, "dw_min": 0.4622, "up_down": 0.0, "w_max": 1.0,
                       "w_min": -1.0, "mult_noise": False, "dw_min_dtod": 0.7125, "up_down_dtod": 0.01,
                       "w_max_dtod": 0.4295, "w_min_dtod": 0.599, "dw_min_std": 0.2174, "write_noise_std": 0.5841,
                       "corrupt_devices_range": 0.01, "corrupt_devices_prob": 0.0, "subtract_symmetry_point": True,
                       "reference_std": 0.05},
}
DEVICE_TEXT = {
    "ReRamES": "ReRAM, exponential step model fitted to measurements",
    "ReRamSB": "ReRAM, soft bounds with symmetry-point reference",
    "Capacitor": "capacitor-based cell, linear step with leakage",
    "EcRam": "ECRAM (Li-ion), linear step",
    "EcRamMO": "ECRAM (metal-oxide), linear step",
    "Idealized": "idealized device with small symmetric steps",
    "GokmenVlasov": "constant-step device of Gokmen & Vlasov 2016",
    "PCM": "PCM, exponential step, potentiation only (device pair with refresh)",
    "ReRamArrayOM": "ReRAM array (OM), soft bounds with reference",
    "ReRamArrayHfO2": "ReRAM array (HfO2), soft bounds with reference",
}

PRESET_IO = {"bound_management": "iterative", "noise_management": "abs_max", "inp_res": 1.0 / 126,
             "inp_sto_round": False, "out_bound": 20.0, "out_noise": 0.1, "out_res": 1.0 / 510,
             "w_noise": 0.0, "w_noise_type": "none"}
PRESET_UPDATE = {"desired_bl": 31, "pulse_type": "stochastic_compressed", "update_bl_management": True,
                 "update_management": True}
TRANSFER_IO = dict(PRESET_IO, noise_management="none", bound_management="none")
TRANSFER_UPDATE_BUFFERED = dict(PRESET_UPDATE, desired_bl=1, update_bl_management=False, update_management=False)

presets = []


def add(name, description, kinds, family, rpu):
    presets.append({"name": name, "version": 1, "description": description, "kinds": kinds, "family": family,
                    "rpu_config": rpu})


def pcm_unit_cell():
    return {"type": "one_sided", "unit_cell_devices": [dict(DEVICES["PCM"]), dict(DEVICES["PCM"])],
            "refresh_every": 1, "units_in_mbatch": True, "refresh_forward": dict(PRESET_IO),
            "refresh_update": dict(PRESET_UPDATE)}


def with_symmetry(device):
    d = dict(device)
    if d["type"] in ("soft_bounds_reference", "pow_step_reference"):
        d["subtract_symmetry_point"] = True
    return d


def training(rpu_type, device, update=None):
    return {"type": rpu_type, "forward": dict(PRESET_IO), "backward": dict(PRESET_IO),
            "update": dict(update or PRESET_UPDATE), "device": device}


for dev in ["ReRamES", "ReRamSB", "Capacitor", "EcRam", "EcRamMO", "Idealized", "GokmenVlasov"]:
    add(f"{dev}Preset", f"In-memory SGD on one {DEVICE_TEXT[dev]} per weight.", ["training"], "single",
        training("single", dict(DEVICES[dev])))
add("PCMPreset", f"In-memory SGD on a {DEVICE_TEXT['PCM']}.", ["training"], "single",
    training("unit_cell", pcm_unit_cell()))
for dev in ["ReRamArrayOM", "ReRamArrayHfO2"]:
    add(f"{dev}Preset", f"In-memory SGD on one {DEVICE_TEXT[dev]} per weight.", ["training"], "single",
        training("single", dict(DEVICES[dev])))

for n in (2, 4):
    for dev in ["ReRamES", "ReRamSB", "Capacitor", "EcRam", "EcRamMO", "Idealized"]:
        add(f"{dev}{n}Preset", f"In-memory SGD on {n} {DEVICE_TEXT[dev]} devices per weight, one updated at random.",
            ["training"], "vector",
            training("unit_cell", {"type": "vector", "unit_cell_devices": [dict(DEVICES[dev]) for _ in range(n)],
                                   "update_policy": "single_random"}))

TT_DEVICES = ["ReRamES", "ReRamSB", "Capacitor", "EcRam", "EcRamMO", "Idealized"]
for dev in TT_DEVICES:
    d = with_symmetry(DEVICES[dev])
    add(f"TikiTaka{dev}Preset", f"Tiki-Taka (transfer compound) on {DEVICE_TEXT[dev]} devices.", ["training"],
        "tiki_taka",
        training("unit_cell", {"type": "transfer", "unit_cell_devices": [dict(d), dict(d)],
                               "transfer_forward": dict(TRANSFER_IO), "transfer_update": dict(PRESET_UPDATE),
                               "transfer_every": 1.0, "units_in_mbatch": True}))
    chopped = {"type": "chopped_transfer", "unit_cell_devices": [dict(d), dict(d)],
               "transfer_forward": dict(TRANSFER_IO), "transfer_update": dict(TRANSFER_UPDATE_BUFFERED),
               "units_in_mbatch": False, "fast_lr": 0.5, "auto_scale": True, "auto_granularity": 1000.0}
    add(f"TTv2{dev}Preset", f"TTv2 (buffered transfer) on {DEVICE_TEXT[dev]} devices.", ["training"], "ttv2",
        training("unit_cell", dict(chopped, in_chop_prob=0.0)))
    add(f"ChoppedTTv2{dev}Preset", f"c-TTv2 (chopped buffered transfer) on {DEVICE_TEXT[dev]} devices.",
        ["training"], "chopped_ttv2", training("unit_cell", dict(chopped, in_chop_prob=0.01)))
    add(f"AGAD{dev}Preset", f"AGAD (dynamic transfer) on {DEVICE_TEXT[dev]} devices.", ["training"], "agad",
        training("unit_cell", {"type": "dynamic_transfer", "unit_cell_devices": [dict(d), dict(d)],
                               "transfer_forward": dict(TRANSFER_IO),
                               "transfer_update": dict(TRANSFER_UPDATE_BUFFERED), "fast_lr": 0.5,
                               "auto_granularity": 1000.0, "tail_weightening": 5.0, "in_chop_prob": 0.02}))

for dev in ["ReRamES", "ReRamSB", "Capacitor", "EcRam", "EcRamMO", "Idealized", "GokmenVlasov"]:
    add(f"MixedPrecision{dev}Preset", f"Mixed precision: digital gradient accumulation, thresholded pulses on a {DEVICE_TEXT[dev]}.",
        ["training"], "mixed_precision",
        training("unit_cell", {"type": "mixed_precision", "device": dict(DEVICES[dev])}))
add("MixedPrecisionPCMPreset", f"Mixed precision on a {DEVICE_TEXT['PCM']}.", ["training"], "mixed_precision",
    training("unit_cell", {"type": "mixed_precision", "device": pcm_unit_cell()}))

WEB_IO = {"bound_management": "iterative", "noise_management": "abs_max", "inp_res": 1.0 / 126,
          "inp_sto_round": False, "out_bound": 20.0, "out_noise": 0.1, "out_res": 1.0 / 510, "w_noise": 0.0,
          "w_noise_type": "none"}
web = {"type": "inference", "forward": WEB_IO, "noise_model": {"type": "pcm_like"},
       "drift_compensation": {"type": "global"}, "clip": {"type": "fixed_value", "fixed_value": 1.0},
       "modifier": {"type": "add_normal", "std_dev": 0.1},
       "mapping": {"digital_bias": True, "weight_scaling_omega": 1.0, "weight_scaling_columnwise": True,
                   "learn_out_scaling": True, "out_scaling_columnwise": False, "max_input_size": 512,
                   "max_output_size": 512}}
INF = ["training", "inference", "hardware_inference"]
add("InferenceRPUConfig", "AIHWKit's default inference configuration: default IO, PCM-like noise, global drift compensation.",
    INF, "inference", {"type": "inference", "noise_model": {"type": "pcm_like"}, "drift_compensation": {"type": "global"}})
add("WebComposerInferenceRPUConfig",
    "The composer's inference preset: 7-bit DAC, 9-bit ADC, out_noise 0.1, out_bound 20, add-normal 0.1 modifier, fixed clip 1.0, digital bias, column-wise learned scales, 512x512 tiles, PCM-like noise, global drift compensation.",
    INF, "inference", web)
old = json.loads(json.dumps(web))
old["mapping"] = {"digital_bias": False, "weight_scaling_omega": 1.0, "weight_scaling_columnwise": True,
                  "learn_out_scaling": False, "out_scaling_columnwise": False, "max_input_size": 0,
                  "max_output_size": 0}
add("OldWebComposerInferenceRPUConfig", "The composer's older inference preset: as the web preset, with analog bias and no tiling.",
    INF, "inference", old)
add("StandardHWATrainingPreset",
    "AIHWKit's standard hardware-aware training preset (Rasch et al. 2023): 8-bit DAC/ADC, PCM read noise, IR drop, channel-wise remapping, learned input ranges.",
    INF, "inference",
    {"type": "inference",
     "mapping": {"weight_scaling_omega": 1.0, "weight_scaling_columnwise": True, "max_input_size": 512,
                 "max_output_size": 0, "digital_bias": True, "learn_out_scaling": True, "out_scaling_columnwise": True},
     "forward": dict(PRESET_IO, inp_res=1.0 / 254, out_res=1.0 / 254, bound_management="none",
                     noise_management="constant", nm_thres=1.0, w_noise=0.0175, w_noise_type="pcm_read",
                     ir_drop=1.0, out_noise=0.04, out_bound=10.0),
     "remap": {"remapped_wmax": 1.0, "type": "channelwise_symmetric"},
     "noise_model": {"type": "pcm_like"}, "drift_compensation": {"type": "global"},
     "pre_post": {"input_range": {"enable": True, "init_value": 3.0, "init_from_data": 100, "init_std_alpha": 3.0,
                                  "decay": 0.001, "input_min_percentage": 0.95, "output_min_percentage": 0.95,
                                  "manage_output_clipping": False, "gradient_scale": 1.0, "gradient_relative": True}},
     "clip": {"type": "fixed_value", "fixed_value": 1.0}})
add("FloatingPointPreset", "Floating-point baseline: no noise, no quantization, no tiling.", ["training", "inference"], "floating_point",
    {"type": "floating_point", "mapping": {"max_input_size": 0, "max_output_size": 0}})

os.makedirs(OUT, exist_ok=True)
for p in presets:
    with open(os.path.join(OUT, p["name"] + ".json"), "w") as f:
        json.dump(p, f, indent=2)
        f.write("\n")
with open(os.path.join(OUT, "index.json"), "w") as f:
    json.dump([p["name"] for p in presets], f, indent=1)
    f.write("\n")
print(len(presets), "presets")
