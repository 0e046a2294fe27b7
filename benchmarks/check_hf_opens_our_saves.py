"""Opens every checkpoint ResaveFixtures saved with HF transformers' from_pretrained and checks its
outputs against the HF fixtures (what HF computed from the original checkpoints).

Usage: python check_hf_opens_our_saves.py FIXTURES_DIR RESAVED_DIR
"""
import json
import sys

import torch
import transformers
from safetensors.torch import load_file

fixtures, resaved = sys.argv[1], sys.argv[2]
manifest = json.load(open(f"{fixtures}/manifest.json"))
worst = 0.0
for case in manifest["cases"]:
    if "kind" in case:
        continue
    name = case["name"]
    cls = getattr(transformers, case["hf_class"])
    model, info = cls.from_pretrained(f"{resaved}/{name}", output_loading_info=True)
    model.eval()
    problems = {k: v for k, v in info.items() if v}
    t = load_file(f"{fixtures}/{name}/case.safetensors")
    inputs = {k[len("input."):]: v for k, v in t.items() if k.startswith("input.")}
    with torch.no_grad():
        out = model(**inputs, output_hidden_states=True)
    diffs = []
    for key in case["expected"]:
        exp = t["expected." + key]
        got = out.hidden_states[int(key.split(".")[1])] if key.startswith("hidden_states.") else getattr(out, key)
        diffs.append((got - exp).abs().max().item())
    worst = max(worst, max(diffs))
    print(f"{name:22s} {case['hf_class']:32s} loading issues={problems or 'none'} max diff={max(diffs):.2e}")
print(f"worst difference over all cases: {worst:.2e}")
